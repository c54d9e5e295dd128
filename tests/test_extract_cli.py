"""`python -m tracker extract` as commitments.md says: JSON Lines, encodings, bad files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "zhengzhou-daily-2019-04-guancheng.txt"
TEXT = "会上,副区长陈定要求,要确保全年完成300个老旧小区改造任务,务必于6月底前完成生态园林城市创建。\n"


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "tracker", "extract", *map(str, args)], capture_output=True, text=True, cwd=cwd)


def test_json_lines_with_every_field(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(TEXT, encoding="utf-8")
    proc = run(f, "--date", "2019-04-26", "--json")
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["target_value"] for r in records] == [300, None]
    fields = {"source", "article_title", "article_date", "sentence", "target_value", "unit", "task",
              "deadline", "deadline_text", "officials", "units"}
    for r in records:
        assert fields <= r.keys()
        assert r["source"] == str(f)
    assert records[0]["deadline"] == "2019-12-31"
    assert records[1]["deadline"] == "2019-06-30"
    assert records[0]["officials"] == [{"name": "陈定", "title": "副区长"}]


def test_gb18030_reads_like_utf8(tmp_path):
    a, b = tmp_path / "utf8.txt", tmp_path / "gb.txt"
    a.write_text(TEXT, encoding="utf-8")
    b.write_bytes(TEXT.encode("gb18030"))
    out_a = [json.loads(x) for x in run(a, "--date", "2019-04-26", "--json").stdout.splitlines()]
    out_b = [json.loads(x) for x in run(b, "--date", "2019-04-26", "--json").stdout.splitlines()]
    for r in out_a + out_b:
        r.pop("source")
    assert out_a == out_b and out_a


def test_empty_file_gives_no_records(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    proc = run(f, "--json")
    assert proc.returncode == 0 and proc.stdout == ""


def test_missing_file_is_reported_after_the_others(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    proc = run(tmp_path / "missing.txt", good, "--date", "2019-04-26", "--json")
    assert proc.returncode != 0
    assert "missing.txt" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert len(proc.stdout.splitlines()) == 2  # the good file was still read, stdout holds only JSON
    for line in proc.stdout.splitlines():
        json.loads(line)


def test_binary_file_is_refused_clearly(tmp_path):
    f = tmp_path / "x.txt"
    f.write_bytes(b"\x00\x01\x02" * 100)
    proc = run(f, "--json")
    assert proc.returncode != 0 and "x.txt" in proc.stderr and proc.stdout == ""


def test_bad_date_is_refused():
    proc = run(SEED, "--date", "2019-13-45", "--json")
    assert proc.returncode != 0 and "--date" in proc.stderr


def test_table_for_a_person():
    proc = run(SEED, "--date", "2019-04-26")
    assert proc.returncode == 0
    assert "条承诺" in proc.stdout and "366" in proc.stdout


def test_seed_yields_its_three_commitments():
    proc = run(SEED, "--date", "2019-04-26", "--json")
    records = [json.loads(x) for x in proc.stdout.splitlines()]
    assert {(r["target_value"], r["deadline"]) for r in records} == {(366, "2019-12-31"), (None, "2019-06-30"), (4, None)}
    assert all([o["name"] for o in r["officials"]] == ["张艳敏"] for r in records)
    assert {r["article_title"] for r in records} == {
        "管城区召开交通秩序综合治理、国家生态园林城市创建老旧片区改造暨“路长制”市容市貌大提升活动讲评会开门见花推窗见绿这样的风景管城正在为你实现"
    }
    assert {r["article_date"] for r in records} == {"2019-04-26"}


@pytest.mark.parametrize("name", ["dev"])
def test_dev_yardstick(shared_dir, name):
    """The scorer on ../shared/eval/dev must stay at the issue's bar."""
    proc = subprocess.run([sys.executable, str(shared_dir / "eval" / "score.py"), str(shared_dir / "eval" / name), "--json"],
                          capture_output=True, text=True, cwd=ROOT)
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert summary["parser_errors"] == 0
    assert summary["f1"] >= 0.90
    assert summary["value"] >= 0.95 and summary["deadline"] >= 0.90
    assert summary["task"] >= 0.80 and summary["officials"] >= 0.80


def test_corpus_texts_parse_without_error(shared_dir):
    """Robustness: every unlabelled corpus text goes through, each record points into its text."""
    from tracker.documents import read_document
    from tracker.extract import extract_text

    files = sorted((shared_dir / "corpus").glob("*.txt"))
    assert files
    for f in files:
        text = read_document(f)
        for r in extract_text(text, source=f.name, ref_date="2020-01-01"):
            assert r.sentence and r.task
            assert r.target_value is not None or r.deadline is not None
            assert "".join(text[r.start:r.end].split()) == r.sentence
            record = json.loads(json.dumps(r.to_json(), ensure_ascii=False))
            assert all(isinstance(u, str) for u in record["units"]), record["units"]
            assert all(isinstance(o["name"], str) for o in record["officials"]), record["officials"]


def test_a_parser_failure_on_one_file_is_reported_after_the_others(tmp_path, monkeypatch, capsys):
    """Like an unreadable file: a message naming it, the other files still printed, a non-zero exit."""
    from tracker import cli
    from tracker.commands import extract as command

    real = command.extract_document

    def trips_on_bad(text, source="", ref_date=None, **kw):
        if source.endswith("bad.txt"):
            raise IndexError("list index out of range")
        return real(text, source=source, ref_date=ref_date, **kw)

    monkeypatch.setattr(command, "extract_document", trips_on_bad)
    bad, good = tmp_path / "bad.txt", tmp_path / "good.txt"
    bad.write_text(TEXT, encoding="utf-8")
    good.write_text(TEXT, encoding="utf-8")
    assert cli.main(["extract", str(bad), str(good), "--date", "2019-04-26", "--json"]) == 1
    out, err = capsys.readouterr()
    assert "bad.txt" in err and "IndexError" in err and len(err.strip().splitlines()) == 1
    assert [json.loads(line)["source"] for line in out.splitlines()] == [str(good)] * 2


def test_frame_lines_stand_before_the_records_of_their_article():
    proc = run(SEED, "--date", "2019-04-26", "--json", "--frame")
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(x) for x in proc.stdout.splitlines()]
    frames = [x for x in lines if x.get("kind") == "frame"]
    assert len(frames) == 4  # the seed page carries four reports
    assert set(frames[0]) >= {"source", "title", "date", "date_from", "genre", "sections"}
    assert all(f["date_from"] == "lead" for f in frames)
    current = None
    for line in lines:
        if line.get("kind") == "frame":
            current = line["title"]
        else:
            assert "kind" not in line and line["article_title"] == current  # under its own article's frame
    # a reader of records skips the lines with a kind and gets what plain --json prints
    plain = [json.loads(x) for x in run(SEED, "--date", "2019-04-26", "--json").stdout.splitlines()]
    assert [x for x in lines if "kind" not in x] == plain and all("kind" not in x for x in plain)


def _page_reading(source):
    from tracker.extract.records import Candidate, Commitment, Extraction, Frame, ProgressReading

    def record(title, task, value, start):
        return Commitment(source, title, "2024-06-30", f"新建{task}{value}个", value, "个", task, "2024-12-31", "全年",
                          start=start, end=start + 8)

    return Extraction(
        frames=(Frame(source, "一", "2024-06-30", "date_line", "progress_report", start=0, end=50),
                Frame(source, "二", "2024-07-01", None, "news", start=50, end=100)),
        records=(record("一", "养老服务站", 20, 10), record("二", "公园", 3, 60)),
        candidates=(Candidate(source, "已建成公园5个", 5, "个", None, "past_fact", article_title="二", start=70, end=77),),
        progress=(ProgressReading(source, "已建成12个", 0, 12, "个", "2024-06-30", start=20, end=26),),
    )


def test_candidate_and_progress_lines_follow_the_records_of_their_article(tmp_path, monkeypatch, capsys):
    from tracker import cli
    from tracker.commands import extract as command

    monkeypatch.setattr(command, "extract_document", lambda text, source="", ref_date=None, **kw: _page_reading(source))
    f = tmp_path / "report.txt"
    f.write_text(TEXT, encoding="utf-8")
    assert cli.main(["extract", str(f), "--json", "--frame", "--candidates"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [(x.get("kind"), x.get("title") or x.get("task") or x.get("sentence")) for x in lines] == [
        ("frame", "一"), (None, "养老服务站"), ("progress", "已建成12个"),
        ("frame", "二"), (None, "公园"), ("candidate", "已建成公园5个"),
    ]
    candidate = lines[5]
    assert {"source", "sentence", "target_value", "unit", "deadline", "reason"} <= candidate.keys()
    assert (candidate["target_value"], candidate["reason"], candidate["source"]) == (5, "past_fact", str(f))
    assert lines[2]["value"] == 12 and lines[2]["record"] == 0

    # each flag on its own adds only its own kind
    assert cli.main(["extract", str(f), "--json", "--candidates"]) == 0
    assert [x.get("kind") for x in map(json.loads, capsys.readouterr().out.splitlines())] == [
        None, "progress", None, "candidate"]
    assert cli.main(["extract", str(f), "--candidates", "--frame"]) == 0
    table = capsys.readouterr().out
    assert "已建成公园5个" in table and "已完成的事实" in table and "日期来源：日期行" in table
