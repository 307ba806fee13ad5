"""Site configuration (``transpipe.toml`` or ``[tool.transpipe]``) and its path layout."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path, PurePosixPath
from typing import Any

from transpipe.errors import TranspipeError, line_of
from transpipe.locales import validate_language
from transpipe.paths import escapes, os_error

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_FILE = "transpipe.toml"


@dataclass(frozen=True)
class Config:
    """Where a site's pages and catalogs live, and what is translated."""

    root: Path
    source_language: str = "en"
    languages: tuple[str, ...] = ("pt", "zh", "it", "fr")
    pages: str = "pages"
    locales: str = "locales"
    sources: tuple[str, ...] = ("index.md", "en/**/*.md")
    front_matter_keys: tuple[str, ...] = ("title",)
    keep: int = 80
    project: str = "transpipe"
    bots: tuple[str, ...] = ("*[bot]", "transpipe")
    bot_name: str = "transpipe"
    bot_email: str = "transpipe@users.noreply.github.com"
    outdated_flag: bool = False
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    warnings: tuple[str, ...] = field(default=(), compare=False)  # e.g. unknown keys

    @cached_property
    def pages_dir(self) -> Path:
        return self.root / self.pages

    @cached_property
    def locales_dir(self) -> Path:
        return self.root / self.locales

    def source_paths(self) -> list[Path]:
        """The English pages, sorted, relative to the site root's ``pages`` folder."""
        found: set[Path] = set()
        for pattern in self.sources:
            found.update(p for p in self.pages_dir.glob(pattern) if p.is_file())
        return sorted(found)

    def target_rel(self, source: Path) -> PurePosixPath:
        """A page's path inside a language folder: ``en/week01/01-1.md`` → ``week01/01-1.md``."""
        return _target_rel(source, self.pages_dir, self.source_language)

    def target_path(self, source: Path, lang: str) -> Path:
        """Where the ``lang`` page of an English source is written."""
        return _joined(self.pages_dir, lang, self.target_rel(source), "")

    def template_path(self, source: Path) -> Path:
        return _joined(self.locales_dir, "templates", self.target_rel(source), ".pot")

    def catalog_path(self, source: Path, lang: str) -> Path:
        return _joined(self.locales_dir, lang, self.target_rel(source), ".po")

    def target_language(self, lang: str, where: Path | None = None) -> str:
        """``lang`` when it is a language code other than the source language, else an error."""
        validate_language(lang, where)
        if lang == self.source_language:
            raise TranspipeError(
                f"'{lang}' is the source language: its pages are the originals, never a target",
                where,
            )
        return lang

    def display(self, path: Path) -> str:
        """A path as shown to users and in ``#:`` references: relative to the site root."""
        text = str(path)
        if text.startswith(self._root_prefix):  # (pathlib takes 7 to 25 µs a path)
            return text[len(self._root_prefix) :]
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return text

    @cached_property
    def _root_prefix(self) -> str:
        """The start of the text of a path under the root (never matched but on POSIX)."""
        return os.path.join(str(self.root), "") if os.sep == "/" else "\0"


_KEYS = {
    "source-language": ("source_language", str),
    "languages": ("languages", list),
    "pages": ("pages", str),
    "locales": ("locales", str),
    "sources": ("sources", list),
    "front-matter-keys": ("front_matter_keys", list),
    "keep": ("keep", int),
    "project": ("project", str),
    "bots": ("bots", list),
    "bot-name": ("bot_name", str),
    "bot-email": ("bot_email", str),
    "outdated-flag": ("outdated_flag", bool),
}


def load_config(root: Path) -> Config:
    """Read the site configuration in ``root``; a missing or invalid one is a TranspipeError."""
    root = root.resolve()
    table: dict[str, Any]
    config_file = root / CONFIG_FILE
    pyproject = root / "pyproject.toml"
    if config_file.is_file():
        table = _read_toml(config_file)
        source = config_file
    elif pyproject.is_file() and "transpipe" in (tool := _tool_table(pyproject)):
        table = tool["transpipe"]
        source = pyproject
        if not isinstance(table, dict):
            raise TranspipeError("[tool.transpipe] must be a table", pyproject)
    else:
        raise TranspipeError(
            f"no {CONFIG_FILE} (or [tool.transpipe] in pyproject.toml) here; "
            "run transpipe inside a site or pass -C DIR",
            root,
        )
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _KEYS:
            extra[key] = value
            continue
        name, kind = _KEYS[key]
        if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
            raise _bad(source, key, f"'{key}' must be a {_KIND_NAMES[kind]}, not {value!r}")
        if isinstance(value, list) and not all(isinstance(item, str) for item in value):
            raise _bad(source, key, f"'{key}' must be a list of strings, not {value!r}")
        values[name] = tuple(value) if isinstance(value, list) else value
    warnings = unknown_key_warnings(extra, source)
    config = Config(root=root, extra=extra, warnings=warnings, **values)
    _check_layout(config, source)
    return config


_KIND_NAMES = {str: "string", list: "list of strings", int: "whole number", bool: "true or false"}


def _check_layout(config: Config, source: Path) -> None:
    """Languages valid and not the source language; folders and patterns inside the site."""
    try:
        validate_language(config.source_language)
    except TranspipeError as error:
        raise _bad(source, "source-language", error.message) from None
    for lang in config.languages:
        try:
            config.target_language(lang)
        except TranspipeError as error:
            raise _bad(source, "languages", error.message) from None
    for key, folder in (("pages", config.pages), ("locales", config.locales)):
        path = config.root / folder
        if Path(folder).is_absolute() or not path.resolve().is_relative_to(config.root):
            raise _bad(source, key, f"'{key}' must be a folder inside the site, not {folder!r}")
    for pattern in config.sources:
        if not pattern or Path(pattern).is_absolute() or ".." in PurePosixPath(pattern).parts:
            raise _bad(
                source,
                "sources",
                f"'sources' patterns are relative to 'pages' and stay inside it, not {pattern!r}",
            )
    if not 0 <= config.keep <= 100:
        raise _bad(source, "keep", f"'keep' must be between 0 and 100, not {config.keep}")


def _bad(source: Path, key: str, message: str) -> TranspipeError:
    """An error about ``key``, at the line of the config file that sets it (when found)."""
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    found = re.search(rf"""^[ \t]*["']?{re.escape(key)}["']?[ \t]*=""", text, re.M)
    return TranspipeError(message, source, line_of(text, found.start()) if found else None)


def _tool_table(pyproject: Path) -> dict[str, Any]:
    tool = _read_toml(pyproject).get("tool", {})
    return tool if isinstance(tool, dict) else {}


def unknown_key_warnings(keys: Iterable[str], source: Path) -> tuple[str, ...]:
    """A warning per key transpipe does not know, naming the nearest known key."""
    keys = list(keys)
    if not keys:
        return ()
    from difflib import get_close_matches

    warnings = []
    for key in keys:
        near = get_close_matches(key, _KEYS, n=1, cutoff=0.6)
        hint = f" (did you mean '{near[0]}'?)" if near else f"; known keys: {', '.join(_KEYS)}"
        warnings.append(f"{source.name}: unknown key '{key}', ignored{hint}")
    return tuple(warnings)


def _read_toml(path: Path) -> dict[str, Any]:
    if escapes(path, path.parent.resolve()) is not None:
        raise TranspipeError("leads outside the site through a symlink: not read", path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TranspipeError(f"invalid TOML: {exc}", path) from exc
    except OSError as exc:
        raise os_error(exc, path, "read") from None


@cache
def _target_rel(source: Path, pages_dir: Path, source_language: str) -> PurePosixPath:
    rel = PurePosixPath(source.relative_to(pages_dir).as_posix())
    if rel.parts[0] == source_language and len(rel.parts) > 1:
        return PurePosixPath(*rel.parts[1:])
    return rel


@cache
def _joined(base: Path, folder: str, rel: PurePosixPath, suffix: str) -> Path:
    """``base/folder/rel`` with ``rel``'s suffix replaced (memoised: runs ask again and again)."""
    name = rel.with_suffix(suffix).as_posix() if suffix else rel.as_posix()
    return Path(f"{base}/{folder}/{name}")
