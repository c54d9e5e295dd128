"""How fast the parser reads: characters per second and peak memory on a ~10 MB corpus.

The corpus is the seed article plus the dev texts of ../shared (when present), as the issue
asks, repeated until it reaches the size asked for; --with-corpus adds the unlabelled corpus. Clause caches are cleared before every pass
over the texts, so repetition earns no speed: the figure is what new texts cost.

    python benchmarks/extract_speed.py            # 10 MB
    python benchmarks/extract_speed.py --mb 1     # a quick look

Targets (issue 3): at least 600,000 characters per second on one core, under 300 MB,
and a start-up of the extract command well under a second.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.documents import read_document  # noqa: E402
from tracker.extract import clear_caches, extract_text  # noqa: E402


def texts(with_corpus: bool) -> list[str]:
    """The seed and the dev texts (the issue's corpus); with --with-corpus the unlabelled corpus too."""
    shared = ROOT.parent / "shared"
    files = sorted((ROOT / "seeds").glob("*.txt"))
    for sub in ("eval/dev", "corpus") if with_corpus else ("eval/dev",):
        files += sorted((shared / sub).glob("*.txt"))
    return [read_document(f) for f in files]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0, help="corpus size in megabytes of UTF-8 (default 10)")
    ap.add_argument("--with-corpus", action="store_true", help="add ../shared/corpus (denser: tables and lists)")
    args = ap.parse_args()
    base = texts(args.with_corpus)
    base_bytes = sum(len(t.encode("utf-8")) for t in base)
    passes = max(1, round(args.mb * 1_000_000 / base_bytes))
    extract_text(base[0], ref_date="2020-01-01")  # load word lists and compile patterns once
    chars = records = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(passes):
        clear_caches()
        for text in base:
            records += len(extract_text(text, ref_date="2020-01-01"))
            chars += len(text)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    # a page with no line breaks at all (a PDF pasted as one line): cost must stay linear in its length
    one_line = "".join(t.replace("\n", "") for t in base) * max(1, round(1_000_000 / sum(map(len, base))))
    clear_caches()
    t0 = time.perf_counter()
    extract_text(one_line, ref_date="2020-01-01")
    one_line_rate = len(one_line) / (time.perf_counter() - t0)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size_mb = passes * base_bytes / 1_000_000
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tracker", "extract", str(ROOT / "seeds" / "zhengzhou-daily-2019-04-guancheng.txt"), "--json"],
                   cwd=ROOT, check=True, capture_output=True)
    startup = time.perf_counter() - t0
    print(f"corpus: {len(base)} texts x {passes} passes = {size_mb:.1f} MB, {chars:,} characters, {records:,} records")
    print(f"extract: {chars / seconds:,.0f} characters/second on one core ({seconds:.1f} s wall clock)")
    print(f"         {chars / cpu:,.0f} characters per CPU second ({cpu:.1f} s of CPU: other load on the machine does not count)")
    print(f"one paragraph of {len(one_line):,} characters with no line break: {one_line_rate:,.0f} characters/second")
    print(f"peak memory (max RSS of this process): {peak_mb:.0f} MB")
    print(f"one `python -m tracker extract` on the seed, start to finish: {startup * 1000:.0f} ms")


if __name__ == "__main__":
    main()
