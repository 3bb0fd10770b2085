"""The Markdown report shared by the PR comment, the job summary and `check --format markdown`."""

from __future__ import annotations

from collections import Counter

from pr_impact import __version__
from pr_impact.core.verdict import Verdict
from pr_impact.render.neutralise import block, code_span, inline, table_cell

TITLES = {"user-facing": "User-facing outcome", "tech-debt": "Tech debt with user impact",
          "internal": "Internal only"}
ICONS = {"user-facing": "🟢", "tech-debt": "🟡", "internal": "⚪"}
MAX_FILES_LISTED = 50


def _verdict(v: Verdict) -> list[str]:
    """Heading and the one-sentence why."""
    lines = [f"### {ICONS[v.impact]} {TITLES[v.impact]} · {v.confidence} confidence", "", inline(v.why, 400)]
    if v.override:
        lines += ["", f"> Manual override by {inline(v.override.by, 60)} ({v.override.how}); the rules alone "
                      f"would say **{v.rules_impact}**."]
    return lines


def _user_changes(v: Verdict) -> list[str]:
    """What changes for users: linked issue titles, the cleaned title, the release-note block."""
    sig = v.signals
    items = [inline(i.title, 200) for i in sig.pr.linked_issues if i.title]
    if sig.clean_title:
        items.append(inline(sig.clean_title, 200))
    lines = ["#### What changes for users", ""]
    lines += [f"- {item}" for item in dict.fromkeys(items)] or ["- (no description)"]
    if sig.release_note:
        lines += ["", "Release note from the PR:", "", block(sig.release_note, 1500)]
    return lines


def _areas(v: Verdict) -> list[str]:
    """Product areas touched, with file counts."""
    if not v.areas:
        return []
    shown = list(v.areas.items())[:15]
    return ["#### Product areas", "", ", ".join(f"**{inline(a, 60)}** ({n})" for a, n in shown)]


def _issues(v: Verdict) -> list[str]:
    """Linked issues with state and labels."""
    issues = v.signals.pr.linked_issues[:20]
    if not issues:
        return []
    rows = ["#### Linked issues", "", "| Issue | State | Labels |", "|---|---|---|"]
    for i in issues:
        title = f" {i.title}" if i.title else ""
        rows.append(f"| {table_cell(i.ref + title, 120)} | {table_cell(i.state or '?', 20)} | "
                    f"{table_cell(', '.join(i.labels) or '-', 80)} |")
    return rows


def _release_draft(v: Verdict) -> list[str]:
    """A one-line release-note draft for user-facing PRs."""
    if v.impact != "user-facing":
        return []
    text = v.signals.release_note or v.signals.clean_title
    return ["#### Release-note draft", "", f"- {inline(text.splitlines()[0] if text else '', 200)}"] if text else []


def _evidence(v: Verdict) -> list[str]:
    """The rules that decided it, with what each saw."""
    lines = ["#### Evidence", ""]
    for e in sorted(v.evidence, key=lambda e: (e.impact != v.rules_impact, -e.weight))[:12]:
        seen = ", ".join(code_span(h, 80) for h in e.hits[:3])
        lines.append(f"- **{e.impact}** +{e.weight:g} {inline(e.reason, 150)} ({code_span(e.rule, 60)})"
                     + (f": {seen}" if seen else ""))
    return lines if len(lines) > 2 else []


def _details(v: Verdict) -> list[str]:
    """Collapsed implementation details: files by kind and sizes."""
    sig = v.signals
    kinds = Counter(f.kind for f in sig.files)
    rows = [f"{k}: {n}" for k, n in kinds.most_common()]
    lines = ["<details><summary>Implementation details</summary>", "",
             f"{sig.pr.files_reported} files, +{sig.additions} −{sig.deletions} lines. By kind: {', '.join(rows)}.", ""]
    for f in sig.files[:MAX_FILES_LISTED]:
        lines.append(f"- {code_span(f.path, 150)} {f.kind}, {f.surface} (+{f.change.additions} −{f.change.deletions})")
    if len(sig.files) > MAX_FILES_LISTED:
        lines.append(f"- … and {len(sig.files) - MAX_FILES_LISTED} more files")
    lines += [*(f"- ⚠️ {note}" for note in v.notes), "", "</details>"]
    return lines


def render_markdown(v: Verdict, commit: str | None = None) -> str:
    """The whole report as GitHub-flavoured Markdown: plain language first, implementation last."""
    sections = [_verdict(v), _user_changes(v), _areas(v), _issues(v), _release_draft(v), _evidence(v), _details(v)]
    sha = commit or v.signals.pr.head_sha
    footer = (f"<sub>pr-impact {__version__} · rules from {inline(v.config_source, 80)}"
              + (f" · commit {code_span(sha[:12], 20)}" if sha else "") + "</sub>")
    return "\n\n".join("\n".join(s) for s in sections if s) + "\n\n" + footer + "\n"
