"""``sync --jobs N``: the languages spread over N processes, with the output of one.

The parent extracts the templates (each page parsed once), then forks; each worker updates
and builds every page in its share of the languages, exactly as one process would (what a
language's pages become never depends on another language). The parent joins the reports
language by language, in the order of one process, merges the state each worker recorded,
then writes what lists every language (the language-menu data). Without ``fork`` (or with
one language, or ``--jobs 1``) it is ``pipeline.sync``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from transpipe import pipeline
from transpipe.console import disable_progress
from transpipe.runreport import Report
from transpipe.site import Site
from transpipe.sitebuild import build_languages, history_credits, write_menus
from transpipe.state import StateMark

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

SMALL = 40
"""Below this many page-languages the default is one process (a fork costs more)."""


def default_jobs(pages: int, langs: int) -> int:
    """The machine's cores (those this process may use), or 1 for a small site."""
    if pages * langs < SMALL:
        return 1
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


@dataclass
class _Part:
    """What one worker did for its languages, and the state it recorded."""

    updated: dict[str, Report]
    built: dict[str, Report]
    state: StateMark


def shares(langs: Sequence[str], count: int) -> list[list[str]]:
    """``langs`` dealt round-robin into at most ``count`` non-empty groups."""
    groups = [list(langs[i::count]) for i in range(max(1, count))]
    return [group for group in groups if group]


def _worker(site: Site, langs: list[str], keep: int, connection: Connection) -> None:
    """Update and build ``langs`` (in a forked copy of the parent), then send what it did."""
    try:
        disable_progress()  # the parent speaks for everyone
        before = site.state.mark()
        updated = pipeline.update_languages(site, langs)
        built = build_languages(site, langs, keep, *history_credits(site, langs))
        connection.send(("done", _Part(updated, built, site.state.changes(before))))
    except BaseException as error:  # handed to the parent, which raises it
        connection.send(("error", error))
    finally:
        connection.close()


def _receive(connection: Connection) -> _Part:
    kind, value = connection.recv()
    if kind == "error":
        raise value
    assert kind == "done", kind
    assert isinstance(value, _Part)
    return value


def sync(site: Site, langs: Sequence[str], keep: int, shard: bool, jobs: int) -> Report:
    """``pipeline.sync`` over ``jobs`` processes: the same files, report and state."""
    groups = shares(langs, min(jobs, len(langs)))
    if len(groups) < 2:
        return pipeline.sync(site, langs, keep, shard)
    import multiprocessing  # (imported only when used: one process starts faster without it)

    if "fork" not in multiprocessing.get_all_start_methods():
        return pipeline.sync(site, langs, keep, shard)
    pipeline.begin_sync(site, langs, shard)
    report = pipeline.extract(site)  # (update's own first extraction finds nothing left)
    _warm()
    context = multiprocessing.get_context("fork")
    workers = []
    for group in groups:
        mine, theirs = context.Pipe()
        process = context.Process(target=_worker, args=(site, group, keep, theirs), daemon=True)
        process.start()
        theirs.close()
        workers.append((process, mine))
    try:
        parts = [_receive(connection) for _, connection in workers]
    finally:
        for process, connection in workers:
            connection.close()
            process.join()
    updated: dict[str, Report] = {}
    built: dict[str, Report] = {}
    for part in parts:
        updated |= part.updated
        built |= part.built
        site.state.absorb(part.state)
    for lang in langs:
        report.extend(updated[lang])
    for lang in langs:
        report.extend(built[lang])
    site.forget_catalogs()  # the workers wrote them: read again what the menus need
    write_menus(site, report)
    return report


def _warm() -> None:
    """Import and build once, before the fork, what every worker would for itself."""
    import transpipe.update  # noqa: F401  (rapidfuzz)
    from transpipe.page import _markdown

    _markdown()
