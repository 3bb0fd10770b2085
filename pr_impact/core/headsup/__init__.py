"""Heads-up items a PM cares about (migrations, flags, API, defaults, security, timing, size), from signals."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from typing import Any, NamedTuple

import re2

from pr_impact.core.headsup import defaults, flags, paths, schemas, vulnerability
from pr_impact.core.headsup.size import code_change, may_be_large
from pr_impact.core.signals import FileSignals, Signals
from pr_impact.core.taxonomy import UNSHIPPED_KINDS
from pr_impact.core.text import plural

# Very large: this many changed lines of shipped code, or half as many spread over more than this many files.
LARGE_FILES, LARGE_LINES = 50, 1500
MAX_ITEMS = 20  # items kept per heads-up; renderers show fewer and say how many were left out
_LINE_CHARS = 120  # a diff line quoted as an item is cut to this many characters

# Every pattern below is linear-time on hostile text: bounded quantifiers, no nested repetition.
_SQL_DDL = re.compile(r"\b(?:create|alter|drop|rename)[ \t]{1,10}(?:table|index|column|type|view)\b"
                      r"|\badd[ \t]{1,10}column\b", re.IGNORECASE)
# What sends a file to the flag detector, and what sends it to the default detector, which then
# read its changed lines. Each runs once over the raw patches of every shipped file together, as
# bytes: one automaton pass instead of parsing thousands of patches. RE2, not re: it scans a
# case-insensitive alternation at memory speed where Python's engine tries each branch at every
# position. Every pattern a detector uses matches one line only and implies a match of its mention
# pattern on that line: a code change full of plain `def` lines reaches neither detector.
_FLAG_MENTION = re2.compile(
    br"(?i)feature.?(?:flag|toggle)|variation|variant|enabled?[\s?]*\(|is_?o(?:n|ff)[\s?]*\(|featureon|flag"
    br"|gate[\s]*\(|treatment|featurevalue|evalfeature|has_?feature|(?:boolean|string|number|object)_?(?:value|details)"
    br"|valueasync|is_active|flipper|getenv|lookupenv|env\b|environ"
)
# A default keyword or name, a signature with a parameter default (`def f(x=1)`), a typed field
# with a value (`size: int = 5`).
_DEFAULT_MENTION = re2.compile(
    br"(?i)default"
    br"|(?m:^[-+][ \t]*(?:export[ \t]+)?(?:async[ \t]+)?(?:def|function|fun)[ \t][^\n]*=)"
    br"|(?m:^[-+][ \t]+(?:[a-z]+[ \t]+){0,3}[A-Za-z_]\w*[ \t]*:[^=\n]{1,40}=[^=>])"
)
# Translations hold a key named "default" and lockfiles and manifests pin versions: no default there.
_NO_DEFAULTS_KINDS = frozenset({"locale", "manifest", "lockfile"})
# Manifests and packaging set build-time switches (CGO_ENABLED, a Podfile's ENV), not flags.
_NO_FLAGS_KINDS = frozenset({"manifest", "packaging", "lockfile"})
_NOT_PRODUCT_KINDS = UNSHIPPED_KINDS


class HeadsUp(NamedTuple):
    """One thing a PM should know. `text` is pr-impact's own words; `items` are author-controlled
    strings (paths, diff lines, claims) that every renderer must neutralise."""

    kind: str
    text: str
    items: tuple[str, ...] = ()


def _quote(path: str, line: str) -> str:
    """'path: line' with the line trimmed, as one item."""
    line = line.strip()
    return f"{path}: {line[:_LINE_CHARS - 1] + '…' if len(line) > _LINE_CHARS else line}"


def migrations(sig: Signals) -> list[HeadsUp]:
    """Database migrations: migration files of a known framework, or schema statements added in .sql files."""
    files = [f.path for f in sig.files if f.kind not in _NOT_PRODUCT_KINDS and paths.is_migration(f.path)]
    ddl = [_quote(f.path, line) for f in sig.files if f.path.lower().endswith(".sql") and f.path not in files
           and f.kind not in _NOT_PRODUCT_KINDS for line in f.added if _SQL_DDL.search(line)]
    if not files and not ddl:
        return []
    parts = [plural(len(files), "migration file")] if files else []
    parts += [plural(len(ddl), "schema statement") + " in SQL files"] if ddl else []
    text = f"Database migration: {' and '.join(parts)}. Stored data changes shape; check rollout and rollback."
    return [HeadsUp("migration", text, tuple((files + ddl)[:MAX_ITEMS]))]


def _mentions(pattern: Any, texts: list[str]) -> list[int]:
    """Indices of the texts `pattern` matches, in one pass over all of them (at most one match each)."""
    joined = "\n".join(texts)
    if joined.isascii():
        data, sizes = joined.encode("ascii"), [len(t) for t in texts]
    else:  # byte offsets differ from character offsets: encode file by file to know where each starts
        chunks = [t.encode("utf-8", "replace") for t in texts]  # "replace": lone surrogates from JSON
        data, sizes = b"\n".join(chunks), [len(c) for c in chunks]
    starts = list(accumulate((size + 1 for size in sizes[:-1]), initial=0))
    found, pos = [], 0
    while (match := pattern.search(data, pos)) is not None:
        index = bisect_right(starts, match.start()) - 1
        found.append(index)
        if index + 1 == len(starts):
            break
        pos = starts[index + 1]  # one match is enough: skip to the next file
    return found


class Mentioned(NamedTuple):
    """The shipped files each diff-reading detector reads, in order."""

    flags: list[FileSignals]
    defaults: list[FileSignals]


def mentioned(files: list[FileSignals]) -> Mentioned:
    """The shipped files with a patch that mentions a flag anywhere, and those that mention a
    default or a signature, each found by one pass over all their patches; settings and environment
    files always (their entries are flags and defaults without saying so)."""
    with_patch = [f for f in files if f.kind not in _NOT_PRODUCT_KINDS and f.change.patch]
    always = {i for i, f in enumerate(with_patch)
              if defaults.settings_kind(f.path) or flags.is_env_file(f.path)}
    patches = [f.change.patch or "" for f in with_patch]

    def reached(pattern: Any) -> list[FileSignals]:
        found = always.union(_mentions(pattern, patches)) if patches else always
        return [f for i, f in enumerate(with_patch) if i in found and not f.test_code_only]
    return Mentioned(reached(_FLAG_MENTION), reached(_DEFAULT_MENTION))


def feature_flags(sig: Signals, files: list[FileSignals]) -> list[HeadsUp]:
    """Feature flags whose checks a PR adds or removes: the change may be dark until someone flips
    it, or a removed flag may turn a feature on for everyone."""
    where: dict[str, dict[str, list[str]]] = {}  # flag -> how its checks changed -> files
    for f in files:
        if f.kind in _NO_FLAGS_KINDS:
            continue
        uses = flags.flag_uses(f.path, f.change.patch or "")
        added = {u.name for u in uses if u.added}
        removed = {u.name for u in uses if not u.added}
        for name in dict.fromkeys(u.name for u in uses):
            how = "changed" if name in added and name in removed else "added" if name in added else "removed"
            where.setdefault(name, {}).setdefault(how, []).append(f.path)
    if not where:
        return []
    counts = {how: sum(1 for hows in where.values() if how in hows) for how in ("added", "removed", "changed")}
    words = {"added": "checked in new code", "removed": "no longer checked", "changed": "on changed lines"}
    parts = [f"{plural(n, 'flag')} {words[how]}" for how, n in counts.items() if n]
    text = f"Feature flag: {', '.join(parts)}. Users may see nothing until a flag is turned on"
    text += (", and a flag no longer checked may turn its feature on for everyone" if counts["removed"] else "")
    text += "; ask who flips it and when."
    items = [f"{name} — {how} in {paths[0]}" + (f" and {plural(len(paths) - 1, 'more file')}" if paths[1:] else "")
             for name, hows in where.items() for how, paths in hows.items()]
    return [HeadsUp("feature-flag", text, tuple(items[:MAX_ITEMS]))]


def api_schema(sig: Signals) -> list[HeadsUp]:
    """Public API and schema files (OpenAPI, GraphQL, protobuf...) changed; removals may break clients.
    Edits of comments, whitespace or a schema's descriptions only change no contract; a schema a
    generator wrote from the code is listed once and said to be regenerated."""
    # A manifest in a contract folder (`graphql/package.json`) lists dependencies, not a contract.
    files = [f for f in sig.files if f.kind not in _NOT_PRODUCT_KINDS and f.kind != "manifest"
             and paths.is_public_contract(f.path, f.change.patch or "")
             and not (f.comment_only or f.formatting_only or f.rename_only) and schemas.changes_contract(f)]
    if not files:
        return []
    found = schemas.schemas(files, sig.files)
    edited = [s for s in found if not s.regenerated]
    regenerated = [s for s in found if s.regenerated]
    removed = sum(s.removed for s in edited or regenerated)
    if edited:
        text = f"Public API or schema: {plural(len(edited), 'file')} changed"
        text += (f", with {plural(removed, 'removed line')} — integrations may break." if removed
                 else ", additions only.")
        text += f" {plural(len(regenerated), 'more schema')} regenerated from the code." if regenerated else ""
    else:
        them = "it" if len(regenerated) == 1 else "them"
        text = (f"Regenerated API schema: {plural(len(regenerated), 'schema')} regenerated from the code this PR "
                "changes")
        text += (f", with {plural(removed, 'removed line')} — clients and config files that use {them} may need "
                 "to change." if removed else ", additions only.")
    if sig.conventional is not None and sig.conventional.breaking:
        text += " The title marks it as a breaking change."
    return [HeadsUp("api-schema", text, tuple(s.path for s in [*edited, *regenerated][:MAX_ITEMS]))]


def changed_defaults(sig: Signals, files: list[FileSignals]) -> list[HeadsUp]:
    """Defaults whose value changed (a constant, a struct tag, an option, a parameter, a settings
    entry), each with its old and new value."""
    items: list[str] = []
    for f in files:
        if f.kind in _NO_DEFAULTS_KINDS:
            continue
        settings = defaults.settings_kind(f.path)
        for change in defaults.changed_defaults(f.change.patch or "", settings):
            items.append(f"{change.name} {change.old} → {change.new} ({f.path})")
    if not items:
        return []
    unique = list(dict.fromkeys(items))
    text = (f"Changed defaults: {plural(len(unique), 'default value')} changed. Existing users get the new "
            "value unless they set their own; say so in the release notes.")
    return [HeadsUp("defaults", text, tuple(unique[:MAX_ITEMS]))]


def security(sig: Signals) -> list[HeadsUp]:
    """Security fixes of what ships and security bumps of runtime dependencies (core/headsup/vulnerability.py)."""
    found = vulnerability.judge(sig)
    if found is None:
        return []
    what = "Security dependency bump" if found.bump else "Security fix"
    return [HeadsUp("security", f"{what}: {found.reason}. Consider whether customers must be told or must upgrade.",
                    found.ids[:MAX_ITEMS])]


def performance(sig: Signals) -> list[HeadsUp]:
    """Timing claims, each judged against the 100 ms / 1 s / 3 s thresholds users notice (the signals
    already call every claim of a PR of pure machinery, or titled CI, test or build work, internal)."""
    out = []
    for claim in sig.perf_claims:
        verdict = ("Not something users notice" if claim.internal
                   else "Users would notice" if claim.noticeable else "Users would not notice")
        out.append(HeadsUp("performance", f"Performance claim — {verdict}: {claim.why}.", (claim.text,)))
    return out


def large(sig: Signals) -> list[HeadsUp]:
    """A PR that changes a great deal of shipped code: counted in changed lines of code that ships, not in
    tests, generated files, or lines moved, sorted, renamed or re-formatted (core/headsup/size.py)."""
    if not may_be_large(sig.files, LARGE_LINES, LARGE_FILES):
        return []  # a quick bound, before telling generated, test and formatting changes apart
    change = code_change(sig.files, LARGE_LINES, LARGE_FILES)
    if change is None:
        return []
    lines = change.added + change.removed
    removal = change.removed > 4 * change.added  # a removal is as large as its lines, however many files
    if lines < LARGE_LINES and (removal or change.files <= LARGE_FILES or lines < LARGE_LINES // 2):
        return []
    where = plural(change.files, "file")
    if removal:
        return [HeadsUp("large", f"Very large removal: about {change.removed:,} lines of shipped code removed from "
                                 f"{where}, not counting tests and generated files. Check that nothing users rely "
                                 "on goes with them.")]
    return [HeadsUp("large", f"Very large PR: about {lines:,} changed lines of shipped code in {where}, not "
                             "counting tests, generated files, or lines only moved, renamed or reformatted. Hard to "
                             "review; consider shipping it behind a flag or in steps.")]


def partial(sig: Signals) -> list[HeadsUp]:
    """PRs only partly analysed (files not listed, diffs not provided): for the details, not the heads-up."""
    pr, out = sig.pr, []
    if pr.files_truncated:
        out.append(HeadsUp("partial", f"Partly analysed: GitHub listed {len(pr.files):,} of "
                                      f"{pr.files_reported:,} changed files; the rest were not read."))
    blind = [f.path for f in sig.files if f.change.patch is None and not f.change.binary and f.lines > 0]
    if blind:
        out.append(HeadsUp("partial", f"Partly analysed: no diff was available for {plural(len(blind), 'file')} "
                                      "(too large or binary); only names were judged.", tuple(blind[:MAX_ITEMS])))
    return out


def heads_up(sig: Signals) -> list[HeadsUp]:
    """Every heads-up for one PR, in a fixed order (the order the comment shows them)."""
    files = mentioned(sig.files)
    return [*migrations(sig), *feature_flags(sig, files.flags), *api_schema(sig),
            *changed_defaults(sig, files.defaults), *security(sig), *performance(sig), *large(sig),
            *partial(sig)]
