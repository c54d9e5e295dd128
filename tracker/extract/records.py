"""The record of commitments.md: one quantified commitment found in a text."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Official:
    name: str
    title: str | None = None


@dataclass(frozen=True)
class Commitment:
    """One commitment, e.g. 确保全年完成366个老旧小区改造任务 -> 366 个 老旧小区改造 2019-12-31.

    `start`/`end` are character offsets of `sentence` in the text it came from.
    """

    source: str
    article_title: str | None
    article_date: str | None
    sentence: str
    target_value: float | int | None
    unit: str | None
    task: str
    deadline: str | None
    deadline_text: str | None
    officials: tuple[Official, ...] = ()
    units: tuple[str, ...] = ()
    start: int = 0
    end: int = 0
    value_text: str | None = field(default=None, compare=False)

    def to_json(self) -> dict:
        """The JSON object of commitments.md (span fields added at the end)."""
        d = asdict(self)
        d.pop("value_text")
        d["officials"] = [{"name": o.name, "title": o.title} for o in self.officials]
        d["units"] = list(self.units)
        v = self.target_value
        if isinstance(v, float) and v.is_integer():
            d["target_value"] = int(v)
        return d
