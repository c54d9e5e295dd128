"""The word lists of tracker/lexicon/, loaded once and compiled into regular expressions.

Code holds no Chinese word lists; it only joins these into patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicon"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(name: str) -> dict:
    with open(LEXICON_DIR / name, encoding="utf-8") as f:
        return yaml.load(f, Loader=_Loader)


def alternation(words, escape: bool = True) -> str:
    """One regex alternative per word, longest first so 平方公里 wins over 公里."""
    items = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w) if escape else w for w in items)


@dataclass(frozen=True)
class Lexicon:
    units: dict  # measure word -> unit kept (None: never a target)
    scales: dict  # scale word -> factor
    commit: re.Pattern
    imperative: re.Pattern
    past: re.Pattern
    plan_lead: re.Pattern
    progress_lead: re.Pattern
    lead_end: re.Pattern
    review: re.Pattern
    generic_task: re.Pattern
    purpose: re.Pattern
    task_strip: re.Pattern
    task_strip_start: re.Pattern
    lead_verbs: re.Pattern
    task_qualifier: re.Pattern
    task_verbs: tuple
    this_year: dict  # word -> strong?
    this_month: tuple
    next_year: tuple
    five_year_plans: dict
    deadline_words: dict  # the words deadline rules are built from (before: 前/之前/以前, end: 底/末...)
    not_deadline_after: re.Pattern
    not_deadline_before: re.Pattern
    titles: tuple
    speaker_verbs: tuple
    report_verbs: re.Pattern
    pronouns: tuple
    surnames: frozenset
    double_surnames: frozenset
    name_stops: frozenset
    unit_suffixes: tuple
    unit_labels: tuple
    official_labels: tuple
    structure: dict  # name -> alternation of tracker/lexicon/structure.yaml

    def words(self, name: str, template: str = "(?:{})") -> re.Pattern:
        """A list of structure.yaml as a regex: the template adds the glue (anchors)."""
        return _compiled(self.structure[name], template)


@lru_cache(maxsize=256)
def _compiled(alternatives: str, template: str) -> re.Pattern:
    return re.compile(template.format(alternatives))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    measures = load("measures.yaml")
    cues = load("cues.yaml")
    dl = load("deadlines.yaml")
    people = load("people.yaml")
    structure = load("structure.yaml")
    surnames = people["surnames"].split()

    def rx(words):
        return re.compile(alternation(words, escape=False))

    return Lexicon(
        units={u["text"]: (u.get("unit") if u.get("target", True) else None) for u in measures["units"]},
        scales={k: int(v) for k, v in measures["scales"].items()},
        commit=rx(cues["commit"]),
        imperative=rx(cues["imperative"]),
        past=rx(cues["past"]),
        plan_lead=rx(cues["plan_lead"]),
        progress_lead=rx(cues["progress_lead"]),
        lead_end=rx(cues["lead_end"]),
        review=rx(cues["review"]),
        generic_task=rx(cues["generic_task"]),
        purpose=rx(cues["purpose"]),
        task_strip=rx(cues["task_strip"]),
        task_strip_start=re.compile("^(?:" + alternation(cues["task_strip_start"], escape=False) + ")+"),
        lead_verbs=rx(cues["lead_verbs"]),
        task_qualifier=re.compile("(?:" + alternation(cues["task_qualifier"], escape=False) + ")+$"),
        task_verbs=tuple(sorted(cues["task_verbs"], key=len, reverse=True)),
        this_year={d["text"]: bool(d["strong"]) for d in dl["this_year"]},
        this_month=tuple(dl["this_month"]),
        next_year=tuple(dl["next_year"]),
        five_year_plans={k: int(v) for k, v in dl["five_year_plans"].items()},
        deadline_words=dl["rule_words"],
        not_deadline_after=re.compile("^(?:" + alternation(dl["not_deadline_after"]) + ")"),
        not_deadline_before=re.compile("(?:" + alternation(dl["not_deadline_before"]) + ")$"),
        titles=tuple(people["titles"]),
        speaker_verbs=tuple(people["speaker_verbs"]),
        report_verbs=rx(people["report_verbs"]),
        pronouns=tuple(people["pronouns"]),
        surnames=frozenset(s for s in surnames if len(s) == 1),
        double_surnames=frozenset(s for s in surnames if len(s) == 2),
        name_stops=frozenset(people["name_stops"].split()),
        unit_suffixes=tuple(people["unit_suffixes"]),
        unit_labels=tuple(people["unit_labels"]),
        official_labels=tuple(people["official_labels"]),
        structure={name: alternation(map(str, words), escape=False) for name, words in structure.items()},
    )
