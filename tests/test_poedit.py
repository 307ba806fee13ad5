"""What translators' tools see: *.mo ignored, references once, msgcat-identical catalogs,
``#.`` context for table cells and Markdown."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from conftest import CORPUS, Run
from transpipe.extract import MARKDOWN_NOTE, has_markup
from transpipe.files import ensure_gitignore

MSGCAT = shutil.which("msgcat")
needs_msgcat = pytest.mark.skipif(MSGCAT is None, reason="GNU gettext (msgcat) is not installed")
BUNDLED = Path(__file__).resolve().parents[1]


def test_ensure_gitignore(tmp_path: Path) -> None:
    assert ensure_gitignore(tmp_path, "*.mo")
    assert (tmp_path / ".gitignore").read_text() == "*.mo\n"
    assert not ensure_gitignore(tmp_path, "*.mo")
    (tmp_path / ".gitignore").write_text("# mine\n*.tmp")
    assert ensure_gitignore(tmp_path, "*.mo")
    assert (tmp_path / ".gitignore").read_text() == "# mine\n*.tmp\n*.mo\n"


def test_init_ignores_compiled_catalogs(site: Path, run: Run) -> None:
    result = run(site, "-v", "init", "fr")
    assert (site / "locales" / ".gitignore").read_text() == "*.mo\n"
    assert "wrote locales/.gitignore: ignore *.mo" in result.output
    subprocess.run(["git", "init", "-q", str(site)], check=True)
    (site / "locales" / "fr" / "index.mo").write_bytes(b"\x95\x04\x12\xde")  # what Poedit saves
    listed = subprocess.run(
        ["git", "-C", str(site), "status", "--porcelain", "--untracked-files=all"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "index.mo" not in listed and "index.po" in listed


def test_a_reference_is_written_once(site: Path, run: Run) -> None:
    page = site / "pages" / "en" / "week01" / "01-1.md"
    page.write_text(
        page.read_text()
        + '\n<center><img src="a.png" alt="Network"/> <img src="b.png" alt="Network"/></center>\n'
    )
    run(site, "extract")
    pot = polib.pofile(str(site / "locales" / "templates" / "week01" / "01-1.pot"))
    entry = pot.find("Network")
    assert entry is not None and entry.occurrences == [("pages/en/week01/01-1.md", "17")]


TABLE = """\
# Schedule

| Week | Topic | Notes |
|------|-------|-------|
| [Week 1](en/week01/01-1) | **History** of deep learning | Read *chapter 1* |
| Week 2 | Gradient descent | none |
"""


def test_table_cells_carry_their_row_and_column(site: Path, run: Run) -> None:
    (site / "pages" / "en" / "table.md").write_text(TABLE)
    run(site, "extract")
    pot = polib.pofile(str(site / "locales" / "templates" / "table.pot"))
    comments = {entry.msgid: entry.comment.splitlines() for entry in pot}
    assert comments["Topic"] == ["table cell", "column header"]
    assert comments["Week 1"] == ["table cell", "column: Week"]
    assert comments["**History** of deep learning"] == [
        "table cell",
        "row: Week 1; column: Topic",
        MARKDOWN_NOTE,
    ]
    assert comments["Gradient descent"] == ["table cell", "row: Week 2; column: Topic"]
    assert comments["Schedule"] == ["heading 1"]


@pytest.mark.parametrize(
    ("msgid", "markup"),
    [
        ("Plain words only.", False),
        ("A [link](https://x.org) here", True),
        ("Some *emphasis* here", True),
        ("Some **strong** here", True),
        ("Code `x = 1` here", True),
        ("Math $x^2$ here", True),
        ("A line<br>break", True),
        ("Price: 5 * 3 = 15", False),
        ("snake_case_name", False),
    ],
)
def test_markdown_is_noticed(msgid: str, markup: bool) -> None:
    assert has_markup(msgid) is markup


def _msgcat_differs(paths: list[Path]) -> list[Path]:
    assert MSGCAT is not None
    differ = []
    for path in paths:
        written = subprocess.run(
            [MSGCAT, str(path), "-o", "-"], capture_output=True, check=True
        ).stdout
        if written != path.read_bytes():
            differ.append(path)
    return differ


@needs_msgcat
def test_bundled_site_catalogs_are_what_msgcat_writes(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "bundled"
    shutil.copytree(BUNDLED / "pages", root / "pages")
    shutil.copytree(BUNDLED / "locales", root / "locales")
    shutil.copy2(BUNDLED / "transpipe.toml", root / "transpipe.toml")
    run(root, "sync")
    catalogs = sorted((root / "locales").rglob("*.po*"))
    assert len(catalogs) == 5
    assert _msgcat_differs(catalogs) == []


@needs_msgcat
@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")
def test_course_catalogs_after_import_are_what_msgcat_writes(tmp_path: Path, run: Run) -> None:
    """Weeks 1-3 of the course site (week 3 has the repeated ``alt`` texts), 4 languages."""
    root = tmp_path / "course"
    pages = root / "pages"
    for folder in ("en", "fr", "zh", "es", "pt"):
        for week in ("week01", "week02", "week03"):
            if (CORPUS / folder / week).is_dir():
                shutil.copytree(CORPUS / folder / week, pages / folder / week)
    (root / "transpipe.toml").write_text(
        'languages = ["fr", "zh", "es", "pt"]\nsources = ["en/**/*.md"]\n'
    )
    for lang in ("fr", "zh", "es", "pt"):
        run(root, "import", lang, "--repair")
    run(root, "sync")
    catalogs = sorted((root / "locales").rglob("*.po*"))
    assert len(catalogs) == 12 * 5
    assert _msgcat_differs(catalogs) == []


HTML_TABLE = """\
<table>
  <thead>
    <tr><th>Week</th><th>Format</th><th>Title</th></tr>
  </thead>
  <tbody>
    <tr>
      <td rowspan="2"><a href="en/week01/01">①</a></td>
      <td rowspan="2">Lecture</td>
      <td><a href="en/week01/01-1">History and motivation</a></td>
    </tr>
    <tr><td>Evolution and DL</td></tr>
    <tr><td>②</td><td colspan="2">Practicum and homework</td></tr>
  </tbody>
</table>
"""


def test_html_table_cells_carry_their_row_and_column(site: Path, run: Run) -> None:
    """Rowspans and colspans are followed: the second row's only cell is in column Title."""
    (site / "pages" / "en" / "html.md").write_text(HTML_TABLE)
    run(site, "extract")
    pot = polib.pofile(str(site / "locales" / "templates" / "html.pot"))
    comments = {entry.msgid: entry.comment.splitlines() for entry in pot}
    assert comments["Title"] == ["html", "column header"]
    assert comments["Lecture"] == ["html", "column: Format"]
    assert comments["History and motivation"] == ["html", "row: Lecture; column: Title"]
    assert comments["Evolution and DL"] == ["html", "row: Lecture; column: Title"]
    assert comments["Practicum and homework"] == ["html", "column: Format"]
