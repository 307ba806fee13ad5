"""Fuzzy entries imported from a hand-made page: shown by the build until a translator reviews them.

A hand-made page showed its readers the translation of an older English text (or one whose
place the import could only guess). Building that page with English instead would take the
translation away from them, so such an entry is published while it stays fuzzy, and the
page is marked ``translation-outdated`` (with ``outdated-flag``). A fuzzy entry made by an
English change (``update``, msgmerge) is not: its English is newer than anything a reader saw.

The mark is a translator comment (``# ``), the only part of an entry that GNU msgmerge, our
``update`` and Poedit all carry over untouched; it names the msgid it was imported for (a
short hash), so once the English changes and the entry is merged again it no longer counts.
"""

from __future__ import annotations

import hashlib
import re

from transpipe.catalog import Message

_PREFIX = "transpipe: imported from the hand-made page, shown until reviewed"
_MARK = re.compile(re.escape(_PREFIX) + r" \(([0-9a-f]{8})\)")


def _tag(msgid: str) -> str:
    return hashlib.blake2b(msgid.encode("utf-8"), digest_size=4).hexdigest()


def mark(message: Message) -> None:
    """Mark ``message`` (fuzzy, imported) as shown until reviewed."""
    line = f"{_PREFIX} ({_tag(message.msgid)})"
    message.user_comments = [c for c in message.user_comments if not _MARK.fullmatch(c)]
    message.user_comments.append(line)


def shown(message: Message) -> bool:
    """Whether a build publishes ``message``: translated, or imported fuzzy for this msgid."""
    if message.translated:
        return True
    if not message.msgstr or message.obsolete or not message.fuzzy:
        return False
    tag = _tag(message.msgid)
    return any((m := _MARK.fullmatch(c)) and m.group(1) == tag for c in message.user_comments)


def provisional(message: Message) -> bool:
    """Whether ``message`` is shown although fuzzy (its page is then outdated)."""
    return message.fuzzy and shown(message)
