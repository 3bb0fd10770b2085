"""The digest as GitHub-flavoured Markdown: plain language first, Mermaid charts last, author text neutralised."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from pr_impact import __version__
from pr_impact.core.digest import Digest, DigestPR, Window
from pr_impact.core.headsup import HeadsUp
from pr_impact.core.model import LinkedIssue
from pr_impact.core.text import plural
from pr_impact.render.markdown import HEADSUP_TITLES, ICONS, MAX_CHARS
from pr_impact.render.neutralise import code_span, inline, link, workflow_safe
from pr_impact.render.size_limit import fit_to_limit

ROLLUP_TITLES = {"migration": "Database migrations", "feature-flag": "Feature flags",
                 "api-schema": "Public API changes", "security": "Security fixes", "large": "Very large pull requests"}
CLASS_WORDS = {"user-facing": "user-facing", "tech-debt": "tech debt users would notice", "internal": "internal"}
# Bar colours of the weekly chart, those of the 🟢 🟡 ⚪ the digest marks the classes with; internal
# first because the bars are drawn in that order (see _weekly_chart).
_PALETTE = "#afb8c1, #eac54f, #2da44e"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# A bar per week up to a year of weeks (a year can touch 53 Mondays); a longer window gets a bar per month.
MAX_WEEK_BARS = 53


class Limits(NamedTuple):
    """How much of each list one rendering shows; smaller limits are tried until the digest fits."""

    per_area: int = 1000
    heads_up_items: int = 3
    rollup: int = 1000
    areas: int = 12


LIMITS = (Limits(), Limits(per_area=30, rollup=30), Limits(per_area=10, heads_up_items=1, rollup=10),
          Limits(per_area=3, heads_up_items=0, rollup=3, areas=8))


def window_words(window: Window, digest: Digest) -> str:
    """The window in words: the refs when given, and the dates asked for; with neither, the merges' own dates."""
    if window.from_ref or window.to_ref:
        refs = f"{window.from_ref or 'the start'} → {window.to_ref or 'HEAD'}"
        dates = [f"since {window.since}"] if window.since else []
        dates += [f"until {window.until}"] if window.until else []
        return ", ".join([refs, " ".join(dates)]) if dates else refs
    first = window.since or (digest.prs[0].merged_at.date().isoformat() if digest.prs else None)
    last = window.until or (digest.prs[-1].merged_at.date().isoformat() if digest.prs else None)
    if first and last:
        return f"{first} to {last}"
    return f"since {first}" if first else (f"until {last}" if last else "all history")


def _ref(pr: DigestPR) -> str:
    """' (#12)': our own number, so GitHub links it to the PR."""
    return f" (#{pr.number})" if pr.number is not None else ""


def aside_lines(d: Digest) -> list[str]:
    """What the numbers leave out: reverted pairs, and commits that came without a pull request."""
    lines = []
    if d.reverted:
        lines.append(f"{plural(len(d.reverted), 'change')} reverted within the window "
                     f"({plural(2 * len(d.reverted), 'pull request')} not counted above).")
    if d.without_pr:
        lines.append(f"{plural(d.without_pr, 'commit')} without a pull request.")
    return lines


def _headline(d: Digest) -> list[str]:
    """Headline numbers: PRs per class and the share that reached users."""
    t = d.totals
    aside = [line for text in aside_lines(d) for line in ("", text)]
    if not t["total"]:
        return ["No pull requests were merged in this window.", *aside]
    merged = f"{plural(t['total'], 'pull request')} merged"
    parts = [f"{ICONS[c]} {t[c]:,} {CLASS_WORDS[c]} ({d.share(t[c])}%)" for c in ("user-facing", "tech-debt",
                                                                                    "internal")]
    return [f"**{merged}; {d.share(d.reached_users)}% reached users.**", "", " · ".join(parts), *aside]


def _heads_up_line(h: HeadsUp, lim: Limits) -> str:
    """One heads-up under a tech-debt PR: our sentence, then a few of the author-controlled items as code."""
    line = f"  - {HEADSUP_TITLES.get(h.kind, '•')} {inline(h.text, 300)}"
    shown = [code_span(item, 120) for item in h.items[: lim.heads_up_items]]
    if shown:
        line += " " + ", ".join(shown) + (f" (and {len(h.items) - len(shown):,} more)" if len(h.items) > len(shown)
                                          else "")
    return line


def ticket_facts(t: LinkedIssue, pr: DigestPR, by: str) -> list[str]:
    """What the digest says of a PR's ticket, author text as it is: its title (when the PR's line does
    not already say it), type, status, and epic or project (when the PRs are not grouped by it)."""
    # The PR's line often is the ticket's title already ("Fixes: invoice totals are off…"): said once.
    title = t.title if t.title and t.title.strip().casefold() not in pr.summary.casefold() else None
    state = "not found" if t.missing else t.state
    return [f for f in (title, t.type, state, None if by == "epic" else t.parent) if f]


def _tickets(pr: DigestPR, by: str) -> str:
    """' · ENG-12 (Story, Done, Invoices)': the PR's tickets, each key linking to it."""
    shown = []
    for t in pr.tickets[:3]:
        facts = ", ".join(inline(f, 80) for f in ticket_facts(t, pr, by))
        shown.append(link(t.ref, t.url, 40) + (f" ({facts})" if facts else ""))
    more = f" and {len(pr.tickets) - 3} more" if len(pr.tickets) > 3 else ""
    return f" · {'; '.join(shown)}{more}" if shown else ""


def _grouped(title: str, groups: dict[str, tuple[DigestPR, ...]], lim: Limits, with_heads_up: bool,
             by: str = "area") -> list[str]:
    """One section of PRs by area (or epic): a heading per group, one line per PR in release-note words,
    with its tickets."""
    if not groups:
        return []
    lines = [title + (" (by epic or project)" if by == "epic" else "")]
    for area, prs in groups.items():
        lines += ["", f"#### {inline(area, 80)}", ""]
        for pr in prs[: lim.per_area]:
            also = pr.areas[1:4] if by == "area" else ()
            extra = f" — also {', '.join(inline(a, 60) for a in also)}" if also else ""
            lines.append(f"- {inline(pr.summary, 200)}{_ref(pr)}{extra}{_tickets(pr, by)}")
            if with_heads_up:
                lines += [_heads_up_line(h, lim) for h in pr.heads_up]
        if len(prs) > lim.per_area:
            lines.append(f"- … and {len(prs) - lim.per_area:,} more")
    return lines


def _capped(heading: str, shown: list[str], total: int) -> list[str]:
    """A section listing the first of `total` items (`shown`, one line each), then how many more there are;
    nothing when there are none."""
    if not total:
        return []
    more = [f"- … and {total - len(shown):,} more"] if total > len(shown) else []
    return [heading, "", *shown, *more]


def _unsure(d: Digest, lim: Limits) -> list[str]:
    """PRs the rules were not sure reach users: one line each with the class they lean to."""
    return _capped("### ❔ Not sure — worth a look",
                   [f"- {inline(pr.summary, 200)}{_ref(pr)} — probably {CLASS_WORDS[pr.impact]}"
                    for pr in d.unsure[: lim.rollup]], len(d.unsure))


def _internal(d: Digest) -> list[str]:
    """Internal work counted by kind, not listed."""
    n = d.totals["internal"]
    if not n:
        return []
    kinds = " · ".join(f"{kind} {count:,}" for kind, count in d.internal.items())
    return [f"### {ICONS['internal']} Internal work", "",
            f"{n:,} pull request{'' if n == 1 else 's'} users will not see: {kinds}."]


def _rollup(d: Digest, lim: Limits) -> list[str]:
    """Migrations, feature flags, public API changes and security fixes across the window."""
    if not d.rollup:
        return []
    lines = ["### ⚠️ Heads-up", ""]
    for kind, found in d.rollup.items():
        lines.append(f"- {HEADSUP_TITLES[kind]} **{ROLLUP_TITLES[kind]}** ({len(found):,})")
        for pr, h in found[: lim.rollup]:
            items = ", ".join(code_span(item, 100) for item in h.items[: lim.heads_up_items])
            lines.append(f"  - {inline(pr.summary, 160)}{_ref(pr)}" + (f": {items}" if items else ""))
        if len(found) > lim.rollup:
            lines.append(f"  - … and {len(found) - lim.rollup:,} more")
    return lines


def _reverted(d: Digest, lim: Limits) -> list[str]:
    """Each change reverted within the window, once: neither it nor its revert shipped anything."""
    return _capped("### ↩️ Reverted",
                   [f"- {inline(original.summary, 200)}{_ref(original)}"
                    + (f" — reverted by #{revert.number}" if revert.number is not None else " — reverted")
                    for original, revert in d.reverted[: lim.rollup]], len(d.reverted))


def mermaid_label(text: str, max_len: int = 40) -> str:
    """Author-controlled text (a guessed area name) as a Mermaid string: letters, digits and a few marks."""
    kept = "".join(ch if ch.isalnum() or ch in " -_./&+" else " " for ch in text)
    label = " ".join(kept.split())[:max_len].strip()
    return label or "area"


def _week(day: date) -> str:
    """'Nov 23' for a week's Monday, independent of the locale."""
    return f"{_MONTHS[day.month - 1]} {day.day}"


def chart_bars(d: Digest) -> tuple[str, list[tuple[str, dict[str, int]]]]:
    """The chart's unit ("week" or "month") and its bars, labelled: a bar per week up to a year of them,
    else a bar per month ("Nov 2026"), so the whole window is always drawn."""
    if len(d.weeks) <= MAX_WEEK_BARS:
        return "week", [(_week(monday), counts) for monday, counts in d.weeks]
    months: dict[tuple[int, int], dict[str, int]] = {}
    for monday, counts in d.weeks:
        bucket = months.setdefault((monday.year, monday.month), dict.fromkeys(counts, 0))
        for impact, n in counts.items():
            bucket[impact] += n
    return "month", [(f"{_MONTHS[month - 1]} {year}", c) for (year, month), c in months.items()]


def _weekly_chart(unit: str, bars: list[tuple[str, dict[str, int]]]) -> list[str]:
    """PRs per week (or month: `unit`) as bars stacked by class: Mermaid has no stacked bars, so the totals are
    drawn first and each narrower sum over them (all, then user-facing + tech-debt, then user-facing)."""
    uf = [c["user-facing"] for _, c in bars]
    td = [u + c["tech-debt"] for u, (_, c) in zip(uf, bars, strict=True)]
    total = [t + c["internal"] for t, (_, c) in zip(td, bars, strict=True)]
    return ["```mermaid",
            '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "' + _PALETTE + '"}}}}%%',
            "xychart-beta", f'  title "Pull requests merged per {unit}"',
            "  x-axis [" + ", ".join(f'"{label}"' for label, _ in bars) + "]",
            f'  y-axis "Pull requests" 0 --> {max(max(total), 1)}',
            f"  bar {total}", f"  bar {td}", f"  bar {uf}", "```"]


def _area_chart(d: Digest, lim: Limits) -> list[str]:
    """User-facing and tech-debt PRs per product area as a pie (the smallest areas folded into one slice)."""
    if not d.areas:
        return []
    items = list(d.areas.items())
    shown, rest = items[: lim.areas], sum(n for _, n in items[lim.areas:])
    lines = ["```mermaid", "pie title Pull requests users see, per product area"]
    lines += [f'  "{mermaid_label(area)}" : {n}' for area, n in shown]
    if rest:
        lines.append(f'  "{len(items) - lim.areas} more areas" : {rest}')
    return [*lines, "```"]


def _charts(d: Digest, lim: Limits) -> list[str]:
    """The two charts, with a sentence saying how to read the bars."""
    if not d.prs:
        return []
    unit, bars = chart_bars(d)
    return ["### 📈 Charts", "",
            f"Each bar is one {unit}: 🟢 user-facing at the bottom, 🟡 tech debt over it, "
            "⚪ internal on top.", "",
            *_weekly_chart(unit, bars), "", *_area_chart(d, lim)]


def _footer(d: Digest, config_source: str, trimmed: bool) -> list[str]:
    """What was left out, then the version and where the rules came from."""
    lines = ["*Shortened to fit GitHub's size limit; run `pr-impact report --format json` for every PR.*", ""] \
        if trimmed else []
    return [*lines, f"<sub>pr-impact {__version__} · rules from {inline(config_source, 80)}</sub>"]


def _render(d: Digest, title: str, config_source: str, lim: Limits, trimmed: bool) -> str:
    """One rendering of the digest under one set of limits."""
    sections = [
        [f"## {title}: {inline(window_words(d.window, d), 200)}"],
        _headline(d),
        _grouped(f"### {ICONS['user-facing']} What changed for users", d.user_facing, lim, with_heads_up=False,
                 by=d.grouped_by),
        _grouped(f"### {ICONS['tech-debt']} Engineering work users would notice", d.tech_debt, lim,
                 with_heads_up=True, by=d.grouped_by),
        _unsure(d, lim), _internal(d), _rollup(d, lim), _reverted(d, lim), _charts(d, lim),
        _footer(d, config_source, trimmed),
    ]
    text = "\n\n".join("\n".join(s) for s in sections if s) + "\n"
    # The digest goes to the job summary and may be printed to an Actions log: no line may be a command.
    return "\n".join(workflow_safe(line) for line in text.split("\n"))


def render_digest_markdown(d: Digest, config_source: str = "defaults", *, title: str = "What shipped",
                           max_chars: int | None = MAX_CHARS) -> str:
    """The digest as GitHub-flavoured Markdown, at most `max_chars` long (an issue body's limit); None: whole."""
    if max_chars is None:
        return _render(d, title, config_source, LIMITS[0], trimmed=False)
    return fit_to_limit(lambda level: _render(d, title, config_source, LIMITS[level], trimmed=level > 0),
                        len(LIMITS), max_chars,
                        "\n\n*Digest cut to fit the size limit; run `pr-impact report --format json` for every PR.*\n")
