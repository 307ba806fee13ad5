"""placing: fitting a hand-made translation to its English unit loses and doubles nothing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transpipe.align import prose_size
from transpipe.placing import definitions, fit_edges, partition, resolve_references

CAT = '<center><img src="{{site.baseurl}}/images/cat.png"/><br>'


@pytest.mark.parametrize(
    ("msgstr", "msgid", "before", "after", "expected"),
    [
        # markup from outside the English unit, with the image the build keeps: dropped
        (CAT + "(b) Un chat", "(b) A cat", CAT, "</center>", "(b) Un chat"),
        (
            "<centro>\n" + CAT + "\n<b>Fig. 1 :</b> Un chat",
            "<b>Fig. 1:</b> A cat",
            CAT,
            "",
            ("<b>Fig. 1 :</b> Un chat"),
        ),
        # display math the translation carried from the next block: dropped
        ("Nous avons :\n$$\nx = 1\n$$", "We have:", "", "\n\n$$\nx = 1\n$$\n", "Nous avons :"),
        # the English unit swallowed an image the translation lacks: put back
        (
            "Figure 2. Un chien",
            '"\n<img src="dog.png" /><br>\nFigure 2. A dog',
            "",
            "",
            ('"\n<img src="dog.png" /><br>\nFigure 2. Un chien'),
        ),
        # an image of the English unit's own, kept in the translation: unchanged
        (
            "Un ![chat](cat.png) dort",
            "A ![cat](cat.png) sleeps",
            CAT,
            "",
            "Un ![chat](cat.png) dort",
        ),
        # no image around the English unit: the translation's own image stays
        ('<img src="cat.png"/> Un chat', "A cat", "", "", '<img src="cat.png"/> Un chat'),
    ],
)
def test_fit_edges(msgstr: str, msgid: str, before: str, after: str, expected: str) -> None:
    assert fit_edges(msgstr, msgid, before, after) == expected


def test_reference_links_are_written_inline() -> None:
    page = '[salle 95]: http://example.org/95 "Salle"\n\n```\n[code]: http://no\n```\n'
    known = definitions(page)
    assert known == {"salle 95": 'http://example.org/95 "Salle"'}
    assert resolve_references("Dans la [Salle  95], [ici][salle 95], `[salle 95]`", known) == (
        'Dans la [Salle  95](http://example.org/95 "Salle"), '
        '[ici](http://example.org/95 "Salle"), `[salle 95]`'
    )
    assert (
        resolve_references("[inconnu] et [lien](http://x)", known)
        == "[inconnu] et [lien](http://x)"
    )


def _length(english: int, translated: int) -> float:
    return 1.0 - abs(translated - english) / max(english, 1)


@given(
    st.lists(st.text(alphabet="abc défg", min_size=1, max_size=30), min_size=1, max_size=6),
    st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=4),
)
def test_partition_loses_no_line(lines: list[str], sizes: list[int]) -> None:
    msgstr = "\n".join(lines)
    found = partition(msgstr, sizes, _length, prose_size)
    if found is not None:
        total, parts = found
        assert len(parts) == len(sizes)
        assert "\n".join(parts).split() == msgstr.split()  # every word, in order, once
        assert total > 0


def test_partition_follows_lengths() -> None:
    msgstr = "Un chat dort.  \nQuand le soleil se couche, le chat passe sur le canapé."
    found = partition(msgstr, [10, 44], _length, prose_size)
    assert found is not None
    assert found[1] == ["Un chat dort.", "Quand le soleil se couche, le chat passe sur le canapé."]
    assert partition("Une seule ligne.", [10, 10], _length, prose_size) is None
