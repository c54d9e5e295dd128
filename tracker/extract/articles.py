"""Articles of a page: where each starts, its title and the date it reports.

    >>> [(a.title, a.date) for a in split_articles("## 管城区召开讲评会\\n\\n本报讯 4月26日上午,管城区召开...", date(2019, 4, 30))]
    [('管城区召开讲评会', datetime.date(2019, 4, 26))]

A page holds several articles when it has '#'/'##' headings; a plain text is one article
whose first short line is its title. The date comes from the lead (本报讯 4月25日上午,
发布时间:2024-05-11, 2月9日,) resolved against the reference date's year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from tracker.extract import tables
from tracker.extract.lexicon import lexicon
from tracker.extract.text import Paragraph, paragraphs

_TITLE_ENDS = "）)》”"
_META = lexicon().words("meta", "^(?:{})")
_FULL_DATE = re.compile(r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_MONTH_DAY = re.compile(r"(?:^|本报讯|讯|[）)]|电)\s*(?:[（(][^）)]{0,20}[）)])?\s*(\d{1,2})月(\d{1,2})日")


@dataclass
class Article:
    title: str | None
    date: date | None
    paragraphs: list[Paragraph] = field(default_factory=list)
    title_paragraph: Paragraph | None = None
    raw: list[Paragraph] = field(default_factory=list)  # every paragraph, page furniture (来源, 发布时间) included


def is_meta(text: str) -> bool:
    return bool(_META.match(text))


def article_date(paras: list[Paragraph], ref: date) -> date | None:
    """The date an article reports, from its first paragraphs."""
    for p in paras[:4]:
        head = p.text[:80]
        m = _FULL_DATE.search(head)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                pass
        m = _MONTH_DAY.search(head)
        if m:
            try:
                d = date(ref.year, int(m.group(1)), int(m.group(2)))
            except ValueError:
                continue
            # a lead dated after the reference date belongs to the year before (ref in January)
            return d.replace(year=ref.year - 1) if d > ref + timedelta(days=31) else d
    return None


def split_articles(text: str, ref: date) -> list[Article]:
    paras = tables.rebuild(paragraphs(text))  # a table's rows, one paragraph a row, cells named
    groups: list[list[Paragraph]] = []
    for p in paras:
        if p.heading_level in (1, 2) or not groups:
            groups.append([p])
        else:
            groups[-1].append(p)
    # a page title ('#') followed at once by an article heading ('##') is not an article itself
    groups = [g for g in groups if not (len(g) == 1 and g[0].heading_level == 1 and len(groups) > 1)]
    articles = []
    for g in groups:
        title_p = None
        for p in g[:3]:
            if is_meta(p.text):
                continue
            # 2022年度…进度表(截至10月31日) ends with a bracket, not a full stop: still a title
            if p.heading_level or ((p.is_short_line or len(p.sentences) == 1 and p.text[-1] in _TITLE_ENDS)
                                   and len(p.text) <= 60):
                title_p = p
            break
        body = [p for p in g if not is_meta(p.text)]
        articles.append(Article(title_p.text if title_p else None, article_date(g, ref), body, title_p, g))
    return articles
