"""The ``transpipe`` command line: a thin click layer over the library."""

from __future__ import annotations

import contextlib
import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from transpipe import __version__, quick
from transpipe import commit as commit_lib
from transpipe.console import disable_progress, enable_progress, wants_colour
from transpipe.invocation import Context, Group, finish, languages, lazy, pass_context
from transpipe.runreport import Report

CHECK_FORMATS = ("text", "github", "json")  # what checkreport.render writes


if TYPE_CHECKING:
    from transpipe import checkreport, importing, pipeline, reports, sitebuild, sitecheck
else:
    checkreport, importing, pipeline, reports, sitebuild, sitecheck = (
        lazy(f"transpipe.{name}")
        for name in ("checkreport", "importing", "pipeline", "reports", "sitebuild", "sitecheck")
    )


EXAMPLES = """\b
Examples:
  transpipe init de             start German: catalogs in locales/de/, de added to the config
  transpipe sync                extract + update + build, only what changed
  transpipe -v build --keep 50  pages at least half translated; list every file
  transpipe status -C site      progress per language (of the site in ./site)
  transpipe import pt --repair  catalogs from the hand-made pages/pt/**.md
"""


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXAMPLES)
@click.option(
    "-C",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    metavar="DIR",
    help="Run as if transpipe was started in DIR (anywhere on the line).",
)
@click.option("-v", "--verbose", is_flag=True, help="Say what was done to each file.")
@click.version_option(__version__, prog_name="transpipe")
@click.pass_context
def cli(click_ctx: click.Context, directory: Path, verbose: bool) -> None:
    """Translate a Markdown site with gettext: extract, update, build, check."""
    if not directory.is_dir():
        click.echo(f"error: {directory}: no such folder (given with -C)", err=True)
        click_ctx.exit(2)
    click_ctx.obj = Context(directory, verbose)
    click_ctx.call_on_close(lambda: click_ctx.obj.save())
    enable_progress()
    click_ctx.call_on_close(disable_progress)


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
    finish(pipeline.init(ctx.site, lang, pages), f"init {lang}")


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
    finish(importing.import_pages(ctx.site, lang, pages, source, rev, repair), f"import {lang}")


@cli.command()
@click.option("--lang", "langs", multiple=True, help="Only this language (repeatable).")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the page-by-page details here (default: <locales>/ADOPTION.md).",
)
@click.option("--repair", is_flag=True, help="Repair damaged text (mojibake) in memory first.")
@pass_context
def adopt(ctx: Context, langs: tuple[str, ...], report_path: Path | None, repair: bool) -> None:
    """Bring every language's hand-made pages into catalogs, with one summary."""
    from transpipe.adopt import adopt as run_adopt
    from transpipe.adopt import summary_table

    site = ctx.site
    path = ctx.path(report_path) if report_path else site.config.locales_dir / "ADOPTION.md"
    done = run_adopt(site, languages(ctx, langs), path, repair)
    click.echo(summary_table(done.summaries))
    catalogs = sum(1 for p in done.report.written if p.suffix == ".po")
    click.echo(f"imported {catalogs} catalogs; details in {site.config.display(path)}")
    errors = done.report.errors
    for error in errors[:ADOPT_ERRORS_SHOWN]:
        click.echo(f"error: {error}", err=True)
    if len(errors) > ADOPT_ERRORS_SHOWN:
        more = len(errors) - ADOPT_ERRORS_SHOWN
        click.echo(f"error: {more} more in {site.config.display(path)}", err=True)
    if errors:
        sys.exit(1)


ADOPT_ERRORS_SHOWN = 10


@cli.command()
@click.argument("pages", nargs=-1, required=True, type=click.Path(path_type=Path))
@pass_context
def repair(ctx: Context, pages: tuple[Path, ...]) -> None:
    """Repair damaged PAGES in place (UTF-8 read as Windows-1254, BOM, CRLF, lost '---')."""
    finish(importing.repair_pages(ctx.site, [ctx.path(p) for p in pages]))


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
    credits = sitebuild.history_credits(site, chosen)
    finish(sitebuild.build(site, chosen, site.config.keep if keep is None else keep, *credits))


@cli.command()
@pass_context
def menus(ctx: Context) -> None:
    """Write the language menus' data (pages/_data/translations.yml), as build does.

    For the job after language shards (``sync --lang``), which write none.
    """
    report = Report()
    sitebuild.write_menus(ctx.site, report)
    if not report.written:
        report.say("the language menus' data is up to date")
    finish(report)


@cli.command()
@click.option(
    "--lang",
    "langs",
    multiple=True,
    help="Only this language (repeatable): a shard, which writes no template and no menu data.",
)
@click.option("--keep", type=click.IntRange(0, 100), default=None, help="As for build.")
@click.option("--commit", is_flag=True, help="Commit what was regenerated, as the bot.")
@click.option(
    "--jobs",
    type=click.IntRange(1),
    default=None,
    help="Spread the languages over N processes (default: the machine's cores); same output.",
)
@click.option(
    "--wait",
    type=click.FloatRange(0),
    default=300.0,
    show_default=True,
    help="With --commit: seconds to wait for another sync --commit of the site to finish.",
)
@pass_context
def sync(
    ctx: Context,
    langs: tuple[str, ...],
    keep: int | None,
    commit: bool,
    wait: float,
    jobs: int | None,
) -> None:
    """extract + update + build in one step, doing only the work whose inputs changed."""
    config = ctx.config
    chosen = list(langs) or list(config.languages)
    keep = config.keep if keep is None else keep
    command: SyncCommand = ("sync", chosen, keep, commit, bool(langs))
    # one run at a time (the site read after the lock: the state the previous run saved)
    with commit_lib.sync_lock(config.root, wait) if commit else contextlib.nullcontext():
        before = quick.fingerprint(config, command)
        output = quick.replay(config, before) if before else None
        if output is None:
            report, summary = full_sync(ctx, command, before, jobs), None
        else:  # nothing changed since the same sync last changed nothing: what it printed
            report, summary = Report(lines=output.lines, notices=output.notices), output.summary
    finish(report, summary=summary)


SyncCommand = tuple[str, list[str], int, bool, bool]  # name, languages, --keep, --commit, shard


def full_sync(ctx: Context, command: SyncCommand, before: str | None, jobs: int | None) -> Report:
    """Run a sync; remember its output when it changed nothing and had nothing to say.

    Languages named on the command line make it a shard; ``jobs`` processes share the work.
    """
    from transpipe import parallel  # (forks: imported only for a real run)

    _, chosen, keep, commit, shard = command
    site = ctx.site
    jobs = parallel.default_jobs(len(site.sources()), len(chosen)) if jobs is None else jobs
    report = parallel.sync(site, chosen, keep, shard, jobs)
    quiet = not (report.written or report.errors or report.notices)
    quiet = quiet and not site.state.problem and not site.config.warnings
    if commit:
        commit_lib.commit_regenerated(site.config, site.state, report)
        ctx.save()
    if quiet and before is not None:
        ctx.save()  # first: a save that fails exits 1, never to be replayed as a success
        if quick.fingerprint(site.config, command) == before:  # nothing changed meanwhile
            output = quick.Output(report.lines, report.notices, report.summary("sync"))
            quick.remember(site.config, before, output)
    return report


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
    if style != "table":  # for machines: the content alone, errors on stderr
        click.echo(reports.render(rows, style))
        finish(report, summary="")
        return
    colour = wants_colour(sys.stdout)
    click.echo(reports.overview(rows, colour))
    if ctx.verbose:
        click.echo()
        click.echo(reports.render(rows, style))
    finish(report, summary=reports.status_summary(rows, verbose=ctx.verbose))


@cli.command()
@click.option("--lang", "langs", multiple=True, help="Only this language (repeatable).")
@click.option(
    "--html",
    "folder",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the dashboard here: index.html and badges/LANG.svg.",
)
@pass_context
def report(ctx: Context, langs: tuple[str, ...], folder: Path) -> None:
    """Write a static HTML dashboard of translation progress, and an SVG badge per language."""
    from transpipe.dashboard import write_dashboard

    # its one line (what was written, or up to date) is the summary
    finish(write_dashboard(ctx.site, languages(ctx, langs), ctx.path(folder)), summary="")


@cli.command()
@click.argument("pages", nargs=-1)
@click.option("--lang", "langs", multiple=True, help="Only this language (repeatable).")
@click.option("--format", "style", type=click.Choice(CHECK_FORMATS), default="text")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@pass_context
def check(
    ctx: Context, pages: tuple[str, ...], langs: tuple[str, ...], style: str, strict: bool
) -> None:
    """Check translations: markup, links, math, Liquid, structure, catalogs, built pages.

    PAGES are English pages, catalogs or translated pages (default: all). Exit status 1
    when there are errors (with --strict, also warnings).
    """
    problems, catalogs = sitecheck.check_site(ctx.site, languages(ctx, langs), pages, ctx.directory)
    click.echo(checkreport.render(problems, catalogs, style))
    if style == "github":
        checkreport.write_step_summary(problems, catalogs)
    sys.exit(checkreport.exit_status(problems, strict))


def main() -> None:
    """Console entry point."""
    # A run makes millions of objects and almost no reference cycles (a sync of 60 pages in
    # 15 languages frees some 500 objects in 500 collections): never look again at what the
    # imports made, and collect only when a million more objects are alive than at the last
    # collection (a full sync of 60 pages in 15 languages then collects never, not 7 times
    # for a tenth of a second; at 1,000 pages its peak memory stays the same).
    gc.freeze()
    gc.set_threshold(1_000_000, 20, 20)
    cli(prog_name="transpipe")
