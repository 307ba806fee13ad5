"""Output for people: one summary line, per-file lines with -v, each error once, -C anywhere,
colour and progress bars on a terminal only (a real pseudo-terminal), help with examples."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import Run
from transpipe.cli import cli
from transpipe.invocation import hoist_global_options
from transpipe.reports import Progress, bar
from transpipe.runreport import Report, summary_line


def test_every_command_ends_with_one_summary_line(site: Path, run: Run) -> None:
    first = run(site, "sync", "--keep", "0").output.splitlines()
    assert first == ["sync: 2 templates, 4 catalogs, 4 pages, 1 data file written"]
    again = run(site, "sync", "--keep", "0").output.splitlines()
    assert again == ["sync: nothing written; 10 unchanged"]
    assert run(site, "extract").output == "extract: nothing written; 2 unchanged\n"
    assert run(site, "update").output == "update: nothing written; 4 unchanged\n"


def test_per_file_lines_only_with_verbose(site: Path, run: Run) -> None:
    quiet = run(site, "extract").output
    assert "extracted" not in quiet
    (site / "locales").rename(site / "old-locales")
    verbose = run(site, "extract", "-v").output.splitlines()
    assert verbose == [
        "extracted locales/templates/week01/01-1.pot (5 messages)",
        "extracted locales/templates/index.pot (6 messages)",
        "extract: 2 templates written",
    ]


def test_skipped_pages_are_counted_not_listed(site: Path, run: Run) -> None:
    output = run(site, "sync").output.splitlines()
    assert output == [
        "sync: 2 templates, 4 catalogs, 1 data file written; 4 skipped (below --keep 80%)"
    ]


def test_a_bad_page_is_reported_once(site: Path, run: Run) -> None:
    (site / "pages" / "en" / "bad.md").write_bytes(b"# Title\n\nCaf\xe9 au lait.\n")
    result = run(site, "sync", "--keep", "0", ok=False)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {site}/pages/en/bad.md:3: not UTF-8 (byte 0xe9); save the page as UTF-8"
    ]
    assert result.stdout.splitlines()[-1].endswith("; 1 error")


def test_report_dedupes_errors_and_counts() -> None:
    from transpipe.errors import TranspipeError

    report = Report()
    for _ in range(9):
        report.errors.append(TranspipeError("broken", "a.md", 3))
    report.errors.append(TranspipeError("broken", "b.md", 3))
    report.count("unchanged", 860)
    other = Report(written=[Path("x.pot"), Path("y.po"), Path("z.md"), Path("w.md")])
    other.count("unchanged", 2)
    report.extend(other)
    assert [str(e) for e in report.unique_errors()] == ["a.md:3: broken", "b.md:3: broken"]
    assert report.summary("sync") == (
        "sync: 1 template, 1 catalog, 2 pages written; 862 unchanged; 2 errors"
    )
    assert summary_line("build", [], {}, 0) == "build: nothing written"


@pytest.mark.parametrize(
    "args",
    [
        ["-C", "{site}", "status"],
        ["status", "-C", "{site}"],
        ["status", "--lang", "fr", "-C", "{site}"],
        ["-C{site}", "status"],
    ],
)
def test_directory_option_anywhere(site: Path, run: Run, args: list[str]) -> None:
    run(site, "extract")
    result = CliRunner().invoke(cli, [a.format(site=site) for a in args])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("status: ")


def test_hoisting_keeps_arguments_after_double_dash() -> None:
    assert hoist_global_options(["status", "-v", "-C", "x"]) == ["-v", "-C", "x", "status"]
    assert hoist_global_options(["import", "fr", "--", "-v"]) == ["import", "fr", "--", "-v"]


def test_missing_directory_is_named_as_missing(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    result = CliRunner().invoke(cli, ["status", "-C", str(missing)])
    assert result.exit_code == 2
    assert result.stderr == f"error: {missing}: no such folder (given with -C)\n"


def test_help_shows_examples() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output
    assert "transpipe init de" in result.output and "-v, --verbose" in result.output


def test_status_totals_first_with_bars(site: Path, run: Run) -> None:
    run(site, "extract")
    run(site, "init", "fr")
    lines = run(site, "status").output.splitlines()
    assert [line.split()[0] for line in lines[:2]] == ["fr", "pt"]
    assert lines[0].startswith(
        "fr  " + "░" * 24 + "    0.0%  0 translated, 0 fuzzy, 11 untranslated"
    )
    assert "2 without catalog" in lines[1]
    assert (
        lines[-1]
        == "status: 2 languages × 2 pages, 0.0% translated (per page: transpipe -v status)"
    )
    assert "\x1b[" not in "".join(lines)  # piped: no colour
    detailed = run(site, "-v", "status").output.splitlines()
    assert any(line.startswith("fr        pages/fr/index.md") for line in detailed)


def test_status_machine_formats_unchanged(site: Path, run: Run) -> None:
    run(site, "extract")
    output = run(site, "status", "--format", "json").output
    assert output.lstrip().startswith("[") and output.rstrip().endswith("]")
    markdown = run(site, "status", "--format", "markdown").output.splitlines()
    assert markdown[0].startswith("| language | page |") and markdown[-1].startswith("| pt |")


def test_bar_shares() -> None:
    assert bar(Progress(translated=1, fuzzy=1, untranslated=2), width=8) == "██▒▒░░░░"
    assert bar(Progress(translated=2, fuzzy=0, untranslated=1), width=4) == "███░"
    assert bar(Progress(), width=4) == "░░░░"
    assert len(bar(Progress(translated=1, fuzzy=1, untranslated=1), width=10)) == 10


def _on_terminal(site: Path, *args: str, env: dict[str, str] | None = None) -> tuple[str, str]:
    """Run the CLI with stdout and stderr on two real pseudo-terminals: (stdout, stderr)."""
    out_master, out_slave = pty.openpty()
    err_master, err_slave = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR")}
    environment.update({"TERM": "xterm", **(env or {})})
    process = subprocess.Popen(
        [sys.executable, "-m", "transpipe", "-C", str(site), *args],
        stdout=out_slave,
        stderr=err_slave,
        env=environment,
    )
    os.close(out_slave)
    os.close(err_slave)
    chunks: dict[int, bytes] = {out_master: b"", err_master: b""}
    open_fds = set(chunks)
    while open_fds:
        ready, _, _ = select.select(list(open_fds), [], [], 60)
        if not ready:
            break
        for fd in ready:
            try:
                data = os.read(fd, 65536)
            except OSError:
                data = b""
            if data:
                chunks[fd] += data
            else:
                open_fds.discard(fd)
    process.wait(60)
    for fd in chunks:
        os.close(fd)
    return chunks[out_master].decode(), chunks[err_master].decode()


def test_colour_on_a_terminal_plain_with_no_color(site: Path, run: Run) -> None:
    run(site, "extract")
    run(site, "init", "fr")
    coloured, _ = _on_terminal(site, "status")
    assert "\x1b[31m" + "░" * 24 in coloured  # untranslated, in red
    plain, _ = _on_terminal(site, "status", env={"NO_COLOR": "1"})
    assert "\x1b[" not in plain and "░" * 24 in plain


def test_progress_bar_on_a_terminal_only(site: Path, run: Run, tmp_path: Path) -> None:
    pages = site / "pages" / "en" / "many"
    pages.mkdir()
    for n in range(150):  # enough work to outlast the bar's delay
        (pages / f"{n}.md").write_text(
            f"# Page {n}\n\n" + "".join(f"Paragraph {i} of page {n}.\n\n" for i in range(40))
        )
    _, stderr = _on_terminal(site, "extract", env={"TRANSPIPE_PROGRESS_DELAY": "0"})
    assert "extract" in stderr and "152/152" in stderr
    for folder in ("locales", ".transpipe-cache"):
        for path in sorted((site / folder).rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
    piped = subprocess.run(
        [sys.executable, "-m", "transpipe", "-C", str(site), "extract"],
        capture_output=True,
        text=True,
        check=True,
        env={**{k: v for k, v in os.environ.items() if k != "CI"}, "TRANSPIPE_PROGRESS_DELAY": "0"},
    )
    assert piped.stderr == ""
    _, in_ci = _on_terminal(site, "extract", env={"CI": "true", "TRANSPIPE_PROGRESS_DELAY": "0"})
    assert in_ci == ""
