"""Reports fit under a size limit: the first rendering that fits, else a cut at a line that says so."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pr_impact.render.size_limit import fit_to_limit

NOTE = "\n\n*cut*\n"


def test_the_first_rendering_that_fits_is_returned_whole() -> None:
    renderings = ["x" * 100, "y" * 50, "z" * 10]
    assert fit_to_limit(lambda level: renderings[level], 3, 60, NOTE) == "y" * 50


def test_a_cut_closes_an_open_code_fence_and_says_it_was_cut() -> None:
    text = "intro\n```mermaid\n" + "line\n" * 50 + "```\n"
    out = fit_to_limit(lambda level: text, 1, 80, NOTE)
    assert out.endswith(NOTE)
    assert out.count("```") % 2 == 0


@given(st.lists(st.text(alphabet="ab`\n", max_size=300), min_size=1, max_size=4), st.integers(0, 400))
def test_never_longer_than_the_limit(renderings: list[str], limit: int) -> None:
    out = fit_to_limit(lambda level: renderings[level], len(renderings), limit, NOTE)
    assert len(out) <= limit
    if any(len(r) <= limit for r in renderings):
        assert out == next(r for r in renderings if len(r) <= limit)
