"""Issue 10 §5, the command line and the file: what a person with the file in hand meets.

Real SQLite files in tmp_path and `python -m tracker` in a subprocess (tests/test_cli_store.py's
`tracker` helper); each test names the defect of the old main it holds down.
"""

from __future__ import annotations

import os
import random
import sqlite3
import stat
import time
from datetime import datetime
from pathlib import Path

import pytest
from conftest import add_people
from test_cli_store import TEXT, tracker

from tracker import config, ingest
from tracker.commands.ingest import collect_files
from tracker.documents import DocumentError, decode_bytes
from tracker.store import MIGRATIONS, PermissionDenied, Store, StoreError, connect, migrate

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def db(tmp_path) -> Path:
    """300 commitments (enough pages that damage lands in a table, not in the header) and three people."""
    path = tmp_path / "cli.db"
    with Store(path) as s:
        add_people(s)
        for i in range(300):
            s.add_commitment("boss", task=f"老旧小区改造第{i}批" * 4, target_value=366, unit="个", deadline="2019-12-31")
    return path


def _damage_pages(path: Path) -> None:
    """Random bytes over the second half of the file, the header and schema left whole: opening works, reading fails."""
    data = bytearray(path.read_bytes())
    rng = random.Random(1)
    for start in range(len(data) // 2, len(data) - 4096, 4096):
        data[start + 100:start + 3000] = bytes(rng.randrange(256) for _ in range(2900))
    path.write_bytes(bytes(data))


# ---- a damaged, missing or newer database -----------------------------------------------------


@pytest.mark.parametrize("damage", ["random bytes", "truncated", "damaged pages"])
@pytest.mark.parametrize("command", [["list"], ["export", "--format", "csv"], ["backup", "copy.db"], ["audit", "verify"]])
def test_a_damaged_database_is_named_with_exit_1_never_a_traceback(db, tmp_path, damage, command):
    if damage == "random bytes":
        db.write_bytes(random.Random(2).randbytes(20_000))
    elif damage == "truncated":
        db.write_bytes(db.read_bytes()[: int(db.stat().st_size * 0.8)])
    else:
        _damage_pages(db)  # list and export crashed on this with sqlite3.DatabaseError
    command = [c if c != "copy.db" else str(tmp_path / "copy.db") for c in command]
    result = tracker(*command, db=db)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "已损坏" in result.stderr
    assert not (tmp_path / "copy.db").exists()  # a damaged file is not copied over a good backup


@pytest.mark.parametrize("command", [["list"], ["export", "--format", "csv"], ["backup", "copy.db"],
                                     ["progress", "1", "5", "--by", "wang"], ["users", "list"], ["audit", "verify"]])
def test_a_mistyped_db_for_a_read_command_says_the_file_does_not_exist(tmp_path, command):
    typo = tmp_path / "trakcer.db"
    result = tracker(*[c if c != "copy.db" else str(tmp_path / "copy.db") for c in command], db=typo)
    assert result.returncode == 1
    assert "数据库文件不存在" in result.stderr and str(typo) in result.stderr
    assert result.stdout == ""  # no demo data exported from a database made on the spot
    assert not typo.exists()


def test_a_database_from_a_newer_version_is_refused_and_left_untouched(db):
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO migrations (migration_set, name, applied_at) VALUES ('tracker', 'm099_future', 'x')")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    for command in (["list"], ["ingest", str(ROOT / "seeds")]):
        result = tracker(*command, db=db)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "更新版本" in result.stderr and "m099_future" in result.stderr
    assert db.read_bytes() == before
    with pytest.raises(StoreError, match="更新版本"):
        Store(db)


def test_the_command_line_never_loads_demo_seeds(tmp_path):
    path = tmp_path / "new.db"
    added = tracker("users", "add", "boss", "--role", "manager", db=path, stdin="a-good-password\n")
    assert added.returncode == 0
    listed = tracker("list", "--json", db=path)
    assert listed.returncode == 0 and listed.stdout == ""
    with Store(path) as s:
        assert s.articles().empty and not s.seeded()


def test_a_new_database_file_is_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "new.db"
    assert tracker("users", "add", "boss", "--role", "manager", db=path, stdin="a-good-password\n").returncode == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    backup = tmp_path / "copy.db"
    assert tracker("backup", str(backup), db=path).returncode == 0
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    existing = tmp_path / "shared.db"
    existing.touch(mode=0o640)
    os.chmod(existing, 0o640)
    Store(existing).close()
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640  # an existing file keeps the mode its owner chose


# ---- who writes: --by, the OS user, the audit chain -----------------------------------------------


def test_progress_by_must_name_a_person_who_may_write(db):
    unknown = tracker("progress", "1", "5", "--by", "nobody", db=db)
    assert unknown.returncode == 1 and "未知用户" in unknown.stderr
    viewer = tracker("progress", "1", "5", "--by", "li", db=db)
    assert viewer.returncode == 1 and "权限不足" in viewer.stderr
    staff = tracker("progress", "1", "5", "--by", "wang", "--as-of", "2019-06-30", db=db)
    assert staff.returncode == 0, staff.stderr


def test_audit_rows_carry_a_time_zone_and_the_os_user(db):
    import getpass

    assert tracker("progress", "1", "5", "--by", "wang", "--as-of", "2019-06-30", db=db).returncode == 0
    with Store(db) as s:
        row = s.db.conn.execute('SELECT at, "by", os_user FROM audit_log ORDER BY id DESC LIMIT 1').fetchone()
    assert datetime.fromisoformat(row[0]).utcoffset() is not None  # 2026-12-01T13:40:19+08:00, not a bare local time
    assert row[1] == "wang" and row[2] == getpass.getuser()


def _raw(db: Path, *statements: str) -> None:
    """What someone with the file and the sqlite3 shell can do: drop the guards and edit rows."""
    conn = sqlite3.connect(db)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


DROP_GUARDS = ("DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete")


def test_audit_verify_says_the_chain_is_whole(db):
    result = tracker("audit", "verify", db=db)
    assert result.returncode == 0, result.stderr
    assert "审计日志完整" in result.stderr and "303 行" in result.stderr


@pytest.mark.parametrize("forgery", ["edit", "delete", "insert"])
def test_audit_verify_names_the_first_broken_link(db, forgery):
    if forgery == "edit":
        _raw(db, *DROP_GUARDS, "UPDATE audit_log SET \"by\" = 'wang' WHERE id = 120", *_guards())
    elif forgery == "delete":
        _raw(db, *DROP_GUARDS, "DELETE FROM audit_log WHERE id = 120", *_guards())
    else:  # a row slipped in with a made-up hash
        _raw(db, "INSERT INTO audit_log (id, at, \"by\", action, table_name, hash) VALUES "
                 "(1000, '2019-01-01T00:00:00+08:00', 'boss', 'add_user', 'users', 'f00d')")
    result = tracker("audit", "verify", db=db)
    assert result.returncode == 1
    first = {"edit": 120, "delete": 121, "insert": 1000}[forgery]
    assert f"第 {first} 行" in result.stderr


def _guards() -> list[str]:
    """The triggers put back after the edit, so only the chain can tell."""
    return ["CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'x'); END",
            "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'x'); END"]


def test_audit_verify_notices_dropped_triggers(db):
    _raw(db, "DROP TRIGGER audit_log_no_delete")
    result = tracker("audit", "verify", db=db)
    assert result.returncode == 1 and "audit_log_no_delete" in result.stderr


def test_the_migration_hashes_existing_rows(tmp_path):
    """A file written before m009: its rows get their hashes when it is opened, and the chain holds."""
    path = tmp_path / "old.db"
    old = connect(path)
    migrate(old, upto=7)
    for i in range(5):
        old.conn.execute('INSERT INTO audit_log (at, "by", action, table_name, row_id) VALUES (?, ?, ?, ?, ?)',
                         [f"2024-01-0{i + 1}T10:00:00", "system", "ingest", "articles", str(i)])
    old.conn.commit()
    old.close()
    with Store(path) as s:
        assert [name for name, in s.db.conn.execute("SELECT name FROM migrations ORDER BY id")] == [n for n, _ in MIGRATIONS]
        assert s.verify_audit() == {"rows": 5, "ok": True, "broken_at": None, "reason": None, "missing_triggers": []}
        s.add_user("boss", "manager", "boss-secret-1")
        assert s.verify_audit()["rows"] == 6 and s.verify_audit()["ok"]


# ---- backup -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_backup_refuses_the_database_and_its_own_wal_and_shm(db, suffix):
    with Store(db) as s:  # an open store keeps -wal and -shm on disk, as the dashboard does
        s.add_user("zhao", "staff", "zhao-secret-1", by="boss")
        target = Path(str(db) + suffix)
        result = tracker("backup", str(target), db=db)
        assert result.returncode == 1 and "不能是数据库本身或它的日志文件" in result.stderr
        # the old backup put a database file in place of the -wal: the last commit (zhao) was lost or the file broken
        assert s.integrity() is None and len(s.users()) == 4
    with Store(db) as again:
        assert "zhao" in {u["name"] for u in again.users()}


def test_backup_checks_integrity_and_keeps_a_good_old_copy(db, tmp_path):
    backup = tmp_path / "copy.db"
    assert tracker("backup", str(backup), db=db).returncode == 0
    good = backup.read_bytes()
    _damage_pages(db)
    result = tracker("backup", str(backup), db=db)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert backup.read_bytes() == good


# ---- ingest: what a folder may hand over, and what its bytes say ------------------------------


def test_symlinks_outside_a_folder_and_fifos_are_skipped_with_a_message(tmp_path):
    folder, elsewhere = tmp_path / "docs", tmp_path / "private"
    folder.mkdir()
    elsewhere.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (elsewhere / "secret.txt").write_text("确保全年完成9个秘密任务。", encoding="utf-8")
    (folder / "link.txt").symlink_to(elsewhere / "secret.txt")
    (folder / "dir-link").symlink_to(elsewhere, target_is_directory=True)
    (folder / "inside.txt").symlink_to(folder / "a.txt")  # a link within the folder is fine
    os.mkfifo(folder / "pipe.txt")
    files, skipped = collect_files([str(folder)])
    assert sorted(p.name for p in files) == ["a.txt", "inside.txt"]
    reasons = {Path(p).name: why for p, why in skipped}
    assert set(reasons) == {"link.txt", "dir-link", "pipe.txt"}
    assert "之外" in reasons["link.txt"] and "之外" in reasons["dir-link"] and "不是普通文件" in reasons["pipe.txt"]

    path = tmp_path / "i.db"
    result = tracker("ingest", str(folder), str(folder / "pipe.txt"), db=path)  # a FIFO named directly: no hang
    assert result.returncode == 1 and "pipe.txt" in result.stderr and "link.txt" in result.stderr
    with Store(path) as s:
        assert all("秘密" not in s.article(i)["text"] for i in s.articles()["id"])


def test_latin1_read_as_chinese_is_refused_not_stored_garbled(tmp_path):
    latin = "Zürich Öffentlicher Verkehr, Größe über alles, schön.".encode("latin-1")
    assert latin.decode("gb18030")  # the old reader took this as Chinese: 'Z黵ich 謋fentlicher ...'
    with pytest.raises(DocumentError, match="无法确定文字编码"):
        decode_bytes(latin)
    (tmp_path / "latin.txt").write_bytes(latin)
    result = tracker("ingest", str(tmp_path / "latin.txt"), db=tmp_path / "i.db")
    assert result.returncode == 1 and "UTF-8" in result.stderr
    # what the reader is for still reads: GB18030, Big5 through the guess, UTF-16 with its mark
    assert decode_bytes(TEXT.encode("gb18030")) == TEXT
    assert decode_bytes("管城區要確保全年完成366個老舊小區改造任務。".encode("big5")).startswith("管城區")


def test_one_bad_byte_in_utf8_is_replaced_and_reported(tmp_path, caplog):
    data = (TEXT * 5).encode("utf-8")
    damaged = data[:60] + b"\xff" + data[61:]
    with caplog.at_level("WARNING", logger="tracker.documents"):
        text = decode_bytes(damaged)
    assert "\ufffd" in text and text.replace("\ufffd", "").startswith(TEXT[:15])
    assert any("已替换" in r.getMessage() for r in caplog.records)
    (tmp_path / "bad-byte.txt").write_bytes(damaged)
    result = tracker("ingest", str(tmp_path / "bad-byte.txt"), "--date", "2019-04-26", db=tmp_path / "i.db")
    assert result.returncode == 0, result.stderr
    assert "警告" in result.stderr and "已替换" in result.stderr
    with Store(tmp_path / "i.db") as s:
        assert len(s.articles()) == 1


# ---- the dashboard's reader in a worker -------------------------------------------------------------


def sleepy_reader(path, ref_date=None, source=None):
    """A parser stalled for good (module level: the worker imports it by name)."""
    time.sleep(600)


def greedy_reader(path, ref_date=None, source=None):
    """A parser that asks for 4 GB at once."""
    return bytearray(4 * 1024**3)


def test_the_worker_stops_a_stalled_parse_and_names_the_limit(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(ingest.WorkerLimit, match="用时超过 2 秒"):
        ingest.read_file_isolated(path, reader=sleepy_reader, seconds=2, memory_mb=0)
    assert time.monotonic() - start < 60  # not the 600 seconds the parser asked for
    with pytest.raises(ingest.WorkerLimit, match="内存超过 1024 MB"):
        ingest.read_file_isolated(path, reader=greedy_reader, seconds=60, memory_mb=1024)
    bundle = ingest.read_file_isolated(path, ref_date="2019-04-26", seconds=120, memory_mb=1024)
    assert [r["target_value"] for r in bundle.records] == [366]


def test_the_import_page_names_the_file_past_the_limit_and_previews_the_others(tmp_path, monkeypatch):
    """A real hostile input (16 MB of repeated text: tens of seconds and hundreds of MB to parse)
    under a small memory limit, beside an ordinary file, through the 导入 page."""
    from test_dashboard import app_as, texts

    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "tracker.db"))
    with Store(tmp_path / "tracker.db") as s:
        s.add_user("boss", "manager", "boss-secret-1")  # the page re-reads who is signed in from the store
    monkeypatch.setattr(config, "WORKER_LIMITS", config.WorkerLimits(seconds=120, memory_mb=250))
    at = app_as("boss", "manager", at_page="imports")
    uploader = at.file_uploader(key="import_files")
    uploader.upload("巨大.txt", ("管城区要确保全年完成366个老旧小区改造任务，" * 250_000).encode(), "text/plain")
    uploader.upload("好.txt", "确保6月底前完成道路改造12条。".encode(), "text/plain")
    at.run()
    at.button(key="import_preview").click().run(timeout=180)
    assert not at.exception
    assert any("巨大.txt" in e and "内存超过 250 MB" in e for e in texts(at.error)), texts(at.error)
    assert len(at.error) == 1, texts(at.error)
    assert [doc["bundle"].source for doc in at.session_state["import_pending"]] == ["好.txt"]


# ---- the demo articles ---------------------------------------------------------------------------------


@pytest.mark.both_backends  # a file, and a PostgreSQL database the dashboard seeded
def test_a_manager_removes_the_demo_articles_in_one_click(new_dashboard_db):
    from test_dashboard import app_as

    db = new_dashboard_db
    with ingest.open_store(db) as s:  # the dashboard's first start: seeded
        s.add_user("boss", "manager", "boss-secret-1")
        s.add_user("wang", "staff", "wang-secret-1", by="boss")
        assert s.demo_articles()
        with pytest.raises(PermissionDenied):
            s.remove_demo(by="wang")
    at = app_as("boss", "manager", at_page="imports")
    at.button(key="demo_remove").click().run()
    assert not at.exception
    with Store(db) as s:
        assert s.demo_articles() == [] and s.articles().empty and s.commitments().empty
        audit = s.audit_log()
        assert "remove_demo" in set(audit["action"]) and set(audit[audit["action"] == "remove_demo"]["by"]) == {"boss"}
        assert s.verify_audit()["ok"] and s.seeded()  # not seeded again on the next start
    again = app_as("boss", "manager", at_page="imports")
    assert not any(b.key == "demo_remove" for b in again.button)
