"""Language switcher data: ``pages/_data/translations.yml``, written by ``build``.

For each page (keyed by its English ``lang-ref``, else by its path without ``.md``), the
languages it exists in, with their names in their own language, the page's path and URL,
its coverage (the share of the English page's distinct units translated, in whole percent)
and whether it is behind its English page. A Jekyll layout reads it as
``site.data.translations[page.lang-ref]`` to show "this page in: …" without hand-kept lists.

What each page contributes (its entry: its key, then its versions' lines, as the file
holds it) is remembered in the run state while its English page, its catalogs, its language
pages and the git HEAD are unchanged: an unchanged run reads none of them. The file is
written entry by entry from those strings, never made whole in memory.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from transpipe.credits import head_commit
from transpipe.errors import TranspipeError
from transpipe.files import write_chunks_if_changed
from transpipe.links import page_key
from transpipe.locales import native_name

if TYPE_CHECKING:
    from transpipe.runreport import Report
    from transpipe.site import Site

DATA_FILE = Path("_data") / "translations.yml"
_FORMAT = 3  # of what the run state remembers per page: a change redoes it

RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"})


def direction(lang: str) -> str:
    """``rtl`` for languages written right to left, else ``ltr``."""
    return "rtl" if lang.replace("-", "_").split("_")[0] in RIGHT_TO_LEFT else "ltr"


@dataclass(frozen=True)
class Version:
    """One language version of a page, as the data file lists it."""

    lang: str
    name: str
    dir: str
    path: str  # relative to the pages folder, as Jekyll's page.path
    url: str  # relative to the site's baseurl
    coverage: int | None  # whole percent; None when there is no catalog (a hand-made page)
    outdated: bool


def whole_percent(share: float) -> int:
    """A share in whole percent, rounded as build reports it, but 100 only when complete."""
    return 100 if share >= 1 else min(round(share * 100), 99)


def page_url(path: str) -> str:
    """The site URL of a page file: ``pt/index.md`` → ``/pt/``, ``pt/a/b.md`` → ``/pt/a/b``."""
    key = page_key(path)
    is_index = path == "index.md" or path.endswith("/index.md")
    return "/" + key + ("/" if is_index and key else "")


def _entry(site: Site, source: Path, lang: str, errors: list[TranspipeError]) -> Version | None:
    """The ``lang`` version of a page, or None when that page does not exist.

    A catalog that cannot be read leaves the coverage unknown and goes into ``errors``.
    """
    from transpipe.completeness import SOURCE_REVISION, complete, staleness, translation_share
    from transpipe.reports import progress
    from transpipe.sitebuild import remembered_share

    config = site.config
    is_source = lang == config.source_language
    target = source if is_source else config.target_path(source, lang)
    if not target.is_file():
        return None
    path = target.relative_to(config.pages_dir).as_posix()
    coverage: int | None = 100
    outdated = False
    known = None if is_source else remembered_share(site, source, lang)
    if known is not None and known[1] is False:  # as the build found it: no need to read
        coverage = whole_percent(known[0])
    elif not is_source:
        catalog_path = config.catalog_path(source, lang)
        try:
            catalog = site.catalog(catalog_path)
        except TranspipeError as error:
            errors.append(error if error.path else TranspipeError(error.message, catalog_path))
            catalog = None
        if catalog is None:
            coverage = None
        else:
            coverage = whole_percent(translation_share(site.page(source), catalog)[1])
            if not complete(catalog) and SOURCE_REVISION in catalog.headers:
                outdated = bool(staleness(catalog, site.revision(source), progress(catalog)))
    name = native_name(lang)
    return Version(lang, name, direction(lang), path, page_url(path), coverage, outdated)


def _page_entry(
    site: Site, source: Path, langs: list[str], extra: str, errors: list[TranspipeError]
) -> str:
    """A page's entry in the data file, from the run state when none of its inputs changed
    (and nothing went wrong: a failure is tried again next run); ``extra``: the other inputs."""
    config = site.config
    others = [lang for lang in langs if lang != config.source_language]
    files = [
        source,
        *(config.catalog_path(source, lang) for lang in others),
        *(config.target_path(source, lang) for lang in others),
    ]
    key = f"switcher:{site.rel(source)}"
    stored = site.state.lookup(key, files, extra)
    if stored is not None:
        return stored
    lang_ref = site.page(source).front.data.get("lang-ref")
    name = str(lang_ref) if lang_ref else site.rel(source).removesuffix(".md")
    failed = len(errors)
    lines = render_versions([v for lang in langs if (v := _entry(site, source, lang, errors))])
    made = entry(scalar(name), lines)
    if len(errors) == failed:
        site.state.record(key, files, extra, made)
    return made


def entry(key: str, lines: str) -> str:
    """A page's entry in the data file: its key (a YAML scalar), then its versions' lines."""
    return f"{key}:{' []' if not lines else ''}\n{lines}"


def entry_key(text: str) -> str:
    """The key of an entry (its first line: ``key:`` or ``key: []``; a key holds no line break,
    and a plain one no colon)."""
    return text[: text.index("\n")].removesuffix(" []").removesuffix(":")


def translations_data(site: Site, report: Report) -> dict[str, str]:
    """Every page's entry, by key (as YAML): its versions, the source language first, then
    the configured order.

    An English page that cannot be read is left out, a catalog that cannot be read leaves
    its coverage unknown; both are reported (once: a build may have reported them already).
    """
    config = site.config
    langs = [config.source_language, *config.languages]
    out: dict[str, str] = {}
    errors: list[TranspipeError] = []
    # the bot's own commits change no English revision: they count as their parent
    extra = repr((_FORMAT, langs, site.state.resolve_commit(head_commit(config.root))))
    for source in site.sources():
        try:
            text = _page_entry(site, source, langs, extra, errors)
        except TranspipeError as error:  # the English page: nothing to list
            errors.append(error if error.path else TranspipeError(error.message, source))
            continue
        name = entry_key(text)
        if name in out:  # two pages claim one lang-ref: the second keeps its own path key
            report.tell(f"{config.display(source)}: lang-ref {name} is taken; keyed by its path")
            name = scalar(site.rel(source).removesuffix(".md"))
            text = entry(name, text[text.index("\n") + 1 :])
        out[name] = text
    known = {(e.path, e.line) for e in report.errors}
    report.errors += [e for e in errors if (e.path, e.line) not in known]
    return out


HEADER = (
    "# Written by `transpipe build`: the languages each page exists in (do not edit).\n"
    "# Read it in a layout as site.data.translations[page.lang-ref].\n"
)
FIELDS = tuple(Version.__dataclass_fields__)


def render_versions(versions: list[Version]) -> str:
    """A YAML block sequence of versions (block style, no YAML library: PyYAML's emitter
    took longer than the rest of an unchanged run)."""
    return "".join(
        ("- " if i == 0 else "  ") + f"{name}: {scalar(getattr(version, name))}\n"
        for version in versions
        for i, name in enumerate(FIELDS)
    )


def render(data: dict[str, str]) -> str:
    """The data file: the entries (see ``entry``) in the order of their keys."""
    return "".join(rendered(data))


def rendered(data: dict[str, str]) -> Iterator[str]:
    """The data file, piece by piece."""
    yield HEADER
    for key in sorted(data):
        yield data[key]


_PLAIN = re.compile(r"[^\W\d/][\w./-]*(?: [\w./-]+)*|/[\w./-]*")  # letters first, or a path
_RESERVED = {"null", "true", "false", "yes", "no", "on", "off", "y", "n", "nan", "inf"}


def scalar(value: object) -> str:
    """One YAML scalar: null, a boolean, an integer, a plain or a double-quoted string."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _RESERVED:
        return text
    # a JSON string is a YAML double-quoted scalar; YAML escapes for what is not printable
    # (YAML would read U+2028 or U+0085 as line breaks)
    return "".join(
        c if c.isprintable() else f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}"
        for c in json.dumps(text, ensure_ascii=False)
    )


def write_translations(site: Site, report: Report) -> None:
    """Write the data file when its content changed, saying so in ``report``."""
    config = site.config
    if not config.pages_dir.is_dir():
        return
    path = config.pages_dir / DATA_FILE
    data = translations_data(site, report)
    if write_chunks_if_changed(path, rendered(data)):  # (an unchanged run renders nothing anew)
        pages = f"{len(data)} page" + ("" if len(data) == 1 else "s")
        report.wrote(path, f"wrote {config.display(path)} ({pages})")
