"""Table-driven tests of the parser, one case per sentence in tests/corpus/*.yaml."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from tracker.extract import extract_text
from tracker.extract.deadlines import find_deadlines, resolve_in
from tracker.extract.quantities import find_quantities

CORPUS = Path(__file__).parent / "corpus"


def cases(name: str) -> list:
    data = yaml.safe_load((CORPUS / name).read_text(encoding="utf-8"))
    params = []
    for case in data:
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
        params.append(pytest.param(case, id=case.get("name") or case["text"][:24], marks=marks))
    return params


@pytest.mark.parametrize("case", cases("quantities.yaml"))
def test_quantities(case):
    found = [[q.value, q.unit] for q in find_quantities(case["text"])]
    assert found == case["expect"]


@pytest.mark.parametrize("case", cases("deadlines.yaml"))
def test_deadlines(case):
    ref = case["date"] if isinstance(case["date"], date) else date.fromisoformat(case["date"])
    found = []
    for d in find_deadlines(case["text"]):
        day = resolve_in(case["text"], d, ref) if d.is_deadline else None
        found.append([d.text, day])
    expect = [[words, date.fromisoformat(str(day)) if day else None] for words, day in case["expect"]]
    assert found == expect


@pytest.mark.parametrize("case", cases("commitments.yaml"))
def test_commitments(case):
    records = [r.to_json() for r in extract_text(case["text"], source="case.txt", ref_date=str(case["date"]))]
    assert len(records) == len(case["expect"]), [(r["target_value"], r["unit"], r["sentence"]) for r in records]
    for got, want in zip(records, case["expect"], strict=True):
        for key, value in want.items():
            if key == "task_has":
                assert value in got["task"], got["task"]
            elif key == "officials":
                assert [o["name"] for o in got["officials"]] == value
            elif key == "deadline":
                assert got["deadline"] == (str(value) if value else None)
            else:
                assert got[key] == value, (key, got)


def test_every_record_points_at_its_sentence():
    text = "会议要求,要确保全年完成366个老旧小区改造任务,务必于6月底前完成生态园林城市创建。"
    records = extract_text(text, ref_date="2019-04-26")
    assert len(records) == 2
    for r in records:
        assert text[r.start:r.end] == r.sentence


@pytest.mark.parametrize("case", cases("tasks.yaml"))
def test_tasks(case):
    records = extract_text(case["text"], ref_date=str(case["date"]))
    assert [r.task for r in records] == case["expect"]


@pytest.mark.parametrize("case", cases("officials.yaml"))
def test_officials(case):
    from tracker.extract.people import find_titled_people

    assert [[o.name, o.title] for o in find_titled_people(case["text"])] == case["expect"]
