"""The decision procedure: files get a surface, rules add weight to classes, the heaviest class wins.

1. Every file gets a kind (taxonomy) and a surface: the first surface rule that matches it
   (configured rules before built-in ones) decides, else its kind's default surface.
2. Every class starts from its prior (`decision.prior`, fitted with the built-in weights). Every
   impact rule whose `when` holds adds its weight to its class, or its per-class `weights` to every
   class (fitted rules), with its evidence.
3. The class with the highest total wins. Ties go to the class that hides less from the PM:
   user-facing, then tech-debt, then internal. With no evidence at all the PR is user-facing, low.
   Calling a user-facing PR internal hides it from the PM, so internal must also lead user-facing
   by `decision.internal_lead` (fitted with the weights); short of that the PR is user-facing, with
   the confidence user-facing has (usually low: the evidence leaned the other way). A PR that
   changes only the project's machinery (tests, CI, tooling, contributor docs) has no user-facing
   change to hide, so it needs no lead.
4. Confidence is the winner's probability (softmax of the totals) against the calibrated thresholds
   of its class, `decision.confidence.high` / `.medium`; a config without them (hand-set weights)
   uses the winner's total and its lead over the runner-up.
5. A person's choice (an `Impact:` line in the body, or a label a person set) overrides the rules;
   the rules' own verdict is kept beside it.
"""

from __future__ import annotations

import math

from pr_impact.core.conditions import CLASSES, Ctx
from pr_impact.core.config import Config, Decision
from pr_impact.core.headsup import heads_up
from pr_impact.core.model import PullRequest
from pr_impact.core.reasons import headline
from pr_impact.core.signals import (
    FileSignals,
    Signals,
    build_signals,
    count_areas,
    default_area,
    file_signals,
    guessed_areas,
)
from pr_impact.core.taxonomy import SHIPPED_KINDS, machinery_only
from pr_impact.core.title_words import product_scope
from pr_impact.core.verdict import Evidence, Override, Verdict

# Confidence for hand-set weights (configs without `decision.confidence`).
HIGH_SCORE, HIGH_LEAD = 8.0, 5.0
MEDIUM_SCORE, MEDIUM_LEAD = 4.0, 2.0


def _apply_surfaces(files: list[FileSignals], config: Config, ctx: Ctx) -> None:
    """Give each file the surface of the first matching surface rule, and its product area."""
    for f in files:
        ctx.file = f
        for rule in config.surface_rules:
            if ctx.hits:
                ctx.hits = []
            if rule.when(ctx):
                f.surface, f.surface_reason, f.surface_rule = str(rule.surface), rule.reason, rule.name
                break
        area = next((area.name for area in config.areas if area.matcher.match(f.path)), None)
        if area is not None:
            f.area = area
        elif not config.areas and f.surface == "user-facing" and f.kind in SHIPPED_KINDS:
            f.area = default_area(f.path)
    ctx.file = None


def _fire(config: Config, ctx: Ctx) -> list[Evidence]:
    """Evidence from every impact rule that holds, in rule order."""
    fired = []
    for rule in config.impact_rules:
        ctx.hits = []
        if rule.when(ctx):
            # Each hit once: `all_files` and `any_file` in one rule both name the file they match.
            fired.append(Evidence(rule.name, str(rule.impact), rule.weight, rule.reason, tuple(dict.fromkeys(ctx.hits)),
                                  rule.origin, rule.weights, rule.speaks_for))
    return fired


def _prepare(pr: PullRequest, config: Config) -> tuple[list[FileSignals], Signals, Ctx]:
    """The PR's files with their surfaces, its signals, and a rule context over them."""
    files = [file_signals(change) for change in pr.files]
    signals = build_signals(pr, files)
    ctx = Ctx(signals)
    _apply_surfaces(files, config, ctx)
    # Areas depend on the surfaces just decided; everything else in the signals does not.
    scope = signals.conventional.scope if signals.conventional else ""
    signals.areas = count_areas(files) if config.areas else guessed_areas(files, product_scope(scope))
    return files, signals, ctx


def fired_rules(pr: PullRequest, config: Config) -> list[str]:
    """The names of the impact rules that hold on a PR (what scripts/fit.py learns weights for)."""
    return [e.rule for e in _fire(config, _prepare(pr, config)[2])]


def probabilities(scores: dict[str, float]) -> dict[str, float]:
    """Each class's probability: the softmax of the scores (fitted weights are log-odds)."""
    top = max(scores.values())
    exp = {c: math.exp(s - top) for c, s in scores.items()}
    total = sum(exp.values())
    return {c: v / total for c, v in exp.items()}


def decide(evidence: list[Evidence], decision: Decision | None = None,
           guarded: bool = True) -> tuple[str, str, dict[str, float]]:
    """The winning class, its confidence and the score of every class (`guarded`: the PR may hide a
    user-facing change, so calling it internal needs `internal_lead`)."""
    decision = decision or Decision(dict.fromkeys(CLASSES, 0.0))
    if not evidence:
        return "user-facing", "low", dict.fromkeys(CLASSES, 0.0)
    scores = {c: decision.prior.get(c, 0.0) for c in CLASSES}
    for e in evidence:
        for c, w in e.contributions.items():
            scores[c] += w
    winner = min(CLASSES, key=lambda c: (-scores[c], CLASSES.index(c)))
    if guarded and winner == "internal" and scores["internal"] - scores["user-facing"] < decision.internal_lead:
        winner = "user-facing"
    if decision.high is None or decision.medium is None:
        confidence = _hand_set_confidence(scores, winner)
    else:
        p = probabilities(scores)[winner]
        confidence = "high" if p >= decision.high[winner] else "medium" if p >= decision.medium[winner] else "low"
    return winner, confidence, {c: round(s, 3) for c, s in scores.items()}


def _hand_set_confidence(scores: dict[str, float], winner: str) -> str:
    """Confidence on the hand-set scale (a config without calibrated thresholds): the winner's total
    and its lead over the runner-up."""
    top = scores[winner]
    lead = top - max(s for c, s in scores.items() if c != winner)
    if top >= HIGH_SCORE and lead >= HIGH_LEAD:
        return "high"
    return "medium" if top >= MEDIUM_SCORE and lead >= MEDIUM_LEAD else "low"


def classify(pr: PullRequest, config: Config, manual: Override | None = None) -> Verdict:
    """The verdict for one pull request under one configuration. Pure and deterministic."""
    files, signals, ctx = _prepare(pr, config)
    evidence = _fire(config, ctx)
    impact, confidence, scores = decide(evidence, config.decision, not machinery_only(f.kind for f in files))
    why = headline(impact, confidence, scores, evidence, [f.kind for f in files])
    rules_impact, rules_confidence = impact, confidence
    override = manual or (Override(signals.declared, "author", "declaration") if signals.declared else None)
    if override is not None:
        impact, confidence = override.impact, "high"
        # A login gets its @; a description such as "a maintainer" is used as it is.
        who = "the author" if override.by == "author" else (override.by if " " in override.by else f"@{override.by}")
        why = f"Set by {who} ({override.how}); the rules alone would say {rules_impact}."
    notes = ("GitHub listed only some of the changed files; the rest were not analysed.",) if pr.files_truncated else ()
    return Verdict(impact, config.label_for(impact), confidence, why, tuple(evidence), scores, rules_impact,
                   config.source, signals, override, notes, tuple(heads_up(signals)), rules_confidence)
