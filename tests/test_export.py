"""Exports: every file is opened with the reader an office would use (openpyxl, csv, icalendar).

The rows are built directly with the commitment view's columns, so these tests do not depend
on what the parser finds; the command-line tests at the end go through a real Store.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import date, datetime, timedelta

import openpyxl
import pandas as pd
import pytest
from icalendar import Calendar

from tracker import export
from tracker.ingest import ingest_text
from tracker.labels import EXPORT, FIELD, RANKING, RANKING_FIELD, STATUS
from tracker.store import Store

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AS_OF = "2026-11-26"
VIEW_COLUMNS = ["id", "article_id", "source", "article_title", "article_date", "sentence", "start", "end",
                "target_value", "unit", "task", "deadline", "deadline_text", "officials", "units", "work_area",
                "review", "created_at", "progress", "progress_as_of", "completed", "share", "status"]
# openpyxl reads but does not keep Excel 2010 data-bar extensions; the data bar itself is checked below.
pytestmark = pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning")
HEADERS = ["编号", "任务", "目标值", "单位", "截止日期", "状态", "进度", "完成率", "责任领导", "责任单位", "工作领域", "来源", "原文"]


def row(id, task, target=None, unit=None, deadline=None, status="on_track", progress=None, share=None,
        officials=(), units=(), area="城市建设", review="confirmed", sentence=None):
    return {
        "id": id, "article_id": 1, "source": "郑州日报", "article_title": "管城区召开工作推进会",
        "article_date": "2026-04-26", "sentence": sentence or f"确保{task}", "start": 0, "end": 10,
        "target_value": float("nan") if target is None else float(target), "unit": unit, "task": task,
        "deadline": deadline, "deadline_text": "年底前" if deadline else None,
        "officials": [{"name": n, "title": t} for t, n in officials], "units": list(units), "work_area": area,
        "review": review, "created_at": "2026-04-27 09:00:00", "progress": progress,
        "progress_as_of": "2026-10-01" if progress is not None else None, "completed": status == "done",
        "share": share, "status": None if review == "rejected" else status,
    }


@pytest.fixture
def view() -> pd.DataFrame:
    rows = [
        row(1, "老旧小区改造", 366, "个", "2026-12-31", "at_risk", 120, 120 / 366 * 100,
            officials=[("区长", "张艳敏"), ("副区长", "陈定")], units=["区城建局", "住房保障中心"],
            sentence="确保全年完成366个老旧小区改造任务"),
        row(2, "严管示范路", 4, "条", "2026-06-30", "overdue", 1, 25.0, officials=[("副区长", "陈定")],
            units=["区交警大队"], area="交通"),
        row(3, "生态园林城市创建", None, None, "2026-06-30", "done", officials=[("区长", "张艳敏")],
            units=["区园林局"], area="生态环境"),
        row(4, "=HYPERLINK(\"http://evil.example/\",\"点击\")", 10, "-1+1", "2027-03-31", "on_track",
            units=["@区财政局"]),
        row(5, "新建学校", 5, "所", None, "no_deadline", area="教育"),
        row(6, "被驳回的承诺", 9, "个", "2026-12-31", review="rejected"),
        row(7, "完成投资", 1e10, "元", "2027-12-31", "on_track", 2.5e9, 25.0, units=["区发改委"], area="经济发展"),
    ]
    return pd.DataFrame(rows, columns=VIEW_COLUMNS)


# --- selection ------------------------------------------------------------------------------

def test_filter_drops_rejected_and_orders_by_deadline(view):
    rows = export.filter_commitments(view)
    assert 6 not in rows["id"].tolist()
    # earliest deadline first, ties by id, undated last
    assert rows["id"].tolist() == [2, 3, 1, 4, 7, 5]


@pytest.mark.parametrize("kwargs, ids", [
    ({"status": "overdue"}, [2]),
    ({"status": "已完成"}, [3]),
    ({"status": ["overdue", "at_risk"]}, [2, 1]),
    ({"official": "陈定"}, [2, 1]),
    ({"official": "区长"}, []),  # a whole name, as the dashboard picks it: a title is not a name
    ({"official": ["陈定", "张艳敏"]}, [2, 3, 1]),  # several names: any of them
    ({"unit": "区城建局"}, [1]),
    ({"unit": "城建局"}, []),  # part of a name is not the name (tracker.filters matches whole names)
    ({"area": "交通"}, [2]),
    ({"area": ["交通", "教育"]}, [2, 5]),
    ({"text": "城建"}, [1]),  # the search box is the one place where part of a word is enough
    ({"due_before": "2026-12-31"}, [2, 3, 1]),  # inclusive, and rows without a deadline drop out
    ({"due_after": "2026-12-31"}, [1, 4, 7]),
    ({"due_after": date(2027, 1, 1), "due_before": "2027-06-30"}, [4]),
    ({"status": "overdue", "unit": "园林"}, []),
])
def test_filter(view, kwargs, ids):
    assert export.filter_commitments(view, **kwargs)["id"].tolist() == ids


def test_filter_refuses_a_bad_date(view):
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        export.filter_commitments(view, due_before="31.12.2026")


def test_filter_choices(view):
    choices = export.filter_choices(export.filter_commitments(view))
    assert choices["official"] == sorted(["张艳敏", "陈定"])
    assert "区城建局" in choices["unit"] and "住房保障中心" in choices["unit"]
    assert choices["area"] == sorted({"城市建设", "交通", "生态环境", "教育", "经济发展"})


def test_text_helpers():
    assert export.officials_text([{"name": "张艳敏", "title": "区长"}, {"name": "陈定", "title": "副区长"}]) \
        == "区长 张艳敏、副区长 陈定"
    assert export.officials_text('[{"name": "陈定", "title": null}]') == "陈定"
    assert export.officials_text(None) == ""
    assert export.units_text(["区城建局", "住房保障中心"]) == "区城建局、住房保障中心"


def test_formats_and_file_names():
    assert export.default_filename("xlsx", AS_OF) == "承诺清单_2026-11-26.xlsx"
    assert export.default_filename("csv", date(2026, 1, 2)) == "承诺清单_2026-01-02.csv"
    assert export.FORMATS["xlsx"].mime == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert export.FORMATS["csv"].mime == "text/csv"
    assert export.FORMATS["ics"].mime == "text/calendar"
    assert {f.extension for f in export.FORMATS.values()} == {"csv", "xlsx", "ics"}
    with pytest.raises(ValueError, match="pdf"):
        export.render(pd.DataFrame(columns=VIEW_COLUMNS), "pdf")


def test_headers_come_from_the_label_map():
    assert export.HEADERS == HEADERS
    assert export.HEADERS == [FIELD[c] for c in export.COLUMNS]


# --- CSV ------------------------------------------------------------------------------------

def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "no byte-order mark: Excel on Windows would garble the Chinese"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_rows_headers_dates(view):
    rows = read_csv(export.to_csv(export.filter_commitments(view)))
    assert rows[0] == HEADERS
    body = {r[0]: dict(zip(HEADERS, r, strict=True)) for r in rows[1:]}
    assert list(body) == ["2", "3", "1", "4", "7", "5"]
    first = body["1"]
    assert first["任务"] == "老旧小区改造"
    assert first["目标值"] == "366"
    assert first["截止日期"] == "2026-12-31"
    assert first["状态"] == "有风险"
    assert first["进度"] == "120"
    assert first["完成率"] == "32.8%"
    assert first["责任领导"] == "区长 张艳敏、副区长 陈定"
    assert first["责任单位"] == "区城建局、住房保障中心"
    assert first["原文"] == "确保全年完成366个老旧小区改造任务"
    assert body["7"]["目标值"] == "10000000000"  # never 1e+10
    assert body["5"]["截止日期"] == "" and body["5"]["状态"] == "未设期限"
    assert body["3"]["目标值"] == ""


def test_csv_neutralises_formulas(view):
    rows = read_csv(export.to_csv(export.filter_commitments(view)))
    evil = next(dict(zip(HEADERS, r, strict=True)) for r in rows[1:] if r[0] == "4")
    assert evil["任务"] == "'=HYPERLINK(\"http://evil.example/\",\"点击\")"
    assert evil["单位"] == "'-1+1"
    assert evil["责任单位"] == "'@区财政局"
    # nothing else starts with a formula character
    for r in rows[1:]:
        for header, cell in zip(HEADERS, r, strict=True):
            if header not in ("目标值", "进度"):
                assert cell[:1] not in "=+-@\t\r" or not cell, (header, cell)


def test_csv_tab_and_carriage_return_are_neutralised():
    df = pd.DataFrame([row(1, "\t=1+2", 1, "\r个", "2026-12-31")], columns=VIEW_COLUMNS)
    body = read_csv(export.to_csv(df))[1]
    assert body[1] == "'\t=1+2" and body[3] == "'\r个"


def test_csv_with_no_rows_still_has_headers():
    assert read_csv(export.to_csv(pd.DataFrame(columns=VIEW_COLUMNS))) == [HEADERS]


# --- Excel ----------------------------------------------------------------------------------

@pytest.fixture
def workbook(view):
    data = export.to_xlsx(export.filter_commitments(view), title="管城区承诺清单", as_of=AS_OF)
    assert data[:2] == b"PK"
    return openpyxl.load_workbook(io.BytesIO(data))


def sheet_rows(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_xlsx_layout(workbook):
    assert workbook.sheetnames == [EXPORT["list_sheet"], EXPORT["stats_sheet"], RANKING["sheet"]]
    ws = workbook[EXPORT["list_sheet"]]
    assert "管城区承诺清单" in ws["A1"].value and AS_OF in ws["A1"].value and "6" in ws["A1"].value
    assert [c.value for c in ws[2]] == HEADERS
    assert ws.freeze_panes == "A3"  # title and header stay in view
    assert ws.auto_filter.ref == "A2:M8"
    assert workbook.properties.title == "管城区承诺清单"
    assert AS_OF in workbook.properties.subject
    assert isinstance(workbook.properties.created, datetime)


def test_xlsx_cells(workbook):
    ws = workbook[EXPORT["list_sheet"]]
    rows = {r[0]: dict(zip(HEADERS, r, strict=True)) for r in sheet_rows(ws)[2:]}
    assert list(rows) == [2, 3, 1, 4, 7, 5]
    first = rows[1]
    assert first["任务"] == "老旧小区改造"
    assert first["目标值"] == 366
    assert first["截止日期"] == datetime(2026, 12, 31)
    assert first["状态"] == STATUS["at_risk"]
    assert first["完成率"] == pytest.approx(120 / 366)
    assert first["责任领导"] == "区长 张艳敏、副区长 陈定"
    assert first["责任单位"] == "区城建局、住房保障中心"
    assert rows[5]["截止日期"] is None and rows[5]["完成率"] is None
    assert rows[7]["目标值"] == 1e10
    # types and number formats, found by header
    col = {h: i + 1 for i, h in enumerate(HEADERS)}
    r = 2 + 1 + list(rows).index(1)
    assert ws.cell(r, col["截止日期"]).is_date and ws.cell(r, col["截止日期"]).number_format == "yyyy-mm-dd"
    assert ws.cell(r, col["完成率"]).number_format.endswith("%")
    assert ws.cell(r, col["目标值"]).data_type == "n"


def test_xlsx_formulas_stay_text(workbook):
    ws = workbook[EXPORT["list_sheet"]]
    col = {h: i + 1 for i, h in enumerate(HEADERS)}
    r = next(i for i, row_ in enumerate(ws.iter_rows(values_only=True), 1) if row_[0] == 4)
    task, unit = ws.cell(r, col["任务"]), ws.cell(r, col["单位"])
    assert task.data_type == "s" and task.value == "=HYPERLINK(\"http://evil.example/\",\"点击\")"
    assert unit.data_type == "s" and unit.value == "-1+1"
    assert ws.cell(r, col["责任单位"]).value == "@区财政局"


def test_xlsx_no_formula_cells_anywhere(view):
    """The raw sheet XML holds no <f> element: nothing can run when the file opens."""
    import zipfile

    data = export.to_xlsx(export.filter_commitments(view), as_of=AS_OF)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name


def test_xlsx_highlights_overdue_and_draws_data_bars(workbook):
    ws = workbook[EXPORT["list_sheet"]]
    rules = [(str(rng.sqref), rule) for rng in ws.conditional_formatting for rule in rng.rules]
    bars = [ref for ref, rule in rules if rule.type == "dataBar"]
    assert bars == ["H3:H8"]
    overdue = [ref for ref, rule in rules if rule.type == "expression" and STATUS["overdue"] in rule.formula[0]]
    assert overdue == ["A3:M8"]


def test_xlsx_column_widths_fit_chinese(workbook):
    ws = workbook[EXPORT["list_sheet"]]
    # 责任领导 holds "区长 张艳敏、副区长 陈定": 13 characters, 11 of them Chinese -> at least 24 wide
    assert ws.column_dimensions["I"].width >= 24
    assert ws.column_dimensions["E"].width >= 10  # a yyyy-mm-dd date


def test_xlsx_statistics_sheet(workbook):
    ws = workbook[EXPORT["stats_sheet"]]
    rows = sheet_rows(ws)

    def section(title_key):
        start = next(i for i, r in enumerate(rows) if r[0] == EXPORT[title_key])
        out = {}
        for r in rows[start + 2:]:
            if r[0] is None:
                break
            out[r[0]] = r[1:]
        return out

    by_status = section("by_status")
    assert by_status[STATUS["overdue"]][0] == 1
    assert by_status[STATUS["on_track"]][0] == 2
    assert by_status[EXPORT["total"]][0] == 6
    by_unit = section("by_unit")
    assert by_unit["区城建局"][0] == 1  # 合计
    assert by_unit["未注明"][0] == 1  # only 5 names no unit
    by_area = section("by_area")
    assert by_area["城市建设"][0] == 2  # 1 and 4; the rejected 6 is not counted
    header = rows[next(i for i, r in enumerate(rows) if r[0] == EXPORT["by_area"]) + 1]
    assert header[:3] == [FIELD["work_area"], EXPORT["total"], STATUS["overdue"]]


def test_xlsx_ranking_sheet(workbook):
    """单位排名 of the exported rows: numbers stay numbers, the rate a percentage, never-reported in words."""
    ws = workbook[RANKING["sheet"]]
    rows = sheet_rows(ws)
    assert AS_OF in rows[0][0]
    assert rows[1][:3] == [RANKING_FIELD["rank"], RANKING_FIELD["unit"], RANKING_FIELD["commitments"]]
    body = {r[1]: r for r in rows[2:] if r[1]}
    # 区园林局 done first; a formula-looking unit stays text
    assert rows[2][:4] == [1, "区园林局", 1, 1]
    assert body["区园林局"][7] == 1.0 and ws.cell(3, 8).number_format == "0.0%"
    assert body["@区财政局"][1] == "@区财政局"
    assert body["区城建局"][8] == 56  # latest progress 2026-10-01, as of 2026-11-26
    assert body[RANKING["no_unit"]][8] == RANKING["never"]
    assert ws.freeze_panes == "C3"


def test_ranking_csv_reads_back(view):
    data = export.ranking_csv(export.filter_commitments(view), as_of=AS_OF)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == [RANKING_FIELD["rank"], RANKING_FIELD["unit"], RANKING_FIELD["commitments"]]
    assert rows[1][:2] == ["1", "区园林局"] and rows[1][7] == "100.0%"
    assert ["'@区财政局"] == [r[1] for r in rows if "区财政局" in r[1]]  # never a formula
    assert export.ranking_filename("csv", AS_OF) == "单位排名_2026-11-26.csv"
    from tracker.ranking import unit_ranking

    assert export.ranking_table_csv(unit_ranking(export.filter_commitments(view), AS_OF)) == data


def test_xlsx_with_no_rows_opens():
    wb = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(pd.DataFrame(columns=VIEW_COLUMNS), as_of=AS_OF)))
    ws = wb[EXPORT["list_sheet"]]
    assert [c.value for c in ws[2]] == HEADERS and ws.max_row == 2


@pytest.mark.parametrize("constant_memory", [True, False])
def test_xlsx_same_cells_in_both_memory_modes(view, constant_memory):
    # Each mode against the other: comparing a mode with the default compared True with itself.
    rows = export.filter_commitments(view)

    def cells(mode: bool) -> list[list]:
        wb = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(rows, as_of=AS_OF, constant_memory=mode)))
        return sheet_rows(wb[EXPORT["list_sheet"]])[1:]

    assert cells(constant_memory) == cells(not constant_memory)


# --- calendar -------------------------------------------------------------------------------

def events(data: bytes) -> dict[str, object]:
    cal = Calendar.from_ical(data)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_ics_events(view):
    data = export.to_ics(export.filter_commitments(view), as_of=AS_OF)
    cal = Calendar.from_ical(data)
    assert str(cal["X-WR-CALNAME"]) == EXPORT["calendar_name"]
    evs = events(data)
    # one event per commitment with a deadline (5 has none, 6 is rejected)
    assert sorted(evs) == sorted(f"commitment-{i}@tracker" for i in (1, 2, 3, 4, 7))
    e = evs["commitment-1@tracker"]
    start, end = e.decoded("DTSTART"), e.decoded("DTEND")
    assert type(start) is date and start == date(2026, 12, 31)  # all day: a date, not a datetime
    assert end == start + timedelta(days=1)
    assert str(e["SUMMARY"]) == "【截止】老旧小区改造 366个"
    description = str(e["DESCRIPTION"])
    for text in ("区长 张艳敏、副区长 陈定", "区城建局、住房保障中心", STATUS["at_risk"], "120个",
                 "确保全年完成366个老旧小区改造任务"):
        assert text in description
    assert isinstance(e.decoded("DTSTAMP"), datetime) and int(e["SEQUENCE"]) > 0
    assert str(evs["commitment-7@tracker"]["SUMMARY"]) == "【截止】完成投资 100亿元"
    assert str(evs["commitment-3@tracker"]["SUMMARY"]) == "【截止】生态园林城市创建"


def test_ics_alarms(view):
    for e in events(export.to_ics(export.filter_commitments(view), as_of=AS_OF)).values():
        alarms = e.walk("VALARM")
        assert sorted(a.decoded("TRIGGER") for a in alarms) == [timedelta(days=-7), timedelta(days=-1)]
        assert {str(a["ACTION"]) for a in alarms} == {"DISPLAY"}
        assert all(str(a["DESCRIPTION"]) for a in alarms)


def test_ics_alarm_text_is_rfc_duration(view):
    data = export.to_ics(export.filter_commitments(view), as_of=AS_OF)
    assert b"TRIGGER:-P7D" in data and b"TRIGGER:-P1D" in data


def test_ics_uids_stable_and_sequence_grows(view):
    rows = export.filter_commitments(view)
    first = events(export.to_ics(rows, as_of=AS_OF, stamp=datetime(2026, 11, 26, 8, 0, tzinfo=export.UTC)))
    changed = view.assign(task=view["task"].where(view["id"] != 1, "老旧小区改造提升"))
    second = events(export.to_ics(export.filter_commitments(changed), as_of="2026-11-27",
                                  stamp=datetime(2026, 11, 27, 8, 0, tzinfo=export.UTC)))
    assert set(first) == set(second)
    uid = "commitment-1@tracker"
    assert int(second[uid]["SEQUENCE"]) > int(first[uid]["SEQUENCE"])
    assert "老旧小区改造提升" in str(second[uid]["SUMMARY"])


def test_ics_long_and_special_text_round_trips():
    long = "确保全年完成" + "老旧小区改造、背街小巷整治;路灯,供暖\\管网" * 8
    df = pd.DataFrame([row(1, "管网改造;路灯,供暖", 3, "公里", "2026-12-31", sentence=long)], columns=VIEW_COLUMNS)
    data = export.to_ics(df, as_of=AS_OF)
    assert max(len(line) for line in data.split(b"\r\n")) <= 75  # folded per RFC 5545
    e = events(data)["commitment-1@tracker"]
    assert long in str(e["DESCRIPTION"])
    assert str(e["SUMMARY"]) == "【截止】管网改造;路灯,供暖 3公里"


def test_ics_with_no_rows_is_an_empty_calendar():
    assert events(export.to_ics(pd.DataFrame(columns=VIEW_COLUMNS), as_of=AS_OF)) == {}


# --- command line ---------------------------------------------------------------------------

def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "tracker", "export", *args], check=False, capture_output=True, cwd=cwd or ROOT,
                          env={**os.environ, "PYTHONPATH": ROOT}, timeout=120)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "x.db"
    with Store(path) as store:
        store.add_user("王经理", "manager", "secret-1-long")
        store.add_commitment(by="王经理", task="老旧小区改造", target_value=366, unit="个", deadline="2026-12-31",
                             sentence="确保全年完成366个老旧小区改造任务", units=["区城建局"],
                             officials=[{"name": "陈定", "title": "副区长"}])
        store.add_commitment(by="王经理", task="=HYPERLINK(\"http://evil.example/\")", target_value=4, unit="-条",
                             deadline="2026-03-31", sentence="要聚焦重点区域,尤其是4条严管示范路")
    return path


def test_cli_csv_to_stdout(db):
    done = cli("--format", "csv", "--db", str(db), "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr.decode()
    rows = read_csv(done.stdout)
    assert rows[0] == HEADERS and len(rows) == 3
    assert rows[1][1].startswith("'=HYPERLINK")  # deadline 2026-03-31 comes first
    assert rows[1][3] == "'-条"


def test_cli_xlsx_to_file_says_where_on_stderr(db, tmp_path):
    out = tmp_path / "list.xlsx"
    done = cli("--format", "xlsx", "-o", str(out), "--db", str(db), "--as-of", AS_OF, "--status", "overdue")
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout == b""
    assert str(out) in done.stderr.decode()
    ws = openpyxl.load_workbook(out)[EXPORT["list_sheet"]]
    assert [r[1] for r in ws.iter_rows(min_row=3, values_only=True)] == ["=HYPERLINK(\"http://evil.example/\")"]


def test_cli_xlsx_default_name_in_current_directory(db, tmp_path):
    done = cli("--format", "xlsx", "--db", str(db), "--as-of", AS_OF, cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout == b""
    assert (tmp_path / "承诺清单_2026-11-26.xlsx").is_file()
    assert "承诺清单_2026-11-26.xlsx" in done.stderr.decode()


def test_cli_ics(db, tmp_path):
    out = tmp_path / "deadlines.ics"
    done = cli("--format", "ics", "-o", str(out), "--db", str(db), "--due-after", "2026-06-01", "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr.decode()
    evs = events(out.read_bytes())
    assert len(evs) == 1 and "老旧小区改造" in str(next(iter(evs.values()))["SUMMARY"])


@pytest.mark.parametrize("args, message", [
    (["--format", "pdf"], "pdf"),
    (["--format", "csv", "-o", "/nonexistent-dir/x.csv"], "/nonexistent-dir"),
    (["--format", "csv", "--due-before", "next week"], "YYYY-MM-DD"),
    (["--format", "csv", "--unit", "没有这个单位"], EXPORT["empty"]),
])
def test_cli_errors_are_clear_and_non_zero(db, args, message):
    done = cli(*args, "--db", str(db), "--as-of", AS_OF)
    assert done.returncode != 0
    assert message in done.stderr.decode()
    assert done.stdout == b""
    assert "Traceback" not in done.stderr.decode()


def test_cli_writing_into_a_directory_fails_cleanly(db, tmp_path):
    done = cli("--format", "csv", "-o", str(tmp_path), "--db", str(db))
    assert done.returncode != 0 and "Traceback" not in done.stderr.decode()


@pytest.mark.parametrize("seed", range(20))
def test_ics_folding_keeps_characters_whole(seed):
    """Folded lines are at most 75 octets, never split a UTF-8 character, and unfold to the original."""
    import random

    rng = random.Random(seed)
    alphabet = ["老", "旧", "a", "1", "\\\\", "\\n", "\\;", "😀", " ", "、"]
    text = "DESCRIPTION:" + "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 400)))
    folded = export._fold(text)
    lines = folded.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert all(line.startswith(b" ") for line in lines[1:])
    # no escape (\\, \n, \;) is cut in two: every line ends on an even run of backslashes
    assert all((len(line) - len(line.rstrip(b"\\"))) % 2 == 0 for line in lines[:-1])
    pieces = [line.decode("utf-8") for line in lines]  # raises if a character was cut
    assert pieces[0] + "".join(p[1:] for p in pieces[1:]) == text


def test_cli_xlsx_to_stdout_when_asked(db):
    done = cli("--format", "xlsx", "-o", "-", "--db", str(db), "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr.decode()
    ws = openpyxl.load_workbook(io.BytesIO(done.stdout))[EXPORT["list_sheet"]]
    assert ws.max_row == 4  # title, header, two commitments


def test_cli_filters_by_official_and_unit(db):
    done = cli("--format", "csv", "--official", "陈定", "--unit", "区城建局", "--db", str(db), "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr.decode()
    assert [r[1] for r in read_csv(done.stdout)[1:]] == ["老旧小区改造"]
    part = cli("--format", "csv", "--unit", "城建", "--db", str(db), "--as-of", AS_OF)  # a whole name, as the dashboard
    assert part.returncode == 1 and EXPORT["empty"] in part.stderr.decode()
    both = cli("--format", "csv", "--unit", "区城建局", "--unit", "没有这个单位", "--search", "小区", "--db", str(db),
               "--as-of", AS_OF)
    assert [r[1] for r in read_csv(both.stdout)[1:]] == ["老旧小区改造"]


def test_cli_calendar_of_undated_commitments_is_refused(db):
    with Store(db) as store:
        store.add_commitment(by="王经理", task="生态园林城市创建", work_area="生态环境", deadline=None)
    done = cli("--format", "ics", "--area", "生态环境", "--db", str(db), "--as-of", AS_OF)
    assert done.returncode == 1 and done.stdout == b""
    assert EXPORT["empty_calendar"] in done.stderr.decode()


def test_cli_exports_ingested_text_and_never_rejected(db, tmp_path):
    """Through the parser: whatever it finds is exported, except what a manager rejected."""
    text = ("区政府召开重点工作推进会\n2026年4月26日\n"
            "会议要求,区城建局要确保全年完成120个老旧小区改造任务。"
            "区交通局要在6月底前完成8条背街小巷整治。")
    with Store(db) as store:
        ingest_text(store, text, source="推进会.txt", ref_date="2026-04-26", by="王经理")
        view = store.commitments(AS_OF)
        if len(view) < 3:
            pytest.skip("the parser found nothing in the test text")
        store.review(int(view["id"].max()), "rejected", by="王经理")
        expected = len(store.commitments(AS_OF))
    done = cli("--format", "csv", "--db", str(db), "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr.decode()
    body = read_csv(done.stdout)[1:]
    assert len(body) == expected
    assert str(int(view["id"].max())) not in [r[0] for r in body]
