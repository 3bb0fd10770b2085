"""Signals: the facts rules look at, computed once per pull request from the PR model."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pr_impact.core import diff, doc_diff, text, timing_claims
from pr_impact.core.manifests import dependency_scopes
from pr_impact.core.model import FileChange, LinkedIssue, PullRequest
from pr_impact.core.taxonomy import PACKAGE_ROOTS, classify_path, machinery_only

_T = TypeVar("_T")
# Directory names that say nothing about the product area a file belongs to.
_GENERIC_DIRS = frozenset(
    {"src", "lib", "libs", "app", "apps", "packages", "package", "pkg", "internal", "cmd", "source", "sources",
     "main", "java", "kotlin", "com", "org", "io", "net", "modules", "crates", "core", "common", "shared", "client",
     "server", "node", "web", "frontend", "backend", "services", "components", "utils", "util", "helpers", "helper",
     "impl", "base", "include", "public", "static", "pages", "views", "screens", "features", "widgets", "ui",
     "plugins", "extensions", "stages", "resources", "res", "assets", "styles", "locales", "i18n", "lang", ".",
     # How code is organised, not what it is for: "composables/mockServerWorkspace.ts" is about mock servers.
     "composables", "hooks", "store", "stores", "models", "controllers", "handlers", "providers", "contexts",
     "types", "typings", "interfaces", "mixins", "adapters", "middleware", "middlewares", "generated"}
)
MAX_GUESSED_AREAS = 4  # without configured areas, a PM reads the few that matter, not one per folder

# The patterns below run on author-controlled patch lines. Each is anchored by `^` or starts with a
# literal, and no unbounded repeat sits next to one that can match the same character, so Python's
# backtracking engine stays linear in the line length (tests/test_regex_safety.py checks it).
# Lines of import statements across languages, including the name lines of a multi-line import.
# Lines come from author-controlled patches, so no two adjacent repeats may match the same
# characters (Python's engine would retry every split of a long run: quadratic). Hence
# `(const|let|var)\s[\w{}\s,]+` (the class already holds the rest of the whitespace) and
# `(?:\}\s*)?from` (a bare `\s*from` would overlap the leading `^\s*`): they match the same lines
# as the plainer `\s+[\w{}\s,]+` and `\}?\s*from` would.
_IMPORT_LINE = re.compile(
    r"""^\s*(import\b|from\s+\S+\s+import\b|export\s+(\*|\{[^}]*\})\s+from\b|use\s+[\w:{]|require\(|"""
    r"""(const|let|var)\s[\w{}\s,]+=\s*require\(|#include\b|using\s+[\w.]+;|@import\b|@use\b|"""
    r"""(?:\}\s*)?from\s+["'][^"']+["'];?\s*$|[\w$]+(\s+as\s+[\w$]+)?,?\s*$|type\s+[\w$]+,?\s*$|"""
    r"""["'][^"']+["']\s*$|\(|\))"""
)
# Hunk headers and context lines that open test code inside a source file.
_TEST_REGION = re.compile(r"#\[cfg\(test\)\]|\bmod tests?\b|^\s*(func (Test|Example|Benchmark)|def test_|"
                          r"class Test|describe\(|it\()")
# Every _TEST_REGION match contains one of these strings: a substring scan rules most files out.
_TEST_REGION_LITERALS = ("#[cfg(test)]", "mod test", "func Test", "func Example", "func Benchmark", "def test_",
                         "class Test", "describe(", "it(")


def test_code_only(patch: str | None, first: diff.FirstLines | None = None) -> bool:
    """True when every changed line of a source file sits in test code inside it (a Rust
    `#[cfg(test)]` module, a hunk whose context is a test function). `first` is diff.first_changed's
    answer when the caller has it."""
    if not patch:
        return False
    # The first changed line must already sit in test code, so a test region must open at or before
    # it: looking for one there only, not in the whole patch, rules most files out at once. Lines
    # before the first hunk header count here, so `first` serves only when the patch starts with one.
    if first is None or not patch.startswith("@@ -"):
        first = diff.first_marked(patch, "+"), diff.first_marked(patch, "-")
    found = [span for span in first if span[0] >= 0]
    if not found:
        return False
    head = patch[: min(found)[1] + 1]
    return any(literal in head for literal in _TEST_REGION_LITERALS) and changes_in_test_regions(patch)


def changes_in_test_regions(patch: str) -> bool:
    """True when the patch changes lines and every one sits in a test region: opened by a hunk
    header's context or by a line at or before it (test_code_only's full walk)."""
    in_tests = changed = False
    for raw in patch.split("\n"):
        if raw.startswith("@@"):
            in_tests = bool(_TEST_REGION.search(raw.split("@@", 2)[-1]))
            continue
        if _TEST_REGION.search(raw[1:]):
            in_tests = True
        if raw[:1] in "+-" and raw[1:].strip():
            if not in_tests:
                return False
            changed = True
    return changed


def _imports_only(lines: tuple[str, ...]) -> bool:
    """True when every non-blank line is part of an import statement (sorting imports is formatting)."""
    return all(_IMPORT_LINE.match(line) for line in lines if line.strip())


def _same_text_in_place(patch: str) -> bool:
    """True when, hunk by hunk, the old and the new text (context included) are the same once
    whitespace is removed: a re-indent or re-wrap, not a statement moved elsewhere."""
    old: list[str] = []
    new: list[str] = []
    for raw in patch.split("\n"):
        if raw.startswith("@@"):
            if "".join("".join(old).split()) != "".join("".join(new).split()):
                return False
            old, new = [], []
        elif raw[:1] == "-":
            old.append(raw[1:])
        elif raw[:1] == "+":
            new.append(raw[1:])
        elif raw[:1] != "\\":
            old.append(raw[1:])
            new.append(raw[1:])
    return "".join("".join(old).split()) == "".join("".join(new).split())


def really_formatting_only(patch: str | None, parsed: diff.ParsedPatch) -> bool:
    """A diff that only moves whitespace (or only re-sorts imports, as formatters do). The
    whole-file check alone would also accept a statement moved to another place."""
    if not patch or not diff.is_formatting_only(parsed):
        return False
    return _same_text_in_place(patch) or (_imports_only(parsed.added) and _imports_only(parsed.removed))


class FileSignals:
    """One file as rules see it: kind and surface at once, what its diff means on first use.

    On a 3,000-file PR most files are only asked cheap questions (kind, surface, path), and a
    question about the diff is mostly answered by its first changed lines. Parsing every patch up
    front cost more than everything else together, so each diff fact is computed when first asked
    for, and kept."""

    __slots__ = ("_added_text", "_comment", "_doc", "_first", "_formatting", "_parsed", "_removed_text", "_scopes",
                 "_tests", "area", "change", "kind", "surface", "surface_reason", "surface_rule")

    def __init__(self, change: FileChange, kind: str, surface: str, surface_reason: str) -> None:
        self.change = change
        self.kind = kind
        self.surface = surface
        self.surface_reason = surface_reason
        self.area: str | None = None
        self.surface_rule: str | None = None  # the surface rule that overrode the kind's default
        self._parsed: diff.ParsedPatch | None = None
        self._first: diff.FirstLines | None = None
        self._added_text: str | None = None
        self._removed_text: str | None = None
        self._formatting: bool | None = None
        self._comment: bool | None = None
        self._tests: bool | None = None
        self._scopes: frozenset[str] | None = None
        self._doc: tuple[str | None] | None = None  # in a 1-tuple: None is a computed answer

    def __repr__(self) -> str:
        return f"FileSignals({self.path!r}, kind={self.kind!r}, surface={self.surface!r})"

    @property
    def path(self) -> str:
        return self.change.path

    @property
    def lines(self) -> int:
        return self.change.additions + self.change.deletions

    @property
    def rename_only(self) -> bool:
        return self.change.status == "renamed" and self.lines == 0

    @property
    def parsed(self) -> diff.ParsedPatch:
        """The patch's added and removed lines."""
        if self._parsed is None:
            self._parsed = diff.parse_patch(self.change.patch)
        return self._parsed

    @property
    def added(self) -> tuple[str, ...]:
        return self.parsed.added

    @property
    def removed(self) -> tuple[str, ...]:
        return self.parsed.removed

    @property
    def added_text(self) -> str:
        """All added lines as one string, joined once so a regex runs once per file."""
        if self._added_text is None:
            self._added_text = "\n".join(self.added)
        return self._added_text

    @property
    def removed_text(self) -> str:
        """All removed lines as one string."""
        if self._removed_text is None:
            self._removed_text = "\n".join(self.removed)
        return self._removed_text

    def _modified_patch(self) -> str | None:
        """The patch of a modified file, when it has one."""
        return self.change.patch if self.change.status == "modified" and self.change.patch else None

    def _first_changed(self, patch: str) -> diff.FirstLines:
        """The first added and removed lines, found once for both quick checks below."""
        if self._first is None:
            self._first = diff.first_changed(patch)
        return self._first

    @property
    def formatting_only(self) -> bool:
        """Only whitespace moved (or imports were re-sorted)."""
        if self._formatting is None:
            patch = self._modified_patch()
            self._formatting = bool(patch and diff.may_be_formatting_only(patch, self._first_changed(patch))
                                    and really_formatting_only(patch, self.parsed))
        return self._formatting

    @property
    def comment_only(self) -> bool:
        """Every changed non-blank line is a comment."""
        if self._comment is None:
            patch = self._modified_patch()
            self._comment = bool(patch and diff.may_be_comment_only(self.path, patch, self._first_changed(patch))
                                 and diff.is_comment_only(self.path, self.parsed))
        return self._comment

    @property
    def test_code_only(self) -> bool:
        """Every changed line of this source file sits in test code inside it."""
        if self._tests is None:
            patch = self._modified_patch()
            self._tests = bool(self.kind == "source" and patch and test_code_only(patch, self._first_changed(patch))
                               and (self.parsed.added or self.parsed.removed))
        return self._tests

    @property
    def dependency_scopes(self) -> frozenset[str]:
        """Which parts of a dependency manifest changed (empty for other files)."""
        if self._scopes is None:
            self._scopes = (dependency_scopes(self.path, self.change.patch) if self.kind == "manifest"
                            else frozenset())
        return self._scopes

    @property
    def doc_change(self) -> str | None:
        """What a documentation diff changes: usage, prose or trivia (core/doc_diff.py); None when nothing."""
        if self._doc is None:
            self._doc = (doc_diff.doc_change(self.change.patch),)
        return self._doc[0]


@dataclass(slots=True)
class Signals:
    """Everything about one PR that rules can test, computed once."""

    pr: PullRequest
    files: list[FileSignals]
    conventional: text.Conventional | None
    type: str | None  # conventional type, else the gitmoji's type
    clean_title: str
    declared: str | None
    release_note: str | None
    bot: bool
    perf_claims: tuple[timing_claims.PerfClaim, ...]
    text: str  # title, body and commit messages
    commits_text: str
    issue_titles: str
    issue_labels: frozenset[str]
    issue_types: frozenset[str]  # linked issues' and tickets' types, lower-cased ("bug", "story")
    labels: frozenset[str]
    areas: dict[str, int]  # files per product area; empty until engine.classify has decided surfaces
    facts: dict[str, Any] = field(default_factory=dict)  # PR facts other modules compute on first use

    def fact(self, name: str, compute: Callable[[Signals], _T]) -> _T:
        """A fact another module computes from the whole PR (core/diff_shape.py), on first use and once."""
        if name not in self.facts:
            self.facts[name] = compute(self)
        value: _T = self.facts[name]
        return value

    @property
    def additions(self) -> int:
        return sum(f.change.additions for f in self.files) if self.pr.additions is None else self.pr.additions

    @property
    def deletions(self) -> int:
        return sum(f.change.deletions for f in self.files) if self.pr.deletions is None else self.pr.deletions


def file_signals(change: FileChange) -> FileSignals:
    """One file with its kind and default surface (surface rules may change the surface later)."""
    spec = classify_path(change.path)
    return FileSignals(change, spec.kind, spec.surface, spec.description)


def default_area(path: str) -> str | None:
    """A product area guessed from a path: its first folder that names a part of the product, past
    generic folders (`src`, `lib`, `utils`…) and a monorepo's package names (kept only as a last resort)."""
    dirs = path.split("/")[:-1]
    package = None
    for i, name in enumerate(dirs):
        low = name.lower()
        if low in _GENERIC_DIRS or low.startswith(".") or len(low) < 2:
            continue
        if i and dirs[i - 1].lower() in PACKAGE_ROOTS:  # a package name: an area when nothing better is
            package = package or name
            continue
        return name.replace("_", " ").replace("-", " ")
    return package.replace("_", " ").replace("-", " ") if package else None


def guessed_areas(files: list[FileSignals], scope: str) -> dict[str, int]:
    """Areas for a repository without configured ones: the title's conventional scope when it names
    a part of the product, else the few busiest guessed folders of the files that ship."""
    shipped = [f for f in files if f.area]
    if scope and shipped:
        return {scope: len(shipped)}
    return dict(list(count_areas(files).items())[:MAX_GUESSED_AREAS])


def _issue_text(issues: tuple[LinkedIssue, ...]) -> tuple[str, frozenset[str], frozenset[str]]:
    """Linked issues' (and tickets') titles as one text, their labels and their types lower-cased."""
    titles = "\n".join(i.title for i in issues if i.title)
    labels = frozenset(label.lower() for i in issues for label in i.labels)
    types = frozenset(i.type.lower() for i in issues if i.type)
    return titles, labels, types


def _perf_claims(pr: PullRequest, issue_titles: str, kind: str | None,
                 files: list[FileSignals]) -> tuple[timing_claims.PerfClaim, ...]:
    """The timing claims of the title, body and linked issues. On a PR that changes only the project's
    machinery (tests, CI, tooling) or says it is CI, test or build work, every claim times that machinery."""
    claims = timing_claims.find_claims("\n".join((pr.title, pr.body[:20000], issue_titles)))
    machinery = kind in ("ci", "test", "build") or machinery_only(f.kind for f in files)
    return tuple(timing_claims.as_internal(c) if machinery and not c.internal else c for c in claims)


def build_signals(pr: PullRequest, files: list[FileSignals]) -> Signals:
    """The PR-level signals, given the already classified files."""
    conv = text.parse_conventional(pr.title)
    kind = conv.type if conv else text.gitmoji_type(pr.title)
    commits_text = "\n".join(pr.commits)
    full_text = "\n".join(part for part in (pr.title, pr.body, commits_text) if part)
    titles, issue_labels, issue_types = _issue_text(pr.linked_issues)
    return Signals(
        pr=pr,
        files=files,
        conventional=conv,
        type=kind,
        clean_title=text.clean_title(pr.title),
        declared=text.declared_impact(pr.body),
        release_note=text.release_note(pr.body),
        bot=text.is_bot(pr.author, pr.author_type),
        perf_claims=_perf_claims(pr, titles, kind, files),
        text=full_text,
        commits_text=commits_text,
        issue_titles=titles,
        issue_labels=issue_labels,
        issue_types=issue_types,
        labels=frozenset(label.lower() for label in pr.labels),
        areas={},  # per-area counts need the surfaces: engine.classify fills them with count_areas
    )


def count_areas(files: list[FileSignals]) -> dict[str, int]:
    """Files per product area, the busiest area first."""
    areas: dict[str, int] = {}
    for f in files:
        if f.area:
            areas[f.area] = areas.get(f.area, 0) + 1
    return dict(sorted(areas.items(), key=lambda kv: (-kv[1], kv[0])))
