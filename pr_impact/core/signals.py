"""Signals: the facts rules look at, computed once per pull request from the PR model."""

from __future__ import annotations

from dataclasses import dataclass, field

from pr_impact.core import diff, perf, text
from pr_impact.core.model import FileChange, LinkedIssue, PullRequest
from pr_impact.core.taxonomy import classify_path

# Directory names that say nothing about the product area a file belongs to.
_GENERIC_DIRS = frozenset(
    {"src", "lib", "libs", "app", "apps", "packages", "package", "pkg", "internal", "cmd", "source", "sources",
     "main", "java", "kotlin", "com", "org", "io", "net", "modules", "crates", "core", "common", "shared", "client",
     "server", "node", "web", "frontend", "backend", "services", "components", "."}
)


@dataclass(slots=True)
class FileSignals:
    """One file as rules see it: kind, surface, and what its diff means."""

    change: FileChange
    kind: str
    surface: str
    surface_reason: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    formatting_only: bool
    comment_only: bool
    area: str | None = None
    surface_rule: str | None = None  # the surface rule that overrode the kind's default
    _added_text: str | None = field(default=None, repr=False)
    _removed_text: str | None = field(default=None, repr=False)

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
    perf_claims: tuple[perf.PerfClaim, ...]
    text: str  # title, body and commit messages
    commits_text: str
    issue_titles: str
    issue_labels: frozenset[str]
    labels: frozenset[str]
    areas: dict[str, int]

    @property
    def additions(self) -> int:
        return sum(f.change.additions for f in self.files) if self.pr.additions is None else self.pr.additions

    @property
    def deletions(self) -> int:
        return sum(f.change.deletions for f in self.files) if self.pr.deletions is None else self.pr.deletions


def file_signals(change: FileChange) -> FileSignals:
    """Kind, default surface and diff meaning of one file (surface rules may change the surface later)."""
    spec = classify_path(change.path)
    parsed = diff.parse_patch(change.patch)
    has_diff = bool(parsed.added or parsed.removed)
    return FileSignals(
        change=change,
        kind=spec.kind,
        surface=spec.surface,
        surface_reason=spec.description,
        added=parsed.added,
        removed=parsed.removed,
        formatting_only=has_diff and change.status == "modified" and diff.is_formatting_only(parsed),
        comment_only=has_diff and change.status == "modified" and diff.is_comment_only(change.path, parsed),
    )


def default_area(path: str) -> str | None:
    """A product area guessed from a path: its first directory that names something."""
    dirs = path.split("/")[:-1]
    for name in dirs:
        low = name.lower()
        if low not in _GENERIC_DIRS and not low.startswith(".") and len(low) > 1:
            return name.replace("_", " ").replace("-", " ")
    return None


def _issue_text(issues: tuple[LinkedIssue, ...]) -> tuple[str, frozenset[str]]:
    """Linked issues' titles as one text, and their labels lower-cased."""
    titles = "\n".join(i.title for i in issues if i.title)
    labels = frozenset(label.lower() for i in issues for label in i.labels)
    return titles, labels


def build_signals(pr: PullRequest, files: list[FileSignals]) -> Signals:
    """The PR-level signals, given the already classified files."""
    conv = text.parse_conventional(pr.title)
    kind = conv.type if conv else text.gitmoji_type(pr.title)
    commits_text = "\n".join(pr.commits)
    full_text = "\n".join(part for part in (pr.title, pr.body, commits_text) if part)
    titles, issue_labels = _issue_text(pr.linked_issues)
    areas: dict[str, int] = {}
    for f in files:
        if f.area:
            areas[f.area] = areas.get(f.area, 0) + 1
    return Signals(
        pr=pr,
        files=files,
        conventional=conv,
        type=kind,
        clean_title=text.clean_title(pr.title),
        declared=text.declared_impact(pr.body),
        release_note=text.release_note(pr.body),
        bot=text.is_bot(pr.author, pr.author_type),
        perf_claims=perf.find_claims("\n".join((pr.title, pr.body[:20000], titles))),
        text=full_text,
        commits_text=commits_text,
        issue_titles=titles,
        issue_labels=issue_labels,
        labels=frozenset(label.lower() for label in pr.labels),
        areas=dict(sorted(areas.items(), key=lambda kv: (-kv[1], kv[0]))),
    )
