"""The digest: many merged PRs' verdicts summed up for a PM (headline numbers, groups, heads-up, weeks)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple

from pr_impact.core import title_words
from pr_impact.core.conditions import CLASSES
from pr_impact.core.headsup import HeadsUp
from pr_impact.core.model import LinkedIssue, PullRequest
from pr_impact.core.outcome import LEADS
from pr_impact.core.story import story
from pr_impact.core.taxonomy import is_vendored
from pr_impact.core.text import PR_NUMBER_SUFFIX
from pr_impact.core.verdict import Verdict

OTHER_AREA = "Other"
NO_EPIC = "No epic or project"
# The heads-up kinds the roll-up gathers across the window, in the order it shows them.
ROLLUP_KINDS = ("migration", "feature-flag", "api-schema", "security", "large")
# "Partly analysed" describes what the digest could read, not the PR: the Action's digest reads no diffs
# (the API lists none), so it would be said of every PR.
_NOT_FOR_DIGEST = frozenset({"partial"})
# How a revert names what it reverts: GitHub's revert button writes `Revert "<title>"` and `Reverts
# owner/repo#12`; `git revert` writes `Revert "<subject>"` and `This reverts commit <sha>.` Bounded: author text.
_REVERT_TITLE = re.compile(r'Revert "(.{1,500})"\Z')
_REVERTS_PR = re.compile(r"^Reverts (?:[\w.-]{1,100}/[\w.-]{1,100})?#(\d{1,9})[ \t]*$", re.MULTILINE)
_REVERTS_COMMIT = re.compile(r"This reverts commit ([0-9a-f]{7,64})")
# Internal work by kind, in the order the digest lists the kinds.
INTERNAL_KINDS = ("CI", "tests", "dependencies", "docs", "tooling", "other")
_TYPE_KINDS = {"ci": "CI", "test": "tests", "docs": "docs", "build": "dependencies", "chore": "tooling",
               "style": "tooling"}
_FILE_KINDS = {"ci": "CI", "test": "tests", "lockfile": "dependencies", "manifest": "dependencies",
               "docs": "docs", "contributor-docs": "docs", "example": "docs", "build": "tooling",
               "packaging": "tooling", "generated": "tooling", "release": "tooling", "config": "tooling"}


class Window(NamedTuple):
    """Which merged PRs a digest covers, as the caller asked for them (dates as ISO text, refs as given)."""

    since: str | None = None
    until: str | None = None
    from_ref: str | None = None
    to_ref: str | None = None


class MergedPR(NamedTuple):
    """One merged pull request, from git history or the API, when it was merged, and the commit that
    merged it (the squash or merge commit, which a `git revert` names)."""

    pr: PullRequest
    merged_at: datetime
    commit: str | None = None


class Entry(NamedTuple):
    """One merged PR as the digest receives it: its verdict, when it was merged and by which commit."""

    verdict: Verdict
    merged_at: datetime
    commit: str | None = None


class Reverts(NamedTuple):
    """What a revert names: a PR number, a commit, or only the reverted title (author text, bounded)."""

    number: int | None
    commit: str | None
    title: str


class DigestPR(NamedTuple):
    """One merged PR as the digest shows it. `summary`, `title`, `release_note`, `areas` and heads-up
    items are author-controlled: every renderer neutralises them."""

    number: int | None
    title: str
    impact: str
    confidence: str
    areas: tuple[str, ...]
    merged_at: datetime
    release_note: str | None
    summary: str  # release-note words: the release note's first line, a linked issue's title, the cleaned title
    internal_kind: str | None  # for internal PRs: one of INTERNAL_KINDS
    heads_up: tuple[HeadsUp, ...]
    overridden: bool  # a person set the class (label or `Impact:` line)
    commit: str | None = None  # the commit that merged it
    reverts: Reverts | None = None  # set when the PR is a revert
    tickets: tuple[LinkedIssue, ...] = ()  # its Jira and Linear tickets (their text is author-controlled too)

    @property
    def area(self) -> str:
        """The area the PR is listed under: its busiest one."""
        return self.areas[0] if self.areas else OTHER_AREA

    @property
    def epic(self) -> str:
        """The epic (Jira) or project (Linear) of its first ticket that has one."""
        return next((t.parent for t in self.tickets if t.parent), NO_EPIC)

    def group(self, by: str) -> str:
        """The group the PR is listed under: its area, or with `by="epic"` its tickets' epic or project."""
        return self.epic if by == "epic" else self.area


class Digest(NamedTuple):
    """Everything the digest renderers show, computed once."""

    window: Window
    prs: tuple[DigestPR, ...]  # merged order, oldest first; a reverted PR and its revert are not among them
    totals: dict[str, int]  # per class, plus "total"
    user_facing: dict[str, tuple[DigestPR, ...]]  # area -> PRs, busiest area first
    tech_debt: dict[str, tuple[DigestPR, ...]]
    internal: dict[str, int]  # kind -> PRs
    rollup: dict[str, tuple[tuple[DigestPR, HeadsUp], ...]]  # heads-up kind -> the PRs that raised it
    weeks: tuple[tuple[date, dict[str, int]], ...]  # each week's Monday, with PRs per class
    areas: dict[str, int]  # PRs per area (user-facing and tech-debt), busiest first
    reverted: tuple[tuple[DigestPR, DigestPR], ...] = ()  # (a PR, the PR that reverted it), both in the window
    without_pr: int = 0  # commits that reached the branch without a pull request (direct pushes)
    grouped_by: str = "area"  # what `user_facing` and `tech_debt` are grouped by: "area" or "epic"
    # User-facing and tech-debt PRs the rules called at low confidence: listed apart, "worth a look",
    # not among what shipped (a person's label is never unsure).
    unsure: tuple[DigestPR, ...] = ()

    @property
    def reached_users(self) -> int:
        """PRs users see or would notice: user-facing and tech-debt."""
        return self.totals["user-facing"] + self.totals["tech-debt"]

    def share(self, count: int) -> int:
        """`count` as a whole percentage of all PRs (0 in an empty digest)."""
        total = self.totals["total"]
        return round(100 * count / total) if total else 0


def release_words(verdict: Verdict) -> str:
    """What the PR means for users in release-note words, from the same story as its PR comment: the writer's
    release-note line where a model wrote one; else its release note's first line, a changelog entry, a linked
    issue's title, what its diff adds (or the writer's outcome), else its cleaned title (a digest line must name
    the PR even when the title is mostly code)."""
    st = story(verdict)
    if st.written_by is not None and st.release_note:
        return st.release_note
    for o in st.outcomes:
        if o.source == "none":
            continue
        line = next((x.strip().lstrip("-*• ").strip() for x in o.text.splitlines() if x.strip(" -*•")), "")
        if line:
            return f"{LEADS[o.source]}: {line}" if o.source in LEADS else line
    return title_words.cleaned(verdict.signals.pr.title).text or verdict.signals.pr.title.strip() or "(no title)"


def _file_kind(path: str, kind: str) -> str:
    """A file's kind of internal work; vendored Go modules (`go mod vendor`) are the dependencies
    themselves, not generated tooling output."""
    if kind == "generated" and is_vendored(path):
        return "dependencies"
    return _FILE_KINDS.get(kind, "other")


def internal_kind(verdict: Verdict) -> str:
    """The kind of internal work: from the title's type when it names one, else the files' most common kind."""
    sig = verdict.signals
    kinds = Counter(_file_kind(f.change.path, f.kind) for f in sig.files)
    if sig.type in _TYPE_KINDS:
        kind = _TYPE_KINDS[sig.type]
        # `build:`/`chore:` with no manifest or lockfile is tooling, not a dependency change.
        if kind == "dependencies" and not kinds["dependencies"]:
            return "tooling"
        return kind
    if sig.bot and kinds["dependencies"]:
        return "dependencies"
    if not kinds:
        return "other"
    return min(kinds, key=lambda k: (-kinds[k], INTERNAL_KINDS.index(k)))


def reverts(title: str, body: str) -> Reverts | None:
    """What a PR reverts, when its title says it is a revert (`Revert "..."`); None otherwise."""
    quoted = _REVERT_TITLE.match(title.strip())
    if quoted is None:
        return None
    inner = quoted[1].strip()
    by_pr = _REVERTS_PR.search(body)
    numbered = PR_NUMBER_SUFFIX.search(inner)
    number = int(by_pr[1]) if by_pr else int(numbered[1]) if numbered else None
    by_commit = _REVERTS_COMMIT.search(body)
    return Reverts(number, by_commit[1] if by_commit else None, inner[: numbered.start()].rstrip() if numbered
                   else inner)


def _under(summary: str, areas: dict[str, int]) -> str:
    """A summary listed under its area, without the area repeated in front ("Billing: add X" under Billing)."""
    area = next(iter(areas), "")
    lead = f"{area}: "
    if area and summary[: len(lead)].lower() == lead.lower() and len(summary) > len(lead):
        rest = summary[len(lead):]
        return rest[:1].upper() + rest[1:]
    return summary


def digest_pr(entry: Entry) -> DigestPR:
    """One PR as the digest shows it."""
    v = entry.verdict
    pr = v.signals.pr
    return DigestPR(
        number=pr.number, title=pr.title, impact=v.impact, confidence=v.confidence, areas=tuple(v.areas),
        merged_at=entry.merged_at, release_note=v.signals.release_note, summary=_under(release_words(v), v.areas),
        internal_kind=internal_kind(v) if v.impact == "internal" else None,
        heads_up=tuple(h for h in v.heads_up if h.kind not in _NOT_FOR_DIGEST), overridden=v.override is not None,
        commit=entry.commit, reverts=reverts(pr.title, pr.body), tickets=tuple(i for i in pr.linked_issues if i.key),
    )


def _reverted(original: DigestPR, ref: Reverts) -> bool:
    """Whether `ref` names `original`: by number, by its merge commit, else by its exact title."""
    if ref.number is not None:
        return original.number == ref.number
    if ref.commit is not None:
        return bool(original.commit) and (original.commit or "").startswith(ref.commit)
    return original.title.strip() == ref.title


def pair_reverts(prs: tuple[DigestPR, ...]) -> tuple[tuple[DigestPR, ...], tuple[tuple[DigestPR, DigestPR], ...]]:
    """The PRs whose outcome stands, and each (PR, its revert) pair of the window: neither of a pair shipped
    anything. Merge order: a revert pairs with the latest earlier PR it names that is not paired yet (a
    revert of a revert re-lands the change, so it stands)."""
    paired: set[int] = set()
    pairs: list[tuple[DigestPR, DigestPR]] = []
    for i, pr in enumerate(prs):
        if pr.reverts is None:
            continue
        ref = pr.reverts
        match = next((j for j in range(i - 1, -1, -1) if j not in paired and _reverted(prs[j], ref)), None)
        if match is not None:
            paired.update((match, i))
            pairs.append((prs[match], pr))
    return tuple(p for k, p in enumerate(prs) if k not in paired), tuple(pairs)


def _grouped(prs: Iterable[DigestPR], by: str = "area") -> dict[str, tuple[DigestPR, ...]]:
    """PRs by area (or epic), the group with most PRs first (ties by name, "Other" and "No epic" last)."""
    groups: dict[str, list[DigestPR]] = {}
    for pr in prs:
        groups.setdefault(pr.group(by), []).append(pr)
    order = sorted(groups, key=lambda a: (a in (OTHER_AREA, NO_EPIC), -len(groups[a]), a.lower()))
    return {a: tuple(groups[a]) for a in order}


def _weeks(prs: tuple[DigestPR, ...]) -> tuple[tuple[date, dict[str, int]], ...]:
    """PRs per class for every week (Monday to Sunday, UTC) from the first merge to the last, empty weeks too."""
    if not prs:
        return ()
    counts: dict[date, Counter[str]] = {}
    for pr in prs:
        day = pr.merged_at.date() if pr.merged_at.tzinfo is None else pr.merged_at.astimezone(UTC).date()
        counts.setdefault(day - timedelta(days=day.weekday()), Counter())[pr.impact] += 1
    first, last = min(counts), max(counts)
    weeks = []
    while first <= last:
        c = counts.get(first, Counter())
        weeks.append((first, {k: c[k] for k in CLASSES}))
        first += timedelta(days=7)
    return tuple(weeks)


def build_digest(entries: Iterable[Entry], window: Window | None = None, without_pr: int = 0,
                 group_by: str = "area") -> Digest:
    """The digest of merged PRs, oldest merge first. Pure: same entries, same digest."""
    return digest_of((digest_pr(e) for e in entries), window, without_pr, group_by)


def _unsure(p: DigestPR) -> bool:
    """Whether the digest lists a shipped PR apart, as one the rules were unsure of and no one overrode."""
    return p.confidence == "low" and not p.overridden


def digest_of(items: Iterable[DigestPR], window: Window | None = None, without_pr: int = 0,
              group_by: str = "area") -> Digest:
    """The digest of PRs already summed up by `digest_pr`, oldest merge first; `without_pr` commits reached
    the branch without a pull request. `group_by` "epic" lists shipped PRs by their tickets' epic or project."""
    window = window or Window()
    merged = tuple(sorted(items, key=lambda p: (p.merged_at, p.number or 0)))
    prs, reverted = pair_reverts(merged)
    counts = Counter(p.impact for p in prs)
    totals = {k: counts[k] for k in CLASSES} | {"total": len(prs)}
    internal = Counter(p.internal_kind for p in prs if p.internal_kind)
    rollup = {kind: tuple((p, h) for p in prs for h in p.heads_up if h.kind == kind) for kind in ROLLUP_KINDS}
    shipped = [p for p in prs if p.impact != "internal"]
    area_counts = Counter(p.area for p in shipped)
    unsure = tuple(p for p in shipped if _unsure(p))
    sure = [p for p in shipped if not _unsure(p)]
    return Digest(
        window=window, prs=prs, totals=totals,
        user_facing=_grouped((p for p in sure if p.impact == "user-facing"), group_by),
        tech_debt=_grouped((p for p in sure if p.impact == "tech-debt"), group_by),
        internal={k: internal[k] for k in INTERNAL_KINDS if internal[k]},
        rollup={k: v for k, v in rollup.items() if v},
        weeks=_weeks(prs),
        areas=dict(sorted(area_counts.items(), key=lambda kv: (kv[0] == OTHER_AREA, -kv[1], kv[0].lower()))),
        reverted=reverted, without_pr=without_pr, grouped_by=group_by, unsure=unsure,
    )


def fork_merge_title(message: str) -> str | None:
    """A private fork's merge (GitHub's `Merge commit from fork`, a security advisory's temporary fork) as a
    change of its own: its title, the first line its message's body gives (the fork PR's commits, bullets
    stripped), else a plain one; None for any other commit. One rule for the git history and the API."""
    subject, _, body = message.partition("\n")
    if subject.strip().casefold() != "merge commit from fork":
        return None
    lines = [line.strip().lstrip("*-• ").strip() for line in body.splitlines()]
    return next((line for line in lines if line), "") or "Security fix merged from a private fork"
