"""Translation progress: counts per language and page, as a table, JSON or Markdown."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import click

from transpipe.catalog import Catalog


@dataclass
class Progress:
    """Entry counts of one catalog (or a sum of catalogs)."""

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    def add(self, other: Progress) -> None:
        self.translated += other.translated
        self.fuzzy += other.fuzzy
        self.untranslated += other.untranslated
        self.obsolete += other.obsolete


def progress(catalog: Catalog | None, template: Catalog | None = None) -> Progress:
    """Counts of a catalog; a missing catalog counts its template's entries as untranslated."""
    if catalog is None:
        return Progress(untranslated=len(template.active()) if template else 0)
    counts = Progress()
    for message in catalog.messages:
        if message.obsolete:
            counts.obsolete += 1
        elif message.fuzzy:
            counts.fuzzy += 1
        elif message.msgstr:
            counts.translated += 1
        else:
            counts.untranslated += 1
    return counts


@dataclass
class Row:
    lang: str
    page: str  # "" for a language's total
    progress: Progress
    notes: list[str] = field(default_factory=list)


def totals(rows: Sequence[Row]) -> list[Row]:
    """Rows with a total row per language after that language's pages."""
    out: list[Row] = []
    by_lang: dict[str, Progress] = {}
    for row in rows:
        by_lang.setdefault(row.lang, Progress()).add(row.progress)
    for lang, total in by_lang.items():
        out.extend(r for r in rows if r.lang == lang)
        out.append(Row(lang, "", total))
    return out


HEADER = ("language", "page", "translated", "fuzzy", "untranslated", "obsolete", "%", "notes")


def _cells(row: Row) -> list[str]:
    p = row.progress
    return [
        row.lang,
        row.page or "(all pages)",
        str(p.translated),
        str(p.fuzzy),
        str(p.untranslated),
        str(p.obsolete),
        f"{p.percent:.1f}",
        "; ".join(row.notes),
    ]


def render(rows: Sequence[Row], style: str) -> str:
    """``rows`` as ``table`` (aligned text), ``markdown`` (GitHub table) or ``json``."""
    if style == "json":
        return json.dumps(
            [
                {
                    "language": r.lang,
                    "page": r.page or None,
                    **asdict(r.progress),
                    "percent": round(r.progress.percent, 1),
                    "notes": r.notes,
                }
                for r in rows
            ],
            indent=2,
            ensure_ascii=False,
        )
    table = [list(HEADER), *(_cells(r) for r in rows)]
    if style == "markdown":
        lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
        lines += [
            "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |" for cells in table[1:]
        ]
        return "\n".join(lines)
    widths = [max(len(cells[i]) for cells in table) for i in range(len(HEADER))]
    return "\n".join(
        "  ".join(
            c.ljust(w) if i < 2 or i == 7 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()
        for cells in table
    )


BAR_WIDTH = 24
_BAR = (("translated", "█", "green"), ("fuzzy", "▒", "yellow"), ("untranslated", "░", "red"))


def bar(counts: Progress, colour: bool = False, width: int = BAR_WIDTH) -> str:
    """A bar of ``width`` cells: translated, then fuzzy, then untranslated (largest remainder)."""
    total = counts.total or 1
    parts = [getattr(counts, name) * width / total for name, _, _ in _BAR]
    cells = [int(part) for part in parts]
    by_remainder = sorted(range(len(parts)), key=lambda i: parts[i] - cells[i], reverse=True)
    for i in by_remainder[: width - sum(cells)] if counts.total else []:
        cells[i] += 1
    if not counts.total:
        cells = [0, 0, width]
    out = []
    for (_, char, hue), n in zip(_BAR, cells, strict=True):
        piece = char * n
        out.append(click.style(piece, fg=hue) if colour and piece else piece)
    return "".join(out)


def overview(rows: Sequence[Row], colour: bool = False) -> str:
    """One line per language (from ``totals`` rows): a bar, the share translated, the counts."""
    summed = [row for row in rows if not row.page]
    pages = {total.lang: [r for r in rows if r.lang == total.lang and r.page] for total in summed}
    width = max((len(row.lang) for row in summed), default=0)
    lines = []
    for row in summed:
        p = row.progress
        percent = f"{p.percent:5.1f}%"
        if colour:
            percent = click.style(percent, bold=True)
        details = [
            f"{p.translated} translated",
            f"{p.fuzzy} fuzzy",
            f"{p.untranslated} untranslated",
        ]
        own = pages[row.lang]
        missing = sum(1 for r in own if "no catalog" in r.notes)
        outdated = sum(1 for r in own if any(n.startswith("outdated") for n in r.notes))
        complete = sum(1 for r in own if r.progress.translated == r.progress.total)
        notes = [f"{complete}/{len(own)} pages complete"]
        if outdated:
            notes.append(f"{outdated} outdated")
        if missing:
            notes.append(f"{missing} without catalog")
        lines.append(
            f"{row.lang.ljust(width)}  {bar(p, colour)}  {percent}  "
            + ", ".join(details)
            + " · "
            + ", ".join(notes)
        )
    return "\n".join(lines)


def status_summary(rows: Sequence[Row], verbose: bool = False) -> str:
    """The last line of ``status``: everything together, and where the per-page table is."""
    total = Progress()
    languages = dict.fromkeys(r.lang for r in rows)
    for row in rows:
        if row.page:
            total.add(row.progress)
    pages = len({r.page.split("/", 2)[-1] for r in rows if r.page})
    line = (
        f"status: {len(languages)} language{'s' * (len(languages) != 1)} × {pages} "
        f"page{'s' * (pages != 1)}, {total.percent:.1f}% translated"
    )
    return line if verbose else line + " (per page: transpipe -v status)"
