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
from collections.abc import Callable
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
        """The last day by which it is due, against the article's date (the rule's own resolution)."""
        try:
            return _resolvers()[self.kind](self.parts, ref)
        except ValueError:  # 2月30日
            return None


@dataclass(frozen=True)
class Rule:
    """One deadline rule, whole: its pattern, a character every match holds, and how a match resolves.

    As in ctparse and Duckling, adding a rule is one entry here plus a corpus case; its words
    (到, 底, 之前, 以内...) come from tracker/lexicon/deadlines.yaml.
    """

    kind: str  # the name of the rule and of its resolution (Deadline.kind)
    pattern: re.Pattern
    needs: str  # a match always contains this, so texts without it skip the rule
    strong: bool
    parts: Callable[[dict], tuple | None]  # the match's groups -> the numbers resolve needs (None: no match)
    resolve: Callable[[tuple, date], date | None]


def _year(g: dict) -> int | None:
    return int(g["y"]) if g.get("y") else None


def _month_parts(*more: Callable[[dict], object]) -> Callable[[dict], tuple | None]:
    def parts(g: dict) -> tuple | None:
        month = _small_int(g["m"])
        if not 1 <= month <= 12:
            return None
        return (_year(g), month, *(f(g) for f in more))
    return parts


def _day(g: dict) -> int:
    return _small_int(g["d"])


def _count(g: dict) -> tuple:
    n = g["n"]
    return (None, int(n) if n.isdigit() else _small_int(n.replace("两", "二")))


def _in_months(p: tuple, ref: date) -> date:
    m = ref.month - 1 + p[1]
    yy, mm = ref.year + m // 12, m % 12 + 1
    return date(yy, mm, min(ref.day, calendar.monthrange(yy, mm)[1]))


def _in_years(p: tuple, ref: date) -> date:
    try:
        return ref.replace(year=ref.year + p[1])
    except ValueError:  # 29 February
        return ref.replace(year=ref.year + p[1], day=28)


def _xun(p: tuple, ref: date) -> date:
    y = p[0] or ref.year
    return date(y, p[1], 10) if p[2] == "上" else date(y, p[1], 20) if p[2] == "中" else _month_end(y, p[1])


def _y(p: tuple, ref: date) -> int:
    return p[0] or ref.year


_YEAR_END = lambda p, ref: date(_y(p, ref), 12, 31)  # noqa: E731 - a table of one-line resolutions reads best so


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """Every deadline rule, in the order they claim text (an earlier, longer rule wins its span)."""
    lex = lexicon()
    w = {name: alternation(words) for name, words in lex.deadline_words.items()}
    plans = alternation(lex.five_year_plans)
    strong_year = alternation([x for x, s in lex.this_year.items() if s])
    weak_year = alternation([x for x, s in lex.this_year.items() if not s])
    q = r"[“\"”]?"
    yr = rf"(?:(?P<y>{YEAR})\s*年\s*)?"
    before = rf"(?:{w['before']})"  # 前, 之前, 以前
    end = rf"(?:{w['end']})"  # 底, 末
    to = rf"(?:{w['to']})"  # 到, 至
    month = rf"{yr}(?P<m>{MONTH})\s*月\s*"
    return (
        Rule("plan_period", re.compile(rf"{to}{q}(?P<plan>{plans}){q}(?:{w['plan_end']})|{q}(?P<plan2>{plans}){q}(?:{w['plan_span']})"),
             "五", True, lambda g: (lex.five_year_plans[g.get("plan") or g.get("plan2")],), lambda p, ref: date(p[0], 12, 31)),
        Rule("year_end", re.compile(rf"(?:{w['to']}|{w['at']})?(?P<y>{YEAR})\s*年\s*(?:年\s*)?{end}{before}?"),
             "年", True, lambda g: (_year(g),), _YEAR_END),
        # (2013—2017年): a programme's years end with the last of them
        Rule("year_end", re.compile(rf"{YEAR}\s*年?\s*[-—–~至到]\s*(?P<y>{YEAR})\s*年"), "年", True,
             lambda g: (_year(g),), _YEAR_END),
        Rule("before_day", re.compile(rf"{month}(?P<d>{DAY})\s*日\s*{before}"), "月", True, _month_parts(_day),
             lambda p, ref: date(_y(p, ref), p[1], p[2]) - timedelta(days=1)),
        Rule("on_day", re.compile(rf"{month}(?P<d>{DAY})\s*[日号]"), "月", True, _month_parts(_day),
             lambda p, ref: date(_y(p, ref), p[1], p[2])),
        Rule("month_end", re.compile(rf"{month}(?:{w['month_word']})?\s*{end}{before}?"), "月", True, _month_parts(),
             lambda p, ref: _month_end(_y(p, ref), p[1])),
        Rule("xun", re.compile(rf"{month}(?P<x>[上中下])旬{before}?"), "旬", True, _month_parts(lambda g: g["x"]), _xun),
        Rule("early_month", re.compile(rf"{month}(?:{w['early']})"), "月", True, _month_parts(),
             lambda p, ref: date(_y(p, ref), p[1], 10)),
        # 6月前: due before June begins
        Rule("before_month", re.compile(rf"{month}(?:(?:{w['month_word']})\s*)?{before}"), "月", True, _month_parts(),
             lambda p, ref: date(_y(p, ref), p[1], 1) - timedelta(days=1)),
        Rule("month_end", re.compile(rf"{month}(?:{w['month_word']})?(?![\d一二三四五六七八九十])"), "月", True, _month_parts(),
             lambda p, ref: _month_end(_y(p, ref), p[1])),
        Rule("quarter", re.compile(rf"{yr}(?<!前)(?:第?\s*(?P<qn>[一二三四1-4])\s*季度|(?P<first>{w['first_quarter']})度?)\s*{end}?(?:前)?"),
             "季", True, lambda g: (_year(g), 1 if g.get("first") else _small_int(g["qn"])),
             lambda p, ref: _month_end(_y(p, ref), p[1] * 3)),
        Rule("half", re.compile(rf"{yr}(?P<h>[上下])半年(?!度)"), "半", True, lambda g: (_year(g), 1 if g["h"] == "上" else 2),
             lambda p, ref: date(_y(p, ref), 6, 30) if p[1] == 1 else date(_y(p, ref), 12, 31)),
        Rule("year_end", re.compile(rf"{to}\s*(?P<y>{YEAR})\s*年(?:前)?"), "年", True, lambda g: (_year(g),), _YEAR_END),
        Rule("year_end", re.compile(rf"(?P<y>{YEAR})\s*年{before}(?![三一二四]季度)"), "年", True, lambda g: (_year(g),), _YEAR_END),
        Rule("year_end", re.compile(rf"(?P<y>{YEAR})\s*年\s*度?"), "年", False, lambda g: (_year(g),), _YEAR_END),
        Rule("within_years", re.compile(rf"(?P<n>[一二两三四五六七八九十\d]{{1,2}})\s*年(?:{w['within']})"), "年", True, _count, _in_years),
        Rule("within_months", re.compile(rf"(?P<n>[一二两三四五六七八九十\d]{{1,2}})\s*个月(?:{w['within']})"), "月", True, _count,
             _in_months),
        Rule("this_month", re.compile(alternation(lex.this_month)), "月", True, lambda g: (None,),
             lambda p, ref: _month_end(ref.year, ref.month)),
        Rule("year_end", re.compile(rf"(?<![半\d上下])(?:{strong_year})"), "年", True, lambda g: (None,), _YEAR_END),
        Rule("year_end", re.compile(rf"(?<![半\d上下])(?:{weak_year})(?!以来)"), "年", False, lambda g: (None,), _YEAR_END),
    )


@lru_cache(maxsize=1)
def _resolvers() -> dict[str, Callable[[tuple, date], date | None]]:
    return {r.kind: r.resolve for r in rules()}


_REVIEW_WINDOW = re.compile(r"[^，,；;：:。、及和与]{0,14}")


@lru_cache(maxsize=1)
def _trigger() -> re.Pattern:
    """Characters without which no rule can match: most clauses are turned away here."""
    lex = lexicon()
    # every rule's match holds one of these (a 旬, 半年 or 五 rule holds 月, 年 or 期/末 too)
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
    for rule in rules():
        if rule.needs not in text:
            continue
        for m in rule.pattern.finditer(text):
            a, b = m.span()
            if taken and any(a < y and x < b for x, y in taken):
                continue
            parts = rule.parts(m.groupdict())
            if parts is None:
                continue
            taken.append((a, b))
            is_deadline = rule.kind != "on_day"  # a bare date is when something happened
            after, before = text[b:b + 6], text[max(0, a - 4):a]
            if lex.not_deadline_after.match(after) or lex.not_deadline_before.search(before):
                is_deadline = False
            window = _REVIEW_WINDOW.match(text, b).group()
            if lex.review.search(window):
                is_deadline = False
            found.append(Deadline(a, b, m.group(), rule.kind, parts, rule.strong, is_deadline))
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
