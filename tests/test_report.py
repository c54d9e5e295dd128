"""督查通报: the period, the figures, the Word document opened again with python-docx, and the command."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from tracker import ranking, report
from tracker.labels import RANKING, RANKING_FIELD, REPORT

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2025-11-26"  # every date below is fixed: nothing here depends on today


@pytest.mark.parametrize(("kind", "as_of", "start", "end", "previous_end", "title", "label"), [
    ("month", "2025-11-26", "2025-11-01", "2025-11-30", "2025-10-31", "督查通报（2025年11月）", "2025-11"),
    ("month", "2025-01-01", "2025-01-01", "2025-01-31", "2024-12-31", "督查通报（2025年1月）", "2025-01"),
    ("month", "2024-02-10", "2024-02-01", "2024-02-29", "2024-01-31", "督查通报（2024年2月）", "2024-02"),
    ("week", "2025-11-26", "2025-11-24", "2025-11-30", "2025-11-23", "督查通报（2025年第48周）", "2025-W48"),
    ("week", "2025-11-24", "2025-11-24", "2025-11-30", "2025-11-23", "督查通报（2025年第48周）", "2025-W48"),
    ("week", "2026-01-01", "2025-12-29", "2026-01-04", "2025-12-28", "督查通报（2026年第1周）", "2026-W01"),
])
def test_the_period_holds_the_as_of_day(kind, as_of, start, end, previous_end, title, label):
    period = report.report_period(kind, as_of)
    assert (period.start.isoformat(), period.end.isoformat(), period.previous_end.isoformat()) == (start, end, previous_end)
    assert period.title == title
    assert report.default_filename(kind, as_of) == f"督查通报_{label}.docx"


def test_an_unknown_period_is_refused():
    with pytest.raises(ValueError, match="week"):
        report.report_period("year", AS_OF)


@pytest.fixture
def office(store):
    """Five commitments in four units as of 2025-11-26; on 2025-10-31 one fewer was done and none overdue."""
    s = store
    s.city = s.add_commitment("boss", task="老旧小区改造", target_value=366, unit="个", deadline="2025-12-31",
                              units=["区城建局", "区住建局"], officials=[{"name": "陈定", "title": "副区长"}])
    s.road = s.add_commitment("boss", task="严管示范路整治", target_value=4, unit="条", deadline="2025-11-10",
                              units=["区城管局"])
    s.park = s.add_commitment("boss", task="生态园林城市创建", deadline="2025-12-10", units=["区园林局"])
    s.pool = s.add_commitment("boss", task="口袋公园建设", target_value=3, unit="个", deadline="2025-10-10",
                              units=["区城建局"])
    s.loose = s.add_commitment("boss", task="无单位任务", target_value=10, unit="个", deadline="2025-12-20")
    s.add_progress(s.city, 100, by="wang", as_of="2025-11-01")
    s.add_progress(s.pool, 3, by="wang", as_of="2025-10-05")
    s.set_complete(s.park, by="wang", as_of="2025-11-20")
    return s


@pytest.fixture
def made(office):
    data_bytes, data = report.build(office, "month", AS_OF)
    return docx.Document(io.BytesIO(data_bytes)), data


def test_figures_now_and_at_the_previous_end(made):
    _, data = made
    assert data.now == {"total": 5, "done": 2, "done_late": 0, "finished": 2, "pending_signoff": 0, "overdue": 1,
                        "completion_rate": 40.0}
    assert data.before["finished"] == 1 and data.before["overdue"] == 0
    first, second = report.summary_paragraphs(data)
    assert first == ("截至2025年11月26日，共跟踪承诺事项5项。其中已完成2项（按期完成2项、逾期完成0项），"
                     "待销号0项，已逾期1项，完成率40.0%。")
    assert second == "与上期末（2025年10月31日）相比，已完成增加1项，已逾期增加1项，完成率上升20.0个百分点。"
    assert data.overdue[["id", "report_unit"]].values.tolist() == [[2, "区城管局"]]
    # due within 30 days and not done: 老旧小区改造 (35 days) is not, 无单位任务 (24 days) is
    assert data.due_soon[["id", "report_unit", "days"]].values.tolist() == [[5, RANKING["no_unit"], 24]]


def test_the_document_reads_title_period_summary_ranking_lists_and_chart(made):
    document, data = made
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "督查通报（2025年11月）"
    assert paragraphs[1] == "2025年11月1日—11月26日　统计截至2025年11月26日"
    text = "\n".join(paragraphs)
    for words in report.summary_paragraphs(data):
        assert words in text
    for heading in ("h_summary", "h_ranking", "h_overdue", "h_chart"):
        assert REPORT[heading] in paragraphs

    ranking_table = document.tables[0]
    rows = [[c.text for c in row.cells] for row in ranking_table.rows]
    headers, body = report.ranking_rows(data.ranking)
    assert rows[0] == headers == [RANKING_FIELD[k] for k in ranking.COLUMNS[:-1]]
    assert rows[1:] == body
    assert [r[1] for r in rows[1:]] == data.ranking["unit"].tolist()
    assert rows[1] == ["1", "区园林局", "1", "1", "0", "0", "0", "100.0%", RANKING["never"]]
    assert rows[2] == ["2", "区城建局", "2", "1", "0", "0", "0", "50.0%", "25"]
    assert [r[0] for r in rows[1:]] == ["1", "2", "3", "3", "5"]  # 区住建局 and 未指定单位 tie

    overdue_table, due_table = document.tables[1:3]
    group = overdue_table.rows[1]
    assert [c.text for c in group.cells] == ["区城管局（1项）"] * 7  # one cell across the table
    assert len(group._tr.findall(docx.oxml.ns.qn("w:tc"))) == 1
    assert [c.text for c in overdue_table.rows[2].cells][:5] == ["2", "严管示范路整治", "4条", "2025-11-10", "16"]
    assert due_table.rows[1].cells[0].text == f"{RANKING['no_unit']}（1项）"
    assert due_table.rows[2].cells[1].text == "无单位任务"
    assert len(document.inline_shapes) == 1  # the chart
    image = document.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    assert document.part.related_parts[image].content_type == "image/png"
    assert document.core_properties.title == "督查通报（2025年11月）"


def test_the_header_row_repeats_and_rows_do_not_split(made):
    document, _ = made
    table = document.tables[0]
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader")
    assert all(row._tr.trPr.xpath("./w:cantSplit") for row in table.rows)
    assert table.style.name == "Table Grid"


def test_chinese_faces_are_set_for_east_asian_text(made):
    document, _ = made
    run = document.paragraphs[0].runs[0]
    fonts = run._r.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == report.TITLE_FONT


def test_a_first_report_says_so(store):
    store.add_commitment("boss", task="新任务", deadline="2025-12-31", units=["甲局"])
    view = store.commitments(AS_OF)
    data = report.gather(view, view.iloc[0:0], report.report_period("week", AS_OF))
    assert report.summary_paragraphs(data)[1] == REPORT["first_period"].format(before="2025年11月23日")
    assert docx.Document(io.BytesIO(report.to_docx(data))).tables[0].rows[1].cells[1].text == "甲局"


def test_stored_text_goes_in_as_text(store):
    """Markup, math signs and control characters in a unit or task are written as plain text (or dropped)."""
    hostile = "<w:p>$x^2$ \\alpha 区<b>局</b>\x07"
    store.add_commitment("boss", task=hostile, target_value=2, unit="个", deadline="2025-11-01", units=[hostile])
    data_bytes, data = report.build(store, "month", AS_OF)
    document = docx.Document(io.BytesIO(data_bytes))
    clean = hostile.replace("\x07", "")
    assert document.tables[0].rows[1].cells[1].text == clean
    assert document.tables[1].rows[1].cells[0].text == f"{clean}（1项）"
    assert document.tables[1].rows[2].cells[1].text == clean
    assert report.chart_png(data.ranking)[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_chart_is_a_png_in_a_chinese_face(made):
    _, data = made
    png = report.chart_png(data.ranking)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    if report.cjk_font_family() is None:
        pytest.skip("Noto Sans CJK is not installed (fonts-noto-cjk)")
    assert report.cjk_font_family().startswith("Noto Sans")


def test_long_lists_stop_at_the_limit_and_say_how_many_more(office):
    office.add_commitment("boss", task="第二项逾期", target_value=1, unit="个", deadline="2025-11-02", units=["区城管局"])
    _, data = report.build(office, "month", AS_OF)
    assert report.list_rows(data.overdue) == [
        "区城管局（2项）", [6, "第二项逾期", "1个", "2025-11-02", 24, "—", ""],
        [2, "严管示范路整治", "4条", "2025-11-10", 16, "—", ""]]  # longest overdue first
    assert report.list_rows(data.overdue, limit=1) == ["区城管局（2项）", [6, "第二项逾期", "1个", "2025-11-02", 24, "—", ""]]
    document = docx.Document(io.BytesIO(report.to_docx(data, max_listed=1)))
    assert REPORT["not_listed"].format(n=1) in [p.text for p in document.paragraphs]


# --- the command ----------------------------------------------------------------------------

def tracker(*args, db: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "TRACKER_DB"}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "tracker", *args, "--db", str(db)], check=False, cwd=cwd,
                          capture_output=True, text=True, env=env, timeout=300)


def test_report_command_writes_the_document(office, tmp_path):
    office.close()
    db = Path(office.path)
    out = tmp_path / "通报.docx"
    done = tracker("report", "--period", "month", "--as-of", AS_OF, "-o", str(out), db=db, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "已写出督查通报" in done.stderr and "5 条承诺" in done.stderr and done.stdout == ""
    document = docx.Document(out)
    assert document.paragraphs[0].text == "督查通报（2025年11月）"
    assert len(document.inline_shapes) == 1

    default = tracker("report", "--period", "week", "--as-of", AS_OF, db=db, cwd=tmp_path)
    assert default.returncode == 0, default.stderr
    assert docx.Document(tmp_path / "督查通报_2025-W48.docx").paragraphs[0].text == "督查通报（2025年第48周）"


@pytest.mark.parametrize(("args", "code", "message"), [
    (("--period", "year"), 2, "参数错误"),
    (("--period", "month", "--as-of", "2025-13-01"), 2, "--as-of"),
    (("--period", "month", "-o", "/no/such/folder/a.docx"), 1, "目录不存在"),
])
def test_report_command_refuses(office, tmp_path, args, code, message):
    office.close()
    done = tracker("report", *args, db=Path(office.path), cwd=tmp_path)
    assert done.returncode == code and message in done.stderr
    assert not list(tmp_path.glob("*.docx"))


def test_report_command_refuses_an_empty_database(tmp_path):
    from tracker.store import Store

    Store(tmp_path / "empty.db").close()
    done = tracker("report", "--period", "month", "--as-of", AS_OF, db=tmp_path / "empty.db", cwd=tmp_path)
    assert done.returncode == 1 and REPORT["empty"] in done.stderr
    assert not list(tmp_path.glob("*.docx"))

