"""Whole documents through the parser: frame, records, candidates and progress (tests/corpus/documents.yaml)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from tracker.extract import extract_document

CASES = yaml.safe_load((Path(__file__).parent / "corpus" / "documents.yaml").read_text(encoding="utf-8"))


def _read(case):
    ref = case.get("date")
    return extract_document(case["text"], source=case.get("source", "case.txt"), ref_date=str(ref) if ref else None)


def _check(record: dict, want: dict) -> None:
    for key, value in want.items():
        if key == "task_has":
            assert value in record["task"], record["task"]
        elif key == "officials":
            assert [o["name"] for o in record["officials"]] == value, record["officials"]
        elif key in ("deadline", "date"):
            assert record[key] == (str(value) if isinstance(value, date) else value), (key, record)
        else:
            assert record[key] == value, (key, record)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_document(case):
    reading = _read(case)
    records = [r.to_json() for r in reading.records]
    assert len(records) == len(case["records"]), [(r["target_value"], r["unit"], r["sentence"]) for r in records]
    for got, want in zip(records, case["records"], strict=True):
        _check(got, want)
    if "frame" in case:
        frame = reading.frames[0].to_json()
        want = dict(case["frame"])
        tenses = want.pop("tenses", None)
        if tenses is not None:
            assert [s["tense"] for s in frame["sections"]] == tenses, frame["sections"]
        _check(frame, want)
    got_candidates = {(c.target_value, c.reason) for c in reading.candidates}
    for value, reason in case.get("candidates", []):
        assert (value, reason) in got_candidates, sorted(got_candidates, key=str)
    if "progress" in case:
        assert [[p.value, p.record] for p in reading.progress] == case["progress"]


def test_no_date_anywhere_is_said_not_assumed():
    """A text with no date of its own, no --date and no date in its name: the frame says so."""
    reading = extract_document("要新建公园3个。", source="notes.txt", ref_date=None)
    assert reading.frames[0].date is None and reading.frames[0].date_from is None


def test_every_candidate_and_reading_points_into_its_text():
    for case in CASES:
        reading = _read(case)
        text = case["text"]
        for c in reading.candidates:
            assert "".join(text[c.start:c.end].split()) == c.sentence, c
        for p in reading.progress:
            assert 0 <= p.record < len(reading.records)


def test_every_candidate_reason_has_its_chinese_words():
    """The reasons the parser gives and the words the review page shows for them do not drift apart."""
    from tracker.extract.candidates import REASONS
    from tracker.labels import CANDIDATE_REASON

    assert set(REASONS) == set(CANDIDATE_REASON)
