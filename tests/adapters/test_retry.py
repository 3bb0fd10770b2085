"""The one retry loop: attempts, the run's wait budget, Retry-After in seconds or as a date."""

from __future__ import annotations

import pytest

from pr_impact.adapters.retry import Retrier, RetryLater, retry_after
from pr_impact.errors import PrImpactError


def gave_up(error: PrImpactError, note: str) -> PrImpactError:
    return PrImpactError(error.message + note)


@pytest.mark.parametrize("headers, seconds", [
    ({"retry-after": "12"}, 12.0), ({"retry-after": "-3"}, 0.0), ({"retry-after": "soon"}, 5.0), ({}, 5.0),
    ({"retry-after": "Wed, 21 Oct 2015 07:28:30 GMT"}, 30.0),
])
def test_retry_after_reads_seconds_or_an_http_date(headers: dict[str, str], seconds: float) -> None:
    now = 1445412480.0  # Wed, 21 Oct 2015 07:28:00 GMT
    assert retry_after(headers, 5.0, lambda: now) == seconds


def test_attempts_stop_at_the_limit_and_say_so() -> None:
    sleeps: list[float] = []
    retrier = Retrier(max_attempts=3, backoff=1.0, sleep=sleeps.append)
    calls: list[int] = []

    def attempt(n: int) -> str:
        calls.append(n)
        raise RetryLater(retrier.backoff_delay(n), PrImpactError("busy"))

    with pytest.raises(PrImpactError, match="busy; gave up after 3 attempts"):
        retrier.run(attempt, gave_up)
    assert calls == [1, 2, 3] and sleeps == [1.0, 2.0]


def test_the_wait_budget_is_shared_by_every_request_of_a_run() -> None:
    sleeps: list[float] = []
    retrier = Retrier(max_wait=10.0, max_attempts=5, sleep=sleeps.append)

    def limited(n: int) -> str:
        if n == 1:
            raise RetryLater(6.0, PrImpactError("rate limited"))
        return "ok"

    assert retrier.run(limited, gave_up) == "ok"
    with pytest.raises(PrImpactError, match=r"next wait \(6s\) would pass the 10s limit \(6s waited already\)"):
        retrier.run(limited, gave_up)
    assert sleeps == [6.0] and retrier.waited == 6.0
