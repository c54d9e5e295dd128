"""The word lists of tracker/lexicon: loadable, no duplicates, no pattern that matches empty text,
and every list the code reads is there (data and code must not drift apart)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tracker.extract import lexicon as lex_module

LEXICON = Path(lex_module.__file__).resolve().parent.parent / "lexicon"
FILES = sorted(LEXICON.glob("*.yaml"))


def word_lists(data, path=""):
    """(path, list) for every list of strings in a loaded YAML file, at any depth."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from word_lists(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        if all(isinstance(x, str) for x in data):
            yield path, data
        elif all(isinstance(x, dict) and "text" in x for x in data):
            yield path, [x["text"] for x in data]
    elif isinstance(data, str) and "\n" not in data and " " in data.strip():
        yield path, data.split()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_loads(path):
    assert yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_duplicates_and_no_empty_patterns(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    lists = list(word_lists(data))
    assert lists, "no word lists found"
    for where, words in lists:
        dupes = sorted({w for w in words if words.count(w) > 1})
        assert not dupes, f"{path.name}:{where} repeats {dupes}"
        for w in words:
            assert w.strip(), f"{path.name}:{where} has an empty entry"
            try:
                pattern = re.compile(w)
            except re.error:
                continue  # a plain word with regex punctuation in it
            assert not pattern.fullmatch(""), f"{path.name}:{where}: {w!r} matches empty text"


def test_surnames_are_one_or_two_characters():
    data = yaml.safe_load((LEXICON / "people.yaml").read_text(encoding="utf-8"))
    assert all(len(s) in (1, 2) for s in data["surnames"].split())


def test_code_reads_every_list():
    lex = lex_module.lexicon()
    for field in lex.__dataclass_fields__:
        value = getattr(lex, field)
        assert value, f"lexicon field {field} is empty: the YAML key it reads is missing"


def test_units_map_to_what_records_keep():
    lex = lex_module.lexicon()
    assert lex.units["平方公里"] == "平方公里"
    assert lex.units["个百分点"] == "百分点"
    assert lex.units["个月"] is None  # a duration, never a target
    assert lex.scales["亿"] == 10**8
