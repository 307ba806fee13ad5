"""The composite action's own steps, run for real against a site repository and a bare remote.

``action.yml`` is parsed; each ``run:`` step is executed with bash, its ``env`` filled in
from the inputs and the ``github`` context as the runner would (the scripts read only
environment variables). The install step is not run (it would replace this test's
transpipe): the transpipe under test is on ``PATH`` instead, and the script is syntax-checked.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import CONFIG, HOME, git

ROOT = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
STEPS = {step["id"]: step for step in ACTION["runs"]["steps"] if "id" in step}
BOT = "github-actions[bot]"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def step_env(
    step: Mapping[str, Any], inputs: Mapping[str, str], github: Mapping[str, str]
) -> dict[str, str]:
    """The step's ``env`` with ``${{ inputs.x }}`` and ``${{ github.x }}`` filled in."""
    values = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
    values.update(inputs)

    def fill(text: str) -> str:
        def one(found: re.Match[str]) -> str:
            scope, name = found[1], found[2]
            return values[name] if scope == "inputs" else github[name]

        return re.sub(r"\$\{\{\s*(inputs|github)\.([\w-]+)\s*\}\}", one, text)

    return {key: fill(str(value)) for key, value in step.get("env", {}).items()}


def run_step(
    name: str,
    cwd: Path,
    inputs: Mapping[str, str],
    github: Mapping[str, str],
    summary: Path,
) -> subprocess.CompletedProcess[str]:
    step = STEPS[name]
    assert step["shell"] == "bash"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GITHUB_STEP_SUMMARY": str(summary),
        **step_env(step, inputs, github),
    }
    return subprocess.run(
        ["bash", "-e", "-c", step["run"]], cwd=cwd, env=env, capture_output=True, text=True
    )


FRENCH = """\
# French translation of pages/index.md.
msgid ""
msgstr ""
"PO-Revision-Date: 2020-03-01 10:00+0000\\n"
"Language: fr\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Description"
msgstr "Descriptif"
"""


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    """A bare "GitHub" repository holding a small site, its branch ``master``."""
    work = tmp_path / "seed"
    (work / "docs").mkdir(parents=True)
    (work / "transpipe.toml").write_text(
        CONFIG.format(languages='["fr"]').replace('pages = "pages"', 'pages = "docs"')
        + "keep = 0\n"
    )
    (work / "docs" / "index.md").write_text(HOME, encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "master", str(work))
    git(work, "add", ".")
    git(work, "commit", "-qm", "English home page")
    subprocess.run(
        [sys.executable, "-m", "transpipe", "-C", str(work), "extract"],
        check=True,
        capture_output=True,
    )
    (work / "locales" / "fr").mkdir(parents=True)
    (work / "locales" / "fr" / "index.po").write_text(FRENCH, encoding="utf-8")
    git(work, "add", ".")
    git(work, "commit", "-qm", "French", who=("Ana Lima", "ana@x.org"))
    bare = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(work), str(bare))
    return bare


def clone(remote: Path, into: Path, *options: str) -> Path:
    git(remote.parent, "clone", "-q", *options, f"file://{remote}", str(into))
    return into


PUSH = {"event_name": "push", "ref_name": "master", "actor": "Maintainer", "action_path": str(ROOT)}


def test_every_script_is_valid_bash() -> None:
    for step in STEPS.values():
        done = subprocess.run(["bash", "-n", "-c", step["run"]], capture_output=True, text=True)
        assert done.returncode == 0, f"{step['id']}: {done.stderr}"


def test_steps_run_on_the_events_they_are_for() -> None:
    assert "pull_request" in STEPS["check"]["if"]
    assert "pull_request_target" not in (ROOT / "action.yml").read_text()
    sync = STEPS["sync"]["if"]
    assert "push" in sync and "inputs.branch" in sync and BOT in sync
    assert "push" in STEPS["history"]["if"]
    assert "install" not in STEPS["install"].get("if", "")  # always installs


def test_no_input_is_pasted_into_a_script() -> None:
    for step in STEPS.values():
        assert "${{" not in step["run"], f"{step['id']} pastes an expression into its script"


def test_push_regenerates_commits_and_pushes(remote: Path, tmp_path: Path) -> None:
    work = clone(remote, tmp_path / "work")
    summary = tmp_path / "summary.md"
    inputs = {"site": ".", "branch": "master"}
    assert run_step("history", work, inputs, PUSH, summary).returncode == 0
    done = run_step("sync", work, inputs, PUSH, summary)
    assert done.returncode == 0, done.stderr
    assert "committed" in done.stdout
    pushed = git(remote, "log", "--format=%an|%s", "master").splitlines()
    assert pushed[0].startswith("transpipe|Regenerate translations")
    page = git(remote, "show", "master:docs/fr/index.md")
    assert "translator: Ana Lima" in page and "Descriptif" in page
    again = run_step("sync", work, inputs, PUSH, summary)  # nothing new: no commit, no push
    assert again.returncode == 0 and "nothing to commit" in again.stdout
    assert git(remote, "rev-parse", "master") == git(work, "rev-parse", "HEAD")


def test_a_shallow_clone_is_deepened_before_anything_runs(remote: Path, tmp_path: Path) -> None:
    work = clone(remote, tmp_path / "work", "--depth", "1")
    assert git(work, "rev-parse", "--is-shallow-repository") == "true"
    done = run_step("history", work, {"site": "."}, PUSH, tmp_path / "summary.md")
    assert done.returncode == 0, done.stderr
    assert git(work, "rev-parse", "--is-shallow-repository") == "false"


def test_a_shallow_clone_that_cannot_be_deepened_stops_the_job(
    remote: Path, tmp_path: Path
) -> None:
    work = clone(remote, tmp_path / "work", "--depth", "1")
    shutil.rmtree(remote)  # the remote is gone: no way to fetch the history
    done = run_step("history", work, {"site": "."}, PUSH, tmp_path / "summary.md")
    assert done.returncode == 1
    assert "::error::transpipe needs the full git history" in done.stdout
    assert git(work, "status", "--porcelain") == ""


def test_pull_request_writes_coverage_and_checks_to_the_summary(
    remote: Path, tmp_path: Path
) -> None:
    work = clone(remote, tmp_path / "work")
    summary = tmp_path / "summary.md"
    event = {**PUSH, "event_name": "pull_request", "ref_name": "12/merge"}
    done = run_step("check", work, {"site": ".", "languages": "fr"}, event, summary)
    text = summary.read_text()
    assert "## Translation coverage" in text and "| fr |" in text
    assert "## Checks" in text
    assert git(work, "status", "--porcelain") == ""  # a pull request writes nothing
    assert done.returncode in (0, 1), done.stderr
