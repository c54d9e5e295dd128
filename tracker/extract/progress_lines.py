"""Progress lines: a target restated beside what has been done.

    >>> r = restated("公里农村公路安保工程,现已完成344公里", "公里")
    >>> r.target, r.value
    (True, 344)

In a progress report (20个村级养老服务站已建成12个, 计划新建1万亩蔬菜基地,现已建成9120亩)
the first count is the target the office tracks and the second a progress reading of it;
commitments.md makes the target a record and the reading never one. `after` is the text
that follows the target's count in its sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.extract.frame import words
from tracker.extract.quantities import find_quantities

_ITEM_END = re.compile("[；;。]")
# The progress words must follow the target within this many characters (same sentence).
REACH = 40


@dataclass(frozen=True)
class Restated:
    target: bool  # the count before is a target
    value: float | int | None = None  # the progress reading, when one is stated in the same unit
    start: int = 0  # of the reading's count in `after`
    end: int = 0


def restated(after: str, unit: str | None, before: str = "") -> Restated | None:
    """Whether the count before `after` is a target restated beside its progress, and the reading.

    `before` is the clause up to the count: 全年任务为 before it names it the target outright.
    """
    w = words()
    if w.remainder_before.search(before):
        return None  # 另有8个正在改造: part of a target counted before
    named = bool(w.target_before.search(before))
    after = _ITEM_END.split(after, 1)[0]  # 216公里;300公里...: the next item of a list is not this one's progress
    window = after[:REACH]
    marker = w.progress.search(window)
    going = w.under_way.search(window)
    if marker is None and going is None:
        return Restated(True) if named else None
    if marker is not None:
        rest = after[marker.end():marker.end() + REACH]
        for q in find_quantities(rest):
            if q.unit == unit:
                # the count in the same unit after 已完成 is how far it has come
                return Restated(True, q.value, marker.end() + q.start, marker.end() + q.end)
            break
        if w.goal_met.search(after[marker.start():marker.end() + 12]):
            return Restated(True)
    if going is not None and (marker is None or going.start() <= marker.start()):
        return Restated(True)
    return Restated(True) if named else None
