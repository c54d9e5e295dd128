"""End to end: a real `streamlit run dashboard.py` server driven by Debian's Chromium.

A staff member records progress, the overview counts it as done, and a viewer finds no form.
Screenshots go to test-output/ (gitignored) for a person to look at.
"""

from __future__ import annotations

import os
import re
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
           "--server.port", str(port), "--browser.gatherUsageStats", "false"]  # the address: .streamlit/config.toml
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
    store.add_user("boss", "manager", "boss-secret-1")
    store.add_user("wang", "staff", "wang-secret-1", by="boss")
    store.add_user("li", "viewer", "li-secret-12", by="boss")
    store.add_commitment("boss", task=TASK, target_value=12, unit="条",
                         deadline=(date.today() + timedelta(days=7)).isoformat(),
                         sentence="年底前完成12条背街小巷整治提升", officials=[{"name": "陈定", "title": "副区长"}],
                         units=["区城管局"])
    store.close()
    SHOTS.mkdir(exist_ok=True)
    with dashboard_server(db, tmp_path / "streamlit.log") as url:
        yield url


def signed_in_overview(page) -> None:
    """The overview of someone signed in: its cards and the sign-out button, no sign-in form."""
    page.locator('[data-testid="stMetric"]').first.wait_for(timeout=30_000)
    expect(page.get_by_role("button", name="退出登录")).to_be_visible(timeout=30_000)
    assert page.get_by_label("密码").count() == 0


def test_a_sign_in_holds_across_reloads_and_tabs_until_idle_or_signed_out(server, tmp_path):
    """Issue 10: F5 and a shared link in a new tab keep the person signed in; idling past the limit does not."""
    import sqlite3

    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1440, "height": 1800}, locale="zh-CN")
        page = context.new_page()
        sign_in(page, server, "wang", "wang-secret-1")
        page.wait_for_function("document.cookie.includes('tracker_session=')", timeout=10_000)  # written by script
        cookies = {c["name"]: c for c in context.cookies()}
        token = cookies["tracker_session"]["value"]
        assert len(token) >= 40 and cookies["tracker_session"]["sameSite"] == "Strict"
        assert token not in page.url and "session" not in page.url  # nothing about it in the address

        page.reload()
        signed_in_overview(page)
        no_errors(page)

        shared = context.new_page()  # a link someone sent, opened in a new tab
        shared.goto(f"{server}/detail?id=1")
        shared.get_by_role("heading", name="承诺详情").wait_for(timeout=30_000)
        expect(shared.locator("h3").filter(has_text=TASK)).to_be_visible(timeout=30_000)
        assert shared.get_by_label("密码").count() == 0
        shot(shared, "e2e-9-shared-link-signed-in.png")

        # Idle past the limit: the session's last use moved back nine hours, as if the tab had sat there.
        with sqlite3.connect(tmp_path / "tracker.db") as db:
            db.execute("UPDATE sessions SET last_seen_at = datetime(last_seen_at, '-9 hours')")
        page.reload()
        page.get_by_role("button", name="登录").wait_for(timeout=30_000)
        expect(page.get_by_label("密码")).to_be_visible()
        no_errors(page)
        with sqlite3.connect(tmp_path / "tracker.db") as db:
            assert db.execute("SELECT * FROM sessions").fetchall() == []

        # Signed in again, then out: the server forgets the session and a reload stays signed out.
        sign_in(page, server, "wang", "wang-secret-1")
        settled(page)
        sign_out(page)
        page.wait_for_function("!document.cookie.includes('tracker_session=')", timeout=30_000)  # cleared too
        page.reload()
        page.get_by_role("button", name="登录").wait_for(timeout=30_000)
        shared.reload()
        shared.get_by_role("button", name="登录").wait_for(timeout=30_000)
        with sqlite3.connect(tmp_path / "tracker.db") as db:
            assert db.execute("SELECT * FROM sessions").fetchall() == []
        context.close()


def test_staff_progress_reports_a_commitment_done_and_a_viewer_finds_no_form(server):
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 1800}, locale="zh-CN")

        sign_in(page, server, "wang", "wang-secret-1")  # staff open on 我的任务
        page.get_by_role("heading", name="我的任务").wait_for(timeout=30_000)
        go(page, "总览")
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
        metric_is(page, "当前状态", "待销号")  # staff's report of completion waits for a manager (issue 11)
        no_errors(page)
        shot(page, "e2e-2-staff-progress-saved.png")

        go(page, "总览")
        charts_drawn(page, 5)
        metric_is(page, "已完成", "0")
        metric_is(page, "有风险", "0")
        no_errors(page)
        shot(page, "e2e-3-staff-overview-after.png")
        sign_out(page)

        sign_in(page, server, "li", "li-secret-12")
        charts_drawn(page, 5)
        metric_is(page, "已完成", "0")
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


def test_the_server_listens_on_loopback_only_by_default(tmp_path):
    """.streamlit/config.toml keeps the dashboard on 127.0.0.1, not every interface.

    A listener on all interfaces also answers 127.0.0.2 (Linux routes all of 127/8 to this
    machine); one bound to 127.0.0.1 does not, just as it does not answer the network.
    """
    from tracker.store import Store

    if not sys.platform.startswith("linux"):
        pytest.skip("127.0.0.2 reaches this machine only on Linux")
    db = tmp_path / "t.db"
    Store(db).close()
    with dashboard_server(db, tmp_path / "log") as url:
        port = int(url.rsplit(":", 1)[1])
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) == 0
        with socket.socket() as s:
            s.settimeout(5)
            assert s.connect_ex(("127.0.0.2", port)) != 0, "the dashboard answers on every interface"


def test_first_start_screen_in_chinese(tmp_path):
    """A new database: the seed is ingested and the first screen asks for a manager, in Chinese."""
    SHOTS.mkdir(exist_ok=True)
    log = tmp_path / "log"
    with dashboard_server(tmp_path / "new.db", log) as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 1800}, locale="zh-CN")
        page.goto(url)
        page.get_by_text("创建第一位管理人员").wait_for(timeout=30_000)
        page.get_by_label("姓名").fill("张主任")
        page.get_by_label("密码", exact=True).fill("zhang-secret-1")
        page.get_by_label("再次输入密码").fill("zhang-secret-1")
        # the code only the person who started the server sees: its console, here the server's log
        code = re.search(r"一次性验证码: (\S{4}-\S{4}-\S{4})", log.read_text(encoding="utf-8"))
        assert code, log.read_text(encoding="utf-8")
        page.get_by_role("textbox", name="一次性验证码").fill(code[1])
        shot(page, "e2e-0-first-start.png")
        page.get_by_role("button", name="创建").click()
        page.get_by_role("heading", name="总览").wait_for(timeout=30_000)
        no_errors(page)
        shot(page, "e2e-0-first-start-overview.png")
        go(page, "承诺详情")  # the seed's commitments, as far as the parser finds them
        no_errors(page)
        shot(page, "e2e-0-first-start-detail.png")


HOSTILE_TASK = ('<script>alert(1)</script><img src="http://elsewhere.example/x.png" onerror="alert(2)">'
                '<iframe srcdoc="&lt;script&gt;alert(3)&lt;/script&gt;"></iframe>![](http://elsewhere.example/y.png)')


def watch(page) -> tuple[list[str], list[str]]:
    """Dialogs the page opens (dismissed) and every address it requests, from here on."""
    dialogs: list[str] = []
    requests: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("request", lambda request: requests.append(request.url))
    return dialogs, requests


def outside(requests: list[str]) -> list[str]:
    """The requests that leave this machine (data: and blob: never leave the page)."""
    from urllib.parse import urlsplit

    return [u for u in requests if urlsplit(u).scheme not in ("data", "blob")
            and urlsplit(u).hostname not in ("127.0.0.1", "localhost")]


def test_stored_markup_runs_nothing_and_nothing_is_fetched_from_outside(tmp_path):
    """A task and an article holding script, an iframe and outside images: shown as text, obeyed never.

    Sign-in page, overview, detail and review are watched: no dialog opens, and no request leaves localhost
    (the page icon included, which would otherwise come from a Google font host).
    """
    from tracker.store import Store

    db = tmp_path / "tracker.db"
    store = Store(db)
    store.add_user("boss", "manager", "boss-password-1")
    text = f"# {HOSTILE_TASK}\n\n会上要求，{HOSTILE_TASK}。\n\n<img src=x onerror=alert(6)>"
    store.save_article({  # an article as the parser would hand it over, its one record awaiting review
        "text": text, "source": "<img src=x onerror=alert(7)>.txt", "title": HOSTILE_TASK,
        "date": date.today().isoformat(), "date_from": "ref_date",
        "records": [{"sentence": HOSTILE_TASK, "start": text.index(HOSTILE_TASK, 5),
                     "end": text.index(HOSTILE_TASK, 5) + len(HOSTILE_TASK), "task": HOSTILE_TASK, "target_value": 5,
                     "unit": "<img src=x onerror=alert(4)>", "deadline": (date.today() + timedelta(days=7)).isoformat(),
                     "officials": [{"name": "<img src=x onerror=alert(5)>", "title": "副区长"}],
                     "units": ['<a href="http://elsewhere.example/">区城管局</a>']}],
    }, by="boss")
    store.close()
    SHOTS.mkdir(exist_ok=True)
    with dashboard_server(db, tmp_path / "streamlit.log") as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 1800}, locale="zh-CN")
        dialogs, requests = watch(page)
        sign_in(page, url, "boss", "boss-password-1")
        charts_drawn(page, 5)
        go(page, "承诺详情")
        charts_drawn(page, 1)
        settled(page)
        page.wait_for_timeout(1000)  # time for an onerror or an iframe's script to fire, if any got through
        assert dialogs == []
        heading = page.locator("h3").filter(has_text="<script>alert(1)</script>")
        expect(heading).to_be_visible(timeout=30_000)  # the task reads as the text it is
        expect(page.locator("mark").first).to_contain_text('<img src="http://elsewhere.example/x.png"')
        assert page.locator("iframe[srcdoc]").count() == 0
        assert page.locator('img[src*="elsewhere"], img[src="x"]').count() == 0
        no_errors(page)
        shot(page, "e2e-6-hostile-detail.png")
        go(page, "审核")  # the article around the sentence, its title and source, the edit form
        expect(page.locator("mark").first).to_contain_text("<script>alert(1)</script>", timeout=30_000)
        settled(page)
        page.wait_for_timeout(1000)
        assert page.locator('iframe[srcdoc], img[src*="elsewhere"], img[src="x"]').count() == 0
        no_errors(page)
    assert dialogs == []
    assert requests and outside(requests) == []


def drawn_as(page, locator, words: str) -> None:
    """Streamlit's own English in `locator` is drawn at size 0 with `words` written over it (CSS ::after)."""
    element = locator.element_handle(timeout=30_000)
    size, after = element.evaluate("e => [getComputedStyle(e).fontSize, getComputedStyle(e, '::after').content]")
    assert (size, after) == ("0px", f'"{words}"')


def test_streamlits_english_is_hidden_and_links_open_their_page_after_sign_in(server):
    """No "Page not found", "Date range", "Select all" or yyyy-mm-dd where a person can see them."""
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 1800}, locale="zh-CN")
        # A shared link while signed out: the sign-in form under the link's address, then the page it names.
        for address in (f"{server}/detail?id=1", f"{server}/no-such-page"):
            page.goto(address)
            page.get_by_role("button", name="登录").wait_for(timeout=30_000)
            settled(page)
            assert page.get_by_text("Page not found").count() == 0
        page.goto(f"{server}/detail?id=1")
        page.get_by_label("姓名").fill("boss")
        page.get_by_label("密码").fill("boss-secret-1")
        page.get_by_role("button", name="登录").click()
        page.get_by_role("heading", name="承诺详情").wait_for(timeout=30_000)
        expect(page.locator("h3").filter(has_text=TASK)).to_be_visible(timeout=30_000)
        go(page, "总览")

        year = page.locator('[data-testid="stDateInputField"] [data-type="year"][data-placeholder="true"]').first
        drawn_as(page, year, "年")
        drawn_as(page, page.locator('[data-testid="stDateInputField"] [data-type="day"][data-placeholder="true"]').first, "日")
        page.get_by_role("button", name="Choose date range").click()  # an aria-label: read aloud, never shown
        page.locator('[data-testid="stDateInputCalendar"]').wait_for(timeout=30_000)
        expect(page.get_by_text("Date range", exact=True)).to_be_hidden()
        shot(page, "e2e-7-date-picker.png")
        page.keyboard.press("Escape")
        page.locator('[data-testid="stMultiSelect"]').first.click()
        drawn_as(page, page.locator('[data-key="__select_all__"] [data-item-hl]'), "全选")
        shot(page, "e2e-8-multiselect.png")
        page.keyboard.press("Escape")

        grid = page.locator('[data-testid="stDataFrame"]').first
        grid.hover()
        grid.locator('button[aria-label="Show/hide columns"]').hover()  # its tooltip, in Chinese
        drawn_as(page, page.locator('[data-testid="stTooltipContent"] p').last, "显示/隐藏列")

        page.goto(f"{server}/no-such-page")  # a new session, signed in by the cookie: the overview
        page.get_by_role("heading", name="总览").wait_for(timeout=30_000)
        assert page.get_by_text("Page not found").count() == 0
        no_errors(page)


def test_a_viewer_downloads_the_file_a_commitment_was_read_from(tmp_path):
    """The original comes back byte for byte through the real server, with its name (bytes read on the click)."""
    import docx

    from tracker.store import Store

    word = tmp_path / "x.docx"
    document = docx.Document()
    document.add_paragraph("区政府要求，年底前新建公园3个。")
    document.save(word)
    db = tmp_path / "tracker.db"
    with Store(db) as store:
        store.add_user("boss", "manager", "boss-secret-1")
        store.add_user("li", "viewer", "li-secret-12", by="boss")
        article = store.save_article({
            "text": "区政府要求，年底前新建公园3个。", "source": "通知.docx", "title": "通知", "date": date.today().isoformat(),
            "date_from": "ref_date", "read_summary": "Word 文档",
            "original": {"name": "通知.docx", "kind": "docx", "data": word.read_bytes()},
        }, by="boss")["article_id"]
        store.add_commitment("boss", article_id=article, task="新建公园", target_value=3, unit="个",
                             deadline=(date.today() + timedelta(days=30)).isoformat(), sentence="年底前新建公园3个")
    SHOTS.mkdir(exist_ok=True)
    with dashboard_server(db, tmp_path / "streamlit.log") as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 1400}, locale="zh-CN", accept_downloads=True)
        sign_in(page, url, "li", "li-secret-12")
        go(page, "承诺详情")
        expect(page.get_by_text("已读取：Word 文档")).to_be_visible()
        button = page.get_by_role("button", name="下载原始文件")
        button.wait_for(timeout=30_000)
        settled(page)  # under load a click before the run is drawn went to a button about to be replaced
        with page.expect_download(timeout=60_000) as pressed:
            button.click()
        download = pressed.value
        assert download.suggested_filename == "通知.docx"
        assert Path(download.path()).read_bytes() == word.read_bytes()
        no_errors(page)
        shot(page, "e2e-original-download.png")


def test_on_postgresql_staff_sign_in_see_the_cards_and_record_progress(pg_cluster, pg_template, tmp_path):
    """Issue 13 in the browser: the same server with TRACKER_DB a PostgreSQL URL (skipped without PostgreSQL).

    Staff sign in, 总览 draws its cards and charts, the form records a progress update, and the
    cards move; the update is in the PostgreSQL database, read past the server.
    """
    from tracker.store import Store

    url = pg_cluster.new_database(template=pg_template)
    with Store(url) as store:
        store.add_user("boss", "manager", "boss-secret-1")
        store.add_user("wang", "staff", "wang-secret-1", by="boss")
        cid = store.add_commitment("boss", task=TASK, target_value=12, unit="条",
                                   deadline=(date.today() + timedelta(days=7)).isoformat(),
                                   sentence="年底前完成12条背街小巷整治提升", units=["区城管局"])
    SHOTS.mkdir(exist_ok=True)
    log = tmp_path / "streamlit.log"
    try:
        with dashboard_server(url, log) as server, chromium() as browser:
            page = browser.new_page(viewport={"width": 1440, "height": 1800}, locale="zh-CN")
            sign_in(page, server, "wang", "wang-secret-1")
            page.get_by_role("heading", name="我的任务").wait_for(timeout=30_000)
            # the table is drawn on a canvas: its cells are in the page for screen readers, hidden
            expect(page.locator("[data-testid=stDataFrame] td").filter(has_text=TASK).first).to_be_attached(timeout=30_000)
            go(page, "总览")
            charts_drawn(page, 5)
            metric_is(page, "有风险", "1")  # due in a week with nothing reached
            metric_is(page, "已完成", "0")
            no_errors(page)
            shot(page, "e2e-pg-1-overview-before.png")

            go(page, "进度填报")
            metric_is(page, "目标值", "12条")
            page.get_by_label("已完成数值", exact=True).fill("12")
            page.get_by_label("备注", exact=True).fill("全部完工")
            page.get_by_role("button", name="提交").click()
            page.get_by_text("已记录").wait_for(timeout=30_000)
            metric_is(page, "当前状态", "待销号")
            no_errors(page)
            shot(page, "e2e-pg-2-progress-saved.png")

            go(page, "总览")
            charts_drawn(page, 5)
            metric_is(page, "有风险", "0")
            no_errors(page)
            shot(page, "e2e-pg-3-overview-after.png")
        with Store(url) as store:
            history = store.progress_history(cid)
        assert history[["value", "note", "by"]].values.tolist() == [[12.0, "全部完工", "wang"]]
        assert "Traceback" not in log.read_text(encoding="utf-8", errors="replace")
    finally:
        pg_cluster.drop_database(url)
