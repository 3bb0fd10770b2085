"""The labelled heads-up sample: small hand-written cases in tests/fixtures/headsup/<kind>.txt.

Each case reproduces, in a few lines, a pattern read in a real PR (its source is noted after the
label) or one the issues name. A case starts with `=== <id> fire|quiet [source]`; then optional
lines about the PR: `title:`, `body:` (one line of the description each), `author:` (a login ending
in `[bot]` is a bot), `labels:` and `issue:` (a linked issue: `<title> | <label>, <label>`), and
what the heads-up must say when it fires: `expect:` (text an item must contain) and `says:` (text
its sentence must contain). Then files, each opened by `--- [added|removed|renamed] <path>` (a rename
is `--- renamed <old> -> <new>`) and followed by its diff lines; a header ending in `+A -D` with no
lines is a file GitHub sent no diff for. A hunk header is written for a file whose lines do not start
with one.

Large PRs are written small: `*N <diff line>` stands for N lines, `{i}` counting up from 0 and `{r}`
down to 0 in each; `--- *N <path>` for N files with the same lines, `{n}` numbering them in the path.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from pr_impact.core.model import FileChange, LinkedIssue, PullRequest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "headsup"
KINDS = ("defaults", "feature-flag", "migration", "api-schema", "security", "large")
_STATUSES = ("added", "removed", "renamed")


class Case(NamedTuple):
    """One labelled candidate: should the heads-up of `kind` fire on this PR, and with what items."""

    kind: str
    id: str
    fire: bool
    source: str
    pr: PullRequest
    expect: tuple[str, ...]
    says: tuple[str, ...] = ()


def _expand(lines: list[str]) -> list[str]:
    """`*N <line>` as N lines, `{i}` counting up and `{r}` counting down in each."""
    out: list[str] = []
    for line in lines:
        count, _, rest = line.partition(" ")
        if line.startswith("*") and count[1:].isdigit():
            n = int(count[1:])
            out += [rest.replace("{i}", str(i)).replace("{r}", str(n - 1 - i)) for i in range(n)]
        else:
            out.append(line)
    return out


def _counts(header: str) -> tuple[str, tuple[int, int] | None]:
    """A file header without its trailing `+A -D`, and those counts when it has them."""
    words = header.rsplit(" ", 2)
    if len(words) == 3 and words[1][:1] == "+" and words[2][:1] == "-" and words[1][1:].isdigit() \
            and words[2][1:].isdigit():
        return words[0], (int(words[1][1:]), int(words[2][1:]))
    return header, None


def _file(header: str, lines: list[str]) -> FileChange:
    """A file change from its header and diff lines, with a hunk header when the case wrote none."""
    header, counts = _counts(header)
    status, _, rest = header.partition(" ")
    if status not in _STATUSES:
        status, rest = "modified", header
    path, previous = rest, None
    if status == "renamed":
        previous, _, path = rest.partition(" -> ")
    body = [line for line in _expand(lines) if line.strip() or line.startswith(" ")]
    if counts is not None and not body:
        return FileChange(path, status=status, additions=counts[0], deletions=counts[1], previous_path=previous)
    plus = sum(1 for line in body if line.startswith("+"))
    minus = sum(1 for line in body if line.startswith("-"))
    if body and not any(line.startswith("@@") for line in body):
        context = sum(1 for line in body if line.startswith(" "))
        start = "-0,0" if status == "added" else f"-1,{minus + context}"
        body.insert(0, f"@@ {start} +{'0,0' if status == 'removed' else f'1,{plus + context}'} @@")
    return FileChange(path, status=status, additions=plus, deletions=minus, patch="\n".join(body) or None,
                      previous_path=previous)


def _files(header: str, lines: list[str]) -> list[FileChange]:
    """One file, or N alike for `*N <path>` (`{n}` numbering them)."""
    count, _, rest = header.partition(" ")
    if header.startswith("*") and count[1:].isdigit():
        return [_file(rest.replace("{n}", str(n)), lines) for n in range(int(count[1:]))]
    return [_file(header, lines)]


def _issue(text: str, number: int) -> LinkedIssue:
    """A linked issue from `<title> | <label>, <label>`."""
    title, _, labels = text.partition(" | ")
    return LinkedIssue(number, title=title, labels=tuple(x.strip() for x in labels.split(",") if x.strip()))


def _case(kind: str, block: list[str]) -> Case:
    """One case from its lines (the `===` header first)."""
    head = block[0].removeprefix("=== ").split(None, 2)
    fields: dict[str, list[str]] = {}
    files: list[tuple[str, list[str]]] = []
    for line in block[1:]:
        key, sep, value = line.partition(": ")
        if not files and sep and key in ("title", "body", "author", "labels", "issue", "expect", "says"):
            fields.setdefault(key, []).append(value)
        elif line.startswith("--- "):
            files.append((line.removeprefix("--- "), []))
        elif files:
            files[-1][1].append(line)
    if head[1] not in ("fire", "quiet"):
        raise ValueError(f"{kind}: case {head[0]} is labelled {head[1]!r}, not fire or quiet")
    author = (fields.get("author") or [""])[0]
    pr = PullRequest(
        title=(fields.get("title") or [head[0]])[0], body="\n".join(fields.get("body", [])),
        files=tuple(f for header, lines in files for f in _files(header, lines)),
        author=author, author_type="Bot" if author.endswith("[bot]") else "User",
        labels=tuple(x.strip() for x in (fields.get("labels") or [""])[0].split(",") if x.strip()),
        linked_issues=tuple(_issue(text, n) for n, text in enumerate(fields.get("issue", []), 1)))
    return Case(kind, head[0], head[1] == "fire", head[2] if len(head) > 2 else "", pr,
                tuple(fields.get("expect", [])), tuple(fields.get("says", [])))


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
