"""The record of commitments.md: one quantified commitment found in a text."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Official:
    name: str
    title: str | None = None


@dataclass(frozen=True)
class Commitment:
    """One commitment, e.g. 确保全年完成366个老旧小区改造任务 -> 366 个 老旧小区改造 2019-12-31.

    `start`/`end` are character offsets of `sentence` in the text it came from.
    """

    source: str
    article_title: str | None
    article_date: str | None
    sentence: str
    target_value: float | int | None
    unit: str | None
    task: str
    deadline: str | None
    deadline_text: str | None
    officials: tuple[Official, ...] = ()
    units: tuple[str, ...] = ()
    start: int = 0
    end: int = 0
    value_text: str | None = field(default=None, compare=False)
    # why it was taken (one of BASES) and how sure the parser is (0..1); not part of equality
    basis: str = field(default="cue", compare=False)
    confidence: float = field(default=0.9, compare=False)

    def to_json(self) -> dict:
        """The JSON object of commitments.md (span fields added at the end)."""
        d = asdict(self)
        d.pop("value_text")
        d["officials"] = [{"name": o.name, "title": o.title} for o in self.officials]
        d["units"] = list(self.units)
        v = self.target_value
        if isinstance(v, float) and v.is_integer():
            d["target_value"] = int(v)
        return d


# Why a record was taken (Commitment.basis): the words for people live in tracker/labels.py.
BASES = ("cue", "plan", "table", "progress", "lead")


@dataclass(frozen=True)
class Section:
    """A stretch of an article read one way: a review of past work or a plan, with its year and people.

    2023年工作安排 -> Section("2023年工作安排", "plan", 2023, ...); 过去一年 -> tense "review".
    """

    heading: str | None
    tense: str  # "plan", "review" or "news"
    year: int | None = None
    speaker: str | None = None
    units: tuple[str, ...] = ()
    start: int = 0
    end: int = 0
    year_text: str | None = None  # the words the year was read from (明年, 2022年度): a deadline's words

    def to_json(self) -> dict:
        return {"heading": self.heading, "tense": self.tense, "year": self.year,
                "speaker": self.speaker, "units": list(self.units)}


@dataclass(frozen=True)
class Frame:
    """What kind of document an article is, before any clause is read (commitments.md, --frame).

    date_from says where the date was found: title, date_line, signature, lead, file_name, ref_date,
    or None when none was found (the import page then asks instead of assuming today).
    """

    source: str
    title: str | None
    date: str | None
    date_from: str | None
    genre: str
    genre_evidence: str | None = None
    sections: tuple[Section, ...] = ()
    start: int = 0
    end: int = 0

    def to_json(self) -> dict:
        return {"kind": "frame", "source": self.source, "title": self.title, "date": self.date,
                "date_from": self.date_from, "genre": self.genre, "genre_evidence": self.genre_evidence,
                "sections": [s.to_json() for s in self.sections]}


@dataclass(frozen=True)
class Candidate:
    """A sentence with a quantity or a deadline that was not taken, and why (commitments.md, --candidates).

    已建成公园5个 -> Candidate(..., target_value=5, unit="个", reason="past_fact").
    """

    source: str
    sentence: str
    target_value: float | int | None
    unit: str | None
    deadline: str | None
    reason: str
    task: str | None = None
    deadline_text: str | None = None
    article_title: str | None = None
    start: int = 0
    end: int = 0

    def to_json(self) -> dict:
        d = {"kind": "candidate", **asdict(self)}
        v = self.target_value
        if isinstance(v, float) and v.is_integer():
            d["target_value"] = int(v)
        return d


@dataclass(frozen=True)
class ProgressReading:
    """Progress stated beside a target: 20个村级养老服务站已建成12个 -> value 12 for the record of 20.

    `record` is the index of the target's Commitment in Extraction.records; `as_of` the article's date.
    """

    source: str
    sentence: str
    record: int
    value: float | int
    unit: str | None
    as_of: str | None
    start: int = 0
    end: int = 0

    def to_json(self) -> dict:
        return {"kind": "progress", **asdict(self)}


@dataclass(frozen=True)
class Extraction:
    """Everything the parser read in one text: per article a frame, then records, candidates, progress."""

    frames: tuple[Frame, ...] = ()
    records: tuple[Commitment, ...] = ()
    candidates: tuple[Candidate, ...] = ()
    progress: tuple[ProgressReading, ...] = ()
