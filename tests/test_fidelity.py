"""The quality tool in ../shared/tools/fidelity.py, run through the CLI on the real course site."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

import pytest

from conftest import CORPUS, SHARED

TOOL = SHARED / "tools" / "fidelity.py"


@pytest.mark.skipif(not (TOOL.exists() and CORPUS.is_dir()), reason="../shared is not here")
def test_fidelity_on_the_course_site() -> None:
    command = shlex.join([sys.executable, "-m", "transpipe"])
    result = subprocess.run(
        [sys.executable, str(TOOL), "--site", str(CORPUS), "--transpipe", command],
        capture_output=True,
        text=True,
        timeout=600,
    )
    summary = result.stdout.strip().splitlines()[-1]
    found = re.search(
        r"empty (\d+)/(\d+), identity (\d+)/\d+, pseudo (\d+)/\d+, coverage ([\d.]+)%, "
        r"msgfmt (\d+)/(\d+|\S+)",
        summary,
    )
    assert found, result.stdout[-2000:]
    empty, pages, identity, pseudo, coverage, fmt_ok, fmt_all = found.groups()
    assert int(pages) == 60
    assert int(empty) == int(identity) == int(pseudo) == 60, summary
    assert float(coverage) >= 99.0, summary
    if fmt_all.isdigit():
        assert fmt_ok == fmt_all, summary
