"""How a commitment reads on screen: plain functions, no streamlit, so tests can call them.

    >>> target_text(366, "个")
    '366个'
    >>> target_text(10_000_000_000, "元")
    '100亿元'
    >>> highlight("会上要求确保全年完成366个老旧小区改造任务。", 4, 22)
    '会上要求<mark>确保全年完成366个老旧小区改造任务</mark>。'
    >>> plain("<img src=x onerror=alert(1)>[链接](javascript:x)")
    '&lt;img src&#61;x onerror&#61;alert&#40;1&#41;&gt;&#91;链接&#93;&#40;javascript&#58;x&#41;'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from tracker import charts, dates
from tracker.cells import as_list, official_text, officials_text, quantity_text, units_text
from tracker.cells import number_text as number_text  # the pages' words too: present.number_text
from tracker.cells import parse_figure as parse_figure
from tracker.labels import (
    AUDIT_ACTION,
    AUDIT_FIELD,
    EXTENSION_STATUS,
    FIELD,
    FINISHED,
    INSTRUCTION_KIND,
    LIGHT_COLOUR,
    REVIEW,
    ROLE,
    STATUS,
    STATUS_COLOUR,
    STATUS_LIGHT,
    UI,
)
from tracker.store import password_problem

CONTEXT_BEFORE = 150  # characters of the article shown before the sentence
CONTEXT_AFTER = 500


def _missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def count_text(n: int) -> str:
    """A card's count: 12,480 as is; from 100,000 in 万 so it fits a card: 100000 -> "10万"."""
    if n < 100_000:
        return f"{n:,}"
    return f"{n / 1e4:.1f}".rstrip("0").rstrip(".") + "万"


def status_badge(status, fallback: str = "") -> str:
    """A status as a coloured label in HTML, its colour from the one map: "overdue" -> a red 已逾期.

    Yellow labels take dark text, the others white, so each reads at a glance.
    """
    colour = STATUS_COLOUR.get(status, "#616161")
    ink = "#212121" if STATUS_LIGHT.get(status) == "yellow" else "white"
    return (f"<span style='background:{colour};color:{ink};border-radius:4px;padding:2px 10px;font-size:0.8em'>"
            f"{plain(STATUS.get(status, fallback))}</span>")


def light_border_css(cards: dict[str, str]) -> str:
    """CSS giving each card (a st.container keyed key) a left border in the light of its status (三色预警).

    {"kpi_overdue": "overdue"} -> .st-key-kpi_overdue [data-testid='stMetric']{border-left:6px solid #d32f2f}
    """
    return "".join(f".st-key-{key} [data-testid='stMetric']{{border-left:6px solid {LIGHT_COLOUR[STATUS_LIGHT[status]]}}}"
                   for key, status in cards.items() if status in STATUS_LIGHT)


def target_text(value, unit) -> str:
    if _missing(value):
        return UI["no_number"]
    return quantity_text(value, unit)  # written together, as in the text: 366个, 7%, 100亿元


def target_card(value, unit) -> str:
    """The target on a card, short enough to fit a quarter of the page: "366个", or "无数值"."""
    return UI["no_number_card"] if _missing(value) else quantity_text(value, unit)


def progress_text(value, unit) -> str:
    """The latest figure with its unit, like the target beside it: (200, "个") -> "200个"; none yet -> "—"."""
    return quantity_text(value, unit) or "—"


# Stored text is data, never markup (house style 17). Each character that HTML or markdown
# (with Streamlit's additions: :red[..], :material/..:, $math$) could take as syntax becomes a
# character reference: HTML shows it as the character, and CommonMark reads a reference as
# literal text, never as structure (spec §2.5), so one escape serves st.markdown, captions,
# alerts and HTML alike. Written by hand because html.escape leaves markdown's [](), !, *, `
# and : alone and no maintained library escapes for both at once. Newlines go too: a blank
# line would end an HTML block and turn the rest back into markdown.
_MARKUP = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
                         **{c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+-!|~$:=^\n\r"}})


_LIST_NUMBER = re.compile(r"^(\d{1,9})\.")


def plain(value) -> str:
    """Any stored value as text for st.markdown, a caption, an alert or HTML: shown as is, never obeyed."""
    if value is None:
        return ""
    text = str(value).translate(_MARKUP)
    # With newlines escaped, only the very start can open a line: there, indentation would make a
    # code block and "1." an ordered list.
    lead = len(text) - len(text.lstrip(" \t"))
    text = "".join(f"&#{ord(c)};" for c in text[:lead]) + text[lead:]
    return _LIST_NUMBER.sub(r"\1&#46;", text)


def fill(template: str, **values) -> str:
    """A label of labels.UI with stored values put in escaped: fill(UI["user_added"], name="<b>x</b>")."""
    return template.format(**{key: plain(value) for key, value in values.items()})


def file_size(size) -> str:
    """A file's size as people read it: 812 字节, 35.2 KB, 4.1 MB."""
    size = int(size or 0)
    if size < 1024:
        return f"{size} 字节"
    return f"{size / 1024:.1f} KB" if size < 1024**2 else f"{size / 1024**2:.1f} MB"


def source_line(*parts) -> str:
    """Title · date · source of an article, as a caption: the parts that are there, each escaped."""
    return " · ".join(plain(part) for part in parts if part and not _missing(part))


def _html_lines(text: str) -> str:
    """Escaped text with line breaks kept; '# 标题' lines (as documents.py writes headings) in bold."""
    out = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        heading = line.lstrip()
        if heading.startswith("#"):
            out.append(f"<b>{plain(heading.lstrip('#').strip())}</b>")
        else:
            out.append(plain(line))
    joined = "<br>".join(out)
    return ("<br>" if text.startswith("\n") and joined else "") + joined + ("<br>" if text.endswith("\n") and joined else "")


def highlight(text: str, start: int | None, end: int | None, sentence: str = "",
              before: int = CONTEXT_BEFORE, after: int = CONTEXT_AFTER) -> str:
    """HTML of the article around a commitment, the sentence in <mark>, everything else escaped.

    The span is trusted when it holds the sentence; otherwise the sentence is looked up in the
    text (an older row whose text was normalised differently), and failing that shown alone.
    Less text is shown before the sentence than after, so the mark sits near the top.
    """
    text = text or ""
    ok = (isinstance(start, (int, float)) and isinstance(end, (int, float)) and not _missing(start)
          and 0 <= int(start) < int(end) <= len(text))
    start, end = (int(start), int(end)) if ok else (None, None)
    if sentence and (start is None or text[start:end].replace(" ", "") != sentence.replace(" ", "")):
        found = text.find(sentence)
        start, end = (found, found + len(sentence)) if found >= 0 else (start, end)
    if start is None:
        return f"<mark>{plain(sentence)}</mark>" if sentence else ""
    before_at = max(0, start - before)
    after_at = min(len(text), end + after)
    head = ("…" if before_at > 0 else "") + _html_lines(text[before_at:start])
    tail = _html_lines(text[end:after_at]) + ("…" if after_at < len(text) else "")
    return f"{head}<mark>{plain(text[start:end])}</mark>{tail}"


def when(stamp) -> str:
    """"2026-11-26T08:29:40.123+00:00" -> "2026-11-26 08:29"."""
    return "" if _missing(stamp) or not stamp else str(stamp).replace("T", " ")[:16]


def audit_table(log: pd.DataFrame) -> pd.DataFrame:
    """The audit log in words: 2026-11-26 08:29 · boss · 审核 · 审核状态 · 待审核 → 已确认."""
    def value(field, v):
        if _missing(v) or v is None:
            return ""
        return {"review": REVIEW, "role": ROLE, "status": STATUS}.get(field, {}).get(v, v)

    return pd.DataFrame({
        UI["at"]: log["at"].map(when),
        FIELD["by"]: log["by"],
        UI["action"]: log["action"].map(lambda a: AUDIT_ACTION.get(a, a)),
        UI["field"]: log["field"].map(lambda f: "" if _missing(f) or f is None else FIELD.get(f, AUDIT_FIELD.get(f, f))),
        UI["old"]: [value(f, v) for f, v in zip(log["field"], log["old"], strict=True)],
        UI["new"]: [value(f, v) for f, v in zip(log["field"], log["new"], strict=True)],
        FIELD["note"]: log["note"].fillna("") if "note" in log else "",
    })


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """Progress updates, newest first, with Chinese headings; 已退回 ticks a figure a manager's return set
    aside (it no longer counts) and 退回原因 says why (Store.progress_history's returned, returned_reason)."""
    h = history.sort_values(["as_of", "id"], ascending=False)
    returned = h["returned"].astype(bool) if "returned" in h else pd.Series(False, index=h.index)
    reasons = h["returned_reason"] if "returned_reason" in h else pd.Series(None, index=h.index, dtype=object)
    return pd.DataFrame({
        FIELD["progress_as_of"]: h["as_of"],
        UI["value"]: h["value"],
        UI["progress_returned"]: returned,
        UI["signoff_reason"]: reasons.where(returned, None).fillna(""),
        FIELD["note"]: h["note"],
        FIELD["by"]: h["by"],
        FIELD["created_at"]: h["created_at"].map(when),
    })


def commitment_label(row) -> str:
    """One line to pick a commitment by: "#12 老旧小区改造 · 陈定 · 区城建局 · 2019-12-31"."""
    parts = [f"#{row['id']} {row['task']}"]
    officials = ", ".join(charts.official_names(row.get("officials")))
    units = units_text(row.get("units"))
    for part in (officials, units, row.get("deadline")):
        if part and not _missing(part):
            parts.append(str(part))
    return " · ".join(parts)


def days_left_text(days) -> str:
    """The 剩余天数 cell in words: -2706 -> "逾期 2706 天", 0 -> "今天到期", 12 -> "还有 12 天"; none -> ""."""
    if _missing(days) or math.isinf(days):
        return ""
    days = int(days)
    if days < 0:
        return UI["days_overdue"].format(n=-days)
    return UI["due_today"] if days == 0 else UI["days_to_go"].format(n=days)


def table(df: pd.DataFrame, as_of=None) -> pd.DataFrame:
    """The commitment list as people read it: Chinese status, target and progress with their unit
    (366个, 200个), officials as text. `days_left` stays a number (negative when overdue), so the
    column sorts by urgency (no deadline: infinity, last); days_left_text is how it reads."""
    today = pd.Timestamp(dates.day_or_today(as_of))
    deadlines = dates.timestamps(df["deadline"])
    out = pd.DataFrame({
        "id": df["id"],
        "status": df["status"].map(STATUS),
        "task": df["task"],
        "target": [None if _missing(v) else target_text(v, u) for v, u in zip(df["target_value"], df["unit"], strict=True)],
        "progress": [quantity_text(v, u) or None for v, u in zip(df["progress"], df["unit"], strict=True)],
        "share": pd.to_numeric(df["share"], errors="coerce").clip(lower=0),
        "deadline": deadlines.dt.date,
        # beside a deadline moved by an approved extension, the one the article set (empty when the same)
        "original_deadline": _original_deadlines(df, deadlines).dt.date,
        # No deadline counts as infinitely far, so sorting by days left puts it after every date;
        # so does finished work and work awaiting 销号: it never reads 逾期 N 天 (issue 11).
        "days_left": (deadlines - today).dt.days.astype("float64").fillna(math.inf)
                     .where(~df["status"].isin(FINISHED | {"pending_signoff"}), math.inf),
        "officials": df["officials"].map(officials_text),
        "units": df["units"].map(units_text),
        "work_area": df["work_area"],
        "review": df["review"].map(REVIEW),
    }, index=df.index)
    return out


def _original_deadlines(df: pd.DataFrame, deadlines: pd.Series) -> pd.Series:
    """The deadline as read where an extension moved it, else NaT (nothing to show beside the same day)."""
    if "original_deadline" not in df:
        return pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    original = dates.timestamps(df["original_deadline"])
    return original.where(original != deadlines)


def moved_deadlines(df: pd.DataFrame) -> bool:
    """Whether any row's deadline in force differs from the one read (the 原定期限 column is then shown)."""
    if "original_deadline" not in df or df.empty:
        return False
    return bool((df["original_deadline"].fillna("") != df["deadline"].fillna("")).any())


def table_columns() -> dict:
    """Chinese headings for `table`, in the words of labels.FIELD."""
    return {
        "id": FIELD["id"], "status": FIELD["status"], "task": FIELD["task"], "target": FIELD["target_value"],
        "progress": FIELD["progress"], "share": FIELD["share"], "deadline": FIELD["deadline"],
        "original_deadline": FIELD["original_deadline"], "days_left": UI["days_left"], "officials": FIELD["officials"], "units": FIELD["units"],
        "work_area": FIELD["work_area"], "review": FIELD["review"],
    }


@dataclass(frozen=True)
class ProgressCheck:
    value: float | None
    errors: tuple[str, ...] = ()
    needs_confirmation: bool = False

    @property
    def ok(self) -> bool:
        return self.value is not None and not self.errors and not self.needs_confirmation


def check_progress(raw: str, as_of: date | None, target=None, confirmed_above: bool = False,
                   today: date | None = None) -> ProgressCheck:
    """Validate a progress figure as typed: "120" and "5.3万" are fine, "一百" is not a number, -3 is refused,
    a date after today is refused, a figure above the target needs the confirmation box.
    """
    today = today or date.today()
    errors = []
    value = None
    if not (raw or "").strip():
        errors.append(UI["value_required"])
    else:
        try:
            value = parse_figure(raw)
        except ValueError:
            errors.append(fill(UI["not_a_number"], value=raw.strip()))
        else:
            if math.isnan(value) or math.isinf(value):
                errors.append(fill(UI["not_a_number"], value=raw.strip()))
                value = None
            elif value < 0:
                errors.append(UI["negative"])
    if as_of is not None and as_of > today:
        errors.append(UI["future_date"])
    above = value is not None and not _missing(target) and value > float(target)
    return ProgressCheck(value=value, errors=tuple(errors), needs_confirmation=above and not confirmed_above)


def account_error(password: str, again: str, name: str | None = None, person: str | None = None) -> str | None:
    """Why a form that sets a password cannot be sent, or None: ("pw", "pq") -> 两次输入的密码不一致。

    `name` is checked too when the form has one (signing up, adding a person); the password
    rules are the store's own (length, not the name, not a common password), asked before
    sending so the form says what is wrong at once. `person` is whose password it is, when
    the form has no name field.
    """
    if name is not None and not name.strip():
        return UI["name_required"]
    if not password:
        return UI["password_required"]
    if password != again:
        return UI["passwords_differ"]
    if problem := password_problem(password, (name or person or "").strip() or None):
        return problem + "。"
    return None


_BRACKETED = re.compile(r"(?P<name>[^\s（(]+)\s*[（(](?P<title>[^）)]+)[）)]")


def parse_officials(text: str) -> list[dict]:
    """Lines of "职务 姓名", as cells.official_text writes them, -> [{"name", "title"}].

    "副区长 陈定" -> {"name": "陈定", "title": "副区长"}: the name is the last word, so a title of
    several words stays whole ("区委副书记 区长 张艳敏"). A bare name has no title; the older
    "陈定（副区长）" is read too. People are separated by lines, 、 or commas.
    """
    out = []
    for line in (text or "").replace("、", "\n").replace("，", "\n").replace(",", "\n").splitlines():
        line = line.strip()
        if m := _BRACKETED.fullmatch(line):
            out.append({"name": m["name"], "title": m["title"].strip()})
        elif bits := line.rsplit(maxsplit=1):
            out.append({"name": bits[-1], "title": bits[0].strip() if len(bits) > 1 else None})
    return out


def officials_lines(cell) -> str:
    """The inverse of parse_officials, for an edit box: one official a line, "副区长 陈定"."""
    return "\n".join(text for text in map(official_text, as_list(cell)) if text)


def parse_units(text: str) -> list[str]:
    """"区城建局、住房保障中心" -> ["区城建局", "住房保障中心"]."""
    for sep in ("，", ",", "\n", ";", "；"):
        text = (text or "").replace(sep, "、")
    return [u.strip() for u in text.split("、") if u.strip()]


def extension_table(extensions: pd.DataFrame) -> pd.DataFrame:
    """A commitment's extension requests, newest first, in words: 申请期限 · 延期理由 · 审批结果 · who and when."""
    return pd.DataFrame({
        UI["requested_deadline"]: extensions["requested_deadline"],
        UI["extension_reason"]: extensions["reason"],
        UI["extension_status"]: extensions["status"].map(lambda s: EXTENSION_STATUS.get(s, s)),
        UI["requested_by"]: extensions["requested_by"],
        UI["requested_at"]: extensions["requested_at"].map(when),
        UI["decided_by"]: extensions["decided_by"].fillna(""),
        UI["decided_at"]: extensions["decided_at"].map(when),
        UI["extension_note"]: extensions["decision_note"].fillna(""),
    })


def instruction_table(instructions: pd.DataFrame) -> pd.DataFrame:
    """Instructions and reminders, newest first: 类别 (催办 names its unit) · 内容 · 发送人 · 时间 · 已阅 (who, when)."""
    kinds = [INSTRUCTION_KIND.get(k, k) + (f" · {u}" if k == "reminder" and isinstance(u, str) else "")
             for k, u in zip(instructions["kind"], instructions["unit"], strict=True)]
    return pd.DataFrame({
        UI["instruction_kind"]: kinds,
        UI["instruction_body"]: instructions["text"],
        UI["instruction_by"]: instructions["by"],
        UI["instruction_at"]: instructions["created_at"].map(when),
        UI["instruction_readers"]: instructions["readers"] if "readers" in instructions else "",
    })


def unread_line(row: dict) -> str:
    """One unread instruction as markdown, every stored part escaped: **批示**（boss，2020-01-06 09:00）关于 #1 老旧小区改造：请加快."""
    if row.get("kind") == "instruction":
        about = fill(UI["unread_about"], id=row.get("commitment_id"), task=row.get("task"))
    else:
        about = fill(UI["unread_to_unit"], unit=row.get("unit"))
    return UI["unread_item"].format(kind=INSTRUCTION_KIND.get(row.get("kind"), ""), by=plain(row.get("by")),
                                    at=plain(when(row.get("created_at"))), about=about, text=plain(row.get("text")))
