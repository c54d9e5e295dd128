"""The parser of commitments.md: text in, Commitment records out.

    >>> [r.target_value for r in extract_text("老旧片区整治提升工作要确保全年完成366个老旧小区改造任务。", ref_date="2019-04-26")]
    [366]
"""

from __future__ import annotations

from tracker.extract.records import Candidate, Commitment, Extraction, Frame, Official, ProgressReading, Section


def extract_text(text: str, source: str = "", ref_date: str | None = None) -> list[Commitment]:
    """Every commitment in one text (a page that may hold several articles)."""
    from tracker.extract.pipeline import extract

    return extract(text, source=source, ref_date=ref_date)


def extract_document(text: str, source: str = "", ref_date: str | None = None, with_candidates: bool = True) -> Extraction:
    """The whole reading of one text: a frame per article, records, candidates and progress readings."""
    from tracker.extract.pipeline import extract_document as _extract_document

    return _extract_document(text, source=source, ref_date=ref_date, with_candidates=with_candidates)


def clear_caches() -> None:
    """Forget every result kept by text (benchmarks call this so repeated texts are not free).

    Each cache keyed by a piece of text is listed here; the others hold compiled patterns only.
    """
    from tracker.extract import counts, deadlines, numbers, people, quantities

    deadlines._find_deadlines.cache_clear()
    quantities._find_quantities.cache_clear()
    people.subject_unit.cache_clear()
    numbers.chinese_value.cache_clear()  # outlived clear_caches until issue 9
    counts._paragraph_marks.cache_clear()


__all__ = ["Candidate", "Commitment", "Extraction", "Frame", "Official", "ProgressReading", "Section", "clear_caches",
           "extract_document", "extract_text"]
