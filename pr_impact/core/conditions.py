"""The `when` language: every condition key rules may use, how it compiles, and what it tests."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

import re2

from pr_impact.core import diff_shape, doc_diff, globs, title_words
from pr_impact.core.manifests import DEPENDENCY_SCOPES
from pr_impact.core.model import FILE_STATUSES
from pr_impact.core.signals import FileSignals, Signals
from pr_impact.core.taxonomy import KIND_NAMES, SHIPPED_KINDS

CLASSES = ("user-facing", "tech-debt", "internal")
SURFACES = ("user-facing", "internal", "unknown")
KeyPath = tuple[str | int, ...]


def _re2_options() -> Any:
    """RE2 options: case-insensitive, memory-bounded, silent (errors come back as exceptions)."""
    opts = re2.Options()
    opts.case_sensitive = False
    opts.log_errors = False
    opts.max_mem = 8 << 20
    return opts


RE2_OPTIONS = _re2_options()


class Ctx:
    """What a condition is evaluated against; `hits` collects the evidence behind a match."""

    __slots__ = ("file", "hits", "sig")

    def __init__(self, sig: Signals, file: FileSignals | None = None) -> None:
        self.sig = sig
        self.file = file
        self.hits: list[str] = []


Pred = Callable[[Ctx], bool]


class Problems(list[tuple[KeyPath, str]]):
    """Every problem found while compiling rules, each at its key path."""

    def add(self, path: KeyPath, message: str) -> None:
        self.append((path, message))


def _compile_regex(pattern: str, path: KeyPath, problems: Problems) -> Any | None:
    """One regex in RE2 syntax (linear time: no backreferences or lookaround), or None after a problem."""
    if _lone_surrogate(pattern, path, problems):
        return None
    try:
        return re2.compile(pattern, RE2_OPTIONS)
    except re2.error as exc:
        detail = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        problems.add(path, f"invalid regex {pattern!r}: {detail} (RE2 syntax: no backreferences or lookaround)")
        return None


def _lone_surrogate(pattern: str, path: KeyPath, problems: Problems) -> bool:
    """True, after a problem, for a pattern RE2 cannot take: a YAML escape such as "\\ud800" gives
    half of a surrogate pair, which is not a character and has no UTF-8 form."""
    try:
        pattern.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = pattern[exc.start : exc.end].encode("unicode_escape").decode("ascii")
        problems.add(path, f"pattern {pattern!r} holds {bad}, half of a surrogate pair and not a character: "
                           "write the character itself, or its \\U escape")
        return True
    return False


def compile_globs(patterns: list[str], path: KeyPath, problems: Problems, *, indexed: bool = True) -> Any | None:
    """Path globs compiled to RE2 (see core/globs.py), or None after a problem at the bad pattern."""
    for i, pattern in enumerate(patterns):
        if _lone_surrogate(pattern, (*path, i) if indexed else path, problems):
            return None
        try:
            globs.compile_globs([pattern], RE2_OPTIONS)
        except globs.GlobError as exc:
            problems.add((*path, i) if indexed else path, str(exc))
            return None
    return globs.compile_globs(patterns, RE2_OPTIONS)


def as_list(value: Any) -> list[Any]:
    """A scalar or a list, as a list."""
    return value if isinstance(value, list) else [value]


def _compile_alternatives(values: list[str], path: KeyPath, problems: Problems) -> list[Any] | None:
    """A condition's regexes: one, or a list joined into one (or, when joined they exceed RE2's memory
    bound, the items one by one). The items of a list are parsed one by one first: a problem names
    the item, and a bad item can pair with another into a valid join ("a(" and ")b")."""
    if len(values) == 1:
        one = _compile_regex(values[0], path, problems)
        return None if one is None else [one]
    parsed = [_parses(p, (*path, i), problems) for i, p in enumerate(values)]
    if not all(parsed):
        return None
    joined = _compile_regex("|".join(f"(?:{p})" for p in values), path, Problems())
    if joined is not None:
        return [joined]
    maybe = [_compile_regex(p, (*path, i), problems) for i, p in enumerate(values)]
    compiled = [c for c in maybe if c is not None]
    return compiled if len(compiled) == len(maybe) else None


def _parses(pattern: str, path: KeyPath, problems: Problems) -> bool:
    """Whether RE2 can parse the pattern (a problem says why not). Parsing alone, as RE2::Set.Add
    does, costs a fraction of compiling: the join is what gets compiled."""
    if _lone_surrogate(pattern, path, problems):
        return False
    try:
        re2.Set.SearchSet(RE2_OPTIONS).Add(pattern)
    except re2.error:
        return _compile_regex(pattern, path, problems) is not None  # compiling says what is wrong
    return True


def _regex_key(getter: Callable[[Ctx], str], label: str) -> Callable[[Any, KeyPath, Problems], Pred | None]:
    """A condition that is true when any of the regexes matches the text `getter` returns. A list is
    matched as one regex (its items as alternatives, in order), so the evidence quotes the earliest
    match in the text, and a vocabulary reads the same written as one regex or as a list of them."""
    def build(value: Any, path: KeyPath, problems: Problems) -> Pred | None:
        compiled = _compile_alternatives([str(v) for v in as_list(value)], path, problems)
        if compiled is None:
            return None

        def pred(ctx: Ctx) -> bool:
            # Searched as UTF-8 bytes: a lone surrogate from JSON becomes "?" instead of failing,
            # and RE2 reads bytes without the str wrapper's offset bookkeeping.
            subject = getter(ctx).encode("utf-8", "replace")
            for regex in compiled:
                m = regex.search(subject)
                if m:
                    ctx.hits.append(f"{label} matches “{m.group(0).decode('utf-8', 'replace')[:60].strip()}”")
                    return True
            return False
        return pred
    return build


def _choice_key(getter: Callable[[Ctx], Iterable[str] | str | None]) -> Callable[[Any, KeyPath, Problems], Pred]:
    """A condition that is true when the value (or any of the values) `getter` returns is listed."""
    def build(value: Any, path: KeyPath, problems: Problems) -> Pred:
        wanted = frozenset(str(v).lower() for v in as_list(value))

        def pred(ctx: Ctx) -> bool:
            got = getter(ctx)
            if got is None:
                return False
            if isinstance(got, str):  # kind, surface, status: one value, tested on every file
                return got in wanted or got.lower() in wanted
            return any(item.lower() in wanted for item in got)
        return pred
    return build


def _glob_key(getter: Callable[[Ctx], Iterable[str]]) -> Callable[[Any, KeyPath, Problems], Pred | None]:
    """A condition that is true when any value `getter` returns matches one of the globs."""
    def build(value: Any, path: KeyPath, problems: Problems) -> Pred | None:
        matcher = compile_globs([str(v) for v in as_list(value)], path, problems, indexed=isinstance(value, list))
        if matcher is None:
            return None
        return lambda ctx: any(matcher.match(item) for item in getter(ctx))
    return build


def _bool_key(getter: Callable[[Ctx], bool]) -> Callable[[Any, KeyPath, Problems], Pred]:
    """A condition that is true when the flag `getter` returns equals the configured boolean."""
    def build(value: Any, path: KeyPath, problems: Problems) -> Pred:
        wanted = bool(value)
        return lambda ctx: getter(ctx) == wanted
    return build


def _threshold_key(getter: Callable[[Ctx], float]) -> Callable[[Any, KeyPath, Problems], Pred]:
    """A number condition: `N` means at least N; `{min: a, max: b}` is an inclusive range."""
    def build(value: Any, path: KeyPath, problems: Problems) -> Pred:
        low, high = (value, None) if not isinstance(value, dict) else (value.get("min"), value.get("max"))
        if low is not None and high is not None and low > high:
            problems.add(path, f"min {low} is greater than max {high}: nothing would match")
        return lambda ctx: (low is None or getter(ctx) >= low) and (high is None or getter(ctx) <= high)
    return build


def _file(ctx: Ctx) -> FileSignals:
    """The file a file-level condition is evaluated on."""
    assert ctx.file is not None, "file condition evaluated outside a file context"
    return ctx.file


def _perf_state(ctx: Ctx) -> list[str]:
    """`noticeable` / `below-threshold` for each timing claim, plus `any` when there is one."""
    states = ["noticeable" if c.noticeable else "below-threshold" for c in ctx.sig.perf_claims]
    return [*states, "any"] if states else ["none"]


class Key(NamedTuple):
    """One condition key: where it may be used, its JSON Schema, how it compiles, what it means."""

    scope: str  # "pr", "file" or "both"
    schema: dict[str, Any]
    build: Callable[[Any, KeyPath, Problems], Pred | None]
    doc: str


_STR_OR_LIST = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]}
_THRESHOLD = {"oneOf": [{"type": "number", "minimum": 0}, {
    "type": "object", "additionalProperties": False, "minProperties": 1,
    "properties": {"min": {"type": "number"}, "max": {"type": "number"}}}]}


def _share(low: float) -> dict[str, Any]:
    """Schema of a threshold on a share or a ratio from `low` to 1: `N` (at least N) or `{min, max}`."""
    number = {"type": "number", "minimum": low, "maximum": 1}
    return {"oneOf": [number, {"type": "object", "additionalProperties": False, "minProperties": 1,
                               "properties": {"min": number, "max": number}}]}


def _enum_or_list(values: Iterable[str]) -> dict[str, Any]:
    """Schema for one of `values` or a list of them."""
    enum = {"enum": list(values)}
    return {"oneOf": [enum, {"type": "array", "items": enum, "minItems": 1}]}


PR_KEYS: dict[str, Key] = {
    "title": Key("pr", _STR_OR_LIST, _regex_key(lambda c: c.sig.pr.title, "title"),
                 "regex on the PR title"),
    "subject": Key("pr", _STR_OR_LIST, _regex_key(lambda c: c.sig.clean_title, "title"),
                   "regex on the title without its conventional prefix, gitmoji, ticket tag or PR number"),
    "body": Key("pr", _STR_OR_LIST, _regex_key(lambda c: c.sig.pr.body, "body"), "regex on the PR body"),
    "commits": Key("pr", _STR_OR_LIST, _regex_key(lambda c: c.sig.commits_text, "commits"),
                   "regex on the commit messages"),
    "text": Key("pr", _STR_OR_LIST, _regex_key(lambda c: c.sig.text, "text"),
                "regex on title, body and commit messages together"),
    "branch": Key("pr", _STR_OR_LIST, _regex_key(lambda c: c.sig.pr.head, "branch"),
                  "regex on the head branch"),
    "base_branch": Key("pr", _STR_OR_LIST, _regex_key(lambda c: c.sig.pr.base, "base branch"),
                       "regex on the base branch"),
    "issue_title": Key("pr", _STR_OR_LIST, _regex_key(lambda c: c.sig.issue_titles, "linked issue"),
                       "regex on the titles of linked issues and tickets"),
    "type": Key("pr", _STR_OR_LIST, _choice_key(lambda c: c.sig.type),
                "conventional-commit type of the title (or the type of its gitmoji)"),
    "scope": Key("pr", _STR_OR_LIST, _choice_key(lambda c: c.sig.conventional.scope if c.sig.conventional else None),
                 "conventional-commit scope of the title"),
    "breaking": Key("pr", {"type": "boolean"}, _bool_key(
        lambda c: bool(c.sig.conventional and c.sig.conventional.breaking)), "the title has a `!` breaking marker"),
    "author": Key("pr", _STR_OR_LIST, _glob_key(lambda c: [c.sig.pr.author]), "author login (globs)"),
    "bot": Key("pr", {"type": "boolean"}, _bool_key(lambda c: c.sig.bot), "the author is a bot"),
    "title_is_code": Key("pr", {"type": "boolean"},
                         _bool_key(lambda c: title_words.cleaned(c.sig.pr.title).mostly_code),
                         "the title is mostly code identifiers and engineering words (`use cmp.Or instead of "
                         "ordered.First`): it names no outcome"),
    "draft": Key("pr", {"type": "boolean"}, _bool_key(lambda c: c.sig.pr.draft), "the PR is a draft"),
    "labels": Key("pr", _STR_OR_LIST, _choice_key(lambda c: c.sig.labels), "the PR has one of these labels"),
    "issue_labels": Key("pr", _STR_OR_LIST, _choice_key(lambda c: c.sig.issue_labels),
                        "a linked issue or ticket has one of these labels"),
    "issue_type": Key("pr", _STR_OR_LIST, _choice_key(lambda c: c.sig.issue_types),
                      "a linked issue or ticket is of one of these types (GitHub's issue types, Jira's Bug, "
                      "Story, Task…)"),
    "linked_issues": Key("pr", _THRESHOLD, _threshold_key(lambda c: len(c.sig.pr.linked_issues)),
                         "number of linked issues and tickets"),
    "release_note": Key("pr", {"type": "boolean"}, _bool_key(lambda c: c.sig.release_note is not None),
                        "the body has a release-note block"),
    "perf": Key("pr", _enum_or_list(("noticeable", "below-threshold", "any", "none")), _choice_key(_perf_state),
                "a timing claim that users would notice (or not)"),
    "files": Key("pr", _THRESHOLD, _threshold_key(lambda c: c.sig.pr.files_reported), "number of changed files"),
    "additions": Key("pr", _THRESHOLD, _threshold_key(lambda c: c.sig.additions), "lines added"),
    "deletions": Key("pr", _THRESHOLD, _threshold_key(lambda c: c.sig.deletions), "lines deleted"),
    "areas": Key("pr", _STR_OR_LIST, _choice_key(lambda c: c.sig.areas), "a product area is touched"),
    "reshaped": Key("pr", _share(0), _threshold_key(lambda c: diff_shape.measure(c.sig, "reshaped")),
                    "share (0-1) of the changed lines of shipped code that come back on the other side of the diff "
                    "(moved, renamed, re-wrapped) or add logging; never holds when no shipped code changed"),
    "code_growth": Key("pr", _share(-1), _threshold_key(lambda c: diff_shape.measure(c.sig, "growth")),
                       "(added - removed) / changed lines of shipped code, from -1 (only deletes) to 1 (only adds); "
                       "never holds when no shipped code changed"),
}
FILE_KEYS: dict[str, Key] = {
    "path": Key("file", _STR_OR_LIST, _glob_key(
        lambda c: [p for p in (_file(c).path, _file(c).change.previous_path) if p]),
        "path globs (`**` crosses directories, `{a,b}` braces, `!` negates)"),
    "kind": Key("file", _enum_or_list(KIND_NAMES), _choice_key(lambda c: _file(c).kind), "file kind"),
    "ships": Key("file", {"type": "boolean"}, _bool_key(lambda c: _file(c).kind in SHIPPED_KINDS),
                 "the file's kind ships with the product: " + ", ".join(sorted(SHIPPED_KINDS))),
    "surface": Key("file", _enum_or_list(SURFACES), _choice_key(lambda c: _file(c).surface),
                   "whether the file is user-facing surface"),
    "status": Key("file", _enum_or_list(FILE_STATUSES), _choice_key(lambda c: _file(c).change.status),
                  "change status"),
    "binary": Key("file", {"type": "boolean"}, _bool_key(lambda c: _file(c).change.binary), "binary file"),
    "formatting_only": Key("file", {"type": "boolean"}, _bool_key(lambda c: _file(c).formatting_only),
                           "only whitespace/formatting changed"),
    "comment_only": Key("file", {"type": "boolean"}, _bool_key(lambda c: _file(c).comment_only),
                        "only comments changed"),
    "rename_only": Key("file", {"type": "boolean"}, _bool_key(lambda c: _file(c).rename_only),
                       "renamed without content changes"),
    "added": Key("file", _STR_OR_LIST, _regex_key(lambda c: _file(c).added_text, "added line"),
                 "regex on the added lines"),
    "removed": Key("file", _STR_OR_LIST, _regex_key(lambda c: _file(c).removed_text, "removed line"),
                   "regex on the removed lines"),
    "test_code_only": Key("file", {"type": "boolean"}, _bool_key(lambda c: _file(c).test_code_only),
                          "only test code inside a source file changed (a Rust `#[cfg(test)]` module...)"),
    "dependency_scope": Key("file", _enum_or_list(DEPENDENCY_SCOPES),
                            _choice_key(lambda c: _file(c).dependency_scopes),
                            "which part of a dependency manifest changed: runtime, peer or dev dependencies, "
                            "build system, toolchain, the package version, or other"),
    "lines": Key("file", _THRESHOLD, _threshold_key(lambda c: _file(c).lines), "lines changed in the file"),
    "area": Key("file", _STR_OR_LIST, _choice_key(lambda c: _file(c).area), "the file's product area"),
    "doc_change": Key("file", _enum_or_list(doc_diff.DOC_CHANGES), _choice_key(lambda c: _file(c).doc_change),
        "what a documentation diff changes: usage (commands, code samples, flags, options users follow), "
        "prose (sentences, sections), trivia (a few characters, links, badges, images, formatting)"),
}
QUANTIFIERS = ("any_file", "all_files", "no_file")
COMBINATORS = ("any", "all", "not")

MAX_HITS = 8


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """A ` (did you mean 'x'?)` hint for a misspelt key, or ''."""
    import difflib  # only needed on the error path

    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _joined(preds: list[Pred]) -> Pred:
    """True when every predicate is, tested in order. Rules mostly join two or three conditions and
    run once per file, so those shapes are spelled out rather than looped."""
    if len(preds) == 1:
        return preds[0]
    if len(preds) == 2:
        first, second = preds
        return lambda ctx: first(ctx) and second(ctx)
    if len(preds) == 3:
        first, second, third = preds
        return lambda ctx: first(ctx) and second(ctx) and third(ctx)
    return lambda ctx: all(p(ctx) for p in preds)


def _quantified(quantifier: str, inner: Pred) -> Pred:
    """A file condition lifted to the PR: true for any file, for all files, or for no file."""
    def pred(ctx: Ctx) -> bool:
        matched: list[str] = []
        sub = Ctx(ctx.sig)  # one context moved from file to file: thousands of files, one allocation
        for f in ctx.sig.files:
            sub.file = f
            if sub.hits:
                sub.hits = []
            if inner(sub):
                if quantifier == "no_file":
                    return False
                if len(matched) < MAX_HITS:
                    detail = f" ({sub.hits[0]})" if sub.hits else ""
                    matched.append(f"{f.path}{detail}")
                if quantifier == "any_file" and len(matched) >= MAX_HITS:
                    break
            elif quantifier == "all_files":
                return False
        if quantifier == "no_file":
            return True
        if not matched:
            return False
        ctx.hits.extend(matched)
        return True
    return pred


def _compile_list(node: Any, scope: str, path: KeyPath, problems: Problems) -> list[Pred] | None:
    """The conditions of an `any:` or `all:` list."""
    if not isinstance(node, list) or not node:
        problems.add(path, "expected a non-empty list of conditions")
        return None
    preds = [compile_when(item, scope, (*path, i), problems) for i, item in enumerate(node)]
    return None if any(p is None for p in preds) else [p for p in preds if p is not None]


def _compile_key(key: str, value: Any, scope: str, path: KeyPath, problems: Problems) -> Pred | None:
    """One key of a `when` mapping."""
    here = (*path, key)
    if key in ("any", "all"):
        preds = _compile_list(value, scope, here, problems)
        if preds is None:
            return None
        return (lambda ctx: any(p(ctx) for p in preds)) if key == "any" else _joined(preds)
    if key == "not":
        negated = compile_when(value, scope, here, problems)
        return None if negated is None else (lambda ctx: not negated(ctx))
    if key in QUANTIFIERS and scope == "pr":
        inner = compile_when(value, "file", here, problems)
        return None if inner is None else _quantified(key, inner)
    table = PR_KEYS if scope == "pr" else FILE_KEYS
    if key in table:
        return table[key].build(value, here, problems)
    if scope == "pr" and key in FILE_KEYS:
        problems.add(here, f"{key!r} is a file condition: put it under any_file, all_files or no_file")
    else:
        known = [*table, *COMBINATORS, *(QUANTIFIERS if scope == "pr" else ())]
        problems.add(here, f"unknown condition {key!r}{did_you_mean(key, known)}")
    return None


def compile_when(node: Any, scope: str, path: KeyPath, problems: Problems) -> Pred | None:
    """A `when` mapping (all its keys must hold) compiled to a predicate, or None after problems."""
    if not isinstance(node, dict) or not node:
        problems.add(path, "expected a mapping of conditions")
        return None
    preds = [_compile_key(str(k), v, scope, path, problems) for k, v in node.items()]
    if any(p is None for p in preds):
        return None
    return _joined([p for p in preds if p is not None])
