"""The catalog model: a template or a language's translations of one page (after babel.messages)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Message:
    """One catalog entry. ``locations`` are ``(path, line)`` pairs written as ``#: path:line``."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    locations: list[tuple[str, int]] = field(default_factory=list)
    auto_comments: list[str] = field(default_factory=list)  # "#." lines: what the unit is
    user_comments: list[str] = field(default_factory=list)  # "# " lines: the translator's own
    flags: list[str] = field(default_factory=list)  # "#," e.g. fuzzy
    previous_msgid: str | None = None  # "#| msgid": the English the msgstr was made for
    previous_msgctxt: str | None = None
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @fuzzy.setter
    def fuzzy(self, value: bool) -> None:
        if value and "fuzzy" not in self.flags:
            self.flags.insert(0, "fuzzy")
        elif not value and "fuzzy" in self.flags:
            self.flags.remove("fuzzy")

    @property
    def translated(self) -> bool:
        """Has a translation that a build uses: non-empty and not fuzzy."""
        return bool(self.msgstr) and not self.fuzzy and not self.obsolete


@dataclass
class Catalog:
    """A PO/POT file: header comment and fields, then messages in file order."""

    header_comment: str = ""  # the "# ..." block above the header entry, without "# " prefixes
    headers: dict[str, str] = field(default_factory=dict)  # ordered header fields
    header_fuzzy: bool = False
    messages: list[Message] = field(default_factory=list)

    def active(self) -> list[Message]:
        return [m for m in self.messages if not m.obsolete]

    def obsolete(self) -> list[Message]:
        return [m for m in self.messages if m.obsolete]

    def index(self) -> dict[tuple[str | None, str], Message]:
        """Active messages by (msgctxt, msgid)."""
        return {m.key: m for m in self.messages if not m.obsolete}
