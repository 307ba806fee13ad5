"""Register a language in the site configuration, editing its text in place.

Only the ``languages = [...]`` value changes: formatting, comments and the other keys stay
as they are. The edited text is read back and must give exactly the languages plus the new
one; when it cannot (an unusual layout), nothing is written and the user is told what to add.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import Any

from transpipe.config import CONFIG_FILE, Config
from transpipe.files import write_if_changed

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_LANGUAGES = re.compile(r"^([ \t]*languages[ \t]*=[ \t]*\[)[^\]]*(\])", re.M)
_ITEM = re.compile(r"\"[^\"\n]*\"|'[^'\n]*'")
_TABLE = re.compile(r"^[ \t]*\[", re.M)


@dataclass(frozen=True)
class Registration:
    """What registering a language did: ``changed`` the file, or ``message`` says why not."""

    changed: bool
    message: str


def register_language(config: Config, lang: str) -> Registration:
    """Add ``lang`` to the ``languages`` of the site's configuration file."""
    if lang in config.languages:
        return Registration(False, "")
    wanted = [*config.languages, lang]
    toml = config.root / CONFIG_FILE
    path, table = (toml, None) if toml.is_file() else (config.root / "pyproject.toml", "tool")
    shown = config.display(path)
    listed = "[" + ", ".join(f'"{code}"' for code in wanted) + "]"
    advice = f"add {lang} to the languages in {shown}: languages = {listed}"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return Registration(False, advice)
    edited = _with_language(text, lang, listed, table is not None)
    if edited is None or _languages(edited, table is not None) != wanted:
        return Registration(False, f"could not edit {shown} safely; {advice}")
    write_if_changed(path, edited)
    return Registration(True, f"registered {lang} in {shown}: languages = {listed}")


def _with_language(text: str, lang: str, listed: str, pyproject: bool) -> str | None:
    """``text`` with ``lang`` appended to its languages array (or a new ``languages`` line)."""
    start, end = _table_span(text, pyproject)
    if start < 0:
        return None
    match = _LANGUAGES.search(text, start, end)
    if match is None:  # defaults in use: write them out, with the new language
        line = f"languages = {listed}\n"
        if pyproject:
            header_end = text.find("\n", start) + 1 or len(text)
            return text[:header_end] + line + text[header_end:]
        body = text[:end]
        separator = "" if not body or body.endswith("\n") else "\n"
        return body + separator + line + text[end:]
    items = list(_ITEM.finditer(text, match.end(1), match.start(2)))
    if not items:
        return text[: match.end(1)] + f'"{lang}"' + text[match.end(1) :]
    last = items[-1]
    if "\n" not in text[match.start(1) : match.end()]:  # one line: ["pt", "zh"]
        return text[: last.end()] + f', "{lang}"' + text[last.end() :]
    # one item per line: a new line after the last item's, with its indentation
    line_start = text.rfind("\n", 0, last.start()) + 1
    line_end = text.find("\n", last.end())
    rest = text[last.end() : line_end]
    comma = rest.lstrip().startswith(",")
    indent = text[line_start : last.start()]
    if indent.strip():
        return None
    head = text[: last.end()] + ("" if comma else ",") + rest
    return head + f'\n{indent}"{lang}"' + ("," if comma else "") + text[line_end:]


def _table_span(text: str, pyproject: bool) -> tuple[int, int]:
    """Where the transpipe settings are: the top of transpipe.toml, or [tool.transpipe]."""
    if not pyproject:
        first_table = _TABLE.search(text)
        return 0, first_table.start() if first_table else len(text)
    header = re.search(r"^[ \t]*\[tool\.transpipe\][ \t]*(?:#[^\n]*)?$", text, re.M)
    if header is None:
        return -1, -1
    following = _TABLE.search(text, header.end())
    return header.start(), following.start() if following else len(text)


def _languages(text: str, pyproject: bool) -> list[str] | None:
    try:
        table: Any = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None
    if pyproject:
        table = table.get("tool", {}).get("transpipe", {})
    languages = table.get("languages")
    return list(languages) if isinstance(languages, list) else None
