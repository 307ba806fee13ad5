"""The defect suite of issue 9: every attack caught by ``check`` and refused by ``build``.

Each row writes one hostile or careless msgstr into a real catalog of a real site, then
runs the CLI: ``check`` must name the catalog and the msgstr's line with the row's check,
and ``build`` must leave the English there (the built page free of the translation) and
report the entry with the same file and line.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from conftest import CONFIG, Run

PAGE = """\
---
title: Deep Learning
---

## Introduction

Some plain words for a translator.

@LINKS@

![A diagram of a neuron](images/neuron.png)

The loss is $\\vect{z}$ and the code `torch.relu` matters.

The figure <img src="images/fig.png" style="zoom:50%;" /> shows it.

<table>
  <tr>
    <td>A cell of text</td>
  </tr>
</table>

Some *emphasis* here.

Back to the [home page]({{site.baseurl}}/).
"""

WEEK2 = """\
---
title: Week two
---

Nothing much this week.
"""

PLAIN = "Some plain words for a translator."
LINKS = (
    "Deep learning is inspired by the [brain](https://en.wikipedia.org/wiki/Brain) "
    "and by [week two](../week02/02-1.md)."
)
MATH = "The loss is $\\vect{z}$ and the code `torch.relu` matters."
FIGURE = 'The figure <img src="images/fig.png" style="zoom:50%;" /> shows it.'
ALT = "A diagram of a neuron"
CELL = "A cell of text"
PAGE = PAGE.replace("@LINKS@", LINKS)
WORD = "Zorglub"  # in every hostile msgstr: the built page must not contain it

# (id, msgid, msgstr, check that must report it)
ATTACKS = [
    ("escaped-backtick", PLAIN, f"{WORD} \\`<script>alert(1)</script>`", "new-html"),
    (
        "backtick-inside-tag",
        FIGURE,
        f'{WORD} <img src="images/`fig.png" style="zoom:50%;" /> `x` <script>alert(1)</script>`',
        "new-html",
    ),
    ("script-in-html-block-code", CELL, f"{WORD} `<script>alert(1)</script>`", "new-html"),
    ("script", PLAIN, f"{WORD} <script>alert(1)</script>", "new-html"),
    ("img-onerror", PLAIN, f"{WORD} <img src=x onerror=alert(1)>", "new-html"),
    ("svg-onload", PLAIN, f"{WORD} <svg/onload=alert(1)>", "new-html"),
    ("iframe", PLAIN, f'{WORD} <iframe src="https://en.wikipedia.org/">', "new-html"),
    ("style-attribute", PLAIN, f'{WORD} <span style="color:red">mots</span>', "new-html"),
    ("form-action", PLAIN, f'{WORD} <form action="/x"><button>x</button></form>', "new-html"),
    ("unclosed-comment", PLAIN, f"{WORD} <!-- the rest of the page", "new-html"),
    (
        "zoom-changed",
        FIGURE,
        f'{WORD} <img src="images/fig.png" style="zoom:50% ;" /> ici.',
        "new-html",
    ),
    (
        "onload-added",
        FIGURE,
        f'{WORD} <img src="images/fig.png" style="zoom:50%;" onload="x()" />',
        "new-html",
    ),
    ("table-cell-escape", CELL, f"{WORD}</td></tr><tr><td onclick=alert(1)>x", "new-html"),
    ("javascript-md", PLAIN, f"{WORD} [mots](javascript:alert(1))", "dangerous-url"),
    ("javascript-html", PLAIN, f'{WORD} <a href="javascript:alert(1)">mots</a>', "dangerous-url"),
    ("javascript-entity", PLAIN, f"{WORD} [mots](&#106;avascript:alert(1))", "dangerous-url"),
    ("javascript-spaced", PLAIN, f"{WORD} [mots]( javascript:alert(1))", "dangerous-url"),
    ("data-url", PLAIN, f"{WORD} [mots](data:text/html;base64,PHNjcmlwdD4=)", "dangerous-url"),
    ("vbscript", PLAIN, f"{WORD} [mots](vbscript:msgbox)", "dangerous-url"),
    ("javascript-autolink", PLAIN, f"{WORD} <javascript:alert(1)>", "dangerous-url"),
    ("foreign-md", PLAIN, f"{WORD} [mots](https://evil.example.com/)", "foreign-link"),
    ("foreign-html", PLAIN, f'{WORD} <a href="https://evil.example.com">mots</a>', "foreign-link"),
    ("foreign-autolink", PLAIN, f"{WORD} <https://evil.example.com>", "foreign-link"),
    ("foreign-bare", PLAIN, f"{WORD} https://evil.example.com/x", "foreign-link"),
    ("foreign-image", PLAIN, f"{WORD} ![x](https://evil.example.com/t.png)", "foreign-link"),
    ("foreign-protocol-relative", PLAIN, f"{WORD} [mots](//evil.example.com/)", "foreign-link"),
    (
        "foreign-replaces-link",
        LINKS,
        f"{WORD} [cerveau](https://evil.example.com/) [deux](../week02/02-1.md).",
        "foreign-link",
    ),
    (
        "foreign-wikipedia-lookalike",
        PLAIN,
        f"{WORD} [x](https://fr.wikipedia.org.evil.example/)",
        "foreign-link",
    ),
    ("alt-bracket", ALT, f"{WORD}](javascript:alert(1))", "image-alt"),
    ("alt-bracket-link", ALT, f"{WORD}](https://evil.example.com)", "image-alt"),
    ("liquid-include", PLAIN, f"{WORD} {{% include ../../etc/passwd %}}", "liquid"),
    ("liquid-include-relative", PLAIN, f"{WORD} {{% include_relative x.md %}}", "liquid"),
    ("liquid-endraw", PLAIN, f"{WORD} {{% endraw %}}", "liquid"),
    ("liquid-bogus", PLAIN, f"{WORD} {{% bogus %}}", "liquid"),
    ("liquid-output", PLAIN, f"{WORD} {{{{ site.github.token }}}}", "liquid"),
    ("liquid-unclosed", PLAIN, f"{WORD} {{{{ site.title", "liquid"),
    ("liquid-in-code", PLAIN, f"{WORD} `{{% include x %}}`", "liquid"),
    ("ial-own-line", PLAIN, f'{WORD}\n{{: onclick="alert(1)"}}', "attribute-list"),
    ("ial-after-span", PLAIN, f'{WORD} *mots*{{: onclick="alert(1)"}}', "attribute-list"),
    ("kramdown-nomarkdown", PLAIN, f"{WORD} {{::nomarkdown}}<b>x</b>{{:/}}", "attribute-list"),
    ("header-id", PLAIN, f"{WORD} {{#evil}}", "attribute-list"),
    ("newline-heading", PLAIN, f"{WORD}\n# Title", "new-block"),
    ("newline-div-onclick", PLAIN, f'{WORD}\n<div onclick="alert(1)">x</div>', "new-block"),
    ("newline-front-matter-fence", PLAIN, f"{WORD}\n---", "new-block"),
    ("lone-cr-heading", PLAIN, f"{WORD}\r# Title", "control-character"),
    ("line-separator", PLAIN, f"{WORD}\u2028# Title", "control-character"),
    ("newline-setext", PLAIN, f"{WORD}\n===", "new-block"),
    ("newline-list", PLAIN, f"{WORD}\n- item", "new-block"),
    ("newline-ordered-list", PLAIN, f"{WORD}\n1. item", "new-block"),
    ("newline-fence", PLAIN, f"{WORD}\n```\ncode\n```", "new-block"),
    ("newline-blockquote", PLAIN, f"{WORD}\n> cite", "new-block"),
    ("blank-line", PLAIN, f"{WORD}\n\nAnother paragraph", "new-block"),
    ("pipe-table-row", PLAIN, f"{WORD} | a | b", "new-block"),
    ("newline-table-row", PLAIN, f"{WORD}\n| a | b |", "new-block"),
    ("reference-definition", PLAIN, f"{WORD}\n[brain]: https://en.wikipedia.org/x", "new-block"),
    ("abbreviation", PLAIN, f"{WORD}\n*[HTML]: Hyper", "new-block"),
    ("heading-at-start", PLAIN, f"# {WORD}", "new-block"),
    ("definition", PLAIN, f"{WORD}\n: a definition", "new-block"),
]

# careless translations: caught by check; the build publishes them (not a safety matter)
DEFECTS = [
    (
        "code-span-with-tag-text",
        MATH,
        "La perte est $\\vect{z}$ et le code `<torch.relu à 0x1>` compte.",
        "code-span",
    ),
    (
        "spaced-link",
        LINKS,
        "Le [cerveau] (https://en.wikipedia.org/wiki/Brain) et [deux](../week02/02-1.md).",
        "spaced-link",
    ),
    ("math-changed", MATH, "La perte est $vect{z}$ et le code `torch.relu` compte.", "math"),
    ("math-added", PLAIN, "Des mots $x$ pour un traducteur.", "math"),
    (
        "code-span-changed",
        MATH,
        "La perte est $\\vect{z}$ et le code `torch.rélu` compte.",
        "code-span",
    ),
    ("link-lost", LINKS, "Le cerveau et [deux](../week02/02-1.md).", "lost-link"),
    (
        "internal-link-changed",
        LINKS,
        "Le [cerveau](https://en.wikipedia.org/wiki/Brain) et [deux](../week02/02-2.md).",
        "changed-link",
    ),
    ("html-lost", FIGURE, "La figure le montre.", "lost-html"),
    (
        "internal-link-added",
        PLAIN,
        "Des mots, voir [ici]({{site.baseurl}}/fr/week02/02-1).",
        "changed-link",
    ),
    ("leading-space", PLAIN, " Des mots pour un traducteur.", "whitespace"),
    ("mojibake", PLAIN, "Des mots Ã©tÃ© pour un traducteur.", "mojibake"),
]


@pytest.fixture
def page_site(tmp_path: Path, run: Run) -> Path:
    root = tmp_path / "site"
    (root / "pages" / "en" / "week01").mkdir(parents=True)
    (root / "pages" / "en" / "week02").mkdir(parents=True)
    (root / "transpipe.toml").write_text(CONFIG.format(languages='["fr"]'))
    (root / "pages" / "index.md").write_text("---\ntitle: Home\n---\n\nWelcome home.\n")
    (root / "pages" / "en" / "week01" / "01-1.md").write_text(PAGE, encoding="utf-8")
    (root / "pages" / "en" / "week02" / "02-1.md").write_text(WEEK2, encoding="utf-8")
    run(root, "extract")
    run(root, "init", "fr")
    return root


CATALOG = Path("locales/fr/week01/01-1.po")
BUILT = Path("pages/fr/week01/01-1.md")


def translate(root: Path, pairs: dict[str, str]) -> dict[str, int]:
    """Set msgstrs through polib (as a translator's editor would); the line of each msgstr."""
    path = root / CATALOG
    po = polib.pofile(str(path), wrapwidth=0)
    for entry in po:
        if entry.msgid in pairs:
            entry.msgstr = pairs[entry.msgid]
    missing = set(pairs) - {e.msgid for e in po}
    assert not missing, missing
    po.save(str(path))
    lines = path.read_text(encoding="utf-8").split("\n")
    found = {}
    for entry in polib.pofile(str(path)):
        if entry.msgid in pairs:
            number = entry.linenum
            while not lines[number - 1].startswith("msgstr"):
                number += 1
            found[entry.msgid] = number
    return found


@pytest.mark.parametrize(
    ("msgid", "msgstr", "code"), [row[1:] for row in ATTACKS], ids=[row[0] for row in ATTACKS]
)
def test_attack_is_caught_and_refused(
    page_site: Path, run: Run, msgid: str, msgstr: str, code: str
) -> None:
    line = translate(page_site, {msgid: msgstr})[msgid]
    checked = run(page_site, "check", ok=False)
    assert checked.exit_code == 1, checked.output
    assert f"{CATALOG.as_posix()}:{line}: error: " in checked.output
    assert any(
        f"{CATALOG.as_posix()}:{line}:" in out and out.endswith(f"[{code}]")
        for out in checked.output.splitlines()
    ), checked.output

    built = run(page_site, "build", "--keep", "0")
    assert (
        f"{CATALOG.as_posix()}:{line}: warning: translation not used, English kept" in built.output
    )
    assert "1 unsafe translations not used" in built.output
    page = (page_site / BUILT).read_text(encoding="utf-8")
    assert WORD not in page
    assert msgid.split("[")[0].split("<")[0].strip() in page  # the English stayed


@pytest.mark.parametrize(
    ("msgid", "msgstr", "code"), [row[1:] for row in DEFECTS], ids=[row[0] for row in DEFECTS]
)
def test_defect_is_caught(page_site: Path, run: Run, msgid: str, msgstr: str, code: str) -> None:
    line = translate(page_site, {msgid: msgstr})[msgid]
    checked = run(page_site, "check", ok=False)
    assert checked.exit_code == 1, checked.output
    assert any(
        out.startswith(f"{CATALOG.as_posix()}:{line}: error: ") and out.endswith(f"[{code}]")
        for out in checked.output.splitlines()
    ), checked.output
    built = run(page_site, "build", "--keep", "0")
    assert "translation not used" not in built.output  # not a safety matter: it is published


GOOD = [
    (
        "localised-link",
        LINKS,
        "Le [cerveau](https://en.wikipedia.org/wiki/Brain) et la "
        "[semaine deux]({{site.baseurl}}/fr/week02/02-1).",
    ),
    (
        "wikipedia-variant",
        LINKS,
        "Le [cerveau](https://fr.wikipedia.org/wiki/Cerveau) et [deux](../week02/02-1.md).",
    ),
    (
        "english-page-link",
        LINKS,
        "Le [cerveau](https://en.wikipedia.org/wiki/Brain) et "
        "[deux]({{site.baseurl}}/en/week02/02-1).",
    ),
    (
        "link-added-on-a-known-host",
        PLAIN,
        "Des mots, voir [ici](https://en.wikipedia.org/wiki/Mot).",
    ),
    ("reordered", MATH, "Le code `torch.relu` compte, et la perte est $\\vect{z}$."),
    ("math-spacing", MATH, "La perte est $\\vect{ z }$ et le code `torch.relu` compte."),
    ("alt", ALT, "Un schéma de neurone"),
    ("cell", CELL, "Une cellule de texte"),
    ("multi-line", PLAIN, "Des mots\npour un traducteur."),
    ("emphasis-moved", "Some *emphasis* here.", "De l'*emphase* ici."),
    ("figure", FIGURE, 'La figure <img src="images/fig.png" style="zoom:50%;" /> le montre.'),
    ("cjk-touching-math", MATH, "损失是$\\vect{z}$，代码`torch.relu`很重要。"),
]


@pytest.mark.parametrize(("msgid", "msgstr"), [g[1:] for g in GOOD], ids=[g[0] for g in GOOD])
def test_correct_translation_is_not_flagged(
    page_site: Path, run: Run, msgid: str, msgstr: str
) -> None:
    translate(page_site, {msgid: msgstr})
    checked = run(page_site, "check")
    assert "0 errors, 0 warnings" in checked.output, checked.output
    built = run(page_site, "build", "--keep", "0")
    assert "translation not used" not in built.output
    assert msgstr[:10] in (page_site / BUILT).read_text(encoding="utf-8")


def test_added_formatting_is_a_warning_and_built(page_site: Path, run: Run) -> None:
    translate(page_site, {PLAIN: "Des <b>mots</b> pour<br>un traducteur."})
    checked = run(page_site, "check")
    assert "warning: formatting tag not in the English: <b> [added-formatting]" in checked.output
    assert run(page_site, "check", "--strict", ok=False).exit_code == 1
    run(page_site, "build", "--keep", "0")
    assert "Des <b>mots</b>" in (page_site / BUILT).read_text(encoding="utf-8")


def test_trusted_hosts_setting(page_site: Path, run: Run) -> None:
    translate(page_site, {PLAIN: "Des mots, voir [ici](https://docs.example.org/x)."})
    assert "[foreign-link]" in run(page_site, "check", ok=False).output
    config = page_site / "transpipe.toml"
    config.write_text(config.read_text() + 'trusted-hosts = ["example.org"]\n')
    assert "0 errors" in run(page_site, "check").output
    run(page_site, "build", "--keep", "0")
    assert "docs.example.org" in (page_site / BUILT).read_text(encoding="utf-8")


def test_trusted_hosts_of_the_wrong_type(page_site: Path, run: Run) -> None:
    config = page_site / "transpipe.toml"
    config.write_text(config.read_text() + 'trusted-hosts = "example.org"\n')
    result = run(page_site, "check", ok=False)
    assert result.exit_code == 1
    assert "'trusted-hosts' must be a list" in result.output + result.stderr


def test_every_attack_of_a_page_at_once(page_site: Path, run: Run) -> None:
    """Many bad entries in one catalog: each refused, the good ones built."""
    translate(
        page_site,
        {
            PLAIN: f"{WORD} <script>x</script>",
            ALT: f"{WORD}](javascript:x)",
            CELL: "Une cellule de texte",
        },
    )
    built = run(page_site, "build", "--keep", "0")
    assert built.output.count("translation not used") == 2
    page = (page_site / BUILT).read_text(encoding="utf-8")
    assert WORD not in page and "Une cellule de texte" in page
    again = run(page_site, "build", "--keep", "0")  # reported again until fixed
    assert again.output.count("translation not used") == 2
