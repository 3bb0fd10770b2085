"""Unified diffs for tests that build PullRequests by hand."""

from __future__ import annotations


def patch(*added: str, removed: tuple[str, ...] = ()) -> str:
    """A one-hunk unified diff adding (and removing) these lines."""
    body = [f"-{line}" for line in removed] + [f"+{line}" for line in added]
    return f"@@ -1,{len(removed)} +1,{len(added)} @@\n" + "\n".join(body)
