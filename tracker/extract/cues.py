"""Cues: does a stretch of text promise something, or report what happened?

    >>> cue("老旧片区整治提升工作要确保全年完成366个老旧小区改造任务"), cue("去年完成了造林绿化2万亩")
    ('commit', 'past')

The words are in tracker/lexicon/cues.yaml; the first cue in the text wins, so
"已建成的项目要确保..." is a fact and "确保已开工项目年内完工" a commitment.
"""

from __future__ import annotations

import re

from tracker.extract.lexicon import lexicon

_YEAR = re.compile(r"(?<![到至\d])((?:19|20)\d{2})\s*年(?!底|末|前|内)")


def cue(text: str) -> str | None:
    """'commit', 'past' or None for one stretch of text; the first cue wins."""
    lex = lexicon()
    past, commit = lex.past.search(text), lex.commit.search(text)
    if past and (not commit or past.start() <= commit.start()):
        return "past"
    if commit:
        return "commit"
    return None


def lead_mode(text: str) -> str | None:
    """'progress' or 'plan' for a title or heading (2019年工作计划, 1-4月民生实事推进情况), else None."""
    lex = lexicon()
    if lex.progress_lead.search(text):
        return "progress"
    if lex.plan_lead.search(text):
        return "plan"
    return None


def past_year(text: str, year: int) -> bool:
    """2018年,全区新建学校12所 read in a 2019 article: a year before the article's own."""
    return any(int(y) < year for y in _YEAR.findall(text))
