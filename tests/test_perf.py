"""Timing claims judged against what users notice: 100 ms, 1 s, 3 s, or a large share."""

from __future__ import annotations

import pytest

from pr_impact.core.perf import find_claims


@pytest.mark.parametrize(("claim", "noticeable"), [
    ("p95 1.4s -> 0.8s", True),            # crosses 1 s
    ("startup 120ms faster", True),        # a delta of at least 100 ms
    ("from 2 s to 400 ms", True),
    ("render 350ms → 150ms", True),        # large share of a perceptible time
    ("parse 0.3ms -> 0.2ms", False),       # sub-millisecond
    ("saves 20 ms", False),
    ("3x faster", True),
    ("5% faster", False),
])
def test_claim(claim: str, noticeable: bool) -> None:
    claims = find_claims(claim)
    assert claims and claims[0].noticeable is noticeable, claims


def test_no_claim_in_plain_text() -> None:
    assert find_claims("Refactor the parser for readability") == ()


def test_claims_are_bounded() -> None:
    assert len(find_claims("1ms -> 2ms " * 100)) == 10
