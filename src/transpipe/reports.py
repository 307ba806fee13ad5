"""Translation progress: counts per language and page, as a table, JSON or Markdown."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

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
