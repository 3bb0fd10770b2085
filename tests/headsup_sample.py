"""The labelled heads-up sample: small hand-written cases in tests/fixtures/headsup/<kind>.txt.

Each case reproduces, in a few lines, a pattern read in a real PR (its source is noted after the
label) or one the issue names. A case starts with `=== <id> fire|quiet [source]`; then optional
`title: <PR title>` and `expect: <text an item must contain>` lines; then files, each opened by
`--- <path>` (or `--- added <path>` for a new file) and followed by its diff lines. A hunk header is
written for a file whose lines do not start with one.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from pr_impact.core.model import FileChange, PullRequest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "headsup"
KINDS = ("defaults", "feature-flag", "migration", "api-schema")


class Case(NamedTuple):
    """One labelled candidate: should the heads-up of `kind` fire on this PR, and with what items."""

    kind: str
    id: str
    fire: bool
    source: str
    pr: PullRequest
    expect: tuple[str, ...]


def _file(path: str, lines: list[str]) -> FileChange:
    """A file change from its diff lines, with a hunk header when the case wrote none."""
    status = "modified"
    if path.startswith("added "):
        status, path = "added", path.removeprefix("added ")
    body = [line for line in lines if line.strip() or line.startswith(" ")]
    plus = sum(1 for line in body if line.startswith("+"))
    minus = sum(1 for line in body if line.startswith("-"))
    if not any(line.startswith("@@") for line in body):
        context = sum(1 for line in body if line.startswith(" "))
        body.insert(0, f"@@ -1,{minus + context} +1,{plus + context} @@")
    return FileChange(path, status=status, additions=plus, deletions=minus, patch="\n".join(body))


def _case(kind: str, block: list[str]) -> Case:
    """One case from its lines (the `===` header first)."""
    head = block[0].removeprefix("=== ").split(None, 2)
    title, expect, files = "", [], []
    current: tuple[str, list[str]] | None = None
    for line in block[1:]:
        if current is None and line.startswith("title: "):
            title = line.removeprefix("title: ")
        elif current is None and line.startswith("expect: "):
            expect.append(line.removeprefix("expect: "))
        elif line.startswith("--- "):
            current = (line.removeprefix("--- "), [])
            files.append(current)
        elif current is not None:
            current[1].append(line)
    if head[1] not in ("fire", "quiet"):
        raise ValueError(f"{kind}: case {head[0]} is labelled {head[1]!r}, not fire or quiet")
    pr = PullRequest(title=title or head[0], files=tuple(_file(path, lines) for path, lines in files))
    return Case(kind, head[0], head[1] == "fire", head[2] if len(head) > 2 else "", pr, tuple(expect))


def load(kind: str) -> list[Case]:
    """Every case of one kind, in file order."""
    cases: list[Case] = []
    block: list[str] = []
    for line in (FIXTURES / f"{kind}.txt").read_text(encoding="utf-8").split("\n"):
        if line.startswith("=== "):
            if block:
                cases.append(_case(kind, block))
            block = [line]
        elif block:
            block.append(line)
    if block:
        cases.append(_case(kind, block))
    return cases
