"""Timing claims judged against what users notice: 100 ms, 1 s, 3 s, or a large share."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pr_impact.adapters.config_file import default_config
from pr_impact.core import timing_claims
from pr_impact.core.engine import classify
from pr_impact.core.model import FileChange, PullRequest
from pr_impact.core.timing_claims import find_claims


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


NUMBERS = ["1", "1,400", "0.3", "٣", "a"]
UNITS = ["s", "S", "ſ", "ms", "MS", "µs", "Μs", "min", "mın", "mİn", "x", "X", "×", "%", "q"]
AFTER = ["", " faster", " -> 2s", " to 400 ms", ".", "\n"]
claim_like = st.tuples(st.sampled_from(["", "saves ", "ci "]), st.sampled_from(NUMBERS),
                       st.sampled_from(["", " ", "\t"]), st.sampled_from(UNITS), st.sampled_from(AFTER)).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.lists(claim_like, max_size=3).map(" ".join))
def test_text_without_a_number_and_a_unit_next_to_it_holds_no_claim(text: str) -> None:
    """The quick look that spares most texts the claim patterns never hides a claim they would find."""
    patterns = (timing_claims._PAIR, timing_claims._DELTA, timing_claims._RATIO)
    expected = [m[0] for pattern in patterns for m in pattern.finditer(text)]
    assert bool(find_claims(text)) == bool(expected)


def test_units_in_any_case_the_patterns_accept_are_read() -> None:
    """`re` ignores case more widely than str.lower: "ſ" is an "s", "ı" an "i" (hostile titles)."""
    assert [c.delta_ms for c in find_claims("1ſ faster, 2 MıN faster, 3 Μs faster")] == [1000.0, 120000.0, 0.003]


def test_claims_are_bounded() -> None:
    assert len(find_claims("1ms -> 2ms " * 100)) == 10


def test_thousands_separators_are_not_decimal_commas() -> None:
    """Issue 11: "1,400 ms" is 1.4 s; "1,4 s" (a decimal comma) is 1.4 s too."""
    [claim] = find_claims("Load time: 1,400 ms -> 300 ms")
    assert (claim.before_ms, claim.after_ms) == (1400.0, 300.0)
    assert claim.why == "crosses the 1 s threshold (1.4 s → 300 ms)"
    assert find_claims("p95 1,4 s -> 300 ms")[0].before_ms == 1400.0
    assert find_claims("cold start 12,500 ms to 9,000 ms")[0].before_ms == 12_500.0


@pytest.mark.parametrize("text", [
    "Speeds up the test suite from 40 s to 4 s",
    "CI pipeline 12 min -> 7 min",
    "build: 1.7x faster symbol archives",
    "Lint now takes 300 ms less",
])
def test_timings_of_tests_ci_builds_and_tooling_are_not_what_users_notice(text: str) -> None:
    [claim] = find_claims(text)
    assert claim.internal and not claim.noticeable and "tests, CI, builds or tooling" in claim.why


def test_a_tooling_word_on_another_line_does_not_make_a_user_claim_internal() -> None:
    [claim] = find_claims("CI is green.\nOpening a project: 2 s to 400 ms")
    assert claim.noticeable and not claim.internal


def test_a_tests_only_pr_gets_no_user_noticeable_timing() -> None:
    """Issue 11: on a PR that changes only tests, the heads-up never says users would notice a timing,
    and a claim that says what it times is not the `perf: noticeable` signal the rules use."""
    pr = PullRequest(title="Faster tests", body="Now 40 s to 4 s.",
                     files=(FileChange("tests/test_api.py", additions=1, deletions=1,
                                       patch="@@ -1,1 +1,1 @@\n-x = 1\n+x = 2"),))
    verdict = classify(pr, default_config())
    [h] = [h for h in verdict.heads_up if h.kind == "performance"]
    assert "Users would notice" not in h.text and "not something users wait for" in h.text
    worded = classify(PullRequest(title="Speeds up the test suite from 40 s to 4 s", files=pr.files), default_config())
    assert "perf-claim-noticeable" not in {e.rule for e in worded.evidence}


def test_a_timing_claim_on_a_pr_that_ships_nothing_is_never_the_noticeable_signal() -> None:
    """The claim has no tooling word on its line, but the PR changes only tests and CI: the rules'
    `perf: noticeable` signal does not fire, and the heads-up says so too."""
    files = (FileChange("tests/test_api.py", additions=1, patch="@@ -0,0 +1,1 @@\n+x = 2"),
             FileChange(".github/workflows/ci.yml", additions=1, patch="@@ -0,0 +1,1 @@\n+on: push"))
    verdict = classify(PullRequest(title="Cache the fixtures", body="Now 40 s to 4 s.", files=files), default_config())
    assert "perf-claim-noticeable" not in {e.rule for e in verdict.evidence}
    assert all(c.internal for c in verdict.signals.perf_claims)
    [h] = [h for h in verdict.heads_up if h.kind == "performance"]
    assert "Not something users notice" in h.text
    shipped = classify(PullRequest(title="Cache the fixtures", body="Now 40 s to 4 s.",
                                   files=(FileChange("src/api.py", additions=1, patch="@@ -0,0 +1,1 @@\n+x = 2"),)),
                       default_config())
    assert "perf-claim-noticeable" in {e.rule for e in shipped.evidence}
