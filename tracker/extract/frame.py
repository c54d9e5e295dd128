"""The document frame: what a page is before any clause of it is read.

    >>> f = read_frame(split_articles("2022年度民生实事项目进度表\\n发布日期:2022-12-14\\n建设农村公路55公里。", date(2023, 1, 1))[0], "x.txt", date(2023, 1, 1), False)
    >>> f.date, f.date_from, f.genre, [(s.tense, s.year) for s in f.sections]
    ('2022-12-14', 'date_line', 'progress_report', [('progress', 2022)])

A person reading a work-report digest, a livelihood list or a progress table knows at once
whether its items look back or ahead, and for which year; the clause rules cannot see that
from one sentence. The frame finds the page's own date (and says where it came from), its
genre with the words that gave it away, and its sections: each with its tense (review, plan,
progress, news) and year, so a bare 新增停车泊位3000个 under 2023年工作安排 is a 2023 target
and the same words under 过去一年 are a past fact. The words are in tracker/lexicon/frames.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from tracker.extract.articles import Article, article_date, is_meta
from tracker.extract.lexicon import alternation, load
from tracker.extract.records import Frame, Section
from tracker.extract.text import Paragraph

_FULL_DATE = re.compile(r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?")
_NAME_DATE = re.compile(r"((?:19|20)\d{2})[-_.]?(0[1-9]|1[0-2])(?:[-_.]?(0[1-9]|[12]\d|3[01]))?(?!\d)")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*度?")
# A date line at the top (发布时间: ...) or a signature line: short, mostly the date itself.
DATE_LINE_MAX = 40
SIGNATURE_MAX = 16
SIGNATURE_TOP = 12  # a notice's signature stands under its short covering letter, above the list
HEADING_MAX = 30
YEAR_LINE_MAX = 8
LEAD_SENTENCES = 3
GENRES = ("task_table", "progress_report", "livelihood_list", "work_report", "implementation_plan", "meeting_news", "news")


@dataclass(frozen=True)
class _Words:
    genres: tuple[tuple[str, re.Pattern], ...]
    date_label: re.Pattern
    review: re.Pattern
    plan: re.Pattern
    this_year: re.Pattern
    next_year: re.Pattern
    last_year: re.Pattern
    progress: re.Pattern
    goal_met: re.Pattern
    under_way: re.Pattern
    forward: re.Pattern
    target_before: re.Pattern
    remainder_before: re.Pattern
    progress_heading: re.Pattern


@lru_cache(maxsize=1)
def words() -> _Words:
    data = load("frames.yaml")

    def rx(items, template="(?:{})"):
        return re.compile(template.format(alternation(items, escape=False)))

    return _Words(
        genres=tuple((name, rx(data["genres"][name])) for name in GENRES if name in data["genres"]),
        date_label=rx(data["date_labels"], r"^(?:{})\s*[:：]?"),
        review=rx(data["review_words"]),
        plan=rx(data["plan_words"]),
        this_year=rx(data["this_year"]),
        next_year=rx(data["next_year"]),
        last_year=rx(data["last_year"]),
        progress=rx(data["progress_markers"]),
        goal_met=rx(data["goal_met"]),
        under_way=rx(data["under_way"]),
        forward=rx(data["forward_words"]),
        target_before=rx(data["target_words"], "(?:{})[:：]?$"),
        remainder_before=rx(data["remainder_words"], "(?:{})$"),
        progress_heading=rx(data["genres"]["progress_report"]),
    )


def _full_date(text: str) -> date | None:
    m = _FULL_DATE.search(text)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _is_date_line(text: str) -> bool:
    """发布日期:2022-12-14 / 2023-01-05 10:00 区人民政府办公室: a line that dates the page."""
    if len(text) > DATE_LINE_MAX:
        return False
    m = _FULL_DATE.search(text)
    return bool(m) and (m.start() == 0 or bool(words().date_label.match(text)))


def _is_signature(text: str) -> bool:
    """2024年3月5日 on a line of its own (under the title, or after the body)."""
    m = _FULL_DATE.search(text)
    return bool(m) and len(text) <= SIGNATURE_MAX and len(text) - (m.end() - m.start()) <= 4


def find_date(article: Article, source: str, ref: date, ref_given: bool) -> tuple[date | None, str | None]:
    """The article's own date and where it was found: title, date_line, lead, signature, file_name, ref_date.

    The lead (本报讯 4月26日) resolves against the reference date's year; a date written in full
    anywhere near the top or as a signature needs no reference.
    """
    paras = article.paragraphs
    title = article.title_paragraph.text if article.title_paragraph else article.title or ""
    day = _full_date(title) if title else None
    if day:
        return day, "title"
    raw = article.raw or paras
    for p in raw[:8]:
        if _is_date_line(p.text):
            return _full_date(p.text), "signature" if _is_signature(p.text) else "date_line"
    day = article_date(paras, ref)
    if day:
        return day, "lead"
    for p in [*raw[:SIGNATURE_TOP], *raw[-3:]]:
        if _is_signature(p.text):
            return _full_date(p.text), "signature"
    if ref_given:
        return ref, "ref_date"
    day = name_date(source)
    return (day, "file_name") if day else (None, None)


def name_date(source: str | None) -> date | None:
    """The date a file's name carries (zhengzhou-2019-04-26.txt, 报告_20230105.docx), else None."""
    m = _NAME_DATE.search(Path(source).name) if source else None
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        return None


def find_genre(title: str | None, lead: str, has_table: bool) -> tuple[str, str | None]:
    """The genre and the words that show it: the title first, then the lead, then the layout."""
    w = words()
    for text, where in ((title or "", "标题"), (lead, "导语")):
        for name, pattern in w.genres:
            m = pattern.search(text)
            if m:
                return name, f"{where}：{m.group()}"
    if has_table:
        return "task_table", "表头"
    return "news", None


def _year_of(text: str, year: int) -> tuple[int | None, str | None]:
    """The year a heading or lead speaks of, with its words: 2023年 -> 2023, 明年 -> year + 1."""
    w = words()
    m = _YEAR.search(text)
    if m:
        return int(m.group(1)), m.group().strip()
    for pattern, shift in ((w.next_year, 1), (w.last_year, -1), (w.this_year, 0)):
        m = pattern.search(text)
        if m:
            return year + shift, m.group()
    return None, None


def tense_of(text: str, year: int, genre: str) -> tuple[str | None, int | None, str | None]:
    """How a heading or lead reads what follows: (tense, year, year words), tense None when it does not say."""
    w = words()
    said, said_words = _year_of(text, year)
    review, plan = w.review.search(text), w.plan.search(text)
    if review and (not plan or review.start() <= plan.start()):
        return "review", said, said_words
    if w.progress_heading.search(text) and not w.forward.search(text):
        return "progress", said, said_words  # 重点工作落实情况: the plan's progress, not the plan
    if plan and genre == "progress_report" and not w.forward.search(text):
        return "progress", said, said_words  # 主要预期目标 in a progress report: targets beside their progress
    if plan:
        return "plan", said, said_words
    if said is not None and said >= year and genre in ("work_report", "livelihood_list", "implementation_plan"):
        return "plan", said, said_words
    return None, said, said_words


def _is_heading(p: Paragraph, title: Paragraph | None) -> bool:
    if p is title:
        return False
    if p.heading_level:
        return True
    return len(p.text) <= HEADING_MAX and len(p.sentences) <= 1 and p.text[-1] not in "。；;"


def _lead_tense(lead: Paragraph, year: int, genre: str) -> tuple[str | None, int | None, str | None]:
    """The lead sentence frames the page: 明年仓山区将加大民生投入 (a plan for next year), 今年...
    20件为民办实事项目中,已有部分项目提前完成 (progress on this year's targets)."""
    # 本报讯 12月18日,某区人代会开幕。记者获悉,明年该区将...: the year word may wait a sentence or two
    first = next((s.text for s in lead.sentences[:LEAD_SENTENCES] if _year_of(s.text, year)[0] is not None), "")
    said, said_words = _year_of(first, year)
    if said is None or said < year:
        return None, None, None
    w = words()
    if w.progress.search(first) and genre in ("progress_report", "livelihood_list", "news", "meeting_news"):
        return "progress", said, said_words
    if w.plan.search(first):
        return "plan", said, said_words
    return None, None, None


def read_frame(article: Article, source: str, ref: date, ref_given: bool, has_table: bool = False) -> Frame:
    """The frame of one article: date (and where from), genre, sections."""
    day, date_from = find_date(article, source, ref, ref_given)
    year = (day or ref).year
    paras = article.paragraphs
    title_p = article.title_paragraph
    body = [p for p in paras if p is not title_p and not is_meta(p.text)]
    lead = next((p for p in body if not _is_heading(p, title_p)), None)
    genre, evidence = find_genre(article.title, lead.text[:120] if lead else "", has_table)
    sections: list[Section] = []

    tense, s_year, s_words = tense_of(article.title or "", year, genre)
    if genre == "progress_report":
        # 2022年度民生实事项目进度表: the targets of that year, restated beside their progress
        tense = "progress"
    if tense is None and lead is not None:
        tense, s_year, s_words = _lead_tense(lead, year, genre)
    if tense is None and genre in ("task_table", "livelihood_list", "implementation_plan"):
        tense = "plan"  # a task table, a list of the year's projects, a plan: work laid down by nature
    if tense == "review" and genre == "work_report" and s_year is not None and s_year < year:
        tense = None  # 解读2022年政府工作报告, read in 2023: the report reviews 2022 and plans 2023
    start = paras[0].start if paras else 0
    sections.append(Section(article.title, tense or "news", s_year, None, (), start, start, year_text=s_words))

    pending_year: tuple[int | None, str | None] = (None, None)
    for p in body:
        if not _is_heading(p, title_p) and p is not lead:
            continue
        if p is lead:
            t, y, yw = _lead_tense(p, year, genre)
            last = sections[-1]
            if t and last.tense == "news":
                sections[-1] = Section(last.heading, t, y, None, (), last.start, last.end, year_text=yw)
            elif t and last.year is None and t == last.tense:
                # 2022年度...进度表 has its year in the title; 截至10月底,今年...实事项目 in the lead
                sections[-1] = Section(last.heading, t, y, None, (), last.start, last.end, year_text=yw)
            continue
        t, y, yw = tense_of(p.text, year, genre)
        if y is not None and len(p.text) <= YEAR_LINE_MAX and not words().review.search(p.text):
            pending_year = (y, yw)  # 2023年 alone on a line: the next heading says what of it
            continue
        if y is None and pending_year[0] is not None:
            y, yw = pending_year
            if t is None:
                t = "review" if y < year else "plan"  # 2023年 / 绘就了怎样的新图景?: the year says which way
        pending_year = (None, None)
        if t is None:
            continue  # a topic heading (持续改善农村条件) keeps the tense it falls under
        sections.append(Section(p.text, t, y, None, (), p.start, p.start, year_text=yw))
    # each section ends where the next begins
    ends = [s.start for s in sections[1:]] + [paras[-1].end if paras else start]
    sections = [Section(s.heading, s.tense, s.year, s.speaker, s.units, s.start, e, year_text=s.year_text)
                for s, e in zip(sections, ends, strict=True)]
    return Frame(source, article.title, day.isoformat() if day else None, date_from, genre, evidence, tuple(sections),
                 start, ends[-1])


def section_at(frame: Frame, offset: int) -> Section | None:
    """The section a paragraph starting at offset belongs to."""
    found = None
    for s in frame.sections:
        if s.start <= offset:
            found = s
    return found
