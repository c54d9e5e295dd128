"""Paragraphs, sentences and clauses of a text, with their offsets in the original.

Newspaper pages break lines mid-sentence ("要做好“千百十”路段\\n\\n创建、背街小巷改造"), so a long
line without closing punctuation is joined to the next. Whitespace inside a paragraph is
removed (commitments.md allows it), keeping a map back to original offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# A line this long that does not end a sentence was broken by the page layout.
BROKEN_LINE_MIN = 30
# The longest stretches the clause work is handed (issue 10). The longest paragraph, sentence and
# clause of the dev texts and the corpus have 701, 466 and 134 characters; a longer run (a page
# with no punctuation, thousands of items joined by commas) is cut, at a sentence end, a clause
# separator or 、 where the limit leaves one, so work that grows faster than a run's length stays
# bounded and the whole parse linear in the length of the text.
MAX_PARAGRAPH = 4000
MAX_SENTENCE = 1000
MAX_CLAUSE = 300
SENTENCE_END = "。！？!?|｜"  # a table cell boundary ends a sentence too
LINE_END = SENTENCE_END + "；;：:”\"」』）)"
CLAUSE_SEP = "，,；;：:"
OPENERS = "“‘「『《（(【["
CLOSERS = "”’」』》）)】]"
_HEADING = re.compile(r"^(#{1,6})\s*")
# List numbering at the start of an item: 1。 1. 1、 （一） 一、 (1)
_NUMBERING = re.compile(r"^(?:\d{1,2}[。.、．](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[)）]、?|[一二三四五六七八九十]{1,3}、)")


@dataclass
class Clause:
    text: str
    start: int  # offsets into the paragraph's squashed text
    end: int
    sep: str = ""  # the punctuation that ended it: '：' marks a lead, '；' a list item


@dataclass
class Sentence:
    """A sentence; its clauses are cut only when asked for (most sentences never are)."""

    text: str
    start: int
    end: int
    _clauses: list[Clause] | None = None

    @property
    def clauses(self) -> list[Clause]:
        if self._clauses is None:
            pieces = _split(self.text, CLAUSE_SEP, self.start, keep_sep=False)
            if any(b - a > MAX_CLAUSE for _, a, b, _ in pieces):
                pieces = [(c[x:y], a + x, a + y, sep if y == len(c) else "") for c, a, b, sep in pieces
                          for x, y in cut_long(c, MAX_CLAUSE, "、")]
            self._clauses = [Clause(c, a, b, sep) for c, a, b, sep in pieces]
        return self._clauses

    @clauses.setter
    def clauses(self, value: list[Clause]) -> None:
        self._clauses = value


@dataclass
class Paragraph:
    """One block of text; `text` has no whitespace, `offsets[i]` is the original offset of text[i].

    `cells` are the whitespace-separated pieces of the source line(s): in a table flattened to
    text they are its cells (目标任务, 责任单位, ...).
    """

    text: str
    offsets: list[int]
    heading_level: int = 0  # 1-6 for '#' headings in the source, else 0
    is_short_line: bool = False  # a line without closing punctuation: a title, heading or list item
    cells: tuple[str, ...] = ()
    _sentences: list[Sentence] | None = None
    roles: tuple[str | None, ...] = ()  # a table row's column of each cell (tracker/extract/tables.py)
    header: tuple[str | None, ...] = ()  # the columns of a table whose cells ran together in this paragraph

    def role_at(self, pos: int) -> str | None:
        """The column of the cell holding text[pos] in a table row; None outside tables."""
        if not self.roles:
            return None
        at = 0
        for cell, role in zip(self.cells, self.roles, strict=False):
            squashed = "".join(cell.split())
            if not squashed:
                continue
            found = at if self.text.startswith(squashed, at) else self.text.find(squashed, at)
            if found < 0:
                continue
            if found <= pos < found + len(squashed):
                return role
            at = found + len(squashed)
        return None

    @property
    def start(self) -> int:
        return self.offsets[0] if self.offsets else 0

    @property
    def end(self) -> int:
        return self.offsets[-1] + 1 if self.offsets else 0

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of text[start:end]."""
        if not self.offsets:
            return 0, 0
        end = max(end, start + 1)
        return self.offsets[min(start, len(self.offsets) - 1)], self.offsets[min(end, len(self.offsets)) - 1] + 1

    @property
    def sentences(self) -> list[Sentence]:
        if self._sentences is None:
            self._sentences = split_sentences(self.text)
        return self._sentences


_MORE_CELLS = re.compile(r"\s\S")
_TOKEN = re.compile(r"\S+")
_COMMA = re.compile("[，,]")
_ROW_NUMBER = re.compile(r"^\s*\d{1,3}\s+(?=\S)")


def _squash(raw: str, base: int) -> tuple[str, list[int]]:
    chars, offsets = [], []
    # "1 地区生产总值增长6%以上。 区发展改革委": a table row's number is not part of its text
    row = _ROW_NUMBER.match(raw)
    skip = row.end() if row and _MORE_CELLS.search(raw[row.end():]) else 0
    for m in _TOKEN.finditer(raw):
        if m.start() < skip:
            continue
        chars.append(m.group())
        offsets.extend(range(base + m.start(), base + m.end()))
    return "".join(chars), offsets


_PIPE = re.compile("[|｜]")


def _cells(line: str) -> tuple[str, ...]:
    """A line's cells: split by pipes or tabs where it has them (blank cells kept), else by spaces."""
    if _PIPE.search(line):
        parts = [c.strip() for c in _PIPE.split(line.strip())]
        if parts and not parts[0]:
            parts = parts[1:]
        if parts and not parts[-1]:
            parts = parts[:-1]
        return tuple(parts)
    if "\t" in line:
        return tuple(c.strip() for c in line.strip().split("\t"))
    return tuple(line.split())


def paragraphs(text: str, start: int = 0, end: int | None = None) -> list[Paragraph]:
    """Blocks of text[start:end]: non-empty lines, with layout-broken lines joined."""
    end = len(text) if end is None else end
    lines = [(m.start() + start, m.group()) for m in re.finditer(r"[^\n]+", text[start:end]) if m.group().strip()]
    out: list[Paragraph] = []
    pending: tuple[str, list[int]] | None = None
    for pos, line in lines:
        squashed, offsets = _squash(line, pos)
        heading = _HEADING.match(squashed)
        if heading:
            if pending is not None:
                out.append(Paragraph(pending[0], pending[1], is_short_line=True))
                pending = None
            level = len(heading.group(1))
            cut = heading.end()
            out.append(Paragraph(squashed[cut:], offsets[cut:], heading_level=level, is_short_line=True))
            continue
        cells = _cells(line)
        if pending is not None:
            # a broken line goes on with prose (a comma or a sentence end), not with a table's next cell
            if squashed[-1] in LINE_END or len(squashed) >= BROKEN_LINE_MIN or _COMMA.search(squashed):
                squashed, offsets = pending[0] + squashed, pending[1] + offsets
                cells = ()
            else:
                out.append(Paragraph(pending[0], pending[1], is_short_line=True))
            pending = None
        # prose broken by the layout has commas; a list item or heading without them stands alone
        # (joined up to a paragraph's length: a chain of such lines must not be copied over and over)
        if squashed[-1] not in LINE_END and BROKEN_LINE_MIN <= len(squashed) < MAX_PARAGRAPH and _COMMA.search(squashed):
            pending = (squashed, offsets)
            continue
        out.append(Paragraph(squashed, offsets, is_short_line=squashed[-1] not in LINE_END, cells=cells))
    if pending is not None:
        out.append(Paragraph(pending[0], pending[1], is_short_line=True))
    if any(len(p.text) > MAX_PARAGRAPH for p in out):
        out = [piece for p in out for piece in _bounded_paragraph(p)]
    return out


def _bounded_paragraph(p: Paragraph) -> list[Paragraph]:
    """A paragraph longer than MAX_PARAGRAPH as several, cut at sentence ends where it has them."""
    spans = cut_long(p.text, MAX_PARAGRAPH, SENTENCE_END)
    if len(spans) == 1:
        return [p]
    # a '#' line this long is a page pasted as one line after its title, not a heading: no piece is one
    return [Paragraph(p.text[a:b], p.offsets[a:b], is_short_line=p.text[b - 1] not in LINE_END) for a, b in spans]


def cut_long(text: str, limit: int, marks: str) -> list[tuple[int, int]]:
    """Spans of text of at most `limit` characters, each ending after the last of `marks` it holds.

    A stretch with none of the marks is cut at the limit itself. Normal text is one span.
    """
    if len(text) <= limit:
        return [(0, len(text))]
    spans, begin = [], 0
    while len(text) - begin > limit:
        cut = max(text.rfind(m, begin, begin + limit) for m in marks) + 1
        end = cut if cut > begin else begin + limit
        spans.append((begin, end))
        begin = end
    spans.append((begin, len(text)))
    return spans


def strip_numbering(text: str) -> int:
    """Length of list numbering at the start of text (1。 （一） 一、), 0 if none."""
    m = _NUMBERING.match(text)
    return m.end() if m else 0


@lru_cache(maxsize=8)
def _marks(seps: str) -> re.Pattern:
    return re.compile("[" + re.escape(seps) + "]")


# Quotes and brackets short enough to be a name or an aside (“千百十”工程, (市、区)) are not cut;
# a long quotation is speech and is cut into sentences and clauses like any other text.
_SHIELDED = re.compile(r"“[^“”]{0,30}”|‘[^‘’]{0,30}’|「[^「」]{0,30}」|《[^《》]{0,40}》|（[^（）]{0,30}）|\([^()]{0,30}\)|【[^【】]{0,30}】")


_OPENER = re.compile("[" + re.escape(OPENERS) + "]")
_THOUSANDS = re.compile(r"\d{3}(?!\d)")


def _split(text: str, seps: str, base: int, keep_sep: bool) -> list[tuple[str, int, int, str]]:
    """Pieces of text cut at any char of seps outside short quotes and brackets, with the separator."""
    pieces, begin = [], 0
    shields = [m.span() for m in _SHIELDED.finditer(text)] if _OPENER.search(text) else []
    k = 0  # shields and separators both run left to right: one pass over each
    for m in _marks(seps).finditer(text):
        i, ch = m.start(), m.group()
        if ch == "," and i and text[i - 1].isdigit() and _THOUSANDS.match(text, i + 1):
            continue  # 1,200户: a comma grouping digits is part of the number
        while k < len(shields) and shields[k][1] <= i:
            k += 1
        if k == len(shields) or not shields[k][0] < i:
            stop = i + 1 if keep_sep else i
            if text[begin:stop].strip(seps):
                pieces.append((text[begin:stop], base + begin, base + stop, ch))
            begin = i + 1
    if begin < len(text) and text[begin:].strip(seps):
        pieces.append((text[begin:], base + begin, base + len(text), ""))
    return pieces


def split_sentences(text: str) -> list[Sentence]:
    sentences = []
    for s_text, s_start, _, _ in _split(text, SENTENCE_END, 0, keep_sep=False):
        if len(s_text) <= MAX_SENTENCE:
            if s_text.strip(CLAUSE_SEP):
                sentences.append(Sentence(s_text, s_start, s_start + len(s_text)))
            continue
        for a, b in cut_long(s_text, MAX_SENTENCE, CLAUSE_SEP):
            if s_text[a:b].strip(CLAUSE_SEP):
                sentences.append(Sentence(s_text[a:b], s_start + a, s_start + b))
    return sentences
