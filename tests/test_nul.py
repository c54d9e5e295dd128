"""The NUL character (\\x00) behaves alike on SQLite and PostgreSQL (which refuses it in TEXT): text read
from files loses its NULs where tracker.ingest.read_text normalises it; text typed by people that reaches
the store with one is refused with the same Chinese sentence (store.NUL_REFUSED) on both, nothing written."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import add_people, count_rows

from tracker import cli, ingest
from tracker.store import NUL_REFUSED, InvalidInput, Store

pytestmark = pytest.mark.both_backends  # every test below runs on a file and on PostgreSQL (conftest)

SENTENCE = "管城区要确保全年完成366个老旧小区改造任务。"
TABLES = ("articles", "commitments", "progress_updates", "signoffs", "extensions", "instructions", "users",
          "evidence", "audit_log")


@pytest.fixture
def frozen(frozen):
    """conftest's frozen store (three people, 2020-01-10) with 366 old blocks of 区城建局 due 2019-12-31."""
    frozen.blocks = frozen.add_commitment("boss", task="老旧小区改造", target_value=366, unit="个",
                                          deadline="2019-12-31", units=["区城建局"])
    return frozen


def _counts(where) -> dict[str, int]:
    return {t: count_rows(where, t) for t in TABLES}


# ---- text read from files: NULs dropped, on both backends -------------------------------------

def _nul_text(padding_lines: int) -> str:
    """An article whose sentence carries NULs; the padding keeps them past the first 4 KiB, where a text
    file with a NUL is taken for a binary one (tracker.documents)."""
    padding = "".join(f"第{i}段：会议听取了各单位工作汇报。\n" for i in range(padding_lines))
    return f"# 城建工作会议\n\n{padding}\n会议强调，管城区要确保\x00全年完成366个\x00老旧小区改造任务。\x00\n"


@pytest.mark.parametrize("how", ["file", "pasted"])
def test_text_with_nul_characters_ingests_and_is_stored_without_them(database, tmp_path, how):
    with Store(database) as s:
        add_people(s)
        if how == "file":
            path = tmp_path / "城建工作会议.txt"
            path.write_text(_nul_text(200), encoding="utf-8")
            assert path.read_bytes().index(b"\x00") > 4096
            result = ingest.ingest_file(s, path, ref_date="2019-04-26", by="boss")
        else:
            result = ingest.ingest_text(s, _nul_text(3), source="粘贴", ref_date="2019-04-26", by="boss")
        assert result["new"] and result["commitments"] >= 1
        article = s.article(result["article_id"])
        assert "\x00" not in article["text"] and "确保全年完成366个老旧小区改造任务" in article["text"]
        rows = s.commitments()
        assert (rows["target_value"] == 366).any()
        for column in ("task", "sentence", "unit", "deadline_text"):
            assert not rows[column].astype(str).str.contains("\x00").any(), column
        row = rows[rows["target_value"] == 366].iloc[0]
        assert article["text"][int(row["start"]):int(row["end"])] == row["sentence"]  # offsets into the stored text


def test_the_same_text_with_and_without_nul_is_one_article(database):
    with Store(database) as s:
        add_people(s)
        first = ingest.ingest_text(s, _nul_text(3), source="a", ref_date="2019-04-26", by="boss")
        again = ingest.ingest_text(s, _nul_text(3).replace("\x00", ""), source="b", ref_date="2019-04-26", by="boss")
        assert first["new"] and not again["new"] and again["article_id"] == first["article_id"]


# ---- text typed by people: refused with one sentence, nothing written --------------------------

# (what was typed, the write)
TYPED = [
    ("a progress note", lambda s: s.add_progress(s.blocks, 100, by="wang", as_of="2020-01-05", note="截至\x00月底")),
    ("a return reason", lambda s: s.return_completion(s.blocks, "缺少\x00照片", by="boss")),
    ("an extension reason", lambda s: s.request_extension(s.blocks, "2020-06-30", "资金\x00未到位", by="wang")),
    ("an instruction", lambda s: s.instruct(s.blocks, "抓紧\x00推进", by="boss")),
    ("a reminder", lambda s: s.remind("区城建局", "请\x00加快", by="boss")),
    ("a task typed in", lambda s: s.add_commitment("boss", task="道路\x00整治", target_value=4, unit="条")),
    ("a field edited", lambda s: s.update_commitment(s.blocks, "boss", deadline_text="年底\x00前")),
]


@pytest.mark.parametrize("why,write", TYPED, ids=[t[0] for t in TYPED])
def test_typed_text_with_a_nul_is_refused_alike_and_nothing_is_written(frozen, database, why, write):
    if why == "a return reason":  # a completion to return, reported first: only the return is refused
        frozen.add_progress(frozen.blocks, 366, by="wang", as_of="2020-01-05")
    before = _counts(database)
    with pytest.raises(InvalidInput) as refused:
        write(frozen)
    assert str(refused.value) == NUL_REFUSED
    assert _counts(database) == before
    frozen.add_progress(frozen.blocks, 10, by="wang", as_of="2020-01-02", note="之后照常")  # the store goes on


# Names had rules of their own before the store's check (no control characters): the same sentence on both.
NAMES = [
    ("a user's name", lambda s: s.add_user("zhao\x00", "staff", "zhao-secret-12", by="boss"), "用户名无效"),
    ("a unit given to a user", lambda s: s.set_user_units("wang", ["区城建局\x00"], by="boss"), "单位名称无效"),
]


@pytest.mark.parametrize("why,write,message", NAMES, ids=[n[0] for n in NAMES])
def test_a_name_with_a_nul_is_refused_by_the_name_rules_alike(frozen, database, why, write, message):
    before = _counts(database)
    with pytest.raises(InvalidInput, match=message):
        write(frozen)
    assert _counts(database) == before


def test_an_evidence_file_name_loses_its_control_characters_alike(frozen):
    """A file's name comes with the file (tracker.evidence.clean_name drops control characters), like a file's text."""
    frozen.add_evidence("报告\x00.pdf", b"%PDF-1.4\n%%EOF\n", by="wang", commitment_id=frozen.blocks)
    assert frozen.evidence(frozen.blocks)["name"].tolist() == ["报告.pdf"]


def test_a_search_for_text_with_a_nul_is_refused_alike(frozen):
    with pytest.raises(InvalidInput, match="空字符"):
        frozen.authenticate("wang\x00", "wang-secret-1")


# ---- the command line -------------------------------------------------------------------------

# (command line, whether a completion is reported first) — each carries typed text with a NUL
COMMANDS = [
    (["progress", "{id}", "100", "--by", "wang", "--as-of", "2020-01-05", "--note", "截至\x00月底"], False),
    (["instruct", "{id}", "抓紧\x00推进", "--by", "boss"], False),
    (["remind", "区城建局", "请\x00加快", "--by", "boss"], False),
    (["extend", "{id}", "--to", "2020-06-30", "--reason", "资金\x00未到位", "--by", "wang"], False),
    (["signoff", "{id}", "--return", "--reason", "缺少\x00照片", "--by", "boss"], True),
]


@pytest.mark.parametrize("argv,reported", COMMANDS, ids=[c[0][0] for c in COMMANDS])
def test_the_command_line_says_why_and_exits_1(frozen, database, capsys, argv, reported):
    """In-process: an operating system passes no NUL in a program's arguments, but a caller of main() can."""
    if reported:
        frozen.add_progress(frozen.blocks, 366, by="wang", as_of="2020-01-05")
    before = _counts(database)
    code = cli.main([a.format(id=frozen.blocks) for a in argv] + ["--db", str(database)])
    out = capsys.readouterr()
    assert code == 1, out.err
    assert out.err.startswith("错误") and NUL_REFUSED in out.err
    assert out.out == ""
    assert _counts(database) == before


# ---- text SQLite kept before NUL was refused -----------------------------------------------------

@pytest.mark.sqlite_only
def test_an_upgrade_replaces_the_nuls_sqlite_kept_so_that_text_can_be_written_again(tmp_path):
    """A file of an older version, with a NUL in an article and in a task (SQLite stored them): m015 turns
    each into U+FFFD, one for one, so the offsets hold and editing that task is no longer refused."""
    path = tmp_path / "old.db"
    with Store(path) as s:
        add_people(s)
        article = ingest.ingest_text(s, SENTENCE, source="a", ref_date="2019-04-26", by="boss")["article_id"]
        cid = s.add_commitment("boss", task="老旧小区改造", target_value=366, unit="个", article_id=article)
    with sqlite3.connect(path) as conn:  # what an older store let in, and m015 not yet run
        conn.execute("UPDATE articles SET text = replace(text, '全年', '全' || char(0) || '年')")
        conn.execute("UPDATE commitments SET task = '老旧' || char(0) || '小区改造' WHERE id = ?", (cid,))
        conn.execute("DELETE FROM migrations WHERE name = 'm015_no_nul_in_stored_text'")
    with Store(path) as s:
        assert s.commitment(cid)["task"] == "老旧\ufffd小区改造"
        assert s.article(article)["text"] == SENTENCE.replace("全年", "全\ufffd年")  # same length: offsets hold
        s.update_commitment(cid, "boss", task="老旧小区改造提升")  # its old value goes into the audit log
        assert s.commitment(cid)["task"] == "老旧小区改造提升"
