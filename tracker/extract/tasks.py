"""The task of a commitment: the short phrase naming what is done or counted.

    >>> task_for_quantity("确保全年完成366个老旧小区改造任务", 6, 10, [], [(2, 4)])
    '完成老旧小区改造'

The phrase is the clause's words before the number (its verb and object) and after the
unit (the thing counted), without deadline words, commitment cues, the responsible body,
qualifiers (超, 不少于, 以上) and lists of examples (建成A、B等5座...).
"""

from __future__ import annotations

import re

from tracker.extract.lexicon import lexicon
from tracker.extract.text import strip_numbering

_PUNCT = re.compile(r"[“”\"‘’「」『』《》【】、，,：:；;。·\s]")
_PAREN = re.compile(r"[（(][^（）()]*[)）]")
_LEX = lexicon()
_LEAD = re.compile(rf"^(?:{_LEX.structure['task_lead']}|[一二三四五六七八九十]{{1,3}}(?=[是要])|\d{{1,2}}(?=[.。]))+")
_TRAILING = re.compile(r"(?:的)?(?:任务|工作)$")
_AFTER_CUT = re.compile(rf"[，,；;。、]|{_LEX.structure['task_cut']}")
_JOINS = re.compile(_LEX.structure["joins"])


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


def clean(text: str, cut_topic: bool = False) -> str:
    lex = lexicon()
    if cut_topic:
        # 老旧片区整治提升工作要确保全年完成366个...: the topic before the last cue is context, not the task
        cues = list(lex.commit.finditer(text))
        if cues and len(text) - cues[-1].end() >= 2 and cues[-1].start() > 0:
            text = text[cues[-1].start():]
    text = _PAREN.sub("", text[strip_numbering(text):])
    text = lex.task_strip.sub("", text)
    text = _PUNCT.sub("", text) if "等" not in text else text.strip("、，,")
    for _ in range(3):
        text = lex.task_strip_start.sub("", _LEAD.sub("", text))
    text = _PUNCT.sub("", _drop_examples(text))
    text = lex.task_qualifier.sub("", text)
    return text


def tidy_task(text: str) -> str:
    text = _PUNCT.sub("", text)
    trimmed = _TRAILING.sub("", text)
    # 老旧小区改造任务 -> 老旧小区改造, but 重点工作 stays whole
    text = trimmed if len(trimmed) > 2 else text
    return text[:40]


def _pieces(clause: str) -> list[tuple[int, int]]:
    """Spans of the clause cut at 、 outside quotes: one item of a list each."""
    spans, depth, begin = [], 0, 0
    for i, ch in enumerate(clause):
        if ch in "“‘「《（(":
            depth += 1
        elif ch in "”’」》）)":
            depth = max(0, depth - 1)
        elif ch == "、" and depth == 0:
            spans.append((begin, i))
            begin = i + 1
    spans.append((begin, len(clause)))
    return spans


def _cut_after(text: str) -> str:
    text = re.sub(r"^(?:以上|左右|以内|之多)", "", text)
    m = _AFTER_CUT.search(text)
    return text[: m.start()] if m else text


def _lead_verb(text: str) -> str:
    for verb in lexicon().task_verbs:
        if text.startswith(verb):
            return verb
    return ""


def task_for_quantity(clause: str, q_start: int, q_end: int, others: list[tuple[int, int]], remove: list[tuple[int, int]]) -> str:
    """Task of the quantity at clause[q_start:q_end]; `others` are the clause's other quantities.

    Items of a list share what they leave out: 新建改造21.67公里碧道、8公里绿道 -> 新建改造绿道;
    改造老旧小区333个、466万平方米 -> 改造老旧小区 for both.
    """
    quantities = sorted([*others, (q_start, q_end)])

    # a list item without a number of its own (建成中和、大弯、...等5座) belongs to the next one
    pieces: list[tuple[int, int]] = []
    carry_start = None
    for a, b in _pieces(clause):
        start = a if carry_start is None else carry_start
        if any(a <= q[0] < b for q in quantities):
            pieces.append((start, b))
            carry_start = None
        else:
            carry_start = start
    if carry_start is not None:
        pieces.append((carry_start, len(clause))) if not pieces else pieces.__setitem__(-1, (pieces[-1][0], len(clause)))

    def piece_of(pos: int) -> tuple[int, int]:
        return next((a, b) for a, b in pieces if a <= pos <= b)

    def words(a: int, b: int, cut_topic: bool = False) -> str:
        return clean(_remove_spans(clause[a:b], remove, offset=a), cut_topic)

    def task_in(piece: tuple[int, int], qa: int, qb: int) -> tuple[str, str]:
        pa, pb = piece
        inside = [q for q in quantities if pa <= q[0] < pb]
        first = inside[0][0]
        # 465幢23.25万平方米房屋: side by side, they share the words before the first and after the last
        left_end = qa
        for x, y in inside:
            if x < qa and clause[y:qa].strip() == "":
                left_end = x
        prev_ends = [y for x, y in inside if y <= left_end]
        left_start = max(prev_ends) if prev_ends else pa
        if left_start != pa:
            # 465幢...房屋“平改坡”和85幢: what stands before 和 belongs to the quantity before
            conj = [m.end() for m in _JOINS.finditer(clause[left_start:left_end])]
            left_start = left_start + conj[-1] if conj else pa
        left = words(left_start, left_end, cut_topic=True) if left_end > left_start else ""
        nxt = [x for x, y in inside if x >= qb]
        right_end = nxt[0] if nxt else pb
        right_start = qb
        if nxt and nxt[0] == qb:
            chain_end = next(y for x, y in inside if x == nxt[0])
            later = [x for x, y in inside if x >= chain_end]
            right_start, right_end = chain_end, (later[0] if later else pb)
        right = words(right_start, right_start + len(_cut_after(clause[right_start:right_end]))) if right_end > right_start else ""
        del first
        return left, right

    piece = piece_of(q_start)
    left, right = task_in(piece, q_start, q_end)
    task = tidy_task(left + right)
    if not task:
        # 分别增长12%和14%: the second number shares the words of the first
        earlier = [q for q in quantities if q[1] <= q_start]
        if earlier:
            prev = earlier[-1]
            return task_for_quantity(clause, prev[0], prev[1], [q for q in quantities if q != prev], remove)
    index = pieces.index(piece)
    if index > 0 and not _lead_verb(left):
        head = pieces[0]
        head_q = [q for q in quantities if head[0] <= q[0] < head[1]]
        if head_q:
            h_left, h_right = task_in(head, *head_q[0])
            verb = h_left if h_right else _lead_verb(h_left)
            task = tidy_task(verb + left + right)
            if len(task) <= len(verb) + 1:
                task = tidy_task(h_left + h_right)
    return task


def is_generic(task: str) -> bool:
    """True when nothing but dressing words remain (全年各项目标任务圆满完成)."""
    rest = lexicon().generic_task.sub("", _PUNCT.sub("", task))
    return len(rest) < 2 or rest in ("项目", "工程")


def task_for_deadline(clause: str, remove: list[tuple[int, int]]) -> str:
    """Task of a clause that has a deadline and no number: what is to be done by then."""
    text = _remove_spans(clause, remove)
    return tidy_task(clean(text))
