"""Skipping rules that cannot hold: a PR text's regexes matched in one RE2::Set pass."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import re2

if TYPE_CHECKING:
    from pr_impact.core.conditions import Ctx


def _options() -> Any:
    """RE2 options: case-insensitive, memory-bounded, silent (errors come back as exceptions)."""
    opts = re2.Options()
    opts.case_sensitive = False
    opts.log_errors = False
    opts.max_mem = 8 << 20
    return opts


RE2_OPTIONS = _options()


def utf8(ctx: Ctx, getter: Callable[[Ctx], str]) -> bytes:
    """The text `getter` returns, as the UTF-8 that RE2 reads (a lone surrogate from JSON becomes
    "?"). A PR's texts are encoded once for all the rules that search them; a file's text is not
    kept, since the context moves on to the next file."""
    if ctx.file is not None:
        return getter(ctx).encode("utf-8", "replace")
    key = id(getter)
    known = ctx.utf8.get(key)
    if known is None:
        known = ctx.utf8[key] = getter(ctx).encode("utf-8", "replace")
    return known


# Past this length a text is searched pattern by pattern: RE2::Set reports no match, not an error,
# when its DFA runs out of memory, which long hostile texts could cause.
_ONE_PASS_MAX_CHARS = 1000
# Only short patterns (the fitted title-word rules) join a set built at once: long vocabularies, and
# the other texts' rules, would make its compilation, paid once per process by a one-PR `check`, cost
# more than their searches save. They join a deferred set, built once this many PRs have been
# classified: a report of many PRs pays its compilation back.
ONE_PASS_MAX_PATTERN = 100
DEFERRED_AFTER = 16


class OnePass:
    """The regexes of one text field (the title, the body...), matched against it in one RE2::Set
    pass per PR instead of one search per rule: most built-in rules are title-word rules. The set is
    built on first use, when every rule has added its patterns (a deferred set: once it has been
    asked about `after` PRs); a rule then runs its own search only to quote the matched text as
    evidence."""

    def __init__(self, getter: Callable[[Ctx], str], after: int = 0) -> None:
        self.getter = getter
        self.patterns: list[str] = []
        self.after = after  # PRs searched pattern by pattern before the set is built
        self._set: Any = None
        self._broken = False

    def add(self, pattern: str) -> int:
        """Register a pattern; its index in the set."""
        self.patterns.append(pattern)
        self._set = None
        return len(self.patterns) - 1

    def _compiled(self) -> Any:
        """The RE2::Set of every pattern added, or None when RE2 cannot build it."""
        if self._set is None and not self._broken:
            try:
                built = re2.Set.SearchSet(RE2_OPTIONS)
                for pattern in self.patterns:
                    built.Add(pattern)
                built.Compile()
                self._set = built
            except re2.error:
                self._broken = True
        return self._set

    def matched(self, ctx: Ctx) -> frozenset[int] | None:
        """Indices of the patterns matching this PR's text (computed once per PR), or None when the
        text must be searched pattern by pattern."""
        key = id(self)
        if key not in ctx.matched:
            ctx.matched[key] = self._match(ctx)
        return ctx.matched[key]

    def _match(self, ctx: Ctx) -> frozenset[int] | None:
        """The set's answer for one PR (see matched)."""
        if self.after > 0:
            self.after -= 1
            return None
        found = self._compiled()
        if found is None or len(self.getter(ctx)) > _ONE_PASS_MAX_CHARS:
            return None
        return frozenset(found.Match(utf8(ctx, self.getter)) or ())
