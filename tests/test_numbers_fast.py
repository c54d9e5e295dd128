"""The plain Chinese numerals read without cn2an (numbers.plain_value) agree with cn2an, form by form.

cn2an stays the reference: every string of up to three numeral characters and every number below
ten thousand as cn2an writes it (also with 两 for 二) is read both ways.
"""

from __future__ import annotations

import itertools

import cn2an

from tracker.extract.numbers import chinese_value, plain_value

ALPHABET = "零〇一二两三四五六七八九十百千万亿"


def _cn2an(text: str) -> float | None:
    try:
        return float(cn2an.cn2an(text, "normal"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def test_plain_forms_agree_with_cn2an():
    forms = ["".join(p) for n in (1, 2, 3) for p in itertools.product(ALPHABET, repeat=n)]
    written = [cn2an.an2cn(i) for i in range(1, 10_000)]
    forms += written + [w.replace("二", "两", 1) for w in written]
    answered = [(f, plain_value(f)) for f in forms if plain_value(f) is not None]
    assert len(answered) > 15_000  # nearly every number below ten thousand is read without cn2an
    assert [(f, v) for f, v in answered if v != _cn2an(f)] == []


def test_other_forms_still_go_through_cn2an():
    assert plain_value("一万二千") is None and chinese_value("一万二千") == 12000
    assert plain_value("一百一") is None and chinese_value("一百一") == 110
    assert chinese_value("两百") == 200 and chinese_value("万") is None
