"""The HTML dashboard and badges, checked in real headless Chromium (screenshot pixels, DOM)."""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path
from typing import Any

import polib
import pytest

from conftest import Run
from transpipe.dashboard import COLOURS, badge, render_html

CHROMIUM = shutil.which("chromium")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian package: chromium)"
)
WIDE, NARROW = 300, 200  # bar widths in CSS pixels (language bars, page bars)
# survives e-mail stripping (no closing ">"): unescaped, it would join the next tag
HOSTILE = 'Eve "&amp;" <img src=x onerror="document.title=\'pwned\'" '


def edit(po_path: Path, translated: int, fuzzy: int = 0, translator: str = "") -> None:
    """Translate the first ``translated`` entries and mark the next ``fuzzy`` ones fuzzy."""
    po = polib.pofile(str(po_path))
    for i, entry in enumerate(po):
        if i < translated + fuzzy:
            entry.msgstr = f"«{entry.msgid}»"
        if translated <= i < translated + fuzzy:
            entry.flags.append("fuzzy")
    if translator:
        po.metadata["Last-Translator"] = translator
    po.save()


@pytest.fixture
def dashboard(site: Path, run: Run) -> Path:
    """The two-page site (fr, pt) with uneven progress, and its dashboard in site/out."""
    run(site, "extract")
    run(site, "init", "fr")
    run(site, "init", "pt")
    edit(site / "locales" / "fr" / "index.po", 3, 2, "Zoé Martin <z@x.org>")
    edit(site / "locales" / "fr" / "week01" / "01-1.po", 99)
    edit(site / "locales" / "pt" / "week01" / "01-1.po", 1, 1)
    result = run(site, "report", "--html", "out")
    assert "wrote the dashboard out/index.html (2 languages, 4 pages)" in result.output
    return site / "out"


def status_rows(site: Path, run: Run) -> list[dict[str, Any]]:
    rows = json.loads(run(site, "status", "--format", "json").output)
    assert isinstance(rows, list)
    return rows


def chromium(tmp_path: Path, *args: str) -> str:
    """Run headless Chromium (flags that work as root, no network, no profile); its stdout."""
    assert CHROMIUM is not None
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ]
    done = subprocess.run(
        [CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=180, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def read_png(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and RGB rows of an 8-bit RGB or RGBA PNG (a small pure-Python decoder)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (size,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + size]
        pos += 12 + size
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    channels = 3 if colour == 2 else 4
    stride = width * channels
    raw = zlib.decompress(idat)
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        line = bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 255
        elif kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, previous, strict=True))
        elif kind == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 255
        elif kind == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b, c = previous[i], previous[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 255
        rows.append(bytes(line) if channels == 3 else bytes(_rgb(line)))
        previous = line
    return width, height, rows


def _rgb(line: bytearray) -> bytearray:
    out = bytearray()
    for i in range(0, len(line), 4):
        out += line[i : i + 3]
    return out


def hex_rgb(colour: str) -> bytes:
    return bytes.fromhex(colour.lstrip("#"))


def bars(rows: list[bytes]) -> list[dict[str, int]]:
    """Every progress bar in a screenshot, top to bottom: pixels of each colour in its run."""
    colours = {hex_rgb(c): kind for kind, c in COLOURS.items()}

    def runs(row: bytes) -> dict[str, int] | None:
        best: dict[str, int] | None = None
        current: dict[str, int] = {}
        for x in range(0, len(row), 3):
            kind = colours.get(row[x : x + 3])
            if kind is None:
                if current and (best is None or sum(current.values()) > sum(best.values())):
                    best = current
                current = {}
            else:
                current[kind] = current.get(kind, 0) + 1
        if current and (best is None or sum(current.values()) > sum(best.values())):
            best = current
        return best if best and sum(best.values()) >= 100 else None  # not a legend swatch

    found: list[dict[str, int]] = []
    band: list[dict[str, int]] = []
    for row in [*rows, b""]:
        measured = runs(row) if row else None
        if measured is not None:
            band.append(measured)
        elif band:
            found.append(band[len(band) // 2])  # the middle line of the bar
            band = []
    return found


@needs_chromium
def test_screenshot_bars_are_proportional_to_coverage(
    dashboard: Path, site: Path, run: Run, tmp_path: Path
) -> None:
    shot = tmp_path / "shot.png"
    chromium(
        tmp_path,
        f"--screenshot={shot}",
        "--window-size=1000,1100",
        dashboard.as_uri() + "/index.html",
    )
    _, _, rows = read_png(shot)
    measured = bars(rows)
    by_lang: dict[str, list[dict[str, Any]]] = {}
    for row in status_rows(site, run):
        by_lang.setdefault(row["language"], []).append(row)
    # page order: the language table (totals), then each language's pages
    expected = [(rows[-1], WIDE) for rows in by_lang.values()]
    expected += [(r, NARROW) for rows in by_lang.values() for r in rows[:-1]]
    assert len(measured) == len(expected), measured
    for pixels, (row, width) in zip(measured, expected, strict=True):
        total = row["translated"] + row["fuzzy"] + row["untranslated"]
        assert abs(sum(pixels.values()) - width) <= 1, (row, pixels)
        for kind in ("translated", "fuzzy"):
            assert abs(pixels.get(kind, 0) - width * row[kind] / total) <= 1.5, (row, pixels)
    shares = [p.get("translated", 0) / sum(p.values()) for p in measured]
    assert shares[0] > shares[1]  # fr is further than pt, and the bars show it


@needs_chromium
def test_hostile_translator_is_text_not_markup(site: Path, run: Run, tmp_path: Path) -> None:
    run(site, "extract")
    run(site, "init", "fr")
    edit(site / "locales" / "fr" / "index.po", 2, translator=HOSTILE)
    run(site, "report", "--lang", "fr", "--html", "out")
    page = (site / "out" / "index.html").read_text(encoding="utf-8")
    assert "<img" not in page
    dom = chromium(tmp_path, "--dump-dom", (site / "out" / "index.html").as_uri())
    title = re.search(r"<title>(.*?)</title>", dom)
    assert title and title[1] == "transpipe: translations"
    assert "<img" not in dom
    cell = 'Eve "&amp;amp;" &lt;img src=x onerror="document.title=\'pwned\'"'
    assert f">{cell}</td>" in dom  # shown as the text it is (serialised: & and < escaped)


def page_order(dom: str, lang: str) -> list[str]:
    section = re.search(rf'<section id="lang-{lang}">(.*?)</section>', dom, re.S)
    assert section
    return re.findall(r'<tr><td data-sort="[^"]*">([^<]*)</td>', section[1])


@needs_chromium
@pytest.mark.parametrize(
    ("fragment", "order"),
    [
        ("", ["pages/fr/week01/01-1.md", "pages/fr/index.md"]),  # the sources' order
        ("#sort=page", ["pages/fr/index.md", "pages/fr/week01/01-1.md"]),
        ("#sort=-percent", ["pages/fr/week01/01-1.md", "pages/fr/index.md"]),
        ("#sort=percent", ["pages/fr/index.md", "pages/fr/week01/01-1.md"]),
        ("#sort=-fuzzy", ["pages/fr/index.md", "pages/fr/week01/01-1.md"]),
    ],
)
def test_tables_sort_in_the_browser(
    dashboard: Path, tmp_path: Path, fragment: str, order: list[str]
) -> None:
    dom = chromium(tmp_path, "--dump-dom", dashboard.as_uri() + "/index.html" + fragment)
    assert page_order(dom, "fr") == order


def test_badges_are_svg_with_the_percentage(dashboard: Path, site: Path, run: Run) -> None:
    totals = {r["language"]: r for r in status_rows(site, run) if r["page"] is None}
    for lang, row in totals.items():
        svg = ET.fromstring((dashboard / "badges" / f"{lang}.svg").read_text(encoding="utf-8"))
        texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
        share = row["translated"] / (row["translated"] + row["fuzzy"] + row["untranslated"])
        assert texts == [lang, f"{min(round(share * 100), 99)}%"]


def test_second_report_writes_nothing(dashboard: Path, site: Path, run: Run) -> None:
    files = sorted(p for p in dashboard.rglob("*") if p.is_file())
    mtimes = [p.stat().st_mtime_ns for p in files]
    result = run(site, "report", "--html", "out")
    assert "up to date" in result.output
    assert [p.stat().st_mtime_ns for p in files] == mtimes


def test_page_is_self_contained(dashboard: Path) -> None:
    page = (dashboard / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page)
    assert "default-src 'none'" in page  # nothing loads, only the hashed script runs
    assert page.count("<script>") == 1
    assert render_html([], "x").count("<script>") == 1  # an empty site is a page too


def test_badge_colours_follow_coverage() -> None:
    assert 'fill="#4c1"' in badge("fr", 100)
    assert 'fill="#e05d44"' in badge("fr", 3)
    assert "fr: 55%" in badge("fr", 55)
