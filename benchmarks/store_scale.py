"""How the store holds up at the size of a busy office: prints figures, asserts nothing.

    python benchmarks/store_scale.py            # 1,000 articles; 100,000 commitments, 1,000,000 progress updates
    python benchmarks/store_scale.py --small    # a quick run at a tenth of the size
    python benchmarks/store_scale.py --db postgresql://tracker@/bench --no-ingest   # the same on PostgreSQL
    python benchmarks/store_scale.py --commitments 1000000 --updates 10000000 --db postgresql://...  # a province

Targets (issue 4): ingest of 1,000 articles with extraction under 30 s; every status of
100,000 commitments (Store.commitments(as_of=today)) under 1 s; one progress update under 20 ms.
The articles are made from the texts in ../shared/corpus when present (read here, never copied),
else from the seed article, with their numbers changed so every one is a new article.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker import config  # noqa: E402 - after the path line, so it runs from a checkout
from tracker.areas import areas  # noqa: E402 - after the path line, so it runs from a checkout
from tracker.documents import read_document  # noqa: E402 - after the path line, so it runs from a checkout
from tracker.ingest import ingest_text  # noqa: E402 - after the path line, so it runs from a checkout
from tracker.progress import statuses  # noqa: E402 - after the path line, so it runs from a checkout
from tracker.store import Store  # noqa: E402 - after the path line, so it runs from a checkout

CORPUS = ROOT.parent / "shared" / "corpus"


def source_texts() -> tuple[list[str], str]:
    files = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
    if files:
        return [read_document(p) for p in files], f"{len(files)} corpus texts in {CORPUS}"
    seeds = sorted(config.SEEDS_DIR.glob("*.txt"))
    return [read_document(p) for p in seeds], "the seed article"


def varied(text: str, rng: random.Random, n: int) -> str:
    """The text with its numbers changed, so its content hash differs from every other copy."""
    changed = re.sub(r"\d+", lambda m: str(rng.randint(1, 10 ** len(m[0]))), text)
    return f"{changed}\n(样本 {n})"


def bench_ingest(folder: Path, count: int, rng: random.Random) -> None:
    texts, where = source_texts()
    articles = [varied(texts[i % len(texts)], rng, i) for i in range(count)]
    with Store(folder / "ingest.db") as store:
        started = time.perf_counter()
        found = 0
        for i, text in enumerate(articles):
            found += ingest_text(store, text, source=f"bench/{i}.txt", ref_date="2019-04-26")["commitments"]
        took = time.perf_counter() - started
    print(f"ingest: {count} articles from {where}, {found} commitments found, {took:.2f} s "
          f"= {count / took:.0f} articles/s ({took / count * 1000:.1f} ms each)")


def build_scale_db(path, commitments: int, updates: int, rng: random.Random) -> Store:
    """Bulk insert straight into the tables (this is a benchmark, not the way data arrives).

    `path` is a file or an empty PostgreSQL database (a URL); there the rows go in by COPY.
    """
    store = Store(path)
    store.add_user("boss", "manager", "bench-secret-1")
    store.add_user("wang", "staff", "bench-secret-2", by="boss")
    if store.is_postgresql:
        return build_scale_pg(store, commitments, updates, rng)
    conn = store.db.conn
    started = time.perf_counter()
    today = date.today()
    n_articles = max(commitments // 100, 1)
    # As extracted: the speaker of a paragraph is the official of its commitments, so one article's
    # commitments share a few officials lists; lead units vary more.
    def officials(article: int) -> str:
        people = [{"name": f"官员{article}-{k}", "title": "区长"} for k in range(rng.randint(1, 3))]
        return json.dumps(people, ensure_ascii=False)

    units = [json.dumps([f"单位{i}", f"单位{i + 1}"], ensure_ascii=False) for i in range(5000)]
    area_names = areas()

    def day(lo: int, hi: int) -> str:
        return (today + timedelta(days=rng.randint(lo, hi))).isoformat()

    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO articles (id, title, date, source, text, content_hash, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(i, f"文章 {i}", day(-900, -30), f"bench/{i}.txt", "正文", f"hash-{i}", f"{today}T08:00:00")
         for i in range(1, n_articles + 1)],
    )
    conn.executemany(
        'INSERT INTO commitments (article_id, article_title, article_date, sentence, "start", "end", target_value, unit,'
        " task, deadline, deadline_text, officials, units, review, created_at, work_area)"
        " VALUES (?, ?, ?, ?, 0, 20, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                (article := rng.randint(1, n_articles)), f"报道 {article}-{i % 3}", day(-900, -30), f"确保完成第{i}项任务", rng.choice([None, float(rng.randint(1, 5000))]),
                rng.choice(["个", "条", "%", "元"]), f"任务{i % 997}", rng.choice([None, day(-400, 700)]), "年底前",
                officials(article), rng.choice(units),
                rng.choices(["extracted", "confirmed", "manual", "rejected"], [50, 40, 5, 5])[0],
                f"{day(-900, -1)}T09:00:00", rng.choice(area_names),
            )
            for i in range(commitments)
        ],
    )
    batch = 200_000
    for first in range(0, updates, batch):
        conn.executemany(
            'INSERT INTO progress_updates (commitment_id, value, as_of, note, "by", created_at) VALUES (?, ?, ?, ?, ?, ?)',
            [(rng.randint(1, commitments), float(rng.randint(0, 5000)), day(-800, 0), "", "wang", f"{today}T10:00:00")
             for _ in range(min(batch, updates - first))],
        )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    print(f"built: {commitments:,} commitments, {updates:,} progress updates in {time.perf_counter() - started:.1f} s "
          f"({Path(path).stat().st_size / 1e6:.0f} MB)")
    return store


def bench_status(store: Store, runs: int = 5) -> None:
    today = date.today().isoformat()
    times, cpu, df = [], [], None
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        df = store.commitments(as_of=today)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    # CPU time too: on a shared machine the wall clock also counts other people's work.
    print(f"statuses as of today: Store.commitments() on {len(df):,} rows (rejected left out): "
          f"median {statistics.median(times):.3f} s, best {min(times):.3f} s (CPU median {statistics.median(cpu):.3f} s)")
    started = time.perf_counter()
    statuses(df, today)
    print(f"  of which the vectorised status rules alone: {(time.perf_counter() - started) * 1000:.0f} ms")
    counts = df["status"].value_counts().to_dict()
    print("  " + ", ".join(f"{k} {v:,}" for k, v in sorted(counts.items())))


def bench_update(store: Store, commitments: int, rng: random.Random, runs: int = 50) -> None:
    times = []
    view = store.commitments()
    ids = view.loc[view["target_value"].notna(), "id"].tolist()  # a figure goes only to a commitment with a number
    for _ in range(runs):
        cid = rng.choice(ids)
        started = time.perf_counter()
        store.add_progress(cid, rng.randint(0, 5000), by="wang", note="benchmark")
        times.append(time.perf_counter() - started)
    print(f"one progress update (with role check and audit row): median {statistics.median(times) * 1000:.2f} ms, "
          f"worst {max(times) * 1000:.2f} ms over {runs}")


def build_scale_pg(store: Store, commitments: int, updates: int, rng: random.Random) -> Store:
    """The same rows as on a file, by COPY; the latest-progress trigger is set aside for the load and its
    work done once afterwards (a trigger per row would take most of the time at 10,000,000 updates)."""
    conn = store.db.conn  # psycopg's own connection
    started = time.perf_counter()
    today = date.today()
    n_articles = max(commitments // 100, 1)
    units = [json.dumps([f"单位{i}", f"单位{i + 1}"], ensure_ascii=False) for i in range(5000)]
    area_names = areas()

    def day(lo: int, hi: int) -> str:
        return (today + timedelta(days=rng.randint(lo, hi))).isoformat()

    with store.db.transaction():
        with conn.cursor().copy("COPY articles (id, title, date, source, text, content_hash, ingested_at) FROM STDIN") as copy:
            for i in range(1, n_articles + 1):
                copy.write_row((i, f"文章 {i}", day(-900, -30), f"bench/{i}.txt", "正文", f"hash-{i}", f"{today}T08:00:00"))
        with conn.cursor().copy('COPY commitments (article_id, article_title, article_date, sentence, "start", "end",'
                                " target_value, unit, task, deadline, deadline_text, officials, units, review, created_at,"
                                " work_area) FROM STDIN") as copy:
            for i in range(commitments):
                article = rng.randint(1, n_articles)
                people = [{"name": f"官员{article}-{k}", "title": "区长"} for k in range(rng.randint(1, 3))]
                copy.write_row((article, f"报道 {article}-{i % 3}", day(-900, -30), f"确保完成第{i}项任务", 0, 20,
                                rng.choice([None, float(rng.randint(1, 5000))]), rng.choice(["个", "条", "%", "元"]),
                                f"任务{i % 997}", rng.choice([None, day(-400, 700)]), "年底前",
                                json.dumps(people, ensure_ascii=False), rng.choice(units),
                                rng.choices(["extracted", "confirmed", "manual", "rejected"], [50, 40, 5, 5])[0],
                                f"{day(-900, -1)}T09:00:00", rng.choice(area_names)))
        conn.execute("ALTER TABLE progress_updates DISABLE TRIGGER progress_updates_latest")
        with conn.cursor().copy('COPY progress_updates (commitment_id, value, as_of, note, "by", created_at)'
                                " FROM STDIN") as copy:
            for _ in range(updates):
                copy.write_row((rng.randint(1, commitments), float(rng.randint(0, 5000)), day(-800, 0), "", "wang",
                                f"{today}T10:00:00"))
        conn.execute("ALTER TABLE progress_updates ENABLE TRIGGER progress_updates_latest")
        conn.execute("""
            UPDATE commitments c SET latest_progress_id = l.id, latest_value = l.value, latest_as_of = l.as_of
            FROM (SELECT DISTINCT ON (commitment_id) commitment_id, id, value, as_of FROM progress_updates
                  ORDER BY commitment_id, as_of DESC, id DESC) l
            WHERE l.commitment_id = c.id""")
        conn.execute("SELECT setval(pg_get_serial_sequence('articles', 'id'), (SELECT max(id) FROM articles))")
    conn.execute("VACUUM ANALYZE")
    size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]
    print(f"built on PostgreSQL: {commitments:,} commitments, {updates:,} progress updates in "
          f"{time.perf_counter() - started:.1f} s ({size})")
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a tenth of the size, for a quick check")
    parser.add_argument("--dir", help="keep the databases in this folder (default: a temporary one)")
    parser.add_argument("--db", help="an empty PostgreSQL database (postgresql://...) for the scale figures")
    parser.add_argument("--no-ingest", action="store_true", help="leave out the ingest figure")
    parser.add_argument("--commitments", type=int, help="commitments to build (default 100,000, or a tenth with --small)")
    parser.add_argument("--updates", type=int, help="progress updates to build (default ten per commitment)")
    args = parser.parse_args()
    scale = 10 if args.small else 1
    commitments = args.commitments or 100_000 // scale
    updates = args.updates or commitments * 10
    rng = random.Random(2019)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.dir) if args.dir else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.db*"):
            old.unlink()
        if not args.no_ingest:
            bench_ingest(folder, 1000 // scale, rng)
        store = build_scale_db(args.db or folder / "scale.db", commitments, updates, rng)
        with store:
            bench_status(store)
            bench_update(store, commitments, rng)


if __name__ == "__main__":
    main()
