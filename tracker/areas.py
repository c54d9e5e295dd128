"""Work areas (工作领域): which field of government a commitment belongs to, from task keywords.

    >>> assign_area("老旧小区改造", "确保全年完成366个老旧小区改造任务")
    '城市建设'

The keywords live in tracker/lexicon/work_areas.yaml; managers may change an area later.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

LEXICON = Path(__file__).resolve().parent / "lexicon" / "work_areas.yaml"
FALLBACK = "其他"
TASK_WEIGHT = 2  # the task names the work; the sentence around it often mentions other fields in passing


@lru_cache(maxsize=1)
def area_keywords() -> dict[str, tuple[str, ...]]:
    """Area -> keywords, in file order (the order breaks ties)."""
    data = yaml.safe_load(LEXICON.read_text(encoding="utf-8")) or {}
    return {str(area): tuple(str(k) for k in (words or ())) for area, words in data.items()}


def areas() -> list[str]:
    """Every work area, 其他 last."""
    names = [a for a in area_keywords() if a != FALLBACK]
    return [*names, FALLBACK]


def assign_area(task: str | None, sentence: str | None = "") -> str:
    """The area whose keywords occur most often in the task (weighted) and sentence; 其他 if none."""
    task = task or ""
    sentence = sentence or ""
    best, best_score = FALLBACK, 0
    for area, words in area_keywords().items():
        score = sum(TASK_WEIGHT * task.count(w) + sentence.count(w) for w in words)
        if score > best_score:
            best, best_score = area, score
    return best
