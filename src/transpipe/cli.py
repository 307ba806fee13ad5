"""The ``transpipe`` command line: a thin click layer over the library."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from transpipe import __version__, pipeline
from transpipe import commit as commit_lib
from transpipe.config import load_config
from transpipe.credits import head_commit
from transpipe.errors import TranspipeError
from transpipe.reports import render


class Context:
    """Per-invocation state: the directory given with -C, the loaded site."""

    def __init__(self, directory: Path):
        self.directory = directory
        self._site: pipeline.Site | None = None
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
    def site(self) -> pipeline.Site:
        if self._site is None:
            self._site = pipeline.Site(load_config(self.directory))
            if self._site.state.problem:
                click.echo(f"note: {self._site.state.problem}", err=True)
        return self._site


pass_context = click.make_pass_decorator(Context)


def finish(report: pipeline.Report) -> None:
    """Print a report, save the run state; exit non-zero when any file failed."""
    for line in report.lines:
        click.echo(line)
    for error in report.errors:
        click.echo(f"error: {error}", err=True)
    if report.errors:
        sys.exit(1)


def languages(ctx: Context, chosen: tuple[str, ...]) -> list[str]:
    return list(chosen) or list(ctx.site.config.languages)


class Group(click.Group):
    """Reports a TranspipeError as one line on stderr with exit status 1, not a traceback."""

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


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-C",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    help="Run as if transpipe was started in DIR.",
)
@click.version_option(__version__, prog_name="transpipe")
@click.pass_context
def cli(click_ctx: click.Context, directory: Path) -> None:
    """Translate a Markdown site with gettext: extract, update, build, check."""
    click_ctx.obj = Context(directory)
    click_ctx.call_on_close(lambda: click_ctx.obj.save())


@cli.command()
@click.argument("pages", nargs=-1)
@pass_context
def extract(ctx: Context, pages: tuple[str, ...]) -> None:
    """Write the template catalogs (.pot) of the English PAGES (default: all)."""
    finish(pipeline.extract(ctx.site, pages))


@cli.command()
@click.argument("lang")
@click.argument("pages", nargs=-1)
@pass_context
def init(ctx: Context, lang: str, pages: tuple[str, ...]) -> None:
    """Create the catalogs (.po) of a new language LANG."""
    finish(pipeline.init(ctx.site, lang, pages))


@cli.command()
@click.option("--lang", "langs", multiple=True, help="Only this language (repeatable).")
@pass_context
def update(ctx: Context, langs: tuple[str, ...]) -> None:
    """Merge the templates into every language's catalogs."""
    finish(pipeline.update(ctx.site, languages(ctx, langs)))


@cli.command("import")
@click.argument("lang")
@click.argument("pages", nargs=-1)
@click.option(
    "--from",
    "from_path",
    type=click.Path(path_type=Path),
    help="Read the translated page from this file (one PAGE).",
)
@click.option("--rev", help="Read the translated page as it was at this git revision.")
@click.option("--repair", is_flag=True, help="Repair damaged text (mojibake) in memory first.")
@pass_context
def import_(
    ctx: Context,
    lang: str,
    pages: tuple[str, ...],
    from_path: Path | None,
    rev: str | None,
    repair: bool,
) -> None:
    """Build LANG catalogs from existing hand-made translated pages."""
    source = ctx.path(from_path) if from_path else None
    finish(pipeline.import_pages(ctx.site, lang, pages, source, rev, repair))


@cli.command()
@click.argument("pages", nargs=-1, required=True, type=click.Path(path_type=Path))
@pass_context
def repair(ctx: Context, pages: tuple[Path, ...]) -> None:
    """Repair damaged PAGES in place (UTF-8 read as Windows-1254, BOM, CRLF, lost '---')."""
    finish(pipeline.repair_pages(ctx.site, [ctx.path(p) for p in pages]))


@cli.command()
@click.option("--lang", "langs", multiple=True, help="Only this language (repeatable).")
@click.option(
    "--keep",
    type=click.IntRange(0, 100),
    default=None,
    help="Write a page only when at least N% of it is translated (default 80).",
)
@pass_context
def build(ctx: Context, langs: tuple[str, ...], keep: int | None) -> None:
    """Regenerate the language pages from the catalogs."""
    site = ctx.site
    chosen = languages(ctx, langs)
    credits = pipeline.history_credits(site, chosen)
    finish(pipeline.build(site, chosen, site.config.keep if keep is None else keep, *credits))


@cli.command()
@click.option("--lang", "langs", multiple=True, help="Only this language (repeatable).")
@click.option("--keep", type=click.IntRange(0, 100), default=None, help="As for build.")
@click.option("--commit", is_flag=True, help="Commit what was regenerated, as the bot.")
@click.option(
    "--wait",
    type=click.FloatRange(0),
    default=300.0,
    show_default=True,
    help="With --commit: seconds to wait for another sync --commit of the site to finish.",
)
@pass_context
def sync(ctx: Context, langs: tuple[str, ...], keep: int | None, commit: bool, wait: float) -> None:
    """extract + update + build in one step, doing only the work whose inputs changed."""
    if not commit:
        site = ctx.site
        finish(
            pipeline.sync(site, languages(ctx, langs), site.config.keep if keep is None else keep)
        )
        return
    with commit_lib.sync_lock(load_config(ctx.directory).root, wait):  # one run at a time
        site = ctx.site  # (read after the lock: the state the previous run saved)
        config = site.config
        report = pipeline.sync(site, languages(ctx, langs), config.keep if keep is None else keep)
        commit_sync(site, report)
        ctx.save()
    finish(report)


def commit_sync(site: pipeline.Site, report: pipeline.Report) -> None:
    """Commit what this run and earlier uncommitted runs regenerated; remembered until done."""
    config = site.config
    earlier = [p for p in commit_lib.pending(config.root) if p not in report.written]
    files = [*report.written, *earlier]
    if not files:
        report.say("nothing to commit")
        return
    commit_lib.remember(config.root, files)
    if report.errors:
        report.say("not committed (errors above): the next sync --commit commits it")
        return
    message = sync_message(report, len(earlier))
    before = head_commit(config.root)
    sha = commit_lib.commit_paths(config.root, files, message, config.bot_name, config.bot_email)
    commit_lib.forget(config.root)
    report.say(f"committed {sha[:12]}: {message.splitlines()[0]}" if sha else "nothing to commit")
    if sha and before:  # the bot's commit changes no credits: later runs look past it
        site.state.transparent(sha, before)


def sync_message(report: pipeline.Report, earlier: int = 0) -> str:
    """A commit message that says what was regenerated (``earlier``: by uncommitted runs)."""
    kinds = {".pot": "templates", ".po": "catalogs", ".md": "pages"}
    counts: dict[str, int] = {}
    for path in report.written:
        kind = kinds.get(path.suffix, "files")
        counts[kind] = counts.get(kind, 0) + 1
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    if earlier:
        summary += (", " if summary else "") + f"{earlier} from an uncommitted earlier run"
    return f"Regenerate translations ({summary})\n\n" + "\n".join(report.lines) + "\n"


@cli.command()
@click.option("--lang", "langs", multiple=True, help="Only this language (repeatable).")
@click.option(
    "--format",
    "style",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
)
@pass_context
def status(ctx: Context, langs: tuple[str, ...], style: str) -> None:
    """Show translation progress per language and page."""
    rows, report = pipeline.status(ctx.site, languages(ctx, langs))
    click.echo(render(rows, style))
    finish(report)


def main() -> None:
    """Console entry point."""
    cli(prog_name="transpipe")
