"""Caches within a budget: the oldest entries go, and a run that forgets gives the same files."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import Run
from test_shards import files, prepared, same_minute
from transpipe import pipeline
from transpipe.config import load_config
from transpipe.memo import Bounded


def test_oldest_entries_go_past_the_budget() -> None:
    cache: Bounded[str, str] = Bounded(10, len)
    cache["a"], cache["b"], cache["c"] = "xxxx", "yyyy", "zz"
    assert "a" in cache and cache.get("c") == "zz"
    cache["d"] = "wwww"  # 14 > 10: "a" goes
    assert "a" not in cache and cache["b"] == "yyyy"
    cache["e"] = "v" * 50  # alone past the budget: kept, everything else goes
    assert cache.get("e") and "b" not in cache and "d" not in cache
    cache.pop("e")
    assert cache.get("e") is None


def test_a_run_that_forgets_everything_writes_the_same(
    site: Path, run: Run, tmp_path: Path
) -> None:
    prepared(site, run)

    def work() -> None:
        shutil.rmtree(tmp_path / "tiny", ignore_errors=True)
        shutil.rmtree(tmp_path / "usual", ignore_errors=True)
        run(shutil.copytree(site, tmp_path / "usual"), "sync", "--keep", "0", "--jobs", "1")
        tiny = pipeline.Site(load_config(shutil.copytree(site, tmp_path / "tiny")))
        for cache in (tiny._pages, tiny._templates, tiny._catalogs):
            cache.budget = 1  # every page and catalog read again when needed
        report = pipeline.sync(tiny, ["fr", "pt"], 0)
        tiny.state.save()
        assert not report.errors and report.written

    same_minute(work)
    assert files(tmp_path / "tiny") == files(tmp_path / "usual")
