"""`pr-impact explain`: the full evidence trace of each verdict."""

from __future__ import annotations

import sys


def explain(snapshot: str | None, base: str | None, head: str, title: str | None, body: str | None,
            config: str | None, color: bool) -> None:
    """Show the full evidence trace: files, every rule, the scores and why the verdict won."""
    from pr_impact.commands.check import classify_all
    from pr_impact.render.text import render_explain

    verdicts, cfg = classify_all(config, snapshot, base, head, title, body)
    texts = [render_explain(v, cfg, color) for v in verdicts]
    sys.stdout.write(("\n" + "-" * 60 + "\n").join(texts))
