"""``sync --jobs N`` writes the files and prints the report of ``--jobs 1``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import Run, git
from test_shards import files, prepared, same_minute
from test_shards import translate as translate_half


@pytest.mark.parametrize("damaged", [False, True])
def test_jobs_give_the_output_of_one_process(
    site: Path, run: Run, tmp_path: Path, damaged: bool
) -> None:
    extra = site / "pages" / "en" / "week01" / "01-2.md"
    extra.write_text("# Second page\n\nSome [link](01-1) text.\n", encoding="utf-8")
    prepared(site, run)
    extra.write_text(extra.read_text(encoding="utf-8") + "\nMore text.\n", encoding="utf-8")
    if damaged:  # one bad catalog: reported in its place, the rest goes on
        (site / "locales" / "pt" / "index.po").write_text('msgid "a"\nfoo\n', encoding="utf-8")
    outputs: dict[int, tuple[str, str, int]] = {}

    def work() -> None:
        for jobs in (1, 2, 3):
            shutil.rmtree(tmp_path / str(jobs), ignore_errors=True)
            copy = shutil.copytree(site, tmp_path / str(jobs))
            result = run(copy, "-v", "sync", "--keep", "0", "--jobs", str(jobs), ok=not damaged)
            outputs[jobs] = (
                result.stdout.replace(str(copy), "SITE"),
                result.stderr.replace(str(copy), "SITE"),
                result.exit_code,
            )

    same_minute(work)
    assert "built pages/fr/week01/01-2.md" in outputs[1][0]
    assert ("error:" in outputs[1][1]) is damaged
    for jobs in (2, 3):
        assert outputs[jobs] == outputs[1]
        assert files(tmp_path / str(jobs)) == files(tmp_path / "1")
    # the state the workers recorded is the parent's: a second run does nothing
    again = run(tmp_path / "2", "-v", "sync", "--keep", "0", "--jobs", "2", ok=not damaged)
    assert "built" not in again.stdout and "updated" not in again.stdout


def test_jobs_credit_translators_from_git_history_as_one_process(
    site: Path, run: Run, tmp_path: Path
) -> None:
    """Workers read the history themselves: credits and dates are those of ``--jobs 1``."""
    git(site, "init", "-q", "-b", "main")
    run(site, "sync", "--keep", "0")
    git(site, "add", ".")
    git(site, "commit", "-q", "-m", "site", when="2020-01-01T10:00:00+00:00")
    for lang, who in (
        ("fr", ("Amélie Traductrice", "a@x.org")),
        ("pt", ("João Tradutor", "j@x.org")),
    ):
        translate_half(site, lang)
        git(site, "commit", "-q", "-am", f"{lang} words", who=who, when="2020-03-04T10:00:00+00:00")
    built: dict[int, dict[str, bytes]] = {}
    for jobs in (1, 2):
        copy = tmp_path / str(jobs)
        shutil.copytree(site, copy, symlinks=True)
        result = run(copy, "-v", "sync", "--keep", "0", "--jobs", str(jobs))
        assert "built pages/fr/index.md" in result.output
        built[jobs] = {
            k: v for k, v in files(copy).items() if k.startswith(("pages/fr/", "pages/pt/"))
        }
    assert built[2] == built[1]
    home = built[2]["pages/fr/index.md"].decode()
    front = home.split("\n---", 1)[0]
    assert "translator: Amélie Traductrice" in front and "translation-date: 04 Mar 2020" in front, (
        front
    )
