"""What the PR comment tells a PM, as data: the headline, what changes for users, the reasons and what
speaks against them, and the release-note line; every renderer reads it, and the writer may reword it."""

from __future__ import annotations

from typing import Any, NamedTuple

from pr_impact.core import reasons
from pr_impact.core.outcome import Outcome, nothing_for_users, outcomes, release_note_line
from pr_impact.core.verdict import Evidence, Verdict, Written


class Story(NamedTuple):
    """The words of one verdict. `outcomes` is empty for an internal verdict, which gets `nothing` instead;
    an outcome of source `none` says the PR does not say what users will see. `written_by` names the model
    whose words these are (its outcome is the one outcome of source `written`), None for the rules' own."""

    headline: str
    outcomes: tuple[Outcome, ...]
    nothing: str | None
    reasons: tuple[Evidence, ...]
    against: Evidence | None
    runner_up: str
    release_note: str | None
    written_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The story as JSON-ready data: what the comment shows, by rule name and in words."""
        data: dict[str, Any] = {
            "headline": self.headline,
            "outcomes": [{"source": o.source, "text": o.text, "detail": o.detail} for o in self.outcomes],
            "nothing_for_users": self.nothing,
            "reasons": [{"rule": e.rule, "reason": e.reason} for e in self.reasons],
            "against": None if self.against is None else {
                "rule": self.against.rule, "reason": self.against.reason, "impact": self.runner_up},
            "release_note": self.release_note,
        }
        # Only when a model wrote the words: without the writer the JSON stays what it was.
        return data if self.written_by is None else {**data, "written_by": self.written_by}


def story(v: Verdict) -> Story:
    """The story of a verdict: the rules' own words (deterministic), or the writer's where it wrote them."""
    impact = v.rules_impact
    sure = v.rules_confidence or v.confidence
    told: tuple[Outcome, ...] = ()
    nothing = None
    if v.impact == "internal":
        nothing = nothing_for_users([f.kind for f in v.signals.files])
    else:
        told = tuple(outcomes(v.signals, v.evidence))
    noted = v.impact == "user-facing" and v.confidence != "low"
    note = release_note_line(told) if noted else None
    ruled = Story(v.why, told, nothing, tuple(reasons.shown(v.evidence, impact)),
                    reasons.against(v.evidence, impact, sure, v.scores), reasons.runner_up(impact, v.scores), note)
    return ruled if v.written is None else rewritten(ruled, v.written, noted)


def rewritten(st: Story, w: Written, noted: bool) -> Story:
    """The story in the writer's words: its outcome, headline reason and release-note line (where the rules
    would draft one) replace the rules' own; the reasons and what speaks against them stay the rules'."""
    if st.nothing is not None:
        return st._replace(headline=w.why, nothing=w.outcome, written_by=w.by)
    note = (w.release_note or None) if noted else None
    return st._replace(headline=w.why, outcomes=(Outcome("written", w.outcome),), release_note=note, written_by=w.by)
