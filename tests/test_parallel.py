"""``sync --jobs N`` writes the files and prints the report of ``--jobs 1``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import Run
from test_shards import files, prepared, same_minute


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
