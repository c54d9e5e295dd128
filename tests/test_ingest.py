"""Ingest and what the store keeps of a document reading: frames, candidates, proposed progress.

The parser's readings are built by hand here (Extraction is plain dataclasses), so these tests
say what the store and ingest do with a reading, whatever the parser finds today.
"""

from __future__ import annotations

import json
from dataclasses import replace

import docfixtures as fx
import pytest

import tracker.extract
from tracker import ingest
from tracker.extract.records import Candidate, Commitment, Extraction, Frame, ProgressReading, Section
from tracker.store import InvalidInput, NotFound, PermissionDenied, Store

REPORT = "# 养老服务工作进展\n\n2024年6月30日\n\n全年新建村级养老服务站20个，已建成12个（60%）。已建成公园5个。"
LATER = "# 养老服务工作进展（三季度）\n\n2024年9月30日\n\n全年新建村级养老服务站20个，已建成17个。"


def _station(source: str, start: int = 30) -> Commitment:
    return Commitment(source=source, article_title="养老服务工作进展", article_date="2024-06-30",
                      sentence="全年新建村级养老服务站20个", target_value=20, unit="个", task="新建村级养老服务站",
                      deadline="2024-12-31", deadline_text="全年", start=start, end=start + 14, basis="progress",
                      confidence=0.8)


def _reading(source: str, value: int, as_of: str, *, unit: str = "个", task_unit: str = "个") -> Extraction:
    """A progress report as the parser will read it: a frame, the target as a record, the progress, a candidate."""
    record = _station(source)
    if task_unit != record.unit:
        record = replace(record, unit=task_unit)
    frame = Frame(source, "养老服务工作进展", as_of, "date_line", "progress_report", "已建成",
                  (Section("全年任务", "plan", 2024, None, ("区民政局",)),))
    return Extraction(
        frames=(frame,),
        records=(record,),
        candidates=(Candidate(source, "已建成公园5个", 5, "个", None, "past_fact", task="公园", start=60, end=67),),
        progress=(ProgressReading(source, f"已建成{value}个", 0, value, unit, as_of),),
    )


@pytest.fixture
def parser(monkeypatch):
    """The parser replaced by readings made by hand: parser[text] = Extraction."""
    readings: dict[str, Extraction] = {}

    def extract_document(text, source="", ref_date=None):
        return readings.get(text, Extraction())

    monkeypatch.setattr(tracker.extract, "extract_document", extract_document)
    return readings


def _count(store, table, where="1") -> int:
    return store.db.conn.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0]


# ---- ingest ----------------------------------------------------------------------------------


def test_a_bundle_carries_the_frame_records_candidates_and_progress(parser):
    parser[REPORT] = _reading("r.txt", 12, "2024-06-30")
    bundle = ingest.read_text(REPORT, source="r.txt")
    assert (bundle.title, bundle.date, bundle.date_from) == ("养老服务工作进展", "2024-06-30", "date_line")
    assert bundle.frames[0]["genre"] == "progress_report" and bundle.frames[0]["sections"][0]["year"] == 2024
    assert bundle.records[0]["target_value"] == 20 and bundle.records[0]["basis"] == "progress"
    assert bundle.candidates[0]["reason"] == "past_fact"
    assert bundle.progress[0] == {"kind": "progress", "source": "r.txt", "sentence": "已建成12个", "record": 0,
                                  "value": 12, "unit": "个", "as_of": "2024-06-30", "start": 0, "end": 0}
    assert not bundle.undated
    json.dumps(bundle.frames, ensure_ascii=False)  # plain values: the store keeps them as JSON


def test_a_page_with_no_date_of_its_own_says_so(parser, tmp_path):
    parser["正文。"] = Extraction(frames=(Frame("a.txt", None, None, None, "news"),))
    assert ingest.read_text("正文。", source="a.txt").undated
    # a date in the file name stands in, and the frame says it came from there
    parser["正文。"] = Extraction(frames=(Frame("a.txt", None, "2021-06-30", "ref_date", "news"),))
    path = tmp_path / "report-2021-06-30.txt"
    path.write_text("正文。", encoding="utf-8")
    bundle = ingest.read_file(path)
    assert bundle.date_from == "file_name" and bundle.frames[0]["date_from"] == "file_name"
    assert bundle.undated is False and bundle.date == "2021-06-30"


def test_the_real_parser_reads_the_seed_into_a_bundle():
    """No stand-in: the bundle of the seed page is what the store is handed on a first start."""
    from tracker.config import SEEDS_DIR

    path = sorted(SEEDS_DIR.glob("*.txt"))[0]
    bundle = ingest.read_file(path, source=f"seeds/{path.name}")
    assert bundle.title and bundle.date and bundle.records and len(bundle.frames) >= 1
    assert all(r["task"] for r in bundle.records)


def test_ingest_parses_a_text_once_and_a_known_text_not_at_all(store, monkeypatch):
    calls = []

    def counting(text, source="", ref_date=None):
        calls.append(source)
        return Extraction()

    monkeypatch.setattr(tracker.extract, "extract_document", counting)
    ingest.ingest_text(store, REPORT, source="a.txt")
    ingest.ingest_text(store, REPORT + "\n", source="b.txt")
    assert calls == ["a.txt"]


# ---- the store keeps what it is handed ------------------------------------------------------


def test_save_article_stores_frames_candidates_and_a_proposed_update_in_one_go(store, parser):
    parser[REPORT] = _reading("r.txt", 12, "2024-06-30")
    bundle = ingest.read_text(REPORT, source="r.txt")
    result = store.save_article(bundle, by="boss")
    assert result == {"article_id": result["article_id"], "new": True, "commitments": 1, "candidates": 1, "progress": 1}
    article = store.article(result["article_id"])
    assert article["date"] == "2024-06-30" and article["date_from"] == "date_line"
    assert article["frames"] == bundle.frames
    cid = int(store.commitments(as_of="2024-07-01")["id"].iloc[0])
    basis, confidence = store.db.conn.execute("SELECT basis, confidence FROM commitments WHERE id = ?", [cid]).fetchone()
    assert (basis, confidence) == ("progress", 0.8)
    candidates = store.candidates(article_id=result["article_id"])
    assert list(candidates["sentence"]) == ["已建成公园5个"] and list(candidates["status"]) == ["open"]
    proposals = store.proposed_progress()
    assert list(proposals["commitment_id"]) == [cid] and list(proposals["value"]) == [12]
    assert list(proposals["as_of"]) == ["2024-06-30"] and list(proposals["sentence"]) == ["已建成12个"]
    # proposed is not progress: the commitment has none until a manager accepts
    assert store.commitment(cid, as_of="2024-07-01")["progress"] is None
    assert {"ingest", "extract", "propose"} <= set(store.audit_log()["action"])

    # the same text again is the same article: nothing added, not even a candidate or a proposal
    again = store.save_article(bundle, by="boss")
    assert again["new"] is False and again["article_id"] == result["article_id"]
    assert (_count(store, "candidates"), _count(store, "proposed_progress"), _count(store, "commitments")) == (1, 1, 1)


def test_a_later_report_moves_the_commitment_already_stored(store, parser):
    parser[REPORT] = _reading("r.txt", 12, "2024-06-30")
    parser[LATER] = _reading("q3.txt", 17, "2024-09-30")
    first = store.save_article(ingest.read_text(REPORT, source="r.txt"))
    tracked = int(store.commitments(as_of="2024-07-01")["id"].iloc[0])
    later = store.save_article(ingest.read_text(LATER, source="q3.txt"))
    assert later["new"] and later["progress"] == 1
    proposals = store.proposed_progress()
    assert list(proposals["commitment_id"]) == [tracked, tracked]  # not the twin stored with the later report
    assert list(proposals["article_id"]) == [first["article_id"], later["article_id"]]
    assert list(proposals["value"]) == [12, 17]


def test_a_reading_of_another_unit_or_a_rejected_twin_stays_with_its_own_record(store, parser):
    parser[REPORT] = _reading("r.txt", 12, "2024-06-30")
    parser[LATER] = _reading("q3.txt", 17, "2024-09-30", task_unit="座")
    store.save_article(ingest.read_text(REPORT, source="r.txt"))
    store.save_article(ingest.read_text(LATER, source="q3.txt"))
    first, second = store.commitments(as_of="2024-10-01")["id"].astype(int)
    assert list(store.proposed_progress()["commitment_id"]) == [first, second]  # 20个 is not 20座

    store.review(first, "rejected", by="boss")
    third = "# 又一份报告\n\n全年新建村级养老服务站20个，已建成18个。"
    parser[third] = _reading("q4.txt", 18, "2024-10-30")
    store.save_article(ingest.read_text(third, source="q4.txt"))
    newest = int(store.commitments(as_of="2024-11-01", include_rejected=True)["id"].max())
    assert store.proposed_progress()["commitment_id"].iloc[-1] == newest  # a rejected one takes no progress


def test_accepting_a_proposed_update_records_it_as_progress(store, parser):
    parser[REPORT] = _reading("r.txt", 12, "2024-06-30")
    store.save_article(ingest.read_text(REPORT, source="r.txt"))
    proposal = int(store.proposed_progress()["id"].iloc[0])
    cid = int(store.proposed_progress()["commitment_id"].iloc[0])
    update = store.accept_progress(proposal, by="boss")
    history = store.progress_history(cid)
    assert list(history["id"]) == [update] and list(history["value"]) == [12]
    assert list(history["as_of"]) == ["2024-06-30"] and list(history["note"]) == ["已建成12个"]
    assert list(history["by"]) == ["boss"]
    row = store.commitment(cid, as_of="2024-07-01")
    assert row["progress"] == 12 and row["share"] == 60
    assert store.proposed_progress().empty
    done = store.proposed_progress(status="accepted").iloc[0]
    assert done["decided_by"] == "boss" and done["decided_at"] and done["progress_update_id"] == update
    log = store.audit_log(table="proposed_progress", row_id=proposal)
    assert list(log["action"]) == ["accept_progress", "propose"]
    assert store.audit_log(table="progress_updates", row_id=update)["by"].tolist() == ["boss"]
    with pytest.raises(InvalidInput, match="已处理"):
        store.accept_progress(proposal, by="boss")


def test_rejecting_a_proposed_update_records_nothing(store, parser):
    parser[REPORT] = _reading("r.txt", 12, "2024-06-30")
    store.save_article(ingest.read_text(REPORT, source="r.txt"))
    proposal = int(store.proposed_progress()["id"].iloc[0])
    store.reject_progress(proposal, by="boss")
    assert _count(store, "progress_updates") == 0
    assert store.proposed_progress(status="rejected")["decided_by"].tolist() == ["boss"]
    assert store.audit_log(table="proposed_progress", row_id=proposal)["action"].iloc[0] == "reject_progress"
    with pytest.raises(InvalidInput):
        store.accept_progress(proposal, by="boss")
    with pytest.raises(NotFound):
        store.accept_progress(999, by="boss")


def test_a_proposal_from_an_undated_text_is_not_accepted_as_of_today(store, parser):
    text = "全年新建村级养老服务站20个，已建成12个。"
    reading = _reading("u.txt", 12, None)
    undated = replace(reading.records[0], article_date=None)
    parser[text] = Extraction(frames=(Frame("u.txt", None, None, None, "progress_report"),), records=(undated,),
                              progress=reading.progress)
    store.save_article(ingest.read_text(text, source="u.txt"))
    with pytest.raises(InvalidInput, match="没有日期"):
        store.accept_progress(int(store.proposed_progress()["id"].iloc[0]), by="boss")
    assert _count(store, "progress_updates") == 0


def test_taking_a_candidate_makes_a_commitment_with_its_fields(store, parser):
    parser[REPORT] = _reading("r.txt", 12, "2024-06-30")
    article = store.save_article(ingest.read_text(REPORT, source="r.txt"))["article_id"]
    candidate = int(store.candidates()["id"].iloc[0])
    cid = store.take_candidate(candidate, by="boss")
    row = store.commitment(cid, as_of="2024-07-01")
    assert (row["task"], row["target_value"], row["unit"], row["sentence"]) == ("公园", 5, "个", "已建成公园5个")
    assert (row["start"], row["end"], row["article_id"], row["review"]) == (60, 67, article, "extracted")
    assert row["article_date"] == "2024-06-30"  # its time runs from the article's day, as a record's does
    taken = store.candidates(status="taken").iloc[0]
    assert taken["commitment_id"] == cid and store.candidates().empty
    assert store.audit_log(table="candidates", row_id=candidate)["action"].tolist() == ["take_candidate"]
    assert store.audit_log(table="commitments", row_id=cid)["by"].tolist() == ["boss"]
    with pytest.raises(InvalidInput):
        store.take_candidate(candidate, by="boss")


def test_dismissing_a_candidate_keeps_it_out_of_the_list(store, parser):
    parser[REPORT] = _reading("r.txt", 12, "2024-06-30")
    store.save_article(ingest.read_text(REPORT, source="r.txt"))
    candidate = int(store.candidates()["id"].iloc[0])
    store.dismiss_candidate(candidate, by="boss")
    assert store.candidates().empty and len(store.candidates(status="dismissed")) == 1
    assert _count(store, "commitments") == 1
    with pytest.raises(InvalidInput):
        store.take_candidate(candidate, by="boss")


@pytest.mark.parametrize("write", ["save_article", "take_candidate", "dismiss_candidate", "accept_progress",
                                   "reject_progress"])
@pytest.mark.parametrize("by", ["wang", "li", "nobody"])
def test_only_managers_decide_what_the_parser_read(store, parser, write, by):
    parser[REPORT] = _reading("r.txt", 12, "2024-06-30")
    store.save_article(ingest.read_text(REPORT, source="r.txt"))
    candidate, proposal = int(store.candidates()["id"].iloc[0]), int(store.proposed_progress()["id"].iloc[0])
    writes = {
        "save_article": lambda: store.save_article(ingest.read_text(LATER, source="q3.txt"), by=by),
        "take_candidate": lambda: store.take_candidate(candidate, by=by),
        "dismiss_candidate": lambda: store.dismiss_candidate(candidate, by=by),
        "accept_progress": lambda: store.accept_progress(proposal, by=by),
        "reject_progress": lambda: store.reject_progress(proposal, by=by),
    }
    tables = ("articles", "commitments", "candidates", "proposed_progress", "progress_updates", "audit_log")
    before = {t: store.db.conn.execute(f"SELECT * FROM {t}").fetchall() for t in tables}
    with pytest.raises(PermissionDenied, match="权限不足"):
        writes[write]()
    assert {t: store.db.conn.execute(f"SELECT * FROM {t}").fetchall() for t in tables} == before


def test_a_bundle_as_a_plain_dict_is_stored_alike(store):
    result = store.save_article({"text": "区政府要求，年底前新建公园3个。", "source": "d.txt", "title": "通知",
                                 "date": "2024-03-05", "date_from": "signature", "frames": [{"kind": "frame"}],
                                 "records": [], "candidates": [], "progress": []})
    assert store.article(result["article_id"])["date_from"] == "signature"
    with pytest.raises(InvalidInput):
        store.save_article({"text": "另一篇。", "source": "e.txt", "date": "5/3/2024"})


def test_the_store_imports_neither_the_parser_nor_the_file_reader():
    """The data walks one way (house style 12): a store that parsed would parse what it was not shown."""
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys, tracker.store; "
            "print(sorted(m for m in sys.modules if m.startswith(('tracker.extract', 'tracker.documents', 'tracker.ingest'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent).stdout
    assert out.strip() == "[]"


# --- the original file, kept with its article ---------------------------------------------------------

def test_an_ingested_workbook_is_kept_as_its_bytes_with_what_was_read(tmp_path):
    path = fx.make_xlsx(tmp_path / "任务分解表-2023-03-01.xlsx")
    with Store(tmp_path / "t.db") as store:
        result, read = ingest.ingest_document(store, path)
        assert result["new"] and read.summary() == "表格，2 个工作表" and not read.ocr
        article = store.article(result["article_id"])
        assert (article["read_summary"], article["ocr"]) == ("表格，2 个工作表", False)
        kept = store.document(article["document_sha256"], by=_viewer(store))
        assert kept["data"] == path.read_bytes() and kept["name"] == path.name and kept["kind"] == "sheet"
        assert kept["sha256"] == read.sha256  # the key is the hash the reader took of the same bytes
        assert ingest.ingest_file(store, path)["new"] is False
        assert len(store.documents()) == 1


def test_a_word_file_read_again_with_a_date_keeps_its_original(tmp_path):
    import docx

    path = tmp_path / "通知.docx"
    document = docx.Document()
    document.add_paragraph("区政府要求，年底前新建公园3个。")
    document.save(path)
    bundle = ingest.read_file(path, source="上传/通知.docx", name="通知.docx")
    assert bundle.original["data"] == path.read_bytes() and bundle.read_summary == "Word 文档"
    dated = ingest.with_date(bundle, "2024-03-05")  # the 导入 page reads an undated text again
    assert (dated.original, dated.read_summary, dated.ocr) == (bundle.original, "Word 文档", False)
    pasted = ingest.read_text("区政府要求，年底前新建公园3个。", source="粘贴")
    assert (pasted.original, pasted.read_summary, pasted.ocr) == (None, None, False)
    with Store(tmp_path / "t.db") as store:
        saved = store.save_article(dated)
        article = store.article(saved["article_id"])
        assert store.document(article["document_sha256"], by=_viewer(store))["name"] == "通知.docx"
        assert article["source"] == "上传/通知.docx"


def _viewer(store) -> str:
    store.add_user("li", "viewer", "li-secret-12", trusted=True)
    return "li"


def test_a_pasted_text_over_the_input_limit_is_refused_with_a_reason(monkeypatch):
    """A page pasted into 导入 meets the same size limit as a file (issue 10 §2), named, not parsed."""
    from tracker import config, documents

    monkeypatch.setattr(documents, "INPUT_LIMITS", config.InputLimits(text_mb=0.001, docx_mb=0.5))
    with pytest.raises(ingest.ParseError, match="MB"):
        ingest.read_text("新建公园3个。" * 1000, source="粘贴")
    assert ingest.read_text("新建公园3个。", source="粘贴", ref_date="2024-01-01")
