"""What the words of a pull request say: conventional-commit type, gitmoji, declarations, release notes."""

from __future__ import annotations

import re
from typing import NamedTuple

# Every pattern here runs on author-controlled text, so each stays linear for Python's backtracking
# engine: no nested repeats, no two adjacent repeats that can match the same character, every
# unbounded repeat ends the pattern or stops at a character it cannot match, and only patterns
# anchored by `^` start with one (a search would otherwise re-scan a long run from each of its
# positions). tests/test_regex_safety.py runs them all on 100,000-character hostile inputs.
_CONVENTIONAL = re.compile(r"^\s*(?:\[[^\]\n]{0,40}\]\s*)?([A-Za-z]{2,12})(?:\(([^()\n]{0,60})\))?(!)?:\s*")
_GITMOJI_CODE = re.compile(r"^\s*(:[a-z0-9_+-]{1,30}:)\s*")
# "[JIRA-12] ", "ABC-123: ", "[WIP] ": tags that say nothing about the change itself.
_TICKET_TAG = re.compile(r"^\s*(?:\[[^\]\n]{1,40}\]|[A-Z][A-Z0-9]{1,9}-\d{1,7}\b:?)\s*")
_DECLARATION = re.compile(
    r"^[ \t>*_-]{0,6}impact[ \t*_]{0,3}:[ \t*_]{0,3}(user[- ]?facing|tech[- ]?debt|internal)\b",
    re.IGNORECASE | re.MULTILINE,
)
_RELEASE_NOTE_HEADING = re.compile(
    r"^[ \t]{0,3}(?:#{1,6}[ \t]{0,4}|\*\*)(?:release[ \t]notes?|changelog|user[- ]facing[ \t]changes?)\b[^\n]{0,40}$",
    re.IGNORECASE | re.MULTILINE,
)
_RELEASE_NOTE_FENCE = re.compile(r"^```[ \t]{0,3}release-?notes?[ \t]*\n(.{0,4000}?)^```", re.I | re.M | re.S)
# A trailing "(#123)" (GitHub's squash-merge subject), the number captured. Searched in rstripped text and
# anchored by `\Z` with no leading `\s*`: a search for `\s*\(#...` would re-scan the rest of a long run of
# spaces from each space in it.
PR_NUMBER_SUFFIX = re.compile(r"\(#(\d{1,9})\)\Z")

TYPE_ALIASES = {
    "feature": "feat", "features": "feat", "bugfix": "fix", "hotfix": "fix", "bug": "fix",
    "doc": "docs", "tests": "test", "testing": "test", "deps": "build", "dep": "build",
    "performance": "perf", "refactoring": "refactor", "cleanup": "refactor", "release": "chore",
}
KNOWN_TYPES = frozenset(
    {"feat", "fix", "perf", "refactor", "docs", "test", "ci", "build", "chore", "style", "revert", "security"}
)

# The gitmoji (https://gitmoji.dev) that carry a type, as emoji and as :code:.
GITMOJI_TYPES = {
    "✨": "feat", ":sparkles:": "feat", "🐛": "fix", ":bug:": "fix", "🚑": "fix", ":ambulance:": "fix",
    "🩹": "fix", ":adhesive_bandage:": "fix", "⚡": "perf", ":zap:": "perf", "♻": "refactor",
    ":recycle:": "refactor", "📝": "docs", ":memo:": "docs", "✅": "test", ":white_check_mark:": "test",
    "👷": "ci", ":construction_worker:": "ci", "💚": "ci", ":green_heart:": "ci", "⬆": "build",
    ":arrow_up:": "build", "⬇": "build", ":arrow_down:": "build", "📦": "build", ":package:": "build",
    "🔧": "chore", ":wrench:": "chore", "🔖": "chore", ":bookmark:": "chore", "🎨": "style", ":art:": "style",
    "💄": "feat", ":lipstick:": "feat", "🔒": "security", ":lock:": "security", "🚨": "style",
    ":rotating_light:": "style", "🔥": "refactor", ":fire:": "refactor", "🌐": "feat", ":globe_with_meridians:": "feat",
    "💬": "feat", ":speech_balloon:": "feat", "♿": "feat", ":wheelchair:": "feat",
    "⏪": "revert", ":rewind:": "revert",
}
_BOT_SUFFIXES = ("[bot]", "-bot", "_bot")
KNOWN_BOTS = frozenset(
    {"dependabot", "renovate", "github-actions", "pre-commit-ci", "snyk-bot", "greenkeeper", "imgbot",
     "allcontributors", "mergify", "codecov", "release-please", "changeset-bot", "renovate-bot", "depfu"}
)


# A NamedTuple: cheaper to define at import than a frozen dataclass, and only ever read.
class Conventional(NamedTuple):
    """A parsed conventional-commit header (`type(scope)!: subject`)."""

    type: str
    scope: str
    breaking: bool
    subject: str


def parse_conventional(title: str) -> Conventional | None:
    """The conventional-commit header of a title, or None when it has none."""
    m = _CONVENTIONAL.match(title)
    if not m:
        return None
    raw = m[1].lower()
    kind = TYPE_ALIASES.get(raw, raw)
    if kind not in KNOWN_TYPES:
        return None
    return Conventional(kind, (m[2] or "").strip().lower(), bool(m[3]), title[m.end():].strip())


def gitmoji_type(title: str) -> str | None:
    """The type a leading gitmoji (emoji or :code:) stands for, or None."""
    stripped = title.lstrip()
    code = _GITMOJI_CODE.match(stripped)
    if code:
        return GITMOJI_TYPES.get(code[1])
    return GITMOJI_TYPES.get(stripped[:1]) if stripped else None


def clean_title(title: str) -> str:
    """The title without conventional prefix, gitmoji, ticket tag or trailing PR number."""
    text = _GITMOJI_CODE.sub("", _TICKET_TAG.sub("", title.strip(), count=1))
    if text[:1] in GITMOJI_TYPES:
        text = text[1:].lstrip("\ufe0f ").strip()
    conv = parse_conventional(text)
    if conv:
        text = conv.subject
    suffix = PR_NUMBER_SUFFIX.search(text.rstrip())
    if suffix:
        text = text[: suffix.start()].rstrip()
    return text[:1].upper() + text[1:] if text else text


def declared_impact(body: str) -> str | None:
    """The class the author declared with an `Impact: <class>` line, normalised, or None."""
    m = _DECLARATION.search(body)
    if not m:
        return None
    word = m[1].lower().replace(" ", "-")
    return {"userfacing": "user-facing", "techdebt": "tech-debt"}.get(word.replace("-", ""), word)


def release_note(body: str) -> str | None:
    """The release-note block of a PR body (a ```release-note fence or a Release notes section)."""
    fence = _RELEASE_NOTE_FENCE.search(body)
    if fence:
        return fence[1].strip() or None
    head = _RELEASE_NOTE_HEADING.search(body)
    if not head:
        return None
    # A template's guidance (`<!-- One line for the release notes -->`) is not the author's note.
    rest = without_html_comments(body[head.end():]).lstrip("\n")
    lines: list[str] = []
    for line in rest.splitlines():
        if line.lstrip().startswith("#") or (lines and not line.strip() and lines[-1] == ""):
            break
        lines.append(line.strip())
    note = "\n".join(lines).strip()
    if note.lower().strip(" .`_*") in {"", "none", "n/a", "na", "-", "no", "nothing"}:
        return None
    return note[:2000]


def is_bot(login: str, user_type: str = "User") -> bool:
    """Whether an author is an automation account (GitHub type Bot, [bot] suffix or a known bot)."""
    lower = login.lower()
    return user_type.lower() == "bot" or lower.endswith(_BOT_SUFFIXES) or lower in KNOWN_BOTS


def without_html_comments(body: str) -> str:
    """The body without HTML comments (a PR template's instructions), in one pass over the text."""
    out: list[str] = []
    at = 0
    while True:
        start = body.find("<!--", at)
        if start < 0:
            return "".join([*out, body[at:]])
        end = body.find("-->", start + 4)
        out.append(body[at:start])
        if end < 0:
            return "".join(out)
        at = end + 3


def plural(count: int, noun: str) -> str:
    """'1 file', '3,000 files': the count and its noun, which takes an s unless there is exactly one."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
