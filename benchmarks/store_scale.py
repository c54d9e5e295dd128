"""How the store holds up at the size of a busy office: prints figures, asserts nothing.

    python benchmarks/store_scale.py            # 1,000 articles; 100,000 commitments, 1,000,000 progress updates
    python benchmarks/store_scale.py --small    # a quick run at a tenth of the size

Targets (issue 4): ingest of 1,000 articles with extraction under 30 s; every status of
100,000 commitments (Store.commitments(as_of=today)) under 1 s; one progress update under 20 ms.
Issue 11: 我的任务 for one unit over 100,000 commitments under 200 ms (the commitments of one
member of staff's unit, found through commitment_units, in 我的任务 order).
Issue 11: 单位排名 (tracker.ranking.unit_ranking) over the view of 100,000 commitments under 1 s,
printed in CPU seconds beside Store.commitments() of the same run.

    python benchmarks/store_scale.py --only ranking   # skip the ingest (and the other parts)
    python benchmarks/store_scale.py --db postgresql://tracker@/bench --only status my_tasks update   # on PostgreSQL
    python benchmarks/store_scale.py --db postgresql://... --commitments 1000000 --updates 10000000  # a province
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
from tracker.ranking import unit_ranking  # noqa: E402 - after the path line, so it runs from a checkout
from tracker.store import Store, fill_commitment_units  # noqa: E402 - after the path line, so it runs from a checkout
from tracker.tasks import my_tasks  # noqa: E402 - after the path line, so it runs from a checkout

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
    fill_commitment_units(store.db)  # what the store keeps on each insert, done once for the bulk rows
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
        fill_commitment_units(store.db)  # what the store keeps on each insert, done once for the bulk rows
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


def bench_status(store: Store, runs: int = 5) -> float:
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
    return statistics.median(cpu)


def bench_my_tasks(store: Store, full_cpu: float, runs: int = 20) -> None:
    """我的任务 of a member of staff of one unit: the store's scoped view, then the page's order."""
    store.set_user_units("wang", ["单位42"], by="boss")
    today = date.today().isoformat()
    times, cpu, tasks = [], [], None
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        tasks = my_tasks(store.commitments(as_of=today, for_user="wang"), today)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    ratio = statistics.median(cpu) / full_cpu if full_cpu else float("nan")
    print(f"我的任务 for one unit (单位42): {len(tasks):,} commitments: median {statistics.median(times) * 1000:.1f} ms, "
          f"best {min(times) * 1000:.1f} ms (CPU median {statistics.median(cpu):.4f} s = {ratio:.3%} of the full "
          f"Store.commitments() CPU {full_cpu:.3f} s; target < 200 ms)")


def bench_update(store: Store, commitments: int, rng: random.Random, runs: int = 50) -> None:
    times = []
    view = store.commitments(for_user="wang")  # wang's unit's (bench_my_tasks gave wang one)
    ids = view.loc[view["target_value"].notna(), "id"].tolist()  # a figure goes only to a commitment with a number
    for _ in range(runs):
        cid = rng.choice(ids)
        started = time.perf_counter()
        store.add_progress(cid, rng.randint(0, 5000), by="wang", note="benchmark")
        times.append(time.perf_counter() - started)
    print(f"one progress update (with role and unit checks and audit row): median {statistics.median(times) * 1000:.2f} ms, "
          f"worst {max(times) * 1000:.2f} ms over {runs}")


def _cpu(fn, runs: int) -> tuple[float, float, object]:
    """Median CPU and wall seconds of `runs` calls, and the last result."""
    cpu, wall, result = [], [], None
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(cpu), statistics.median(wall), result


def bench_ranking(store: Store, runs: int = 5) -> None:
    """单位排名 beside Store.commitments() in the same run, so the ratio holds on a busy machine too."""
    from tracker import report

    today = date.today().isoformat()
    view_cpu, view_wall, view = _cpu(lambda: store.commitments(as_of=today), runs)
    rank_cpu, rank_wall, table = _cpu(lambda: unit_ranking(view, today), runs)
    filtered_cpu, _, _ = _cpu(lambda: unit_ranking(view, today, period=(today, None), areas=areas()[:3]), runs)
    print(f"单位排名 of {len(view):,} commitments into {len(table):,} units: CPU median {rank_cpu:.3f} s "
          f"(wall {rank_wall:.3f} s); with a period and three areas {filtered_cpu:.3f} s")
    print(f"  Store.commitments() in the same run: CPU median {view_cpu:.3f} s (wall {view_wall:.3f} s); "
          f"ranking / commitments = {rank_cpu / view_cpu:.2f}; Store.unit_ranking (both) ≈ {view_cpu + rank_cpu:.3f} s")
    started = time.process_time()
    period = report.report_period("month", today)
    data = report.gather(view, view, period)
    gathered = time.process_time() - started
    document = report.to_docx(data)
    print(f"  督查通报 from those views: gather {gathered:.3f} s, Word document {time.process_time() - started - gathered:.3f} s "
          f"CPU ({len(document) / 1e3:.0f} kB; lists capped at {report.MAX_LISTED} rows each)")


PARTS = ("ingest", "status", "my_tasks", "update", "ranking")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a tenth of the size, for a quick check")
    parser.add_argument("--dir", help="keep the databases in this folder (default: a temporary one)")
    parser.add_argument("--only", nargs="+", choices=PARTS, default=list(PARTS), help="run only these parts")
    parser.add_argument("--db", help="an empty PostgreSQL database (postgresql://...) for the scale figures")
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
        if "ingest" in args.only:
            bench_ingest(folder, 1000 // scale, rng)
        if set(args.only) - {"ingest"}:
            store = build_scale_db(args.db or folder / "scale.db", commitments, updates, rng)
            with store:
                full_cpu = bench_status(store) if {"status", "my_tasks"} & set(args.only) else None
                if "my_tasks" in args.only:
                    bench_my_tasks(store, full_cpu)
                if "ranking" in args.only:
                    bench_ranking(store)
                if "update" in args.only:
                    bench_update(store, commitments, rng)


if __name__ == "__main__":
    main()
