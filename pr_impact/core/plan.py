"""Work done once per config for all the PRs it classifies: which impact rules a PR's title leaves
in play, and the product area of each path."""

from __future__ import annotations

from functools import lru_cache

from pr_impact.core.conditions import Ctx, OnePass, gate_of
from pr_impact.core.config import Config, Rule


class Plan:
    """A config's impact rules indexed by the one-pass patterns that gate them (conditions.Gate),
    and its areas memoised by path. Most built-in rules are title words, and a title's one-pass set
    says at once which of their patterns it matches: the others need not be tested."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.ungated: list[int] = []  # rules tested on every PR
        self.gated: dict[OnePass, list[int]] = {}  # a set -> the rules it gates
        self.by_pattern: dict[OnePass, dict[int, list[int]]] = {}  # a set -> pattern index -> rules
        for i, rule in enumerate(config.impact_rules):
            gate = gate_of(rule.when)
            if gate is None:
                self.ungated.append(i)
                continue
            self.gated.setdefault(gate.group, []).append(i)
            patterns = self.by_pattern.setdefault(gate.group, {})
            for index in gate.indices:
                patterns.setdefault(index, []).append(i)
        # A path's area is the same in every PR of a run; matching it is a regex per area.
        self.area = lru_cache(maxsize=None)(self._area)

    def candidates(self, ctx: Ctx) -> list[Rule]:
        """The impact rules that may hold on the context's PR, in rule order: the ungated ones and
        those whose patterns its text matches (all of a set's rules when the set cannot answer)."""
        picked = set(self.ungated)
        for group, rules in self.gated.items():
            matched = group.matched(ctx)
            if matched is None:
                picked.update(rules)
                continue
            patterns = self.by_pattern[group]
            for index in matched:
                picked.update(patterns.get(index, ()))
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
