"""``transpipe check`` as a command: catalog and page checks, output formats, exit status,
and no false alarm on the course site's identity catalogs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from conftest import CONFIG, CORPUS, Run

HOME_PO = Path("locales/fr/index.po")
WEEK_PO = Path("locales/fr/week01/01-1.po")
MSGFMT = shutil.which("msgfmt")


FRENCH = {"Supervised learning": "Apprentissage supervisé"}


def fill(root: Path, path: Path = WEEK_PO, identity: bool = False, **headers: str) -> Path:
    """Translate every entry of a catalog (the English, one French entry unless ``identity``),
    optionally setting header fields."""
    po = polib.pofile(str(root / path), wrapwidth=0)
    for entry in po:
        entry.msgstr = entry.msgid if identity else FRENCH.get(entry.msgid, entry.msgid)
    po.metadata.update(headers)
    po.save(str(root / path))
    return root / path


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().split("\n"), 1) if needle in line)


def msgfmt_rejects(path: Path) -> bool:
    assert MSGFMT
    done = subprocess.run([MSGFMT, "-c", "-o", os.devnull, str(path)], capture_output=True)
    return done.returncode != 0


@pytest.fixture
def fr_site(site: Path, run: Run) -> Path:
    (site / "transpipe.toml").write_text(CONFIG.format(languages='["fr"]'))
    run(site, "extract")
    run(site, "init", "fr")
    return site


def test_clean_site(fr_site: Path, run: Run) -> None:
    fill(fr_site)
    result = run(fr_site, "check")
    assert result.output.strip().splitlines()[-1] == (
        "check: 0 errors, 0 warnings in 0 files (2 catalogs checked)"
    )


def test_missing_opening_quote(fr_site: Path, run: Run) -> None:
    path = fill(fr_site)
    text = path.read_text()
    text = text.replace('msgstr "History and motivation"', 'msgstr APRENDIZAGEM PROFUNDA"')
    path.write_text(text)
    line = line_of(path, "msgstr APRENDIZAGEM")
    result = run(fr_site, "check", ok=False)
    assert result.exit_code == 1
    assert f"{WEEK_PO}:{line}: error: syntax error in po file: msgstr without a quoted string" in (
        result.output
    )
    built = run(fr_site, "build", "--keep", "0", ok=False)
    assert built.exit_code == 1
    assert f"{WEEK_PO}:{line}: syntax error" in built.stderr
    assert not (fr_site / "pages/fr/week01/01-1.md").exists()  # not built from a bad file
    assert (fr_site / "pages/fr/index.md").exists()  # the other page is
    if MSGFMT:
        assert msgfmt_rejects(path)


def test_duplicate_msgid(fr_site: Path, run: Run) -> None:
    path = fill(fr_site)
    path.write_text(path.read_text() + '\nmsgid "Supervised learning"\nmsgstr "Autre"\n')
    line = line_of(path, '"Autre"') - 1
    result = run(fr_site, "check", ok=False)
    assert f"{WEEK_PO}:{line}: error: duplicate message definition" in result.output
    built = run(fr_site, "build", "--keep", "0", ok=False)
    assert f"{WEEK_PO}:{line}: duplicate message definition" in built.stderr
    assert not (fr_site / "pages/fr/week01/01-1.md").exists()  # not built from a bad file
    if MSGFMT:
        assert msgfmt_rejects(path)


def test_newline_mismatch_is_what_msgfmt_rejects(fr_site: Path, run: Run) -> None:
    path = fill(fr_site)
    po = polib.pofile(str(path), wrapwidth=0)
    po.find("Supervised learning").msgstr = "Apprentissage supervisé\n"
    po.save(str(path))
    result = run(fr_site, "check", ok=False)
    assert re.search(rf"{WEEK_PO}:\d+: error: msgid and msgstr do not both end", result.output)
    if MSGFMT:
        assert msgfmt_rejects(path)


@pytest.mark.parametrize(
    ("header", "value", "shown"),
    [
        ("Last-Translator", "<svg onload=alert(1)>", "Last-Translator is not a plain name"),
        (
            "Last-Translator",
            "Jane {{site.github}} <j@x.org>",
            "Last-Translator is not a plain name",
        ),
        ("PO-Revision-Date", "yesterday at noon", "PO-Revision-Date is not a date"),
        ("Language", "pt", "Language header is 'pt', the folder is 'fr'"),
    ],
    ids=["svg-onload", "liquid", "garbage-date", "language"],
)
def test_header_problems(fr_site: Path, run: Run, header: str, value: str, shown: str) -> None:
    path = fill(fr_site, **{header: value})
    line = line_of(path, f'"{header}:')
    result = run(fr_site, "check", ok=False)
    assert result.exit_code == 1
    assert f"{WEEK_PO}:{line}: error: {shown}" in result.output
    run(fr_site, "build", "--keep", "0")
    page = (fr_site / "pages/fr/week01/01-1.md").read_text()
    front = page.split("\n---", 1)[0]
    assert "translation-date:" in front or header == "PO-Revision-Date"
    assert "<svg" not in front and "{{" not in front and "onload" not in front
    assert "yesterday" not in front
    if "Jane" in value:
        assert "translator: Jane" in front


def test_translators_comment_is_credited_as_text(fr_site: Path, run: Run) -> None:
    path = fill(fr_site, **{"Last-Translator": "Jane Doe <jane@x.org>"})
    path.write_text("# Translators: <b onmouseover=alert(1)>Li</b> Wei, Ana\n" + path.read_text())
    result = run(fr_site, "check", ok=False)
    assert f"{WEEK_PO}:1: error: translator credit is not a plain name" in result.output
    run(fr_site, "build", "--keep", "0")
    page = (fr_site / "pages/fr/week01/01-1.md").read_text()
    translator = next(x for x in page.split("\n") if x.startswith("translator:"))
    assert "<" not in translator and "onmouseover" not in translator
    assert "Jane Doe" in translator and "Ana" in translator


def test_stale_entry(fr_site: Path, run: Run) -> None:
    path = fill(fr_site)
    path.write_text(path.read_text() + '\nmsgid "A paragraph now gone"\nmsgstr "Disparu"\n')
    result = run(fr_site, "check")  # a warning: exit 0
    line = line_of(path, '"Disparu"')
    assert f"{WEEK_PO}:{line}: warning: not in the English page any more: run transpipe update" in (
        result.output
    )
    assert run(fr_site, "check", "--strict", ok=False).exit_code == 1


def test_hand_edit_and_stale_page(fr_site: Path, run: Run) -> None:
    fill(fr_site)
    run(fr_site, "build", "--keep", "0")
    assert "0 errors, 0 warnings" in run(fr_site, "check").output
    page = fr_site / "pages/fr/week01/01-1.md"
    page.write_text(page.read_text().replace("inspired by", "inspired (by hand) by"))
    os.utime(page, (page.stat().st_atime, page.stat().st_mtime + 10))
    result = run(fr_site, "check", ok=False)
    line = line_of(page, "(by hand)")
    assert f"pages/fr/week01/01-1.md:{line}: error: edited by hand after its last build" in (
        result.output
    )
    run(fr_site, "build", "--keep", "0")  # the page is the catalog's again
    catalog = fr_site / WEEK_PO
    po = polib.pofile(str(catalog), wrapwidth=0)
    po.find("Supervised learning").msgstr = "Apprentissage supervisé et plus"
    po.save(str(catalog))
    os.utime(catalog, (catalog.stat().st_atime, page.stat().st_mtime + 10))
    result = run(fr_site, "check")
    assert "warning: older than its catalog locales/fr/week01/01-1.po: run transpipe build" in (
        result.output
    )


def test_hand_edit_in_git(fr_site: Path, run: Run) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=fr_site, check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=T", "-c", "user.email=t@x", "commit", "-q", "--allow-empty", "-m", "0")
    fill(fr_site)
    run(fr_site, "build", "--keep", "0")
    git("add", "-A")
    git("-c", "user.name=T", "-c", "user.email=t@x", "commit", "-q", "-m", "built")
    page = fr_site / "pages/fr/week01/01-1.md"
    page.write_text(page.read_text().replace("inspired by", "inspired (by hand) by"))
    result = run(fr_site, "check", ok=False)  # uncommitted edit: newer than the catalog
    assert "error: edited by hand after its last build" in result.output


def test_pages_and_languages_select(fr_site: Path, run: Run) -> None:
    fill(fr_site, **{"Language": "pt"})
    assert run(fr_site, "check", "pages/index.md").exit_code == 0
    assert run(fr_site, "check", str(WEEK_PO), ok=False).exit_code == 1
    assert run(fr_site, "check", "en/week01/01-1.md", ok=False).exit_code == 1
    unknown = run(fr_site, "check", "nope.md", ok=False)
    assert unknown.exit_code == 1 and "not a page or catalog of the site" in unknown.stderr


def bad_site(fr_site: Path) -> Path:
    path = fill(fr_site)
    po = polib.pofile(str(path), wrapwidth=0)
    po.find("Deep learning is inspired by the brain.").msgstr = "Le cerveau <script>x</script>"
    po.find("Supervised learning").msgstr = "Apprentissage *supervisé"
    po.save(str(path))
    return fr_site


def test_github_format_and_step_summary(
    fr_site: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run(bad_site(fr_site), "check", "--format", "github", ok=False)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert re.fullmatch(
        rf"::error file={WEEK_PO},line=\d+,title=transpipe new-html::HTML tag or attribute "
        r"value not in the English%3A <script>|::error file=.*",
        lines[0],
    )
    assert any(x.startswith(f"::warning file={WEEK_PO},line=") for x in lines)
    assert lines[-1] == "check: 2 errors, 1 warning in 1 file (2 catalogs checked)"
    table = summary.read_text()
    assert "| file | line | severity | check | problem | fragment |" in table
    assert table.count(f"| {WEEK_PO} |") == 3


def test_json_format(fr_site: Path, run: Run) -> None:
    result = run(bad_site(fr_site), "check", "--format", "json", ok=False)
    data = json.loads(result.output)
    assert (data["errors"], data["warnings"], data["catalogs"]) == (2, 1, 2)
    codes = sorted(p["code"] for p in data["problems"])
    assert codes == ["emphasis", "lost-html", "new-html"] or codes == [
        "emphasis",
        "new-html",
        "new-html",
    ]
    assert all(p["file"] == str(WEEK_PO) and p["line"] > 0 for p in data["problems"])


def test_text_format_shows_the_fragment(fr_site: Path, run: Run) -> None:
    result = run(bad_site(fr_site), "check", ok=False)
    assert re.search(
        rf"^{WEEK_PO}:\d+: error: HTML tag or attribute value not in the English: "
        r"<script> \[new-html\]$",
        result.output,
        re.M,
    )


def test_pre_commit_hook_is_declared() -> None:
    import yaml

    hooks = yaml.safe_load((Path(__file__).parents[1] / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "transpipe-check")
    assert hook["entry"].split()[:2] == ["transpipe", "check"]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")
def test_identity_catalogs_of_the_course_site_give_no_problem(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "site"
    shutil.copytree(CORPUS, root / "pages", ignore=shutil.ignore_patterns("fr", "es", "pt", "zh"))
    (root / "transpipe.toml").write_text(CONFIG.format(languages='["xx"]'))
    run(root, "extract")
    run(root, "init", "xx")
    catalogs = sorted((root / "locales" / "xx").rglob("*.po"))
    assert len(catalogs) == 60
    for path in catalogs:
        fill(root, path.relative_to(root), identity=True)
    result = run(root, "check")
    assert result.output.strip().splitlines() == [
        "check: 0 errors, 0 warnings in 0 files (60 catalogs checked)"
    ]


@pytest.mark.skipif(MSGFMT is None, reason="GNU gettext (msgfmt) is not installed")
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('msgstr "Apprentissage supervisé"', 'msgstr Apprentissage supervisé"'),
        ('msgstr "Apprentissage supervisé"', 'msgstr "Apprentissage \\q supervisé"'),
        ('msgstr "Apprentissage supervisé"', 'msgstr "Apprentissage supervisé'),
        ('msgstr "Apprentissage supervisé"', 'msgstr "Apprentissage supervisé\\n"'),
        (
            'msgstr "Apprentissage supervisé"',
            'msgstr "Apprentissage"\n\nmsgid "Supervised learning"\nmsgstr "x"',
        ),
    ],
    ids=["missing-quote", "invalid-escape", "unterminated", "newline", "duplicate"],
)
def test_what_msgfmt_rejects_check_rejects(fr_site: Path, run: Run, old: str, new: str) -> None:
    path = fill(fr_site)
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    assert msgfmt_rejects(path)
    result = run(fr_site, "check", ok=False)
    assert result.exit_code == 1
    assert re.search(rf"^{WEEK_PO}:\d+: error: ", result.output, re.M), result.output


def test_imported_fuzzy_entries_the_build_shows_are_checked(fr_site: Path, run: Run) -> None:
    """An imported fuzzy entry is published by build (``provisional``): check reads it too."""
    from transpipe import provisional
    from transpipe.catalog import Message

    path = fill(fr_site)
    po = polib.pofile(str(path), wrapwidth=0)
    entry = next(e for e in po if e.msgid == "Supervised learning")
    entry.msgstr = 'Apprentissage <img src=x onerror="alert(1)">'
    entry.flags.append("fuzzy")
    marked = Message(entry.msgid)
    provisional.mark(marked)
    entry.tcomment = marked.user_comments[0]
    po.save(str(path))
    result = run(fr_site, "check", ok=False)
    assert result.exit_code == 1
    assert f"{WEEK_PO.as_posix()}:{line_of(path, 'onerror')}: error:" in result.output
    built = run(fr_site, "build", "--keep", "0").output
    assert "onerror" not in (fr_site / "pages" / "fr" / "week01" / "01-1.md").read_text()
    assert built.count("onerror") == 1  # the refusal, reported once
