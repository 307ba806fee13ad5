"""What a command did, file by file: the report every command returns, and its summary line.

One bad file is reported and the others go on (``each``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from transpipe import paths
from transpipe.console import track
from transpipe.errors import TranspipeError

T = TypeVar("T")


@dataclass
class Report:
    """What a command did, file by file, and the errors it met.

    ``lines`` are per-file details (shown with ``-v``), ``notices`` what must always be
    shown; ``counts`` feed the summary line (``unchanged``, ``skipped ...``, ...).
    """

    lines: list[str] = field(default_factory=list)
    errors: list[TranspipeError] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def say(self, line: str) -> None:
        self.lines.append(line)

    def wrote(self, path: Path, line: str) -> None:
        self.written.append(path)
        self.lines.append(line)

    def tell(self, line: str) -> None:
        """A line shown even without ``-v`` (it changes what the user should do)."""
        self.notices.append(line)

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    def extend(self, other: Report) -> None:
        self.lines += other.lines
        self.errors += other.errors
        self.written += other.written
        self.notices += other.notices
        for what, n in other.counts.items():
            self.count(what, n)

    def unique_errors(self) -> list[TranspipeError]:
        """Each error once, in the order first met (a bad page fails every step that reads it)."""
        return list({str(error): error for error in self.errors}.values())

    def summary(self, command: str) -> str:
        """One line: what was written, what was left as it was or skipped, how many errors."""
        return summary_line(command, self.written, self.counts, len(self.unique_errors()))


_KINDS = {".pot": "template", ".po": "catalog", ".md": "page", ".yml": "data file"}


def summary_line(command: str, written: Sequence[Path], counts: dict[str, int], errors: int) -> str:
    """``sync: 3 templates, 12 catalogs, 40 pages written; 860 unchanged; 1 error``."""
    kinds: dict[str, int] = {}
    for path in dict.fromkeys(written):
        kind = _KINDS.get(path.suffix, "file")
        kinds[kind] = kinds.get(kind, 0) + 1
    made = ", ".join(f"{n} {kind}{'s' * (n != 1)}" for kind, n in kinds.items())
    parts = [f"{made} written" if made else "nothing written"]
    parts += [f"{n} {what}" for what, n in counts.items() if n]
    if errors:
        parts.append(f"{errors} error{'s' * (errors != 1)}")
    return f"{command}: " + "; ".join(parts)


def each(
    items: Iterable[Path], report: Report, work: Callable[[Path], None], label: str = ""
) -> None:
    """Run ``work`` on every item; a TranspipeError is reported and the next item goes on.

    With a ``label``, a terminal shows a progress bar when the work lasts.
    """
    for item in track(list(items), label) if label else items:
        attempt(report, item, functools.partial(work, item))


def attempt(report: Report, item: Path, work: Callable[[], T]) -> T | None:
    """``work()`` on ``item``; a TranspipeError or OSError goes to ``report`` (None), naming it."""
    try:
        return work()
    except OSError as error:  # (the readers and writers report their own: a fallback)
        report.errors.append(paths.os_error(error, item, "handle"))
    except TranspipeError as error:
        report.errors.append(
            error if error.path else TranspipeError(error.message, item, error.line)
        )
    return None


def joined(reports: Iterable[Report]) -> Report:
    """One report of several, in order."""
    result = Report()
    for report in reports:
        result.extend(report)
    return result
