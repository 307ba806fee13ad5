"""Importing hand-made translated pages: anchors, structural alignment, msgstr clean-up, credits."""

from __future__ import annotations

import importlib.util
import itertools
import math
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from types import ModuleType

import git
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transpipe.align import align, canonical_url
from transpipe.catalog import Catalog
from transpipe.dates import parse_date
from transpipe.errors import TranspipeError
from transpipe.extract import make_template, template_messages
from transpipe.gitstate import text_at_revision
from transpipe.importer import ImportResult, import_page
from transpipe.msgstr import clean_msgstr, same_links
from transpipe.page import Page, Unit, UnitKind, parse_page
from transpipe.pagecredits import page_credits
from transpipe.pairs import Pair

FIXTURES = Path(__file__).parent / "fixtures" / "import"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dlsp20"
BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "import_quality.py"
NOW = "2024-01-01 00:00+0000"
LANGS = {"en", "fr", "pt", "zh"}


def english() -> Page:
    path = FIXTURES / "en.md"
    return parse_page(path, path.read_text(encoding="utf-8"))


def template(page: Page) -> Catalog:
    return make_template(template_messages(page, "en.md"), "en.md", "demo", NOW)


def run(name: str, use_anchors: bool = True) -> ImportResult:
    page = english()
    path = FIXTURES / name
    text = path.read_text(encoding="utf-8")
    return import_page(page, text, path, template(page), name[:2], use_anchors=use_anchors, now=NOW)


def by_english(result: ImportResult) -> dict[str, Pair]:
    return {pair.english.msgid: pair for pair in result.pairs}


def messages(result: ImportResult) -> dict[str, tuple[str, bool, str | None]]:
    return {m.msgid: (m.msgstr, m.fuzzy, m.previous_msgid) for m in result.catalog.messages}


# --- anchors -------------------------------------------------------------------------------


def test_anchored_page_gives_exact_pairs() -> None:
    result = run("fr-anchored.md")
    page = english()
    assert result.report.exact == len(page.units)
    assert result.report.anchored == len(page.units) - 1  # all but the front-matter title
    assert result.report.fuzzy == 0
    assert not result.report.untranslated and not result.report.extra
    assert result.report.matches_structure and not result.report.low_match
    catalog = messages(result)
    assert catalog["Gradient descent"] == ("Descente de gradient", False, None)
    assert catalog["<b>Fig. 1</b>: Steps of SGD on a convex loss"][0] == (
        "<b>Figure 1 :</b> Pas de la SGD sur une perte convexe"
    )
    assert catalog["Linear in the size of the data"][0] == "Linéaire en la taille des données"
    assert all("<!--" not in msgstr for msgstr, _, _ in catalog.values())


def test_outdated_comment_gives_fuzzy_entry_with_the_english_translated() -> None:
    result = run("fr-outdated.md")
    msgid = (
        "Stochastic gradient descent looks at one sample at a time, so a step costs $O(1)$ "
        "instead of $O(n)$. The steps are noisy, but there are many more of them."
    )
    msgstr, fuzzy, previous = messages(result)[msgid]
    assert msgstr.startswith("La descente de gradient stochastique regarde")
    assert fuzzy
    assert previous == (
        "Stochastic gradient descent uses one sample at a time, so one step costs $O(1)$ "
        "instead of $O(n)$. The steps are noisy."
    )
    assert result.report.fuzzy == 1
    assert result.report.exact == len(english().units) - 1


def test_crlf_page_imports_like_lf(tmp_path: Path) -> None:
    text = (FIXTURES / "fr-anchored.md").read_text(encoding="utf-8")
    path = tmp_path / "fr.md"
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    page = english()
    crlf = path.read_bytes().decode("utf-8")
    result = import_page(page, crlf, path, template(page), "fr", now=NOW)
    assert messages(result) == messages(run("fr-anchored.md"))


def test_anchors_can_be_ignored() -> None:
    result = run("fr-anchored.md", use_anchors=False)
    assert result.report.anchored == 0
    assert messages(result) == messages(run("fr-anchored.md"))


# --- structure -------------------------------------------------------------------------------


def test_page_without_anchors_is_aligned_by_structure() -> None:
    result = run("pt.md")
    assert result.report.exact == len(english().units)
    assert result.report.anchored == 0
    assert result.report.matches_structure
    catalog = messages(result)
    assert catalog["Momentum"] == ("Momento", False, None)
    assert catalog["Constant"] == ("Constante", False, None)
    assert catalog["Most papers scale it by a factor of 0.9 at every step."][0] == (
        "A maioria dos artigos a multiplica por um fator de 0,9 a cada passo."
    )


def test_extra_translated_paragraph_is_reported_with_its_line() -> None:
    result = run("pt-extra.md")
    assert [(u.line, u.kind) for u in result.report.extra] == [(28, "blockquote")]
    assert result.report.extra[0].text.startswith("Nota do tradutor")
    assert not result.report.untranslated
    assert messages(result) == messages(run("pt.md"))  # the other pairs are untouched


def test_missing_paragraph_is_reported_and_never_filled_with_a_neighbour() -> None:
    result = run("pt-missing.md")
    missing = [(u.line, u.text[:27]) for u in result.report.untranslated]
    assert missing == [(13, "Stochastic gradient descent")]
    full = messages(run("pt.md"))
    for msgid, (msgstr, fuzzy, _) in messages(result).items():
        if msgstr and not fuzzy:
            assert msgstr == full[msgid][0]


def test_page_of_another_edition_is_noticed_and_mostly_not_imported() -> None:
    result = run("zh-other.md")
    report = result.report
    assert report.low_match and not report.matches_structure
    assert report.match < 0.3
    assert report.exact == 0  # not even the title: another edition's title stays fuzzy
    assert len(report.extra) >= 8
    translated = [m for m in result.catalog.messages if m.msgstr]
    assert len(translated) <= 2


# --- msgstr clean-up -------------------------------------------------------------------------


def test_links_take_the_english_urls() -> None:
    catalog = messages(run("fr-anchored.md"))
    msgid = next(m for m in catalog if m.startswith("See [the previous lecture]"))
    assert "](en/week01/01-1)" in catalog[msgid][0]
    assert "{{site.baseurl}}/fr/" not in catalog[msgid][0]
    pt = messages(run("pt.md"))[msgid][0]
    assert pt.startswith("Veja [a aula anterior](en/week01/01-1) e [o notebook](https://github")


@pytest.mark.parametrize(
    ("msgstr", "msgid", "expected"),
    [
        (
            "Ver [semana 1]({{site.baseurl}}/pt/week01/01) e [13](zh/week13/13).",
            "See [week 1](en/week01/01) and [13]({{site.baseurl}}/en/week13/13/).",
            "Ver [semana 1](en/week01/01) e [13]({{site.baseurl}}/en/week13/13/).",
        ),
        (  # the site's absolute URL in another language
            "Voir [ici](https://atcold.github.io/pytorch-Deep-Learning/fr/week07/07-3/).",
            "See [here](https://atcold.github.io/pytorch-Deep-Learning/en/week07/07-3/).",
            "Voir [ici](https://atcold.github.io/pytorch-Deep-Learning/en/week07/07-3/).",
        ),
        (  # another target: the translator's choice stays
            "Voir [Wikipédia](https://fr.wikipedia.org/wiki/Gradient).",
            "See [Wikipedia](https://en.wikipedia.org/wiki/Gradient).",
            "Voir [Wikipédia](https://fr.wikipedia.org/wiki/Gradient).",
        ),
        (  # not the same links in the same order: untouched
            "Voir [b](fr/week02/02) puis [a](fr/week01/01).",
            "See [a](en/week01/01) then [b](en/week02/02).",
            "Voir [b](fr/week02/02) puis [a](fr/week01/01).",
        ),
    ],
)
def test_same_links(msgstr: str, msgid: str, expected: str) -> None:
    assert same_links(msgstr, msgid, {"en", "fr", "pt", "zh"}) == expected


def unit(msgid: str, kind: UnitKind = UnitKind.PARAGRAPH, detail: str = "") -> Unit:
    return Unit(msgid, kind, 1, ((0, len(msgid)),), detail=detail)


@pytest.mark.parametrize(
    ("translated", "english_unit", "expected"),
    [
        (  # an inline anchor between spaces
            "$x(t)$ : <!--input that varies across time--> entrada que varía.",
            unit("$x(t)$: input that varies across time"),
            "$x(t)$ : entrada que varía.",
        ),
        ("造成<!-- saturate-->饱和。", unit("saturate"), "造成饱和。"),
        (
            "Un titre\nsur deux lignes",
            unit("A title", UnitKind.HEADING, "2"),
            "Un titre sur deux lignes",
        ),
        (
            "Une ligne  \n  suivie d'une autre",
            unit("A line  \nthen another"),
            "Une ligne  \nsuivie d'une autre",
        ),
    ],
)
def test_clean_msgstr(translated: str, english_unit: Unit, expected: str) -> None:
    assert clean_msgstr(translated, english_unit, english_unit.msgid, LANGS) == expected


def test_translation_that_kept_the_wrapper_loses_it() -> None:
    text = "**Two ways to define it:**\n\n## [Beam search](https://youtu.be/x)\n"
    page = parse_page(Path("en.md"), text)
    bold, link = page.units
    assert clean_msgstr("**Deux façons de le définir** :", bold, text, LANGS) == (
        "Deux façons de le définir :"
    )
    assert clean_msgstr("[Búsqueda por haces] (https://youtu.be/x)", link, text, LANGS) == (
        "Búsqueda por haces"
    )


def test_no_single_line_unit_gets_a_newline() -> None:
    result = run("fr-anchored.md")
    for pair in result.pairs:
        if pair.english.single_line:
            assert "\n" not in pair.msgstr


# --- credits ---------------------------------------------------------------------------------


def test_credits_with_misspelt_keys_go_into_the_header() -> None:
    catalog = run("zh-other.md").catalog
    assert catalog.headers["Last-Translator"] == "李雷"
    assert catalog.headers["PO-Revision-Date"] == "2021-02-28 00:00+0000"
    assert catalog.header_comment.splitlines()[-1] == "Translators: 李雷, 韩梅梅"


def test_credits_of_a_well_formed_page() -> None:
    catalog = run("fr-anchored.md").catalog
    assert catalog.headers["Last-Translator"] == "Marie Curie"
    assert catalog.headers["PO-Revision-Date"] == "2020-02-24 00:00+0000"
    assert "Translators: Marie Curie, Pierre Curie" in catalog.header_comment.splitlines()
    assert catalog.headers["Language"] == "fr"


def test_page_without_credits_keeps_the_given_date() -> None:
    page = english()
    text = (FIXTURES / "pt.md").read_text(encoding="utf-8")
    text = text.replace("translation-date: 5 Mar 2021\ntranslator: Carlos Chagas\n", "")
    result = import_page(page, text, FIXTURES / "pt.md", template(page), "pt", now=NOW)
    assert result.catalog.headers["PO-Revision-Date"] == NOW
    assert result.catalog.headers["Last-Translator"] == ""
    assert "Translators" not in result.catalog.header_comment


@pytest.mark.parametrize(
    ("front", "names", "day"),
    [
        ({"translator": "Ana, Bo", "translation-date": "24 Feb 2020"}, ["Ana", "Bo"], "2020-02-24"),
        ({"Translator": "Ana", "tranlation-date": "5 March 2021"}, ["Ana"], "2021-03-05"),
        (
            {"translators": ["Ana", "Bo"], "translate-date": "15 June 2020"},
            ["Ana", "Bo"],
            "2020-06-15",
        ),
        ({"Translation-date": date(2020, 8, 1), "title": "x"}, [], "2020-08-01"),
        ({"translation_date": "someday", "author": "Zed"}, [], None),
    ],
)
def test_page_credits(front: dict[str, object], names: list[str], day: str | None) -> None:
    found, when = page_credits(front)
    assert found == names
    assert (when.date().isoformat() if when else None) == day


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("24 Feb 2020", datetime(2020, 2, 24, tzinfo=timezone.utc)),
        ("08 Aug 2020", datetime(2020, 8, 8, tzinfo=timezone.utc)),
        ("28 Fev 2021", datetime(2021, 2, 28, tzinfo=timezone.utc)),
        ("2020-02-24", datetime(2020, 2, 24, tzinfo=timezone.utc)),
        (date(2020, 2, 24), datetime(2020, 2, 24, tzinfo=timezone.utc)),
        ("31 Feb 2020", None),
        ("soon", None),
    ],
)
def test_page_dates_in_every_spelling(value: object, expected: datetime | None) -> None:
    assert parse_date(value) == expected  # (what page_credits reads a date with)


# --- git ---------------------------------------------------------------------------------------


def test_a_page_is_read_as_it_was_at_a_revision(tmp_path: Path) -> None:
    repo = git.Repo.init(tmp_path)
    with repo.config_writer() as config:
        config.set_value("user", "name", "Test")
        config.set_value("user", "email", "test@example.org")
    page = tmp_path / "pages" / "fr" / "week02" / "02-1.md"
    page.parent.mkdir(parents=True)
    old = (FIXTURES / "fr-outdated.md").read_text(encoding="utf-8")
    page.write_text(old, encoding="utf-8")
    repo.index.add([str(page)])
    repo.index.commit("first translation")
    page.write_text("# Rewritten\n", encoding="utf-8")
    repo.index.add([str(page)])
    repo.index.commit("rewrite")
    assert text_at_revision(tmp_path, page, "HEAD~1") == old
    assert text_at_revision(tmp_path, page, "HEAD") == "# Rewritten\n"
    with pytest.raises(TranspipeError):
        text_at_revision(tmp_path, page, "no-such-revision")
    with pytest.raises(TranspipeError):
        text_at_revision(tmp_path, tmp_path / "pages" / "missing.md", "HEAD")


# --- alignment ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("{{site.baseurl}}/pt/week01/01", "week01/01"),
        ("{{ site.baseurl }}/en/week01/01/", "week01/01"),
        ("zh/week13/13", "week13/13"),
        (
            "https://atcold.github.io/pytorch-Deep-Learning/fr/week07/07-3/",
            "atcold.github.io/pytorch-Deep-Learning/week07/07-3",
        ),
        ("en/faq.md#top", "faq#top"),
        ("{{site.baseurl}}/images/week02/02-1/sgd.png", "images/week02/02-1/sgd.png"),
    ],
)
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url, LANGS) == canonical


def best_by_brute_force(scores: list[list[float]], banned: tuple[int, int] | None = None) -> float:
    """The best total of monotonic pairings (skips free), optionally without one pair."""
    n, m = len(scores), len(scores[0]) if scores else 0
    best = 0.0
    for size in range(1, min(n, m) + 1):
        for rows in itertools.combinations(range(n), size):
            for cols in itertools.combinations(range(m), size):
                pairs = list(zip(rows, cols, strict=True))
                if banned in pairs:
                    continue
                best = max(best, sum(scores[i][j] for i, j in pairs))
    return best


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda n: st.integers(1, 4).flatmap(
            lambda m: st.lists(
                st.lists(st.integers(-5, 8).map(float), min_size=m, max_size=m),
                min_size=n,
                max_size=n,
            )
        )
    )
)
def test_align_is_optimal_and_margins_are_exact(scores: list[list[float]]) -> None:
    links = align(scores)
    assert all(
        a.english < b.english and a.translated < b.translated for a, b in itertools.pairwise(links)
    )
    best = best_by_brute_force(scores)
    assert math.isclose(sum(link.score for link in links), best)
    for link in links:
        without = best_by_brute_force(scores, (link.english, link.translated))
        assert math.isclose(link.margin, best - without)


# --- the corpus (skipped when absent) ------------------------------------------------------------


def benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_quality", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the DLSP20 corpus is not present")
def test_corpus_structural_alignment_meets_its_targets() -> None:
    quality = benchmark()
    total = quality.Tally()
    for lang in quality.LANGUAGES:
        total.add(quality.measure(CORPUS, lang, reproduce=False))
    assert total.truth > 5000  # anchored exact pairs: the ground truth
    assert total.precision >= 0.98
    assert total.recall >= 0.90
    assert total.low  # pages of another edition are noticed
