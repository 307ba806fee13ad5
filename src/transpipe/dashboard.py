"""The translation dashboard: one static HTML page and an SVG badge per language.

``transpipe report --html DIR`` writes ``DIR/index.html`` (a progress bar per language and
per page, with staleness and translators, in sortable tables) and ``DIR/badges/LANG.svg``
(shields-style ``fr | 87%``). Everything is inline (CSS, a small sorting script whose hash
the page's Content-Security-Policy allows, nothing else): the folder can be opened from
disk or published with the site. Translators' names come from the catalogs, which anyone
can edit in a pull request: every text is HTML-escaped.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from transpipe import pipeline
from transpipe.files import write_if_changed
from transpipe.locales import native_name
from transpipe.reports import Progress
from transpipe.runreport import Report
from transpipe.site import Site
from transpipe.sitebuild import header_credits
from transpipe.switcher import whole_percent

# Bar colours (the browser test reads them back from a screenshot).
COLOURS = {"translated": "#2da44e", "fuzzy": "#d4a72c", "untranslated": "#d0d7de"}


@dataclass(frozen=True)
class PageLine:
    """One page in one language."""

    page: str  # the language page, as status shows it (pages/fr/week01/01-1.md)
    progress: Progress
    translators: tuple[str, ...]
    notes: tuple[str, ...]


@dataclass
class LanguageLine:
    """One language: its total and its pages."""

    lang: str
    progress: Progress = field(default_factory=Progress)
    pages: list[PageLine] = field(default_factory=list)


def collect(site: Site, langs: Sequence[str]) -> tuple[list[LanguageLine], Report]:
    """Progress, staleness and translators per language and page (``status`` rows + headers)."""
    config = site.config
    rows, report = pipeline.status(site, langs)
    by_target = {
        (lang, config.display(config.target_path(s, lang))): s
        for lang in langs
        for s in site.sources()
    }
    lines: dict[str, LanguageLine] = {lang: LanguageLine(lang) for lang in langs}
    for row in rows:
        line = lines[row.lang]
        if not row.page:
            line.progress = row.progress
            continue
        source = by_target[(row.lang, row.page)]
        catalog = site.catalog(config.catalog_path(source, row.lang))  # read by status already
        names = header_credits(catalog).translators if catalog is not None else ()
        line.pages.append(PageLine(row.page, row.progress, names, tuple(row.notes)))
    return list(lines.values()), report


def percent(progress: Progress) -> int:
    """Whole percent translated: 100 only when complete."""
    return whole_percent(progress.translated / progress.total if progress.total else 1.0)


def bar(progress: Progress, width: str) -> str:
    """A progress bar: translated, fuzzy and untranslated shares of one box."""
    total = progress.total or 1
    parts = {
        "translated": progress.translated,
        "fuzzy": progress.fuzzy,
        "untranslated": progress.untranslated if progress.total else 0,
    }
    label = ", ".join(f"{n} {kind}" for kind, n in parts.items())
    spans = "".join(
        f'<span class="{kind[0]}" style="width:{100 * n / total:.4f}%"></span>'
        for kind, n in parts.items()
        if n
    )
    return f'<div class="bar {width}" role="img" aria-label="{escape(label)}">{spans}</div>'


BADGE_COLOURS = ((90, "#4c1"), (75, "#97ca00"), (50, "#dfb317"), (25, "#fe7d37"), (0, "#e05d44"))


def badge(lang: str, share: int) -> str:
    """A shields-style SVG badge: ``lang | 87%``, coloured by coverage."""
    colour = next(c for least, c in BADGE_COLOURS if share >= least)
    left, right = escape(lang), f"{share}%"
    lw, rw = 10 + 7 * len(lang), 10 + 7 * len(right)
    width = lw + rw
    ident = escape(f"b-{lang}")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" '
        f'aria-label="{left}: {right}"><title>{left}: {right}</title>'
        f'<linearGradient id="{ident}-s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" '
        f'stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="{ident}-r"><rect width="{width}" height="20" rx="3" fill="#fff"/>'
        f'</clipPath><g clip-path="url(#{ident}-r)"><rect width="{lw}" height="20" fill="#555"/>'
        f'<rect x="{lw}" width="{rw}" height="20" fill="{colour}"/>'
        f'<rect width="{width}" height="20" fill="url(#{ident}-s)"/></g>'
        f'<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" '
        f'font-size="11"><text x="{lw / 2}" y="14">{left}</text>'
        f'<text x="{lw + rw / 2}" y="14">{right}</text></g></svg>'
    )


CSS = """
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
margin:24px;color:#1f2328;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 6px}
p.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;
vertical-align:-1px}
table{border-collapse:collapse;margin-bottom:8px}
th,td{padding:5px 10px;border-bottom:1px solid #eaeef2;text-align:left;vertical-align:middle}
th{cursor:pointer;user-select:none;background:#f6f8fa;white-space:nowrap}
th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.bar{display:flex;height:14px;background:#fff;overflow:hidden}
.bar.wide{width:300px}.bar.narrow{width:200px}
.bar span{display:block;height:100%;flex:none}
.t{background:@translated}.f{background:@fuzzy}.u{background:@untranslated}
td.notes{color:#9a6700;max-width:420px}
"""
for _kind, _colour in COLOURS.items():
    CSS = CSS.replace(f"@{_kind}", _colour)

# Sorts a table by the clicked column (numbers by data-sort); "#sort=KEY" or "#sort=-KEY"
# in the address sorts every table with that column on load.
SCRIPT = """
(function(){
function sortBy(th,dir){var table=th.closest("table"),body=table.tBodies[0];
var i=Array.prototype.indexOf.call(th.parentNode.children,th),num=th.dataset.type==="num";
var rows=Array.prototype.slice.call(body.rows);
rows.sort(function(a,b){var x=a.cells[i].dataset.sort,y=b.cells[i].dataset.sort;
var c=num?parseFloat(x)-parseFloat(y):x.localeCompare(y);return dir==="ascending"?c:-c;});
rows.forEach(function(r){body.appendChild(r);});
Array.prototype.forEach.call(th.parentNode.children,function(h){h.removeAttribute("aria-sort");});
th.setAttribute("aria-sort",dir);}
document.querySelectorAll("th[data-key]").forEach(function(th){
th.addEventListener("click",function(){
sortBy(th,th.getAttribute("aria-sort")==="ascending"?"descending":"ascending");});});
var m=/^#sort=(-?)([a-z]+)$/.exec(location.hash);
if(m){document.querySelectorAll('th[data-key="'+m[2]+'"]').forEach(function(th){
sortBy(th,m[1]?"descending":"ascending");});}
})();
"""

COLUMNS = (
    ("translated", "translated"),
    ("fuzzy", "fuzzy"),
    ("untranslated", "untranslated"),
    ("percent", "%"),
)


def _head(first: tuple[str, str], rest: Sequence[tuple[str, str]]) -> str:
    cells = [first, ("progress", "progress"), *COLUMNS, *rest]
    numeric = {"progress", "translated", "fuzzy", "untranslated", "percent", "pages", "badge"}
    kinds = {key: "num" if key in numeric else "text" for key, _ in cells}
    heads = "".join(
        f'<th data-key="{key}" data-type="{kinds[key]}">{escape(label)}</th>'
        for key, label in cells
    )
    return f"<thead><tr>{heads}</tr></thead>"


def _cells(progress: Progress, width: str) -> str:
    share = progress.translated / progress.total if progress.total else 1.0
    numbers = [progress.translated, progress.fuzzy, progress.untranslated]
    return (
        f'<td data-sort="{share:.6f}">{bar(progress, width)}</td>'
        + "".join(f'<td class="n" data-sort="{n}">{n}</td>' for n in numbers)
        + f'<td class="n" data-sort="{share:.6f}">{percent(progress)}%</td>'
    )


def _text_cell(text: str, css: str = "") -> str:
    attr = f' class="{css}"' if css else ""
    return f'<td{attr} data-sort="{escape(text.casefold())}">{escape(text)}</td>'


def render_html(languages: Sequence[LanguageLine], project: str) -> str:
    """The dashboard page (no date in it: an unchanged site gives the same bytes)."""
    script_hash = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
    csp = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'"
    title = f"{project}: translations"
    summary = "".join(
        f'<tr id="row-{escape(line.lang)}">'
        + _text_cell(f"{native_name(line.lang)} ({line.lang})")
        + _cells(line.progress, "wide")
        + f'<td class="n" data-sort="{len(line.pages)}">{len(line.pages)}</td>'
        + f'<td data-sort="{percent(line.progress)}">{badge(line.lang, percent(line.progress))}'
        "</td></tr>"
        for line in languages
    )
    sections = []
    for line in languages:
        rows = "".join(
            "<tr>"
            + _text_cell(page.page)
            + _cells(page.progress, "narrow")
            + _text_cell(", ".join(page.translators))
            + _text_cell("; ".join(page.notes), "notes")
            + "</tr>"
            for page in line.pages
        )
        head = _head(("page", "page"), [("translators", "translators"), ("notes", "status")])
        name = escape(f"{native_name(line.lang)} ({line.lang}): {percent(line.progress)}%")
        sections.append(
            f'<section id="lang-{escape(line.lang)}"><h2>{name}</h2>'
            f"<table>{head}<tbody>{rows}</tbody></table></section>"
        )
    legend = "".join(
        f'<span class="{kind[0]}"></span>{kind}' for kind in ("translated", "fuzzy", "untranslated")
    )
    head = _head(("language", "language"), [("pages", "pages"), ("badge", "badge")])
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        f'<p class="legend">Entries per catalog:{legend}</p>'
        f'<table id="languages">{head}<tbody>{summary}</tbody></table>'
        + "".join(sections)
        + f"<script>{SCRIPT}</script></body></html>\n"
    )


def write_dashboard(site: Site, langs: Sequence[str], folder: Path) -> Report:
    """Write ``folder/index.html`` and ``folder/badges/LANG.svg``, each only when changed."""
    config = site.config
    languages, report = collect(site, langs)
    outputs = {folder / "index.html": render_html(languages, config.project)}
    for line in languages:
        outputs[folder / "badges" / f"{line.lang}.svg"] = badge(line.lang, percent(line.progress))
    written = [path for path, text in outputs.items() if write_if_changed(path, text)]
    for path in written:
        report.written.append(path)
    shown = config.display(folder)
    pages = sum(len(line.pages) for line in languages)
    if written:
        report.tell(
            f"wrote the dashboard {shown}/index.html ({len(languages)} languages, {pages} pages) "
            f"and {len(languages)} badges in {shown}/badges ({len(written)} files changed)"
        )
    else:
        report.tell(f"dashboard {shown}/index.html and its badges are up to date")
    return report
