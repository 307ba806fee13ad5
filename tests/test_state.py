"""The run state: streamed to disk a line at a time and read back the same, written only when
it changed, kept compact in memory; a state of another version is not used."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from test_robustness import special_folder
from transpipe import paths
from transpipe.errors import TranspipeError
from transpipe.files import write_chunks_if_changed, write_if_changed
from transpipe.state import VERSION, RunState, signature


def texts(root: Path, count: int) -> list[Path]:
    """``count`` small files under ``root``, the state's site (what its reads are confined to)."""
    paths.confine(root)
    made = []
    for i in range(count):
        path = root / "pages" / f"page{i}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"text {i}\n", encoding="utf-8")
        made.append(path)
    return made


def test_a_saved_state_reads_back_the_same(tmp_path: Path) -> None:
    files = texts(tmp_path, 3)
    missing = tmp_path / "pages" / "missing.md"
    state = RunState(tmp_path)
    state.record("build:fr:a.md", files, extra="key", payload="0.5 1")
    payload = 'ü "quoted" \\ back\nslash, and a second line: \u2028 中文'
    state.record("switcher:a.md", files[:2], extra=repr((2, ["en", "fr"])), payload=payload)
    state.record("extract:a.md", [files[0], missing])
    state.save()

    text = state.path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["version"] == VERSION
    assert data["steps"]["build:fr:a.md"] == ["0.5 1", "key", *map(signature, files)]
    assert data["steps"]["extract:a.md"] == ["", "", signature(files[0]), "-"]
    assert list(data["steps"]) == sorted(data["steps"])
    assert list(data["stats"]) == sorted(data["stats"]) == sorted(map(str, files))
    lines = text.splitlines()
    for key in [*data["steps"], *data["stats"]]:  # an entry a line: written as it goes
        assert sum(line.startswith(json.dumps(key) + ": ") for line in lines) == 1
    assert text.isascii()

    again = RunState(tmp_path)
    assert again.problem is None
    assert again.lookup("build:fr:a.md", files, "key") == "0.5 1"
    assert again.lookup("switcher:a.md", files[:2], repr((2, ["en", "fr"]))) == payload
    assert again.lookup("extract:a.md", [files[0], missing]) == ""
    assert again.lookup("build:fr:a.md", files, "other key") is None
    assert again.lookup("build:fr:a.md", files[:2], "key") is None  # other files
    assert again.lookup("build:fr:b.md", files, "key") is None
    files[1].write_text("changed\n", encoding="utf-8")
    assert RunState(tmp_path).lookup("build:fr:a.md", files, "key") is None


def test_steps_not_redone_stay_and_a_redone_step_replaces_its_record(tmp_path: Path) -> None:
    files = texts(tmp_path, 2)
    first = RunState(tmp_path)
    first.record("update:fr:a.md", files[:1], payload="old")
    first.record("update:pt:a.md", files[1:], payload="kept")
    first.save()
    second = RunState(tmp_path)  # a run (a shard, say) that redoes one of them
    second.record("update:fr:a.md", files[:1], payload="new")
    second.save()
    steps = json.loads(second.path.read_text(encoding="utf-8"))["steps"]
    assert steps == {
        "update:fr:a.md": ["new", "", signature(files[0])],
        "update:pt:a.md": ["kept", "", signature(files[1])],
    }


def test_a_file_is_read_once_per_run_until_it_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A template recorded by every language's step is read once, not once a language; a
    catalog rewritten (atomically, or in place) between two steps is hashed again."""
    template, catalog = texts(tmp_path, 2)
    state = RunState(tmp_path)
    reads: list[Path] = []
    read_bytes = paths.read_bytes
    monkeypatch.setattr(paths, "read_bytes", lambda p: reads.append(p) or read_bytes(p))
    for lang in ("fr", "pt", "zh"):
        state.record(f"update:{lang}:a.md", [template, catalog])
    assert reads == [template, catalog]
    write_if_changed(catalog, "merged\n")  # a new file in its place
    state.record("build:fr:a.md", [template, catalog])
    assert reads == [template, catalog, catalog]
    with catalog.open("a", encoding="utf-8") as handle:  # the same file, grown
        handle.write("more\n")
    state.record("build:pt:a.md", [template, catalog])
    assert reads == [template, catalog, catalog, catalog]
    state.save()
    steps = json.loads(state.path.read_text(encoding="utf-8"))["steps"]
    assert steps["update:fr:a.md"][3] != steps["build:fr:a.md"][3] != steps["build:pt:a.md"][3]
    assert steps["build:pt:a.md"][2:] == [signature(template), signature(catalog)]


def test_a_state_is_written_only_when_it_changed(tmp_path: Path) -> None:
    files = texts(tmp_path, 2)
    for path in files:  # (files older than the racy window: their hashes are trusted)
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    state = RunState(tmp_path)
    state.record("extract:a.md", files)
    state.save()
    before = state.path.stat()
    looked = RunState(tmp_path)
    assert looked.lookup("extract:a.md", files) == ""
    looked.save()  # nothing new: not even rewritten
    same = RunState(tmp_path)
    same.record("extract:a.md", files)  # recorded again, the same
    same.save()
    after = state.path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    changed = RunState(tmp_path)
    changed.record("extract:a.md", files, payload="other")
    changed.save()
    assert state.path.stat().st_ino != before.st_ino  # replaced, atomically
    assert not [p for p in state.path.parent.iterdir() if p.name.endswith(".tmp")]


def test_strings_of_the_state_are_shared_in_memory(tmp_path: Path) -> None:
    """A file's hash is one string however many steps name it (a large site's state holds
    tens of thousands of steps)."""
    files = texts(tmp_path, 2)
    state = RunState(tmp_path)
    for lang in ("fr", "pt"):
        state.record(f"build:{lang}:a.md", files, extra="the same extra")
        state.record(f"share:{lang}:a.md", files[:1], payload="1.0 0")
    state.save()
    loaded = RunState(tmp_path)
    fr, pt = loaded._old["build:fr:a.md"], loaded._old["build:pt:a.md"]
    assert fr == pt and all(a is b for a, b in zip(fr, pt, strict=True))
    assert loaded._old["share:fr:a.md"][2] is fr[2] is loaded._stats[str(files[0])][2]
    assert loaded._old["share:fr:a.md"][0] is loaded._old["share:pt:a.md"][0]
    loaded.record("build:fr:a.md", files, extra="the same extra")
    assert loaded._new["build:fr:a.md"][2] is pt[2]  # recorded again: still the one string
    assert "build:fr:a.md" not in loaded._old  # one record per step


OLD_LAYOUT = """{{
"stats": {{}},
"steps": {{
"extract:a.md": [
"",
"",
"{digest}"
]
}},
"transparent": {{}},
"version": {version}
}}
"""


@pytest.mark.parametrize("version", [VERSION - 1, VERSION + 1, "4"])
def test_a_state_of_another_version_is_simply_not_used(tmp_path: Path, version: object) -> None:
    files = texts(tmp_path, 1)
    path = tmp_path / ".transpipe-cache" / "state.json"
    path.parent.mkdir()
    path.write_text(OLD_LAYOUT.format(digest=signature(files[0]), version=json.dumps(version)))
    state = RunState(tmp_path)
    assert state.problem is None
    assert state.lookup("extract:a.md", files) is None
    state.save()  # nothing recorded: the other version's file is left as it is
    assert json.loads(path.read_text())["version"] == version
    state.record("extract:a.md", files)
    state.save()
    assert RunState(tmp_path).lookup("extract:a.md", files) == ""


@pytest.mark.parametrize(
    "text",
    [
        f'{{"version": {VERSION}, "steps": {{"a": ["", "", 3]}}}}',
        f'{{"version": {VERSION}, "steps": {{"a": [""]}}}}',
        f'{{"version": {VERSION}, "steps": {{"a": "a string"}}}}',
        f'{{"version": {VERSION}, "steps": {{}}, "stats": {{"x": [true, 2, "h", 1]}}}}',
        f'{{"version": {VERSION}, "steps": {{}}, "stats": {{"x": [1, 2, "h"]}}}}',
        f'{{"version": {VERSION}, "steps": {{}}, "stats": {{"x": [1, 2, 3, true]}}}}',
        f'{{"version": {VERSION}, "steps": {{}}, "stats": {{"x": [1, 2.5, "h", 1]}}}}',
        f'{{"version": {VERSION}, "steps": {{}}, "transparent": {{"a": 1}}}}',
        f'{{"version": {VERSION}}}',
    ],
)
def test_a_malformed_state_is_rebuilt_with_a_note(tmp_path: Path, text: str) -> None:
    files = texts(tmp_path, 1)
    path = tmp_path / ".transpipe-cache" / "state.json"
    path.parent.mkdir()
    path.write_text(text)
    state = RunState(tmp_path)
    assert state.problem == ".transpipe-cache/state.json: malformed; rebuilding it"
    state.record("extract:a.md", files)
    state.save()
    assert RunState(tmp_path).lookup("extract:a.md", files) == ""


def test_a_state_that_does_not_fit_leaves_the_old_one_whole(tmp_path: Path) -> None:
    files = texts(tmp_path, 1)
    small = RunState(tmp_path)
    small.record("extract:a.md", files)
    small.save()
    old = small.path.read_bytes()
    with special_folder(small.path.parent, "small"):  # 16 KB: the old state is copied in
        small.path.write_bytes(old)
        big = RunState(tmp_path)
        for i in range(1000):
            big.record(f"build:fr:page{i}.md", files, extra=f"extra {i}")
        with pytest.raises(TranspipeError, match="cannot write"):
            big.save()
        assert small.path.read_bytes() == old
        assert not [p for p in small.path.parent.iterdir() if p.name.endswith(".tmp")]


def test_chunks_are_written_atomically_and_only_when_they_change(tmp_path: Path) -> None:
    paths.confine(tmp_path)
    path = tmp_path / "folder" / "data.txt"
    assert write_chunks_if_changed(path, ["one\n", "twö\n"])
    assert path.read_text(encoding="utf-8") == "one\ntwö\n"
    path.chmod(0o600)
    inode = path.stat().st_ino
    assert not write_chunks_if_changed(path, iter(["one\ntw", "ö\n"]))  # the same bytes
    assert path.stat().st_ino == inode
    assert write_chunks_if_changed(path, ["one\n", "two\n"])
    assert path.read_text(encoding="utf-8") == "one\ntwo\n"
    assert path.stat().st_mode & 0o777 == 0o600  # the old file's permissions

    def failing() -> Iterator[str]:
        yield "half of a new text\n"
        raise ValueError("the maker failed")

    with pytest.raises(ValueError, match="maker failed"):
        write_chunks_if_changed(path, failing())
    assert path.read_text(encoding="utf-8") == "one\ntwo\n"
    assert [p.name for p in path.parent.iterdir()] == ["data.txt"]  # no temporary left
