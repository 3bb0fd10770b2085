"""Path globs compiled to RE2, so matching paths that PR authors choose takes linear time.

wcmatch (and fnmatch) compile `**` to backtracking Python regexes whose cost grows as n^k in the
path length for k globstars; a crafted 4,000-character path could stall a run. Braces are expanded
by bracex (wcmatch's own brace library); the rest of the syntax is small enough to translate here.

Syntax: `*` (any characters but `/`), `?`, `[abc]` / `[!abc]` classes, `**` as a whole segment
(zero or more directories), `{a,b}` braces, a leading `!` to exclude, `\\` to escape. Matching is
case-insensitive and `*` matches leading dots. Only exclusions given: everything else matches.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import re2

MAX_EXPANSIONS = 256
MAX_LENGTH = 500
_EXTGLOB = re.compile(r"[?*+@!]\(")
_ESCAPED = re.compile(r"\\.", re.S)


class GlobError(ValueError):
    """A glob that cannot be compiled; the message says why."""


# A NamedTuple: cheaper to define at import than a frozen dataclass, and only ever read.
class GlobMatcher(NamedTuple):
    """Compiled globs: a path matches when an include matches and no exclude does."""

    include: Any  # an RE2 regex, or None when only exclusions were given
    exclude: Any  # an RE2 regex, or None

    def match(self, path: str) -> bool:
        """Whether `path` (relative, `/`-separated) matches."""
        if self.exclude is not None and self.exclude.fullmatch(path):
            return False
        return self.include is None or bool(self.include.fullmatch(path))


def _class(segment: str, start: int) -> tuple[str, int] | None:
    """The RE2 class for a `[...]` starting at `start`, and the index after it; None if unclosed."""
    i = start + 1
    negate = i < len(segment) and segment[i] in "!^"
    i += negate
    body = ""
    first = True
    while i < len(segment) and (segment[i] != "]" or first):
        ch = segment[i]
        if ch == "\\" and i + 1 < len(segment):
            i += 1
            ch = segment[i]
        body += "\\" + ch if ch in "\\]^[" else ch
        first = False
        i += 1
    if i >= len(segment):
        return None
    # A class never matches the separator, negated or not.
    return (f"[^/{body}]" if negate else f"[{body}]"), i + 1


def _segment(segment: str) -> str:
    """One path segment's glob as an RE2 fragment."""
    out, i = "", 0
    while i < len(segment):
        ch = segment[i]
        if ch == "*":
            out += "[^/]*"
        elif ch == "?":
            out += "[^/]"
        elif ch == "[" and (klass := _class(segment, i)) is not None:
            out, i = out + klass[0], klass[1]
            continue
        elif ch == "\\" and i + 1 < len(segment):
            i += 1
            out += re.escape(segment[i])
        else:
            out += re.escape(ch)
        i += 1
    return out


def translate(pattern: str) -> str:
    """One brace-free glob (without its `!`) as an RE2 regex body (to be matched in full)."""
    segments = pattern.strip("/").split("/")
    out = ""
    for i, segment in enumerate(segments):
        last = i == len(segments) - 1
        if segment == "**":
            out += ".+" if last else "(?:[^/]+/)*"
        else:
            out += _segment(segment) + ("" if last else "/")
    return out


def _unclosed_class(segment: str) -> bool:
    """Whether a segment holds a `[` that no `]` closes (read as the character itself, so it is never what
    the writer meant)."""
    i = 0
    while i < len(segment):
        if segment[i] == "\\":
            i += 2
        elif segment[i] == "[":
            klass = _class(segment, i)
            if klass is None:
                return True
            i = klass[1]
        else:
            i += 1
    return False


def _open_braces(pattern: str) -> int:
    """How many `{` no `}` closes (escaped ones aside)."""
    depth = 0
    for brace in _ESCAPED.sub("", pattern):
        if brace == "{":
            depth += 1
        elif brace == "}" and depth:
            depth -= 1
    return depth


def never_matches(pattern: str) -> str | None:
    """Why a glob cannot mean what it says, with the fix; None when it can. A `[` or `{` left open is taken
    literally by glob syntax (`src/[` matches only a directory named `[`). A leading `/` is not among them:
    paths are relative to the repository's root and `translate` anchors a glob there, so `/src/**` matches
    `src/a.py` as it always has."""
    body = pattern.removeprefix("!")
    if any(_unclosed_class(segment) for segment in body.split("/")):
        return "its '[' is never closed: close the class ('[abc]'), or write '[[]' to match a '[' itself"
    if _open_braces(body):
        return "its '{' is never closed: close the braces ('{a,b}'), or write '\\{' to match a '{' itself"
    return None


def _expand(pattern: str) -> list[str]:
    """The brace expansion of one glob, refusing extended globs, expansion bombs and globs that cannot mean
    what they say."""
    if not pattern.strip() or "\x00" in pattern or len(pattern) > MAX_LENGTH:
        raise GlobError(f"invalid glob {pattern[:80]!r}: empty, longer than {MAX_LENGTH} characters or contains NUL")
    if _EXTGLOB.search(_ESCAPED.sub("", pattern)):
        raise GlobError(f"invalid glob {pattern!r}: extended globs such as '+(…)' or '*(…)' are not supported; "
                        "use braces: '{a,b}'")
    problem = never_matches(pattern)
    if problem is not None:
        raise GlobError(f"invalid glob {pattern!r}: {problem}")
    if "{" not in pattern:
        # Nothing to expand, and bracex leaves such a pattern as it is; so the CLI, whose built-in globs
        # have no braces, never pays for importing it.
        return [pattern]
    import bracex

    try:
        return bracex.expand(pattern, keep_escapes=True, limit=MAX_EXPANSIONS)
    except bracex.ExpansionLimitException:
        raise GlobError(f"invalid glob {pattern[:80]!r}: its braces expand to more than {MAX_EXPANSIONS} "
                        "patterns") from None


def _regex(bodies: list[str], options: Any) -> Any:
    """One RE2 regex matching any of the bodies, or None for none."""
    if not bodies:
        return None
    try:
        return re2.compile("(?:" + "|".join(bodies) + ")", options)
    except re2.error as exc:
        detail = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise GlobError(f"invalid glob: {detail}") from None


def compile_globs(patterns: list[str], options: Any) -> GlobMatcher:
    """Globs compiled with the given RE2 options; raises GlobError naming the first bad pattern."""
    include: list[str] = []
    exclude: list[str] = []
    for pattern in patterns:
        for expanded in _expand(pattern):
            negated = expanded.startswith("!")
            (exclude if negated else include).append(translate(expanded[1:] if negated else expanded))
    return GlobMatcher(_regex(include, options), _regex(exclude, options))
