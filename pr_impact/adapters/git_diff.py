"""The one parser of `git diff -z --raw [--numstat] -p` output: bytes in, FileChanges out, no git run here.

The git twin of `rest_shapes.py`: `git.py` runs `git diff` with `DIFF_CONFIG` and `DIFF_OPTIONS`
and hands the bytes to `parse_diff`. A history reader (`git log <LOG_OPTIONS> --format=%H%x00...`)
gets every commit's diff in one stream and reads them one after the other with `read_diff`; it
asks for no `--numstat` and counts each file's lines from its patch instead.
Each FileChange carries its own patch as GitHub's `patch` field has it: the hunks without the
header, no final newline.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from pr_impact.core.model import FileChange
from pr_impact.errors import GitError

# A file's patch text is cut (at a line boundary) beyond this many bytes to bound memory.
MAX_PATCH_BYTES = 1 << 20

# Config that must go before the git subcommand: diff.relative would drop the files outside the
# directory git runs in (config rather than --no-relative, which gits before 2.28 refuse).
DIFF_CONFIG = ("-c", "diff.suppressBlankEmpty=false", "-c", "diff.relative=false")

# The output format the parser reads, with what user config could change pinned, so that the
# output parses and its patches match GitHub's.
DIFF_OPTIONS = (
    "-z",
    "--raw",
    "--numstat",
    "--patch",
    "--find-renames",
    "--unified=3",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--submodule=short",
    "--src-prefix=a/",
    "--dst-prefix=b/",
)

# The same without --numstat, whose second diff of every file is most of the extra cost a history
# pays over plain `git log -p`: `read_diff(..., counted=False)` counts lines from the patches.
LOG_OPTIONS = tuple(option for option in DIFF_OPTIONS if option != "--numstat")

# GitHub's file statuses for git's raw status letters ("T" is a type change, e.g. symlink -> file).
_STATUSES = {"A": "added", "M": "modified", "D": "removed", "R": "renamed", "C": "copied", "T": "changed"}

# In a log stream, the record after a diff starts with a line that begins with a full commit sha and
# a NUL. No line of a patch can: its lines start with a header keyword, "@@", " ", "+", "-" or "\".
_SECTION = b"diff --git "
_NEXT_COMMIT = re.compile(rb"\n[0-9a-f]{40}(?:[0-9a-f]{24})?\0")


class _RawEntry(NamedTuple):
    """One record of `git diff --raw -z`: status letter and path(s), still as bytes."""

    status: str
    path: bytes
    previous_path: bytes | None


class _Reader:
    """A cursor over the NUL-separated records at the head of `git diff -z` output."""

    def __init__(self, data: bytes, pos: int) -> None:
        self.data = data
        self.pos = pos

    def peek(self, prefix: bytes) -> bool:
        """Whether the next token starts with `prefix`."""
        return self.data.startswith(prefix, self.pos)

    def token(self) -> bytes:
        """The bytes up to the next NUL, consuming the NUL."""
        end = self.data.find(b"\0", self.pos)
        if end < 0:
            raise GitError("unexpected output from git diff (truncated record)", hint="report this as a bug")
        token = self.data[self.pos : end]
        self.pos = end + 1
        return token


def decode_path(raw: bytes) -> str:
    """A repository path as text; bytes that are not UTF-8 become visible `\\xNN` escapes."""
    # Not surrogateescape: these paths are shown, globbed and serialised, and a lone surrogate
    # would crash the first UTF-8 writer that meets it. Escapes stay printable and distinct.
    return raw.decode("utf-8", "backslashreplace")


def parse_diff(data: bytes) -> list[FileChange]:
    """The files of one whole `git diff <DIFF_OPTIONS>` output, each with its own patch.

    GitError when the NUL-separated records are cut short (git's output is not what it should be).
    """
    files, _end = _read(data, 0, stream=False)
    return files


def read_diff(data: bytes, pos: int, *, counted: bool = True) -> tuple[list[FileChange], int]:
    """The diff that starts at `pos` in a stream of several, and the offset just past it.

    For `git log <DIFF_OPTIONS> --format=%H%x00...`: `pos` is just past the commit's header (a
    newline there, which git log puts before a diff, is skipped), and the next record must start
    with the next commit's full sha and a NUL, which is how the diff's end is found. A commit
    without changes gives ([], pos). For a stream read in chunks: an end of len(data) means the
    diff may go on in the next chunk, and a GitError on a buffer cut short may be its cut.
    `counted=False` reads `<LOG_OPTIONS>` output: no --numstat records, lines counted from the patches.
    """
    if data.startswith(b"\n", pos):
        pos += 1
    return _read(data, pos, stream=True, counted=counted)


def _read(data: bytes, pos: int, *, stream: bool, counted: bool = True) -> tuple[list[FileChange], int]:
    """The FileChanges of the diff at data[pos:] and where it ends: at the end of `data`, or in a
    `stream` where the next commit's record starts (see `read_diff`)."""
    reader = _Reader(data, pos)
    entries = _read_raw(reader)
    stats = _read_numstat(reader, len(entries)) if counted else None
    if reader.peek(b"\0"):  # the empty record git puts between the summaries and the patches
        reader.pos += 1
    end = len(data)
    if stream and not _patch_follows(data, reader.pos):
        end = reader.pos  # no patch part: the next commit's record follows
    elif stream:
        found = _NEXT_COMMIT.search(data, reader.pos)
        end = found.start() + 1 if found else len(data)
    sections = _split_sections(data, reader.pos, end)
    # git splits a type change (symlink <-> file) into a deletion and a creation: two sections.
    widths = [2 if entry.status == "T" else 1 for entry in entries]
    aligned = sum(widths) == len(sections)
    files: list[FileChange] = []
    index = 0
    for number, (entry, width) in enumerate(zip(entries, widths, strict=True)):
        own = sections[index : index + width] if aligned else []
        index += width
        added, deleted, binary = stats[number] if stats is not None else _counts(own)
        patch: str | None = None
        if aligned and not binary:
            patch = _patch_text(b"".join(_hunks(s) for s in own))
        files.append(
            FileChange(
                path=decode_path(entry.path),
                status=_STATUSES.get(entry.status, "modified"),
                additions=added,
                deletions=deleted,
                patch=patch,
                previous_path=decode_path(entry.previous_path) if entry.previous_path else None,
                binary=binary,
            )
        )
    return files, end


def _patch_follows(data: bytes, pos: int) -> bool:
    """Whether a patch part starts at `pos`, or may start there once more of a stream has come."""
    rest = len(data) - pos
    if rest >= len(_SECTION):
        return data.startswith(_SECTION, pos)
    return rest > 0 and _SECTION.startswith(data[pos:])


def _read_raw(reader: _Reader) -> list[_RawEntry]:
    """Parse `--raw -z` records: `:modes shas status\\0path\\0` (two paths for renames and copies)."""
    entries: list[_RawEntry] = []
    while reader.peek(b":"):
        meta = reader.token()
        letter = meta.rsplit(b" ", 1)[-1][:1].decode("ascii", "replace")
        first = reader.token()
        if letter in ("R", "C"):
            entries.append(_RawEntry(letter, reader.token(), first))
        else:
            entries.append(_RawEntry(letter, first, None))
    return entries


def _read_numstat(reader: _Reader, count: int) -> list[tuple[int, int, bool]]:
    """Parse `count` `--numstat -z` records into (additions, deletions, binary)."""
    stats: list[tuple[int, int, bool]] = []
    for _ in range(count):
        fields = reader.token().split(b"\t", 2)
        if len(fields) != 3 or not _is_count(fields[0]) or not _is_count(fields[1]):
            raise GitError("unexpected output from git diff (bad --numstat record)", hint="report this as a bug")
        added, deleted, path = fields
        if not path:  # a rename or copy: old and new path follow as their own tokens
            reader.token()
            reader.token()
        binary = added == b"-"  # git prints "-\t-" when it will not count lines
        stats.append((0 if binary else int(added), 0 if binary else int(deleted), binary))
    return stats


def _counts(sections: list[bytes]) -> tuple[int, int, bool]:
    """(additions, deletions, binary) of one file from its patch sections, as --numstat counts them
    (sections that do not line up with the --raw records give none: 0, 0)."""
    added = deleted = 0
    for section in sections:
        at = section.find(b"\n@@ ")
        if at < 0:  # no hunks: a binary file, or a change of mode, name or an empty file only
            if b"\nBinary files " in section:  # header paths are quoted: a raw newline is git's own
                return 0, 0, True
            continue
        # Inside hunks every line starts with " ", "+", "-" or "\\"; the first is an "@@" line.
        hunks = section[at:]
        added += hunks.count(b"\n+")
        deleted += hunks.count(b"\n-")
    return added, deleted, False


def _is_count(field: bytes) -> bool:
    """Whether a --numstat field is a line count or git's "-" for a binary file."""
    return field == b"-" or (field.isdigit() and field.isascii())


def _split_sections(data: bytes, start: int, end: int) -> list[bytes]:
    """Cut the patch part data[start:end] into its `diff --git` sections, in order."""
    if start >= end:
        return []
    # Safe: inside a section every line starts with a header keyword, "@@", " ", "+", "-" or "\\".
    starts = [start]
    pos = data.find(b"\ndiff --git ", start, end)
    while pos >= 0:
        starts.append(pos + 1)
        pos = data.find(b"\ndiff --git ", pos + 1, end)
    ends = [*starts[1:], end]
    return [data[a:b] for a, b in zip(starts, ends, strict=True)]


def _hunks(section: bytes) -> bytes:
    """The hunks of one section without its header, as GitHub's `patch` field has them."""
    at = section.find(b"\n@@ ")
    return section[at + 1 :] if at >= 0 else b""


def _patch_text(hunks: bytes) -> str:
    """Decode hunks (bad bytes become U+FFFD), cut at a line boundary past MAX_PATCH_BYTES."""
    if len(hunks) > MAX_PATCH_BYTES:
        cut = hunks.rfind(b"\n", 0, MAX_PATCH_BYTES) + 1
        omitted = len(hunks) - cut
        # A "\" line is what diff parsers already skip ("\ No newline at end of file").
        hunks = hunks[:cut] + f"\\ pr-impact: patch truncated, {omitted} more bytes not shown\n".encode()
    # GitHub's patch text has no final newline; keep local and API patches identical.
    return hunks.decode("utf-8", "replace").removesuffix("\n")
