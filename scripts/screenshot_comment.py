"""Render the example PR's comment to docs/comment.png with headless Chromium (no network)."""

from __future__ import annotations

import argparse
import html
import subprocess
import sys
import tempfile
from pathlib import Path

import cmarkgfm
from cmarkgfm.cmark import Options

from pr_impact.adapters.config_file import default_config
from pr_impact.adapters.snapshot import parse_snapshots, read_snapshot_file
from pr_impact.core.engine import classify
from pr_impact.render.markdown import render_markdown

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"

# A small subset of GitHub's comment styles, inline so the page needs nothing from the network.
# Debian's Chromium has no colour-emoji font offline; draw the verdict dots in CSS colours instead.
EMOJI = {"🟢": "<span style='color:#1a7f37'>●</span>", "🟡": "<span style='color:#bf8700'>●</span>",
         "⚪": "<span style='color:#8c959f'>●</span>"}
CSS = """
body { margin: 0; background: #f6f8fa; font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial,
       sans-serif; color: #1f2328; }
.comment { margin: 16px; border: 1px solid #d0d7de; border-radius: 6px; background: #fff; }
.head { padding: 8px 16px; background: #f6f8fa; border-bottom: 1px solid #d0d7de; border-radius: 6px 6px 0 0;
        color: #59636e; }
.head b { color: #1f2328; }
.body { padding: 16px; }
.body > :first-child { margin-top: 0; }
h3 { font-size: 1.25em; margin: 16px 0 8px; }
h4 { font-size: 1em; margin: 20px 0 8px; }
p, ul, table, blockquote, details { margin: 0 0 12px; }
ul { padding-left: 2em; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: rgba(175,184,193,.2);
       padding: .2em .4em; border-radius: 6px; }
table { border-collapse: collapse; }
th, td { border: 1px solid #d0d7de; padding: 6px 13px; }
th { font-weight: 600; background: #f6f8fa; }
blockquote { padding: 0 1em; color: #59636e; border-left: .25em solid #d0d7de; }
sub { color: #59636e; }
summary { cursor: pointer; }
"""


def comment_html(snapshot: str) -> str:
    """The example PR's comment as a standalone HTML page."""
    pr = next(parse_snapshots(read_snapshot_file(snapshot), snapshot))
    markdown = render_markdown(classify(pr, default_config()))
    # Unsafe keeps <details> and <sub> as GitHub does; author text in the report is already neutralised.
    body = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    for emoji, span in EMOJI.items():
        body = body.replace(emoji, span)
    title = html.escape(f"{pr.title} #{pr.number}")
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title><style>{CSS}</style></head>"
            f"<body><div class='comment'><div class='head'><b>pr-impact</b> bot commented</div>"
            f"<div class='body'>{body}</div></div></body></html>")


def screenshot(page: str, out: Path, size: str) -> None:
    """A PNG of the page from headless Chromium, with every network feature it has turned off."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "comment.html"
        path.write_text(page, encoding="utf-8")
        subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--hide-scrollbars", f"--user-data-dir={tmp}/profile", f"--screenshot={out}", f"--window-size={size}",
             path.as_uri()],
            check=True, capture_output=True, timeout=120,
        )


def main() -> int:
    """Write docs/comment.png (or the --out path) from examples/dark-mode-pr.json."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--snapshot", default=str(ROOT / "examples" / "dark-mode-pr.json"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "comment.png"))
    parser.add_argument("--size", default="900,1000", help="window width,height in pixels")
    parser.add_argument("--html", action="store_true", help="print the page instead of taking a screenshot")
    args = parser.parse_args()
    return publish(comment_html(args.snapshot), args.out, args.size, html_only=args.html)


def publish(page: str, out: str, size: str, *, html_only: bool) -> int:
    """Print the page (`--html`) or write its screenshot to `out`; the scripts' exit code."""
    if html_only:
        sys.stdout.write(page)
        return 0
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    screenshot(page, path.resolve(), size)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
