"""Stored text is data, never markup: hostile strings in every stored field, every page run as a manager.

Everything a page hands Streamlit as markdown or HTML (markdown, captions, headings, alerts,
labels, help, progress text, st.html) must hold the hostile strings only escaped: no tag, no
event handler, no javascript: link, no markdown image. Plotly charts read <b>, <a href> and the
like in their labels, so chart text is checked for tags too. Data put in through the Store.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app import state
from tracker.labels import UI
from tracker.store import Store

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = str(ROOT / "dashboard.py")
TODAY = date.today()

# Each piece is something a browser or a markdown renderer would act on if left raw.
HOSTILE = ('<script>alert(1)</script><img src="http://elsewhere.example/x.png" onerror="alert(2)">'
           '<iframe srcdoc="&lt;script&gt;alert(3)&lt;/script&gt;"></iframe><a href="http://elsewhere.example/">a</a>'
           '[链接](javascript:alert(4))![](http://elsewhere.example/y.png)')
NAME = "<img src=x onerror=alert(5)>王"  # user names are at most 64 characters
OFFICIAL = "<img src=x onerror=alert(6)>陈"
# What must never reach a markdown or HTML element raw.
RAW = ("<script", "<iframe", "<img", "<a ", "onerror=", "javascript:", "![", "](")
# Plotly draws its own pseudo-HTML (<b>, <br>, <a href>); an escaped `onerror=` in a label is just text.
RAW_IN_CHARTS = ("<script", "<iframe", "<img", "<a ")
MARKUP_FIELDS = ("body", "label", "help", "text")
PLAIN_TYPES = {"text", "code", "arrow_data_frame", "metric"}  # drawn as plain text by Streamlit (metric: its value)


def page(key: str) -> str:
    return str(ROOT / "app" / "pages" / f"{key}.py")


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    """A database whose every stored text field holds HOSTILE (or NAME/OFFICIAL where length is capped)."""
    path = tmp_path / "tracker.db"
    monkeypatch.setenv("TRACKER_DB", str(path))
    s = Store(path)  # a bare Store: no seed
    s.add_user(NAME, "manager", "boss-password-1")
    s.add_user("wang", "staff", "wang-password-1", by=NAME)
    text = f"# {HOSTILE}\n\n会上要求，{HOSTILE}确保全年完成366个老旧小区改造任务。\n\n{HOSTILE}"
    sentence = f"{HOSTILE}确保全年完成366个老旧小区改造任务"
    start = text.index(sentence)
    record = {"sentence": sentence, "start": start, "end": start + len(sentence), "target_value": 366,
              "unit": HOSTILE, "task": HOSTILE, "deadline": (TODAY + timedelta(days=20)).isoformat(),
              "deadline_text": HOSTILE, "officials": [{"name": OFFICIAL, "title": HOSTILE}], "units": [HOSTILE],
              "article_title": HOSTILE, "article_date": TODAY.isoformat()}
    # the parser's view of the text is set here, not learnt: a bundle as tracker.ingest hands it over
    result = s.save_article({
        "text": text, "source": HOSTILE, "title": HOSTILE, "date": TODAY.isoformat(), "date_from": "ref_date",
        "frames": [{"title": HOSTILE, "sections": [{"heading": HOSTILE, "speaker": OFFICIAL, "units": [HOSTILE]}]}],
        "records": [record],
        "candidates": [{"sentence": HOSTILE, "start": 0, "end": 5, "target_value": 3, "unit": HOSTILE, "task": HOSTILE,
                        "deadline_text": HOSTILE, "article_title": HOSTILE, "reason": HOSTILE}],
        "progress": [{"record": 0, "value": 100, "unit": HOSTILE, "sentence": HOSTILE}],
    }, by=NAME)
    s.extracted = int(s.commitments()["id"].iloc[0])  # awaits review: 审核 shows it
    s.manual = s.add_commitment(NAME, article_id=result["article_id"], task=HOSTILE, sentence=HOSTILE,
                                target_value=10, unit=HOSTILE, deadline=(TODAY - timedelta(days=2)).isoformat(),
                                officials=[{"name": OFFICIAL, "title": HOSTILE}], units=[HOSTILE])
    s.add_progress(s.manual, 3, by="wang", note=HOSTILE)
    # a waiting extension request, an instruction and a reminder to the hostile unit, each in hostile words
    s.request_extension(s.manual, (TODAY + timedelta(days=30)).isoformat(), HOSTILE, by="wang")
    s.instruct(s.manual, HOSTILE, by=NAME)
    s.remind(HOSTILE, HOSTILE, by=NAME)
    return s


def _nodes(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def markup(at: AppTest) -> list[tuple[str, str]]:
    """(element type, text) for every string the page hands Streamlit to read as markdown or HTML."""
    out = []
    for node in _nodes(at._tree):
        proto, kind = getattr(node, "proto", None), getattr(node, "type", "")
        if proto is None or not hasattr(proto, "ListFields"):
            continue
        if kind == "plotly_chart":
            out.extend(("plotly_chart", s) for s in _strings(json.loads(proto.spec or "{}")))
            continue
        for field, value in proto.ListFields():
            if field.name in MARKUP_FIELDS and isinstance(value, str) and kind not in PLAIN_TYPES and not own_script(value):
                out.append((kind, value))
    return out


def own_script(value: str) -> bool:
    """The dashboard's one script, which sets the sign-in cookie: exactly it, for the random token it carries."""
    token = re.fullmatch(r"<script>document\.cookie = 'tracker_session=([A-Za-z0-9_-]*);.*", value, re.S)
    return bool(token) and value == state.cookie_script(token.group(1) or None)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def assert_escaped(at: AppTest, *shown: str) -> None:
    """No raw markup anywhere; each of `shown` appears, escaped, in some element (so it is on screen)."""
    assert not at.exception, at.exception
    texts = markup(at)
    raw = [(kind, text) for kind, text in texts
           if any(bad in text for bad in (RAW_IN_CHARTS if kind == "plotly_chart" else RAW))]
    assert not raw, raw
    for wanted in shown:
        assert any(wanted in html.unescape(text) for _, text in texts), (wanted, texts)


def manager_at(*pages, **params) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    with Store() as s:  # $TRACKER_DB, as the dashboard opens it
        at.session_state["session"] = s.start_session(NAME)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    for key in pages:
        at.switch_page(page(key)).run()
    return at


@pytest.mark.parametrize("key", ["overview", "my_tasks", "commitments", "ranking", "export", "users"])
def test_list_pages_show_stored_text_only_escaped(hostile, key):
    at = manager_at(key)
    assert_escaped(at, NAME)  # the signed-in person's name in the sidebar


UNIT = "<img src=x onerror=alert(7)>局"  # unit names a person is given are at most 64 characters


def test_my_tasks_and_units_show_unit_names_only_escaped(hostile):
    """A staff member of a hostile unit name: 我的任务 names it; the 用户 page lists it and says whom it was given."""
    cid = hostile.add_commitment(NAME, task=HOSTILE, target_value=5, unit=HOSTILE, units=[UNIT],
                                 deadline=(TODAY + timedelta(days=5)).isoformat())
    hostile.set_user_units("wang", [UNIT], by=NAME)
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    with Store() as s:
        at.session_state["session"] = s.start_session("wang")
    at.run()
    assert at.title[0].value == "我的任务"
    assert_escaped(at, UNIT)
    at.switch_page(page("detail")).run()
    assert_escaped(at, HOSTILE)
    at.query_params["id"] = str(hostile.manual)  # another unit's commitment: refused, nothing of it shown
    at.switch_page(page("detail")).run()
    assert_escaped(at)
    assert UI["not_your_unit"] in [e.value for e in at.error]
    at = manager_at("users")
    at.selectbox(key="units_who").set_value("wang").run()
    at.button(key="units_save").click().run()
    assert_escaped(at, UNIT, NAME)
    assert cid


def test_detail_shows_the_task_article_and_fields_only_escaped(hostile):
    for cid in (hostile.extracted, hostile.manual):
        at = manager_at("detail", id=str(cid))
        assert at.selectbox(key="detail_pick").value == cid
        assert_escaped(at, HOSTILE, NAME)
    # the article around the sentence is still marked, built from escaped pieces
    at = manager_at("detail", id=str(hostile.extracted))
    marked = [text for kind, text in markup(at) if "<mark>" in text]
    assert marked and "确保全年完成366个老旧小区改造任务</mark>" in marked[0]
    assert "会上要求" in marked[0]


def test_extensions_instructions_and_the_unread_box_show_stored_text_only_escaped(hostile):
    at = manager_at("detail", id=str(hostile.manual))  # the waiting request (reason, unit) and its approve form
    assert at.button(key="extension_approve")
    assert_escaped(at, HOSTILE)
    at.button(key="extension_approve").click().run()
    assert_escaped(at, HOSTILE)  # the deadline moved: the article's words for it shown beside the new day
    staff = AppTest.from_file(DASHBOARD, default_timeout=60)
    with Store() as s:
        staff.session_state["session"] = s.start_session("wang")
    staff.run()  # the first page: the unread box holds the instruction (task, text) and the reminder (unit, text)
    assert staff.button(key=f"unread_read_{int(hostile.instructions_for('wang')['id'].iloc[0])}")
    assert_escaped(staff, HOSTILE)


def test_review_shows_the_article_and_its_source_only_escaped(hostile):
    at = manager_at("review")
    assert at.selectbox(key="review_pick").value == hostile.extracted
    assert_escaped(at, HOSTILE)


def test_review_shows_words_beside_a_date_set_by_hand_and_rejected_ones_only_escaped(hostile):
    """Issue 11's 审核: 期限原文 beside a deadline changed by hand, the confirmed list, the rejected list."""
    hostile.update_commitment(hostile.extracted, by=NAME, deadline=(TODAY + timedelta(days=40)).isoformat(),
                              review="confirmed")
    hostile.review(hostile.manual, "rejected", by=NAME)
    at = manager_at("review")
    at.selectbox(key="edit_pick").set_value(hostile.extracted).run()
    assert at.selectbox(key="rejected_pick").value == hostile.manual
    assert_escaped(at, f"期限原文：{HOSTILE}", "人工修改")
    at.button(key="undo_to_queue").click().run()
    assert hostile.commitment(hostile.manual)["review"] == "extracted"
    assert_escaped(at, HOSTILE)
    at = manager_at("detail", id=str(hostile.extracted))
    assert_escaped(at, HOSTILE, "人工修改")


def test_progress_form_and_its_message_show_the_task_only_escaped(hostile):
    at = manager_at("progress", id=str(hostile.manual))
    assert at.selectbox(key="progress_pick").value == hostile.manual
    assert_escaped(at, HOSTILE)
    at.text_input(key=next(t.key for t in at.text_input if t.key.startswith("progress_value_"))).input("5")
    at.button(key="progress_submit").click().run()
    assert at.success, "the progress was not saved"
    assert_escaped(at, HOSTILE)


EVIDENCE_NAME = "<img src=x onerror=alert(7)>[验收](javascript:x).pdf"


def test_signoff_page_and_evidence_show_names_and_reasons_only_escaped(hostile):
    """Issue 11: the 待销号 list, an evidence file's name, a return reason and who signed off."""
    pdf = b"%PDF-1.4\n%%EOF\n"
    hostile.add_progress(hostile.manual, 10, by="wang", evidence=[(EVIDENCE_NAME, pdf)])
    at = manager_at("signoff")
    assert_escaped(at, HOSTILE, EVIDENCE_NAME)
    hostile.return_completion(hostile.manual, HOSTILE, by=NAME)
    assert_escaped(manager_at("detail", id=str(hostile.manual)), HOSTILE, EVIDENCE_NAME)
    assert_escaped(manager_at("progress", id=str(hostile.manual)), HOSTILE)
    assert_escaped(manager_at("my_tasks"), HOSTILE)  # the reason heads 我的任务 too
    hostile.add_progress(hostile.manual, 10, by="wang")
    hostile.signoff(hostile.manual, by=NAME)
    assert_escaped(manager_at("detail", id=str(hostile.manual)), HOSTILE, NAME)


def test_detail_history_of_a_returned_figure_shows_the_reason_only_as_data(hostile):
    """A figure set aside by a return: its hostile reason sits in the history table (plain data) and the
    chart's 已退回 markers carry no stored text, so nothing reaches markup raw."""
    hostile.add_progress(hostile.manual, 10, by="wang", note=HOSTILE)
    hostile.return_completion(hostile.manual, HOSTILE, by=NAME)
    at = manager_at("detail", id=str(hostile.manual))
    assert_escaped(at, HOSTILE)
    shown = [d.value for d in at.dataframe if UI["progress_returned"] in d.value.columns]
    assert shown and HOSTILE in shown[0][UI["signoff_reason"]].tolist()
    assert any(UI["progress_returned"] in text for kind, text in markup(at) if kind == "plotly_chart")


def test_import_names_a_hostile_source_only_escaped(hostile):
    at = manager_at("imports")
    at.text_area(key="import_text").input("区政府要求，年底前新建公园3个。")
    at.text_input(key="import_source").input(HOSTILE)
    at.button(key="import_preview").click().run()
    assert_escaped(at)
    assert HOSTILE in [t.value for t in at.text]  # the preview names it with st.text: plain, never markdown
    at.date_input[0].set_value(TODAY).run()  # no date in the text: the page asks for one
    at.button(key="import_save").click().run()
    assert at.success
    assert_escaped(at, HOSTILE)


def test_a_refusal_naming_a_hostile_user_is_escaped(hostile):
    at = manager_at("users")
    inputs = [t for t in at.text_input if t.form_id == "add_user"]
    inputs[0].input(NAME)
    inputs[1].input("another-password")
    inputs[2].input("another-password")
    next(b for b in at.button if b.form_id == "add_user").click().run()
    assert at.error, "adding an existing name was not refused"
    assert_escaped(at, NAME)


def test_the_sign_in_page_knows_no_stored_text(hostile):
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert [t.label for t in at.text_input] == [UI["user_name"], UI["password"]]
    assert_escaped(at)


# --- the escape itself, read by a real CommonMark parser ------------------------------------

MARKDOWN_TRAPS = [
    HOSTILE, NAME, "**粗体** _斜体_ `代码` ~~删除~~", "# 标题", "- 列表项", "> 引用", "1. 第一", "| a | b |",
    "[链接](http://elsewhere.example)", "<http://elsewhere.example>", ":red[红色] :material/flag: $x^2$",
    "a\n\nb", "a  \nb", "    缩进代码", "  2019. 年", "2019) 年", "***", "---", "===",
    "&amp; &lt;b&gt; &#60;", "\\*不是斜体\\*", "<!-- 注释 -->", "3 < 5 > 4 & 'x' \"y\"",
]


@pytest.mark.parametrize("text", MARKDOWN_TRAPS)
def test_plain_text_renders_as_itself_in_markdown_with_html_on(text):
    """CommonMark (markdown-it-py, raw HTML allowed as unsafe_allow_html does) makes of present.plain(text)
    one paragraph whose only content is `text` itself: no tag, link, image, emphasis or heading."""
    from markdown_it import MarkdownIt

    from app import present

    tokens = MarkdownIt("commonmark", {"html": True}).parse(present.plain(text))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    children = tokens[1].children
    assert {c.type for c in children} == {"text"}, children  # no html_inline, link, image, em, code...
    assert "".join(c.content for c in children) == text


@pytest.mark.parametrize("text", MARKDOWN_TRAPS)
def test_plain_text_inside_an_html_block_stays_one_block(text):
    """The highlighted article goes into <div>…</div> through st.markdown: escaped pieces keep it one
    HTML block (no blank line ends it early and turns the rest back into markdown)."""
    from markdown_it import MarkdownIt

    from app import present

    tokens = MarkdownIt("commonmark", {"html": True}).parse(f"<div>{present.highlight(text, 0, len(text))}</div>")
    assert [t.type for t in tokens] == ["html_block"]
    assert html.unescape(tokens[0].content.replace("<br>", "\n")).count("<mark>") == 1


def test_ranking_names_a_hostile_unit_only_escaped(hostile):
    at = manager_at("ranking")
    assert HOSTILE in at.dataframe[0].value["unit"].tolist()  # the table draws it as plain text
    assert_escaped(at, HOSTILE)  # the chart's labels hold it escaped


def test_a_reminder_sent_from_the_ranking_names_a_hostile_unit_only_escaped(hostile):
    """单位排名's 催办: the unit offered, the drafted text and the message after sending."""
    at = manager_at("ranking")
    assert at.selectbox(key="rank_remind_unit").value == HOSTILE  # its commitment is overdue
    assert at.text_area(key="rank_remind_text").value.startswith(HOSTILE)  # a text box: plain text
    assert_escaped(at, HOSTILE)
    at.button(key="rank_remind_send").click().run()
    assert at.success, "the reminder was not sent"
    assert_escaped(at, f"已向 {HOSTILE} 发送催办")
    assert at.dataframe[0].value.set_index("unit").loc[HOSTILE, "open_reminders"] == 2


def test_the_report_holds_hostile_text_as_text(hostile):
    import io

    import docx

    from tracker import report

    document = docx.Document(io.BytesIO(report.render(hostile, "month", TODAY)))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert HOSTILE in cells  # the unit in the ranking, the task in the lists: text, never markup
