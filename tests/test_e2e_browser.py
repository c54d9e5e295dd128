"""End to end: a real `streamlit run dashboard.py` server driven by Debian's Chromium.

A staff member records progress, the overview counts it as done, and a viewer finds no form.
Screenshots go to test-output/ (gitignored) for a person to look at.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "test-output"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
TASK = "背街小巷整治提升"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed (apt-get install chromium)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def dashboard_server(db: Path, log: Path):
    """`streamlit run dashboard.py` on a free port with TRACKER_DB=db; always stopped afterwards."""
    port = free_port()
    env = {**os.environ, "TRACKER_DB": str(db), "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    with open(log, "wb") as out:
        process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {process.returncode}:\n{log.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not answer within 60 s:\n{log.read_text(errors='replace')}")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def chromium():
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def sign_in(page, url: str, name: str, password: str) -> None:
    page.goto(url)
    page.get_by_label("姓名").fill(name)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.locator('[data-testid="stMetric"]').first.wait_for(timeout=30_000)


def sign_out(page) -> None:
    page.get_by_role("button", name="退出登录").click()
    page.get_by_role("button", name="登录").wait_for(timeout=30_000)


def metric_is(page, label: str, value: str) -> None:
    """The card labelled `label` shows `value` (waiting for a rerun to draw it)."""
    card = page.locator('[data-testid="stMetric"]').filter(has=page.get_by_text(label, exact=True))
    expect(card.locator('[data-testid="stMetricValue"]')).to_have_text(value, timeout=30_000)


def charts_drawn(page, n: int, timeout: int = 30_000) -> None:
    page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {n}", timeout=timeout)


def settled(page) -> None:
    """Wait until the script run is drawn: no grey placeholders left, nothing marked stale."""
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stSkeleton\"]')"
        " && !document.querySelector('[data-stale=\"true\"]')"
        " && !document.querySelector('[data-testid=\"stStatusWidget\"] svg')",
        timeout=30_000, polling=100)


def shot(page, name: str) -> None:
    settled(page)
    page.screenshot(path=SHOTS / name, full_page=True)


def no_errors(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0


def go(page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
    page.get_by_role("heading", name=title).wait_for(timeout=30_000)


@pytest.fixture
def server(tmp_path):
    from tracker.store import Store

    db = tmp_path / "tracker.db"
    store = Store(db)  # only the commitment below, so its counts are known
    store.add_user("boss", "manager", "boss-pw")
    store.add_user("wang", "staff", "wang-pw", by="boss")
    store.add_user("li", "viewer", "li-pw", by="boss")
    store.add_commitment("boss", task=TASK, target_value=12, unit="条",
                         deadline=(date.today() + timedelta(days=7)).isoformat(),
                         sentence="年底前完成12条背街小巷整治提升", officials=[{"name": "陈定", "title": "副区长"}],
                         units=["区城管局"])
    store.close()
    SHOTS.mkdir(exist_ok=True)
    with dashboard_server(db, tmp_path / "streamlit.log") as url:
        yield url


def test_staff_progress_turns_a_commitment_done_and_a_viewer_finds_no_form(server):
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 1800}, locale="zh-CN")

        sign_in(page, server, "wang", "wang-pw")
        charts_drawn(page, 5)
        metric_is(page, "有风险", "1")  # due in a week with nothing reached
        metric_is(page, "已完成", "0")
        shot(page, "e2e-1-staff-overview-before.png")

        # Click through: the row in 已逾期与即将到期 opens 承诺详情, whose button opens the form.
        grid = page.locator('[data-testid="stDataFrame"]').first
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)  # the row marker of the first row
        page.get_by_role("heading", name="承诺详情").wait_for(timeout=30_000)
        expect(page.locator("mark").first).to_have_text("年底前完成12条背街小巷整治提升")
        page.get_by_role("button", name="填报进度").click()
        page.get_by_role("heading", name="进度填报").wait_for(timeout=30_000)
        expect(page.get_by_text("年底前完成12条背街小巷整治提升")).to_be_visible()  # the form is for the row clicked
        metric_is(page, "目标值", "12条")
        page.get_by_label("已完成数值", exact=True).fill("12")
        page.get_by_label("备注", exact=True).fill("全部完工")
        page.get_by_role("button", name="提交").click()
        page.get_by_text("已记录").wait_for(timeout=30_000)
        # The rerun replaces the form with an empty one (for a moment both are in the page).
        page.wait_for_function(
            "(() => { const boxes = document.querySelectorAll('input[aria-label=\"已完成数值\"]');"
            " return boxes.length === 1 && boxes[0].value === ''; })()", timeout=30_000, polling=100)
        expect(page.get_by_label("备注", exact=True)).to_be_visible()
        metric_is(page, "当前状态", "已完成")
        no_errors(page)
        shot(page, "e2e-2-staff-progress-saved.png")

        go(page, "总览")
        charts_drawn(page, 5)
        metric_is(page, "已完成", "1")
        metric_is(page, "有风险", "0")
        no_errors(page)
        shot(page, "e2e-3-staff-overview-after.png")
        sign_out(page)

        sign_in(page, server, "li", "li-pw")
        charts_drawn(page, 5)
        metric_is(page, "已完成", "1")
        nav = page.locator('[data-testid="stSidebarNav"]')
        assert nav.get_by_text("进度填报", exact=True).count() == 0
        assert nav.get_by_text("审核", exact=True).count() == 0
        assert page.get_by_label("已完成数值", exact=True).count() == 0
        shot(page, "e2e-4-viewer-overview.png")
        go(page, "承诺详情")
        assert page.get_by_label("已完成数值", exact=True).count() == 0
        assert page.get_by_role("button", name="提交").count() == 0
        assert page.locator("mark").first.inner_text() == "年底前完成12条背街小巷整治提升"
        charts_drawn(page, 1)
        no_errors(page)
        shot(page, "e2e-5-viewer-detail.png")


def test_server_is_stopped_after_the_test(tmp_path):
    """The fixture's promise: no streamlit left listening once the block ends."""
    from tracker.store import Store

    db = tmp_path / "t.db"
    Store(db).close()
    with dashboard_server(db, tmp_path / "log") as url:
        port = int(url.rsplit(":", 1)[1])
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0


def test_first_start_screen_in_chinese(tmp_path):
    """A new database: the seed is ingested and the first screen asks for a manager, in Chinese."""
    SHOTS.mkdir(exist_ok=True)
    with dashboard_server(tmp_path / "new.db", tmp_path / "log") as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 1800}, locale="zh-CN")
        page.goto(url)
        page.get_by_text("创建第一位管理人员").wait_for(timeout=30_000)
        page.get_by_label("姓名").fill("张主任")
        page.get_by_label("密码", exact=True).fill("pw")
        page.get_by_label("再次输入密码").fill("pw")
        shot(page, "e2e-0-first-start.png")
        page.get_by_role("button", name="创建").click()
        page.get_by_role("heading", name="总览").wait_for(timeout=30_000)
        no_errors(page)
        shot(page, "e2e-0-first-start-overview.png")
        go(page, "承诺详情")  # the seed's commitments, as far as the parser finds them
        no_errors(page)
        shot(page, "e2e-0-first-start-detail.png")
