"""Work done once per config for all the PRs it classifies: which impact rules a PR's texts, files
and values leave in play, and the product area of each path."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

from pr_impact.core.conditions import Ctx
from pr_impact.core.config import Config, Rule
from pr_impact.core.one_pass import KindGate, OnePass, ValueGate, gate_of, lowered

Getter = Callable[[Ctx], Iterable[str] | str | None]


class Plan:
    """A config's impact rules indexed by their gates (core/one_pass.py): the one-pass patterns, the
    file kinds or the PR values (type, labels...) without which a rule cannot hold, and its areas
    memoised by path. Most built-in rules are title words, facts about files of one kind or a label;
    a PR's texts, its files' kinds and its values say at once which of them are in play, and the
    others need not be tested."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.ungated: list[int] = []  # rules tested on every PR
        self.gated: dict[OnePass, list[int]] = {}  # a set -> the rules it gates
        self.by_pattern: dict[OnePass, dict[int, list[int]]] = {}  # a set -> pattern index -> rules
        self.by_kind: dict[str, list[int]] = {}  # a file kind -> the rules it gates
        self.by_value: dict[Getter, dict[str, list[int]]] = {}  # a PR's value (type, label...) -> rules
        for i, rule in enumerate(config.impact_rules):
            gate = gate_of(rule.when)
            if gate is None:
                self.ungated.append(i)
            elif isinstance(gate, KindGate):
                for kind in gate.kinds:
                    self.by_kind.setdefault(kind, []).append(i)
            elif isinstance(gate, ValueGate):
                values = self.by_value.setdefault(gate.getter, {})
                for value in gate.values:
                    values.setdefault(value, []).append(i)
            else:
                self.gated.setdefault(gate.group, []).append(i)
                patterns = self.by_pattern.setdefault(gate.group, {})
                for index in gate.indices:
                    patterns.setdefault(index, []).append(i)
        # A path's area is the same in every PR of a run; matching it is a regex per area. Bounded:
        # a long run over a monorepo's history may meet more paths than are worth keeping.
        self.area = lru_cache(maxsize=1 << 16)(self._area)

    def candidates(self, ctx: Ctx) -> list[Rule]:
        """The impact rules that may hold on the context's PR, in rule order: the ungated ones, those
        whose patterns its text matches (all of a set's rules when the set cannot answer), those of
        the kinds its files have and those of its values."""
        picked = set(self.ungated)
        for group, rules in self.gated.items():
            matched = group.matched(ctx)
            if matched is None:
                picked.update(rules)
                continue
            patterns = self.by_pattern[group]
            for index in matched:
                picked.update(patterns.get(index, ()))
        for kind in {f.kind.lower() for f in ctx.sig.files}:
            picked.update(self.by_kind.get(kind, ()))
        for getter, by_value in self.by_value.items():
            for value in lowered(getter(ctx)):
                picked.update(by_value.get(value, ()))
        every = self.config.impact_rules
        return [every[i] for i in sorted(picked)]

    def _area(self, path: str) -> str | None:
        """The first configured area whose globs match the path."""
        return next((area.name for area in self.config.areas if area.matcher.match(path)), None)


_LAST: list[Plan] = []  # the plan of the config last used: a run classifies every PR with one config


def plan_for(config: Config) -> Plan:
    """The config's plan, built once while the same config is used PR after PR."""
    if not _LAST or _LAST[0].config is not config:
        _LAST[:] = [Plan(config)]
    return _LAST[0]
