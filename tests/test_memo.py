"""Caches within a budget: the oldest entries go, and a run that forgets gives the same files."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from conftest import Run
from test_shards import files, prepared, same_minute
from transpipe import pipeline
from transpipe import site as site_lib
from transpipe.catalog import Catalog
from transpipe.config import load_config
from transpipe.memo import CATALOG_BUDGET, Bounded, catalog_budget
from transpipe.site import Site


def test_the_first_entries_stay_and_past_the_budget_only_the_newest() -> None:
    cache: Bounded[str, str] = Bounded(10, len)
    cache["a"], cache["b"], cache["c"] = "xxxx", "yyyy", "zz"
    assert "a" in cache and cache.get("c") == "zz"
    cache["d"] = "wwww"  # 14 > 10: "d" is kept aside, the first ones stay
    assert all(key in cache for key in "abcd") and cache["d"] == "wwww"
    cache["e"] = "v" * 50  # the newest past the budget: "d" goes
    assert cache["e"] == "v" * 50 and "d" not in cache and cache.get("d") is None
    assert cache["a"] == "xxxx" and cache["b"] == "yyyy"
    with pytest.raises(KeyError):
        cache["d"]
    cache.pop("a")  # room again: the next entry that fits joins the first ones
    cache["f"] = "uuuu"
    cache["g"] = "tt"  # past the budget: aside, in the place of "e"
    assert "f" in cache and "e" not in cache and cache["g"] == "tt"
    cache["b"] = "y" * 9  # an entry that grows past the budget goes aside
    assert cache["b"] == "y" * 9 and "g" not in cache
    cache.pop("b")
    assert cache.get("b") is None and cache["f"] == "uuuu"


def test_a_pass_over_more_than_fits_finds_its_beginning_on_the_next_pass() -> None:
    """A run reads the site in one order again and again (merge, build, menus): forgetting
    the oldest first would keep nothing for the next pass."""
    cache: Bounded[int, str] = Bounded(30, len)
    found = 0
    for _ in range(3):
        for key in range(10):  # 100 characters: 3 entries fit
            if key in cache:
                found += 1
            else:
                cache[key] = "x" * 10
            assert cache[key] == "x" * 10  # the entry at hand is always there
    assert found == 2 * 3


@pytest.mark.parametrize("budget", [1, 1_000], ids=["nothing kept", "some kept"])
def test_a_run_that_forgets_writes_the_same(
    site: Path, run: Run, tmp_path: Path, budget: int
) -> None:
    prepared(site, run)

    def work() -> None:
        shutil.rmtree(tmp_path / "tiny", ignore_errors=True)
        shutil.rmtree(tmp_path / "usual", ignore_errors=True)
        run(shutil.copytree(site, tmp_path / "usual"), "sync", "--keep", "0", "--jobs", "1")
        tiny = Site(load_config(shutil.copytree(site, tmp_path / "tiny")))
        tiny.sources()  # (which sets the catalogs' budget from the site's size)
        for cache in (tiny._pages, tiny._templates, tiny._catalogs):
            cache.budget = budget  # pages and catalogs read again when needed
        report = pipeline.sync(tiny, ["fr", "pt"], 0)
        tiny.state.save()
        assert not report.errors and report.written

    same_minute(work)
    assert files(tmp_path / "tiny") == files(tmp_path / "usual")


@pytest.mark.parametrize("budget", [None, 1], ids=["the site's own", "nothing kept"])
def test_a_small_site_parses_each_catalog_once_a_run(
    site: Path, run: Run, monkeypatch: pytest.MonkeyPatch, budget: int | None
) -> None:
    """Its catalogs all fit the budget set from its size: the build, after the merge, finds
    every one in memory (with no budget, it reads them again)."""
    prepared(site, run)  # an English page edited since: its catalogs are merged and built
    parsed: list[Path] = []
    decode = site_lib.decode_catalog

    def counted(data: bytes, path: Path) -> Catalog:
        parsed.append(path)
        return decode(data, path)

    monkeypatch.setattr(site_lib, "decode_catalog", counted)
    small = Site(load_config(site))
    small.sources()
    if budget is not None:
        small._catalogs.budget = budget
    report = pipeline.sync(small, ["fr", "pt"], 0)
    assert not report.errors and report.written
    counts = Counter(parsed)
    assert counts and set(counts) <= set((site / "locales").rglob("*.po"))
    if budget is None:
        assert max(counts.values()) == 1, counts.most_common(3)
    else:
        assert max(counts.values()) == 2


def test_the_catalog_budget_shrinks_as_the_site_grows(site: Path) -> None:
    budgets = [catalog_budget(n) for n in (0, 900, 3_600, 15_000, 100_000)]
    assert budgets == sorted(budgets, reverse=True)
    assert budgets[1] >= 19_000_000  # the course site's 900 catalogs (19 M) all fit
    assert budgets[3] == budgets[4] == CATALOG_BUDGET  # 1,000 pages × 15 languages: the least
    config = load_config(site)
    ours = Site(config)
    assert ours._catalogs.budget == CATALOG_BUDGET  # until the site's size is known
    size = len(ours.sources()) * len(config.languages)
    assert ours._catalogs.budget == catalog_budget(size) > CATALOG_BUDGET
