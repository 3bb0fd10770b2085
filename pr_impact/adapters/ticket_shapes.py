"""What Jira and Linear answers become: bounded text, and one lookup's tickets and warnings."""

from __future__ import annotations

import threading
from typing import Any

from pr_impact.core.model import LinkedIssue

MAX_LABELS = 20


class Lookup:
    """The tickets one tracker gave, what went wrong (each warning once), and whether it refused the token.
    Workers of one lookup share it."""

    def __init__(self) -> None:
        self.tickets: list[LinkedIssue] = []
        self.warnings: list[str] = []
        self.refused = False
        self._lock = threading.Lock()

    def warn(self, message: str) -> None:
        with self._lock:
            if message not in self.warnings:
                self.warnings.append(message)

    def refuse(self, message: str) -> None:
        """The tracker refused the token: one warning, and no more requests to it."""
        with self._lock:
            if not self.refused:
                self.refused = True
                self.warnings.append(message)


def cut(value: Any, limit: int) -> str | None:
    """A text field as one bounded string; None when it is not text or is blank."""
    if not isinstance(value, str) or not value.strip():
        return None
    return value if len(value) <= limit else value[: limit - 1] + "…"


def name_of(value: Any) -> str | None:
    """The `name` of an object field (Jira's issuetype and status, Linear's state and project)."""
    return cut(value.get("name"), 100) if isinstance(value, dict) else None


def text_list(values: Any) -> tuple[str, ...]:
    """Up to MAX_LABELS label names, from plain strings or objects with a `name`."""
    if not isinstance(values, list):
        return ()
    names = (cut(v, 100) if isinstance(v, str) else name_of(v) for v in values)
    return tuple(n for n in names if n)[:MAX_LABELS]
