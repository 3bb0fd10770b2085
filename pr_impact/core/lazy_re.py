"""Regular expressions compiled on first use, for detectors most pull requests never reach."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple


class LazyPattern(NamedTuple):
    """A `re` pattern that `re` compiles the first time it is used and keeps in its own cache of
    compiled patterns: a one-PR `check` compiles only the heads-up and timing-claim patterns its PR
    reaches (most reach none), and nothing here holds state."""

    pattern: str
    flags: int = 0

    @property
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern."""
        return re.compile(self.pattern, self.flags)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled.match(text, pos)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.compiled.fullmatch(text)

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled.search(text, pos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text)
