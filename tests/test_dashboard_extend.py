"""承诺详情's 延期申请 and 批示/催办 forms and the unread box, run headless with Streamlit's AppTest.

The dashboard's store keeps real time, so every day here is counted from TODAY and every check
reads the store with an explicit as_of.
"""
# ruff: noqa: F811 - the tests take the imported `store` fixture by name

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from test_dashboard import TODAY, app_as, db, store  # noqa: F401 - the dashboard tests' fixtures, used by name

from tracker.labels import FIELD, UI

pytestmark = pytest.mark.both_backends  # the pages on a PostgreSQL database too (conftest: dashboard_db)


def form_button(at, form: str):
    return next(b for b in at.button if b.form_id == form)


def table_with(at, heading: str):
    """The table on the page that has this column (a table that is not a widget carries no key)."""
    return next(d.value for d in at.dataframe if heading in d.value.columns)


def detail(name: str, cid: int):
    return app_as(name, at_page="detail", id=str(cid))


def test_staff_ask_for_an_extension_and_a_manager_approves_it(store):
    at = detail("wang", store.overdue)
    assert not any(b.key == "extension_approve" for b in at.button)
    new_day = TODAY + timedelta(days=40)
    at.date_input(key="extension_to").set_value(new_day)
    at.text_area(key="extension_reason").input("材料供应延误两个月")
    form_button(at, "extension_form").click().run()
    assert not at.exception and UI["extension_sent"] in [s.value for s in at.success]
    assert store.extensions(store.overdue)["status"].tolist() == ["requested"]
    assert not [f for f in at.button if f.form_id == "extension_form"]  # one waiting request at a time
    assert any("材料供应延误两个月" in html.unescape(w.value) for w in at.warning)

    boss = detail("boss", store.overdue)
    boss.button(key="extension_refuse").click().run()  # a refusal needs a reason
    assert any("理由" in e.value for e in boss.error)
    boss.button(key="extension_approve").click().run()
    assert not boss.exception
    row = store.commitment(store.overdue, as_of=TODAY)
    assert (row["deadline"], row["original_deadline"]) == (new_day.isoformat(), (TODAY - timedelta(days=3)).isoformat())
    assert row["status"] != "overdue"
    moved = [html.unescape(i.value) for i in boss.info]  # stored text reaches markdown escaped
    assert any(row["original_deadline"] in m and new_day.isoformat() in m for m in moved), moved
    shown = table_with(boss, UI["extension_status"])
    assert shown[UI["extension_status"]].tolist() == ["已批准"]
    # the lists show the deadline the article set beside the one in force
    listed = app_as("boss", at_page="commitments")
    table = listed.dataframe(key="commitment_table").value.set_index("id")
    assert str(table.loc[store.overdue, "original_deadline"]) == row["original_deadline"]


def test_a_manager_refuses_with_a_reason_and_the_deadline_stays(store):
    store.request_extension(store.overdue, (TODAY + timedelta(days=20)).isoformat(), "人手不足", by="wang")
    at = detail("boss", store.overdue)
    at.text_input(key=next(t.key for t in at.text_input if t.key.startswith("extension_note_"))).input("请倒排工期")
    at.button(key="extension_refuse").click().run()
    assert not at.exception
    row = store.commitment(store.overdue, as_of=TODAY)
    assert (row["status"], row["deadline"]) == ("overdue", row["original_deadline"])
    assert table_with(at, UI["extension_status"])[UI["extension_note"]].tolist() == ["请倒排工期"]


def test_a_manager_instructs_and_reminds_and_staff_read_it_first_on_sign_in(store):
    at = detail("boss", store.overdue)
    at.text_area(key="instruction_text").input("请本周内报送整改方案")
    form_button(at, "instruction_form").click().run()
    assert UI["instruction_sent"] in [s.value for s in at.success]
    assert at.selectbox(key="reminder_unit").value == "区城管局"
    form_button(at, "reminder_form").click().run()
    assert not at.exception
    assert table_with(at, UI["instruction_kind"])[UI["instruction_kind"]].tolist() == ["催办 · 区城管局", "批示"]

    wang = app_as("wang")  # the first page
    shown = [html.unescape(m.value) for m in wang.markdown]
    box = [m for m in shown if "请本周内报送整改方案" in m or UI["reminder_default"] in m]
    assert len(box) == 2
    assert any(UI["unread_title"].format(n=2) in m.value for m in wang.markdown)
    first = int(store.instructions_for("wang")["id"].iloc[0])
    wang.button(key=f"unread_read_{first}").click().run()
    assert not wang.exception
    assert any(UI["unread_title"].format(n=1) in m.value for m in wang.markdown)
    assert store.instructions_for("wang")["read"].tolist() == [False, True]
    readers = table_with(detail("boss", store.overdue), UI["instruction_kind"])[UI["instruction_readers"]]
    assert readers.str.startswith("wang ").sum() == 1  # who read it, on 承诺详情


@pytest.mark.parametrize(("name", "forms"), [
    ("li", set()),
    ("wang", {"extension_form"}),
    ("boss", {"extension_form", "instruction_form", "reminder_form"}),
])
def test_each_role_finds_only_its_forms(store, name, forms):
    at = detail(name, store.overdue)
    assert {b.form_id for b in at.button if b.form_id} == forms
    assert FIELD["original_deadline"] not in [m.value for m in at.markdown]  # nothing moved yet


def test_no_extension_form_for_a_commitment_without_a_deadline_or_already_done(store):
    plain = store.add_commitment("boss", task="无期限任务", target_value=3, unit="个", units=["区城建局"])
    at = detail("wang", plain)
    assert "extension_form" not in {b.form_id for b in at.button}
    store.set_complete(store.undated, by="wang")
    assert "extension_form" not in {b.form_id for b in detail("wang", store.undated).button}
