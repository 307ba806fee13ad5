"""Finding and repairing damaged text: mojibake (with and without lost bytes), BOM, CRLF,
a lost front-matter opening, replacement characters."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from transpipe.damage import (
    LOST_BYTES,
    Damage,
    DamageKind,
    check_clean,
    damage_message,
    find_damage,
)
from transpipe.errors import TranspipeError
from transpipe.repair import repair_text

FIXTURES = Path(__file__).parent / "fixtures" / "repair"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus" / "dlsp20"


def damage(text: str) -> str:
    """What real input went through: UTF-8 decoded as Windows-1254, the bytes it does not
    define dropped, soft hyphens (0xAD) stripped, saved again as UTF-8."""
    return text.encode("utf-8").decode("cp1254", errors="ignore").replace("\xad", "")


def loses_bytes(text: str) -> bool:
    return any(byte in LOST_BYTES for byte in text.encode("utf-8"))


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def seed(number: str) -> str:
    (path,) = SEEDS.glob(f"{number}_*.txt")
    return path.read_text(encoding="utf-8")


def kinds(text: str) -> list[str]:
    return [d.kind.value for d in find_damage(text)]


# ----------------------------------------------------------------- one test per kind of defect

CASES = [
    pytest.param(
        damage("## Descrição\n\nIntrodução à Ciência de Dados · 10:00 – 11:30\n"),
        "mojibake",
        "## Descrição\n\nIntrodução à Ciência de Dados · 10:00 – 11:30\n",
        (),
        id="mojibake",
    ),
    pytest.param(
        damage("Introdução: vídeo, Título, 🖥 slides\n"),
        "mojibake",
        "Introdução: vídeo, Título, 🖥 slides\n",
        (),
        id="mojibake-lost-byte-settled-by-case",
    ),
    pytest.param(
        damage("Descrição\n| PRÁTICAS | Terças |\n<td>Prática</td>\n"),
        "mojibake",
        "Descrição\n| PRÁTICAS | Terças |\n<td>Prática</td>\n",
        (),
        id="mojibake-lost-byte-settled-by-word",
    ),
    pytest.param(
        damage('· <a href="https://example.org/v/k3Jx9w01">🎥</a> <a href="x/week14/14">⑭</a>\n'),
        "mojibake",
        '· <a href="https://example.org/v/k3Jx9w01">🎥</a> <a href="x/week14/14">⑭</a>\n',
        ('<a href="https://example.org/v/k3Jx9w01">🎥</a>\n<a href="y/week14/14">⑭</a>\n',),
        id="mojibake-lost-byte-settled-by-reference",
    ),
    pytest.param(
        "\ufeff---\ntitle: Home\n---\n\nText\n",
        "bom",
        "---\ntitle: Home\n---\n\nText\n",
        (),
        id="bom",
    ),
    pytest.param(
        "---\r\ntitle: Home\r\n---\r\n\r\nText\r\n",
        "crlf",
        "---\ntitle: Home\n---\n\nText\n",
        (),
        id="crlf",
    ),
    pytest.param(
        "layout: default\ntitle: Home\n---\n\nText\n",
        "front-matter-opening",
        "---\nlayout: default\ntitle: Home\n---\n\nText\n",
        (),
        id="front-matter-opening",
    ),
    pytest.param(
        "Ol\ufffd, mundo\n",
        "replacement-char",
        "Ol\ufffd, mundo\n",
        (),
        id="replacement-char",
    ),
]


@pytest.mark.parametrize(("text", "kind", "repaired", "references"), CASES)
def test_each_kind_of_defect_is_found_and_repaired(
    text: str, kind: str, repaired: str, references: tuple[str, ...]
) -> None:
    assert set(kinds(text)) == {kind}
    result = repair_text(text, references)
    assert result.text == repaired
    assert find_damage(result.text) == (
        [] if "\ufffd" not in repaired else [Damage(1, 3, "\ufffd", DamageKind.REPLACEMENT_CHAR)]
    )


def test_counts_fixed_and_unresolved() -> None:
    result = repair_text("\ufeff" + damage("Introdução à Ciência\r\n"))
    assert result.text == "Introdução à Ciência\n"
    assert result.fixed == 1 + 1 + 4  # BOM, CRLF, ç ã à ê
    assert result.unresolved == []
    assert repair_text("Ol\ufffd\n").unresolved == [
        Damage(1, 3, "\ufffd", DamageKind.REPLACEMENT_CHAR)
    ]


def test_damage_has_line_column_and_snippet() -> None:
    text = "---\ntitle: x\n---\n\nA " + damage("Ciência e Introdução")
    assert find_damage(text) == [
        Damage(5, 5, "Ãª", DamageKind.MOJIBAKE),
        Damage(5, 21, "Ã§Ã£", DamageKind.MOJIBAKE),
    ]


def test_damaged_bom_and_double_encoding_are_undone() -> None:
    assert repair_text(damage("\ufeff---\ntitle: Olá\n---\n")).text == "---\ntitle: Olá\n---\n"
    assert repair_text(damage(damage("Ciência – café"))).text == "Ciência – café"


def test_front_matter_opening_needs_front_matter() -> None:
    for text in (
        "Note: this is a heading\n---\n",  # a setext heading, not front matter
        "---\ntitle: x\n---\n",
        "Some text\ntitle: x\n---\n",
        "title: x\n\nText\n",
    ):
        assert "front-matter-opening" not in kinds(text)
    assert kinds("title: x\n---\n") == ["front-matter-opening"]
    assert kinds("lang-ref: home\ntags:\n  - a\n---\n") == ["front-matter-opening"]


@pytest.mark.parametrize(
    "text",
    [
        "café… café… café… Nestlé®’s été’¿Qué? l’œuvre",
        "CAFÉ… IRMÃ” SÃO— NÃO, MÃE",
        "hâlâ… dağ’a ığdır İstanbul Çok ÖZEL ŞABLON ĞÜÇ şişe",
        "Å² Ø½ ±0.1 20°C 1º 2ª x² µm 3×4 ÷ Nestlé™ ©2024 ½",
        "VÍŠ žluťoučký błąd Łódź „Zitat“ ÄRGER Äpfel Größe",
        "fé\xaddé\xadra\xadtion, «\xa0citation\xa0», ¿Qué? ¡Sí!",
        "深度学习、讲座。「引号」 🎥 🖥️ 📓 ① ⑭ 👨\u200d💻 🇫🇷",
    ],
)
def test_tricky_clean_text_is_clean(text: str) -> None:
    assert find_damage(text) == []
    assert repair_text(text).text == text


@pytest.mark.parametrize(
    ("text", "repaired"),
    [  # real mojibake found in translations shipped with Debian (/usr/share/locale)
        ("kan ikkje brukast nÃ¥r utdata", "kan ikkje brukast når utdata"),
        ("Fann Â«~%cÂ» utan", "Fann «~%c» utan"),
        ("Blokkstørrelse må vÃ¦re delbart", "Blokkstørrelse må være delbart"),
        ("nieuwere versie geÃ¯nstalleerd", "nieuwere versie geïnstalleerd"),
        ("ar eich sgrÃ®n er mwyn", "ar eich sgrîn er mwyn"),
    ],
)
def test_real_mojibake_in_otherwise_clean_text(text: str, repaired: str) -> None:
    assert kinds(text) == ["mojibake"] * len(find_damage(text)) != []
    assert repair_text(text).text == repaired


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_other_code_pages(codec: str) -> None:
    text = "Ciência – 🎥 café “quoted” ⑭\n"
    damaged = text.encode("utf-8").decode(codec, errors="ignore")
    assert set(kinds(damaged)) == {"mojibake"}
    assert repair_text(damaged).text == text


# ----------------------------------------------------------------- lost bytes: evidence only


def test_lost_byte_without_evidence_stays_marked() -> None:
    text = damage("Descrição\n| PRÁTICAS | Terças |\n")
    result = repair_text(text)
    assert result.text == "Descrição\n| PRÃ\ufffdTICAS | Terças |\n"
    assert result.unresolved == [Damage(2, 5, "Ã\ufffd", DamageKind.MOJIBAKE)]
    assert find_damage(result.text) == [Damage(2, 5, "Ã\ufffd", DamageKind.MOJIBAKE)]
    # marked spots are settled later, once evidence is given
    assert repair_text(result.text, ["Prática"]).text == "Descrição\n| PRÁTICAS | Terças |\n"


def test_symbols_with_lost_bytes_need_references() -> None:
    text = damage('· <a href="https://example.org/v/k3Jx9w01">🎥</a> ⑭\n')
    alone = repair_text(text)
    assert [d.snippet for d in alone.unresolved] == ["ğŸ¥\ufffd", "â‘\ufffd"]
    assert "🏥" not in alone.text and "🐥" not in alone.text  # no guess among 🍥 🎥 🏥 🐥...
    assert (
        repair_text(text, ["<p>🎥 ⑭</p>"]).text
        == '· <a href="https://example.org/v/k3Jx9w01">🎥</a> ⑭\n'
    )


def test_reference_at_the_same_spot_wins() -> None:
    # 🎥 and 🏥 both occur in the reference, but the line with the same video id has 🎥
    line = '<a href="https://example.org/v/k3Jx9w01">🎥</a>'
    reference = f"<p>🏥 hospital</p>\n{line}\n"
    assert repair_text(damage(f"· {line}\n"), [reference]).text == f"· {line}\n"


def test_closing_quote_pairs_with_its_opening() -> None:
    # ” (E2 80 9D) loses 0x9D; „ ‐ ZWJ and others are possible too
    assert repair_text(damage("Ciência: “deep learning”.\n")).text == "Ciência: “deep learning”.\n"


# ----------------------------------------------------------------- fixtures made by damaging text


@pytest.mark.parametrize("lang", ["en", "pt"])
def test_fixtures_are_damaged_with_the_real_procedure(lang: str) -> None:
    assert fixture(f"home.{lang}.damaged.md") == damage(fixture(f"home.{lang}.md"))


@pytest.mark.parametrize("lang", ["en", "pt"])
def test_fixture_pages_repaired_from_sibling_translations(lang: str) -> None:
    references = [fixture("home.fr.md"), fixture("home.zh.md")]
    damaged = fixture(f"home.{lang}.damaged.md")
    assert kinds(damaged) and set(kinds(damaged)) == {"mojibake"}
    result = repair_text(damaged, references)
    assert result.text == fixture(f"home.{lang}.md")
    assert result.unresolved == []
    assert find_damage(result.text) == []


@pytest.mark.parametrize("lang", ["en", "pt"])
def test_fixture_pages_without_references_change_only_what_is_settled(lang: str) -> None:
    clean = fixture(f"home.{lang}.md")
    result = repair_text(fixture(f"home.{lang}.damaged.md"))
    unresolved = {d.line for d in result.unresolved}
    snippets = {d.snippet for d in result.unresolved}
    assert unresolved and snippets == {"ğŸ¥\ufffd", "ï¸\ufffd", "â‘\ufffd"}  # 🎥, VS16 of 🖥️, ⑭
    for number, (want, got) in enumerate(
        zip(clean.split("\n"), result.text.split("\n"), strict=True), start=1
    ):
        assert got == want or number in unresolved


def test_clean_fixtures_are_clean() -> None:
    for name in ("home.en.md", "home.fr.md", "home.zh.md", "home.pt.md"):
        assert find_damage(fixture(name)) == []
        assert repair_text(fixture(name)).text == fixture(name)


# ----------------------------------------------------------------- the real seeds

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not here")


@needs_seeds
def test_clean_seeds_have_no_damage() -> None:
    assert find_damage(seed("001")) == []
    assert find_damage(seed("004")) == []


@needs_seeds
@pytest.mark.parametrize("number", ["000", "002", "003"])
def test_damaged_seeds_are_repaired_from_clean_siblings(number: str) -> None:
    damaged = seed(number)
    assert {d.kind for d in find_damage(damaged)} == {DamageKind.MOJIBAKE}
    result = repair_text(damaged, [seed("001"), seed("004")])
    text = result.text
    assert result.unresolved == []
    assert find_damage(text) == []
    assert "\ufffd" not in text
    for mojibake in ("ğŸ", "ï¸", "Ã", "Â", "â€", "â‘"):
        assert mojibake not in text
    for char in ("🎥", "🖥️", "📓", "①", "②", "⑪", "·", "–"):
        assert char in text
    # each link holds the emoji the Chinese page has for the same video or slides
    zh: dict[str, set[str]] = {}
    for line in seed("001").split("\n"):
        for url in re.findall(r'href="(https://[^"]+)"', line):
            zh.setdefault(url, set()).add(_symbols(line))
    matched = 0
    for line in text.split("\n"):
        for url in re.findall(r'href="(https://[^"]+)"', line):
            if url in zh and len(zh[url]) == 1:
                assert zh[url] == {_symbols(line)}, line
                matched += 1
    assert matched >= 30


def _symbols(line: str) -> str:
    """The emoji and other symbols of ``line`` (with variation selectors)."""
    return "".join(c for c in line if unicodedata.category(c) in {"So", "No", "Mn"})


@needs_seeds
def test_portuguese_seed_words() -> None:
    text = repair_text(seed("000"), [seed("001"), seed("004")]).text
    for word in ("PRÁTICAS", "Descrição", "vídeo", "Título", "FÓRUM", "CIÊNCIA", "Terças", "⑭"):
        assert word in text


@needs_seeds
def test_seed_lost_bytes_are_not_guessed_without_references() -> None:
    result = repair_text(seed("002"))
    assert result.unresolved
    assert {d.snippet for d in result.unresolved} == {"ğŸ¥\ufffd", "ï¸\ufffd"}
    assert "🏥" not in result.text


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")
def test_real_pages_have_no_mojibake() -> None:
    pages = sorted(CORPUS.rglob("*.md"))
    assert len(pages) >= 260
    for page in pages:
        found = find_damage(page.read_bytes().decode("utf-8"))
        assert [d for d in found if d.kind is not DamageKind.CRLF] == [], page


# ----------------------------------------------------------------- messages


def test_check_clean_names_path_line_and_fix() -> None:
    text = "---\ntitle: x\n---\n\n" + damage("Vídeo: 🎥\n")
    with pytest.raises(TranspipeError) as caught:
        check_clean(text, Path("pages/pt/index.md"))
    assert caught.value.line == 5
    assert str(caught.value) == (
        "pages/pt/index.md:5: text looks like UTF-8 read as Windows-1254 ('Ã' at column 2);"
        " run `transpipe repair pages/pt/index.md`"
    )
    check_clean("---\ntitle: x\n---\n\nVídeo: 🎥\n", Path("x.md"))


def test_damage_message_per_kind() -> None:
    path = Path("a.md")
    assert damage_message(path, Damage(3, 7, "ğŸ¥", DamageKind.MOJIBAKE)) == (
        "a.md:3: text looks like UTF-8 read as Windows-1254 ('ğŸ¥' at column 7);"
        " run `transpipe repair a.md`"
    )
    assert damage_message(path, Damage(1, 1, "\ufeff", DamageKind.BOM)).startswith(
        "a.md:1: text starts"
    )
    assert "CRLF" in damage_message(path, Damage(1, 4, "\r\n", DamageKind.CRLF))
    assert "'---'" in damage_message(
        path, Damage(1, 1, "title: x", DamageKind.FRONT_MATTER_OPENING)
    )
    assert "U+FFFD" in damage_message(path, Damage(2, 3, "\ufffd", DamageKind.REPLACEMENT_CHAR))


# ----------------------------------------------------------------- properties

WORDS = [
    # French, Portuguese, Spanish, Italian, German, Turkish, Polish, Czech, Nordic
    *[
        "été",
        "café",
        "fenêtre",
        "Noël",
        "naïf",
        "œuvre",
        "déjà",
        "garçon",
        "l’été",
        "CAFÉ",
        "ÉCOLE",
        "À",
        "ÇA",
        "Ça",
        "ÂGE",
        "CHÂTEAU",
    ],
    *[
        "não",
        "NÃO",
        "SÃO",
        "IRMÃ",
        "MÃE",
        "ação",
        "coração",
        "Descrição",
        "PRÁTICAS",
        "Prática",
        "vídeo",
        "Título",
        "Índice",
    ],
    *[
        "¿Qué?",
        "¡Sí!",
        "año",
        "AÑO",
        "índice",
        "perché",
        "città",
        "Größe",
        "ÄRGER",
        "Äpfel",
        "„Zitat“",
        "Straße",
    ],
    *["dağ", "ağaç", "şişe", "ığdır", "İstanbul", "Çok", "ÖZEL", "Ülke", "hâlâ", "ŞABLON", "ĞÜÇ"],
    *["błąd", "Łódź", "VÍŠ", "žluťoučký", "Ångström", "Øre", "Æble"],
    # Chinese, emoji, symbols, maths
    *["深度学习", "讲座", "「引号」", "、", "。", "🎥", "🖥️", "📓", "①", "⑭", "👨\u200d💻", "🇫🇷"],
    *[
        "α≤β",
        "∑",
        "x²",
        "½",
        "±0.1",
        "Å²",
        "Ø½",
        "20°C",
        "1º",
        "2ª",
        "→",
        "×",
        "÷",
        "µm",
        "3×4",
        "Nestlé®",
        "™",
        "©2024",
    ],
]
SEPARATORS = [" ", "\n", ", ", ". ", "… ", "’", "” ", " — ", "–", "\xa0» ", " «\xa0", " · ", ": "]

clean_texts = st.lists(
    st.tuples(
        st.one_of(
            st.sampled_from(WORDS),
            st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=12),
        ),
        st.sampled_from(SEPARATORS),
    ),
    max_size=30,
).map(lambda pairs: "".join(word + sep for word, sep in pairs))


@settings(max_examples=300, deadline=None)
@given(clean_texts)
def test_clean_text_is_left_alone(text: str) -> None:
    assert find_damage(text) == []
    assert repair_text(text).text == text


@settings(max_examples=200, deadline=None)
@given(clean_texts)
def test_damage_then_repair_is_lossless_when_no_byte_was_lost(text: str) -> None:
    text = "Introdução\n" + text  # a page with at least one plain sign of damage
    assume(not loses_bytes(text))
    result = repair_text(damage(text))
    assert result.text == text
    assert result.unresolved == []


@settings(max_examples=200, deadline=None)
@given(clean_texts)
@example("dağ–\xa0» ")  # ğ–\xa0» once repaired reads as a 4-byte sequence: not strong
def test_repair_never_invents(text: str) -> None:
    """With bytes lost, each line comes back right, stays as it was, or is reported."""
    text = "Introdução\n" + text
    damaged = damage(text)
    result = repair_text(damaged)
    unresolved = {d.line for d in result.unresolved}
    lines = zip(text.split("\n"), damaged.split("\n"), result.text.split("\n"), strict=True)
    for number, (clean, hurt, repaired) in enumerate(lines, start=1):
        assert repaired in (clean, hurt) or number in unresolved
    # given the clean text itself as reference, more comes back, and still nothing invented
    helped = repair_text(damaged, [text])
    assert len(helped.unresolved) <= len(result.unresolved)
    unresolved = {d.line for d in helped.unresolved}
    lines = zip(text.split("\n"), damaged.split("\n"), helped.text.split("\n"), strict=True)
    for number, (clean, hurt, repaired) in enumerate(lines, start=1):
        assert repaired in (clean, hurt) or number in unresolved
