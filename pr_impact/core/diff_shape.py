"""The shape of a PR's change to shipped code: how much of it is the same code moved, renamed or
re-wrapped (or logging added), and whether the code grows.

Behaviour-preserving work has a shape a reader sees at once, whatever the title says: the lines a
refactor removes come back on the other side, in another place or another file, with other names
(a rename, a move, an extracted helper); what it adds beyond them is debug logging; and it does not
grow the code the way a feature does. Blank lines, comments and imports say nothing either way and
are not counted.

Lines come from author-controlled patches: at most MAX_LINES are read per PR, each up to MAX_LINE
characters, and the patterns below are anchored or start with a literal, with no two adjacent
unbounded repeats that can match the same text, so Python's backtracking engine stays linear.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from pr_impact.core.diff import ParsedPatch
from pr_impact.core.lazy_re import LazyPattern

if TYPE_CHECKING:
    from pr_impact.core.signals import Signals

CODE_KINDS = frozenset({"source", "ui"})  # shipped code; tests, examples and docs are judged elsewhere
# A PR's shape is judged on its first changed lines (files in path order): a sample that size says it,
# and a 3,000-file PR stays fast.
MAX_LINES = 4_000
MAX_LINE = 300

_COMMENT = LazyPattern(r"^\s*(//|/\*|\*|#(?![\[!]|include|define|if|endif|else|pragma)|--|<!--|\"\"\"|''')")
# Imports, including the lines of a Go import block (a quoted path, maybe aliased).
_IMPORT = LazyPattern(r"^\s*(import\b|from\s+\S+\s+import\b|use\s+[\w:{]|#include\b|using\s+[\w.]+;|require\(|"
                     r"export\s+(\*|\{[^}]*\})\s+from\b|@import\b|@use\b|mod\s+\w+;|package\s+\w+\s*;?$|"
                     r"(\w{1,60}\s+)?\"[^\"\s]{1,200}\"\s*$)")
# A logging or tracing call in any of the common languages: added alone, it changes nothing users see.
_LOGGING = LazyPattern(
    r"^\s*(?:\w{1,40}\.){0,3}(?:log(?:ger)?|console|tracing|slog|logrus|klog|zap|zerolog|debugLog|Log)"
    r"(?:\.\w+)?\s*(?:\.|::)\s*(?:debug|trace|info|warn|warning|error|log|verbose|print\w*|Debug\w*|Trace\w*|"
    r"Info\w*|Warn\w*|Error\w*|With\w*)\b|^\s*(?:debug|trace|info|warn|error|log)!\s*\(|^\s*#\[(?:tracing::)?instrument")
_IDENTIFIER = LazyPattern(r"[A-Za-z_$][\w$]*")
_STRING = LazyPattern(r"\"(?:[^\"\\\n]|\\.){0,300}\"|'(?:[^'\\\n]|\\.){0,300}'")
_NAME_STRING = LazyPattern(r"[\"'][\w$.:/-]{0,300}[\"']")  # a string holding one name ("TextBlockId"): a name, not text
_BRACES = frozenset({"", "{", "}", "(", ")", "[", "]", "};", "});", "),", "},", "];", ");", "end", "fi", "done"})


class Shape(NamedTuple):
    """The counted changed lines of shipped code, the share of them that are reshaped (moved, renamed,
    re-wrapped, or logging added), and the code's growth: (added - removed) / counted, from -1 to 1."""

    counted: int
    reshaped: float
    growth: float


NO_CODE = Shape(0, 0.0, 0.0)


def modulo_names(line: str) -> str:
    """The line without whitespace and with every identifier as `x`, string literals kept (text users
    read is not a name) unless they hold one name: `total = add(a, b)` and `sum = plus(x, y)` are the
    same statement."""
    out: list[str] = []
    last = 0
    for m in _STRING.finditer(line):
        literal = m.group(0)
        name = _NAME_STRING.fullmatch(literal)
        out += [_IDENTIFIER.compiled.sub("x", line[last : m.start()]), '"x"' if name else literal]
        last = m.end()
    out.append(_IDENTIFIER.compiled.sub("x", line[last:]))
    return "".join("".join(out).split())


def says_something(text: str) -> bool:
    """Whether a line says something: it is not blank, a comment, an import or a lone brace."""
    return text.strip() not in _BRACES and not _COMMENT.match(text) and not _IMPORT.match(text)


def plain(line: str) -> str:
    """The line without its whitespace: re-indenting or re-spacing it leaves the same text."""
    return "".join(line.split())


def _counted(lines: Iterable[str]) -> list[str]:
    """The lines that say something, each cut to MAX_LINE characters."""
    return [text for text in (line[:MAX_LINE] for line in lines) if says_something(text)]


def shape(patches: Iterable[ParsedPatch]) -> Shape:
    """The shape of the changes in these patches (of shipped code files), taken together: code moves
    between files, so a line removed from one and added to another counts as moved."""
    removed: list[str] = []
    added: list[str] = []
    for p in patches:
        removed += _counted(p.removed[:MAX_LINES])
        added += _counted(p.added[:MAX_LINES])
        if len(removed) + len(added) >= MAX_LINES:
            break
    counted = len(removed) + len(added)
    if not counted:
        return NO_CODE
    old = [(plain(line), modulo_names(line)) for line in removed]
    new = [(plain(line), modulo_names(line)) for line in added]
    old_plain, old_names = {p for p, _ in old}, {n for _, n in old}
    new_plain, new_names = {p for p, _ in new}, {n for _, n in new}
    same = sum(1 for bare, names in old if bare in new_plain or names in new_names)
    same += sum(1 for (bare, names), line in zip(new, added, strict=True)
                if bare in old_plain or names in old_names or _LOGGING.match(line))
    return Shape(counted, round(same / counted, 3), round((len(added) - len(removed)) / counted, 3))


def pr_shape(sig: Signals) -> Shape:
    """The shape of a PR's changes to its shipped code files (in path order: the same files give the
    same sample, whatever order a source lists them in)."""
    return shape(f.parsed for f in sorted(sig.files, key=lambda f: f.path) if f.kind in CODE_KINDS)


def measure(sig: Signals, name: str) -> float:
    """One measure of the PR's shape (`reshaped`, `growth`), computed once per PR; NaN, which no
    threshold accepts, when no line of shipped code was counted."""
    found = sig.fact("shape", pr_shape)
    return float(getattr(found, name)) if found.counted else math.nan
