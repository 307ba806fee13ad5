"""Property tests: no generated page, catalog or configuration makes any command crash.

Whatever a pull request holds (a page, a ``.po`` file, a ``transpipe.toml``, well formed or
garbage), every command ends with exit status 0 or 1 (2: click's usage error) and says what
it did or why not, never with a traceback.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from markdown_strategies import document
from transpipe.cli import cli

COMMANDS = [
    ("extract",),
    ("init", "fr"),
    ("update",),
    ("build", "--keep", "0"),
    ("status",),
    ("status", "--format", "json"),
    ("sync", "--keep", "0"),
    ("import", "fr"),
    ("repair", "pages/fr/index.md"),
]
CONFIG = 'languages = ["fr"]\nsources = ["index.md", "en/**/*.md"]\n'
PAGE = "---\ntitle: Home page\n---\n\n# Welcome\n\nSome [text](en/a.md) here.\n"
SETTINGS = settings(  # (TRANSPIPE_EXAMPLES=500 for a longer search)
    max_examples=int(os.environ.get("TRANSPIPE_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# ---------------------------------------------------------------- generated inputs

MARKUP = st.sampled_from(
    ["{{", "}}", "{%", "%}", "![", "[", "]", "(", ")", "<", ">", "</", "<!--", "-->", "*", "_",
     "`", "```", "$", "$$", "|", "---", "#", "> ", "- ", "1. ", "{:", "}", "&amp;", "\\", "\"",
     "'", "\n", "\n\n", "\r\n", "\r", "\t", "    ", "<br>", "<div>", "</div>", "<table>", "<td>",
     "title:", "](", "{#", ":", "\x00", "\ufeff", "Ã©", "\ufffd", "é", "深度"]
)  # fmt: skip
WORD = st.sampled_from(["word", "Text", "deep", "learning", "x", "42", "café"])
NOISE = st.lists(st.one_of(MARKUP, WORD, st.text(max_size=3)), max_size=40).map("".join)
PAGES = st.one_of(
    document(),
    NOISE,
    st.tuples(NOISE, document()).map(lambda p: f"---\ntitle: {p[0]}\n---\n\n{p[1]}"),
    st.tuples(document(), NOISE).map(lambda p: p[0] + p[1]),
)

PO_TOKENS = st.sampled_from(
    ['msgid ', 'msgstr ', 'msgctxt ', 'msgid_plural ', 'msgstr[0] ', '"', '""', '"\\n"', "\\",
     "\\\"", "\n", "# ", "#. ", "#: ", "#, fuzzy", "#, c-format", "#| msgid ", "#~ ", "#~| ",
     "pages/index.md:3", "Welcome", "Bienvenue", '"Welcome"', '"Bienvenue"', "\r", "\t", "{{",
     "<script>", "](x)", '"Language: fr\\n"', '"Content-Type: text/plain; charset=UTF-8\\n"',
     '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"', '"Last-Translator: <svg onload=x>\\n"',
     '"PO-Revision-Date: garbage\\n"', "\x00", "\ufeff", "é"]
)  # fmt: skip
CATALOG_NOISE = st.lists(st.one_of(PO_TOKENS, st.text(max_size=3)), max_size=40).map("".join)
GOOD_HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
CATALOGS = st.one_of(
    CATALOG_NOISE,
    CATALOG_NOISE.map(lambda body: GOOD_HEADER + body),
    st.tuples(st.text(max_size=20), st.text(max_size=20)).map(
        lambda p: GOOD_HEADER + f'msgid "{p[0]}"\nmsgstr "{p[1]}"\n'
    ),
)

TOML_TOKENS = st.sampled_from(
    ["source-language", "languages", "pages", "locales", "sources", "front-matter-keys", "keep",
     "project", "bots", "bot-name", "bot-email", "outdated-flag", "unknown", " = ", "=", '"fr"',
     '"en"', '"pages"', '"/etc"', '"../.."', '"."', '""', "[", "]", ", ", "1", "-1", "500",
     "true", "1.5", '"*.md"', '"**"', '"../*"', "{}", "{a = 1}", "\n", "[tool]", "[transpipe]",
     "#", '"\\u0000"', "'fr'", '"xx"', '"zz_ZZ"', '"pt_BR"', "\r"]
)  # fmt: skip
CONFIGS = st.one_of(
    st.lists(TOML_TOKENS, max_size=30).map("".join),
    st.lists(
        st.tuples(TOML_TOKENS, TOML_TOKENS).map(lambda kv: f"{kv[0]} = {kv[1]}\n"), max_size=6
    ).map("".join),
    st.text(max_size=60),
)


# ---------------------------------------------------------------- running every command


def every_command(root: Path) -> None:
    """Run each command on ``root``; none may raise or print a traceback."""
    runner = CliRunner()
    for args in COMMANDS:
        result = runner.invoke(cli, ["-C", str(root), *args])
        shown = f"transpipe {' '.join(args)}: {result.output}"
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(shown) from result.exception
        assert result.exit_code in (0, 1, 2), shown
        assert "Traceback" not in result.output, shown


def make_site(root: Path, config: str = CONFIG, page: str = PAGE) -> None:
    (root / "pages" / "en").mkdir(parents=True)
    (root / "pages" / "fr").mkdir()
    (root / "transpipe.toml").write_text(config, encoding="utf-8", errors="surrogatepass")
    (root / "pages" / "index.md").write_text(page, encoding="utf-8", errors="surrogatepass")
    (root / "pages" / "en" / "a.md").write_text("---\ntitle: A\n---\n\nAn English page.\n")
    (root / "pages" / "fr" / "index.md").write_text(page, encoding="utf-8", errors="surrogatepass")


@SETTINGS
@given(page=PAGES)
def test_no_page_makes_a_command_crash(page: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        make_site(root, page=page)
        every_command(root)


@SETTINGS
@given(catalog=CATALOGS)
def test_no_catalog_makes_a_command_crash(catalog: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        make_site(root)
        locales = root / "locales" / "fr"
        locales.mkdir(parents=True)
        data = catalog.encode("utf-8", "surrogatepass")
        (locales / "index.po").write_bytes(data)
        (locales / "a.po").write_bytes(data)
        every_command(root)


@SETTINGS
@given(config=CONFIGS)
def test_no_configuration_makes_a_command_crash(config: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        make_site(root, config=config)
        every_command(root)
