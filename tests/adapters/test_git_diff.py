"""The parser of `git diff -z --raw --numstat -p` output, fed bytes (no git run), and git log streams."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pr_impact.adapters import git_diff
from pr_impact.adapters.git_diff import DIFF_CONFIG, DIFF_OPTIONS, LOG_OPTIONS, parse_diff, read_diff
from pr_impact.core.model import FileChange
from pr_impact.errors import GitError
from tests.gitrepo import GitRepo

SHA_A, SHA_B = "a" * 40, "b" * 40
_LETTERS = {"added": b"A", "modified": b"M", "removed": b"D", "renamed": b"R100", "copied": b"C075"}


@dataclass(frozen=True)
class Change:
    """One file as a test describes it; `output()` writes it as git would."""

    path: bytes
    status: str = "modified"
    removed: tuple[bytes, ...] = ()
    added: tuple[bytes, ...] = (b"new",)
    previous: bytes | None = None
    binary: bool = False

    def raw(self) -> bytes:
        meta = b":100644 100644 " + SHA_A[:7].encode() + b" " + SHA_B[:7].encode() + b" " + _LETTERS[self.status]
        paths = [self.previous, self.path] if self.previous is not None else [self.path]
        return b"\0".join([meta, *paths]) + b"\0"

    def numstat(self) -> bytes:
        counts = b"-\t-\t" if self.binary else b"%d\t%d\t" % (len(self.added), len(self.removed))
        if self.previous is not None:
            return counts + b"\0" + self.previous + b"\0" + self.path + b"\0"
        return counts + self.path + b"\0"

    def section(self) -> bytes:
        head = b"diff --git a/f b/f\nindex 1234567..89abcde 100644\n--- a/f\n+++ b/f\n"
        if self.binary:
            return head.split(b"--- ")[0] + b"Binary files a/f and b/f differ\n"
        if not (self.added or self.removed):
            return head.split(b"--- ")[0]  # a pure rename or mode change: no hunks
        return head + self.hunks() + b"\n"

    def hunks(self) -> bytes:
        header = b"@@ -1,%d +1,%d @@" % (len(self.removed), len(self.added))
        return b"\n".join([header, *(b"-" + r for r in self.removed), *(b"+" + a for a in self.added)])

    def patch(self) -> str:
        return self.hunks().decode("utf-8", "replace") if self.added or self.removed else ""

    def expected(self) -> FileChange:
        return FileChange(
            path=self.path.decode("utf-8", "backslashreplace"),
            status=self.status,
            additions=0 if self.binary else len(self.added),
            deletions=0 if self.binary else len(self.removed),
            patch=None if self.binary else self.patch(),
            previous_path=self.previous.decode("utf-8", "backslashreplace") if self.previous is not None else None,
            binary=self.binary,
        )


def output(changes: list[Change]) -> bytes:
    """What `git diff <DIFF_OPTIONS>` prints for these changes."""
    if not changes:
        return b""
    summaries = b"".join(c.raw() for c in changes) + b"".join(c.numstat() for c in changes)
    return summaries + b"\0" + b"".join(c.section() for c in changes)


def test_modified_added_removed_and_renamed_files() -> None:
    changes = [
        Change(b"src/app.py", removed=(b"old",), added=(b"new", b"newer")),
        Change(b"docs/new file.md", status="added", added=(b"# Title",)),
        Change(b"gone.txt", status="removed", removed=(b"bye",), added=()),
        Change(b"lib/b.py", status="renamed", previous=b"lib/a.py", added=()),
        Change(b"logo.png", status="added", binary=True),
    ]
    assert parse_diff(output(changes)) == [c.expected() for c in changes]
    assert parse_diff(output(changes))[0].patch == "@@ -1,1 +1,2 @@\n-old\n+new\n+newer"


def test_empty_output_is_no_files() -> None:
    assert parse_diff(b"") == []


def test_non_utf8_path_and_text() -> None:
    (change,) = parse_diff(output([Change(b"caf\xe9.txt", added=(b"cr\xe8me",))]))
    assert change.path == "caf\\xe9.txt"
    assert change.patch == "@@ -1,0 +1,1 @@\n+cr\ufffdme"


def test_type_change_takes_two_sections() -> None:
    link = Change(b"link", removed=(b"README.md",), added=())
    data = (
        b":120000 100644 1234567 89abcde T\0link\0:000000 100644 0000000 89abcde A\0z.txt\0"
        b"1\t1\tlink\0"
        + b"1\t0\tz.txt\0\0"
        + link.section()
        + Change(b"link", added=(b"real",), removed=()).section()
        + Change(b"z.txt", added=(b"after",)).section()
    )
    files = parse_diff(data)
    assert [f.status for f in files] == ["changed", "added"]
    assert files[0].patch == "@@ -1,1 +1,0 @@\n-README.md\n@@ -1,0 +1,1 @@\n+real"
    assert files[1].patch == "@@ -1,0 +1,1 @@\n+after"


def test_sections_that_do_not_line_up_give_no_patches() -> None:
    changes = [Change(b"a"), Change(b"b")]
    data = output(changes)
    cut = data[: data.rindex(b"diff --git")]  # one section missing: which patch is whose is unknown
    assert [f.patch for f in parse_diff(cut)] == [None, None]


def test_long_patch_is_cut_at_a_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(git_diff, "MAX_PATCH_BYTES", 200)
    (change,) = parse_diff(output([Change(b"data.txt", added=tuple(b"line %04d" % i for i in range(100)))]))
    assert change.additions == 100
    assert change.patch is not None
    kept, marker = change.patch.rsplit("\n", 1)
    assert marker.startswith("\\ pr-impact: patch truncated")
    assert len(kept.encode()) <= 200
    assert kept.splitlines()[-1].startswith("+line ")


@pytest.mark.parametrize(
    "data",
    [b":100644 100644 1234567 89abcde M\0src/app.py", b":100644 100644 1234567 89abcde M\0a\0x\ty\ta\0"],
)
def test_truncated_or_garbled_records_are_a_git_error(data: bytes) -> None:
    with pytest.raises(GitError, match="unexpected output from git diff"):
        parse_diff(data)


# Paths: any bytes but NUL (git's -z separator), never empty. Lines: any bytes but newline.
paths = st.binary(min_size=1, max_size=12).filter(lambda b: b"\0" not in b)
lines = st.binary(max_size=12).filter(lambda b: b"\n" not in b)
subjects = lines.filter(lambda b: b"\0" not in b)  # git keeps no NUL in a commit message


@st.composite
def changes(draw: st.DrawFn) -> Change:
    status = draw(st.sampled_from(["added", "modified", "removed", "renamed", "copied"]))
    binary = draw(st.booleans())
    return Change(
        path=draw(paths),
        status=status,
        removed=() if binary else tuple(draw(st.lists(lines, max_size=3))),
        added=() if binary else tuple(draw(st.lists(lines, max_size=3))),
        previous=draw(paths) if status in ("renamed", "copied") else None,
        binary=binary,
    )


@given(st.lists(changes(), max_size=5))
def test_every_file_comes_back_with_its_own_patch(files: list[Change]) -> None:
    assert parse_diff(output(files)) == [c.expected() for c in files]


@given(st.lists(changes(), min_size=1, max_size=4), st.data())
def test_damaged_output_parses_or_raises_a_git_error(files: list[Change], data: st.DataObject) -> None:
    good = output(files)
    at = data.draw(st.integers(0, len(good) - 1))
    damaged = good[:at] + data.draw(st.binary(max_size=3)) + good[at + data.draw(st.integers(0, 3)) :]
    try:
        parsed = parse_diff(damaged)
    except GitError:
        return
    assert all(isinstance(f, FileChange) for f in parsed)


def log_record(sha: str, subject: bytes, files: list[Change]) -> bytes:
    """One commit as `git log <DIFF_OPTIONS> --format=%H%x00%s` prints it (-z ends the format with a NUL)."""
    header = sha.encode() + b"\0" + subject + b"\0"
    return header + (b"\n" + output(files) if files else b"")


def read_stream(data: bytes) -> list[tuple[str, list[FileChange]]]:
    """Each commit's sha and files, as a history reader would walk the stream."""
    commits: list[tuple[str, list[FileChange]]] = []
    pos = 0
    while pos < len(data):
        sha_end = data.index(b"\0", pos)
        subject_end = data.index(b"\0", sha_end + 1)
        sha = data[pos:sha_end].decode()
        files, pos = read_diff(data, subject_end + 1)
        commits.append((sha, files))
    return commits


@given(st.lists(st.tuples(subjects, st.lists(changes(), max_size=3)), max_size=4))
def test_a_log_stream_splits_into_each_commits_files(commits: list[tuple[bytes, list[Change]]]) -> None:
    shas = [f"{i:040x}" for i in range(len(commits))]
    data = b"".join(log_record(sha, subject, files) for sha, (subject, files) in zip(shas, commits, strict=True))
    assert read_stream(data) == [
        (sha, [c.expected() for c in files]) for sha, (_subject, files) in zip(shas, commits, strict=True)
    ]


def test_real_git_log_stream(tmp_path: Path) -> None:
    config = tmp_path / "gitconfig"
    config.write_text("")
    repo = GitRepo.create(tmp_path / "work", config)
    repo.commit("one", {"a.txt": "a\n"})
    repo.commit("empty")
    repo.commit("two", {"a.txt": "a\nb\n", "diff --git x": "looks like a header\n"})
    repo.git("mv", "a.txt", "b.txt")
    repo.commit("three")
    log = repo.git_bytes(*DIFF_CONFIG, "log", *DIFF_OPTIONS, "--format=%H%x00%s")
    got = [(sha, [(f.path, f.status, f.patch) for f in files]) for sha, files in read_stream(log)]
    assert [files for _sha, files in got] == [
        [("b.txt", "renamed", "")],
        [
            ("a.txt", "modified", "@@ -1 +1,2 @@\n a\n+b"),
            ("diff --git x", "added", "@@ -0,0 +1 @@\n+looks like a header"),
        ],
        [],
        [("a.txt", "added", "@@ -0,0 +1 @@\n+a")],
    ]
    assert [sha for sha, _files in got] == repo.git("log", "--format=%H").split()


@given(st.lists(st.tuples(subjects, st.lists(changes(), max_size=3)), min_size=1, max_size=3), st.data())
def test_a_stream_cut_short_never_gives_a_different_diff(
    commits: list[tuple[bytes, list[Change]]], data: st.DataObject
) -> None:
    """A reader of chunks parses what has come so far: each diff is either right, or said to be unfinished."""
    whole = b"".join(log_record(f"{i:040x}", subject, files) for i, (subject, files) in enumerate(commits))
    header_end = whole.index(b"\0", whole.index(b"\0") + 1) + 1
    complete = read_diff(whole, header_end)
    cut = data.draw(st.integers(header_end, len(whole)))
    try:
        files, end = read_diff(whole[:cut], header_end)
    except GitError:
        return  # cut inside a record: the reader waits for more
    assert end == cut or (files, end) == complete


def uncounted_output(changes: list[Change]) -> bytes:
    """What `git diff <LOG_OPTIONS>` (no --numstat) prints for these changes."""
    if not changes:
        return b""
    return b"".join(c.raw() for c in changes) + b"\0" + b"".join(c.section() for c in changes)


@given(st.lists(changes(), max_size=5))
def test_without_numstat_lines_are_counted_from_the_patches(files: list[Change]) -> None:
    assert read_diff(uncounted_output(files), 0, counted=False) == (
        [c.expected() for c in files], len(uncounted_output(files)))


def both_modes(repo: GitRepo) -> tuple[list[list[FileChange]], list[list[FileChange]]]:
    """Every commit's files as the history reads them (no --numstat) and as `check` reads them (--numstat)."""
    def read(options: tuple[str, ...], counted: bool) -> list[list[FileChange]]:
        data = repo.git_bytes(*DIFF_CONFIG, "log", "--first-parent", "--diff-merges=first-parent", *options,
                              "--format=%H%x00%s")
        commits, pos = [], 0
        while pos < len(data):
            pos = data.index(b"\0", data.index(b"\0", pos) + 1) + 1
            files, pos = read_diff(data, pos, counted=counted)
            commits.append(files)
        return commits
    return read(LOG_OPTIONS, False), read(DIFF_OPTIONS, True)


def test_counting_from_patches_agrees_with_numstat_on_real_history(tmp_path: Path) -> None:
    config = tmp_path / "gitconfig"
    config.write_text("")
    repo = GitRepo.create(tmp_path / "work", config)
    body = "".join(f"line {i}\n" for i in range(40))
    repo.commit("one", {"a.txt": body, "gone.txt": "bye\n", "empty": "", "bin.dat": b"\0\1\2" * 50,
                        "with space.txt": "x\n", "tab\there.txt": "t\n", "new\nline.txt": "n\n",
                        "ünï cödé.txt": "u\n", b"latin\xe9.txt": b"\xe9\n", "link": "target\n",
                        "dashes.txt": "--- a/x\n+++ b/x\n@@ -1 +1 @@\n"})
    repo.write("bin.dat", b"\0\3" * 80)
    repo.write("empty", "now has text\n")
    repo.write("dashes.txt", "-- x\n++ y\n\\ no\n@@ z\n")
    repo.write("new\nline.txt", "n\nm\n")
    (repo.path / "gone.txt").unlink()
    repo.commit("edits")
    repo.git("mv", "a.txt", "renamed a.txt")
    repo.write("renamed a.txt", body.replace("line 3\n", "line three\n"))
    repo.git("mv", "with space.txt", "ünï moved.txt")
    (repo.path / "tab\there.txt").chmod(0o755)
    repo.commit("renames and a mode change", {"added empty": ""})
    (repo.path / "link").unlink()
    (repo.path / "link").symlink_to("a.txt")
    repo.commit("a file becomes a symlink", {"no newline at end": "last"})
    repo.commit("an empty commit")
    history, check = both_modes(repo)
    assert history == check
    statuses = {f.status for files in check for f in files}
    assert statuses >= {"added", "modified", "removed", "renamed", "changed"}
    assert any(f.binary for files in check for f in files)


contents = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_characters="\r"), max_size=60),
    st.binary(max_size=40).map(lambda b: b.decode("latin-1")),
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.dictionaries(st.sampled_from(["a", "b c", "d/e", "ü"]), st.none() | contents, max_size=4),
                min_size=1, max_size=4))
def test_any_history_reads_the_same_without_numstat(tmp_path: Path, commits: list[dict[str, str | None]]) -> None:
    """Random edits, deletions and recreations (renames where git finds them): both modes agree."""
    work = tmp_path / f"h{len(list(tmp_path.iterdir()))}"
    config = tmp_path / "gitconfig"
    config.write_text("")
    repo = GitRepo.create(work, config)
    for i, files in enumerate(commits):
        for name, content in files.items():
            target = repo.path / name
            if content is None:
                target.unlink(missing_ok=True)
            else:
                repo.write(name, content.encode("utf-8", "surrogateescape"))
        repo.commit(f"c{i}")
    history, check = both_modes(repo)
    assert history == check
