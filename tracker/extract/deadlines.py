"""Deadlines: find the words (6月底前, 第二季度, 2020年底前, 三年内), then resolve them to a day.

    >>> [(d.text, d.resolve(date(2019, 4, 26))) for d in find_deadlines("务必于6月底前实现各项目标任务达标")]
    [('6月底前', datetime.date(2019, 6, 30))]

Resolution follows the Deadlines table of commitments.md against the article's own date.
A month already past in the article's year stays in that year unless the text says 明年.
Time words that date an event (4月26日上午), a progress cut-off (截至四月底) or a review
period (二季度新开工项目考核) are found too, and marked as not deadlines.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from tracker.extract.lexicon import alternation, lexicon

YEAR = r"(?:19|20)\d{2}"
MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]|[一二三四五六七八九十])"
DAY = r"(?:3[01]|[12]\d|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def _small_int(text: str) -> int:
    """1-31 in Arabic or Chinese digits (十二 -> 12, 二十一 -> 21)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(text, 0)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class Deadline:
    start: int
    end: int
    text: str
    kind: str  # which rule found it
    parts: tuple  # the numbers the rule needs
    strong: bool  # a real deadline, not only the year a text is framed in
    is_deadline: bool = True  # False for event dates, cut-offs and review periods

    def resolve(self, ref: date) -> date | None:
        """The last day by which it is due, against the article's date."""
        k, p, y = self.kind, self.parts, ref.year
        if p and p[0]:
            y = p[0]
        try:
            if k == "year_end":
                return date(y, 12, 31)
            if k == "month_end":
                return _month_end(y, p[1])
            if k == "before_month":  # 6月前: before June begins
                return date(y, p[1], 1) - timedelta(days=1)
            if k == "before_day":  # 10月1日前: before that day begins
                return date(y, p[1], p[2]) - timedelta(days=1)
            if k == "on_day":
                return date(y, p[1], p[2])
            if k == "early_month":  # 3月初: as 上旬
                return date(y, p[1], 10)
            if k == "xun":  # 上旬 / 中旬 / 下旬
                return date(y, p[1], 10) if p[2] == "上" else date(y, p[1], 20) if p[2] == "中" else _month_end(y, p[1])
            if k == "quarter":
                return _month_end(y, p[1] * 3)
            if k == "half":
                return date(y, 6, 30) if p[1] == 1 else date(y, 12, 31)
            if k == "this_month":
                return _month_end(ref.year, ref.month)
            if k == "within_years":
                try:
                    return ref.replace(year=ref.year + p[1])
                except ValueError:  # 29 February
                    return ref.replace(year=ref.year + p[1], day=28)
            if k == "within_months":
                m = ref.month - 1 + p[1]
                yy, mm = ref.year + m // 12, m % 12 + 1
                return date(yy, mm, min(ref.day, calendar.monthrange(yy, mm)[1]))
            if k == "plan_period":
                return date(p[0], 12, 31)
        except ValueError:
            return None
        return None


@lru_cache(maxsize=1)
def _rules() -> list[tuple[re.Pattern, str, bool]]:
    lex = lexicon()
    plans = alternation(lex.five_year_plans)
    strong_year = alternation([w for w, s in lex.this_year.items() if s])
    weak_year = alternation([w for w, s in lex.this_year.items() if not s])
    q = r"[“\"”]?"
    yr = rf"(?:(?P<y>{YEAR})\s*年\s*)?"
    return [
        (re.compile(rf"(?:到|至){q}(?P<plan>{plans}){q}(?:末|期末|结束)|{q}(?P<plan2>{plans}){q}(?:期间|时期|末|期末)"), "plan_period", True),
        (re.compile(rf"(?:到|至|在)?(?P<y>{YEAR})\s*年\s*(?:年\s*)?(?:底|末)(?:前|之前|以前)?"), "year_end", True),
        # (2013—2017年): a programme's years end with the last of them
        (re.compile(rf"{YEAR}\s*年?\s*[-—–~至到]\s*(?P<y>{YEAR})\s*年"), "year_end", True),
        (re.compile(rf"{yr}(?P<m>{MONTH})\s*月\s*(?P<d>{DAY})\s*日\s*(?:前|之前|以前)"), "before_day", True),
        (re.compile(rf"{yr}(?P<m>{MONTH})\s*月\s*(?P<d>{DAY})\s*[日号]"), "on_day", True),
        (re.compile(rf"{yr}(?P<m>{MONTH})\s*月\s*份?\s*(?:底|末)(?:前|之前|以前)?"), "month_end", True),
        (re.compile(rf"{yr}(?P<m>{MONTH})\s*月\s*(?P<x>[上中下])旬(?:前|之前|以前)?"), "xun", True),
        (re.compile(rf"{yr}(?P<m>{MONTH})\s*月\s*初"), "early_month", True),
        (re.compile(rf"{yr}(?P<m>{MONTH})\s*月\s*(?:份\s*)?(?:前|之前|以前)"), "before_month", True),
        (re.compile(rf"{yr}(?P<m>{MONTH})\s*月\s*份?(?![\d一二三四五六七八九十])"), "month_end", True),
        (re.compile(rf"{yr}(?<!前)(?:第?\s*(?P<qn>[一二三四1-4])\s*季度|(?P<first>首季)度?)\s*(?:末|底)?(?:前)?"), "quarter", True),
        (re.compile(rf"{yr}(?P<h>[上下])半年(?!度)"), "half", True),
        (re.compile(rf"(?:到|至)\s*(?P<y>{YEAR})\s*年(?:前)?"), "year_end", True),
        (re.compile(rf"(?P<y>{YEAR})\s*年(?:前|以前|之前)(?![三一二四]季度)"), "year_end", True),
        (re.compile(rf"(?P<y>{YEAR})\s*年\s*度?"), "year_end", False),
        (re.compile(r"(?P<n>[一二两三四五六七八九十\d]{1,2})\s*年(?:内|之内|以内)"), "within_years", True),
        (re.compile(r"(?P<n>[一二两三四五六七八九十\d]{1,2})\s*个月(?:内|之内|以内)"), "within_months", True),
        (re.compile(alternation(lex.this_month)), "this_month", True),
        (re.compile(rf"(?<![半\d上下])(?:{strong_year})"), "year_end", True),
        (re.compile(rf"(?<![半\d上下])(?:{weak_year})(?!以来)"), "year_end", False),
    ]


# What a match of each rule must contain, in rule order (see _rules).
_RULE_NEEDS = ["五", "年", "年", "月", "月", "月", "旬", "月", "月", "月", "季", "半", "年", "年", "年", "年", "月", "月", "年", "年"]  # 首季 has 季 too


@lru_cache(maxsize=1)
def _indexed_rules() -> list[tuple[re.Pattern, str, bool, str]]:
    rules = _rules()
    assert len(rules) == len(_RULE_NEEDS), "one entry of _RULE_NEEDS per rule"
    return [(p, k, s, n) for (p, k, s), n in zip(rules, _RULE_NEEDS, strict=True)]


_REVIEW_WINDOW = re.compile(r"[^，,；;：:。、及和与]{0,14}")


@lru_cache(maxsize=1)
def _trigger() -> re.Pattern:
    """Characters without which no rule can match: most clauses are turned away here."""
    lex = lexicon()
    firsts = {w[0] for w in [*lex.this_year, *lex.this_month]}
    return re.compile("[年月季期末" + "".join(sorted(firsts)) + "]")


def find_deadlines(text: str) -> list[Deadline]:
    """Every time word in text, longest first, each marked deadline or not."""
    if not _trigger().search(text):
        return []
    return list(_find_deadlines(text))


@lru_cache(maxsize=20000)
def _find_deadlines(text: str) -> tuple[Deadline, ...]:
    lex = lexicon()
    taken: list[tuple[int, int]] = []
    found: list[Deadline] = []
    for pattern, kind, strong, needs in _indexed_rules():
        if needs and needs not in text:
            continue
        for m in pattern.finditer(text):
            a, b = m.span()
            if taken and any(a < y and x < b for x, y in taken):
                continue
            g = m.groupdict()
            year = int(g["y"]) if g.get("y") else None
            if kind == "plan_period":
                year = lex.five_year_plans[g.get("plan") or g.get("plan2")]
            parts: tuple = (year,)
            if g.get("m"):
                parts += (_small_int(g["m"]),)
                if not 1 <= parts[1] <= 12:
                    continue
            if kind in ("before_day", "on_day"):
                parts += (_small_int(g["d"]),)
            elif kind == "xun":
                parts += (g["x"],)
            elif kind == "quarter":
                parts = (year, 1 if g.get("first") else _small_int(g["qn"]))
            elif kind == "half":
                parts = (year, 1 if g["h"] == "上" else 2)
            elif kind in ("within_years", "within_months"):
                n = g["n"]
                parts = (None, int(n) if n.isdigit() else _small_int(n.replace("两", "二")))
            taken.append((a, b))
            is_deadline = kind != "on_day"  # a bare date is when something happened
            after, before = text[b:b + 6], text[max(0, a - 4):a]
            if lex.not_deadline_after.match(after) or lex.not_deadline_before.search(before):
                is_deadline = False
            window = _REVIEW_WINDOW.match(text, b).group()
            if lex.review.search(window):
                is_deadline = False
            found.append(Deadline(a, b, m.group(), kind, parts, strong, is_deadline))
    found.sort(key=lambda d: d.start)
    return tuple(found)


def next_year_said(text: str, d: Deadline) -> bool:
    """明年6月底: the text moves the deadline into the next year."""
    return any(text[max(0, d.start - 3):d.start].endswith(w) for w in lexicon().next_year)


def resolve_in(text: str, d: Deadline, ref: date) -> date | None:
    """The day a deadline found in text resolves to, with 明年/次年 before it moving it a year on."""
    day = d.resolve(ref)
    if day and not d.parts[0] and next_year_said(text, d):
        day = day.replace(year=day.year + 1)
    return day
