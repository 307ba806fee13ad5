"""Site configuration (``transpipe.toml`` or ``[tool.transpipe]``) and its path layout."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path, PurePosixPath
from typing import Any

from transpipe.errors import TranspipeError
from transpipe.locales import validate_language

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

    def display(self, path: Path) -> str:
        """A path as shown to users and in ``#:`` references: relative to the site root."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


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
    elif pyproject.is_file() and "transpipe" in _read_toml(pyproject).get("tool", {}):
        table = _read_toml(pyproject)["tool"]["transpipe"]
        source = pyproject
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
            raise TranspipeError(f"'{key}' must be a {kind.__name__}, not {value!r}", source)
        values[name] = tuple(value) if isinstance(value, list) else value
    warnings = unknown_key_warnings(extra, source)
    config = Config(root=root, extra=extra, warnings=warnings, **values)
    for lang in config.languages:
        validate_language(lang, source)
    return config


def unknown_key_warnings(keys: Iterable[str], source: Path) -> tuple[str, ...]:
    """A warning per key transpipe does not know, naming the nearest known key."""
    from difflib import get_close_matches

    warnings = []
    for key in keys:
        near = get_close_matches(key, _KEYS, n=1, cutoff=0.6)
        hint = f" (did you mean '{near[0]}'?)" if near else f"; known keys: {', '.join(_KEYS)}"
        warnings.append(f"{source.name}: unknown key '{key}', ignored{hint}")
    return tuple(warnings)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TranspipeError(f"invalid TOML: {exc}", path) from exc


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
