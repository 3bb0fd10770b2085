"""The verdict: one impact class, a confidence, and the evidence that produced it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from pr_impact.core.headsup import HeadsUp
from pr_impact.core.model import LinkedIssue
from pr_impact.core.signals import Signals


# Evidence and Override are NamedTuples: cheaper to define at import than frozen dataclasses (whose
# methods are compiled then). Verdict stays a dataclass for dataclasses.replace and its uncompared `signals`.
class Evidence(NamedTuple):
    """One rule that fired: what it says, how much it weighs, and what it saw. A rule with fitted
    per-class `weights` adds each to its class; `impact`/`weight` are then the class it favours most."""

    rule: str
    impact: str
    weight: float
    reason: str
    hits: tuple[str, ...] = ()
    origin: str = "defaults"
    weights: dict[str, float] | None = None
    speaks_for: tuple[str, ...] = ()  # the classes the reason argues for (what the PR comment may show it under)

    @property
    def contributions(self) -> dict[str, float]:
        """What this evidence adds to each class's score."""
        return self.weights if self.weights is not None else {self.impact: self.weight}

    def argues_for(self, impact: str) -> bool:
        """Whether this evidence both favours `impact` and means it: only such evidence may stand
        behind that class in words a PM reads."""
        return self.impact == impact and impact in self.speaks_for and self.weight > 0


class Written(NamedTuple):
    """The words a language model wrote for a verdict (core/writer.py): what changes for users, the headline
    reason and a release-note line. Author-controlled as far as renderers go: they neutralise them as PR text.
    `by` names the model; `key` identifies the request that produced them, so a re-run can reuse them."""

    outcome: str
    why: str
    release_note: str
    by: str
    key: str


class Override(NamedTuple):
    """A verdict set by a person rather than the rules."""

    impact: str
    by: str  # "author" or the login that set the label
    how: str  # "declaration" or "label"


def ticket_data(t: LinkedIssue) -> dict[str, Any]:
    """One ticket as JSON, the same in a verdict and in a digest, so the two cannot drift apart."""
    return {"key": t.key, "tracker": t.tracker, "title": t.title, "type": t.type, "status": t.state,
            "labels": list(t.labels), "parent": t.parent, "url": t.url, "found": not t.missing}


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome for one PR, with everything renderers need."""

    impact: str
    label: str
    confidence: str
    why: str
    evidence: tuple[Evidence, ...]
    scores: dict[str, float]
    rules_impact: str  # what the rules alone decided
    config_source: str
    signals: Signals = field(repr=False, compare=False)
    override: Override | None = None
    notes: tuple[str, ...] = ()
    heads_up: tuple[HeadsUp, ...] = ()  # what a PM should know beyond the class (migrations, flags, ...)
    rules_confidence: str = ""  # the rules' own confidence in `rules_impact` (an override is "high" regardless)
    written: Written | None = None  # the writer's words for the story (never the class, confidence or label)

    @property
    def areas(self) -> dict[str, int]:
        return self.signals.areas

    def to_dict(self) -> dict[str, Any]:
        """The verdict as plain JSON-ready data (the `json` output and `--format json`)."""
        pr = self.signals.pr
        return {
            "number": pr.number,
            "title": pr.title,
            "impact": self.impact,
            "label": self.label,
            "confidence": self.confidence,
            "why": self.why,
            "areas": self.areas,
            "reasons": [e.reason for e in self.evidence if e.impact == self.rules_impact] or [self.why],
            "scores": self.scores,
            "rules_impact": self.rules_impact,
            "rules_confidence": self.rules_confidence or self.confidence,
            "override": None if self.override is None else {
                "impact": self.override.impact, "by": self.override.by, "how": self.override.how},
            "evidence": [
                {"rule": e.rule, "impact": e.impact, "weight": e.weight, "weights": e.contributions,
                 "reason": e.reason, "hits": list(e.hits), "origin": e.origin, "speaks_for": list(e.speaks_for)}
                for e in self.evidence
            ],
            "linked_issues": [i.ref for i in pr.linked_issues],
            "tickets": [ticket_data(i) for i in pr.linked_issues if i.key],
            "files": pr.files_reported,
            "config": self.config_source,
            "notes": list(self.notes),
            "heads_up": [{"kind": h.kind, "text": h.text, "items": list(h.items)} for h in self.heads_up],
        }
