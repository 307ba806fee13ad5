"""Output for people: colour and progress bars on a terminal only, plain text otherwise.

A progress bar goes to stderr, only when stderr is a terminal and the run is not in CI
(``CI`` set), and only for work that lasts: it appears after ``DELAY`` seconds, so a quick
run shows none. Colour follows https://no-color.org: never when ``NO_COLOR`` is set.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator, Sequence
from typing import IO, TypeVar

import click

T = TypeVar("T")
DELAY = 0.5  # seconds of work before a bar is worth showing


def _delay() -> float:
    """``DELAY``, or ``TRANSPIPE_PROGRESS_DELAY`` seconds (tests show the bar at once)."""
    try:
        return float(os.environ.get("TRANSPIPE_PROGRESS_DELAY", DELAY))
    except ValueError:
        return DELAY


_progress = {"on": False}


def is_terminal(stream: IO[str]) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def wants_colour(stream: IO[str]) -> bool:
    """Colour on a terminal, unless ``NO_COLOR`` is set or the terminal is dumb."""
    return (
        is_terminal(stream) and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    )


def enable_progress(stream: IO[str] | None = None) -> bool:
    """Turn progress bars on when ``stream`` (stderr) is a terminal outside CI; True if on."""
    stream = stream or sys.stderr
    _progress["on"] = is_terminal(stream) and not os.environ.get("CI")
    return _progress["on"]


def disable_progress() -> None:
    _progress["on"] = False


def track(items: Sequence[T], label: str) -> Iterator[T]:
    """Iterate ``items``; on a terminal, a bar on stderr once the work lasts ``DELAY``."""
    if not _progress["on"] or len(items) < 2:
        yield from items
        return
    start, delay = time.monotonic(), _delay()
    bar = None
    try:
        for done, item in enumerate(items):
            if bar is None and time.monotonic() - start >= delay:
                bar = click.progressbar(
                    length=len(items), label=label, file=sys.stderr, show_pos=True
                )
                bar.__enter__()
                bar.update(done)
            yield item
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
