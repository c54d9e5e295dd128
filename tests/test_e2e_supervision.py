"""End to end, issue 11: the supervision loop in a real browser (Debian's Chromium) on `streamlit run dashboard.py`.

A staff member of unit A (区城管局) sees only A's tasks on 我的任务, attaches a file to a report
of completion, and the commitment waits as 待销号; the manager finds it on 待销号, reads the
file's name, confirms it, and 总览 and 单位排名 change; a staff member of unit B (区园林局) can
neither see nor touch A's commitment, by the pages or by its address (detail?id=N).
Screenshots go to test-output/ (gitignored) for a person to look at.

Units (the `units` branch) and 单位排名 (the `ranking` branch) come from other work of issue 11:
the parts that need them are xfail until they are in this checkout.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from test_e2e_browser import CHROMIUM, SHOTS, charts_drawn, chromium, dashboard_server, go, metric_is, no_errors, settled

from tracker.store import Store

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

ROOT = Path(__file__).resolve().parent.parent
UNIT_A, UNIT_B = "区城管局", "区园林局"
TASK_A, OTHER_A, TASK_B = "背街小巷整治提升", "严管示范路整治", "口袋公园建设"
PASSWORDS = {"boss": "boss-secret-1", "wang": "wang-secret-1", "zhao": "zhao-secret-1"}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

HAS_UNITS = hasattr(Store, "set_user_units") and (ROOT / "app" / "pages" / "my_tasks.py").exists()
HAS_RANKING = (ROOT / "app" / "pages" / "ranking.py").exists()
needs_units = pytest.mark.xfail(not HAS_UNITS, strict=True,
                                reason="units of people (branch units: user_units, 我的任务) not merged into this checkout")
needs_ranking = pytest.mark.xfail(not HAS_RANKING, strict=True,
                                  reason="单位排名 page (branch ranking) not merged into this checkout")

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed (apt-get install chromium)")


@pytest.fixture
def loop(tmp_path):
    """A dashboard over two units' commitments: A's two (one due in 20 days), B's one; wang in A, zhao in B."""
    db = tmp_path / "tracker.db"
    s = Store(db)
    s.add_user("boss", "manager", PASSWORDS["boss"])
    s.add_user("wang", "staff", PASSWORDS["wang"], by="boss")
    s.add_user("zhao", "staff", PASSWORDS["zhao"], by="boss")
    soon = (date.today() + timedelta(days=20)).isoformat()
    ids = {
        "a": s.add_commitment("boss", task=TASK_A, target_value=12, unit="条", deadline=soon, units=[UNIT_A],
                              sentence="年底前完成12条背街小巷整治提升"),
        "a2": s.add_commitment("boss", task=OTHER_A, target_value=4, unit="条", deadline=soon, units=[UNIT_A],
                               sentence="聚焦4条严管示范路"),
        "b": s.add_commitment("boss", task=TASK_B, target_value=3, unit="个", deadline=soon, units=[UNIT_B],
                              sentence="建设3个口袋公园"),
    }
    if HAS_UNITS:
        s.set_user_units("wang", [UNIT_A], by="boss")
        s.set_user_units("zhao", [UNIT_B], by="boss")
    s.close()
    SHOTS.mkdir(exist_ok=True)
    evidence = tmp_path / "验收报告.pdf"
    evidence.write_bytes(PDF)
    with dashboard_server(db, tmp_path / "streamlit.log") as url:
        yield {"url": url, "db": db, "ids": ids, "evidence": evidence}


def sign_in_as(page, url: str, name: str, path: str = "") -> None:
    page.goto(f"{url}/{path}")
    page.get_by_label("姓名").fill(name)
    page.get_by_label("密码").fill(PASSWORDS[name])
    page.get_by_role("button", name="登录").click()
    page.get_by_role("button", name="退出登录").wait_for(timeout=30_000)
    settled(page)


def shot(page, name: str) -> None:
    settled(page)
    page.screenshot(path=SHOTS / name, full_page=True)


def report_done_with_a_file(page, loop) -> None:
    """On 进度填报 for A's commitment: 12 of 12, the PDF attached, sent."""
    page.goto(f"{loop['url']}/progress?id={loop['ids']['a']}")
    page.get_by_role("heading", name="进度填报").wait_for(timeout=30_000)
    expect(page.get_by_text("年底前完成12条背街小巷整治提升")).to_be_visible(timeout=30_000)
    page.get_by_label("已完成数值", exact=True).fill("12")
    page.get_by_label("备注", exact=True).fill("全部完工, 附验收报告")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(str(loop["evidence"]))
    expect(page.get_by_role("button", name="Remove 验收报告.pdf")).to_be_visible(timeout=30_000)
    settled(page)
    page.get_by_role("button", name="提交").click()
    page.get_by_text("佐证材料").first.wait_for(timeout=30_000)
    expect(page.get_by_text("已记录").first).to_be_visible(timeout=30_000)
    metric_is(page, "当前状态", "待销号")
    no_errors(page)


@needs_units
def test_staff_of_unit_a_sees_only_a_tasks_on_my_tasks(loop):
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 1600}, locale="zh-CN")
        sign_in_as(page, loop["url"], "wang", "my_tasks")
        go(page, "我的任务")
        expect(page.get_by_text(UNIT_A).first).to_be_visible(timeout=30_000)
        assert page.get_by_text(UNIT_B).count() == 0
        no_errors(page)
        shot(page, "e2e-loop-1-staff-a-my-tasks.png")
        go(page, "进度填报")  # the form offers A's two commitments only
        page.locator('[data-testid="stSelectbox"]').first.click()
        options = page.locator('[role="option"]')
        expect(options.first).to_be_visible(timeout=30_000)
        offered = options.all_inner_texts()
        assert len(offered) == 2 and all(TASK_B not in o for o in offered), offered
        page.keyboard.press("Escape")
        no_errors(page)


def test_staff_report_done_with_a_file_and_the_manager_signs_it_off(loop):
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 1800}, locale="zh-CN")
        sign_in_as(page, loop["url"], "wang")
        report_done_with_a_file(page, loop)
        shot(page, "e2e-loop-2-staff-reported-done.png")
        page.get_by_role("button", name="退出登录").click()
        page.get_by_role("button", name="登录").wait_for(timeout=30_000)

        sign_in_as(page, loop["url"], "boss")
        charts_drawn(page, 5)
        metric_is(page, "已完成", "0")
        shot(page, "e2e-loop-3-manager-overview-before.png")
        go(page, "待销号")
        card = page.locator(f'[class*="st-key-pending_{loop["ids"]["a"]}"]')
        expect(card).to_contain_text(TASK_A, timeout=30_000)
        expect(card).to_contain_text("验收报告.pdf")
        with page.expect_download() as download:
            card.get_by_role("button", name="下载").click()
        assert Path(download.value.path()).read_bytes() == PDF  # handed over as a file, not opened as a page
        shot(page, "e2e-loop-4-manager-pending.png")
        card.get_by_role("button", name="确认销号").click()
        page.get_by_text("已确认销号").wait_for(timeout=30_000)
        expect(page.get_by_text("没有待销号的承诺")).to_be_visible(timeout=30_000)
        no_errors(page)

        go(page, "总览")
        charts_drawn(page, 5)
        metric_is(page, "已完成", "1")
        no_errors(page)
        shot(page, "e2e-loop-5-manager-overview-after.png")

        page.goto(f"{loop['url']}/detail?id={loop['ids']['a']}")
        page.get_by_role("heading", name="承诺详情").wait_for(timeout=30_000)
        expect(page.get_by_text("已销号").first).to_be_visible(timeout=30_000)
        expect(page.get_by_text("验收报告.pdf").first).to_be_visible()
        no_errors(page)
        shot(page, "e2e-loop-6-detail-signed-off.png")


@needs_ranking
def test_the_unit_ranking_counts_the_signed_off_commitment(loop):
    with Store(loop["db"]) as s:
        s.add_progress(loop["ids"]["a"], 12, by="wang")
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 1600}, locale="zh-CN", accept_downloads=True)
        sign_in_as(page, loop["url"], "boss")

        def ranked() -> dict[str, dict]:
            go(page, "单位排名")
            settled(page)
            with page.expect_download() as download:
                page.get_by_role("button", name="下载单位排名（CSV）").click()
            text = Path(download.value.path()).read_text(encoding="utf-8-sig")
            return {row["责任单位"]: row for row in csv.DictReader(io.StringIO(text))}

        before = ranked()[UNIT_A]
        assert (before["按期完成"], before["待销号"]) == ("0", "1")
        shot(page, "e2e-loop-7-ranking-before.png")
        with Store(loop["db"]) as s:
            s.signoff(loop["ids"]["a"], by="boss")
        go(page, "总览")
        after = ranked()[UNIT_A]
        assert (after["按期完成"], after["待销号"]) == ("1", "0")
        no_errors(page)
        shot(page, "e2e-loop-8-ranking-after.png")


@needs_units
def test_staff_of_unit_b_cannot_see_or_touch_a_task(loop):
    a = loop["ids"]["a"]
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 1400}, locale="zh-CN")
        sign_in_as(page, loop["url"], "zhao", f"detail?id={a}")  # a link to A's commitment
        expect(page.get_by_text("不属于您的责任单位").first).to_be_visible(timeout=30_000)
        assert page.get_by_text(TASK_A).count() == 0 and page.get_by_text("年底前完成12条").count() == 0
        shot(page, "e2e-loop-9-staff-b-refused-by-url.png")

        page.goto(f"{loop['url']}/progress?id={a}")
        expect(page.get_by_text("不属于您的责任单位").first).to_be_visible(timeout=30_000)
        assert page.get_by_label("已完成数值", exact=True).count() == 0

        go(page, "承诺清单")
        settled(page)
        assert page.get_by_text(TASK_A).count() == 0  # canvas cells aside, no label names it
        go(page, "我的任务")
        expect(page.get_by_text(UNIT_B).first).to_be_visible(timeout=30_000)
        assert page.get_by_text(UNIT_A).count() == 0
        no_errors(page)
        shot(page, "e2e-loop-10-staff-b-my-tasks.png")
    with Store(loop["db"]) as s:  # and the store refuses what a page would not offer
        with pytest.raises(Exception, match="权限|单位"):
            s.add_progress(a, 5, by="zhao")
        assert s.progress_history(a).empty and s.evidence(a).empty
