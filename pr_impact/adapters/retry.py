"""Sending a request again after a transient failure, within one run's budget: pr-impact's one retry loop."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from email.utils import parsedate_to_datetime
from typing import TypeVar

from pr_impact.errors import PrImpactError

T = TypeVar("T")
# The HTTP statuses of a server's passing fault, worth sending the same request again for.
SERVER_ERRORS = frozenset({500, 502, 503, 504})
# How a caller turns its last error and why it stopped ("; gave up after 5 attempts") into the error it
# raises (one of its own kind, saying so).
GaveUp = Callable[[PrImpactError, str], PrImpactError]


class RetryLater(Exception):
    """Raised by one attempt: worth sending again after `delay` seconds; `error` is what to report when
    no attempt or wait is left."""

    def __init__(self, delay: float, error: PrImpactError) -> None:
        super().__init__(error.message)
        self.delay = delay
        self.error = error


class Retrier:
    """Attempts per request, and seconds of waiting for the whole run: a run that keeps meeting limits
    still ends in bounded time. Every request of a run shares one (threads too: tickets are fetched
    concurrently)."""

    def __init__(self, *, max_wait: float = 60.0, max_attempts: int = 5, backoff: float = 1.0,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.max_wait = max_wait
        self.max_attempts = max(1, max_attempts)
        self.backoff = backoff
        self.waited = 0.0  # seconds of waits granted so far, against `max_wait`
        self._sleep = sleep
        self._lock = threading.Lock()

    def run(self, attempt: Callable[[int], T], gave_up: GaveUp) -> T:
        """`attempt(1)`, `attempt(2)`… until one returns, raises something other than RetryLater, or the
        attempts or the run's wait budget run out (then `gave_up`'s error)."""
        for n in range(1, self.max_attempts + 1):
            try:
                return attempt(n)
            except RetryLater as retry:
                if n == self.max_attempts:
                    raise gave_up(retry.error, f"; gave up after {n} attempts") from None
                self.wait(retry.delay, retry.error, gave_up)
        raise AssertionError("unreachable")  # pragma: no cover

    def wait(self, delay: float, error: PrImpactError, gave_up: GaveUp) -> None:
        """Sleep before a retry, or raise `gave_up`'s error when the wait would pass the run's budget."""
        with self._lock:
            if self.waited + delay > self.max_wait:
                already = f" ({self.waited:.0f}s waited already)" if self.waited else ""
                raise gave_up(error, f"; stopped retrying: the next wait ({delay:.0f}s) would pass the "
                                     f"{self.max_wait:.0f}s limit{already}") from None
            self.waited += delay
        self._sleep(delay)

    def backoff_delay(self, attempt: int) -> float:
        """Exponential backoff: backoff, 2 x backoff, 4 x backoff…"""
        return float(self.backoff * 2 ** (attempt - 1))


def retry_after(headers: Mapping[str, str], default: float, now: Callable[[], float] = time.time) -> float:
    """The seconds a `Retry-After` header (lower-cased keys) asks for: a number, or an HTTP date;
    `default` when it is absent or unreadable."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return default
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        return max(parsedate_to_datetime(value).timestamp() - now(), 0.0)
    except (TypeError, ValueError, IndexError, OverflowError):
        return default
