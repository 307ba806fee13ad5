"""One command's invocation: its folder and verbosity, the site it loads, how it reports.

The click layer (``cli``) is built on these: global options anywhere on the line, a
TranspipeError as one line on stderr, a report printed as per-file lines (with -v), each
error once and a summary line.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import click

from transpipe.config import Config, load_config
from transpipe.errors import TranspipeError
from transpipe.runreport import Report


def lazy(name: str) -> ModuleType:
    """A module imported on first use: a command loads only what it uses (a quick start)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.loader is not None
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


if TYPE_CHECKING:
    from transpipe import site as site_lib
else:
    site_lib = lazy("transpipe.site")


class Context:
    """Per-invocation state: the directory given with -C, -v, the loaded site."""

    def __init__(self, directory: Path, verbose: bool = False):
        self.directory = directory
        self.verbose = verbose
        self._site: site_lib.Site | None = None
        self._config: Config | None = None
        self._saved = False

    def path(self, given: Path) -> Path:
        """A path from the command line, relative to the -C directory."""
        return (given if given.is_absolute() else self.directory / given).resolve()

    def save(self) -> None:
        """Save the run state (a cache: when it cannot be written, say so and fail)."""
        if self._site is not None and not self._saved:
            self._saved = True  # once: a later save would undo a newer run's
            try:
                self._site.state.save()
            except TranspipeError as error:
                click.echo(f"error: {error} (the run's cache)", err=True)
                sys.exit(1)

    @property
    def config(self) -> Config:
        """The site configuration (read once)."""
        if self._config is None:
            self._config = load_config(self.directory)
        return self._config

    @property
    def site(self) -> site_lib.Site:
        if self._site is None:
            self._site = site_lib.Site(self.config)
            for warning in self._site.config.warnings:
                click.echo(f"warning: {warning}", err=True)
            if self._site.state.problem:
                click.echo(f"note: {self._site.state.problem}", err=True)
        return self._site


pass_context = click.make_pass_decorator(Context)


def finish(report: Report, what: str = "", summary: str | None = None) -> None:
    """Print a report (per-file lines with -v), each error once, then one summary line.

    Exits non-zero when any file failed. ``what`` names the command in the summary
    (default: the command's name); ``summary`` replaces the line ("" for none).
    """
    click_ctx = click.get_current_context()
    ctx = click_ctx.find_object(Context)
    if ctx is not None and ctx.verbose:
        for line in report.lines:
            click.echo(line)
    for line in report.notices:
        click.echo(line)
    errors = report.unique_errors()
    for error in errors:
        click.echo(f"error: {error}", err=True)
    if summary is None:
        summary = report.summary(what or click_ctx.info_name or "transpipe")
    if summary:
        click.echo(summary)
    if errors:
        sys.exit(1)


def languages(ctx: Context, chosen: tuple[str, ...]) -> list[str]:
    return list(chosen) or list(ctx.site.config.languages)


GLOBAL_FLAGS = ("-v", "--verbose")
GLOBAL_VALUES = ("-C",)


def hoist_global_options(args: list[str]) -> list[str]:
    """``args`` with -C DIR and -v moved before the command, wherever they were given."""
    front: list[str] = []
    rest: list[str] = []
    position = 0
    while position < len(args):
        arg = args[position]
        if arg == "--":
            rest += args[position:]
            break
        if arg in GLOBAL_FLAGS:
            front.append(arg)
        elif arg in GLOBAL_VALUES and position + 1 < len(args):
            front += [arg, args[position + 1]]
            position += 1
        elif arg.startswith("-C") and len(arg) > 2:
            front.append(arg)
        else:
            rest.append(arg)
        position += 1
    return front + rest


class Group(click.Group):
    """Global options anywhere on the line; a TranspipeError is one line on stderr, exit 1."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(args))

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except TranspipeError as error:
            click.echo(f"error: {error}", err=True)
            ctx.exit(1)
        except OSError as error:  # the readers and writers report their own: a last resort
            where = f"{error.filename}: " if error.filename else ""
            click.echo(f"error: {where}{error.strerror or error}", err=True)
            ctx.exit(1)
