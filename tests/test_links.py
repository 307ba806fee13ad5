"""Links between pages are localised; assets are re-based; other URLs are left alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import CORPUS
from transpipe import links
from transpipe.links import LinkMap, localiser, read_site, rewrite_urls

SITE = LinkMap(
    source_language="en",
    pages={
        "": "",
        "en/week01/01": "week01/01",
        "en/week01/01-1": "week01/01-1",
        "en/about": "about",
    },
    absolute_prefixes=(
        "https://atcold.github.io/NYU-DLSP20/",
        "http://atcold.github.io/NYU-DLSP20/",
    ),
    baseurl="/NYU-DLSP20",
)
BUILT = frozenset({"", "week01/01"})

CASES = {
    "relative from home, built": ("index.md", "en/week01/01", "{{site.baseurl}}/fr/week01/01"),
    "relative, capitalised": ("index.md", "en/Week01/01", "{{site.baseurl}}/fr/week01/01"),
    "relative, not built": ("index.md", "en/week01/01-1", "{{site.baseurl}}/en/week01/01-1"),
    "baseurl, built, with anchor": (
        "en/about.md",
        "{{site.baseurl}}/en/week01/01#energy",
        "{{site.baseurl}}/fr/week01/01#energy",
    ),
    "baseurl, not built, unchanged": (
        "en/about.md",
        "{{ site.baseurl }}/en/week01/01-1",
        "{{ site.baseurl }}/en/week01/01-1",
    ),
    "site's absolute URL": (
        "en/about.md",
        "https://atcold.github.io/NYU-DLSP20/en/week01/01/",
        "{{site.baseurl}}/fr/week01/01",
    ),
    "absolute path with baseurl": (
        "en/about.md",
        "/NYU-DLSP20/en/week01/01",
        "{{site.baseurl}}/fr/week01/01",
    ),
    "home page": ("en/about.md", "{{site.baseurl}}/", "{{site.baseurl}}/fr/"),
    "relative asset from home": ("index.md", "images/Yann.png", "{{site.baseurl}}/images/Yann.png"),
    "relative asset from a week page": (
        "en/week01/01.md",
        "figure.png",
        "{{site.baseurl}}/en/week01/figure.png",
    ),
    "other site": ("index.md", "https://cds.nyu.edu/", "https://cds.nyu.edu/"),
    "anchor": ("index.md", "#lectures", "#lectures"),
    "mail": ("index.md", "mailto:a@b.org", "mailto:a@b.org"),
    "baseurl asset": ("index.md", "{{site.baseurl}}/images/x.png", "{{site.baseurl}}/images/x.png"),
}


@pytest.mark.parametrize("source,url,expected", CASES.values(), ids=CASES.keys())
def test_localise(source: str, url: str, expected: str) -> None:
    assert localiser(SITE, source, "fr", BUILT)(url) == expected


def test_rewrite_skips_inline_code() -> None:
    fix = localiser(SITE, "index.md", "fr", BUILT)
    text = 'See [w1](en/week01/01), `[x](en/week01/01)` and <a href="en/week01/01">w</a>.'
    assert rewrite_urls(text, fix) == (
        "See [w1]({{site.baseurl}}/fr/week01/01), `[x](en/week01/01)` and "
        '<a href="{{site.baseurl}}/fr/week01/01">w</a>.'
    )


def test_read_site_uses_config(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    (pages / "en").mkdir(parents=True)
    (pages / "index.md").write_text("x")
    (pages / "en" / "a.md").write_text("x")
    (pages / "_config.yml").write_text("url: https://ex.org\nbaseurl: '/site'\n")
    site = read_site(pages, tmp_path, "en", [pages / "index.md", pages / "en" / "a.md"])
    assert site.pages == {"": "", "en/a": "a"}
    assert site.absolute_prefixes == ("https://ex.org/site/", "http://ex.org/site/")
    assert site.baseurl == "/site"


def test_links_in_a_comment_before_inline_code_are_kept() -> None:
    """Comment spans and code spans are looked up together, whatever their order."""
    text = "<!-- [a](en/x) --> `c` `d` `e` [b](en/y)"
    assert rewrite_urls(text, lambda url: "FIX") == "<!-- [a](en/x) --> `c` `d` `e` [b](FIX)"


_SCALARS = st.one_of(
    st.text(max_size=12), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False)
)
_YAML_DATA = st.recursive(
    st.dictionaries(st.text(max_size=8), _SCALARS, max_size=4),
    lambda inner: st.dictionaries(st.text(max_size=8), inner | st.lists(inner, max_size=3)),
    max_leaves=12,
)


@given(_YAML_DATA, st.sampled_from([{}, {"default_flow_style": True}, {"allow_unicode": True}]))
def test_jekyll_config_reader_reads_as_pyyaml(
    data: dict[str, object], style: dict[str, bool]
) -> None:
    """The fast YAML reader gives what PyYAML's own reader gives, for any written mapping."""
    import yaml

    text = yaml.safe_dump(data, **style)
    assert links._load_yaml(text) == yaml.safe_load(text)


@pytest.mark.parametrize("text", ["a: [1, 2", "a: b: c", "- a\nb: c", "a:\n\t- b", "{a: 1"])
def test_jekyll_config_reader_errors_as_pyyaml(text: str) -> None:
    """A document YAML rejects gets PyYAML's own error (its words and line)."""
    import yaml

    with pytest.raises(yaml.YAMLError) as ours:
        links._load_yaml(text)
    with pytest.raises(yaml.YAMLError) as theirs:
        yaml.safe_load(text)
    assert str(ours.value) == str(theirs.value)


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")
def test_course_site_config_reads_as_pyyaml() -> None:
    import yaml

    text = (CORPUS / "_config.yml").read_text(encoding="utf-8")
    assert links._load_yaml(text) == yaml.safe_load(text)
