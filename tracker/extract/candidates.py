"""Candidates: every quantity or deadline the parser saw and did not take, with the reason.

    >>> from tracker.extract import extract_document
    >>> [(c.target_value, c.reason) for c in extract_document("去年全区新建学校12所。", ref_date="2020-03-01").candidates]
    [(12, 'past_fact')]

What the parser misses, a reviewer should find in seconds: the review page lists these beside
an article's records, and one click turns a candidate into a commitment with its fields
filled in. The reasons are codes (REASONS); tracker/labels.py says them in Chinese.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from tracker.extract import counts, tables, tasks
from tracker.extract.deadlines import _trigger as deadline_trigger
from tracker.extract.quantities import _trigger as quantity_trigger
from tracker.extract.quantities import find_quantities, is_condition
from tracker.extract.records import Candidate, Commitment

if TYPE_CHECKING:
    from tracker.extract.pipeline import ArticleParser

REASONS = (
    "past_fact",  # 已建成, 去年完成了...: done, nothing promised
    "progress_reading",  # 已完成344公里 beside a target of 300公里: a reading, not a record
    "review_section",  # under 过去一年 / 回顾: the report of past work
    "table_column",  # a count in a progress, unit or note column
    "condition",  # 65岁以上的老人, 10亿元以上项目: a threshold, not a target
    "list_count",  # 为民办好十件实事: / 涉及5个乡镇: a count announcing or scoping a list
    "duplicate",  # the same commitment stated again
    "no_task",  # a date with no named work (确保完成全年各项目标任务)
    "no_cue",  # nothing says it is promised
)


class _Cover:
    """Which spans the records already cover, asked in logarithmic time.

    A span is covered by a record (of the same value, unless value is None) that starts at or
    before it and ends no earlier than one character before its end. Trying every record for
    every quantity cost their product: minutes on a page of thousands of dated items.
    """

    def __init__(self, records: list[Commitment]):
        groups: dict = {None: []}
        for r in records:
            groups[None].append((r.start, r.end))
            if r.target_value is not None:
                groups.setdefault(r.target_value, []).append((r.start, r.end))
        self._by_value: dict = {}
        for key, spans in groups.items():
            spans.sort()
            ends, reach = [], -1
            for _, e in spans:
                reach = max(reach, e)
                ends.append(reach)  # the furthest end of any record starting at or before this one
            self._by_value[key] = ([a for a, _ in spans], ends)

    def __call__(self, start: int, end: int, value) -> bool:
        starts, ends = self._by_value.get(value, ((), ()))
        k = bisect.bisect_right(starts, start)
        return k > 0 and end <= ends[k - 1] + 1


def _reason(parser: ArticleParser, p, sent, clause, q, nxt, readings: set, section) -> str:
    text = clause.text
    if p.roles and p.role_at(clause.start + q.start) not in tables.READ_ROLES:
        return "table_column"
    if (q.value, q.unit) in readings:
        return "progress_reading"
    if is_condition(text, q, nxt):
        return "condition"
    nxt_p = parser.next_paragraph_of(p)
    if counts.announces(p.text, text, clause.start, clause.sep, q, nxt_p.text if nxt_p else None):
        return "list_count"
    if parser._clause_cue(text[: q.start + 1] or text) == "past" or parser._sentence_cue(sent) == "past":
        return "past_fact"
    if section is not None and section.tense == "review":
        return "review_section"
    return "no_cue"


def candidates(parser: ArticleParser, records: list[Commitment]) -> list[Candidate]:
    """The quantities and deadlines of an article that no record took, each once, in text order."""
    from tracker.extract.frame import section_at

    out: list[Candidate] = []
    readings = {(value, unit) for _, value, _, _, unit in parser.readings}
    _covered = _Cover(records)
    taken = {(r.target_value, r.unit) for r in records}
    a = parser.a
    for p in a.paragraphs:
        section = section_at(parser.frame, p.start) if parser.frame else None
        for sent in p.sentences:
            if not (quantity_trigger().search(sent.text) or deadline_trigger().search(sent.text)):
                continue  # no number and no time word: nothing to keep
            for ci, clause in enumerate(sent.clauses):
                qs = parser._quantity_memo.get(clause.text)
                if qs is None:
                    qs = find_quantities(clause.text)
                own = [d for d in parser._deadlines(clause.text) if d.strong]
                if not qs and not own:
                    continue
                sentence, start, end = parser._sentence_span(p, sent, ci, ci)
                clause_task = tasks.clean(clause.text) if qs else ""
                deadline, deadline_text = parser._deadline_fields(own[0], clause.text) if own else (None, None)
                for i, q in enumerate(qs):
                    if _covered(*p.span(clause.start + q.start, clause.start + q.end), q.value):
                        continue
                    same = (q.value, q.unit) in taken
                    nxt = qs[i + 1] if i + 1 < len(qs) else None
                    reason = _reason(parser, p, sent, clause, q, nxt, readings, section)
                    if same and reason == "no_cue":
                        reason = "duplicate"
                    # the clause itself as the task to start from: a reviewer edits it anyway, and the
                    # full task reading would cost as much again as the records it did not make
                    task = clause_task
                    out.append(Candidate(parser.source, sentence, q.value, q.unit, deadline, reason, task or None,
                                         deadline_text, a.title, start, end))
                if not qs and own and not _covered(*p.span(clause.start, clause.end), None):
                    task = tasks.task_for_deadline(clause.text, [(d.start, d.end) for d in own])
                    reason = "no_task" if tasks.is_generic(task) or len(task) <= 2 else (
                        "past_fact" if parser._clause_cue(clause.text) == "past" else "no_cue")
                    out.append(Candidate(parser.source, sentence, None, None, deadline, reason, task or None,
                                         deadline_text, a.title, start, end))
    return out
