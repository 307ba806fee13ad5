"""Shared fixtures: a small real site in a temporary folder, and the CLI to run on it."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from transpipe.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(os.environ.get("TRANSPIPE_SHARED") or Path(__file__).resolve().parents[2] / "shared")
CORPUS = SHARED / "corpus" / "dlsp20"

CONFIG = """\
source-language = "en"
languages = {languages}
pages = "pages"
locales = "locales"
sources = ["index.md", "en/**/*.md"]
"""

HOME = """\
---
layout: default
title: DEEP LEARNING
author: Alfredo Canziani
lang-ref: home
---

**DS-GA 1008 · SPRING 2020 · [NYU CENTER FOR DATA SCIENCE](http://cds.nyu.edu/)**

## Description

This course concerns the latest techniques in deep learning.

<table>
  <tr>
    <td><a href="en/week01/01-1">History and motivation</a></td>
    <td><a href="https://www.youtube.com/watch?v=0bMe_vCZo30">🎥</a></td>
  </tr>
</table>

![Yann](images/Yann.png)
"""

WEEK = """\
---
lang-ref: ch.01-1
title: History and motivation
---

## Inspiration of Deep Learning

Deep learning is inspired by the brain.

- Supervised learning
- Back to the [home page]({{site.baseurl}}/)

```python
print("not translated")
```
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A two-page site with languages fr and pt, nothing extracted yet."""
    root = tmp_path / "site"
    (root / "pages" / "en" / "week01").mkdir(parents=True)
    (root / "transpipe.toml").write_text(CONFIG.format(languages='["fr", "pt"]'))
    (root / "pages" / "index.md").write_text(HOME, encoding="utf-8")
    (root / "pages" / "en" / "week01" / "01-1.md").write_text(WEEK, encoding="utf-8")
    return root


Run = Callable[..., Result]


@pytest.fixture
def run() -> Run:
    """Run the transpipe CLI in-process: ``run(site, "build", "--keep", "0")``."""
    runner = CliRunner()

    def invoke(root: Path, *args: str, ok: bool = True) -> Result:
        result = runner.invoke(cli, ["-C", str(root), *args], catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.output + result.stderr
        return result

    return invoke


def copy_tree(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def git(
    repo: Path, *args: str, who: tuple[str, str] = ("Maintainer", "m@x.org"), when: str = ""
) -> str:
    """Run git in ``repo`` as ``who`` (at ``when``), whatever the machine's git config says."""
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": who[0],
        "GIT_AUTHOR_EMAIL": who[1],
        "GIT_COMMITTER_NAME": who[0],
        "GIT_COMMITTER_EMAIL": who[1],
    }
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def invoke(root: Path, *args: str) -> tuple[int, str]:
    """Run the CLI in ``root`` in-process: (exit status, stdout and stderr)."""
    result = CliRunner().invoke(cli, ["-C", str(root), *args], catch_exceptions=False)
    return result.exit_code, result.output + result.stderr
