"""The JSON renderer: one verdict per line, stable keys."""

from __future__ import annotations

import json
from typing import Any

from pr_impact.core.story import story
from pr_impact.core.verdict import Verdict


def verdict_data(verdict: Verdict) -> dict[str, Any]:
    """The verdict as JSON-ready data, with the story its comment tells (`story`)."""
    return {**verdict.to_dict(), "story": story(verdict).to_dict()}


def render_json(verdict: Verdict) -> str:
    """One verdict as a single JSON line (JSON Lines when several are printed)."""
    text = json.dumps(verdict_data(verdict), ensure_ascii=False, sort_keys=False) + "\n"
    # A lone surrogate in author text would make the line unprintable as UTF-8, and the runner reads
    # a legacy `##[command]` anywhere in a log line: `\u0023` is the same JSON string, inert in a log.
    return text.encode("utf-8", "replace").decode("utf-8").replace("##[", "#\\u0023[")
