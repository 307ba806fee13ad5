"""Catalog versions as the history walk reads them: blocks of text, and their translations.

A version is split into blocks (an entry with its comments, between blank lines); a block
is reduced to what can hold a translation (flags and fields, line wrapping undone) and only
then parsed, by a quick reader for plain entries, ``poparse``, or polib as the last resort.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from transpipe.poparse import Unsupported, parse_po

if TYPE_CHECKING:
    import polib

Key = tuple[str | None, str]
Pair = tuple[Key, str]


@dataclass(frozen=True)
class Entries:
    translated: frozenset[Pair]
    known: frozenset[Pair]  # translated, or obsolete with a non-fuzzy msgstr


NOTHING = Entries(frozenset(), frozenset())

_FLAGS_GAP = re.compile(rb"#,[^\n]*\n[ \t]*\n")
_COMMENT_GAP = re.compile(rb"^(#(?!~)[^\n]*)\n(?:[ \t]*\n)+", re.MULTILINE)


def split_blocks(data: bytes) -> frozenset[bytes]:
    """A catalog's blocks: its entries with their comments, as text (between blank lines)."""
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n")
    if _FLAGS_GAP.search(data):
        data = _COMMENT_GAP.sub(rb"\1\n", data)
    return frozenset(data.split(b"\n\n"))


def untranslated(block: bytes) -> bool:
    """Whether a block is one entry with an empty msgstr (then it holds no translation)."""
    return block.rstrip().endswith(b'msgstr ""') and block.count(b"msgstr") == 1


def reduce_block(block: bytes) -> str:
    """A block without what cannot change a translation: comments but flags, line wrapping."""
    lines = block.decode("utf-8", "replace").strip("\n").split("\n")
    kept = [line for line in lines if not line.startswith("#") or line.startswith(("#,", "#~"))]
    return "\n".join(kept).replace('"\n"', "").replace('"\n#~ "', "")


_FIELD = re.compile(r'(msgctxt|msgid|msgstr) "([^"\\]*)"')


def parse_entries(block: str) -> Entries | None:
    """The translations in a block; None when neither poparse nor polib can read it."""
    quick = _quick(block)
    if quick is not None:
        return quick
    try:
        return catalog_entries(block)
    except Unsupported:
        pass
    import polib  # the last resort: most blocks are read without it

    try:  # polib reads a one-line string naming an existing file as that file: add a newline
        po = polib.pofile(block + "\n")
    except (OSError, ValueError, UnicodeError):
        return None
    return _from_polib(po)


def _quick(block: str) -> Entries | None:
    """A reduced block holding one plain entry (no escapes); None for anything else."""
    fields: dict[str, str] = {}
    fuzzy = obsolete = False
    for line in block.split("\n"):
        if line.startswith("#,"):
            fuzzy = fuzzy or "fuzzy" in (flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#~ "):
            obsolete, line = True, line[3:]
        found = _FIELD.fullmatch(line)
        if not found or found[1] in fields:
            return None
        fields[found[1]] = found[2]
    if "msgid" not in fields or "msgstr" not in fields:
        return None
    msgstr = fields["msgstr"]
    if not msgstr or fuzzy or (fields["msgid"] == "" and "msgctxt" not in fields):
        return NOTHING  # untranslated, fuzzy, or the header
    pair = ((fields.get("msgctxt"), fields["msgid"]), msgstr)
    return Entries(frozenset() if obsolete else frozenset([pair]), frozenset([pair]))


def catalog_entries(text: str) -> Entries:
    translated: set[Pair] = set()
    known: set[Pair] = set()
    for message in parse_po(text).messages:
        if message.msgstr and not message.fuzzy:
            pair = (message.key, message.msgstr)
            known.add(pair)
            if not message.obsolete:
                translated.add(pair)
    return Entries(frozenset(translated), frozenset(known))


def _from_polib(po: polib.POFile) -> Entries:
    translated: set[Pair] = set()
    known: set[Pair] = set()
    for entry in po:
        forms = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
        msgstr = "\x00".join(forms) if entry.msgid_plural else entry.msgstr
        if msgstr and all(forms or [msgstr]) and not entry.fuzzy:
            pair = ((entry.msgctxt, entry.msgid), msgstr)
            known.add(pair)
            if not entry.obsolete:
                translated.add(pair)
    return Entries(frozenset(translated), frozenset(known))
