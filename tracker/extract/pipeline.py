"""The pipeline: articles -> paragraphs -> sentences -> clauses -> commitments.

    >>> [(r.target_value, r.unit, r.deadline) for r in extract("老旧片区整治提升工作要确保全年完成366个老旧小区改造任务。", ref_date="2019-04-26")]
    [(366, '个', '2019-12-31')]

Each dimension module finds its spans (quantities, deadlines, people, cues); this module
decides which clauses are commitments and carries context downwards: a dated lead
(2017年,区政府将努力为民办好十件实事:) gives its year to the items under it, a speaker
(张艳敏表示) owns the requirements after the name in that paragraph, a body named as the
subject (市教育局要在11月底...) owns the clauses that follow it in the paragraph.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from datetime import date

from tracker import dates
from tracker.extract import counts, cues, people, tables, tasks
from tracker.extract.articles import Article, split_articles
from tracker.extract.candidates import candidates
from tracker.extract.deadlines import Deadline, find_deadlines, resolve_in
from tracker.extract.deadlines import _trigger as _deadline_trigger
from tracker.extract.frame import name_date, read_frame, section_at, words
from tracker.extract.lexicon import lexicon
from tracker.extract.progress_lines import restated
from tracker.extract.quantities import Quantity, find_quantities, is_condition
from tracker.extract.quantities import _trigger as _quantity_trigger
from tracker.extract.records import Candidate, Commitment, Extraction, Frame, Official, ProgressReading, Section
from tracker.extract.text import Clause, Paragraph, Sentence, strip_numbering

_LEX = lexicon()  # loaded once when the parser is first imported (a few milliseconds)
_CONTINUATION = _LEX.words("continuation", "^(?:{})")
_CONTEXT_ONLY = _LEX.words("context_only", "^(?:{})$")
_STRONG_CUES = _LEX.words("strong_cues")
_COMPLETION = _LEX.words("completion")
_ENUM_ITEM = re.compile(r"^(?:[一二三四五六七八九十]{1,2}[是要、]|[（(][一二三四五六七八九十\d]{1,2}[)）])")
_TARGET_TABLE = re.compile(f"(?:{_LEX.structure['table_things']}).{{0,16}}(?:{_LEX.structure['table_kinds']})")
_PERIOD_START = _LEX.words("period_start", "^(?:{})")
_EVENT = _LEX.words("event")
_SPEAKS = _LEX.words("speaks")
_FRAMING = _LEX.words("framing", "[^，,。各]{{0,4}}?(?:{})")
_TABLE_HEAD = _LEX.words("table_head", "^(?:{})")
_THIS_YEAR_FIRST = re.compile(r"^(?:今年|本年度)[，,]")
_JOINED = _LEX.words("joined")
_MEETING = _LEX.words("meeting")  # 主持召开市长例会,研究安排七月份重点工作: the meeting's agenda
# 3月底前, / 到2025年年底前,: what is left of a clause once its time words are gone
TIME_LEFTOVER_MAX = 3
LEAN_AHEAD = 3  # sentences that lay down work, and times as many as look back, make an undecided text a plan
_TIME_LEAD = _LEX.words("time_lead", "^(?:{})")  # 到, 至, 在, 于 before a time
# A row this short is one record's sentence whole (commitments.md); a work cell that is a
# paragraph of its own keeps each record to its clause, as prose does.
ROW_SENTENCE_MAX = 100
_CELL_LIST = re.compile(r"[、，,；;/\s]+")
_TARGET_IS = _LEX.structure["target_is"]  # 主要预期目标是: announces the targets after it
_FINISH = _LEX.structure["finish"]  # 完成6月底前...: a date the work must be finished by
_OWN_WORK = tuple(_LEX.structure["own_work"].split("|"))  # 重点工作, 任务: a heading naming someone's part
_PROGRESS_SPLIT = re.compile(f"{words().progress.pattern}|{words().under_way.pattern}")
_YEAR_PLANS = ("work_report", "livelihood_list")
_COMPLETION_END = _LEX.words("completion", "^(?:{})")
_MEETING_SAYS = _LEX.words("meeting_says", "^会议(?:{})")


@dataclass
class Found:
    """A record in the making, with what the dedupe step needs."""

    record: Commitment
    value_key: tuple
    heading: bool
    strong: bool
    sentence_id: int
    deadline: Deadline | None = None
    own_deadline: Deadline | None = None
    clause_index: int = 0


@dataclass
class ParagraphContext:
    """What holds across one paragraph: its speakers, bodies and people named, and the mode and date it sets."""

    p: Paragraph
    index: int
    section_mode: str | None
    speakers: list
    labelled_units: list[str]
    labelled_officials: list[Official]
    meeting: str | None
    is_title: bool = False
    mode: str | None = None  # 'commit' or 'past' once a sentence of the paragraph says so
    deadline: Deadline | None = None  # a lead's or framing year's date for the items after it
    subject: str | None = None  # the body the last clause made responsible


@dataclass
class SentenceContext:
    pc: ParagraphContext
    sent: Sentence
    sid: int
    cues: list  # each clause's cue
    carry: Deadline | None = None  # the date the clauses so far carry forward
    numeric: list = field(default_factory=list)
    dated: list = field(default_factory=list)


@dataclass
class ClauseContext:
    pc: ParagraphContext
    sc: SentenceContext
    ci: int
    clause: Clause
    own: list  # the clause's own deadlines
    quantities: list = field(default_factory=list)
    officials: list = field(default_factory=list)
    units: list = field(default_factory=list)


@dataclass
class ArticleState:
    article: Article
    ref: date
    known: dict[str, Official]
    mode: str | None = None  # 'plan', 'progress' or None for news
    lead_deadline: Deadline | None = None
    lead_units: list[str] = field(default_factory=list)
    report: Official | None = None
    organiser: str | None = None
    last_person: Official | None = None


def _merge_context(clauses: list[Clause]) -> list[Clause]:
    """今年, / 3月底前, / 到2025年年底前, standing alone belong to the clause after them."""
    out: list[Clause] = []
    pending: Clause | None = None
    for c in clauses:
        if pending is not None:
            c = Clause(pending.text + pending.sep + c.text, pending.start, c.end, c.sep)
            pending = None
        # cheapest test first: most short clauses hold no time word at all
        only_time = len(c.text) <= 10 and (_CONTEXT_ONLY.match(c.text) or _only_time(c.text)) and not find_quantities(c.text)
        if only_time and c.sep in ("，", ","):
            pending = c
            continue
        out.append(c)
    if pending is not None:
        out.append(pending)
    return out


def _only_time(text: str) -> bool:
    """A clause that is a time and little else: the deadline finder's spans, not a second list of time words."""
    spans = find_deadlines(text)
    if not spans:
        return False
    left = tasks._remove_spans(text, [(d.start, d.end) for d in spans])
    return len(_TIME_LEAD.sub("", left)) <= TIME_LEFTOVER_MAX


def _value_only(p: Paragraph) -> bool:
    """A line that is nothing but a number with its unit (6%以上, 3幢)."""
    if not p.is_short_line or len(p.text) > 12:
        return False
    qs = find_quantities(p.text)
    return len(qs) == 1 and len(p.text) - (qs[0].end - qs[0].start) <= 3


class ArticleParser:
    def __init__(self, article: Article, source: str, ref: date, frame: Frame | None = None):
        self.a = article
        self.frame = frame
        self.source = source
        self.year_ref = article.date or ref
        full = "".join(p.text for p in article.paragraphs)
        known = {o.name: o for o in people.find_titled_people(full)}
        self.st = ArticleState(article, self.year_ref, known)
        self.st.report = people.report_speaker(full, known)
        self.st.organiser = people.organiser("".join(p.text for p in article.paragraphs[:3]))
        if article.title:
            # 2025年区政府工作报告目标任务...汇总表: the year of the targets governs the rows
            m = re.search(r"((?:19|20)\d{2})\s*年[^，,。]{0,14}?(?:目标|任务|计划|实事|工作要点|重点工作|惠民|民生|工程|项目)", article.title)
            if m:
                self.st.lead_deadline = next(iter(find_deadlines(m.group(1) + "年")), None)
            self.st.mode = cues.lead_mode(article.title)
            if self.st.mode != "progress" and cues.past_year(article.title, self.year_ref.year):
                self.st.mode = "progress"
        # the same clause is asked about several times; these memos live as long as the article
        self._deadline_memo: dict[str, list[Deadline]] = {}
        self._cue_memo: dict[str, str | None] = {}
        self._quantity_memo: dict[str, list[Quantity]] = {}
        self._lean_value: str | None | bool = False  # worked out only if a clause needs it
        # 2025年区政府工作报告目标任务上半年推进情况汇总表: rows hold targets beside their progress
        self.target_table = bool(article.title and _TARGET_TABLE.search(article.title))
        self.found: list[Found] = []
        self.last_row: list[Found] = []
        self.heading_speaker: Official | None = None
        self._speakers: list = []
        self.heading_sticky = False
        self.sentence_counter = 0
        self.section = None
        # a work report's or a livelihood list's targets that name no year are the article's year's
        self.genre_deadline = (_year_deadline(Section(None, "plan"), self.year_ref.year)
                               if frame is not None and frame.genre in _YEAR_PLANS else None)
        self.readings: list[tuple] = []  # (Found of the target, value, (start, end) of its sentence, sentence, unit)
        self.row_progress: list[tuple] = []
        self._next_of: dict | None = None
        self.row_deadline: Deadline | None = None
        self._row_units: list[str] = []
        self._row_people: list[Official] = []
        self.section_deadline: Deadline | None = None

    @property
    def lean(self) -> str | None:
        if self._lean_value is False:
            self._lean_value = self._lean()
        return self._lean_value

    def _lean(self) -> str | None:
        """'plan' when an undecided text mostly lays down work (要..., 加快..., 确保...), else None.

        A work report's list of targets often carries no cue in each item; the rest of the
        text tells whether it looks ahead or back.
        """
        lex = lexicon()
        ahead = back = 0
        for p in self.a.paragraphs:
            for sent in p.sentences:
                cue = self._sentence_cue(sent)
                if cue == "past":
                    back += 1
                elif cue == "commit" or lex.imperative.search(_ENUM_ITEM.sub("", sent.text[strip_numbering(sent.text):])):
                    ahead += 1
        if self.frame is not None and self.frame.genre == "work_report" and ahead and not back:
            return "plan"  # an excerpt of a work report's plan part: nothing in it looks back
        return "plan" if ahead >= LEAN_AHEAD and ahead >= LEAN_AHEAD * back else None

    # ---- deadlines -------------------------------------------------------------------------
    def _deadlines(self, text: str) -> list[Deadline]:
        found = self._deadline_memo.get(text)
        if found is None:
            found = self._deadline_memo[text] = [d for d in find_deadlines(text) if d.is_deadline]
        return found

    def _resolve(self, d: Deadline, text: str) -> date | None:
        return resolve_in(text, d, self.year_ref)

    # ---- the walk ----------------------------------------------------------------------------
    def run(self) -> list[Commitment]:
        section_mode = None
        for index, p in enumerate(self.a.paragraphs):
            heading = p.heading_level > 0 or (p.is_short_line and len(p.text) <= 25 and not find_quantities(p.text))
            if heading and p is not self.a.title_paragraph:
                mode = cues.lead_mode(p.text)
                if cues.past_year(p.text, self.year_ref.year):
                    mode = "progress"
                if mode:
                    section_mode = mode
                    if mode == "plan":
                        ds = [d for d in self._deadlines(p.text)]
                        if ds:
                            self.st.lead_deadline = ds[0]
            section = section_at(self.frame, p.start) if self.frame else None
            if section is not None and section.tense != "news":
                # the document frame knows whether this part looks back or ahead, and for which year
                section_mode = "plan" if section.tense == "plan" else "progress"
                self.section = section
                self.section_deadline = _year_deadline(section) if section.tense != "review" else None
            self.next_paragraph = self.a.paragraphs[index + 1] if index + 1 < len(self.a.paragraphs) else None
            if _value_only(p):
                # a table flattened one cell a line: 区级财政收入增长率 / 6%以上 / 28.97% / 区财政局;
                # the value right after its label is the target, a value after a value is the result
                prev = self.a.paragraphs[index - 1] if index else None
                if prev is None or not prev.is_short_line or find_quantities(prev.text) or prev is self.a.title_paragraph:
                    continue
                p = Paragraph(prev.text + p.text, prev.offsets + p.offsets, is_short_line=True, cells=(prev.text, p.text))
            self.paragraph(p, index, section_mode)
        return self.dedupe()

    def follow_on_row(self, p: Paragraph) -> bool:
        """A row that only adds lead units or a date to the records of the row above."""
        if not self.last_row or len(p.text) > 60:
            return False
        cells = [c for c in (p.cells or (p.text,)) if c.strip("。，,;；、")]
        if cells and all(people.is_unit_name(c) for c in cells):
            for f in self.last_row:
                extra = tuple(c.strip("。，,;；、") for c in cells if c.strip("。，,;；、") not in f.record.units)
                f.record = replace(f.record, units=f.record.units + extra)
            return True
        ds = self._deadlines(p.text)
        if len(ds) == 1 and len(p.text) - len(ds[0].text) <= 3:
            deadline, text = self._deadline_fields(ds[0], p.text)
            for f in self.last_row:
                if f.own_deadline is None:
                    f.record = replace(f.record, deadline=deadline, deadline_text=text)
            return True
        return False

    def paragraph(self, p: Paragraph, index: int, section_mode: str | None) -> None:
        if self.follow_on_row(p):
            return
        before = len(self.found)
        self._paragraph(p, index, section_mode)
        if p.roles:
            self._close_row(p, before)
        elif "official" in p.header:
            self._run_together_leaders(p, before)
        self.last_row = self.found[before:]
        named = [person for _, person in self._speakers if person]
        if named:
            self.st.last_person = named[-1]  # 他说 in a later paragraph refers back to this person

    def _paragraph(self, p: Paragraph, index: int, section_mode: str | None) -> None:
        """Read one paragraph: its context first, then each sentence that holds a number or a time, clause by clause."""
        pc = self._paragraph_context(p, index, section_mode)
        for sent in p.sentences:
            self.sentence_counter += 1
            if not (_quantity_trigger().search(sent.text) or _deadline_trigger().search(sent.text)):
                self._plain_sentence(pc, sent)
                continue
            sc = self._sentence_context(pc, sent)
            for ci, clause in enumerate(sent.clauses):
                cc = ClauseContext(pc, sc, ci, clause, self._deadlines(clause.text))
                self._carry_deadline(cc)
                self._read_lead(cc)
                self._read_framing(cc)
                self._read_people(cc)
                if cc.quantities:
                    self._take_quantities(cc)
                elif cc.own and self._may_date_alone(p, sent, clause, pc.is_title, sc.cues):
                    self._take_dated(cc)
            self._close_sentence(sc)

    # ---- the steps of a paragraph -----------------------------------------------------------------
    def _paragraph_context(self, p: Paragraph, index: int, section_mode: str | None) -> ParagraphContext:
        """Who speaks, which bodies and people are named, and what the paragraph is (title, table row)."""
        st = self.st
        speakers = self._speakers = people.speaker_mentions(p.text, st.known) if st.known else []
        if self.heading_speaker is not None:
            speakers = [(-1, self.heading_speaker), *speakers]
        # 周三连要求 / 一、徐国龙副市长重点工作 on a line of its own: the person owns what follows,
        # the next paragraph for a speaker, the rows up to the next heading for a section heading
        person = self._heading_person(p) if p.is_short_line else None
        if person is not None:
            self.heading_speaker, self.heading_sticky = person, not _SPEAKS.search(p.text)
        elif not self.heading_sticky or (p.is_short_line and _ENUM_ITEM.match(p.text)):
            self.heading_speaker, self.heading_sticky = None, False
        labelled_units = people.labelled_units(p.text)
        if len(p.cells) >= 2:
            labelled_units += [c.strip("。，,;；、") for c in p.cells if people.is_unit_name(c) and c not in labelled_units]
        labelled_officials = people.labelled_officials(p.text, st.known)
        self.row_deadline = None
        if p.roles:
            # a task table's row: its deadline, units and leaders stand in their own columns
            self.row_deadline, row_units, row_people = self._row_columns(p)
            labelled_units += [u for u in row_units if u not in labelled_units]
            labelled_officials = [*labelled_officials, *(o for o in row_people if o not in labelled_officials)]
        meeting = st.organiser if _MEETING_SAYS.match(p.text) else None
        return ParagraphContext(p, index, section_mode, speakers, labelled_units, labelled_officials, meeting,
                                is_title=p is self.a.title_paragraph)

    def _plain_sentence(self, pc: ParagraphContext, sent: Sentence) -> None:
        """Most sentences name no number and no time: only their cue and subject matter here."""
        pc.subject = people.subject_unit(sent.text) or pc.subject
        sent_cue = self._sentence_cue(sent)
        if "：" in sent.text or ":" in sent.text or _TARGET_IS in sent.text:
            sent_cue = "commit"
        if sent_cue == "past" or (sent_cue and self.st.mode != "progress"):
            pc.mode = sent_cue

    def _sentence_context(self, pc: ParagraphContext, sent: Sentence) -> SentenceContext:
        sent.clauses = _merge_context(sent.clauses)
        self.sentence_text = sent.text
        self.table_row = pc.p.is_short_line or len(pc.p.cells) >= 3
        held = next((c for c in sent.clauses if _MEETING.search(c.text)), None)
        self._held_meeting = held is not None and not any(d.strong for d in self._deadlines(held.text))
        clause_cues = [self._clause_cue(c.text) for c in sent.clauses]
        for ci, c in enumerate(sent.clauses):
            if (c.sep in ("：", ":") or _TARGET_IS in c.text) and lexicon().plan_lead.search(c.text):
                clause_cues[ci] = "commit"  # 报告确定了我区今年主要预期目标是: announces targets
        return SentenceContext(pc, sent, self.sentence_counter, clause_cues)

    def _carry_deadline(self, cc: ClauseContext) -> None:
        """A clause's own date carries to the clauses after it; a new requirement starts without one."""
        sc, text = cc.sc, cc.clause.text
        if cc.own:
            sc.carry = self._pick(cc.own, text)
        elif (sc.cues[cc.ci] == "commit" and cc.ci > 0) or _ENUM_ITEM.match(text):
            # a new requirement does not inherit the last one's date, only the year the sentence is framed in
            sc.carry = sc.carry if sc.carry is not None and not sc.carry.strong else None

    def _read_lead(self, cc: ClauseContext) -> None:
        """A lead: 今年...主要预期目标是:, 2017年,区政府将努力为民办好十件实事: its date and mode govern what follows."""
        pc, sc, clause, st = cc.pc, cc.sc, cc.clause, self.st
        text, lex = clause.text, lexicon()
        announces = clause.sep in ("：", ":") or _TARGET_IS in text
        ends_lead = announces or (
            lex.lead_end.search(text) and (lex.lead_verbs.search(text) or pc.is_title) and not find_quantities(text)
        )
        if not (ends_lead and lex.plan_lead.search(text)):
            return
        lead_d = sc.carry or next(iter(self._deadlines(sc.sent.text[: clause.end - sc.sent.start])), None)
        article_scope = announces or pc.index <= 1 or pc.is_title
        if lead_d is not None:
            if article_scope:
                st.lead_deadline = lead_d
            else:
                pc.deadline = lead_d
        if announces:
            if article_scope:
                st.mode = st.mode if st.mode == "progress" else "plan"
            pc.mode = "commit"
            u = people.subject_unit(re.sub(r"^.*?[，,]", "", text)) or people.subject_unit(text)
            if u:
                st.lead_units = [u]

    def _read_framing(self, cc: ClauseContext) -> None:
        """今年惠民工程共涉及20项。一是...: the year of the work named frames the paragraph's items."""
        pc, text = cc.pc, cc.clause.text
        if pc.deadline is not None:
            return
        framing = [d for d in cc.own if d.kind == "year_end" and _FRAMING.match(text, d.end)]
        if framing and (self._resolve(framing[0], text) or date.min) >= self.year_ref:
            pc.deadline = framing[0]
            pc.mode = pc.mode or "commit"

    def _read_people(self, cc: ClauseContext) -> None:
        """The body and people a clause belongs to, worked out only where it holds a number or a date."""
        pc, text = cc.pc, cc.clause.text
        su = people.subject_unit(text)
        if su:
            pc.subject = su
        cc.quantities = self._quantities(pc.p, cc.sc.sent, cc.clause)
        if not (cc.quantities or cc.own):
            return
        officials = self._officials(pc.p, cc.clause, pc.speakers, pc.labelled_officials)
        units = self._units(pc.labelled_units, pc.subject, pc.meeting)
        lead_units, lead_people = people.led_by(cc.sc.sent.text, self.st.known)
        cc.units = [*units, *(u for u in lead_units if u not in units)]
        cc.officials = [*officials, *(o for o in lead_people if o not in officials)]

    def _take_quantities(self, cc: ClauseContext) -> None:
        """Each quantity of the clause that is a target becomes a record in the making."""
        pc, sc, clause = cc.pc, cc.sc, cc.clause
        p, text = pc.p, clause.text
        for q, item in cc.quantities:
            if p.roles and p.role_at(clause.start + q.start) not in tables.READ_ROLES:
                if p.role_at(clause.start + q.start) == "progress":
                    self.row_progress.append((q, p, sc.sent))
                continue  # a count in a progress, unit or note column is no target
            if item != text and self._clause_cue(text[: text.find(item)]) == "past" and not self._future(item):
                continue  # 与2024年相比...、年度计划投资增加35亿元: the list is a comparison
            line = self._progress_line(p, sc.sent, clause, q)
            basis = "progress" if line is not None else self._is_commitment(item, sc.cues, cc.ci, pc.mode, pc.section_mode,
                                                                            list_item=item != text)
            if basis is None:
                continue
            f = self._numeric(p, sc.sent, cc.ci, clause, q, cc.quantities, sc.carry, pc.deadline, cc.officials, cc.units,
                              pc.is_title, sc.sid)
            f.record = replace(f.record, basis=basis, confidence=confidence(basis, f.record))
            if line is not None:
                # 30公里城市绿道已完成18公里: the task is what stands before the progress words
                task = _PROGRESS_SPLIT.split(f.record.task, maxsplit=1)[0]
                if len(task) >= 2:
                    f.record = replace(f.record, task=task)
                if line.value is not None:
                    # the reading's sentence runs from the target's clause to the reading
                    stop = clause.start + q.end + line.end
                    self.readings.append((f, line.value, p.span(clause.start, stop), p.text[clause.start:stop], q.unit))
            sc.numeric.append(f)

    def _take_dated(self, cc: ClauseContext) -> None:
        """A clause with a real deadline and no number: a deadline-only record in the making (one an item)."""
        pc, sc, clause = cc.pc, cc.sc, cc.clause
        text, own = clause.text, cc.own
        strong = [d for d in own if d.strong or (re.search(_FINISH + re.escape(d.text), text) and not tasks.is_generic(
            tasks.task_for_deadline(text, [(x.start, x.end) for x in own])))]
        if not strong or not self._is_commitment(text, sc.cues, cc.ci, pc.mode, pc.section_mode):
            return
        pieces = [(a, b, t) for a, b, t in self._items_any(text) if any(a <= d.start < b for d in strong)]
        if len(pieces) > 1 and all(len(t) >= 6 for _, _, t in pieces):
            # 2023年底前具备封关硬件条件、2024年底前完成封关各项准备: one record an item
            for a, _, piece in pieces:
                piece = piece.rstrip("、")
                item = Clause(piece, clause.start + a, clause.start + a + len(piece), clause.sep)
                d = self._pick([d for d in strong if a <= d.start < a + len(piece)])
                sc.dated.append((cc.ci, item, next(x for x in self._deadlines(piece) if x.text == d.text), cc.officials, cc.units))
        else:
            sc.dated.append((cc.ci, clause, self._pick(strong, text), cc.officials, cc.units))

    def _finish_dates(self, sc: SentenceContext) -> None:
        """提质改造农村公路5条37.7公里,计划4月开工建设,11月完工: the count is due when the work is finished."""
        undated = [f for f in sc.numeric if f.own_deadline is None and sc.cues[0] != "past"]
        done = [(ci, clause, d) for ci, clause, d, _, _ in sc.dated
                if _COMPLETION_END.search(clause.text[d.end:]) and all(ci > f.clause_index for f in undated)]
        if not undated or not done:
            return
        ci, clause, d = done[-1]
        deadline, deadline_text = self._deadline_fields(d, clause.text)
        for f in undated:
            f.record = replace(f.record, deadline=deadline, deadline_text=deadline_text)
            f.deadline = f.own_deadline = d
        sc.dated = [x for x in sc.dated if x[2] is not d]

    def _close_sentence(self, sc: SentenceContext) -> None:
        """The sentence's records kept; a date-only one only where its date is not a number's."""
        pc, p = sc.pc, sc.pc.p
        sent_cue = next((c for c in reversed(sc.cues) if c), None)  # the last word of a sentence sets the tone after it
        if sent_cue == "past" or (sent_cue and self.st.mode != "progress"):
            pc.mode = sent_cue  # in a progress report a goal restated does not make the facts after it promises
        self.found.extend(sc.numeric)
        if p.roles and any(p.role_at(c.start) not in tables.READ_ROLES for c in sc.sent.clauses):
            return  # a date in the deadline column is the row's, not a record of its own
        self._finish_dates(sc)
        used = [f.deadline for f in sc.numeric]
        for ci, clause, d, officials, units in sc.dated:
            if any(d is u for u in used) or lexicon().purpose.search(clause.text):
                continue  # the date belongs to the numbers of this sentence
            f = self._dated(p, sc.sent, ci, clause, d, officials, units, pc.is_title, sc.sid)
            if f:
                self.found.append(f)

    def _row_columns(self, p: Paragraph) -> tuple[Deadline | None, list[str], list[Official]]:
        """The deadline, units and officials a table row names in their columns."""
        deadline, units, officials = None, [], []
        for cell, role in zip(p.cells, p.roles, strict=False):
            pieces = [x for x in _CELL_LIST.split(cell) if x]
            if role == "deadline" and deadline is None:
                found = self._deadlines("".join(cell.split()))
                deadline = self._pick(found) if found else None
            elif role == "unit":
                units += [x for x in pieces if x not in units]
            elif role == "official":
                for x in pieces:
                    named = people.find_titled_people(x) or ([Official(x)] if people.is_plain_name(x) else [])
                    officials += [o for o in named if o not in officials]
        self._row_units, self._row_people = units, officials
        return deadline, units, officials

    def next_paragraph_of(self, p: Paragraph) -> Paragraph | None:
        paras = self.a.paragraphs
        if self._next_of is None:
            self._next_of = {id(x): (paras[i + 1] if i + 1 < len(paras) else None) for i, x in enumerate(paras)}
        return self._next_of.get(id(p))

    def progress_readings(self, records: list[Commitment], offset: int = 0) -> list[ProgressReading]:
        """Each progress stated beside a kept target, pointing at that record (by index in the whole output)."""
        index = {id(r): n for n, r in enumerate(records)}
        out = []
        for f, value, (start, end), sentence, unit in self.readings:
            n = index.get(id(f.record))
            if n is not None:
                out.append(ProgressReading(self.source, sentence.replace(tables.CELL_SEP, ""), offset + n, value, unit,
                                           self.a.date.isoformat() if self.a.date else None, start, end))
        return out

    def _run_together_leaders(self, p: Paragraph, before: int) -> None:
        """In a table whose cells ran together, the leader named after a row's work leads its records."""
        leaders = tables.leaders_in_run(p.text)
        if not leaders:
            return
        for f in self.found[before:]:
            end = bisect.bisect_left(p.offsets, f.record.end - 1)
            person = next((Official(name) for at, name in leaders if at >= end), None)
            if person is not None and person.name not in {o.name for o in f.record.officials}:
                f.record = replace(f.record, officials=(*f.record.officials, person))

    def _close_row(self, p: Paragraph, before: int) -> None:
        """A table row read: records get its basis, a dated row without a number its record, progress its readings."""
        row = self.found[before:]
        whole = len(_row_sentence(p)) <= ROW_SENTENCE_MAX
        for f in row:
            f.record = replace(f.record, basis="table", confidence=confidence("table", f.record))
            if whole:
                f.record = replace(f.record, sentence=_row_sentence(p), start=p.start, end=p.end)
        if not row:
            f = self._row_record(p, self.sentence_counter)
            if f is not None:
                self.found.append(f)
                row = [f]
        for q, _, _ in self.row_progress:
            # 80% in 当前进度 beside 新建公办园5所: how far the row's work has come
            for f in row:
                self.readings.append((f, q.value, (p.start, p.end), p.text, q.unit))
        self.row_progress = []

    def _row_record(self, p: Paragraph, sid: int) -> Found | None:
        """A row with named work and a date but no number: a deadline-only record (4月底前 完成方案设计招标)."""
        if self.row_deadline is None:
            return None
        work = next((c for c, r in zip(p.cells, p.roles, strict=False) if r in tables.READ_ROLES and c.strip()), None)
        if not work:
            return None
        work = "".join(work.split())
        task = tasks.tidy_task(tasks.clean(work[strip_numbering(work):]))
        if tasks.is_generic(task) or len(task) <= 2:
            return None
        deadline, deadline_text = self._deadline_fields(self.row_deadline, self.row_deadline.text)
        rec = Commitment(
            source=self.source, article_title=self.a.title, article_date=self.a.date.isoformat() if self.a.date else None,
            sentence=_row_sentence(p), target_value=None, unit=None, task=task, deadline=deadline, deadline_text=deadline_text,
            officials=tuple(self._row_people), units=tuple(self._row_units), start=p.start, end=p.end, basis="table",
        )
        rec = replace(rec, confidence=confidence("table", rec))
        return Found(rec, (None, self.row_deadline.text, task), False, False, sid)

    def _progress_line(self, p: Paragraph, sent: Sentence, clause: Clause, q: Quantity):
        """In a progress part, a count followed by what has been done of it is a target (progress_lines)."""
        if self.section is None or self.section.tense != "progress":
            return None
        if self._clause_cue(clause.text[:q.start]) == "past" and not words().target_before.search(clause.text[:q.start]):
            return None  # 现已完成路面铺设216公里: the progress itself
        return restated(p.text[clause.start + q.end:sent.end], q.unit, clause.text[:q.start])

    def _may_date_alone(self, p: Paragraph, sent: Sentence, clause: Clause, is_title: bool, clause_cues: list) -> bool:
        """Whether a clause with a deadline and no number may be a record of its own.

        Not a heading (一、上半年计划执行情况), not a progress report's title, not an event
        (会上, 召开), and not the agenda of a meeting held (主持召开市长例会,研究安排七月份重点工作).
        """
        if p.heading_level or (p.is_short_line and _ENUM_ITEM.match(p.text)):
            return False
        if is_title and self.st.mode == "progress":
            return False
        if _EVENT.search(clause.text):
            return False
        return not (self._held_meeting and "commit" not in clause_cues)

    def _pick(self, ds: list[Deadline], text: str | None = None) -> Deadline:
        """The deadline of a clause: the first real one; of 2月底或3月初 (joined so), the later."""
        strong = [d for d in ds if d.strong]
        first = (strong or ds)[0]
        if text is not None:
            later = next((d for d in strong if d.start > first.start), None)
            if later is not None and _JOINED.fullmatch(text[first.end:later.start]):
                return later
        return first

    # ---- is it a commitment? -------------------------------------------------------------------
    def _sentence_cue(self, sent: Sentence) -> str | None:
        return self._clause_cue(sent.text[strip_numbering(sent.text):])

    def _clause_cue(self, text: str) -> str | None:
        if text in self._cue_memo:
            return self._cue_memo[text]
        cue = cues.cue(text)
        if cue is None and cues.past_year(text, self.year_ref.year):
            cue = "past"  # 2018年,全区新建学校12所 (in a 2019 article); but 确保2021年立项项目... is still ahead
        self._cue_memo[text] = cue
        return cue

    def _future(self, text: str) -> list[Deadline]:
        """The real deadlines in text that are not yet past on the article's date."""
        return [d for d in self._deadlines(text) if d.strong and (self._resolve(d, text) or date.min) >= self.year_ref]

    def _is_commitment(self, item: str, clause_cues: list, ci: int, para_mode, section_mode, list_item: bool = False) -> str | None:
        """Why the item is a commitment (a BASES word: cue, lead, plan, table), or None when it is not."""
        own = self._clause_cue(item)
        if own == "past":
            return None
        if self._held_meeting and "commit" not in clause_cues:
            return None  # 就十项民生工程...进行督查并召开座谈会: what a meeting held looked at
        if own == "commit":
            return "cue"
        future = self._future(item)
        if future and list_item:
            return "cue"  # a dated item in a list of progress: "...工程11公里5月份开工"
        before = [c for c in clause_cues[:ci] if c]
        after = [c for c in clause_cues[ci + 1:] if c]
        # a later past cue makes the whole sentence a report (全年实现财政收入45亿元,可比增长14.75%);
        # a later promise does not reach back to a fact stated before it (新增众创空间52家,计划...)
        sentence = before[-1] if before else ("past" if "past" in after else None)
        if sentence:
            return "cue" if sentence == "commit" else None
        if future:
            return "cue"
        if self.year_ref.month <= 3 and _THIS_YEAR_FIRST.match(self.sentence_text):
            return "plan"  # 今年,永宁县实施高标准农田建设项目5个 written in March: this year's work still lies ahead
        if para_mode:
            return "lead" if para_mode == "commit" else None
        mode = section_mode or self.st.mode or self.lean
        if mode == "progress" and self.target_table and self.table_row and not _PERIOD_START.match(self.sentence_text):
            return "table"  # a target cell of a progress table; its progress cell starts with the period
        return "plan" if mode == "plan" else None

    # ---- quantities ---------------------------------------------------------------------------
    def _quantities(self, p: Paragraph, sent: Sentence, clause: Clause) -> list[tuple[Quantity, str]]:
        text = clause.text
        qs = self._quantity_memo.get(text)
        if qs is None:
            qs = self._quantity_memo[text] = find_quantities(text)
        if not qs:
            return []
        out = []
        items = self._items(text)
        for i, q in enumerate(qs):
            nxt = qs[i + 1] if i + 1 < len(qs) else None
            if is_condition(text, q, nxt):
                continue
            if counts.announces(p.text, clause.text, clause.start, clause.sep, q, self.next_paragraph.text if self.next_paragraph else None):
                continue
            item = next((t for a, b, t in items if a <= q.start < b), text)
            out.append((q, item))
        return out

    def _items(self, text: str) -> list[tuple[int, int, str]]:
        """、-separated pieces when each is a phrase of its own (progress lists), else the whole text."""
        parts = self._items_any(text)
        if len(parts) > 1 and all(len(t) >= 8 for _, _, t in parts):
            return parts
        return [(0, len(text), text)]

    @staticmethod
    def _items_any(text: str) -> list[tuple[int, int, str]]:
        """、-separated pieces, however short: (start, end, text)."""
        parts, pos = [], 0
        for piece in text.split("、"):
            parts.append((pos, pos + len(piece) + 1, piece))
            pos += len(piece) + 1
        return parts

    # ---- people ---------------------------------------------------------------------------------
    def _officials(self, p: Paragraph, clause: Clause, speakers, labelled) -> list[Official]:
        st = self.st
        out = list(labelled)
        current = named = None
        for pos, person in speakers:
            if pos > clause.start:
                break
            named = person or named
            current = person or named or st.last_person  # 他说: the last person named, here or before
        if current is None and st.report is not None:
            current = st.report
        if current is not None and current not in out:
            out.append(current)
        return out

    def _units(self, labelled: list[str], subject: str | None, meeting: str | None) -> list[str]:
        out = list(labelled)
        for u in [subject, meeting, *self.st.lead_units]:
            if u and u not in out and not labelled:
                out.append(u)
        return out

    # ---- records -----------------------------------------------------------------------------------
    def _sentence_span(self, p: Paragraph, sent: Sentence, first: int, last: int) -> tuple[str, int, int]:
        clauses = sent.clauses
        while first > 0 and (_CONTEXT_ONLY.match(clauses[first - 1].text) or len(clauses[first - 1].text) <= 6 and self._deadlines(clauses[first - 1].text)):
            first -= 1
        if first > 0 and _CONTINUATION.match(clauses[first].text) and not clauses[first].text.startswith("其中"):
            first -= 1
        a, b = clauses[first].start, clauses[last].end
        text = p.text[a:b]
        start, end = p.span(a, b)
        return text, start, end

    def _deadline_fields(self, d: Deadline | None, text: str) -> tuple[str | None, str | None]:
        if d is None:
            return None, None
        day = self._resolve(d, text)
        return (day.isoformat() if day else None), d.text

    def _numeric(self, p, sent, ci, clause, q, quantities, carry, para_deadline, officials, units, is_title, sid) -> Found:
        text = clause.text
        ds = self._deadlines(text)
        remove = [(d.start, d.end) for d in find_deadlines(text)]
        su = people.subject_unit(text)
        if su and su in text:
            at = text.index(su)
            remove.append((at, at + len(su)))
        others = [(o.start, o.end) for o, _ in quantities if o is not q]
        task = tasks.task_for_quantity(text, q.start, q.end, others, remove)
        # 6月底前下达60%以上、9月底前下达80%以上: each item of a list keeps its own date
        piece = next(((a, b) for a, b, _ in self._items_any(text) if a <= q.start < b), (0, len(text)))
        in_piece = [x for x in ds if piece[0] <= x.start < piece[1]]
        before_q = [x for x in ds if x.start < q.start]
        if in_piece:
            d = self._pick(in_piece)
        elif ds:
            d = before_q[-1] if before_q else self._pick(ds)
        else:
            d = carry or self.row_deadline or para_deadline or self.st.lead_deadline or self.section_deadline or self.genre_deadline
        deadline, deadline_text = self._deadline_fields(d, text)
        sentence, start, end = self._sentence_span(p, sent, ci, ci)
        rec = Commitment(
            source=self.source, article_title=self.a.title, article_date=self.a.date.isoformat() if self.a.date else None,
            sentence=sentence, target_value=q.value, unit=q.unit, task=task, deadline=deadline,
            deadline_text=deadline_text, officials=tuple(officials), units=tuple(units), start=start, end=end,
            value_text=q.text,
        )
        return Found(rec, (q.value, q.unit), is_title, bool(_STRONG_CUES.search(text)), sid, d, d if ds else None, ci)

    def _dated(self, p, sent, ci, clause, d, officials, units, is_title, sid) -> Found | None:
        text = clause.text
        remove = [(x.start, x.end) for x in find_deadlines(text)]
        su = people.subject_unit(text)
        if su and su in text:
            at = text.index(su)
            remove.append((at, at + len(su)))
        # 生态园林城市创建工作务必于6月底前实现各项目标任务达标: the topic before the cue names the work
        lex = lexicon()
        cue = lex.commit.search(text)
        first = ci
        task = tasks.task_for_deadline(text, remove)
        if cue and cue.start() > 2:
            predicate = tasks._remove_spans(text, remove)[text.find(cue.group()) + len(cue.group()):]
            if tasks.is_generic(task) or tasks.is_generic(tasks.clean(predicate)):
                task = tasks.tidy_task(tasks.clean(tasks._remove_spans(text[: cue.start()], remove)))
        residue = tasks.clean(tasks._remove_spans(text, remove))
        topic = self._topic(p)
        if topic and len(residue) <= 4 and _COMPLETION.search(residue):
            task = residue = tasks.tidy_task(topic + residue)  # 农村公路提质改造。...11月完工
        borrow = len(residue) <= 6 and _COMPLETION.search(residue) and "目标" not in residue
        if (tasks.is_generic(task) or len(task) <= 2) and not borrow:
            return None
        if tasks.is_generic(task) or len(task) <= 2:
            # 10月底完成年度任务 / 计划于6月份完工: the work is named in an earlier clause
            for j in range(ci - 1, -1, -1):
                prev = sent.clauses[j].text
                prev = tasks._remove_spans(prev, [(x.start, x.end) for x in find_deadlines(prev)])
                prev = re.split(r"位于|坐落于", prev)[0]
                psu = people.subject_unit(prev)
                named = tasks.clean(prev[len(psu):] if psu else prev)
                if not tasks.is_generic(named) and len(named) >= 3:
                    own_part = tasks.clean(tasks._remove_spans(text, remove))
                    own_part = "" if tasks.is_generic(own_part) and len(own_part) > 6 else own_part
                    task = tasks.tidy_task(self._strip_verb(named) + lex.generic_task.sub("", own_part) if own_part else named)
                    if "年度" in text and "任务" in text:
                        task = tasks.tidy_task(self._strip_verb(named) + "年度任务")
                    first = j
                    break
            else:
                return None
        if tasks.is_generic(task):
            return None
        if len(task) <= 4 and topic and topic not in task:
            task = tasks.tidy_task(topic + task)  # 农村公路提质改造。...计划4月开工建设 -> 农村公路提质改造开工建设
        deadline, deadline_text = self._deadline_fields(d, text)
        sentence, start, end = self._sentence_span(p, sent, first, ci)
        rec = Commitment(
            source=self.source, article_title=self.a.title, article_date=self.a.date.isoformat() if self.a.date else None,
            sentence=sentence, target_value=None, unit=None, task=task, deadline=deadline, deadline_text=deadline_text,
            officials=tuple(officials), units=tuple(units), start=start, end=end,
        )
        return Found(rec, (None, d.text, task), is_title, bool(_STRONG_CUES.search(text)), sid)

    def _heading_person(self, p: Paragraph) -> Official | None:
        """A short line that names the person the next lines belong to."""
        if len(p.text) > 30 or find_quantities(p.text):
            return None
        nxt = self.next_paragraph.text if self.next_paragraph is not None else ""
        if people.is_plain_name(p.text) and _TABLE_HEAD.match(nxt):
            return self.st.known.get(p.text) or Official(p.text, None)  # 王琴英 / 序号 工作内容 ...: a leader's table
        for name, person in self.st.known.items():
            if name in p.text and (_SPEAKS.search(p.text) or p.text.rstrip("：:").endswith(_OWN_WORK + (name,))):
                return person
        # 一、徐国龙副市长重点工作: a name, then a title, above the leader's part of a task list
        text = p.text[strip_numbering(p.text):].rstrip("：:")
        if p.header or "official" in p.roles or not text.endswith(_OWN_WORK):
            return None
        for title in lexicon().titles:
            at = text.find(title)
            if at >= 2 and people.is_plain_name(text[:at]):
                return Official(text[:at], title)
        return None

    @staticmethod
    def _topic(p: Paragraph) -> str | None:
        """A list item's heading sentence (建设农村饮水工程。...), which names the work of the item."""
        first = p.sentences[0] if p.sentences else None
        if first is None or len(p.sentences) < 2 or len(first.text) > 20 or find_quantities(first.text):
            return None
        if _COMPLETION.search(first.text) or cues.cue(first.text) or re.search("推进|进展", first.text):
            return None  # 工程类民生实事陆续开工。 reports, it does not name the work
        return tasks.clean(first.text) or None

    @staticmethod
    def _strip_verb(text: str) -> str:
        return re.sub(r"^(?:加快|推进|推动|抓好|做好|加强|强化)", "", text)

    # ---- one record per commitment ---------------------------------------------------------------
    def dedupe(self) -> list[Commitment]:
        """The same commitment stated twice (heading and body) is one record: keep the fuller one."""
        kept: dict[int, Found] = {}  # by order of first appearance
        by_value: dict[tuple, list[int]] = {}  # only records with the same value can be twins
        grams: dict[str, set] = {}  # each task's bigrams, worked out once
        for n, f in enumerate(self.found):
            slots = by_value.setdefault(f.value_key[:2], [])
            twins = [
                i for i in slots[-TWIN_REACH:]
                if kept[i].sentence_id != f.sentence_id
                and (f.record.target_value is not None or kept[i].record.deadline == f.record.deadline)
                and similar(kept[i].record.task, f.record.task, grams)
            ]
            if not twins:
                kept[n] = f
                slots.append(n)
                continue
            best = max([f, *(kept[i] for i in twins)], key=_rank)
            for i in twins[1:]:
                del kept[i]
                slots.remove(i)
            kept[twins[0]] = best
        return [f.record for f in sorted(kept.values(), key=lambda f: f.record.start)]


# How sure the parser is, by why it took a record: a promise in words is surest, a bare item
# read as a plan because of where it stands least. A record with neither number nor deadline
# of its own costs a little more (it leans on its context).
_SURE = {"cue": 0.9, "table": 0.85, "progress": 0.85, "lead": 0.8, "plan": 0.7}


def confidence(basis: str, record: Commitment) -> float:
    """0..1 for the review page to sort by: 确保全年完成366个... (cue, dated) -> 0.9."""
    sure = _SURE.get(basis, 0.6)
    if record.deadline is None:
        sure -= 0.1
    return round(sure, 2)


def _row_sentence(p: Paragraph) -> str:
    """A table row's record sentence is the whole row, its cells joined as they stand (commitments.md)."""
    return p.text.replace(tables.CELL_SEP, "")


def _year_deadline(section, default_year: int | None = None) -> Deadline | None:
    """明年 / 2022年度 of a plan's heading or lead as the deadline of the items under it."""
    year = section.year or default_year
    if year is None:
        return None
    words = section.year_text or f"{year}年"
    return Deadline(0, len(words), words, "year_end", (year,), False)


def _rank(f: Found) -> tuple:
    return (not f.heading, bool(f.record.officials), f.strong, len(f.record.sentence))


# A record is compared with at most this many earlier records of the same value: a page of
# thousands of records with one value (1所, 1个) would otherwise cost their number squared.
# No article of the dev texts or the corpus has more than 3 records sharing a value.
TWIN_REACH = 60


def _bigrams(text: str, memo: dict[str, set] | None = None) -> set:
    if memo is not None and text in memo:
        return memo[text]
    grams = {text[i:i + 2] for i in range(len(text) - 1)} or {text}
    if memo is not None:
        memo[text] = grams
    return grams


def similar(a: str, b: str, memo: dict[str, set] | None = None) -> bool:
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    x, y = _bigrams(a, memo), _bigrams(b, memo)
    return 2 * len(x & y) / (len(x) + len(y)) >= 0.5


def extract(text: str, source: str = "", ref_date: str | None = None) -> list[Commitment]:
    """Every commitment in one text, in the order they appear."""
    return list(extract_document(text, source, ref_date, with_candidates=False).records)


def extract_document(text: str, source: str = "", ref_date: str | None = None, with_candidates: bool = True) -> Extraction:
    """Frames, records, candidates and progress readings of one text (a page of one or more articles).

    Candidates cost about a sixth of the reading; a caller that only wants records leaves them out.
    """
    # without --date, a file named ...2019-04... is read in 2019, not in the year it is imported
    ref = dates.day(ref_date, "ref_date") or name_date(source) or date.today()
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    frames: list[Frame] = []
    out: list[Commitment] = []
    found: list[Candidate] = []
    progress: list[ProgressReading] = []
    for article in split_articles(text, ref):
        # a text that carries no date is dated by whoever hands it in (--date), else by its file name
        frame = read_frame(article, source, ref, ref_given=bool(ref_date))
        article.date = dates.day(frame.date)
        frames.append(frame)
        parser = ArticleParser(article, source, ref, frame)
        records = parser.run()
        progress.extend(parser.progress_readings(records, offset=len(out)))
        out.extend(records)
        if with_candidates:
            found.extend(candidates(parser, records))
    return Extraction(frames=tuple(frames), records=tuple(out), candidates=tuple(found), progress=tuple(progress))
