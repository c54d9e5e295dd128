"""Numbers as written in Chinese texts: 366, 5.3万, 1,200, 两百, 一万二千, 百分之三十, 百分百.

Chinese numerals go through cn2an; only the glue (scale words after Arabic digits,
百分之/百分百) is written here, and the plain forms below ten thousand (四, 十五, 两百, 一千零五),
which are nearly all a text holds, are read without it: importing cn2an compiles some thirty
patterns, half the start-up of `python -m tracker extract`. tests/test_numbers_fast.py checks
that both give the same value for every plain form.
"""

from __future__ import annotations

import re
from functools import lru_cache

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
    plain = plain_value(text)
    if plain is not None:
        return plain
    import cn2an  # only for the rarer forms: 一万二千, 一百一, 三点五

    try:
        return float(cn2an.cn2an(text, "normal"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


_DIGIT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_PLAIN = re.compile(
    r"(?:(?P<k>[一二两三四五六七八九])千)?(?:(?P<h>[一二两三四五六七八九])百)?(?P<z>零)?"
    r"(?:(?P<t>[一二三四五六七八九])?(?P<ten>十))?(?P<u>[一二三四五六七八九])?"
)


def plain_value(text: str) -> float | None:
    """四 -> 4, 十五 -> 15, 两百 -> 200, 一千零五 -> 1005; None when the form is not plain (cn2an reads it)."""
    if text in ("零", "〇"):
        return 0.0
    m = _PLAIN.fullmatch(text)
    if not text or not m:
        return None
    k, h, z, t, ten, u = m.group("k", "h", "z", "t", "ten", "u")
    big = k or h
    if z and not (big and (u or ten)):
        return None  # 零 stands only between a hundred or thousand and what follows
    if ten and not t and big:
        return None  # 一百十二: unusual
    if z and h and ten:
        return None  # 一百零十: no number
    if u and not ten and not z and big:
        return None  # 一百一 is 110 when spoken short
    value = (_DIGIT[k] * 1000 if k else 0) + (_DIGIT[h] * 100 if h else 0)
    value += ((_DIGIT[t] if t else 1) * 10 if ten else 0) + (_DIGIT[u] if u else 0)
    return float(value)


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
