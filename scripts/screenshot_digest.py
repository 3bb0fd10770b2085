"""Render an example digest to docs/digest.png with headless Chromium (no network).

The digest is `pr-impact report --format markdown` of a small generated history: a few weeks of
merged PRs in a real temporary git repository, read and classified by the same code as the CLI.
GitHub draws the two charts from their Mermaid blocks; offline there is no Mermaid, so the picture
draws the same numbers as plain SVG in their place.
"""

from __future__ import annotations

import argparse
import html
import math
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import cmarkgfm
from cmarkgfm.cmark import Options

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshot_comment import CSS, EMOJI, publish

from pr_impact.core.digest import Digest
from pr_impact.render.digest_markdown import mermaid_label

ROOT = Path(__file__).resolve().parent.parent
COLOURS = {"user-facing": "#2da44e", "tech-debt": "#eac54f", "internal": "#afb8c1"}  # as the Mermaid palette
# Debian's Chromium has no colour-emoji font offline: the heads-up signs become plain marks.
SIGNS = {"🗄️": "▤", "🚩": "⚑", "🔒": "▲", "⏱️": "◷", "📈": "▥", "⚠️": "⚠"}
PIE = ("#0969da", "#1a7f37", "#8250df", "#bf3989", "#bc4c00", "#57606a")
CONFIG = "areas:\n  Checkout: 'src/checkout/**'\n  Billing: 'src/billing/**'\n  Search: 'src/search/**'\n"
# (day of November 2026, subject, body, files): what the team merged in three weeks.
HISTORY = (
    (2, "feat(checkout): save cards for next time (#101)", "## Release notes\nReturning customers can pay with a "
        "saved card.\n", {"src/checkout/cards.py": "SAVE = True\n"}),
    (3, "fix(billing): invoices rounded twice (#102)", "Fixes #88", {"src/billing/totals.py": "ROUND = 2\n"}),
    (4, "ci: cache pip downloads (#103)", "", {".github/workflows/ci.yml": "on: push\n"}),
    (5, "build(deps): bump requests to 2.32 (#104)", "", {"requirements.txt": "requests==2.32\n"}),
    (9, "perf(search): cache the ranking model (#105)", "p95 went from 1.4s to 300ms.",
        {"src/search/rank.py": "CACHE = {}\n"}),
    (10, "feat(billing): add the invoice table (#106)", "", {
        "src/billing/migrations/0007_invoice.sql": "CREATE TABLE invoice (id int);\n",
        "src/billing/api.py": "if feature_enabled('invoices'):\n    pass\n"}),
    (11, "test: cover refunds (#107)", "", {"tests/test_refunds.py": "def test_refund(): ...\n"}),
    (12, "docs: how refunds show on invoices (#108)", "", {"CONTRIBUTING.md": "# Refunds\n"}),
    (16, "feat(search): suggestions as you type (#109)", "", {"src/search/suggest.py": "LIMIT = 5\n"}),
    (17, "fix(checkout): keep the basket when the session expires (#110)", "Fixes security advisory "
         "GHSA-2c4m-59x9-fr2g.", {"src/checkout/basket.py": "TTL = 86400\n"}),
    (18, "refactor(billing): split the invoice module (#111)", "", {"src/billing/invoice.py": "class I: ...\n"}),
    (19, "chore: update the issue templates (#112)", "", {".github/ISSUE_TEMPLATE/bug.md": "bug\n"}),
)


def make_history(path: Path) -> None:
    """A repository whose main branch holds HISTORY as squash merges."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_AUTHOR_NAME": "Dev",
           "GIT_AUTHOR_EMAIL": "dev@example.com", "GIT_COMMITTER_NAME": "Dev", "GIT_COMMITTER_EMAIL": "dev@example.com"}

    def git(*args: str, day: int = 1) -> None:
        stamp = f"2026-11-{day:02d}T12:00:00+0000"
        subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=path, check=True, capture_output=True,
                       env={**env, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp})

    path.mkdir()
    git("init", "-q")
    (path / ".github").mkdir()
    (path / ".github/pr-impact.yml").write_text(CONFIG)
    git("add", "-A")
    git("commit", "-qm", "Initial commit")
    for day, subject, body, files in HISTORY:
        for name, text in files.items():
            (path / name).parent.mkdir(parents=True, exist_ok=True)
            (path / name).write_text(text)
        git("add", "-A")
        git("commit", "-qm", subject + (f"\n\n{body}" if body else ""), day=day)


def bars_svg(d: Digest) -> str:
    """The weekly chart: one stacked bar per week, user-facing at the bottom."""
    width, height, bar = 520, 190, 46
    top = max(sum(c.values()) for _, c in d.weeks)
    scale = (height - 40) / top
    step = width // max(len(d.weeks), 1)
    parts = [f"<svg width='{width}' height='{height}' xmlns='http://www.w3.org/2000/svg' font-size='12'>"]
    for i, (week, counts) in enumerate(d.weeks):
        x, y = i * step + (step - bar) // 2, height - 20
        for impact in ("user-facing", "tech-debt", "internal"):
            h = counts[impact] * scale
            if h:
                y -= h
                parts.append(f"<rect x='{x}' y='{y:.0f}' width='{bar}' height='{h:.0f}' fill='{COLOURS[impact]}'/>")
        parts.append(f"<text x='{x + bar / 2}' y='{height - 5}' text-anchor='middle' fill='#59636e'>"
                     f"{week.strftime('%b')} {week.day}</text>")
    return "".join(parts) + "</svg>"


def pie_svg(d: Digest) -> str:
    """PRs users see per area, as a pie with a legend."""
    total, angle = sum(d.areas.values()), -math.pi / 2
    parts = ["<svg width='520' height='170' xmlns='http://www.w3.org/2000/svg' font-size='12'>"]
    for i, (area, n) in enumerate(d.areas.items()):
        sweep = 2 * math.pi * n / total
        x1, y1 = 80 + 70 * math.cos(angle), 85 + 70 * math.sin(angle)
        angle += sweep
        x2, y2 = 80 + 70 * math.cos(angle), 85 + 70 * math.sin(angle)
        large = 1 if sweep > math.pi else 0
        colour = PIE[i % len(PIE)]
        parts.append(f"<path d='M80,85 L{x1:.1f},{y1:.1f} A70,70 0 {large} 1 {x2:.1f},{y2:.1f} Z' fill='{colour}'/>")
        parts.append(f"<rect x='180' y='{20 + 22 * i}' width='12' height='12' fill='{colour}'/>"
                     f"<text x='198' y='{31 + 22 * i}'>{html.escape(mermaid_label(area))}: {n}</text>")
    return "".join(parts) + "</svg>"


def digest_html(repo: Path) -> str:
    """The digest page: the Markdown rendered as GitHub would, the Mermaid blocks drawn as SVG."""
    from pr_impact.commands.report import local_digest

    markdown = local_digest(repo, since="2026-11-02", until="2026-11-22", fmt="markdown")
    digest = _digest(repo)
    body = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    charts = iter((bars_svg(digest), pie_svg(digest)))
    body = re.sub(r'<pre lang="mermaid"><code>.*?</code></pre>', lambda _m: next(charts), body, flags=re.S)
    for emoji, span in {**EMOJI, **SIGNS}.items():
        body = body.replace(emoji, span)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>digest</title><style>{CSS}"
            "h2 { font-size: 1.5em; margin: 0 0 12px; }</style></head><body><div class='comment'>"
            "<div class='head'><b>pr-impact</b> digest · issue</div>"
            f"<div class='body'>{body}</div></div></body></html>")


def _digest(repo: Path) -> Digest:
    """The same digest as a model, for the charts."""
    from pr_impact.adapters import git_history
    from pr_impact.adapters.config_file import load_config_text
    from pr_impact.core.digest import Entry, build_digest
    from pr_impact.core.engine import classify

    rng = git_history.resolve_range(repo, None, "main")
    config = load_config_text(git_history.config_text(rng) or "", "config")
    return build_digest(Entry(classify(m.pr, config), m.merged_at, m.commit) for m in git_history.merged_prs(rng))


def main() -> int:
    """Write docs/digest.png (or the --out path)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "digest.png"))
    parser.add_argument("--size", default="900,1460", help="window width,height in pixels")
    parser.add_argument("--html", action="store_true", help="print the page instead of taking a screenshot")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        make_history(Path(tmp) / "repo")
        page = digest_html(Path(tmp) / "repo")
    return publish(page, args.out, args.size, html_only=args.html)


if __name__ == "__main__":
    raise SystemExit(main())
