"""The list cells of a commitment (officials, units), read one way by the store, the screens and the exports.

    >>> as_list('[{"name": "陈定", "title": "副区长"}]')
    [{'name': '陈定', 'title': '副区长'}]
    >>> official_parts({"name": "陈定", "title": "副区长"}), official_parts("虎强")
    (('陈定', '副区长'), ('虎强', ''))

A cell is a list in the commitment view, JSON text in older rows or hand-made frames,
and None or NaN where there is nothing.
"""

from __future__ import annotations

import json
import math


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
