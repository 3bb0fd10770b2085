"""How much of a PR's shipped code really changes: its changed lines of code that ships, less tests,
generated files, and lines that were only moved, sorted, renamed or re-formatted.

A diff's size says little by itself: a sorted word list removes and adds the same 2,823 lines, a
rename touches a line in each of 81 files, a move deletes a file and adds it elsewhere, a new
formatter rewraps every file. So the lines a PR removes are matched with the lines it adds, anywhere
in the PR: as the same text (whitespace aside), then as the same statement with other names
(core/diff_shape.py's reading), then as the same words in other punctuation; what is left is what
changed. Files and hunks whose characters are the same letters and digits in any order (re-wrapped,
re-indented, re-ordered by a formatter), and blank, comment and import lines, do not count; nor do
files whose every change is formatting, a comment or test code. Past MAX_LINES, the files not read
are taken to be like those read. A file GitHub sent no diff for is counted by its line counts, its
removals and additions taken as moved where other such files balance them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import NamedTuple

from pr_impact.core import diff
from pr_impact.core.diff_shape import modulo_names, plain, says_something
from pr_impact.core.headsup import generated
from pr_impact.core.signals import FileSignals
from pr_impact.core.taxonomy import DOC_DIRS, MEDIA_SUFFIXES, UNSHIPPED_DIRS, UNSHIPPED_ROOTS

CODE_KINDS = frozenset({"source", "ui", "migration"})
# Changed lines of code read per PR (a few times what makes a PR very large); past them, the rest is
# taken to be like what was read.
MAX_LINES = 3_000
_MAX_LINE = 300  # characters of a line read
_NOT_LETTERS = re.compile(r"\W+")  # linear: one class, one repeat

Line = tuple[int, str]  # (index of its file, text)


class CodeChange(NamedTuple):
    """Changed lines of shipped code (estimates past MAX_LINES) and the files that hold them."""

    added: int
    removed: int
    files: int


def code_files(files: list[FileSignals]) -> list[FileSignals]:
    """The changed files of code that ships, except generated ones, the documentation site's and the
    build tasks' (by their paths and headers: quick tests; what their diffs say is read for a sample in `_lines`)."""
    roots = generated.generator_roots((f.path, f.change.patch) for f in files)
    return [f for f in files if f.kind in CODE_KINDS and f.lines and not f.path.lower().endswith(MEDIA_SUFFIXES)
            and _ships(f.path.lower().split("/")) and not generated.is_generated(f.path, f.change.patch, roots)]


def _ships(parts: list[str]) -> bool:
    """Whether a file of code, by its folders, is part of what ships: not the documentation site's, the
    repository's build tasks or a quickstart's sample."""
    return parts[0] not in DOC_DIRS and parts[0] not in UNSHIPPED_ROOTS and UNSHIPPED_DIRS.isdisjoint(parts[:-1])


def _letters(lines: Sequence[str]) -> Counter[str]:
    """The letters, digits and underscores of some lines."""
    return Counter(_NOT_LETTERS.sub("", "".join(lines)))


def _reformatted(removed: Sequence[str], added: Sequence[str]) -> bool:
    """Lines that hold the same letters and digits, in any order: re-indented, re-wrapped or re-ordered by
    a formatter (imports regrouped, a call joined onto one line, its trailing comma dropped)."""
    return bool(removed) and _letters(removed) == _letters(added)


def _unmatched(old: list[Line], new: list[Line], key: Callable[[str], str]) -> tuple[list[Line], list[Line]]:
    """The removed and added lines left once each removed line is paired with an added line of the
    same key, as many times as both sides hold it."""
    old_keys = [key(text) for _, text in old]
    pool = Counter(old_keys)
    left_new = []
    for line in new:
        k = key(line[1])
        if pool[k]:
            pool[k] -= 1
        else:
            left_new.append(line)
    left_old = []
    for line, k in zip(old, old_keys, strict=True):
        if pool[k]:  # what is left in the pool is what no added line took
            pool[k] -= 1
            left_old.append(line)
    return left_old, left_new


def _said(lines: list[Line]) -> list[Line]:
    """The lines that say something: not blank, a comment, an import or a lone brace (diff_shape's reading)."""
    return [line for line in lines if says_something(line[1])]


def _words(line: str) -> str:
    """The line's letters and digits only: `None` in backticks or in double backticks is the same text."""
    return _NOT_LETTERS.sub("", line)


def _lines(code: list[FileSignals]) -> tuple[list[Line], list[Line], float]:
    """The counted removed and added lines of the files with a diff, and by how much to scale them up
    when MAX_LINES stopped the reading."""
    old: list[Line] = []
    new: list[Line] = []
    read = total = 0
    for i, f in enumerate(code):
        total += f.lines
        if len(old) + len(new) >= MAX_LINES:
            continue
        read += f.lines
        if f.formatting_only or f.comment_only or f.test_code_only:
            continue
        if _reformatted(f.removed, f.added):
            continue
        for gone, came in diff.hunk_lines(f.parsed):
            if not _reformatted(gone, came):
                old += [(i, text[:_MAX_LINE]) for text in gone]
                new += [(i, text[:_MAX_LINE]) for text in came]
    return old, new, total / read if read else 1.0


def unmatched(code: list[FileSignals], floor: int = 0) -> tuple[list[Line], list[Line], float]:
    """The removed and added lines that no line on the other side matches, and the scale of the sample;
    the matching stops early once fewer than `floor` lines are left (the PR is not large then)."""
    old, new, scale = _lines(code)
    # The same text first: the cheap test, which most of a move or a sort passes. Blank, comment and
    # import lines are left out of what remains before the costlier readings.
    old, new = _unmatched(old, new, plain)
    old, new = _said(old), _said(new)
    for key in (modulo_names, _words):
        if (len(old) + len(new)) * scale < floor:
            break
        old, new = _unmatched(old, new, key)
    return old, new, scale


def code_change(files: list[FileSignals], lines: int = 0, many: int = 0) -> CodeChange | None:
    """The changed lines of shipped code a PR really changes, and in how many files; None when its files
    of code hold too few changed lines to reach `lines`, or half as many in over `many` files."""
    code = sorted(code_files(files), key=lambda f: f.path)
    if not may_be_large(code, lines, many):
        return None
    blind = [f for f in code if not f.change.patch]
    # Below half the threshold the PR is not large, unless files with no diff add to it.
    old, new, scale = unmatched([f for f in code if f.change.patch], 0 if blind else lines // 2)
    removed, added = round(len(old) * scale), round(len(new) * scale)
    # A file with no diff is counted by its line counts, which balance what is left on the other side
    # first (a file split into new ones, a file moved): its lines may well be those.
    blind_added = sum(f.change.additions for f in blind)
    blind_removed = sum(f.change.deletions for f in blind)
    moved = min(blind_added, blind_removed)
    blind_added, blind_removed = blind_added - moved, blind_removed - moved
    left_added, left_removed = max(added - blind_removed, 0), max(removed - blind_added, 0)
    blind_added, blind_removed = max(blind_added - removed, 0), max(blind_removed - added, 0)
    touched = len({i for i, _ in old} | {i for i, _ in new}) * scale
    if added + removed:
        touched *= (left_added + left_removed) / (added + removed)
    blind_files = sum(1 for f in blind if (blind_added and f.change.additions)
                      or (blind_removed and f.change.deletions))
    return CodeChange(left_added + blind_added, left_removed + blind_removed, round(touched) + blind_files)


def may_be_large(files: list[FileSignals], lines: int, many: int) -> bool:
    """A quick bound: could the PR change `lines` lines of code, or half as many in over `many` files?"""
    code = [f for f in files if f.kind in CODE_KINDS]
    raw = sum(f.lines for f in code)
    return raw >= lines // 2 and (raw >= lines or len(code) > many)
