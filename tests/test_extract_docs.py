"""Every parser module's docstring example runs: the documentation cannot drift from the code."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["articles", "counts", "cues", "deadlines", "people", "pipeline", "quantities", "tasks"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"tracker.extract.{name}")
    result = doctest.testmod(module)
    assert result.attempted >= 1, "the module's docstring gives no example"
    assert result.failed == 0
