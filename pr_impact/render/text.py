"""Terminal renderers: the verdict report and the full evidence trace, coloured when asked."""

from __future__ import annotations

from pr_impact.core.config import Config
from pr_impact.core.engine import probabilities
from pr_impact.core.model import LinkedIssue
from pr_impact.core.outcome import LEADS
from pr_impact.core.story import Story, story
from pr_impact.core.verdict import Verdict
from pr_impact.render.neutralise import workflow_safe

_COLOURS = {"user-facing": "31", "tech-debt": "33", "internal": "36", "high": "32", "medium": "33", "low": "35",
            "dim": "2", "bold": "1"}


def paint(text: str, style: str, color: bool) -> str:
    """Text in an ANSI colour when colour is on."""
    return f"\x1b[{_COLOURS[style]}m{text}\x1b[0m" if color else text


def safe(text: str, limit: int = 200) -> str:
    """Author text made printable on one terminal line: no escape sequences or control characters."""
    cleaned = "".join(ch if ch.isprintable() else " " for ch in text)
    # The report may go to an Actions log, where a '::command::' line would be obeyed.
    return workflow_safe(cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…")


def _user_changes(st: Story, color: bool) -> list[str]:
    """What changes for users, from the same story as the PR comment; one line for an internal verdict."""
    if st.nothing is not None:
        nothing = st.nothing if st.written_by is None else safe(st.nothing, 400)  # a model's words are PR text
        return [f"  {paint('for users:', 'bold', color)} {nothing}"]
    lines = [paint("  for users:", "bold", color)]
    for o in st.outcomes[:5]:
        if o.source == "written":
            lines.append(f"    {safe(o.text, 400)}")
        elif o.source == "none":
            lines.append("    the PR does not say what users will see")
        elif o.source == "release-note":
            lines.append(f"    release note: {safe(o.text.strip().splitlines()[0], 160)}")
        else:
            lead = f"{LEADS[o.source]}: " if o.source in LEADS else ""
            lines.append(f"    - {lead}{safe(o.text, 120)}" + (f" ({safe(o.detail, 80)})" if o.detail else ""))
    return lines if len(lines) > 1 else []


def _issue_line(i: LinkedIssue) -> str:
    """One linked issue or ticket: reference, state, title, then type, epic or project and labels."""
    what = "ticket" if i.key else "issue"
    state = "not found" if i.missing else i.state or "?"
    about = [safe(part, 60) for part in (i.type, f"epic/project: {i.parent}" if i.parent else None) if part]
    about += [safe(", ".join(i.labels), 80)] if i.labels else []
    return (f"  {what} {safe(i.ref, 60)} [{safe(state, 30)}] {safe(i.title or '', 80)}"
            + (f" ({'; '.join(about)})" if about else ""))


def _issues(verdict: Verdict) -> list[str]:
    """Linked issues and tickets with state, type, epic or project and labels."""
    issues = verdict.signals.pr.linked_issues
    lines = [_issue_line(i) for i in issues[:10]]
    return lines + ([f"  … and {len(issues) - 10} more issues"] if len(issues) > 10 else [])


def _heads_up(verdict: Verdict, color: bool, partial: bool = False) -> list[str]:
    """Heads-up items, each with up to three of the things behind it; with `partial`, only what could
    not be read (said with the notes at the end, for engineers, as the comment's details say it)."""
    lines = []
    for h in verdict.heads_up:
        if (h.kind == "partial") is not partial:
            continue
        lines.append(f"  ! {h.text}" if partial else paint(f"  heads-up: {h.text}", "bold", color))
        lines += [f"      {safe(item, 120)}" for item in h.items[:3]]
        if len(h.items) > 3:
            lines.append(f"      … and {len(h.items) - 3} more")
    return lines


def _confidence(verdict: Verdict, color: bool) -> str:
    """'high confidence'; for a person's choice, the rules' own verdict and confidence beside it."""
    if verdict.override is None:
        return f"{paint(verdict.confidence, verdict.confidence, color)} confidence"
    rules = verdict.rules_confidence or verdict.confidence
    return f"manual override; the rules alone: {verdict.rules_impact}, {paint(rules, rules, color)} confidence"


def render_text(verdict: Verdict, color: bool = False) -> str:
    """The verdict as a short terminal report."""
    pr = verdict.signals.pr
    head = f"#{pr.number} " if pr.number is not None else ""
    st = story(verdict)
    lines = [
        f"{paint(verdict.impact, verdict.impact, color)} ({_confidence(verdict, color)}) — {head}{safe(pr.title)}",
        f"  {safe(st.headline, 400)}",
    ]
    lines += _user_changes(st, color)
    if verdict.areas:
        lines.append("  areas: " + ", ".join(f"{safe(a, 40)} ({n})" for a, n in list(verdict.areas.items())[:8]))
    lines += _issues(verdict) + _heads_up(verdict, color)
    for e in st.reasons:
        lines.append(paint(f"  + {safe(e.reason)} [{safe(e.rule, 80)}, {e.weight:g}]", "dim", color))
    contra = st.against
    if contra is not None:
        lines.append(paint(f"  - against: {safe(contra.reason)} [{safe(contra.rule, 80)}, {contra.weight:g}]", "dim",
                           color))
    lines.extend(f"  ! {note}" for note in verdict.notes)
    lines += _heads_up(verdict, color, partial=True)
    words = f" · words by {safe(st.written_by, 80)}" if st.written_by else ""
    lines.append(paint(f"  label: {verdict.label} · rules from {verdict.config_source}{words}", "dim", color))
    return "\n".join(lines) + "\n"


def _class_numbers(numbers: dict[str, float]) -> str:
    """`user-facing +1.2, tech-debt -0.4, internal -0.8`."""
    return ", ".join(f"{c} {w:+g}" for c, w in numbers.items())


def render_explain(verdict: Verdict, config: Config, color: bool = False) -> str:
    """Every step of the decision: files and their surfaces, every rule, the scores and the winner."""
    sig, pr = verdict.signals, verdict.signals.pr
    out = [paint("Pull request", "bold", color),
           f"  title: {safe(pr.title)}", f"  author: {safe(pr.author) or '-'}{' (bot)' if sig.bot else ''}",
           f"  branch: {safe(pr.head) or '-'} -> {safe(pr.base) or '-'}",
           f"  type: {sig.type or '-'}  declared: {sig.declared or '-'}  files: {pr.files_reported}"
           f"  +{sig.additions} -{sig.deletions}"]
    out += [f"  linked: {safe(i.ref, 80)} {safe(i.title or '', 80)}"
            + (f" ({safe(', '.join(i.labels), 120)})" if i.labels else "") for i in pr.linked_issues]
    out += [f"  timing claim: {safe(c.text, 60)} — {c.why}" for c in sig.perf_claims]
    out.append(paint(f"Files ({len(sig.files)})", "bold", color))
    for f in sig.files[:200]:
        flags = " ".join(n for n, on in (("formatting-only", f.formatting_only), ("comment-only", f.comment_only),
                                         ("rename-only", f.rename_only)) if on)
        out.append(f"  {f.surface:<11} {f.kind:<16} {safe(f.path, 90)} {flags}".rstrip())
        if f.surface_rule:
            out.append(paint(f"      surface set by rule {safe(f.surface_rule, 80)}: {safe(f.surface_reason)}",
                              "dim", color))
    if len(sig.files) > 200:
        out.append(f"  … and {len(sig.files) - 200} more files")
    out.append(paint("Rules that fired", "bold", color))
    for e in verdict.evidence:
        out.append(f"  {paint(e.impact, e.impact, color):<11} {e.weight:<+5g} {safe(e.rule, 80)}: {safe(e.reason)}")
        if e.weights is not None:  # a fitted rule moves every class's score: show each
            out.append(paint("      weights: " + _class_numbers(e.weights), "dim", color))
        out += [paint(f"      {safe(h, 120)}", "dim", color) for h in e.hits[:5]]
    fired = {e.rule for e in verdict.evidence}
    silent = [r.name for r in config.impact_rules if r.name not in fired]
    out.append(paint(f"Rules that did not fire ({len(silent)})", "bold", color))
    out.append("  " + ", ".join(silent) if silent else "  (none)")
    out.append(paint("Decision", "bold", color))
    decision = config.decision
    if any(decision.prior.values()):
        out.append("  prior: " + _class_numbers(decision.prior) + " (each class's score before any rule)")
    out.append("  scores: " + ", ".join(f"{c} {s:g}" for c, s in verdict.scores.items()))
    winner = verdict.rules_impact
    high, medium = decision.high, decision.medium
    cuts = ("" if high is None or medium is None
            else f" ({winner}: high confidence from {_cut(high[winner])}, medium from {_cut(medium[winner])})")
    out.append("  probability: " + ", ".join(f"{c} {p:.2f}" for c, p in probabilities(verdict.scores).items())
               + cuts)
    if verdict.scores and verdict.scores[verdict.rules_impact] < max(verdict.scores.values()):
        out.append(f"  winner: {verdict.rules_impact} — internal has the highest total but leads user-facing by less "
                   f"than {decision.internal_lead:g} (decision.internal_lead) on a PR that changes shipped files: "
                   "shown to the PM, not hidden")
    else:
        out.append(f"  winner: {verdict.rules_impact} — the highest total; ties go to user-facing, then tech-debt")
    if verdict.override:
        out.append(f"  overridden: {verdict.impact} by {verdict.override.by} ({verdict.override.how}); the rules "
                   f"alone: {verdict.rules_impact}, {verdict.rules_confidence or verdict.confidence} confidence")
    out.append(f"  verdict: {verdict.impact} ({verdict.confidence} confidence), label {verdict.label!r}")
    return "\n".join(out) + "\n"


def _cut(threshold: float) -> str:
    """A confidence threshold as explain prints it: a class a config leaves out is never at that level."""
    return f"{threshold:g}" if threshold <= 1 else "never"


def render_words(verdict: Verdict, model: str, url: str, request_chars: int, fault: str | None,
                 color: bool = False) -> str:
    """The writer's part of `explain`: which model was asked, how much it was told, and what it wrote (or why
    the rules' own words stand)."""
    out = [paint("Writer", "bold", color), f"  model: {safe(model, 120)} at {safe(url, 200)}",
           f"  request: {request_chars:,} characters (`pr-impact explain --writer-request` prints it)"]
    w = verdict.written
    if w is None:
        out.append(f"  no words: {safe(fault or 'not asked', 400)}; the rules' own are shown")
    else:
        out += [f"  outcome: {safe(w.outcome, 400)}", f"  why: {safe(w.why, 300)}",
                f"  release note: {safe(w.release_note, 200) or '-'}"]
    return "\n".join(out) + "\n"
