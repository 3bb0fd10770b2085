"""The Markdown report shared by the PR comment, the job summary and `check --format markdown`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from pr_impact import __version__
from pr_impact.core import reasons
from pr_impact.core.headsup import HeadsUp
from pr_impact.core.model import LinkedIssue
from pr_impact.core.outcome import LEADS, Outcome
from pr_impact.core.story import Story, story
from pr_impact.core.taxonomy import SHIPPED_KINDS
from pr_impact.core.text import plural
from pr_impact.core.verdict import Evidence, Verdict
from pr_impact.render.neutralise import block, code_span, inline, link, rich, table_cell, workflow_safe
from pr_impact.render.size_limit import fit_to_limit

TITLES = {"user-facing": "User-facing outcome", "tech-debt": "Tech debt with user impact",
          "internal": "Internal only"}
ICONS = {"user-facing": "🟢", "tech-debt": "🟡", "internal": "⚪"}
HEADSUP_TITLES = {"migration": "🗄️", "feature-flag": "🚩", "api-schema": "🔌", "defaults": "⚙️", "security": "🔒",
                  "performance": "⏱️", "large": "📦", "partial": "⚠️"}
MAX_CHARS = 60_000  # GitHub's limit is 65,536; the rest is room for the action's hidden markers


@dataclass(frozen=True, slots=True)
class Budget:
    """How much of each list one rendering shows; smaller budgets are tried until the report fits."""

    files: int = 300
    rules: int = 12
    hits: int = 3
    issues: int = 20
    user_items: int = 10
    areas: int = 15
    heads_up: int = 12
    heads_up_items: int = 5
    release_note: int = 1500


# Trim the file list first (engineers can run `pr-impact explain`), then evidence detail, then the PM's lists.
BUDGETS = (
    Budget(),
    Budget(files=100),
    Budget(files=25, hits=2),
    Budget(files=0, rules=8, hits=1, issues=10, heads_up_items=3),
    Budget(files=0, rules=5, hits=1, issues=5, user_items=5, areas=8, heads_up=8, heads_up_items=2,
           release_note=600),
    Budget(files=0, rules=3, hits=0, issues=3, user_items=3, areas=5, heads_up=5, heads_up_items=1,
           release_note=300),
)


class _Omitted:
    """Collects what a rendering left out, so the report can end by saying so."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def note(self, shown: int, total: int, what: str) -> str | None:
        """Record that only `shown` of `total` `what` were listed; the in-place '… and N more' line."""
        if total <= shown:
            return None
        self.parts.append(f"{shown:,} of {total:,} {what}")
        return f"- … and {total - shown:,} more {what}"


def _verdict(v: Verdict, st: Story) -> list[str]:
    """Heading and the one-sentence why; for a manual override, who set it and what the rules would say."""
    title = f"### {ICONS.get(v.impact, '')} {TITLES.get(v.impact, inline(v.impact, 40))}"
    o = v.override
    if o is None:
        return [f"{title} · {v.confidence} confidence", "", inline(st.headline, 400)]
    head = f"{title} · manual override"  # a person's choice: the confidence shown is the rules' own, below
    who = "the PR author" if o.by == "author" else inline(o.by, 60)
    how = "an `Impact:` line in the PR description" if o.how == "declaration" else "the impact label"
    lines = [head, "", f"> **Manual override** — set by {who} with {how}.",
             f"> The rules alone would say **{TITLES.get(v.rules_impact, v.rules_impact)}**"
             f" with {v.rules_confidence or v.confidence} confidence"
             f" (scores: {', '.join(f'{c} {s:g}' for c, s in v.scores.items())})."]
    if v.rules_impact != v.impact:
        strongest = max((e for e in v.evidence if e.impact == v.rules_impact), key=lambda e: e.weight, default=None)
        if strongest is not None:
            lines.append(f"> Strongest evidence against the override: {inline(strongest.reason, 200)}.")
    return lines


def _path(path: str, max_len: int = 160) -> str:
    """A path as code, shortened in the middle so the file name stays visible."""
    if len(path) > max_len - 4:
        path = path[: max_len // 4] + "…" + path[-(max_len - 8 - max_len // 4):]
    return code_span(path, max_len)


def _outcome_line(o: Outcome) -> str:
    """One outcome as a list item: our words for what kind of change it is, the author's words after."""
    if o.source in ("flag", "env", "route"):
        detail = f": {inline(o.detail, 160)}" if o.detail else ""
        return f"- {LEADS[o.source]} {code_span(o.text, 120)}{detail}"
    if o.source == "text":
        if o.detail:
            return f"- Text changed: “{inline(o.detail, 120)}” → “{inline(o.text, 120)}”"
        return f"- {LEADS['text']}: “{inline(o.text, 160)}”"
    if o.source == "docs":
        return f"- {LEADS['docs']} “{inline(o.text, 120)}”"
    if o.source == "issue":
        return f"- {rich(o.text, 200)} ({inline(o.detail, 60)})"
    return f"- {rich(o.text, 240)}"


def _user_changes(st: Story, b: Budget, om: _Omitted) -> list[str]:
    """What changes for users, in users' words; one line for an internal verdict."""
    lines = ["#### What changes for users", ""]
    if st.nothing is not None:
        # The rules' line is our own words; a model's is treated as PR text.
        return [*lines, st.nothing if st.written_by is None else rich(st.nothing, 400)]
    items = list(st.outcomes)
    if items and items[0].source == "written":
        return [*lines, rich(items[0].text, 400)]
    if not items or items[0].source == "none":
        lines.append("The PR does not say what users will see (a “Release notes” section in its description "
                     "would).")
        items = items[1:]
    note = next((o for o in items if o.source == "release-note"), None)
    if note is not None:
        lines += [block(note.text, b.release_note), ""]
    listed = [o for o in items if o.source != "release-note"]
    lines += [_outcome_line(o) for o in listed[: b.user_items]]
    more = om.note(b.user_items, len(listed), "descriptions")
    return lines + ([more] if more else [])


def _areas(v: Verdict, b: Budget, om: _Omitted) -> list[str]:
    """Product areas touched, with file counts (none for an internal verdict: users see none of them)."""
    if not v.areas or v.impact == "internal":
        return []
    shown = list(v.areas.items())[: b.areas]
    text = ", ".join(f"**{inline(a, 60)}** ({n:,} {'file' if n == 1 else 'files'})" for a, n in shown)
    more = om.note(len(shown), len(v.areas), "areas")
    return ["#### Product areas", "", text + (f" {more[2:]}" if more else "")]


def _issue_row(i: LinkedIssue, typed: bool, parented: bool) -> str:
    """One linked issue or ticket: its reference (a ticket's key links to it), title, type, state, labels,
    epic or project."""
    labels = ", ".join(i.labels[:8]) + (" …" if len(i.labels) > 8 else "")
    title = i.title or ("(no such ticket)" if i.missing else "(title not known)")
    state = "not found" if i.missing else i.state or "unknown"
    cells = [link(i.ref, i.url, 60) if i.key else table_cell(i.ref, 60), table_cell(title, 150)]
    cells += [table_cell(i.type or "—", 40)] if typed else []
    cells += [table_cell(state, 40), table_cell(labels or "—", 120)]
    cells += [table_cell(i.parent or "—", 80)] if parented else []
    return "| " + " | ".join(cells) + " |"


def _issues(v: Verdict, b: Budget, om: _Omitted) -> list[str]:
    """Linked issues and tickets with state and labels, as a table; type and epic/project columns when
    any of them has one (tickets do)."""
    issues = v.signals.pr.linked_issues
    if not issues:
        return []
    shown = issues[: b.issues]
    typed, parented = any(i.type for i in shown), any(i.parent for i in shown)
    heads = ["Issue", "Title", *(["Type"] if typed else []), "State", "Labels",
             *(["Epic / project"] if parented else [])]
    rows = ["#### Linked issues", "", "| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    rows += [_issue_row(i, typed, parented) for i in shown]
    more = om.note(b.issues, len(issues), "linked issues")
    return rows + (["", more] if more else [])


def _heads_up_line(h: HeadsUp, b: Budget, om: _Omitted) -> str:
    """One heads-up: our sentence, then the author-controlled items behind it as code."""
    line = f"- {HEADSUP_TITLES.get(h.kind, '•')} {inline(h.text, 400)}"
    shown = [code_span(item, 140) for item in h.items[: b.heads_up_items]]
    if shown:
        line += " " + ", ".join(shown)
        if len(h.items) > len(shown):
            line += f" (and {len(h.items) - len(shown):,} more)"
            om.note(len(shown), len(h.items), "heads-up details")
    return line


def _heads_up(v: Verdict, b: Budget, om: _Omitted, items: list[HeadsUp]) -> list[str]:
    """Migrations, flags, API, defaults, security, timing claims and size, in plain words."""
    if not items:
        return []
    lines = ["#### Heads-up", ""] + [_heads_up_line(h, b, om) for h in items[: b.heads_up]]
    more = om.note(b.heads_up, len(items), "heads-up items")
    return lines + ([more] if more else [])


def _release_draft(st: Story) -> list[str]:
    """A one-line release-note draft for user-facing PRs the rules are fairly sure of, from the best
    source in users' words, when it says more than the outcome lines above already do."""
    line = st.release_note
    if not line or any(o.text.strip() == line for o in st.outcomes):
        return []
    return ["#### Release-note draft", "", f"- {rich(line, 200)}"]


# A reason about what the title, the description or an issue says rests on those words, which the
# comment leaves to `explain`; the files its rule also required are not what it says, so they are not
# shown as if they were ("a performance improvement: theme-dark.toml").
_TEXT_REASONS = ("the title", "the description", "a linked issue", "it mentions", "its timing claim", "it claims")


def _hits(e: Evidence, b: Budget) -> str:
    """The files and issues behind a reason (the words it matched are for `explain`)."""
    if e.reason.lower().startswith(_TEXT_REASONS):
        return ""
    hits = [h for h in e.hits if " matches “" not in h]
    seen = ", ".join(code_span(h, 100) for h in hits[: b.hits])
    if len(hits) > b.hits and b.hits:
        seen += f" (and {len(hits) - b.hits:,} more)"
    return f": {seen}" if seen else ""


def _files_line(v: Verdict) -> str:
    """The files a verdict rests on when no rule's words carry it, shipped ones first."""
    kinds = [f.kind for f in v.signals.files]
    # "What ships to users" names shipped files only: a test snapshot listed under it reads as a false claim.
    named = [f for f in v.signals.files if f.kind in SHIPPED_KINDS] or list(v.signals.files)
    files = named[:3]
    seen = ", ".join(_path(f.path, 100) for f in files)
    more = len(named) - len(files)
    reason = reasons.files_reason(kinds)
    tail = (f": {seen}" if seen else "") + (f" (and {more:,} more)" if more > 0 else "")
    return reason[:1].upper() + reason[1:] + tail


def _evidence(v: Verdict, st: Story, b: Budget) -> list[str]:
    """The few reasons that carry the verdict, in words; when it is not sure, what speaks against it."""
    backing, contra = st.reasons[: b.rules], st.against
    lines = ["#### Evidence", ""] + [f"- {inline(e.reason, 150)}{_hits(e, b)}" for e in backing]
    if not backing:
        # No rule's words carry the verdict: what it rests on is which files changed and whether they ship.
        lines.append(f"- {_files_line(v)}")
    if contra is not None:
        other = reasons.PLAIN[st.runner_up]
        lines.append(f"- *Against — it may be {other}:* {inline(contra.reason[:1].lower() + contra.reason[1:], 150)}"
                     f"{_hits(contra, b)}")
    return lines


def _details(v: Verdict, b: Budget, om: _Omitted) -> list[str]:
    """Collapsed implementation details for engineers: files by kind, sizes, the file list."""
    sig = v.signals
    kinds = Counter(f.kind for f in sig.files)
    by_kind = ", ".join(f"{k} {n:,}" for k, n in kinds.most_common()) or "none listed"
    lines = ["<details><summary>Implementation details</summary>", "",
             f"{plural(sig.pr.files_reported, 'file')}, +{sig.additions:,} −{sig.deletions:,} lines."
             f" By kind: {by_kind}.",
             f"Branch {code_span(sig.pr.head or '-', 80)} into {code_span(sig.pr.base or '-', 80)}"
             f" by {inline(sig.pr.author or 'unknown', 60)}{' (bot)' if sig.bot else ''}.", ""]
    for f in sig.files[: b.files]:
        # The file's kind, and why a rule set it aside ("only formatting changed"); not its surface, which a
        # PM would read as a verdict of its own ("user-facing" under an internal heading).
        # Only a file set aside is explained: "it changes dependencies users install" beside "Nothing users see"
        # reads as the comment contradicting itself, and the verdict's own reasons already say what reaches users.
        aside = (f", {inline(f.surface_reason[:1].lower() + f.surface_reason[1:], 100)}"
                 if f.surface_rule and f.surface == "internal" else "")
        lines.append(f"- {_path(f.path)} {f.kind}{aside} (+{f.change.additions:,} −{f.change.deletions:,})")
    more = om.note(b.files, len(sig.files), "files")
    lines += [more] if more else []
    # What was not read is for engineers: a PM acts on the heads-up above, not on a missing diff.
    partial = [_heads_up_line(h, b, om) for h in v.heads_up if h.kind == "partial"]
    lines += partial or [f"- ⚠️ {inline(note, 300)}" for note in v.notes]
    lines += ["", "</details>"]
    return lines


def _footer(v: Verdict, commit: str | None, om: _Omitted, trimmed: bool, st: Story) -> list[str]:
    """What the report left out, then the commit it reflects, where the rules came from, whose words the
    comment's are when a model wrote them, and the version."""
    sha = commit or v.signals.pr.head_sha
    lines = []
    if om.parts:
        why = "Shortened to fit GitHub's comment size limit" if trimmed else "Not everything is listed"
        lines += [f"*{why}: showing {'; '.join(om.parts)}. "
                  "Run `pr-impact explain` for everything.*", ""]
    elif len(v.evidence) > len(st.reasons):
        lines += [f"*{plural(len(v.evidence), 'rule')} fired; `pr-impact explain` shows each with its weight.*", ""]
    lines.append(f"<sub>pr-impact {__version__} · rules from {inline(v.config_source, 80)}"
                 + (f" · commit {code_span(sha[:12], 20)}" if sha else "")
                 + (f" · words by {inline(st.written_by, 80)}" if st.written_by else "") + "</sub>")
    return lines


def _render(v: Verdict, st: Story, commit: str | None, b: Budget, items: list[HeadsUp], trimmed: bool) -> str:
    """One rendering of the report under one budget."""
    om = _Omitted()
    sections = [_verdict(v, st), _user_changes(st, b, om), _areas(v, b, om), _issues(v, b, om),
                _heads_up(v, b, om, items), _release_draft(st), _evidence(v, st, b), _details(v, b, om)]
    sections.append(_footer(v, commit, om, trimmed, st))
    text = "\n\n".join("\n".join(s) for s in sections if s) + "\n"
    # The report may be printed to an Actions log (`check --format markdown`): no line may be a workflow command.
    return "\n".join(workflow_safe(line) for line in text.split("\n"))


def render_markdown(v: Verdict, commit: str | None = None, max_chars: int = MAX_CHARS) -> str:
    """The whole report as GitHub-flavoured Markdown, at most `max_chars` long: plain language first."""
    items = [h for h in v.heads_up if h.kind != "partial"]
    # The story does not depend on the budget, and on a huge PR (the one that falls to the lower levels) it
    # is the costly part: it is told once, not once per level.
    st = story(v)
    # Even the smallest budget is too long only when max_chars is tiny: then it is cut at a line.
    return fit_to_limit(lambda level: _render(v, st, commit, BUDGETS[level], items, trimmed=level > 0), len(BUDGETS),
                        max_chars, "\n\n*Report cut to fit the size limit; run `pr-impact explain` for everything.*\n")

