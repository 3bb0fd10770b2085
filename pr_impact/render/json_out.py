"""The JSON renderer: one verdict per line, stable keys."""

from __future__ import annotations

import json

from pr_impact.core.verdict import Verdict


def render_json(verdict: Verdict) -> str:
    """One verdict as a single JSON line (JSON Lines when several are printed)."""
    return json.dumps(verdict.to_dict(), ensure_ascii=False, sort_keys=False) + "\n"
