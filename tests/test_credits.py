"""Credits from git history, on real repositories; the site's name and date formats."""

from __future__ import annotations

import random
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import git
import pytest
from hypothesis import given
from hypothesis import strategies as st

from transpipe.credits import (
    History,
    format_date,
    merge_names,
    parse_names,
    parse_po_date,
    read_history,
    strip_email,
    translator_comment_names,
    uncommitted,
    uncommitted_paths,
)
from transpipe.errors import TranspipeError

JANE = ("Jane Doe", "jane@example.org")
LI = ("Li Wei", "li@example.org")
ANN = ("Ann Smith", "ann@example.org")
BOT = ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")
TRANSPIPE = ("transpipe", "transpipe@users.noreply.github.com")
MAINTAINER = ("Maintainer", "maintainer@example.org")
CATALOG = "locales/fr/intro.po"
PARIS = timezone(timedelta(hours=1))
ENGLISH = {"Hello": "", "World": "", "Deep learning is inspired by the brain.": ""}


def po(
    translations: Mapping[str, str],
    *,
    fuzzy: Sequence[str] = (),
    obsolete: Mapping[str, str] | None = None,
    revision: str = "2020-01-01 00:00+0000",
    width: int = 0,
    line: int = 1,
) -> str:
    """A French catalog; ``width`` > 0 wraps msgstr into pieces that long."""
    out = [
        "# French translation of intro.md",
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        f'"PO-Revision-Date: {revision}\\n"',
        '"Language: fr\\n"',
        "",
    ]
    for number, (msgid, msgstr) in enumerate(translations.items()):
        out.append(f"#: en/intro.md:{line + number}")
        if msgid in fuzzy:
            out.append("#, fuzzy")
        out.append(f'msgid "{msgid}"')
        if width and len(msgstr) > width:
            pieces = [msgstr[i : i + width] for i in range(0, len(msgstr), width)]
            out += ['msgstr ""', *(f'"{piece}"' for piece in pieces)]
        else:
            out.append(f'msgstr "{msgstr}"')
        out.append("")
    for msgid, msgstr in (obsolete or {}).items():
        out += [f'#~ msgid "{msgid}"', f'#~ msgstr "{msgstr}"', ""]
    return "\n".join(out)


def translated(**changes: str) -> dict[str, str]:
    """ENGLISH with some msgstrs filled in: hello=, world=, brain=."""
    keys = dict(zip(("hello", "world", "brain"), ENGLISH, strict=True))
    return {**ENGLISH, **{keys[k]: v for k, v in changes.items()}}


@dataclass
class Site:
    """A real repository in a temporary folder, committed to with explicit identities."""

    root: Path
    repo: git.Repo

    def commit(self, who: tuple[str, str], when: str, files: Mapping[str, str | None]) -> str:
        for rel, text in files.items():
            path = self.root / rel
            if text is None:
                path.unlink()
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
        self.repo.git.add("-A")
        with self.repo.git.custom_environment(**identity(who, when)):
            self.repo.git.commit("-q", "--allow-empty", "-m", "edit")
        return str(self.repo.head.commit.hexsha)

    def merge(self, branch: str, who: tuple[str, str], when: str, *options: str) -> str:
        with self.repo.git.custom_environment(**identity(who, when)):
            self.repo.git.merge("-q", "--no-ff", *options, "-m", f"merge {branch}", branch)
        return str(self.repo.head.commit.hexsha)

    def history(self, path: str = CATALOG, bots: Sequence[str] = ("*[bot]",)) -> History:
        return read_history(self.root, [Path(path)], bots)[Path(path)]


def identity(who: tuple[str, str], when: str) -> dict[str, str]:
    """Author ``who`` at ``when``; the committer is someone else, much later."""
    return {
        "GIT_AUTHOR_NAME": who[0],
        "GIT_AUTHOR_EMAIL": who[1],
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_NAME": "Committer",
        "GIT_COMMITTER_EMAIL": "committer@example.org",
        "GIT_COMMITTER_DATE": "2031-01-01T00:00:00+00:00",
    }


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2020, 2, day, hour, tzinfo=PARIS)


def stamp(day: int, hour: int = 10) -> str:
    return at(day, hour).isoformat()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    with git.Repo.init(tmp_path, initial_branch="main") as repo:
        with repo.config_writer() as config:
            config.set_value("user", "name", "Nobody")
            config.set_value("user", "email", "nobody@example.org")
            config.set_value("commit", "gpgsign", "false")
        yield Site(tmp_path, repo)


# --- who and when ----------------------------------------------------------------------------


def test_translators_in_order_without_bots_or_emails(site: Site) -> None:
    site.commit(MAINTAINER, stamp(1), {CATALOG: po(ENGLISH), "en/intro.md": "Hello"})
    site.commit(JANE, stamp(2), {CATALOG: po(translated(hello="Bonjour"))})
    bot_sha = site.commit(BOT, stamp(3), {CATALOG: po(translated(hello="Bonjour", world="Monde"))})
    li = site.commit(LI, stamp(4), {CATALOG: po(translated(hello="Salut", world="Monde"))})
    site.commit(BOT, stamp(5), {CATALOG: po(translated(hello="Salut", world="Le monde"))})
    history = site.history()
    assert history == History(("Jane Doe", "Li Wei"), at(4), li)
    assert history.last_commit != bot_sha
    assert not any("@" in name for name in history.translators)


def test_rewrapping_and_header_changes_credit_nobody(site: Site) -> None:
    long = "Le deep learning s'inspire du cerveau, de ses neurones et de leurs connexions."
    jane = site.commit(JANE, stamp(1), {CATALOG: po(translated(brain=long))})
    site.commit(LI, stamp(2), {CATALOG: po(translated(brain=long), width=20)})  # re-wrapped
    header = po(translated(brain=long), revision="2020-02-03 10:00+0100")
    site.commit(ANN, stamp(3), {CATALOG: header})
    site.commit(ANN, stamp(4), {CATALOG: po(translated(brain=long), line=40)})  # references
    reordered = dict(reversed(list(translated(brain=long).items())))
    site.commit(LI, stamp(5), {CATALOG: po(reordered)})
    assert site.history() == History(("Jane Doe",), at(1), jane)


def test_template_merges_credit_nobody_but_reviews_do(site: Site) -> None:
    site.commit(JANE, stamp(1), {CATALOG: po(translated(hello="Bonjour", world="Monde"))})
    english = {**translated(hello="Bonjour", world="Monde"), "New paragraph.": ""}
    site.commit(LI, stamp(2), {CATALOG: po(english)})  # only an empty entry added
    site.commit(LI, stamp(3), {CATALOG: po(english, fuzzy=["World"])})  # marked fuzzy
    moved = {k: v for k, v in english.items() if k != "Hello"}
    obsoleted = po(moved, fuzzy=["World"], obsolete={"Hello": "Bonjour"})
    site.commit(LI, stamp(4), {CATALOG: obsoleted})
    site.commit(LI, stamp(5), {CATALOG: po(english, fuzzy=["World"])})  # revived
    assert site.history() == History(("Jane Doe",), at(1), site.history().last_commit)
    ann = site.commit(ANN, stamp(6), {CATALOG: po(english)})  # fuzzy removed: a review
    assert site.history() == History(("Jane Doe", "Ann Smith"), at(6), ann)


def test_fuzzy_translations_count_once_confirmed(site: Site) -> None:
    site.commit(JANE, stamp(1), {CATALOG: po(translated(hello="Bonjour"), fuzzy=["Hello"])})
    assert site.history() == History()
    li = site.commit(LI, stamp(2), {CATALOG: po(translated(hello="Bonjour"))})
    assert site.history() == History(("Li Wei",), at(2), li)


def test_mailmap_merges_two_spellings(site: Site) -> None:
    site.commit(("jdoe", "jane@old.example"), stamp(1), {CATALOG: po(translated(hello="Bonjour"))})
    site.commit(LI, stamp(2), {CATALOG: po(translated(hello="Bonjour", world="Monde"))})
    site.commit(JANE, stamp(3), {CATALOG: po(translated(hello="Salut", world="Monde"))})
    assert site.history().translators == ("jdoe", "Li Wei", "Jane Doe")
    mailmap = "Jane Doe <jane@example.org> <jane@old.example>\n"
    site.commit(MAINTAINER, stamp(4), {".mailmap": mailmap})
    assert site.history().translators == ("Jane Doe", "Li Wei")


def test_names_differing_in_case_are_one_person(site: Site) -> None:
    site.commit(("jane  doe", "a@x.org"), stamp(1), {CATALOG: po(translated(hello="Bonjour"))})
    site.commit(JANE, stamp(2), {CATALOG: po(translated(hello="Salut"))})
    assert site.history().translators == ("jane doe",)


def test_author_name_that_is_an_address_is_not_published(site: Site) -> None:
    address = ("jane@example.org", "jane@example.org")
    site.commit(address, stamp(1), {CATALOG: po(translated(hello="B"))})
    assert site.history().translators == ("jane",)


def test_merges_credit_the_branch_authors_not_the_merger(site: Site) -> None:
    site.commit(JANE, stamp(1), {CATALOG: po(translated(hello="Bonjour"))})
    site.repo.git.checkout("-q", "-b", "feature")
    li = site.commit(LI, stamp(2), {CATALOG: po(translated(hello="Bonjour", world="Monde"))})
    site.repo.git.checkout("-q", "main")
    site.commit(ANN, stamp(3), {"locales/fr/other.po": po(translated(brain="Cerveau"))})
    merge = site.merge("feature", MAINTAINER, stamp(5))
    assert site.history() == History(("Jane Doe", "Li Wei"), at(2), li)
    assert site.history("locales/fr/other.po") == History(
        ("Ann Smith",), at(3), site.repo.commit(merge).parents[0].hexsha
    )


def test_order_is_by_author_date_across_branches(site: Site) -> None:
    site.commit(JANE, stamp(1), {CATALOG: po(translated(hello="Bonjour"))})
    site.repo.git.checkout("-q", "-b", "feature")
    site.commit(LI, stamp(2), {CATALOG: po(translated(hello="Bonjour", world="Monde"))})
    site.repo.git.checkout("-q", "main")
    ann = site.commit(ANN, stamp(8), {CATALOG: po(translated(hello="Salut", world="Le monde"))})
    with pytest.raises(git.GitCommandError):  # a conflict: the maintainer resolves it
        site.merge("feature", MAINTAINER, stamp(9))
    (site.root / CATALOG).write_text(po(translated(hello="Salut", world="Monde")))
    site.repo.git.add("-A")
    with site.repo.git.custom_environment(**identity(MAINTAINER, stamp(9))):
        site.repo.git.commit("-q", "--no-edit")
    assert site.history() == History(("Jane Doe", "Li Wei", "Ann Smith"), at(8), ann)


def test_a_change_a_merge_discarded_still_counts(site: Site) -> None:
    site.commit(JANE, stamp(1), {CATALOG: po(translated(hello="Bonjour"))})
    site.repo.git.checkout("-q", "-b", "feature")
    li = site.commit(LI, stamp(2), {CATALOG: po(translated(hello="Salut"))})
    site.repo.git.checkout("-q", "main")
    site.merge("feature", MAINTAINER, stamp(3), "--strategy=ours")  # Li's work thrown away
    assert (site.root / CATALOG).read_text() == po(translated(hello="Bonjour"))
    assert site.history() == History(("Jane Doe", "Li Wei"), at(2), li)


def test_deleted_and_restored_catalog_credits_nobody_new(site: Site) -> None:
    jane = site.commit(JANE, stamp(1), {CATALOG: po(translated(hello="Bonjour"))})
    site.commit(LI, stamp(2), {CATALOG: None})
    assert site.history() == History(("Jane Doe",), at(1), jane)
    site.commit(ANN, stamp(3), {CATALOG: po(translated(hello="Bonjour"))})
    assert site.history() == History(("Jane Doe",), at(1), jane)
    site.commit(LI, stamp(4), {CATALOG: None})
    ann = site.commit(ANN, stamp(5), {CATALOG: po(translated(hello="Bonjour", world="Monde"))})
    assert site.history() == History(("Jane Doe", "Ann Smith"), at(5), ann)


def test_an_unreadable_version_is_skipped(site: Site) -> None:
    jane = site.commit(JANE, stamp(1), {CATALOG: po(translated(hello="Bonjour"))})
    conflict = "<<<<<<< HEAD\n" + po(translated(hello="Bonjour")) + "=======\n>>>>>>> x\n"
    site.commit(LI, stamp(2), {CATALOG: conflict})
    site.commit(ANN, stamp(3), {CATALOG: po(translated(hello="Bonjour"))})  # the fix
    assert site.history() == History(("Jane Doe",), at(1), jane)


def test_plural_entries_are_read(site: Site) -> None:
    plural = po({}) + 'msgid "one file"\nmsgid_plural "%d files"\nmsgstr[0] "%d fichier"\n'
    jane = site.commit(JANE, stamp(1), {CATALOG: plural + 'msgstr[1] "%d fichiers"\n'})
    site.commit(LI, stamp(2), {CATALOG: plural + 'msgstr[1] ""\n'})
    assert site.history() == History(("Jane Doe",), at(1), jane)


def test_line_endings_escapes_and_contexts(site: Site) -> None:
    quoted = 'msgctxt "title"\nmsgid "Hello"\nmsgstr "Il a dit \\"bonjour\\"\\n"\n'
    jane = site.commit(JANE, stamp(1), {CATALOG: po(ENGLISH) + "\n" + quoted})
    wrapped = quoted.replace('msgstr "Il', 'msgstr ""\n"Il').replace('\\"bonjour', '"\n"\\"bonjour')
    site.commit(LI, stamp(2), {CATALOG: (po(ENGLISH) + "\n" + wrapped).replace("\n", "\r\n")})
    assert site.history() == History(("Jane Doe",), at(1), jane)
    other_context = quoted.replace('"title"', '"heading"')
    ann = site.commit(ANN, stamp(3), {CATALOG: po(ENGLISH) + "\n" + quoted + "\n" + other_context})
    assert site.history() == History(("Jane Doe", "Ann Smith"), at(3), ann)


def test_flags_apart_from_their_entry_still_count(site: Site) -> None:
    separated = po(ENGLISH) + '\n#, fuzzy\n\nmsgid "Extra"\nmsgstr "En plus"\n'
    site.commit(JANE, stamp(1), {CATALOG: separated})
    assert site.history() == History()
    li = site.commit(LI, stamp(2), {CATALOG: separated.replace("#, fuzzy\n", "")})
    assert site.history() == History(("Li Wei",), at(2), li)


def test_dates_are_the_authors_own(site: Site) -> None:
    late = "2020-02-24T23:30:00-08:00"
    site.commit(JANE, late, {CATALOG: po(translated(hello="Bonjour"))})
    when = site.history().last_changed
    assert when is not None and when.utcoffset() == timedelta(hours=-8)
    assert format_date(when) == "24 Feb 2020"  # the author's day, though 25 Feb in UTC


def test_bots_are_matched_by_name_or_email_with_literal_brackets(site: Site) -> None:
    site.commit(("Scott", "scott@example.org"), stamp(1), {CATALOG: po(translated(hello="A"))})
    site.commit(TRANSPIPE, stamp(2), {CATALOG: po(translated(hello="B"))})
    site.commit(("Robo", "robo@ci.example"), stamp(3), {CATALOG: po(translated(hello="C"))})
    site.commit(("renovate", "bot@renovateapp.com"), stamp(4), {CATALOG: po(translated(hello="D"))})
    bots = ("*[bot]", "transpipe", "*@ci.example", "BOT@*")
    assert site.history(bots=bots).translators == ("Scott",)


def test_unknown_catalogs_and_empty_repositories(site: Site) -> None:
    assert site.history() == History()
    site.commit(JANE, stamp(1), {CATALOG: po(translated(hello="Bonjour"))})
    assert site.history("locales/fr/missing.po") == History()
    outside = site.root.parent / "elsewhere.po"
    assert read_history(site.root, [outside]) == {outside: History()}
    assert site.history(str(site.root / CATALOG)).translators == ("Jane Doe",)


def test_history_is_the_same_whoever_reads_it(
    site: Site, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.commit(JANE, stamp(1), {"locales/fr/é b.po": po(translated(hello="Bonjour"))})
    site.commit(LI, stamp(2), {"locales/fr/é b.po": po(translated(hello="Salut"))})
    catalog = Path("locales/fr/é b.po")
    first = read_history(site.root, [catalog])[catalog]
    assert first.translators == ("Jane Doe", "Li Wei")
    inside = read_history(site.root / "locales", [Path("fr/é b.po")])[Path("fr/é b.po")]
    assert inside == first
    home = tmp_path_factory.mktemp("home")
    (home / "mailmap").write_text("Someone Else <li@example.org>\n", encoding="utf-8")
    (home / "gitconfig").write_text(
        f"[mailmap]\n\tfile = {home / 'mailmap'}\n[log]\n\tshowRoot = false\n\tdate = relative\n"
        "\tshowSignature = true\n\tfollow = true\n[diff]\n\trenames = copies\n"
        "[core]\n\tquotePath = true\n[color]\n\tui = always\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / "gitconfig"))
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    time.tzset()
    try:
        assert read_history(site.root, [catalog])[catalog] == first
    finally:
        monkeypatch.undo()
        time.tzset()


def test_shallow_clones_are_refused(site: Site) -> None:
    site.commit(JANE, stamp(1), {CATALOG: po(translated(hello="Bonjour"))})
    site.commit(LI, stamp(2), {CATALOG: po(translated(hello="Salut"))})
    clone = site.root.parent / f"{site.root.name}-clone"
    command = ["git", "clone", "-q", "--depth", "1", site.root.as_uri(), str(clone)]
    subprocess.run(command, check=True)
    with pytest.raises(TranspipeError, match="shallow"):
        read_history(clone, [Path(CATALOG)])


def test_not_a_repository(tmp_path: Path) -> None:
    with pytest.raises(TranspipeError, match="git repository"):
        read_history(tmp_path / "nowhere", [Path(CATALOG)])


def test_many_catalogs_in_one_walk_equal_one_by_one(site: Site) -> None:
    rng = random.Random(20200224)
    langs = ["fr", "es", "pt", "zh", "it"]
    catalogs = [
        f"locales/{lang}/week{n:02d}{' é' if n == 3 else ''}.po"
        for lang in langs
        for n in range(10)
    ]
    people = [JANE, LI, ANN, BOT, ("jdoe", "jane@old.example"), MAINTAINER]
    state: dict[str, dict[str, str]] = {c: dict(ENGLISH) for c in catalogs}
    site.commit(BOT, stamp(1), {c: po(state[c]) for c in catalogs})
    for step in range(60):
        changed: dict[str, str | None] = {}
        for catalog in rng.sample(catalogs, rng.randint(1, 4)):
            if rng.random() < 0.05 and (site.root / catalog).exists():
                changed[catalog] = None
                continue
            msgid = rng.choice(list(ENGLISH))
            state[catalog][msgid] = rng.choice(["", "Bonjour", "Salut", "Hola", "Olá"])
            changed[catalog] = po(state[catalog], width=rng.choice([0, 5]))
        when = (at(2) + timedelta(hours=step * 7 % 50)).isoformat()  # dates not in walk order
        site.commit(rng.choice(people), when, changed)
    paths = [Path(c) for c in catalogs]
    together = read_history(site.root, paths)
    assert together == {p: read_history(site.root, [p])[p] for p in paths}
    assert sum(bool(h.translators) for h in together.values()) > 25


# --- working tree ----------------------------------------------------------------------------


def test_uncommitted(site: Site) -> None:
    other = "locales/fr/other.po"
    site.commit(JANE, stamp(1), {CATALOG: po(ENGLISH), other: po(ENGLISH)})
    assert not uncommitted(site.root, Path(CATALOG))
    (site.root / CATALOG).write_text(po(translated(hello="Bonjour")), encoding="utf-8")
    assert uncommitted(site.root, Path(CATALOG))
    site.repo.git.add(CATALOG)
    assert uncommitted(site.root, Path(CATALOG))  # staged
    (site.root / "locales/es").mkdir()
    new = Path("locales/es/intro.po")
    (site.root / new).write_text(po(ENGLISH), encoding="utf-8")
    (site.root / other).unlink()
    paths = [Path(CATALOG), Path(other), new, Path("locales/es/none.po")]
    assert uncommitted_paths(site.root, paths) == {Path(CATALOG), Path(other), new}


# --- names and dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("Jane Doe, Li Wei", ["Jane Doe", "Li Wei"]),
        ("Jane Doe and Li Wei", ["Jane Doe", "Li Wei"]),
        ("Jane Doe & Li Wei; Ann", ["Jane Doe", "Li Wei", "Ann"]),
        ("Alexander Anand, Sandra", ["Alexander Anand", "Sandra"]),
        ("Jane <jane@x.org>, li@y.org, ", ["Jane"]),
        ("李雷, 韩梅梅", ["李雷", "韩梅梅"]),
        ("李雷，韩梅梅、Ann", ["李雷", "韩梅梅", "Ann"]),
        ("", []),
    ],
)
def test_parse_names(value: str, names: list[str]) -> None:
    assert parse_names(value) == names


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("Jane <j@x.org>", "Jane"),
        ("Jane Doe  <j@x.org>", "Jane Doe"),
        ("j@x.org", ""),
        ("<j@x.org>", ""),
        ("Jane", "Jane"),
        ("", ""),
    ],
)
def test_strip_email(value: str, name: str) -> None:
    assert strip_email(value) == name


def test_merge_names() -> None:
    assert merge_names(["Jane Doe", "Li Wei"], ["jane  doe", " Ann "], [""]) == [
        "Jane Doe",
        "Li Wei",
        "Ann",
    ]


names = st.text(st.sampled_from("aAbB çÇ"), max_size=6)


@given(st.lists(st.lists(names, max_size=5), max_size=4))
def test_merge_names_is_an_ordered_union(groups: list[list[str]]) -> None:
    merged = merge_names(*groups)
    assert merge_names(merged, *groups) == merged
    keys = [" ".join(n.split()).casefold() for group in groups for n in group if n.strip()]
    assert [m.casefold() for m in merged] == list(dict.fromkeys(keys))


def test_translator_comment_names() -> None:
    comment = (
        "French translation of intro.md\nCopyright (C) YEAR THE PACKAGE'S COPYRIGHT HOLDER\n"
        "FIRST AUTHOR <EMAIL@ADDRESS>, YEAR.\nJane Doe <jane@x.org>, 2019, 2020.\n"
        "Translators: Li Wei, jane doe"
    )
    assert translator_comment_names(comment) == ["Jane Doe", "Li Wei"]


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2020, 2, 24), "24 Feb 2020"),
        (date(2020, 8, 5), "05 Aug 2020"),
        (datetime(2021, 3, 5, 23, 59), "05 Mar 2021"),
        (date(2021, 9, 30), "30 Sep 2021"),
    ],
)
def test_format_date(day: date, text: str) -> None:
    assert format_date(day) == text


def test_format_date_follows_the_corpus() -> None:
    """Single-digit days are zero-padded in most of the site's pages."""
    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dlsp20"
    if not corpus.is_dir():
        pytest.skip("no corpus")
    days = [
        line.split()[1]
        for page in corpus.rglob("*.md")
        for line in page.read_text(encoding="utf-8").splitlines()
        if line.startswith("translation-date:") and len(line.split()) > 1
    ]
    single = [d for d in days if d.isdigit() and int(d) < 10]
    assert sum(d.startswith("0") for d in single) > len(single) / 2


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-02-24 10:30+0100", datetime(2020, 2, 24, 10, 30, tzinfo=PARIS)),
        ("2020-02-24 00:00+0000", datetime(2020, 2, 24, tzinfo=timezone.utc)),
        ("2020-02-24", datetime(2020, 2, 24, tzinfo=timezone.utc)),
        ("YEAR-MO-DA HO:MI+ZONE", None),
        ("2020-02-30 10:00+0000", None),
        ("", None),
    ],
)
def test_parse_po_date(value: str, expected: datetime | None) -> None:
    assert parse_po_date(value) == expected
