"""Hostile inputs (issue 10 §2): CPU time, peak memory and outcome of the extract command on each.

Each input is made here, written to a temporary folder and read by `python -m tracker extract`
in a child process, whose CPU seconds and peak memory come from the kernel (os.wait4); a child
that outlives its time limit is killed and reported as such. The sizes are the probe's:

    python benchmarks/hostile_inputs.py                 # the sizes of issue 10
    python benchmarks/hostile_inputs.py --scale 0.1     # a quick look
    python benchmarks/hostile_inputs.py --only digits   # one input

An input passes when it ends (exit 0, or exit 1 with a Chinese message and no traceback) within
the time limit; tests/test_hostile_inputs.py runs the same inputs under the same rule.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "zhengzhou-daily-2019-04-guancheng.txt"
SENTENCE = "确保全年完成366个老旧小区改造任务"


def _repeat(piece: str, chars: int) -> str:
    return (piece * (chars // len(piece) + 1))[:chars]


def nested_html(folder: Path, scale: float) -> Path:
    """<div> nested 100,000 levels deep around one commitment."""
    depth = int(100_000 * scale)
    path = folder / "nested.html"
    path.write_text("<html><body>" + "<div>" * depth + SENTENCE + "。" + "</div>" * depth + "</body></html>", encoding="utf-8")
    return path


def unpunctuated(folder: Path, scale: float) -> Path:
    """80,000 characters of commitments run together with no punctuation at all."""
    path = folder / "unpunctuated.txt"
    path.write_text(_repeat("确保全年完成366个老旧小区改造任务新建学校12所", int(80_000 * scale)), encoding="utf-8")
    return path


def comma_joined(folder: Path, scale: float) -> Path:
    """400,000 characters of short commitments joined by commas into one sentence."""
    path = folder / "comma_joined.txt"
    items = [f"要新建{w}学校1所" for w in "东南西北中上下左右前后甲乙丙丁"]
    path.write_text(_repeat("，".join(items) + "，", int(400_000 * scale)) + "。", encoding="utf-8")
    return path


def digits(folder: Path, scale: float) -> Path:
    """A run of 40,000 digits in a sentence with a month and a unit after it."""
    path = folder / "digits.txt"
    path.write_text("确保" + "1" * int(40_000 * scale) + "月底前完成老旧小区改造" + "9" * int(40_000 * scale) + "个。", encoding="utf-8")
    return path


def listed_items(folder: Path, scale: float) -> Path:
    """One clause of 80,000 characters of 、-joined short items and numbers (list and bracket patterns)."""
    path = folder / "listed.txt"
    path.write_text(_repeat("甲、乙和丙（丁、3个", int(80_000 * scale)) + "。", encoding="utf-8")
    return path


def titled_names(folder: Path, scale: float) -> Path:
    """300,000 characters of officials, each with a title and a name of their own (32,000 of them), each speaking."""
    path = folder / "titled.txt"
    given = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚华建国文红英玉兰桂梅林海波宁安春生志东方"
    line = "".join(f"副市长{a}{b}{c}表示，" for a in "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗" for b in given for c in given)
    path.write_text(_repeat(line, int(300_000 * scale)) + "确保全年完成366个老旧小区改造任务。", encoding="utf-8")
    return path


def broken_lines(folder: Path, scale: float) -> Path:
    """400,000 characters of lines that each look broken by the page layout (long, commas, no full stop)."""
    path = folder / "broken.txt"
    line = "要做好老旧小区改造,背街小巷改造,道路整治和绿化提升工作等等\n"
    path.write_text(_repeat(line, int(400_000 * scale)), encoding="utf-8")
    return path


def dated_items(folder: Path, scale: float) -> Path:
    """150,000 characters of dated items, each a record of its own (records times candidates)."""
    path = folder / "dated.txt"
    path.write_text("".join(f"{i % 12 + 1}月底前完成{i}个；" for i in range(int(15_000 * scale))) + "。", encoding="utf-8")
    return path


def docx_bomb(folder: Path, scale: float) -> Path:
    """A Word file of about 1 MB whose document part inflates to 1 GB (python-docx's own skeleton around it)."""
    import io

    import docx

    skeleton = io.BytesIO()
    docx.Document().save(skeleton)
    path = folder / "bomb.docx"
    size = int(1_000_000_000 * scale)
    block = ("<w:p><w:r><w:t>" + SENTENCE + "</w:t></w:r></w:p>").encode() * 20_000
    with zipfile.ZipFile(skeleton) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                z.writestr(info, src.read(info))
                continue
            head, tail = src.read(info).decode().split("<w:body>")
            with z.open("word/document.xml", "w", force_zip64=True) as member:
                member.write((head + "<w:body>").encode())
                written = 0
                while written < size:
                    member.write(block)
                    written += len(block)
                member.write(("<w:body>" + tail).encode()[len("<w:body>"):])
    return path


def big_text(folder: Path, scale: float) -> Path:
    """50 MB of ordinary news text (the seed article again and again)."""
    path = folder / "big.txt"
    seed = SEED.read_text(encoding="utf-8")
    target = int(50_000_000 * scale)
    with open(path, "w", encoding="utf-8") as f:
        written = 0
        while written < target:
            f.write(seed + "\n")
            written += len(seed.encode()) + 1
    return path


HOSTILE: dict[str, Callable[[Path, float], Path]] = {
    "nested_html": nested_html,
    "unpunctuated": unpunctuated,
    "comma_joined": comma_joined,
    "digits": digits,
    "listed_items": listed_items,
    "titled_names": titled_names,
    "broken_lines": broken_lines,
    "dated_items": dated_items,
    "docx_bomb": docx_bomb,
    "big_text": big_text,
}


@dataclass
class Outcome:
    cpu: float  # seconds of CPU (user + system) of the child
    peak_mb: float  # its maximum resident set
    wall: float
    code: int | None  # None: killed at the time limit
    stdout: str
    stderr: str

    @property
    def clean(self) -> bool:
        """Ended within the limit: done (0), or refused (1) with a message and no traceback."""
        return self.code in (0, 1) and "Traceback" not in self.stderr and (self.code == 0 or "错误" in self.stderr)

    def summary(self) -> str:
        if self.code is None:
            what = "killed at the time limit"
        elif self.code == 0:
            what = f"done, {self.stdout.count(chr(10))} records"
        else:
            what = f"exit {self.code}: " + (self.stderr.strip().splitlines() or [""])[-1][:70]
        return f"{self.cpu:7.2f} s CPU  {self.peak_mb:7.0f} MB peak  {what}"


def run_extract(path: Path, timeout: float = 600.0, memory_mb: int | None = None, env: dict | None = None) -> Outcome:
    """`python -m tracker extract PATH --json` in a child; its CPU and peak memory from os.wait4."""

    def limits() -> None:
        if memory_mb:
            resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "tracker", "extract", str(path), "--json", "--date", "2024-01-01"],
                                 cwd=ROOT, stdout=out, stderr=err, preexec_fn=limits, env=env)
        code: int | None = None
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.perf_counter() - started > timeout:
                child.kill()
                _, _, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.02)
        child.returncode = code if code is not None else -9  # reaped above: keep Popen from waiting again
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        return Outcome(usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, wall, code,
                       out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the issue's sizes (default 1)")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds before a child is killed (default 120)")
    ap.add_argument("--only", choices=list(HOSTILE), action="append", help="run only these inputs")
    args = ap.parse_args()
    # the same command on the seed article: the cost of starting up, to read the figures against
    base = run_extract(SEED, args.timeout)
    print(f"{'seed article (baseline)':24} {base.summary()}")
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.only or HOSTILE:
            path = HOSTILE[name](Path(tmp), args.scale)
            size = path.stat().st_size
            outcome = run_extract(path, args.timeout)
            ratio = outcome.cpu / base.cpu if base.cpu else float("nan")
            print(f"{name:14} {size / 1e6:8.2f} MB {outcome.summary()}  ({ratio:.0f}x the seed's CPU)")
            path.unlink()


if __name__ == "__main__":
    main()
