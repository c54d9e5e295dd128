"""The task of a commitment: the short phrase naming what is done or counted.

    >>> task_for_quantity("确保全年完成366个老旧小区改造任务", 7, 11, [], [(2, 4)])
    '完成老旧小区改造'

The phrase is the clause's words before the number (its verb and object) and after the
unit (the thing counted), without deadline words, commitment cues, the responsible body,
qualifiers (超, 不少于, 以上) and lists of examples (建成A、B等5座...).
"""

from __future__ import annotations

import re

from tracker.extract.lexicon import lexicon

_PUNCT = re.compile(r"[“”\"‘’「」『』《》【】、，,：:；;。·\s]")
_PAREN = re.compile(r"[（(][^（）()]*[)）]")
_LEAD = re.compile(r"^(?:和|及|以及|并|与|同时|其中|尤其是|特别是|另外|此外)+")
_TRAILING = re.compile(r"(?:的)?(?:任务|工作)$")
_AFTER_CUT = re.compile(r"[，,；;。]|及(?!时)|以及|和(?![谐睦美])|与|并|、")


def _remove_spans(text: str, spans: list[tuple[int, int]], offset: int = 0) -> str:
    out, pos = [], 0
    for a, b in sorted(spans):
        a, b = a - offset, b - offset
        if b <= 0 or a >= len(text):
            continue
        a, b = max(a, 0), min(b, len(text))
        if a > pos:
            out.append(text[pos:a])
        pos = max(pos, b)
    out.append(text[pos:])
    return "".join(out)


def _drop_examples(text: str) -> str:
    """建成中和、大弯等5座 -> 建成; 东部过境高速等道路 -> 道路 (examples end in 等)."""
    idx = text.rfind("等")
    if idx <= 0:
        return text
    for verb in lexicon().task_verbs:
        if text.startswith(verb):
            return verb + text[idx + 1:]
    return text[idx + 1:]


def clean(text: str) -> str:
    lex = lexicon()
    text = _PAREN.sub("", text)
    text = _drop_examples(text)
    text = lex.task_strip.sub("", text)
    text = _PUNCT.sub("", text)
    for _ in range(3):
        text = lex.task_strip_start.sub("", _LEAD.sub("", text))
    text = lex.task_qualifier.sub("", text)
    return text


def tidy_task(text: str) -> str:
    text = _PUNCT.sub("", text)
    text = _TRAILING.sub("", text) or text
    return text[:40]


def left_context(clause: str, end: int, floor: int) -> str:
    return clause[floor:end]


def right_context(clause: str, start: int, stop: int) -> str:
    text = clause[start:stop]
    text = re.sub(r"^(?:以上|左右|以内|之多)", "", text)
    m = _AFTER_CUT.search(text)
    return text[: m.start()] if m else text


def task_for_quantity(clause: str, q_start: int, q_end: int, others: list[tuple[int, int]], remove: list[tuple[int, int]]) -> str:
    """Task of the quantity at clause[q_start:q_end]; `others` are the clause's other quantities."""
    before = [b for a, b in others if b <= q_start]
    after = [a for a, b in others if a >= q_end]
    floor = max(before) if before else 0
    stop = min(after) if after else len(clause)
    left_raw = clause[floor:q_start]
    # 465幢23.25万平方米房屋“平改坡”: quantities side by side share their words
    if not left_raw.strip("、和及") and before:
        prev_floor = max([b for a, b in others if b <= floor - 1 and b < floor] or [0])
        left_raw = clause[prev_floor:floor] if floor - prev_floor < 40 else ""
        left_raw = re.split(r"[、，,]", left_raw)[-1] if "、" not in clause[floor - 1:floor] else left_raw
    right_raw = right_context(clause, q_end, stop)
    if not right_raw and after and after[0] == q_end:
        nxt_end = next(b for a, b in others if a == after[0])
        right_raw = right_context(clause, nxt_end, len(clause))
    left = clean(_remove_spans(left_raw, remove, offset=floor if left_raw == clause[floor:q_start] else 0))
    right = clean(_remove_spans(right_raw, remove, offset=q_end)) if right_raw else ""
    return tidy_task(left + right)


def is_generic(task: str) -> bool:
    """True when nothing but dressing words remain (全年各项目标任务圆满完成)."""
    rest = lexicon().generic_task.sub("", _PUNCT.sub("", task))
    return len(rest) < 2


def task_for_deadline(clause: str, remove: list[tuple[int, int]]) -> str:
    """Task of a clause that has a deadline and no number: what is to be done by then."""
    text = _remove_spans(clause, remove)
    return tidy_task(clean(text))
