"""Golden files for the course's home page: its template and its rebuilt Portuguese page.

Inputs are the repaired English seed and the catalog imported from the Portuguese seed.
After an intended change, regenerate with ``TRANSPIPE_UPDATE_GOLDEN=1 pytest tests/test_golden.py``
and review the diff of ``tests/fixtures/golden/`` like any other change.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import CONFIG, FIXTURES, Run

GOLDEN = FIXTURES / "golden"
UPDATE = os.environ.get("TRANSPIPE_UPDATE_GOLDEN") == "1"


def check(actual: str, golden: Path) -> None:
    if UPDATE:
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8"), f"differs from {golden}"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "pages").mkdir(parents=True)
    (root / "transpipe.toml").write_text(CONFIG.format(languages='["pt"]'))
    shutil.copy(GOLDEN / "index.md", root / "pages" / "index.md")
    return root


def test_home_template(home: Path, run: Run) -> None:
    run(home, "extract")
    pot = (home / "locales" / "templates" / "index.pot").read_text(encoding="utf-8")
    pot = re.sub(r'"POT-Creation-Date: [^"]*"', '"POT-Creation-Date: (date of the run)\\\\n"', pot)
    check(pot, GOLDEN / "index.pot")


def test_home_in_portuguese(home: Path, run: Run) -> None:
    run(home, "extract")
    catalog = home / "locales" / "pt" / "index.po"
    catalog.parent.mkdir(parents=True)
    shutil.copy(GOLDEN / "pt.po", catalog)
    run(home, "build")
    check((home / "pages" / "pt" / "index.md").read_text(encoding="utf-8"), GOLDEN / "pt-index.md")
