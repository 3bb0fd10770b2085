"""Fitting a rendered Markdown report under a size limit: shorter renderings first, then a cut at a line."""

from __future__ import annotations

from collections.abc import Callable

_CLOSE_FENCE = "\n```"


def fit_to_limit(render: Callable[[int], str], levels: int, max_chars: int, note: str) -> str:
    """The first of `render(0)`, `render(1)`, … (each shorter) that fits in `max_chars`; when even the
    last does not, that one cut at a line, with `note` saying so."""
    out = ""
    for level in range(levels):
        out = render(level)
        if len(out) <= max_chars:
            return out
    # Room is kept for closing a code fence the cut leaves open: everything after it would render as code.
    cut = out[: max(0, max_chars - len(note) - len(_CLOSE_FENCE))].rsplit("\n", 1)[0]
    if cut.count("```") % 2:
        cut += _CLOSE_FENCE
    return (cut + note)[:max_chars]
