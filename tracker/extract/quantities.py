"""Quantities: a number, an optional scale word and a measure word or unit.

    >>> [(q.value, q.unit) for q in find_quantities("确保全年完成366个老旧小区改造任务")]
    [(366, '个')]

Spans are found first; values are resolved from the span's parts (scale words folded in:
5.3万个 -> 53000 个, 100亿元 -> 10000000000 元). Numbers that are names or labels
(“1311”工程, 第二批, 8号线, G20, 65岁, 十八里河) yield nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tracker.extract.lexicon import alternation, lexicon
from tracker.extract.numbers import ARABIC, CHINESE, PERCENT_WORDS, is_lone_one, number_value, scaled, tidy

# 余/多 sit between a number and its measure word (30余个, 2000多户): they do not change the target.
_APPROX = "(?:余|多)?"


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    value: float | int
    unit: str
    text: str
    number_text: str


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    lex = lexicon()
    units = alternation(lex.units)
    scales = alternation(lex.scales)
    number = rf"(?:(?P<num>{ARABIC})(?:\s*(?P<scale>{scales}))?|(?P<cnum>{CHINESE}))"
    range_ = rf"(?:(?P<low>{ARABIC}|{CHINESE})\s*[%％]?\s*(?:至|到|-|—|–|~|～)\s*)?"
    return re.compile(
        rf"(?P<pct>{PERCENT_WORDS.pattern})|{range_}{number}\s*{_APPROX}\s*(?P<unit>{units})"
    )


_FREQUENCY = re.compile(r"每[年月周日天]?$")
_CAPACITY = lexicon().words("capacity", "(?:{})$")
_LATIN = re.compile(r"^[A-Za-z]")
_SPACES = re.compile(r"\s+")
_LIST_PUNCT = re.compile(r"[、，,；;]")
_QUOTED = re.compile(r"“[^“”]{1,12}”|\"[^\"]{1,12}\"|「[^「」]{1,12}」")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTED.finditer(text)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


@lru_cache(maxsize=1)
def _trigger() -> re.Pattern:
    """A numeral right before the first character of a unit: without it there is no quantity."""
    firsts = "".join(sorted({w[0] for w in lexicon().units} | {"百"}))
    firsts = firsts.replace("\\", "").replace("]", "").replace("^", "").replace("-", "")
    return re.compile(rf"[\d零〇一二两三四五六七八九十百千万亿]\s*[万亿千百余多]?\s*[{re.escape(firsts)}]|百分")


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in text that could be a target (labels and conditions left out)."""
    if not _trigger().search(text):
        return []
    return list(_find_quantities(text))


@lru_cache(maxsize=20000)
def _find_quantities(text: str) -> tuple[Quantity, ...]:
    lex = lexicon()
    quoted = None
    out = []
    for m in _pattern().finditer(text):
        if m.group("pct"):
            inner = m.group("pctnum")
            value = 100.0 if inner is None else number_value(inner)
            if value is not None:
                out.append(Quantity(m.start(), m.end(), tidy(value), "%", m.group(), m.group()))
            continue
        num = m.group("num") or m.group("cnum")
        unit_word = m.group("unit")
        start = m.start("low") if m.group("low") else m.start("num" if m.group("num") else "cnum")
        before = text[max(0, start - 3):start]
        after = text[m.end():m.end() + 4]
        unit = lex.units.get(unit_word)
        if unit is None:
            continue  # 3个月, 65岁, 二期, 8号线: never a target
        if num[0].isdigit() and start and text[start - 1].isascii() and text[start - 1].isalpha():
            continue  # G20, S318
        if before.endswith("第") or _FREQUENCY.search(before):
            continue  # ordinals and frequencies
        if _CAPACITY.search(before):
            continue  # 年产15万吨...项目: a plant's size in its name
        if is_lone_one(num):
            continue
        if unit_word == "%" or unit_word == "％":
            pass
        elif _LATIN.match(after):
            continue
        if quoted is None:
            quoted = _quoted_spans(text)
        if _inside(start, quoted):
            continue  # “1311”工程, “三个一批”
        if start and text[start - 1] in "(（" and text[m.end():m.end() + 1] in ")）":
            continue  # 主要预期目标分解(16项): the size of the list below, in brackets
        low = m.group("low")
        number_text = low if low else num
        value = number_value(_SPACES.sub("", number_text))
        if value is None:
            continue
        scale = m.group("scale")
        if scale:
            value = scaled(value, lex.scales[scale])  # 3至5万个: the scale after the second number applies to both
        out.append(Quantity(start, m.end(), tidy(value), unit, m.group(), number_text))
    return tuple(out)


_CONDITION_AFTER = re.compile(r"^(?:及|或)?(?:以上|以下|以内)的")


def is_condition(text: str, q: Quantity, next_q: Quantity | None) -> bool:
    """65岁以上的, 50户以上的村, 10亿元以上项目17个: a threshold describing things, not a target."""
    after = text[q.end:]
    if _CONDITION_AFTER.match(after):
        return True
    if after.startswith(("以上", "以下")) and next_q is not None:
        between = text[q.end:next_q.start]
        if len(between) <= 12 and not _LIST_PUNCT.search(between):
            return True
    return False
