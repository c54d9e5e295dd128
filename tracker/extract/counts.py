"""Counts that are not targets: those that announce a list, or sum up items named beside them.

    >>> announces("会议对今年的工作提出六项具体要求:一要...", "会议对今年的工作提出六项具体要求", 0, "：", find_quantities("会议对今年的工作提出六项具体要求")[0], None)
    True

commitments.md: "为民办好十件实事: 一是..." announces the list that follows; "抓好茶叶的收购、制作和营销
三个环节" sums up the items before it; neither is a record. A count of the things the work
covers (抓好年初布置的11件大事) is.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from tracker.extract.lexicon import lexicon
from tracker.extract.quantities import Quantity, find_quantities
from tracker.extract.text import strip_numbering

_LEX = lexicon()
# 一是 / 二要 / 三、 at the start or after a separator. The numeral leads the pattern so the engine
# skips ahead to it (a separator first made it try every character of a 1,500-character reach
# for every count); the separator before it is checked in _enum_marks.
_ENUM_MARK = re.compile(r"([一二三四五六七八九十]{1,2})(?:是|要|、)")
_ENUM_AFTER = "。；;：:，,"
ENUM_START = re.compile(r"^(?:一是|一要|一、|（一）|\(一\)|1[.、．。](?!\d))")
_SUMMED = re.compile(r"((?:[\u4e00-\u9fff]{1,4}[、和及与]){1,}[\u4e00-\u9fff]{1,4})$")
_ITEM_SEP = re.compile(r"[、和及与]")
_SCOPE = re.compile(f"(?:{_LEX.structure['scope_right_before']})$|(?:{_LEX.structure['scope_before']})[^，,；;]{{0,12}}$")
_SCOPE_RUN = re.compile(f"(?:{_LEX.structure['scope_right_before']})[^，,；;、。]{{0,12}}$")
_SCOPE_THING = _LEX.words("scope_things", "^(?:{})")
_BACK_REFERENCE = _LEX.words("back_reference", "(?:{})$")
_PROGRAMME = _LEX.words("programme", "^[”\"」]?(?:{})")
_LIST_NOUN = _LEX.words("list_noun")
_LIST_REACH = 1500  # characters: a list announced here is read within this reach, so long pages cost linear time
_CN_ORD = {c: i for i, c in enumerate("零一二三四五六七八九十")}


def _ordinal(text: str) -> int:
    """一 -> 1, 十 -> 10, 十二 -> 12, 二十 -> 20."""
    if len(text) == 1:
        return _CN_ORD.get(text, 0)
    if text[0] == "十":
        return 10 + _CN_ORD.get(text[1], 0)
    return _CN_ORD.get(text[0], 0) * 10 + (_CN_ORD.get(text[1], 0) if text[1] != "十" else 0)


@lru_cache(maxsize=64)
def _paragraph_marks(paragraph: str) -> tuple[tuple[int, int, int], ...]:
    """(start, end, ordinal) of each list mark of a paragraph, found once for all its counts."""
    return tuple((m.start(), m.end(), _ordinal(m.group(1))) for m in _ENUM_MARK.finditer(paragraph)
                 if m.start() == 0 or paragraph[m.start() - 1] in _ENUM_AFTER)


def _marks_within(paragraph: str, start: int, end: int) -> list[int]:
    """The ordinals of the list marks in paragraph[start:end] ("一是...；二是..." -> [1, 2]), taken from
    the paragraph's marks: a dense page has a count every few characters, and reading the 1,500
    characters after each one anew cost 1,500 times the page."""
    out, taken = [], start
    first = _ENUM_MARK.match(paragraph, start, end)  # a mark right at the start counts as if after a separator
    if first:
        out.append(_ordinal(first.group(1)))
        taken = first.end()
    marks = _paragraph_marks(paragraph)
    for _, b, ordinal in marks[bisect.bisect_left(marks, (taken,)):]:
        if b > end:
            break
        out.append(ordinal)
    return out


def announces(paragraph: str, clause: str, clause_start: int, sep: str, q: Quantity, next_paragraph: str | None) -> bool:
    """True when the count q in clause announces or sums up a list rather than setting a target."""
    rest = clause[q.end:]
    if _SCOPE.search(clause[: q.start]) or (_SCOPE_RUN.search(clause[: q.start]) and _SCOPE_THING.match(rest)):
        return True  # 涉及5个乡镇14个村 / 涉及市级民生实事的有41个子项: the scope described, not a target
    if _BACK_REFERENCE.search(clause[: q.start]):
        return True  # 全力推进这两个项目: the projects were counted where they were named
    if _PROGRAMME.match(rest):
        return True  # 15件重点民生实事: the name of a programme, as 十大工程 is
    if sep in ("：", ":") and len(rest) <= 12:
        return True  # 为民办好十件实事:
    if "围绕" in clause[: q.start]:
        return True  # 围绕近期要落实的四项重点工作
    if rest.endswith("中") and len(rest) <= 10:
        return True  # 贯彻落实到当前四项重点工作中
    if rest.endswith("的同时"):
        return True  # 抓好“A”和“B”两项国家试点的同时
    m = _SUMMED.search(clause[strip_numbering(clause): q.start])
    if m and not m.group(1).endswith("等"):
        items = _ITEM_SEP.split(m.group(1))
        if len(items) == q.value and sum(map(len, items)) / len(items) <= 3:
            return True  # 收购、制作和营销三个环节
    if isinstance(q.value, int) and 2 <= q.value <= 3:
        head = clause[strip_numbering(clause): q.start].rstrip("的")
        head = re.split(r"[，,；;]", head)[-1]
        items = [x for x in _ITEM_SEP.split(head) if x]
        if len(items) == q.value and not re.search(r"[等（(]", head) and not find_quantities(head):
            return True  # 突出集镇建设和现代农业示范片建设的两个主战场
    # what follows in the paragraph, as far as a list announced here could reach
    after = paragraph[clause_start + q.end: clause_start + q.end + _LIST_REACH]
    if ENUM_START.match(after[len(rest):].lstrip("。；;：:，,")):
        return True  # 明确了4项重点工作。一是...
    if next_paragraph is not None and ENUM_START.match(next_paragraph) and _LIST_NOUN.search(rest[:12]):
        return True  # 2017年10方面20项区政府实事项目 / 一、新建... : the list follows
    marks = _marks_within(paragraph, clause_start + q.end, clause_start + q.end + _LIST_REACH)
    return bool(marks) and marks[0] == 1 and max(marks) == q.value  # 10个方面工作 ... 一是 ... 十是
