"""What the PR comment tells a PM, as data: the headline, what changes for users, the reasons and what
speaks against them, and the release-note line; every renderer reads it, and the writer may reword it."""

from __future__ import annotations

from typing import Any, NamedTuple

from pr_impact.core import reasons
from pr_impact.core.outcome import Outcome, nothing_for_users, outcomes, release_note_line
from pr_impact.core.verdict import Evidence, Verdict


class Story(NamedTuple):
    """The words of one verdict. `outcomes` is empty for an internal verdict, which gets `nothing` instead;
    an outcome of source `none` says the PR does not say what users will see."""

    headline: str
    outcomes: tuple[Outcome, ...]
    nothing: str | None
    reasons: tuple[Evidence, ...]
    against: Evidence | None
    runner_up: str
    release_note: str | None

    def to_dict(self) -> dict[str, Any]:
        """The story as JSON-ready data: what the comment shows, by rule name and in words."""
        return {
            "headline": self.headline,
            "outcomes": [{"source": o.source, "text": o.text, "detail": o.detail} for o in self.outcomes],
            "nothing_for_users": self.nothing,
            "reasons": [{"rule": e.rule, "reason": e.reason} for e in self.reasons],
            "against": None if self.against is None else {
                "rule": self.against.rule, "reason": self.against.reason, "impact": self.runner_up},
            "release_note": self.release_note,
        }


def story(v: Verdict) -> Story:
    """The story of a verdict, from the rules alone (deterministic)."""
    impact = v.rules_impact
    sure = v.rules_confidence or v.confidence
    told: tuple[Outcome, ...] = ()
    nothing = None
    if v.impact == "internal":
        nothing = nothing_for_users([f.kind for f in v.signals.files])
    else:
        told = tuple(outcomes(v.signals, v.evidence))
    note = release_note_line(told) if v.impact == "user-facing" and v.confidence != "low" else None
    return Story(v.why, told, nothing, tuple(reasons.shown(v.evidence, impact)),
                 reasons.against(v.evidence, impact, sure, v.scores), reasons.runner_up(impact, v.scores), note)
