"""Officials and government bodies: who a commitment belongs to.

    >>> [(o.name, o.title) for o in find_titled_people("区委书记虎强给出信心和答案。虎强说")]
    [('虎强', '区委书记')]

Names are found from titles (副区长陈定), from lists after a title (区领导虎强、张艳敏) and from a
surname followed by a speaker verb (陈强就做好二季度工作提出了明确要求). Whether a name has
two or three characters is decided by how often each form recurs in the article: a word
segmenter would cost more speed than it earns here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tracker.extract.lexicon import alternation, lexicon
from tracker.extract.records import Official

CJK = "\u4e00-\u9fff"


_LEADING_TIME = re.compile(r"^[^，,]{1,10}[，,]")
# An article names a handful of officials (at most 9 people in 8 titled mentions across the dev
# texts and the corpus). Reading at most this many keeps every look-up over them bounded on a
# page that is nothing but titles and names.
MAX_TITLED_MENTIONS = 200
MAX_PEOPLE = 100


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    lex = lexicon()
    titles = alternation(lex.titles)
    suffixes = alternation(lex.unit_suffixes)
    verbs = alternation(lex.speaker_verbs)
    return {
        # an optional place before the title: 龙岗区区长, 呼和浩特市市长
        "titled": re.compile(rf"(?P<title>(?:{titles})(?:、(?:{titles}))?)(?P<name>[{CJK}]{{2,4}})"),
        "place": re.compile(rf"[{CJK}]{{1,5}}[省市区县镇乡州旗]$"),
        "speaker": re.compile(rf"(?P<name>[{CJK}]{{2,3}})(?:在[^，,。]{{0,20}}?上|在[^，,。]{{0,12}}时)?(?:{verbs})"),
        "any_verb": re.compile(rf"{verbs}|就"),
        "jiu": re.compile(rf"^(?P<name>[{CJK}]{{2,3}})就[^。]{{0,30}}?(?:提出|作出|强调)"),
        "pronoun": re.compile(rf"(?:{alternation(lex.pronouns)})(?:还|又|也|同时|进一步)?(?:{verbs})"),
        "subject_unit": re.compile(
            rf"^(?P<unit>[{CJK}A-Za-z（）()]{{1,16}}?(?:{suffixes}))(?=要|将|在|于|负责|牵头|力争|确保|计划|拟|具体实施|[\d一二三四五六七八九十]{{1,2}}月)"
        ),
        "labelled_units": re.compile(
            rf"(?:{alternation(lex.unit_labels)})[:：]?(?P<units>[^)）。；;]+)"
        ),
        "labelled_officials": re.compile(
            rf"(?:{alternation(lex.official_labels)})[:：]?(?P<names>[^)）。；;]+)"
        ),
        "led_by": re.compile(rf"由(?P<who>[{CJK}、]{{2,30}}?)(?:负责|牵头|承担|组织实施|具体实施)"),
        "unit_name": re.compile(rf"[{CJK}（）()]{{1,18}}(?:{suffixes})"),
        "organiser": re.compile(rf"(?P<unit>[{CJK}]{{2,16}}?(?:{suffixes}))(?:组织)?召开"),
        "report": re.compile(lex.report_verbs.pattern),
    }


def _plausible(name: str) -> bool:
    lex = lexicon()
    if name[:2] in lex.double_surnames:
        return len(name) in (3, 4)
    return name[0] in lex.surnames and len(name) in (2, 3)


def _trim(candidate: str, text: str, counts: dict[str, int] | None = None) -> str | None:
    """Cut a name candidate (up to 4 chars after a title) to the name itself.

    The longer form is kept when its last character cannot end a name is false and either it
    recurs, or the shorter form never stands without it (王策飞 once, 王策 once).
    """
    lex = lexicon()
    forms = [candidate[:n] for n in (2, 3, 4) if len(candidate) >= n and _plausible(candidate[:n])]
    forms = [f for f in forms if f[-1] not in lex.name_stops]
    if not forms:
        return None
    counts = {} if counts is None else counts

    def count(form: str) -> int:
        if form not in counts:
            counts[form] = text.count(form)
        return counts[form]

    best = forms[0]
    for longer in forms[1:]:
        n_long, n_best = count(longer), count(best)
        if n_long >= 2 or n_long == n_best:
            best = longer
    return best


def find_titled_people(text: str) -> list[Official]:
    """People named with a title in text, each once, in order of first mention."""
    seen: dict[str, Official] = {}
    counts: dict[str, int] = {}  # how often each name form stands in the text, counted once
    p = _patterns()
    for i, m in enumerate(p["titled"].finditer(text)):
        if i >= MAX_TITLED_MENTIONS or len(seen) >= MAX_PEOPLE:
            break
        name = _trim(m.group("name"), text, counts)
        title = m.group("title").split("、")[-1]
        if title == m.group("title"):
            # 龙岗区区长王策飞: the place before the title belongs to it (back to the last place word)
            place = p["place"].search(text, max(0, m.start() - 6), m.start())
            if place:
                cut = max(place.group().rfind(c, 0, len(place.group()) - 1) for c in "省市区县镇乡州旗")
                title = place.group()[cut + 1:] + title
        if name and (name not in seen or (seen[name].title or "").endswith("领导")):
            seen[name] = Official(name, title)
        # 区领导虎强、张艳敏、陈定出席: the names listed after the first
        rest = text[m.start("name") + len(name or ""):m.start("name") + 80]
        while name and rest.startswith("、"):
            token = re.match(rf"[{CJK}]{{2,4}}", rest[1:])
            nxt = token.group() if token and _plausible(token.group()) else None
            if not nxt or rest[1 + len(nxt):2 + len(nxt)] not in ("、", "及", "等", "出", "参", "和", ""):
                nxt = _trim(rest[1:5], text, counts)
            if not nxt:
                break
            if nxt not in seen:
                seen[nxt] = Official(nxt, m.group("title"))
            rest = rest[1 + len(nxt):]
    return list(seen.values())


def speaker_mentions(text: str, known: dict[str, Official]) -> list[tuple[int, Official | None]]:
    """Places in a paragraph where someone starts speaking: (offset, person); None for 他/她."""
    p = _patterns()
    out = []
    if not p["any_verb"].search(text):
        return out
    order = {name: i for i, name in enumerate(known)}
    for m in p["speaker"].finditer(text):
        person = _known_in(m.group("name"), known, order)
        if person is None:
            continue
        out.append((m.start(), person))
    m = p["jiu"].match(text)
    if m:
        name = _trim(m.group("name") + "  ", text) or m.group("name")
        if _plausible(name):
            out.append((0, known.get(name) or Official(name, None)))
    for m in p["pronoun"].finditer(text):
        out.append((m.start(), None))
    out.sort(key=lambda x: x[0])
    return out


def _known_in(cand: str, known: dict[str, Official], order: dict[str, int]) -> Official | None:
    """The known person whose name begins or ends cand, the longest name first (then the first named).

    Looks up cand's own beginnings and endings instead of trying every known name per mention.
    """
    hits = {cand[:n] for n in range(1, len(cand) + 1)} | {cand[-n:] for n in range(1, len(cand) + 1)}
    found = [name for name in hits if name in order]
    if not found:
        return None
    return known[min(found, key=lambda name: (-len(name), order[name]))]


def report_speaker(text: str, known: dict[str, Official]) -> Official | None:
    """The person who delivers the report the article is about (王策飞作政府工作报告)."""
    for m in _patterns()["report"].finditer(text):
        before = text[max(0, m.start() - 40):m.start()]
        before = re.split(r"[。；]", before)[-1]
        hits = [(before.rfind(name), person) for name, person in known.items() if name in before]
        if hits:
            return max(hits, key=lambda h: h[0])[1]
    return None


@lru_cache(maxsize=20000)
def subject_unit(clause: str) -> str | None:
    """The body a clause makes responsible: 市教育局要在11月底新建... -> 市教育局."""
    m = _patterns()["subject_unit"].match(clause)
    if not m:
        # 今年,市教育局要...: a time standing before the subject
        rest = _LEADING_TIME.sub("", clause)
        m = _patterns()["subject_unit"].match(rest) if rest != clause else None
    if not m:
        return None
    unit = m.group("unit")
    # 由市交通运输局负责 puts a body in charge (led_by) but is no subject of what follows
    return unit if len(unit) >= 3 and not unit.startswith("由") else None


def is_plain_name(text: str) -> bool:
    """王琴英 on a line of its own: a surname and one or two more characters, nothing else."""
    return 2 <= len(text) <= 4 and bool(re.fullmatch(rf"[{CJK}]+", text)) and _plausible(text)


def is_unit_name(text: str) -> bool:
    """区发展改革委, 沈阳近海经济区管委会: a cell or line that is only a body's name."""
    text = text.strip("。，,;；、 ")
    return 3 <= len(text) <= 20 and bool(_patterns()["unit_name"].fullmatch(text))


def labelled_units(text: str) -> list[str]:
    """(牵头单位:市公安局、市交通运输局) -> the bodies named."""
    out = []
    suffixes = lexicon().unit_suffixes
    for m in _patterns()["labelled_units"].finditer(text):
        for u in re.split(r"[、，,和及/]", m.group("units")):
            u = u.strip(" ：:（）()")
            # only names of bodies: "责任单位负责组织实施" names none
            if 2 <= len(u) <= 20 and u.endswith(suffixes) and u not in out:
                out.append(u)
    return out


def led_by(text: str, known: dict[str, Official]) -> tuple[list[str], list[Official]]:
    """由市交通运输局负责 / 由副区长陈定牵头: the bodies and people a clause puts in charge."""
    units: list[str] = []
    officials: list[Official] = []
    for m in _patterns()["led_by"].finditer(text):
        for part in m.group("who").split("、"):
            if is_unit_name(part) and part not in units:
                units.append(part)
            for name, person in known.items():
                if part.endswith(name) and person not in officials:
                    officials.append(person)
    return units, officials


def labelled_officials(text: str, known: dict[str, Official]) -> list[Official]:
    out = []
    for m in _patterns()["labelled_officials"].finditer(text):
        for part in re.split(r"[、，,和及/]", m.group("names")):
            part = part.strip(" ：:（）()")
            for name, person in known.items():
                if part.endswith(name) and person not in out:
                    out.append(person)
    return out


def organiser(text: str) -> str | None:
    """市项目推进中心组织召开...会议 -> 市项目推进中心 (the body whose meeting sets the requirements)."""
    m = _patterns()["organiser"].search(text)
    if not m:
        return None
    unit = m.group("unit")
    # cut a lead-in like 6月25日, or 本报讯
    unit = re.sub(r"^.*?[日讯,，]", "", unit)
    return unit if len(unit) >= 3 else None
