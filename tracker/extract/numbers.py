"""Numbers as written in Chinese texts: 366, 5.3万, 1,200, 两百, 一万二千, 百分之三十, 百分百.

Chinese numerals go through cn2an; only the glue (scale words after Arabic digits,
百分之/百分百) is written here.
"""

from __future__ import annotations

import re
from functools import lru_cache

import cn2an

# Bounded, and only from the first digit of a run: a run of 40,000 digits is then tried once,
# not from each of its digits (which cost quadratic time). No real target has 17 digits.
ARABIC = r"(?<!\d)\d{1,16}(?:,\d{3}){0,5}(?:\.\d{1,10})?"
CHINESE = r"(?<![零〇一二两三四五六七八九十百千万亿])[零〇一二两三四五六七八九十百千万亿]{1,16}(?:点[零〇一二两三四五六七八九]{1,10})?"
NUMBER = rf"(?:{ARABIC}|{CHINESE})"


@lru_cache(maxsize=4096)
def chinese_value(text: str) -> float | None:
    """一万二千 -> 12000, 两百 -> 200, 三 -> 3; None for what is no number (一二, a lone 万)."""
    if len(text) == 1 and text in "百千万亿":
        return None
    try:
        return float(cn2an.cn2an(text, "normal"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def number_value(text: str) -> float | None:
    """The value of one number token, Arabic or Chinese."""
    if not text:
        return None
    if text[0].isdigit():
        try:
            return float(text.replace(",", ""))
        except ValueError:
            return None
    return chinese_value(text)


def tidy(value: float) -> float | int:
    """53000.0 -> 53000; keeps real fractions."""
    return int(value) if float(value).is_integer() else value


def scaled(value: float, factor: int) -> float:
    """156.92 x 10^8 without binary noise (15692000000, not 15691999999.999998)."""
    from decimal import Decimal

    return float(Decimal(repr(value)) * factor)


PERCENT_WORDS = re.compile(r"百分之(?P<pctnum>" + CHINESE + "|" + ARABIC + ")|百分百")


def is_lone_one(text: str) -> bool:
    """一 alone (一个一个, 一次, 一批) is an article, not a quantity to reach."""
    return text == "一"
