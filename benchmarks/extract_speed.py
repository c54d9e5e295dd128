"""How fast the parser reads new text: characters per CPU second, its cost against a bare regex pass, memory, start-up.

Each pass reads every text once (the seed, the dev texts and the unlabelled corpus of ../shared
when present) with every cache keyed by text cleared first, so no pass is helped by an earlier
one. In the same run, over the same texts, a bare regular-expression pass (sentence split, then
the number and date patterns over each sentence) is timed too: the ratio between the two is the
figure to compare across machines, since CPU seconds on a shared machine vary with its load.

    python benchmarks/extract_speed.py              # 5 passes
    python benchmarks/extract_speed.py --passes 1   # a quick look

Targets (issue 9): at least 600,000 characters per CPU second, a start-up of
`python -m tracker extract` on the seed under 0.4 s, peak memory under 300 MB.

Why issue 9 saw 175,000 where issue 3 reported 637,000: the code of that time (f644bf6), run here
on the same texts as then, reads 200,000 characters per CPU second, and on today's texts 177,000,
as today's code does; the parser did not get slower. This machine (2 shared cores, load 5 to 8)
gives a third of the CPU throughput the figure was taken on; the 11 newer dev texts are denser
(-12 %); and the cache of Chinese numerals outlived clear_caches (now cleared, a negligible
effect). The extract command's start-up was 0.55 s of CPU with cached bytecode, half of it
importing cn2an (about thirty patterns compiled at import) for a seed whose numerals are 四 and 千.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.documents import read_document  # noqa: E402
from tracker.extract import clear_caches, extract_text  # noqa: E402

SEED = ROOT / "seeds" / "zhengzhou-daily-2019-04-guancheng.txt"
# The bare pass: what any reader of these texts must do at least (find sentences, numbers, dates).
SENTENCE = re.compile(r"[^。！？!?；;\n]+")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*|[零〇一二两三四五六七八九十百千万亿]+")
DATE = re.compile(r"(?:19|20)\d{2}年|\d{1,2}月(?:\d{1,2}日)?|[上中下]旬|[一二三四]季度|[上下]半年|年底|月底")


def texts() -> list[str]:
    """The seeds, the dev texts and the corpus, each once."""
    shared = ROOT.parent / "shared"
    files = sorted((ROOT / "seeds").glob("*.txt"))
    for sub in ("eval/dev", "corpus"):
        files += sorted((shared / sub).glob("*.txt"))
    return [read_document(f) for f in files]


def parser_pass(base: list[str]) -> tuple[float, int]:
    clear_caches()
    records = 0
    started = time.process_time()
    for text in base:
        records += len(extract_text(text, ref_date="2020-01-01"))
    return time.process_time() - started, records


def regex_pass(base: list[str]) -> tuple[float, int]:
    found = 0
    started = time.process_time()
    for text in base:
        for sentence in SENTENCE.findall(text):
            found += len(NUMBER.findall(sentence)) + len(DATE.findall(sentence))
    return time.process_time() - started, found


def startup(runs: int, cached_bytecode: bool) -> tuple[float, float]:
    """Least CPU and wall seconds of `python -m tracker extract` on the seed over several runs.

    With cached_bytecode the modules' bytecode is kept (outside the checkout) after a first run, as
    an installed package has it; without, each run compiles the sources (PYTHONDONTWRITEBYTECODE).
    """
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as prefix:
        if cached_bytecode:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = prefix
        else:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        command = [sys.executable, "-m", "tracker", "extract", str(SEED), "--json"]
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
        cpu = wall = float("inf")
        for _ in range(runs):
            started = time.perf_counter()
            child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(child.pid, 0)
            child.returncode = os.waitstatus_to_exitcode(status)
            wall = min(wall, time.perf_counter() - started)
            cpu = min(cpu, usage.ru_utime + usage.ru_stime)
    return cpu, wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--passes", type=int, default=5, help="passes over the texts (default 5)")
    ap.add_argument("--runs", type=int, default=5, help="start-up runs of the extract command (default 5)")
    args = ap.parse_args()
    base = texts()
    chars = sum(map(len, base))
    extract_text("确保全年完成366个老旧小区改造任务。", ref_date="2020-01-01")  # word lists loaded, patterns compiled
    parser_cpu = regex_cpu = 0.0
    records = found = 0
    for _ in range(args.passes):  # the two kinds of pass take turns, so both meet the same load
        cpu, records = parser_pass(base)
        parser_cpu += cpu
        cpu, found = regex_pass(base)
        regex_cpu += cpu
    rate = args.passes * chars / parser_cpu
    bare = args.passes * chars / regex_cpu
    # a page with no line breaks at all (a PDF pasted as one line): cost must stay linear in its length
    one_line = "".join(t.replace("\n", "") for t in base)
    clear_caches()
    t0 = time.process_time()
    extract_text(one_line, ref_date="2020-01-01")
    one_line_rate = len(one_line) / (time.process_time() - t0)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cached_cpu, cached_wall = startup(args.runs, cached_bytecode=True)
    source_cpu, source_wall = startup(args.runs, cached_bytecode=False)
    print(f"texts: {len(base)} (seed, dev, corpus), {chars:,} characters, {records:,} records; {args.passes} passes, caches cleared before each")
    print(f"extract: {rate:,.0f} characters per CPU second ({parser_cpu:.2f} s of CPU)")
    print(f"bare regex pass (sentences, numbers, dates) over the same texts: {bare:,.0f} characters per CPU second ({found:,} spans)")
    print(f"ratio: the parser costs {bare / rate:.1f} times the bare regex pass")
    print(f"one paragraph of {len(one_line):,} characters with no line break: {one_line_rate:,.0f} characters per CPU second")
    print(f"peak memory (max RSS of this process): {peak_mb:.0f} MB")
    print(f"`python -m tracker extract` on the seed, least of {args.runs} runs: {cached_cpu:.2f} s CPU, {cached_wall:.2f} s wall "
          f"(bytecode cached); {source_cpu:.2f} s CPU, {source_wall:.2f} s wall compiling the sources each time")


if __name__ == "__main__":
    main()
