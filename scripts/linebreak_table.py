#!/usr/bin/env python3
"""Make ``src/transpipe/linebreak_table.py``: libunistring 1.0's line-breaking class of every
code point, as runs (the table ``linebreak`` looks classes up in).

Line_Break values come from uniseg and are mapped to libunistring 1.0's run-time classes,
with the characters where libunistring 1.0's own table differs (found by comparing all code
points); unassigned code points are judged by Python's ``unicodedata``, which must be
Unicode 14.0.0 (libunistring 1.0's, and Python 3.11's). ``tests/test_linebreak.py`` checks
that the table is what this script makes.

Usage: python scripts/linebreak_table.py  (needs uniseg: pip install -e ".[test]")
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

from uniseg import unidata_version as uniseg_unicode
from uniseg.emoji import extended_pictographic
from uniseg.linebreak import line_break

TABLE = Path(__file__).resolve().parents[1] / "src" / "transpipe" / "linebreak_table.py"
UNICODE = "14.0.0"  # libunistring 1.0's
_EAST_ASIAN = ("F", "W", "H")

# uniseg (Unicode 16) Line_Break values → libunistring 1.0's run-time classes.
_RESOLVE = {
    "NL": "BK", "CR": "BK", "LF": "BK", "AI": "AL", "XX": "AL", "SA": "AL", "SG": "AL",
    "AK": "AL", "AP": "AL", "AS": "AL", "VF": "CM", "VI": "CM", "CB": "ID1", "CJ": "NS",
}  # fmt: skip
# Assigned characters where libunistring 1.0's table differs from uniseg's (found by comparing
# all code points): (first, last, class).
_DEVIATIONS = (
    (0x0600, 0x0605, "AL"), (0x06DD, 0x06DD, "AL"), (0x0890, 0x0891, "AL"), (0x08E2, 0x08E2, "AL"),
    (0x19DA, 0x19DA, "AL"), (0x1B50, 0x1B59, "NU"), (0x1B5C, 0x1B5C, "AL"), (0x1B61, 0x1B6A, "AL"),
    (0x1B74, 0x1B7C, "AL"), (0x1DCD, 0x1DCD, "CM"), (0x1DFC, 0x1DFC, "CM"), (0x2057, 0x2057, "AL"),
    (0x2E56, 0x2E56, "CL"), (0x2E58, 0x2E58, "CL"), (0x2E5A, 0x2E5A, "CL"), (0x2E5C, 0x2E5C, "CL"),
    (0xA9C1, 0xA9C6, "AL"), (0xA9CA, 0xA9CD, "AL"), (0xA9CF, 0xA9CF, "AL"), (0xA9D0, 0xA9D9, "NU"),
    (0xA9DE, 0xA9DF, "AL"), (0xAA40, 0xAA42, "AL"), (0xAA44, 0xAA4B, "AL"), (0xAA50, 0xAA59, "NU"),
    (0xAA5C, 0xAA5C, "AL"), (0xFE10, 0xFE10, "IS"), (0xFE13, 0xFE14, "IS"), (0xFE20, 0xFE20, "CM"),
    (0xFE22, 0xFE22, "CM"), (0xFE24, 0xFE24, "CM"), (0xFE26, 0xFE27, "CM"), (0xFE29, 0xFE29, "CM"),
    (0xFE2B, 0xFE2B, "CM"), (0xFE2D, 0xFE2E, "CM"), (0x11049, 0x1104D, "AL"),
    (0x11052, 0x11065, "AL"), (0x11066, 0x1106F, "NU"), (0x1107F, 0x1107F, "CM"),
    (0x110BD, 0x110BD, "AL"), (0x110CD, 0x110CD, "AL"), (0x1133D, 0x1133D, "AL"),
    (0x1135D, 0x1135D, "AL"), (0x11950, 0x11959, "NU"), (0x11EF2, 0x11EF2, "AL"),
    (0x11EF7, 0x11EF8, "AL"), (0x1F10D, 0x1F10F, "ID1"), (0x1F16D, 0x1F16F, "ID1"),
    (0x1F1AD, 0x1F1AD, "ID1"), (0x1F8B0, 0x1F8B1, "ID1"),
)  # fmt: skip
# Code points unassigned in Unicode 14 that libunistring 1.0 breaks as ideographs...
_IDEOGRAPHS_UNASSIGNED = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FFFD),
    (0x30000, 0x3FFFD),
)


def computed_class(char: str) -> str:
    """libunistring 1.0's resolved line breaking class of ``char`` (UTF-8, non-CJK locale)."""
    code = ord(char)
    for first, last, value in _DEVIATIONS:
        if first <= code <= last:
            return value
    if unicodedata.category(char) == "Cn":  # unassigned in Unicode 14 (libunistring 1.0's data)
        if extended_pictographic(char):
            return "ID2"
        if 0x20BC <= code <= 0x20CF:  # reserved for currency signs
            return "PR"
        return "ID1" if any(a <= code <= b for a, b in _IDEOGRAPHS_UNASSIGNED) else "AL"
    value = str(line_break(char).value)
    if value in ("OP", "CP"):
        return value + ("2" if unicodedata.east_asian_width(char) in _EAST_ASIAN else "1")
    if value == "ID":
        return "ID1"
    return _RESOLVE.get(value, value)


def runs() -> list[tuple[int, str]]:
    """``(first code point, class)`` of each run of code points of one class."""
    found: list[tuple[int, str]] = []
    for code in range(0x110000):
        name = computed_class(chr(code))
        if not found or found[-1][1] != name:
            found.append((code, name))
    return found


HANGUL = (0xAC00, 0xD7A3)  # syllables: H2 (LV) every 28th from the first, else H3 (LVT)


def module(found: list[tuple[int, str]]) -> str:
    """The text of the table's module (the Hangul syllables as one run: ``linebreak`` counts)."""
    found = [(code, name) for code, name in found if not HANGUL[0] < code <= HANGUL[1]]
    names = sorted({name for _, name in found} | {"H3"})
    starts = [str(code) for code, _ in found]
    classes = [str(names.index(name)) for _, name in found]
    lines = [
        '"""libunistring 1.0\'s line-breaking class of every code point, as runs: made by',
        "``scripts/linebreak_table.py`` (do not edit; see there).",
        '"""',
        "",
        f'UNICODE = "{UNICODE}"  # Python\'s unicodedata when it was made',
        f'UNISEG_UNICODE = "{uniseg_unicode}"  # uniseg\'s, the Line_Break values it maps',
        f"HANGUL = (0x{HANGUL[0]:X}, 0x{HANGUL[1]:X})  # syllables: H2 every 28th, else H3",
        "# fmt: off",
        "NAMES: tuple[str, ...] = (",
        *_wrapped([f'"{name}"' for name in names]),
        ")",
        "STARTS: tuple[int, ...] = (  # the first code point of each run",
        *_wrapped(starts),
        ")",
        "CLASSES: tuple[int, ...] = (  # each run's class, an index into NAMES",
        *_wrapped(classes),
        ")",
        "# fmt: on",
        "",
    ]
    return "\n".join(lines)


def _wrapped(items: list[str], width: int = 96) -> list[str]:
    lines, line = [], "   "
    for item in items:
        if len(line) + len(item) + 2 > width:
            lines.append(line)
            line = "   "
        line += f" {item},"
    return [*lines, line]


def main() -> int:
    if unicodedata.unidata_version != UNICODE:
        print(f"this Python's unicodedata is {unicodedata.unidata_version}, not {UNICODE}")
        return 1
    TABLE.write_text(module(runs()), encoding="utf-8")
    print(f"wrote {TABLE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
