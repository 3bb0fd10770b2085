"""What changes for users, in users' words: release notes, changelog entries, issue titles, new flags,
settings and strings, then the cleaned title; "the PR does not say" rather than jargon."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from pr_impact.core import reasons, title_words
from pr_impact.core.model import LinkedIssue
from pr_impact.core.signals import FileSignals, Signals
from pr_impact.core.taxonomy import machinery_only
from pr_impact.core.verdict import Evidence

MAX_OUTCOMES = 6
_TEXT_MAX = 240  # one outcome line; longer entries are cut (renderers cut again to their own budget)
# Changelog entries are read from added lines of release files in prose formats.
_PROSE_SUFFIXES = (".md", ".mdx", ".rst", ".txt", ".adoc", "")
_SHIPPED_SOURCE = frozenset({"source", "ui", "config"})

# Every pattern below runs on author-controlled lines: anchored or literal-led, bounded repeats only,
# so Python's engine stays linear in the line length (tests/test_regex_safety.py checks them).
_BULLET = re.compile(r"^\s{0,8}(?:[-*+]|\d{1,3}[.)])\s+(\S.{0,600})$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_VERSION_LINE = re.compile(r"^\W{0,6}v?\d{1,4}(?:\.\d{1,6}){1,3}\b")
_MD_LINK = re.compile(r"!?\[([^\]\n]{0,200})\]\([^)\n]{0,400}\)")
_CREDIT = re.compile(r"\s(?:\(|\[)?(?:by|thanks to|@)\s?@?[\w-]{1,40}(?:\)|\])?\s*$|\s\(?#\d{1,7}\)?\s*$", re.I)
_CLI_FLAG = re.compile(r"""["'`](--[a-z][a-z0-9-]{1,40})(?:[ =<\[][^"'`\n]{0,40})?["'`]""")
_COBRA_FLAG = re.compile(r"""Flags\(\)\.\w{1,30}\([^"\n]{0,60}"([a-z][\w-]{1,40})\"""")
_HELP_TEXT = re.compile(r"""\b(?:help|usage|description|about)\s{0,3}[=:(]\s{0,3}["']([^"'\n]{3,160})["']""", re.I)
_LAST_STRING = re.compile(r""""([^"\n]{8,160})"\s{0,3}\)?[,;]?\s{0,3}$""")
_ENV_VAR = re.compile(
    r"""(?:getenv|Getenv|LookupEnv|environ\.get|env::var|env!|ENV\.fetch|System\.getenv)\(\s{0,3}["']([A-Z][A-Z0-9_]{2,60})["']"""
    r"""|(?:environ|ENV)\[\s{0,3}["']([A-Z][A-Z0-9_]{2,60})["']\]"""
    r"""|process\.env\.([A-Z][A-Z0-9_]{2,60})\b|import\.meta\.env\.([A-Z][A-Z0-9_]{2,60})\b""")
_ROUTE = re.compile(
    r"""@(?:\w{1,20}\.)?(get|post|put|patch|delete|route)\(\s{0,3}["'](/[^"'\s]{0,120})["']"""
    r"""|\b(?:app|router|r|e|g|mux|api|server)\.(GET|POST|PUT|PATCH|DELETE|Get|Post|Put|Patch|Delete|HandleFunc)"""
    r"""\(\s{0,3}["'`](/[^"'`\s]{0,120})["'`]"""
    r"""|#\[(get|post|put|patch|delete)\(\s{0,3}"(/[^"\s]{0,120})"""
    r"""|@(Get|Post|Put|Patch|Delete)Mapping\(\s{0,3}(?:value\s{0,3}=\s{0,3})?"(/[^"\s]{0,120})\"""")
_LOCALE_ENTRY = re.compile(r"""^\s{0,40}["']?([\w.-]{1,80})["']?\s{0,3}[:=]\s{0,3}["']([^"'\n]{2,200})["'],?\s{0,3}$""")
_PO_MSGID = re.compile(r'^\s{0,3}msgid\s{1,3}"([^"\n]{2,200})"')
_ENGLISH = re.compile(r"(?:^|[/._-])(?:en(?:[-_](?:us|gb))?|english|base)(?:[/._-]|$)", re.I)
# A title that describes the defect itself ("Broken zsh completion", "Crash when …"): read as its fix.
_DEFECT = re.compile(
    r"\b(?:broken|crash\w{0,3}|fail\w{0,4}|errors?|wrong|incorrect\w{0,2}|not work\w{0,3}|doesn't|does not"
    r"|don't|missing|stops?|leak\w{0,3}|hang\w{0,3}|panic\w{0,4}|regression|bug|never|no longer|can't"
    r"|cannot|lost|loses|ignored|ignores|invalid|duplicated?|twice|freez\w{0,3}|flicker\w{0,3})\b", re.I)
_SAYS_FIX = re.compile(r"\bfix(?:e[sd])?\b", re.I)
_DOC_HEADING = re.compile(r"^\s{0,3}#{1,4}\s{1,4}(\S.{1,120}?)\s{0,4}#{0,6}\s{0,4}$")


# Our words before the author's, for outcomes found in the diff.
LEADS = {"flag": "New option", "env": "New environment variable", "route": "New endpoint",
         "docs": "Docs: new section", "text": "New text"}


class Outcome(NamedTuple):
    """One thing that changes for users. `text` is author-controlled (renderers neutralise it; a span in
    backticks is code); `detail` adds the words behind it (a flag's help text)."""

    source: str  # release-note, changelog, issue, flag, env, route, text, docs, title, none
    text: str
    detail: str = ""


def cut(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, an ellipsis marking a cut (the writer's facts are cut so too)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _line(text: str, limit: int = _TEXT_MAX) -> str:
    """`text` on one line (its whitespace collapsed), cut to `limit`."""
    return cut(" ".join(text.split()), limit)


def _entry_text(line: str) -> str:
    """A changelog line without list marker, links' targets, trailing credits and PR numbers."""
    text = _MD_LINK.sub(r"\1", line.strip())
    for _ in range(2):
        text = _CREDIT.sub("", text).rstrip(" ,;:-")
    return text.strip("* _")


def _front_matter_end(lines: Sequence[str]) -> int:
    """The index after a leading YAML front matter (`---` … `---`), as changesets and covector files carry."""
    if lines and lines[0].strip() == "---":
        for i, line in enumerate(lines[1:], 1):
            if line.strip() == "---":
                return i + 1
    return 0


def changelog_entries(files: Iterable[FileSignals]) -> Iterator[str]:
    """Entries the PR adds to changelogs, changesets and news fragments, as plain sentences."""
    for f in files:
        name = f.path.rsplit("/", 1)[-1].lower()
        if f.kind != "release" or (name[name.rfind("."):] if "." in name else "") not in _PROSE_SUFFIXES:
            continue
        lines = f.added[_front_matter_end(f.added):] if f.change.status == "added" else f.added
        for line in lines:
            bullet = _BULLET.match(line)
            if bullet:
                text = bullet[1]
            elif f.change.status == "added" and line.strip() and not _HEADING.match(line):
                text = line  # a fragment file is the entry itself
            else:
                continue
            if _VERSION_LINE.match(text) or _HEADING.match(text):
                continue
            entry = _entry_text(text)
            if len(entry) >= 8 and not entry.startswith(("<!--", "|", "```")):
                yield entry


def _new(pattern: re.Pattern[str], f: FileSignals) -> list[tuple[str, str]]:
    """(name, line) for each name `pattern` finds in added lines but not in removed ones."""
    # Most files add none: one search of the added text settles that before the removed lines are read. A
    # match in a line is a match in the joined text, unless the pattern is anchored at the text's start.
    if not pattern.pattern.startswith("^") and pattern.search(f.added_text) is None:
        return []
    removed = {"".join(m.groups(default="")) for line in f.removed for m in pattern.finditer(line)}
    found = []
    for line in f.added:
        for m in pattern.finditer(line):
            name = "".join(m.groups(default=""))
            if name not in removed:
                found.append((name, line))
                removed.add(name)
    return found


def _flag_help(line: str) -> str:
    help_text = _HELP_TEXT.search(line) or _LAST_STRING.search(line)
    return _line(help_text[1], 160) if help_text else ""


def surface_additions(files: Iterable[FileSignals]) -> Iterator[Outcome]:
    """New CLI flags, environment variables, HTTP routes, user-visible strings and user-doc headings."""
    for f in files:
        if f.surface == "internal":
            continue
        if f.kind in _SHIPPED_SOURCE:
            for name, line in _new(_CLI_FLAG, f) + [("--" + n, line) for n, line in _new(_COBRA_FLAG, f)]:
                yield Outcome("flag", name, _flag_help(line))
            for name, _ in _new(_ENV_VAR, f):
                yield Outcome("env", name)
            for route, _ in _new(_ROUTE, f):
                yield Outcome("route", _route_text(route))
        elif f.kind == "locale" and _ENGLISH.search(f.path):
            yield from _new_strings(f)
        elif f.kind == "docs":
            for heading, _ in _new(_DOC_HEADING, f):
                yield Outcome("docs", heading)


def _route_text(joined: str) -> str:
    """'GET /api/x' from the method and path a route pattern captured (joined, method first)."""
    cut = joined.find("/")
    method = joined[:cut].upper().replace("ROUTE", "").replace("HANDLEFUNC", "")
    return f"{method} {joined[cut:]}".strip()


def _new_strings(f: FileSignals) -> Iterator[Outcome]:
    """User-visible strings a locale file adds or rewords (by key), from its English source."""
    old = {m[1]: m[2] for m in map(_LOCALE_ENTRY.match, f.removed) if m}
    for line in f.added:
        m = _LOCALE_ENTRY.match(line) or _PO_MSGID.match(line)
        if not m:
            continue
        value = m[2] if m.re is _LOCALE_ENTRY else m[1]
        key = m[1] if m.re is _LOCALE_ENTRY else ""
        if key in old and old[key] != value:
            yield Outcome("text", _line(value, 160), _line(old[key], 160))
        elif key not in old:
            yield Outcome("text", _line(value, 160))


def _surface(sig: Signals) -> tuple[Outcome, ...]:
    """What the diff adds to the product's surface, each (source, text) once. Found once per PR: every
    renderer's story reads it, and it depends only on the files, fixed once classify has decided surfaces.
    No more than MAX_OUTCOMES, as outcomes() keeps no more."""
    seen: set[tuple[str, str]] = set()
    found: list[Outcome] = []
    for o in surface_additions(sig.files):
        if (o.source, o.text) not in seen:
            seen.add((o.source, o.text))
            found.append(o)
            if len(found) == MAX_OUTCOMES:
                break
    return tuple(found)


def _is_fix(evidence: Iterable[Evidence], sig: Signals) -> bool:
    """Whether the rules read the PR as a fix of shipped behaviour."""
    fixing = {"conventional-fix", "fix-words", "issue-bug", "issue-title-bug", "label-bug", "body-bug-report"}
    return sig.type == "fix" or any(e.rule in fixing and e.argues_for("user-facing") for e in evidence)


_BUG_LABELS = frozenset({"bug", "type: bug", "kind/bug", "defect", "regression", "crash"})


def _issue_outcome(issue: LinkedIssue) -> str:
    """A linked issue's title as an outcome: a bug report's title describes the bug, so it is what the PR fixes."""
    title = issue.title or ""
    bug = (issue.type or "").lower() == "bug" or any(label.lower() in _BUG_LABELS for label in issue.labels)
    return f"Fixes: {title[:1].lower() + title[1:] if title[1:2].islower() else title}" if bug else title


def title_outcome(sig: Signals, evidence: Iterable[Evidence]) -> Outcome:
    """The title as an outcome: cleaned, code marked as code, a bug description read as its fix; or
    'none' when it is mostly code (jargon is not an outcome)."""
    words = title_words.cleaned(sig.pr.title)
    if not words.text or words.mostly_code:
        return Outcome("none", "")
    text = words.text
    describes_defect = _DEFECT.search(text) and not _SAYS_FIX.search(text)
    if _is_fix(evidence, sig) and not words.starts_with_verb and describes_defect:
        text = "Fixes: " + (text[:1].lower() + text[1:] if text[1:2].islower() else text)
    scope = title_words.product_scope(sig.conventional.scope if sig.conventional else "")
    if scope:
        scope = title_words.original_scope(sig.pr.title) or scope
        scope = scope[:1].upper() + scope[1:] if scope.islower() else scope
        text = f"{scope}: {text[:1].lower() + text[1:] if text[1:2].islower() else text}"
    return Outcome("title", _line(text))


def outcomes(sig: Signals, evidence: Sequence[Evidence]) -> list[Outcome]:
    """What changes for users, best source first: the release note, changelog entries, linked issues'
    titles, what the diff adds to the product's surface; the title only when nothing better speaks."""
    found: list[Outcome] = []
    if sig.release_note:
        found.append(Outcome("release-note", sig.release_note.strip()[:2000]))
    found += [Outcome("changelog", _line(e)) for e in dict.fromkeys(changelog_entries(sig.files))]
    found += [Outcome("issue", _line(_issue_outcome(i)), i.ref) for i in sig.pr.linked_issues if i.title]
    spoken = bool(found)
    found += sig.fact("surface", _surface)
    if not spoken:
        title = title_outcome(sig, evidence)
        if title.source == "title" or not found:
            found.insert(0, title)
    return found[:MAX_OUTCOMES]


def release_note_line(items: Sequence[Outcome]) -> str | None:
    """The one line a release note would say, from the best source that speaks in users' words."""
    for o in items:
        if o.source in ("release-note", "changelog", "title", "issue"):
            first = next((line.strip(" -*") for line in o.text.splitlines() if line.strip(" -*")), "")
            return first or None
    return None


def nothing_for_users(kinds: Sequence[str]) -> str:
    """The one line an internal verdict gets: what changed, and that users get nothing new from it."""
    if not kinds:
        return "Nothing users see."
    # "UI code", not "UI": a PM reading "it changes UI" next to "nothing users see" reads a contradiction.
    phrase = reasons.kinds_phrase(kinds).replace("UI", "UI code")
    if machinery_only(kinds):
        return f"Nothing users see: only {phrase} changed."
    return f"Nothing users see: it changes {phrase}, without changing what users get."
