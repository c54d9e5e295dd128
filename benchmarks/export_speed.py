"""How long exporting a big deadline list takes, per format, and how much memory it needs.

    python benchmarks/export_speed.py            # 100,000 commitments
    python benchmarks/export_speed.py 20000

The rows are synthetic but shaped like the commitment view: Chinese tasks, units, officials,
sentences of 30-80 characters, a fifth without a deadline. Each format is timed once without
tracing, then run again under tracemalloc for the peak of Python allocations (tracing slows the
run, so the two are kept apart). CPU time is printed beside wall time because the machine may
be shared. The target is under 10 seconds per format.
"""

from __future__ import annotations

import random
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker import export
from tracker.labels import STATUS

TASKS = ["老旧小区改造", "严管示范路", "生态园林城市创建", "背街小巷整治", "新建学校", "安置房建设", "城中村改造",
         "道路综合整治", "公共厕所提升", "口袋公园建设", "雨污分流改造", "农村公路提质", "招商引资项目签约"]
MEASURES = ["个", "条", "所", "%", "平方米", "元", "公里", "户", "座", "项"]
UNITS = ["区城建局", "住房保障中心", "区交警大队", "区园林局", "区财政局", "区发改委", "区教育局", "各街道办事处",
         "区城管局", "区商务局"]
OFFICIALS = [("区长", "张艳敏"), ("副区长", "陈定"), ("区委书记", "王学峰"), ("副区长", "李红梅"), ("区委副书记", "赵建国")]
AREAS = ["城市建设", "交通", "生态环境", "教育", "经济发展", "民生保障", "其他"]
CUES = ["确保全年完成", "力争年底前完成", "务必于6月底前实现", "要聚焦重点区域,尤其是", "计划安排"]


def synthetic_view(n: int, seed: int = 7) -> pd.DataFrame:
    """n rows with the commitment view's columns."""
    rng = random.Random(seed)
    start = date(2026, 1, 1)
    rows = []
    statuses = list(STATUS)
    for i in range(1, n + 1):
        task = rng.choice(TASKS)
        unit = rng.choice(MEASURES)
        target = float(rng.choice([4, 12, 366, 5.5, 53000, 1e10, 85]))
        progress = target * rng.random() if rng.random() < 0.6 else None
        deadline = None if rng.random() < 0.2 else (start + timedelta(days=rng.randrange(0, 900))).isoformat()
        sentence = (f"{rng.choice(CUES)}{target:g}{unit}{task}任务,"
                    f"由{rng.choice(UNITS)}牵头,{rng.choice(UNITS)}配合,按月调度、按季考核,确保按期保质完成。")
        rows.append({
            "id": i, "article_id": i // 20 + 1, "source": f"郑州日报/{2019 + i % 7}-04-{1 + i % 28:02d}.html",
            "article_title": "管城区召开重点工作推进会", "article_date": "2026-01-01", "sentence": sentence,
            "start": 0, "end": len(sentence), "target_value": target, "unit": unit, "task": task,
            "deadline": deadline, "deadline_text": "年底前" if deadline else None,
            "officials": [{"title": t, "name": nm} for t, nm in rng.sample(OFFICIALS, rng.randint(0, 2))],
            "units": rng.sample(UNITS, rng.randint(0, 3)), "work_area": rng.choice(AREAS),
            "review": rng.choice(["extracted", "confirmed", "manual"]), "created_at": "2026-01-02 09:00:00",
            "progress": progress, "progress_as_of": "2026-10-01" if progress is not None else None,
            "completed": False, "share": None if progress is None else progress / target * 100,
            "status": rng.choice(statuses) if deadline else "no_deadline",
        })
    return pd.DataFrame(rows)


def measure(label: str, fn) -> None:
    t0, c0 = time.perf_counter(), time.process_time()
    data = fn()
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # Judged on CPU time: on a shared machine the wall clock also counts other people's work.
    verdict = "ok" if cpu < 10 else "OVER 10 s"
    print(f"{label:<28} {seconds:6.2f} s (cpu {cpu:5.2f} s)   peak {peak / 2**20:7.1f} MB   file {len(data) / 2**20:6.1f} MB   {verdict}",
          flush=True)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    t0 = time.perf_counter()
    view = synthetic_view(n)
    print(f"{n:,} synthetic commitments built in {time.perf_counter() - t0:.1f} s", flush=True)
    as_of = "2026-11-26"
    t0 = time.perf_counter()
    rows = export.filter_commitments(view)
    print(f"{'filter_commitments':<28} {time.perf_counter() - t0:6.2f} s", flush=True)
    measure("csv", lambda: export.to_csv(rows))
    measure("xlsx (constant_memory)", lambda: export.to_xlsx(rows, as_of=as_of))
    measure("xlsx (in memory)", lambda: export.to_xlsx(rows, as_of=as_of, constant_memory=False))
    measure("ics", lambda: export.to_ics(rows, as_of=as_of))


if __name__ == "__main__":
    main()
