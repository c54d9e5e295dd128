"""Ingest: a file or a text, read once by the parser, handed to the store as a plain bundle.

The data walks one way: file -> tracker.documents (plain text) -> tracker.extract (frames,
records, candidates, progress readings) -> ArticleBundle -> Store.save_article. The store
imports neither the reader nor the parser; the 导入 page previews a bundle and saves that
same bundle, so nothing is parsed twice.

    bundle = read_text("管城区要确保全年完成366个老旧小区改造任务。", source="a.txt", ref_date="2019-04-26")
    bundle.records[0]["target_value"], bundle.date_from   # -> 366, "ref_date"
    store.save_article(bundle)  # -> {"article_id": 1, "new": True, "commitments": 1, "candidates": 0, "progress": 0}
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from tracker import config, dates, documents
from tracker.documents import DocumentError, read_document_info
from tracker.readers import DocumentText

log = logging.getLogger(__name__)

# Where a frame's date came from when nobody found it in the text: the page then asks for it.
UNFOUND_DATE = (None, "ref_date")


class ParseError(Exception):
    """The parser tripped on a text; the message names the error so the person can report it."""


@dataclass
class ArticleBundle:
    """One text as the parser read it, in plain values the store keeps as they are.

    `frames` are Frame.to_json() dicts (one per article on the page), `records` Commitment.to_json()
    dicts, `candidates` Candidate.to_json() dicts, `progress` ProgressReading.to_json() dicts whose
    `record` is an index into `records`. `title`, `date` and `date_from` name the page (its first article).
    A file's bundle also carries the file itself (`original`: {"name", "kind", "data"}, kept by the
    store under the sha256 of `data`), what was read from it (`read_summary`, such as
    "PDF，3 页，含 OCR 识别文字", and `ocr`) and the readers' notes; pasted text has none of these.
    """

    text: str
    source: str
    title: str | None
    date: str | None
    date_from: str | None
    ref_date: str | None = None
    frames: list[dict] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)
    candidates: list[dict] = field(default_factory=list)
    progress: list[dict] = field(default_factory=list)
    original: dict | None = None
    read_summary: str | None = None
    ocr: bool = False
    read_notes: list[str] = field(default_factory=list)

    @property
    def undated(self) -> bool:
        """Whether some article on the page carries no date of its own (none found, or only the one handed in)."""
        return not self.frames or any(f.get("date_from") in UNFOUND_DATE for f in self.frames)


_NAME_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})(?:-(\d{2}))?(?!\d)")


def ref_date_from_name(name: str | os.PathLike) -> str | None:
    """The reference date in a file name: zhengzhou-daily-2019-04-guancheng.txt -> 2019-04-01."""
    for m in _NAME_DATE.finditer(Path(name).name):
        try:
            return date(int(m[1]), int(m[2]), int(m[3] or 1)).isoformat()
        except ValueError:
            continue
    return None


def _heading(text: str) -> str | None:
    """A leading '# 标题' line, as read_document makes of HTML headings and the seed uses."""
    for line in text.splitlines():
        line = line.strip()
        if line:
            if not line.startswith("#"):
                return None
            return line.lstrip("#").strip() or None
    return None


def read_text(text: str, source: str, ref_date: str | None = None) -> ArticleBundle:
    """Parse one text once: its frames, records, candidates and progress readings, as a bundle.

    A page with several articles (the seed page holds four) is named after the first one; a page
    the parser finds no article in falls back to its '#' heading, a record's title, the file name.
    """
    from tracker import extract  # looked up at call time, so tests can stand in for the parser

    # Where every text read (a file of any kind, a pasted page) is normalised before it is parsed and
    # stored: no BOM, and no NUL character (\x00), which a PDF text layer or a mis-saved file can
    # carry and PostgreSQL cannot store in TEXT. Dropped here, before the parser, so the offsets of
    # the sentences it finds point into the text as stored; NUL means nothing in a text people read.
    text = (text or "").replace("\ufeff", "").replace("\x00", "")
    try:
        documents.check_text_size(text)  # a pasted page meets the same limit as a file
    except documents.DocumentError as exc:
        raise ParseError(str(exc)) from exc
    if ref_date is not None and dates.day_text_or_none(ref_date) != ref_date:
        raise ParseError(f"参考日期不是有效日期: {ref_date!r} (应为 YYYY-MM-DD)")
    try:
        reading = extract.extract_document(text, source=source, ref_date=ref_date)
    except Exception as exc:  # the parser is another module: its failure names the text, it does not crash ingest
        raise ParseError(f"提取承诺时出错: {exc.__class__.__name__}: {exc}") from exc
    frames = [f.to_json() for f in reading.frames]
    records = [r.to_json() for r in reading.records]
    first = frames[0] if frames else {}
    title = (first.get("title") or _heading(text) or next((r["article_title"] for r in records if r.get("article_title")), None)
             or Path(source).stem or None)
    day = dates.day_text_or_none(first.get("date")) or next((d for r in records if (d := dates.day_text_or_none(r.get("article_date")))), None)
    return ArticleBundle(
        text=text, source=source, title=title, date=day, date_from=first.get("date_from") if day else None,
        ref_date=ref_date, frames=frames, records=records,
        candidates=[c.to_json() for c in reading.candidates], progress=[p.to_json() for p in reading.progress],
    )


def read_file(path: str | os.PathLike, ref_date: str | None = None, source: str | None = None,
              name: str | None = None) -> ArticleBundle:
    """Read and parse one file (any kind tracker.documents reads), the file's bytes kept with the bundle
    under `name` (default the file's own name); raises DocumentError or ParseError."""
    return _file_bundle(read_document_info(path), path, ref_date, source, name)


def _original(path, info: DocumentText, name: str | None) -> dict:
    """The file as it was handed in, for the store to keep. Read after the readers, which have
    refused a file over their size caps, so these bytes are bounded as the text is."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise DocumentError(f"无法读取原始文件：{exc.strerror or exc}") from None
    return {"name": name or Path(path).name, "kind": info.kind, "data": data}


def _file_bundle(info: DocumentText, path, ref_date: str | None, source: str | None,
                 name: str | None = None) -> ArticleBundle:
    """A file's text parsed, with the file and what was read from it. Without a reference date, a date
    in the file name stands in for one (report-2021-06-30.docx), and frames dated by it say so:
    date_from "file_name", not "ref_date"."""
    from_name = None if ref_date else ref_date_from_name(path)
    bundle = read_text(info.text, source=source or str(path), ref_date=ref_date or from_name)
    bundle.original = _original(path, info, name)
    bundle.read_summary = info.summary()
    bundle.ocr = info.ocr
    bundle.read_notes = list(info.notes)
    if from_name:
        bundle.frames = [{**f, "date_from": "file_name"} if f.get("date_from") == "ref_date" else f for f in bundle.frames]
        if bundle.date_from == "ref_date":
            bundle.date_from = "file_name"
    return bundle


class WorkerLimit(DocumentError):
    """The file took longer or more memory than a worker is given (config.WORKER_LIMITS); the message says which."""


def _worker_main() -> None:
    """The child (`python -c "from tracker.ingest import _worker_main; _worker_main()"`): read the job
    (reader, path, ref_date, source, memory_mb) pickled on standard input, cap the address space,
    read and parse, write ("ok", bundle) or the failure pickled on standard output."""
    import pickle
    import sys

    reader, path, ref_date, source, memory_mb = pickle.load(sys.stdin.buffer)
    if memory_mb:
        import resource

        cap = int(memory_mb * 1024 * 1024)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    try:
        result = ("ok", reader(path, ref_date=ref_date, source=source))
    except MemoryError:
        result = ("memory", None)
    except DocumentError as exc:
        result = ("document", str(exc))
    except ParseError as exc:  # read_text names the parser's failure; running out of memory is the limit's
        result = ("memory", None) if isinstance(exc.__cause__, MemoryError) else ("parse", str(exc))
    except Exception as exc:  # noqa: BLE001 - whatever the child trips on is this file's failure, said in words
        result = ("parse", f"{exc.__class__.__name__}: {exc}")
    try:
        data = pickle.dumps(result)
    except MemoryError:
        data = pickle.dumps(("memory", None))
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def read_file_isolated(path: str | os.PathLike, ref_date: str | None = None, source: str | None = None, *,
                       seconds: float | None = None, memory_mb: float | None = None, reader=None) -> ArticleBundle:
    """read_file in a child process with a time and a memory limit (default config.WORKER_LIMITS).

    The 导入 page reads each upload this way: a file that would take the parser minutes or
    gigabytes is stopped and named (WorkerLimit, a DocumentError), and the server goes on serving
    everyone else. `reader` (default read_file) must be a module-level function, as the child
    imports it by name. With both limits 0 the file is read here, in this process.
    Raises DocumentError, ParseError or WorkerLimit.

    The child is a fresh interpreter (subprocess), not multiprocessing: a fork of the dashboard
    would copy its threads' locks, and multiprocessing's spawn and forkserver re-import the main
    module, which under Streamlit is the dashboard script itself. Costs about 0.3 s a file.
    """
    import pickle
    import subprocess
    import sys

    seconds = config.WORKER_LIMITS.seconds if seconds is None else seconds
    memory_mb = config.WORKER_LIMITS.memory_mb if memory_mb is None else memory_mb
    reader = reader or read_file
    if not seconds and not memory_mb:  # both limits off: nothing for a child to enforce
        return reader(path, ref_date=ref_date, source=source)
    job = pickle.dumps((reader, str(path), ref_date, source, memory_mb))
    # the child finds the same tracker (and the reader's module) as this process
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    try:
        done = subprocess.run([sys.executable, "-c", "from tracker.ingest import _worker_main; _worker_main()"],
                              input=job, capture_output=True, timeout=seconds or None, env=env, check=False)
    except subprocess.TimeoutExpired:  # run() has killed the child
        raise WorkerLimit(f"读取和解析用时超过 {seconds:g} 秒，已停止（可用环境变量 TRACKER_IMPORT_SECONDS 调整）") from None
    try:
        kind, value = pickle.loads(done.stdout)
    except Exception:  # noqa: BLE001 - no answer: killed (memory the kernel would not give) or crashed
        if done.returncode < 0 or b"MemoryError" in done.stderr:
            kind, value = "memory", None
        else:
            log.warning("import worker failed: %s", done.stderr.decode("utf-8", "replace")[-2000:])
            raise ParseError(f"读取进程意外退出（退出码 {done.returncode}）") from None
    if kind == "ok":
        return value
    if kind == "memory":
        raise WorkerLimit(f"读取和解析所需内存超过 {memory_mb:g} MB，已停止（可用环境变量 TRACKER_IMPORT_MEMORY_MB 调整）")
    if kind == "document":
        raise DocumentError(value)
    raise ParseError(value)


def with_date(bundle: ArticleBundle, day: str) -> ArticleBundle:
    """The same text read again with the date a person gave for it (the 导入 page asks when none was found).

    Deadlines such as 全年 resolve against that date, so the text is parsed again; what is then
    previewed is what is saved.
    """
    again = read_text(bundle.text, source=bundle.source, ref_date=day)
    return replace(again, date=again.date or day, original=bundle.original, read_summary=bundle.read_summary,
                   ocr=bundle.ocr, read_notes=bundle.read_notes)


def ingest_text(store, text: str, source: str, ref_date: str | None = None, by: str | None = None) -> dict:
    """Parse one text and save it; a text already stored is not parsed again. Returns Store.save_article's dict."""
    return store.known_article(text) or store.save_article(read_text(text, source=source, ref_date=ref_date), by=by)


def ingest_file(store, path: str | os.PathLike, ref_date: str | None = None, by: str | None = None,
                source: str | None = None) -> dict:
    """Read, parse and save one file with its original (importing a folder again costs no parse); raises
    DocumentError, ParseError or StoreError. Returns Store.save_article's dict."""
    return ingest_document(store, path, ref_date, by, source)[0]


def ingest_document(store, path: str | os.PathLike, ref_date: str | None = None, by: str | None = None,
                    source: str | None = None) -> tuple[dict, DocumentText]:
    """ingest_file, and what was read from the file (its summary(), notes, OCR or not) for the person."""
    info = read_document_info(path)
    result = store.known_article(info.text) or store.save_article(_file_bundle(info, path, ref_date, source), by=by)
    return result, info


def seed(store) -> int:
    """Store seeds/*.txt once, so a first start shows a populated dashboard; returns how many were new.

    A broken seed is logged and skipped: it must not stop the dashboard opening.
    """
    if store.seeded():
        return 0
    from tracker.store import StoreError

    stored = 0
    for path in sorted(config.SEEDS_DIR.glob("*.txt")):
        try:
            stored += ingest_file(store, path, source=f"seeds/{path.name}")["new"]
        except (DocumentError, ParseError, StoreError) as exc:
            log.warning("seed %s not ingested: %s", path.name, exc)
    store.mark_seeded()
    return stored


def open_store(path: str | os.PathLike | None = None):
    """The store of `path` (default $TRACKER_DB, else data/tracker.db), seeded when this open created it."""
    from tracker.store import Store

    store = Store(path)
    if store.fresh:
        try:
            seed(store)
        except BaseException:
            store.close()
            raise
    return store
