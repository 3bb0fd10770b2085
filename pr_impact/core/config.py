"""The compiled configuration: labels, product areas and rules, built from a plain mapping."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, NamedTuple

from pr_impact.core.conditions import (
    CLASSES,
    SURFACES,
    KeyPath,
    Pred,
    Problems,
    compile_globs,
    compile_when,
    did_you_mean,
)

if TYPE_CHECKING:
    from pr_impact.core.trackers import Trackers

DEFAULT_LABELS: dict[str, dict[str, str]] = {
    "user-facing": {"name": "impact: user-facing", "color": "d93f0b",
                    "description": "Users can see or do something new or different"},
    "tech-debt": {"name": "impact: tech-debt", "color": "fbca04",
                  "description": "Engineering work whose effect users would notice"},
    "internal": {"name": "impact: internal", "color": "c5def5",
                 "description": "Invisible to users: CI, tests, tooling, housekeeping"},
}
DEFAULT_WEIGHT = 3.0


# The records below are NamedTuples: they are only built here and read elsewhere, and a NamedTuple
# is cheaper to define than a frozen dataclass (whose methods are compiled when the module is
# imported, at every run of the CLI). benchmarks/bench_check.py measures the import.
class LabelSpec(NamedTuple):
    """How one impact class appears as a GitHub label."""

    name: str
    color: str
    description: str


class Rule(NamedTuple):
    """A compiled rule: when `when` holds, it gives an impact (PR rules) or a surface (file rules)."""

    name: str
    when: Pred
    reason: str
    origin: str  # "defaults" or the config file it came from
    impact: str | None = None
    surface: str | None = None
    weight: float = DEFAULT_WEIGHT
    # Per-class weights (fitted ones): added to every class's score at once; `impact` is then the
    # class the rule favours most and `weight` its weight there.
    weights: dict[str, float] | None = None
    # The classes this rule's reason argues for: the PR comment shows the reason only under a verdict
    # of one of them (`explain` and the JSON show every rule). Fitted weights say how much a rule
    # predicts, not what its words mean, and a refit may tilt them against the words.
    speaks_for: tuple[str, ...] = ()


class Area(NamedTuple):
    """A product area: a business name for a set of paths."""

    name: str
    matcher: Any


class Decision(NamedTuple):
    """How scores become a verdict: each class's starting score, the lead internal's score needs over
    user-facing's for a PR to be called internal (`internal_lead`; a PR of pure machinery needs none),
    and the winning class's probability (softmax of the scores) that `high` and `medium` confidence
    need, per class. Without thresholds (a config of hand-set weights, `extends: none`), confidence comes from
    the winner's total and lead instead."""

    prior: dict[str, float]
    high: dict[str, float] | None = None
    medium: dict[str, float] | None = None
    internal_lead: float = 0.0


class WriterSettings(NamedTuple):
    """The `writer` section: which model words the comment, at which API, with which prompt file (empty: the
    default). The writer is on only when a model is named here or in the environment (adapters/writer.py)."""

    model: str = ""
    url: str = ""
    prompt: str = ""


class Config(NamedTuple):
    """Everything the engine needs from configuration."""

    labels: dict[str, LabelSpec]
    impact_rules: tuple[Rule, ...]
    surface_rules: tuple[Rule, ...]
    areas: tuple[Area, ...]
    source: str  # where the rules came from, for the footer
    decision: Decision = Decision(dict.fromkeys(CLASSES, 0.0))
    writer: WriterSettings = WriterSettings()
    trackers: Trackers | None = None  # Jira and Linear, when the config names them

    def label_for(self, impact: str) -> str:
        return self.labels[impact].name

    def managed_labels(self) -> dict[str, str]:
        """Label name -> impact class, for every label pr-impact manages."""
        return {spec.name: impact for impact, spec in self.labels.items()}


def _compile_rule(raw: dict[str, Any], path: KeyPath, origin: str, problems: Problems) -> Rule | None:
    """One rule mapping (`name`, `when`, `then`) compiled; problems are recorded, not raised."""
    then = raw.get("then") or {}
    surface, impact, weights = then.get("surface"), then.get("impact"), then.get("weights")
    if [surface, impact, weights].count(None) != 2:
        problems.add((*path, "then"), "give exactly one of `impact` (a PR rule), `weights` (a PR rule that "
                     "scores every class) or `surface` (a file rule)")
        return None
    if weights is not None:
        weights = _class_weights(weights, (*path, "then", "weights"), problems)
        if weights is None:
            return None
        impact = max(CLASSES, key=lambda c: (weights.get(c, 0.0), -CLASSES.index(c)))
    if impact is not None and impact not in CLASSES:
        problems.add((*path, "then", "impact"), f"unknown impact {impact!r}: use one of {', '.join(CLASSES)}")
        return None
    if surface is not None and surface not in SURFACES:
        problems.add((*path, "then", "surface"), f"unknown surface {surface!r}: use one of {', '.join(SURFACES)}")
        return None
    when = compile_when(raw.get("when"), "file" if surface else "pr", (*path, "when"), problems)
    if when is None:
        return None
    reason = str(then.get("reason") or raw.get("description") or raw["name"])
    weight = float(then.get("weight", DEFAULT_WEIGHT)) if weights is None else weights.get(str(impact), 0.0)
    if not math.isfinite(weight):
        problems.add((*path, "then", "weight"), "the weight must be a finite number, not .nan or .inf")
        return None
    speaks_for = _speaks_for(then.get("speaks_for"), impact, weights)
    return Rule(str(raw["name"]), when, reason, origin, impact, surface, weight, weights, speaks_for)


def _speaks_for(raw: Any, impact: str | None, weights: dict[str, float] | None) -> tuple[str, ...]:
    """`then.speaks_for` as classes: given (a class, a list of them, or `none`), else the rule's own
    `impact`; a fitted rule (`weights`) that does not say what it argues for is not shown in comments."""
    if raw is None:
        return () if weights is not None or impact is None else (impact,)
    given = raw if isinstance(raw, list) else [raw]
    return tuple(c for c in CLASSES if c in given)


def _class_weights(raw: Any, path: KeyPath, problems: Problems) -> dict[str, float] | None:
    """A `{class: number}` mapping with known classes, or None after a problem."""
    if not isinstance(raw, dict) or not raw:
        problems.add(path, f"expected a mapping of impact class to number ({', '.join(CLASSES)})")
        return None
    unknown = [str(k) for k in raw if k not in CLASSES]
    if unknown:
        problems.add(path, f"unknown impact {unknown[0]!r}: use one of {', '.join(CLASSES)}")
        return None
    if not all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in raw.values()):
        problems.add(path, "each weight must be a finite number")
        return None
    return {c: float(raw[c]) for c in CLASSES if c in raw}


def _decision(raw: dict[str, Any], path: KeyPath, problems: Problems) -> Decision:
    """The prior and confidence thresholds (`decision:`), defaults where not given."""
    prior = _class_weights(raw["prior"], (*path, "prior"), problems) if raw.get("prior") else None
    cuts = raw.get("confidence") or {}
    high, medium = _per_class(cuts.get("high")), _per_class(cuts.get("medium"))
    if (high is None) != (medium is None):
        problems.add((*path, "confidence"), "give both `high` and `medium`")
    elif high is not None and medium is not None:
        given = set(_by_class(cuts["high"])) & set(_by_class(cuts["medium"]))  # the classes both name
        for c in CLASSES:
            if c in given and medium[c] > high[c]:
                problems.add((*path, "confidence"), f"{c}: medium ({medium[c]:g}) is above high ({high[c]:g}): "
                             f"no {c} verdict would be medium")
    return Decision({c: (prior or {}).get(c, 0.0) for c in CLASSES}, high, medium,
                    float(raw.get("internal_lead") or 0.0))


def _merged_decision(base: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    """A configured `decision` replaces the built-in one key by key (`prior`, `internal_lead`), and a
    confidence threshold class by class: `high: {internal: 0.7}` keeps the built-in cut of the others."""
    merged = {**base, **own}
    if isinstance(own.get("confidence"), dict) and isinstance(base.get("confidence"), dict):
        confidence = {**base["confidence"], **own["confidence"]}
        for level, cut in own["confidence"].items():
            if isinstance(cut, dict) and base["confidence"].get(level) is not None:
                confidence[level] = {**_by_class(base["confidence"][level]), **cut}
        merged["confidence"] = confidence
    return merged


def _by_class(raw: Any) -> dict[str, Any]:
    """A threshold as a mapping by class (one number stands for every class)."""
    return dict(raw) if isinstance(raw, dict) else dict.fromkeys(CLASSES, raw)


def _per_class(raw: Any) -> dict[str, float] | None:
    """A confidence threshold for every class: one number for all, or a mapping by class (a class it
    leaves out, with no built-in cut to keep, is never at that level: its cut is infinite)."""
    if raw is None:
        return None
    return {c: float(_by_class(raw).get(c, math.inf)) for c in CLASSES}


def _labels(raw: dict[str, Any]) -> dict[str, LabelSpec]:
    """Label specs: the defaults with any configured overrides."""
    labels = {}
    for impact in CLASSES:
        spec = {**DEFAULT_LABELS[impact], **(raw.get(impact) or {})}
        labels[impact] = LabelSpec(str(spec["name"]), str(spec["color"]).lstrip("#").lower(), str(spec["description"]))
    return labels


def _areas(raw: dict[str, Any], problems: Problems) -> tuple[Area, ...]:
    """Product areas in the order configured (first match wins)."""
    areas, names = [], set()
    for name, globs in raw.items():
        if str(name) in names:  # `1:` and `"1":` are two YAML keys but one area name
            problems.add(("areas", str(name)), f"area {str(name)!r} is named twice")
            continue
        names.add(str(name))
        patterns = [str(g) for g in (globs if isinstance(globs, list) else [globs])]
        matcher = compile_globs(patterns, ("areas", str(name)), problems, indexed=isinstance(globs, list))
        if matcher is not None:
            areas.append(Area(str(name), matcher))
    return tuple(areas)


def _check_names(own: list[tuple[int, dict[str, Any]]], data: dict[str, Any], base: dict[str, Any],
                 problems: Problems) -> None:
    """Rule names are unique, `disable` names built-in rules, and label names tell the classes apart."""
    seen: dict[str, int] = {}
    for i, raw in own:
        name = str(raw.get("name"))
        if name in seen:
            problems.add(("rules", i, "name"), f"duplicate rule name {name!r} (also rules[{seen[name]}])")
        seen.setdefault(name, i)
    builtin = [str(r["name"]) for r in base.get("rules") or []]
    for i, name in enumerate(data.get("disable") or []):
        if name is not None and str(name) not in builtin:
            hint = did_you_mean(str(name), builtin) or " (`pr-impact explain` lists the built-in rules' names)"
            problems.add(("disable", i), f"no built-in rule is named {name!r}{hint}")
    names: dict[str, str] = {}
    for impact, spec in _labels({**(base.get("labels") or {}), **(data.get("labels") or {})}).items():
        other = names.setdefault(spec.name.lower(), impact)
        if other != impact:
            problems.add(("labels", impact, "name"),
                         f"label {spec.name!r} is also the {other} label: each class needs its own label")


def compile_config(data: dict[str, Any], source: str, defaults: dict[str, Any] | None) -> tuple[Config, Problems]:
    """A Config from a validated mapping; with `extends: defaults` (the default) the built-in rules follow.
    Entries left out as None (rules or `disable` names that failed the schema) keep the others' indices."""
    problems = Problems()
    own = [(i, r) for i, r in enumerate(data.get("rules") or []) if isinstance(r, dict)]
    base = defaults if defaults is not None and data.get("extends", "defaults") == "defaults" else {}
    disabled = {str(n) for n in data.get("disable") or [] if n is not None} | {str(r.get("name")) for _, r in own}
    _check_names(own, data, base, problems)
    rules: list[Rule] = []
    for i, raw in own:
        rule = _compile_rule(raw, ("rules", i), source, problems)
        if rule:
            rules.append(rule)
    for i, raw in enumerate(base.get("rules") or []):
        if raw["name"] not in disabled:
            rule = _compile_rule(raw, ("defaults", "rules", i), "defaults", problems)
            if rule:
                rules.append(rule)
    areas = _areas({**(base.get("areas") or {}), **(data.get("areas") or {})}, problems)
    decision = _decision(_merged_decision(base.get("decision") or {}, data.get("decision") or {}), ("decision",),
                         problems)
    trackers = None
    if data.get("trackers"):
        # Imported only here: a config without trackers (most) never loads the module.
        from pr_impact.core.trackers import compile_trackers

        trackers = compile_trackers(data["trackers"], problems)
    config = Config(
        labels=_labels({**(base.get("labels") or {}), **(data.get("labels") or {})}),
        impact_rules=tuple(r for r in rules if r.impact),
        surface_rules=tuple(r for r in rules if r.surface),
        areas=areas,
        source=source,
        decision=decision,
        writer=WriterSettings(**{k: str(v) for k, v in (data.get("writer") or {}).items() if v is not None}),
        trackers=trackers,
    )
    return config, problems
