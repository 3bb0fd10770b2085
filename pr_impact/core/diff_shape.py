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
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from pr_impact.core.diff import ParsedPatch

if TYPE_CHECKING:
    from pr_impact.core.signals import Signals

CODE_KINDS = frozenset({"source", "ui"})  # shipped code; tests, examples and docs are judged elsewhere
MAX_LINES = 20_000
MAX_LINE = 300

_COMMENT = re.compile(r"^\s*(//|/\*|\*|#(?![\[!]|include|define|if|endif|else|pragma)|--|<!--|\"\"\"|''')")
# Imports, including the lines of a Go import block (a quoted path, maybe aliased).
_IMPORT = re.compile(r"^\s*(import\b|from\s+\S+\s+import\b|use\s+[\w:{]|#include\b|using\s+[\w.]+;|require\(|"
                     r"export\s+(\*|\{[^}]*\})\s+from\b|@import\b|@use\b|mod\s+\w+;|package\s+\w+\s*;?$|"
                     r"(\w{1,60}\s+)?\"[^\"\s]{1,200}\"\s*$)")
# A logging or tracing call in any of the common languages: added alone, it changes nothing users see.
_LOGGING = re.compile(
    r"^\s*(?:\w{1,40}\.){0,3}(?:log(?:ger)?|console|tracing|slog|logrus|klog|zap|zerolog|debugLog|Log)"
    r"(?:\.\w+)?\s*(?:\.|::)\s*(?:debug|trace|info|warn|warning|error|log|verbose|print\w*|Debug\w*|Trace\w*|"
    r"Info\w*|Warn\w*|Error\w*|With\w*)\b|^\s*(?:debug|trace|info|warn|error|log)!\s*\(|^\s*#\[(?:tracing::)?instrument")
_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*")
_STRING = re.compile(r"\"(?:[^\"\\\n]|\\.){0,300}\"|'(?:[^'\\\n]|\\.){0,300}'")
_NAME_STRING = re.compile(r"[\"'][\w$.:/-]{0,300}[\"']")  # a string holding one name ("TextBlockId"): a name, not text
_BRACES = frozenset({"", "{", "}", "(", ")", "[", "]", "};", "});", "),", "},", "];", ");", "end", "fi", "done"})


class Shape(NamedTuple):
    """The counted changed lines of shipped code, the share of them that are reshaped (moved, renamed,
    re-wrapped, or logging added), and the code's growth: (added - removed) / counted, from -1 to 1."""

    counted: int
    reshaped: float
    growth: float


NO_CODE = Shape(0, 0.0, 0.0)


def _modulo_names(line: str) -> str:
    """The line without whitespace and with every identifier as `x`, string literals kept (text users
    read is not a name) unless they hold one name: `total = add(a, b)` and `sum = plus(x, y)` are the
    same statement."""
    out: list[str] = []
    last = 0
    for m in _STRING.finditer(line):
        literal = m.group(0)
        out += [_IDENTIFIER.sub("x", line[last : m.start()]), '"x"' if _NAME_STRING.fullmatch(literal) else literal]
        last = m.end()
    out.append(_IDENTIFIER.sub("x", line[last:]))
    return "".join("".join(out).split())


def _counted(lines: Iterable[str]) -> list[str]:
    """The lines that say something: not blank, not a comment, not an import, not a lone brace."""
    out = []
    for line in lines:
        text = line[:MAX_LINE]
        bare = text.strip()
        if bare in _BRACES or _COMMENT.match(text) or _IMPORT.match(text):
            continue
        out.append(text)
    return out


def shape(patches: Iterable[ParsedPatch]) -> Shape:
    """The shape of the changes in these patches (of shipped code files), taken together: code moves
    between files, so a line removed from one and added to another counts as moved."""
    removed: list[str] = []
    added: list[str] = []
    for p in patches:
        removed += _counted(p.removed)
        added += _counted(p.added)
        if len(removed) + len(added) >= MAX_LINES:
            break
    counted = len(removed) + len(added)
    if not counted:
        return NO_CODE
    removed_plain = {"".join(line.split()) for line in removed}
    added_plain = {"".join(line.split()) for line in added}
    removed_names = {_modulo_names(line) for line in removed}
    added_names = {_modulo_names(line) for line in added}
    same = sum(1 for line in removed if "".join(line.split()) in added_plain or _modulo_names(line) in added_names)
    same += sum(1 for line in added if "".join(line.split()) in removed_plain or _modulo_names(line) in removed_names
                or _LOGGING.match(line))
    return Shape(counted, round(same / counted, 3), round((len(added) - len(removed)) / counted, 3))


def pr_shape(sig: Signals) -> Shape:
    """The shape of a PR's changes to its shipped code files."""
    return shape(f.parsed for f in sig.files if f.kind in CODE_KINDS)


def measure(sig: Signals, name: str) -> float:
    """One measure of the PR's shape (`reshaped`, `growth`), computed once per PR; NaN, which no
    threshold accepts, when no line of shipped code was counted."""
    found = sig.fact("shape", pr_shape)
    return float(getattr(found, name)) if found.counted else math.nan
