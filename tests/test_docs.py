"""The README documents every command and option of the command line (as sqlite-utils' test_docs does)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from tracker.cli import build_parser

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def commands(parser: argparse.ArgumentParser, words: tuple[str, ...] = ()):
    """(command words, its parser) for every command that runs, e.g. (("users", "add"), parser)."""
    subcommands = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subcommands and words:
        yield words, parser
    for action in subcommands:
        for name, sub in action.choices.items():
            yield from commands(sub, (*words, name))


COMMANDS = list(commands(build_parser()))


def _mentioned(option: str) -> bool:
    """-o as a word of its own: "--official" does not document -o."""
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", README) is not None


def test_every_command_is_found():
    assert {" ".join(words) for words, _ in COMMANDS} >= {
        "extract", "ingest", "list", "progress", "export", "users add", "users list", "backup"}


@pytest.mark.parametrize("words, parser", COMMANDS, ids=[" ".join(w) for w, _ in COMMANDS])
def test_the_readme_documents_the_command_and_its_options(words, parser):
    assert f"python -m tracker {' '.join(words)}" in README
    for action in parser._actions:
        names = [o for o in action.option_strings if o not in ("-h", "--help")]
        if names and action.dest != "db":  # --db is documented once, for every command
            assert any(_mentioned(name) for name in names), (words, names)
    assert "--db FILE" in README
