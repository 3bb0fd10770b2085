"""Heads-up items a PM cares about (migrations, flags, API, defaults, security, timing, size), from signals."""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from itertools import accumulate
from typing import NamedTuple

import re2

from pr_impact.core.signals import FileSignals, Signals
from pr_impact.core.taxonomy import UNSHIPPED_KINDS
from pr_impact.core.text import re2_search

LARGE_FILES, LARGE_LINES = 50, 2000
MAX_ITEMS = 20  # items kept per heads-up; renderers show fewer and say how many were left out
_LINE_CHARS = 120  # a diff line quoted as an item is cut to this many characters

# Every pattern below is linear-time on hostile text: bounded quantifiers, no nested repetition.
_SQL_DDL = re.compile(r"\b(?:create|alter|drop|rename)[ \t]{1,10}(?:table|index|column|type|view)\b"
                      r"|\badd[ \t]{1,10}column\b", re.IGNORECASE)
# RE2, not re: this runs over every added line of a PR, and RE2's automaton scans a case-insensitive
# alternation at memory speed where Python's engine tries each branch at every position.
_FLAG_PATTERN = (
    r"feature[ \t_-]?(?:flag|toggle|gate)|\bflipper\b|launch[ \t_-]?darkly|\bunleash\b|\bgrowthbook\b"
    r"|\b(?:is|feature)_?enabled\??[ \t]{0,3}\(|\buse_?flag\b|\bflags?\.(?:get|enabled|is_?on)\b"
)
_FLAG = re2.compile("(?i)" + _FLAG_PATTERN)
# What sends a file to the flag and default detectors. It runs once over the raw patches of every
# shipped file together, as bytes: one automaton pass instead of parsing thousands of patches.
# Neither pattern crosses a line, so a match on an added or removed line is a match in the raw patch.
_MENTION = re2.compile(("(?i)default|" + _FLAG_PATTERN).encode())
# The flag's name when a call spells it out: isEnabled('new-checkout'), Flipper.enabled?(:beta).
_FLAG_NAME = re.compile(r"""\(\s{0,3}['":]([A-Za-z0-9_.:/-]{1,80})""")
_SECURITY = re.compile(r"\b(?:security|vulnerab(?:le|ility|ilities)|xss|csrf|ssrf|rce|sql[ \t]injection"
                       r"|advisory|exploit)\b", re.IGNORECASE)
_ADVISORY_ID = re.compile(r"\b(?:CVE-\d{4}-\d{4,7}|GHSA(?:-[23456789cfghjmpqrvwx]{4}){3})\b", re.IGNORECASE)
_SETTINGS_SUFFIXES = (".example", ".sample", ".dist", ".template", ".defaults")
_SETTINGS_PREFIXES = ("settings.", "config.", "defaults.", ".env", "application.", "appsettings.")
_NOT_PRODUCT_KINDS = UNSHIPPED_KINDS


class HeadsUp(NamedTuple):
    """One thing a PM should know. `text` is pr-impact's own words; `items` are author-controlled
    strings (paths, diff lines, claims) that every renderer must neutralise."""

    kind: str
    text: str
    items: tuple[str, ...] = ()


def _plural(n: int, word: str) -> str:
    """'1 file', '3 files'."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _verb(n: int) -> str:
    """'mentions' after one thing, 'mention' after several."""
    return "mentions" if n == 1 else "mention"


def _quote(path: str, line: str) -> str:
    """'path: line' with the line trimmed, as one item."""
    line = line.strip()
    return f"{path}: {line[:_LINE_CHARS - 1] + '…' if len(line) > _LINE_CHARS else line}"


def migrations(sig: Signals) -> list[HeadsUp]:
    """Database migrations: migration files, or schema statements added in .sql files."""
    files = [f.path for f in sig.files if f.kind == "migration"]
    ddl = [_quote(f.path, line) for f in sig.files if f.kind != "migration" and f.path.lower().endswith(".sql")
           for line in f.added if _SQL_DDL.search(line)]
    if not files and not ddl:
        return []
    parts = [_plural(len(files), "migration file")] if files else []
    parts += [_plural(len(ddl), "schema statement") + " in SQL files"] if ddl else []
    text = f"Database migration: {' and '.join(parts)}. Stored data changes shape; check rollout and rollback."
    return [HeadsUp("migration", text, tuple((files + ddl)[:MAX_ITEMS]))]


def _mentions(texts: list[str]) -> list[int]:
    """Indices of the texts _MENTION matches, in one pass over all of them (at most one match each)."""
    joined = "\n".join(texts)
    if joined.isascii():
        data, sizes = joined.encode("ascii"), [len(t) for t in texts]
    else:  # byte offsets differ from character offsets: encode file by file to know where each starts
        chunks = [t.encode("utf-8", "replace") for t in texts]  # "replace": lone surrogates from JSON
        data, sizes = b"\n".join(chunks), [len(c) for c in chunks]
    starts = list(accumulate((size + 1 for size in sizes[:-1]), initial=0))
    found, pos = [], 0
    while (match := _MENTION.search(data, pos)) is not None:
        index = bisect_right(starts, match.start()) - 1
        found.append(index)
        if index + 1 == len(starts):
            break
        pos = starts[index + 1]  # one match is enough: skip to the next file
    return found


class MentionScan:
    """The files that ship (not tests, CI, docs or tooling) and whose raw patch says `default` or
    names a feature flag anywhere, found by one pass that starts as soon as files have kinds and is
    collected when heads-up is computed. RE2 releases the GIL while it scans, so on a big PR the
    pass runs on a second core while the engine decides surfaces and rules; the answer is the same
    either way."""

    THREAD_BYTES = 1 << 20  # below a megabyte of patches a thread costs more than the pass

    def __init__(self, files: list[FileSignals]) -> None:
        # Kinds are known now; test-code-only is not yet, so those files are dropped at collection.
        self._files = [f for f in files if f.kind not in _NOT_PRODUCT_KINDS and f.change.patch]
        texts = [f.change.patch or "" for f in self._files]
        self._found: list[int] = []
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        if sum(map(len, texts)) < self.THREAD_BYTES:
            self._found = _mentions(texts)
        else:
            self._thread = threading.Thread(target=self._run, args=(texts,), name="pr-impact-scan", daemon=True)
            self._thread.start()

    def _run(self, texts: list[str]) -> None:
        try:
            self._found = _mentions(texts)
        except BaseException as exc:  # handed to the engine's thread by result()
            self._error = exc

    def result(self) -> list[FileSignals]:
        """The files that ship and mention a flag or a default, in order."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._error is not None:
            raise self._error
        return [f for f in (self._files[i] for i in self._found) if not f.test_code_only]


def feature_flags(sig: Signals, mentioned: list[FileSignals]) -> list[HeadsUp]:
    """Feature flags added or referenced in shipped code: the change may be dark until someone flips it."""
    items: list[str] = []
    for f in mentioned:
        if not f.added or not re2_search(_FLAG, f.added_text):
            continue
        for line in f.added:
            if not re2_search(_FLAG, line):
                continue
            name = _FLAG_NAME.search(line)
            items.append(f"{f.path}: {name[1]}" if name else _quote(f.path, line))
    if not items:
        return []
    unique = list(dict.fromkeys(items))
    text = (f"Feature flag: {_plural(len(unique), 'added line')} {_verb(len(unique))} a flag. "
            "Users may see nothing until it is turned on; ask who flips it and when.")
    return [HeadsUp("feature-flag", text, tuple(unique[:MAX_ITEMS]))]


def api_schema(sig: Signals) -> list[HeadsUp]:
    """Public API and schema files (OpenAPI, GraphQL, protobuf...) changed; removals may break clients."""
    files = [f for f in sig.files if f.kind == "api-schema"]
    if not files:
        return []
    removed = sum(len(f.removed) for f in files)
    breaking = sig.conventional is not None and sig.conventional.breaking
    text = f"Public API or schema: {_plural(len(files), 'file')} changed"
    text += (f", with {_plural(removed, 'removed line')} — integrations may break." if removed
             else ", additions only.")
    if breaking:
        text += " The title marks it as a breaking change."
    return [HeadsUp("api-schema", text, tuple(f.path for f in files[:MAX_ITEMS]))]


def _is_settings_file(path: str) -> bool:
    """Example and settings files (`.env.example`, `settings.py`, `config.yaml.dist`)."""
    base = path.rsplit("/", 1)[-1].lower()
    return base.endswith(_SETTINGS_SUFFIXES) or base.startswith(_SETTINGS_PREFIXES)


def _mentions_default(line: str) -> bool:
    """A changed line that sets a default value (not `export default` nor a switch's `default:`)."""
    low = line.strip().lower()
    if "default" not in low or "export default" in low or low.startswith(("case ", "//", "#", "*", "/*")):
        return False
    return low.rstrip(" :{") != "default"


def changed_defaults(sig: Signals, mentioned: list[FileSignals]) -> list[HeadsUp]:
    """Changed defaults and configuration: 'default' lines in config and source, settings/example files."""
    lines: list[str] = []
    for f in mentioned:
        if f.kind in ("config", "source", "ui") and "default" in (f.added_text + f.removed_text).lower():
            lines += [_quote(f.path, ln) for ln in (*f.removed, *f.added) if _mentions_default(ln)]
    settings = [f.path for f in sig.files if _is_settings_file(f.path) and f.kind not in ("test", "ci")]
    if not lines and not settings:
        return []
    parts = [f"{_plural(len(lines), 'changed line')} {_verb(len(lines))} a default"] if lines else []
    parts += [_plural(len(settings), "settings or example file") + " changed"] if settings else []
    text = f"Defaults or configuration: {'; '.join(parts)}. Existing users may get different behaviour."
    return [HeadsUp("defaults", text, tuple(dict.fromkeys(settings + lines).keys())[:MAX_ITEMS])]


def security(sig: Signals) -> list[HeadsUp]:
    """Security fixes and security dependency bumps: advisory ids, security words, security labels."""
    text = "\n".join((sig.text[:50_000], sig.issue_titles[:20_000]))
    ids = list(dict.fromkeys(m.upper() for m in _ADVISORY_ID.findall(text)))
    labelled = "security" in sig.labels or "security" in sig.issue_labels
    if not ids and not labelled and not _SECURITY.search(text):
        return []
    bump = sig.bot or (sig.conventional is not None and sig.conventional.scope.lower() in ("deps", "deps-dev"))
    what = "Security dependency bump" if bump else "Security fix"
    detail = f"it cites {len(ids)} {'advisory' if len(ids) == 1 else 'advisories'}" if ids else "it mentions security"
    return [HeadsUp("security", f"{what}: {detail}. Consider whether customers must be told or must upgrade.",
                    tuple(ids[:MAX_ITEMS]))]


def performance(sig: Signals) -> list[HeadsUp]:
    """Timing claims, each judged against the 100 ms / 1 s / 3 s thresholds users notice."""
    out = []
    for claim in sig.perf_claims:
        verdict = "Users would notice" if claim.noticeable else "Users would not notice"
        out.append(HeadsUp("performance", f"Performance claim — {verdict}: {claim.why}.", (claim.text,)))
    return out


def size(sig: Signals) -> list[HeadsUp]:
    """Very large PRs, and PRs only partly analysed (files not listed, diffs not provided)."""
    pr, out = sig.pr, []
    lines = sig.additions + sig.deletions
    if pr.files_reported > LARGE_FILES or lines > LARGE_LINES:
        out.append(HeadsUp("large", f"Very large PR: {_plural(pr.files_reported, 'file')}, +{sig.additions:,} "
                                    f"−{sig.deletions:,} lines. Hard to review; consider shipping it behind a flag "
                                    "or in steps."))
    if pr.files_truncated:
        out.append(HeadsUp("partial", f"Partly analysed: GitHub listed {len(pr.files):,} of "
                                      f"{pr.files_reported:,} changed files; the rest were not read."))
    blind = [f.path for f in sig.files if f.change.patch is None and not f.change.binary and f.lines > 0]
    if blind:
        out.append(HeadsUp("partial", f"Partly analysed: no diff was available for {_plural(len(blind), 'file')} "
                                      "(too large or binary); only names were judged.", tuple(blind[:MAX_ITEMS])))
    return out


def heads_up(sig: Signals, scan: MentionScan | None = None) -> list[HeadsUp]:
    """Every heads-up for one PR, in a fixed order (the order the comment shows them). `scan` is a
    MentionScan the caller started earlier over the same files."""
    mentioned = (scan or MentionScan(sig.files)).result()  # one pass serves both detectors that read diffs
    return [*migrations(sig), *feature_flags(sig, mentioned), *api_schema(sig), *changed_defaults(sig, mentioned),
            *security(sig), *performance(sig), *size(sig)]
