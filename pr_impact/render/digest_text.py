"""The digest for a terminal: the same sections as the Markdown, tables instead of charts, coloured when asked."""

from __future__ import annotations

from pr_impact.core.conditions import CLASSES
from pr_impact.core.digest import Digest, DigestPR
from pr_impact.render.digest_markdown import (
    CLASS_WORDS,
    ROLLUP_TITLES,
    aside_lines,
    ticket_facts,
    window_words,
)
from pr_impact.render.text import paint, safe

_HEADINGS = {"user-facing": "What changed for users", "tech-debt": "Engineering work users would notice"}


def _ref(pr: DigestPR) -> str:
    """' (#12)'."""
    return f" (#{pr.number})" if pr.number is not None else ""


def _headline(d: Digest, color: bool) -> list[str]:
    """PRs per class and the share that reached users."""
    t = d.totals
    aside = [f"  {line}" for line in aside_lines(d)]
    if not t["total"]:
        return ["  No pull requests were merged in this window.", *aside]
    parts = [f"{paint(str(t[c]), c, color)} {CLASS_WORDS[c]} ({d.share(t[c])}%)" for c in CLASSES]
    return [f"  {t['total']} pull request{'' if t['total'] == 1 else 's'} merged; "
            f"{d.share(d.reached_users)}% reached users.", "  " + ", ".join(parts), *aside]


def _grouped(d: Digest, impact: str, color: bool) -> list[str]:
    """One class's PRs by area, with heads-up under tech-debt PRs."""
    groups = d.user_facing if impact == "user-facing" else d.tech_debt
    if not groups:
        return []
    by = d.grouped_by
    lines = ["", paint(_HEADINGS[impact] + (" (by epic or project)" if by == "epic" else ""), "bold", color)]
    for area, prs in groups.items():
        lines.append(f"  {paint(safe(area, 60), impact, color)}")
        for pr in prs:
            lines.append(f"    - {safe(pr.summary, 120)}{_ref(pr)}")
            lines += [f"        {safe(t.ref, 40)}" + (f" ({safe(', '.join(facts), 160)})" if facts else "")
                      for t in pr.tickets[:3] for facts in [ticket_facts(t, pr, by)]]
            if impact == "tech-debt":
                lines += [f"        {safe(h.text, 200)}" for h in pr.heads_up]
    return lines


def _unsure(d: Digest, color: bool) -> list[str]:
    """PRs the rules were not sure reach users, apart from what shipped."""
    if not d.unsure:
        return []
    return ["", paint("Not sure — worth a look", "bold", color),
            *(f"    - {safe(pr.summary, 120)}{_ref(pr)} (probably {CLASS_WORDS[pr.impact]})" for pr in d.unsure)]


def _internal(d: Digest, color: bool) -> list[str]:
    """Internal work counted by kind."""
    if not d.totals["internal"]:
        return []
    kinds = ", ".join(f"{kind} {n}" for kind, n in d.internal.items())
    n = d.totals["internal"]
    return ["", paint("Internal work", "bold", color),
            f"  {n} pull request{'' if n == 1 else 's'} users will not see: {kinds}"]


def _rollup(d: Digest, color: bool) -> list[str]:
    """Heads-up across the window, one line per kind with the PRs behind it."""
    if not d.rollup:
        return []
    lines = ["", paint("Heads-up", "bold", color)]
    for kind, found in d.rollup.items():
        lines.append(f"  {ROLLUP_TITLES[kind]}:")
        lines += [f"    - {safe(pr.summary, 100)}{_ref(pr)}" for pr, _h in found]
    return lines


def _reverted(d: Digest, color: bool) -> list[str]:
    """Each change reverted within the window, once."""
    if not d.reverted:
        return []
    lines = ["", paint("Reverted", "bold", color)]
    for original, revert in d.reverted:
        by = f", reverted by #{revert.number}" if revert.number is not None else ", reverted"
        lines.append(f"    - {safe(original.summary, 100)}{_ref(original)}{by}")
    return lines


def _tables(d: Digest, color: bool) -> list[str]:
    """PRs per week by class (weeks without a merge left out), and PRs users see per area, as plain tables."""
    if not d.prs:
        return []
    lines = ["", paint("Per week", "bold", color), f"  {'week of':<12}{'user-facing':>12}{'tech-debt':>11}"
             f"{'internal':>10}{'total':>7}"]
    for week, c in d.weeks:
        if not any(c.values()):
            continue
        lines.append(f"  {week.isoformat():<12}{c['user-facing']:>12}{c['tech-debt']:>11}{c['internal']:>10}"
                     f"{sum(c.values()):>7}")
    if d.areas:
        width = min(40, max(len(safe(a, 40)) for a in d.areas))
        lines += ["", paint("Per area (user-facing and tech-debt)", "bold", color)]
        lines += [f"  {safe(a, 40):<{width}}  {n:>4}" for a, n in d.areas.items()]
    return lines


def render_digest_text(d: Digest, config_source: str = "defaults", color: bool = False) -> str:
    """The digest as a terminal report."""
    lines = [paint(f"What shipped: {safe(window_words(d.window, d), 160)}", "bold", color), *_headline(d, color)]
    lines += _grouped(d, "user-facing", color) + _grouped(d, "tech-debt", color)
    lines += _unsure(d, color) + _internal(d, color) + _rollup(d, color) + _reverted(d, color) + _tables(d, color)
    lines.append(paint(f"rules from {safe(config_source, 120)}", "dim", color))
    return "\n".join(lines) + "\n"
