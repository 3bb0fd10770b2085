"""The JSON renderer: one verdict per line, stable keys."""

from __future__ import annotations

import json

from pr_impact.core.headsup import heads_up_json
from pr_impact.core.verdict import Verdict


def render_json(verdict: Verdict) -> str:
    """One verdict as a single JSON line (JSON Lines when several are printed), with its heads-up items."""
    data = verdict.to_dict()
    data["heads_up"] = heads_up_json(verdict.signals)
    text = json.dumps(data, ensure_ascii=False, sort_keys=False) + "\n"
    # A lone surrogate in author text would make the line unprintable as UTF-8.
    return text.encode("utf-8", "replace").decode("utf-8")
