"""The digest as one JSON object: every PR whose outcome stands, the reverted pairs, and the totals and groups
the Markdown shows."""

from __future__ import annotations

import json
from typing import Any

from pr_impact.core.digest import Digest, DigestPR
from pr_impact.core.verdict import ticket_data


def _pr(pr: DigestPR) -> dict[str, Any]:
    """One PR, with the keys the issue names first."""
    return {
        "number": pr.number, "title": pr.title, "impact": pr.impact, "confidence": pr.confidence,
        "areas": list(pr.areas), "merged_at": pr.merged_at.isoformat(), "release_note": pr.release_note,
        "summary": pr.summary, "internal_kind": pr.internal_kind, "overridden": pr.overridden,
        "heads_up": [{"kind": h.kind, "text": h.text, "items": list(h.items)} for h in pr.heads_up],
        "commit": pr.commit,
        "tickets": [ticket_data(t) for t in pr.tickets],
    }


def digest_dict(d: Digest, config_source: str = "defaults") -> dict[str, Any]:
    """The digest as plain JSON-ready data."""
    w = d.window
    return {
        "window": {"since": w.since, "until": w.until, "from": w.from_ref, "to": w.to_ref},
        "config": config_source,
        "grouped_by": d.grouped_by,
        "totals": {**d.totals, "reached_users": d.reached_users, "reached_users_percent": d.share(d.reached_users),
                   "reverted": len(d.reverted), "commits_without_pr": d.without_pr},
        "groups": {
            "user-facing": {area: [p.number for p in prs] for area, prs in d.user_facing.items()},
            "tech-debt": {area: [p.number for p in prs] for area, prs in d.tech_debt.items()},
            "internal": dict(d.internal),
            "heads_up": {kind: [p.number for p, _h in found] for kind, found in d.rollup.items()},
            "unsure": [p.number for p in d.unsure],
        },
        "weeks": [{"week": week.isoformat(), **counts} for week, counts in d.weeks],
        "areas": dict(d.areas),
        "prs": [_pr(p) for p in d.prs],
        "reverted": [{"pr": _pr(original), "reverted_by": _pr(revert)} for original, revert in d.reverted],
    }


def render_digest_json(d: Digest, config_source: str = "defaults") -> str:
    """The digest as one JSON document (indented: it is read by people as often as by programs)."""
    text = json.dumps(digest_dict(d, config_source), ensure_ascii=False, indent=2) + "\n"
    # As in json_out: lone surrogates replaced, and no legacy `##[command]` an Actions log would obey.
    return text.encode("utf-8", "replace").decode("utf-8").replace("##[", "#\\u0023[")
