"""The cells of a commitment read and written one way by the store, the screens, the exports and the command line.

    >>> as_list('[{"name": "陈定", "title": "副区长"}]')
    [{'name': '陈定', 'title': '副区长'}]
    >>> official_parts({"name": "陈定", "title": "副区长"}), official_parts("虎强")
    (('陈定', '副区长'), ('虎强', ''))
    >>> officials_text([{"name": "张艳敏", "title": "区长"}, {"name": "陈定", "title": "副区长"}, "虎强"])
    '区长 张艳敏、副区长 陈定、虎强'
    >>> parse_figure("1.5万"), number_text(15000), quantity_text(200, "个")
    (15000.0, '1.5万', '200个')

A list cell (officials, units) is a list in the commitment view, JSON text in older rows or
hand-made frames, and None or NaN where there is nothing. Figures are written the way offices
write them (1.5万, 2,000) and read back the same way.
"""

from __future__ import annotations

import json
import math
import unicodedata
from decimal import Decimal


def as_list(cell) -> list:
    """The items of a list cell: a list as is, JSON text parsed, other text as one item, nothing as []."""
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return []
    if isinstance(cell, str):
        if cell.strip().startswith("["):
            try:
                return list(json.loads(cell))
            except ValueError:
                pass
        return [cell] if cell.strip() else []
    try:
        return list(cell)
    except TypeError:
        return []


def official_parts(item) -> tuple[str, str]:
    """(name, title) of one official: a {"name", "title"} dict, an Official record or a bare name; "" where missing."""
    if isinstance(item, dict):
        name, title = item.get("name"), item.get("title")
    elif isinstance(item, str):
        name, title = item, None
    else:
        name, title = getattr(item, "name", item), getattr(item, "title", None)
    return ("" if name is None else str(name).strip()), ("" if title is None else str(title).strip())



def official_text(item) -> str:
    """One official as Chinese writes it, title then name: {"name": "陈定", "title": "副区长"} -> "副区长 陈定".

    The one form of the dashboard, the exports and the review form; a missing part is left out.
    """
    name, title = official_parts(item)
    return f"{title} {name}".strip()


def officials_text(cell) -> str:
    """An officials cell on one line: "区长 张艳敏、副区长 陈定"; nothing -> ""."""
    return "、".join(text for text in map(official_text, as_list(cell)) if text)


def units_text(cell) -> str:
    """["区城建局", "住房保障中心"] -> "区城建局、住房保障中心"."""
    return "、".join(str(u) for u in as_list(cell) if u)

# ---- figures ---------------------------------------------------------------------------------

SCALES = {"万": 10**4, "亿": 10**8}


def parse_figure(raw: str) -> float:
    """A figure as people type it, the way number_text shows it: "1,200" -> 1200.0, "5.3万" -> 53000.0.

    Full-width digits and commas (１．５万, ２，０００) read as their ASCII twins. Worked out in
    decimal, so "1.1万" is 11000.0 and not 11000.000000000002, which would be stored and audited
    as a change. Anything that is not a number raises ValueError; "nan" and "inf" come back as
    such, for the caller to refuse.
    """
    text = unicodedata.normalize("NFKC", raw or "").strip().replace(",", "")
    scale = SCALES.get(text[-1:], 1)
    try:
        return float(Decimal(text[:-1].strip() if scale != 1 else text) * scale)
    except ArithmeticError:  # decimal.InvalidOperation: not a number at all
        raise ValueError(f"not a figure: {raw!r}") from None


def number_text(value) -> str:
    """366.0 -> "366", 35.5 -> "35.5", 1200 -> "1,200"; from 万 up in the words people write:
    53000 -> "5.3万", 10000000000 -> "100亿". Nothing (None, NaN) -> ""."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return ""
    if math.isnan(value):
        return ""
    for scale, word in ((1e8, "亿"), (1e4, "万")):
        if abs(value) >= scale and round(value / scale, 4) == round(value / scale, 2):
            return f"{value / scale:,.2f}".rstrip("0").rstrip(".") + word
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def quantity_text(value, unit) -> str:
    """A figure with its unit, written together as in the text: (200, "个") -> "200个"; nothing -> ""."""
    number = number_text(value)
    return f"{number}{unit or ''}" if number else ""
