"""Splicing translations into a page: faithful, and only text changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from markdown_strategies import document
from transpipe import safety
from transpipe.build import Credits, render_page
from transpipe.config import Config, load_config
from transpipe.links import read_site
from transpipe.page import parse_page
from transpipe.safety import page_facts, site_hosts
from transpipe.site import Site


def same(url: str) -> str:
    return url


def build(
    text: str, translate: dict[str, str] | None = None, credits: Credits | None = None
) -> str:
    page = parse_page(Path("page.md"), text)
    return render_page(page, translate or {}, same, "fr", credits)


def body(text: str) -> str:
    """The page without the front matter (a build adds ``lang`` there)."""
    return text.split("\n---", 1)[1] if text.startswith("---") else text


@settings(max_examples=300, deadline=None)
@given(document())
def test_identity_translation_returns_the_document(text: str) -> None:
    page = parse_page(Path("page.md"), text)
    identity = {unit.msgid: unit.msgid for unit in page.units}
    assert body(render_page(page, identity, same, "fr", None)) == body(text)
    assert body(render_page(page, {}, same, "fr", None)) == body(text)


def shout(msgid: str) -> str:
    """A 'translation' that changes letters only outside markup (like a careful translator)."""
    from transpipe.inline import MARKUP

    out, last = [], 0
    for match in MARKUP.finditer(msgid):
        out += [msgid[last : match.start()].swapcase(), match.group()]
        last = match.end()
    return "".join([*out, msgid[last:].swapcase()])


@settings(max_examples=200, deadline=None)
@given(document())
def test_translation_keeps_the_structure(text: str) -> None:
    page = parse_page(Path("page.md"), text)
    translated = render_page(page, {u.msgid: shout(u.msgid) for u in page.units}, same, "fr", None)
    again = parse_page(Path("page.md"), translated)
    assert [u.kind for u in again.units] == [u.kind for u in page.units]
    assert [shout(u.msgid) for u in page.units] == [u.msgid for u in again.units]


def test_translation_is_spliced_with_the_source_indentation() -> None:
    text = "- item one\n  goes on\n- two\n"
    out = build(text, {"item one\ngoes on": "article un\ncontinue\nencore"})
    assert out == "- article un\n  continue\n  encore\n- two\n"


def test_single_line_units_never_get_a_line_break() -> None:
    out = build("## Title\n\n| cell |\n", {"Title": "Titre\nlong", "cell": "a|b"})
    assert out == "## Titre long\n\n| a\\|b |\n"


def test_attribute_translation_is_escaped() -> None:
    out = build('<img src="x.png" alt="A graph" />\n', {"A graph": 'Un "graphe"'})
    assert out == '<img src="x.png" alt="Un &quot;graphe&quot;" />\n'


def test_front_matter_title_keeps_the_rest_of_the_front_matter() -> None:
    text = (
        "---\nlayout: default\ntitle: DEEP LEARNING\n"
        "author: Alfredo Canziani\nlang-ref: home\n---\n"
    )
    out = build(
        text, {"DEEP LEARNING": "APPRENTISSAGE : PROFOND"}, Credits(("Ana", "Li"), "24 Feb 2020")
    )
    assert out == (
        '---\nlayout: default\ntitle: "APPRENTISSAGE : PROFOND"\nauthor: Alfredo Canziani\n'
        "lang-ref: home\nlang: fr\ntranslation-date: 24 Feb 2020\ntranslator: Ana, Li\n---\n"
    )


def test_no_credits_when_nothing_is_translated() -> None:
    out = build("---\ntitle: T\n---\n\nText.\n")
    assert out == "---\ntitle: T\nlang: fr\n---\n\nText.\n"


def test_existing_credit_keys_are_replaced() -> None:
    text = "---\ntitle: T\nlang: en\ntranslator: Old\n---\n"
    assert (
        build(text, {}, Credits(("New",), None))
        == "---\ntitle: T\nlang: fr\ntranslator: New\n---\n"
    )


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
@example("---")
@example("--- ")
def test_any_title_survives_yaml(title: str) -> None:
    import yaml

    out = build("---\ntitle: Deep\n---\n", {"Deep": title} if title.strip() else {})
    front = out[4 : out.index("\n---\n", 3)]  # (a title may hold "---": not split on it)
    data = yaml.safe_load(front)
    expected = " ".join(title.split("\n")) if title.strip() and title != "Deep" else "Deep"
    assert data["title"] == expected


_WORD = st.text(
    alphabet=st.one_of(
        st.characters(whitelist_categories=("L", "N")), st.sampled_from(list(",.()'-_"))
    ),
    min_size=1,
    max_size=8,
)


@given(st.lists(_WORD, min_size=2, max_size=5), st.characters(whitelist_categories=("L",)))
def test_plain_words_shortcut_reads_back(words: list[str], first: str) -> None:
    """What the plain-words shortcut writes unquoted, YAML reads back as the same string."""
    import yaml

    from transpipe.front import _PLAIN_WORDS, yaml_scalar

    value = first + " ".join(words)
    if _PLAIN_WORDS.fullmatch(value) and value.isprintable():
        assert yaml_scalar(value) == value
        assert yaml.safe_load(f"k: {value}") == {"k": value}


def test_site_hosts_of_pages_at_hand_are_those_of_their_files(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build takes the hosts of the pages it parsed from them, not from their files
    again: the same hosts, no file read twice; a page of no known host adds its own."""
    english = site / "pages" / "en" / "week01" / "01-1.md"
    english.write_text(
        english.read_text(encoding="utf-8")
        + "\nSee [a](https://known.example/x) and <a href='http://other.example/'>b</a>.\n",
        encoding="utf-8",
    )
    (site / "pages" / "_config.yml").write_text("url: https://site.example\nbaseurl: /b\n")
    config = load_config(site)
    run = Site(config)
    links = read_site(config.pages_dir, config.root, config.source_language, run.sources())
    from_files = site_hosts(config, links)
    assert {"known.example", "other.example", "site.example"} <= from_files.hosts
    assert from_files.pages == frozenset(run.sources())

    for source in run.sources():
        run.page(source)
    read: list[Path] = []
    monkeypatch.setattr(safety, "_file_hosts", lambda path, *_: read.append(path) or frozenset())
    assert site_hosts(config, links, run.page_at_hand) == from_files
    assert read == []

    other = parse_page(site / "other.md", "[c](https://third.example/)\n")
    assert page_facts(run.page(english), from_files).hosts == from_files.hosts
    assert page_facts(other, from_files).hosts == from_files.hosts | {"third.example"}


@pytest.mark.parametrize(
    ("root", "path", "shown"),
    [
        ("/site", "/site/pages/fr/a.md", "pages/fr/a.md"),
        ("/site", "/site", "."),
        ("/site", "/sitemap/a.md", "/sitemap/a.md"),  # a longer name, not a folder of it
        ("/site", "/elsewhere/a.md", "/elsewhere/a.md"),
        ("/site", "relative/a.md", "relative/a.md"),
        ("/", "/a/b.md", "a/b.md"),
        (".", "pages/a.md", "pages/a.md"),
    ],
)
def test_paths_are_shown_relative_to_the_site_root_as_pathlib_says(
    root: str, path: str, shown: str
) -> None:
    config = Config(Path(root))
    assert config.display(Path(path)) == shown
    try:
        expected = Path(path).relative_to(Path(root)).as_posix()
    except ValueError:
        expected = path
    assert shown == expected
