"""Find the issues a pull request closes from its text: closing keywords and branch names."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pr_impact.core.model import LinkedIssue

# Every pattern here runs on text PR authors control, so none has a nested quantifier, every
# repeat is bounded except two possessive runs of blanks, and the repeats that precede a fixed
# delimiter are possessive (`*+`, `++`, `{m,n}+`): a failed match never backtracks into them, which
# keeps matching linear in the text length (tests/test_regex_safety.py checks it on hostile input).

_OWNER = r"([a-z0-9][a-z0-9-]{0,38}+)"
_NAME = r"([\w.-]{1,100}+)"
_NUMBER = r"(\d{1,9}+)(?!\w)"
_REFERENCES = (
    "#" + _NUMBER,  # fixes #12
    "gh-" + _NUMBER,  # fixes GH-12
    _OWNER + "/" + _NAME + "#" + _NUMBER,  # closes owner/repo#3
    r"https?://[^\s/]{1,253}+/" + _OWNER + "/" + _NAME + "/issues/" + _NUMBER,  # resolves <issue URL>
)
# All nine closing keywords GitHub recognises, an optional colon, then one reference.
_CLOSING = re.compile(
    r"\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)(?::[ \t]*+|[ \t]++)(?:" + "|".join(_REFERENCES) + ")",
    re.IGNORECASE | re.ASCII,
)
# One branch path segment that names an issue: `123-add-x`, `123`, `GH-123`, `issue-45`, `issues_7-y`.
# A number followed by a digit or dot (`2024-05`, `1.2`) is a date or a version, not an issue.
_BRANCH_SEGMENT = re.compile(r"(?:(?:gh|issues?)[-_]?)?+(\d{1,9}+)(?:[-_][a-z]|$)", re.IGNORECASE | re.ASCII)
_BARE_NUMBER = re.compile(r"\d{1,9}+")
# A bare number after these segments is a version (`release/3`), not an issue.
_VERSION_PARENTS = frozenset({"release", "releases", "rel", "version", "versions", "stable", "backport", "v"})


def same_repo(ref_repo: str | None, own_repo: str | None) -> str | None:
    """Return None when `ref_repo` is the PR's own repository (GitHub names are case-insensitive)."""
    if ref_repo is None or (own_repo is not None and ref_repo.lower() == own_repo.lower()):
        return None
    return ref_repo


def closing_refs(text: str, repo: str | None = None) -> list[LinkedIssue]:
    """Issues that `text` closes with a GitHub closing keyword (`fixes #1`, `closes o/r#2`, a URL)."""
    found: list[LinkedIssue] = []
    for match in _CLOSING.finditer(text or ""):
        g = match.groups()
        if g[0] or g[1]:
            number, ref_repo = g[0] or g[1], None
        elif g[4]:
            number, ref_repo = g[4], f"{g[2]}/{g[3]}"
        else:
            number, ref_repo = g[7], f"{g[5]}/{g[6]}"
        if int(number) > 0:
            found.append(LinkedIssue(number=int(number), repo=same_repo(ref_repo, repo)))
    return dedupe(found)


def branch_refs(branch: str) -> list[LinkedIssue]:
    """Issue numbers named in a branch: `123-add-x`, `fix/123-foo`, `feature/GH-123`, `issue-45`."""
    found: list[LinkedIssue] = []
    parent = ""
    for segment in (branch or "").split("/"):
        match = _BRANCH_SEGMENT.match(segment)
        is_version = _BARE_NUMBER.fullmatch(segment) is not None and parent.lower() in _VERSION_PARENTS
        if match and not is_version and int(match.group(1)) > 0:
            found.append(LinkedIssue(number=int(match.group(1))))
        parent = segment
    return dedupe(found)


def linked_refs(
    *, body: str = "", commits: Iterable[str] = (), branch: str = "", repo: str | None = None
) -> list[LinkedIssue]:
    """Every issue reference in the body, then the commit messages, then the branch, deduplicated."""
    found = closing_refs(body, repo)
    for message in commits:
        found.extend(closing_refs(message, repo))
    found.extend(branch_refs(branch))
    return dedupe(found)


def issue_key(issue: LinkedIssue) -> tuple[str, int]:
    """Identity of an issue across sources: repository (lower-cased, '' for the PR's own) and number."""
    return ((issue.repo or "").lower(), issue.number)


def dedupe(issues: Iterable[LinkedIssue]) -> list[LinkedIssue]:
    """Keep the first occurrence of each issue, in order."""
    seen: set[tuple[str, int]] = set()
    kept: list[LinkedIssue] = []
    for issue in issues:
        key = issue_key(issue)
        if key not in seen:
            seen.add(key)
            kept.append(issue)
    return kept
