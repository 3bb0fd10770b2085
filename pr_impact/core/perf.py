"""Timing claims in PR text judged against the 100 ms / 1 s / 3 s thresholds users notice."""

from __future__ import annotations

import re
from typing import NamedTuple

THRESHOLDS_MS = (100.0, 1000.0, 3000.0)
_UNIT_MS = {"ns": 1e-6, "µs": 1e-3, "μs": 1e-3, "us": 1e-3, "ms": 1.0, "millisecond": 1.0,
            "milliseconds": 1.0, "s": 1000.0, "sec": 1000.0, "secs": 1000.0, "second": 1000.0,
            "seconds": 1000.0, "min": 60000.0, "mins": 60000.0, "minute": 60000.0, "minutes": 60000.0}
# These run on PR titles and bodies: every repeat is bounded (20 characters at most), so each
# position costs a bounded number of steps and a search stays linear in the text length.
_NUM = r"(\d{1,7}(?:[.,]\d{1,4})?)[ \t]?(ns|µs|μs|us|ms|milliseconds?|secs?|seconds?|s|mins?|minutes?)\b"
# "1.4s -> 0.8s", "from 2 s to 400 ms", "1.4s → 0.8s"
_PAIR = re.compile(_NUM + r"[ \t]{0,3}(?:->|→|=>|to|down[ \t]to|⇒)[ \t]{0,3}" + _NUM, re.IGNORECASE)
# "120ms faster", "saves 2 seconds", "0.3ms quicker"
_DELTA = re.compile(
    _NUM + r"[ \t]{0,3}(faster|quicker|slower|less|shorter|longer|saved|improvement|reduction)\b"
    r"|(?:saves?|saving|shaves?|cuts?|reduces?[a-z ]{0,20}by)[ \t]{1,3}" + _NUM,
    re.IGNORECASE,
)
_RATIO = re.compile(
    r"(\d{1,4}(?:\.\d{1,2})?)[ \t]?(x|×|%)[ \t]{0,3}"
    r"(faster|quicker|speed-?up|less|fewer|smaller|reduction|improvement)\b",
    re.I,
)


# A NamedTuple: ~0.1 ms to define at import, where a frozen dataclass takes ~0.4 ms.
class PerfClaim(NamedTuple):
    """One timing claim found in text, and whether users would notice it."""

    text: str
    before_ms: float | None
    after_ms: float | None
    delta_ms: float | None
    share: float | None  # relative change, 0.4 = 40 %
    noticeable: bool
    why: str


def _ms(number: str, unit: str) -> float:
    """A number with a time unit, in milliseconds."""
    return float(number.replace(",", ".")) * _UNIT_MS[unit.lower()]


def _crossed(before: float, after: float) -> float | None:
    """The threshold a change from `before` to `after` crosses, if any."""
    low, high = sorted((before, after))
    return next((t for t in THRESHOLDS_MS if low < t <= high), None)


def _fmt(ms: float) -> str:
    """A duration the way people say it."""
    return f"{ms / 1000:g} s" if ms >= 1000 else f"{ms:g} ms"


def judge_pair(before: float, after: float, text: str) -> PerfClaim:
    """A before → after claim: noticeable when it crosses a threshold or changes a perceptible time a lot."""
    share = abs(before - after) / before if before else None
    crossed = _crossed(before, after)
    if crossed is not None:
        why = f"crosses the {_fmt(crossed)} threshold ({_fmt(before)} → {_fmt(after)})"
        return PerfClaim(text, before, after, abs(before - after), share, True, why)
    big = share is not None and share >= 0.3 and max(before, after) >= THRESHOLDS_MS[0]
    why = (f"{_fmt(before)} → {_fmt(after)} is a large share of a perceptible time" if big
           else f"{_fmt(before)} → {_fmt(after)} stays below what users notice")
    return PerfClaim(text, before, after, abs(before - after), share, big, why)


def judge_delta(delta: float, text: str) -> PerfClaim:
    """A "N ms faster" claim: noticeable from 100 ms on."""
    noticeable = delta >= THRESHOLDS_MS[0]
    why = f"{_fmt(delta)} {'reaches' if noticeable else 'is below'} the 100 ms users notice"
    return PerfClaim(text, None, None, delta, None, noticeable, why)


def find_claims(text: str, limit: int = 10) -> tuple[PerfClaim, ...]:
    """Every timing claim in `text` (at most `limit`), each judged."""
    claims: list[PerfClaim] = []
    taken: list[tuple[int, int]] = []
    for m in _PAIR.finditer(text):
        claims.append(judge_pair(_ms(m[1], m[2]), _ms(m[3], m[4]), m[0]))
        taken.append(m.span())
        if len(claims) >= limit:
            return tuple(claims)
    for m in _DELTA.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        number, unit = (m[1], m[2]) if m[1] else (m[4], m[5])
        claims.append(judge_delta(_ms(number, unit), m[0]))
        if len(claims) >= limit:
            break
    for m in _RATIO.finditer(text):
        value = float(m[1])
        big = value >= 1.3 if m[2] != "%" else value >= 30
        claims.append(PerfClaim(m[0], None, None, None, None, big,
                                f"{m[1]}{m[2]} {m[3]} is {'a large' if big else 'a small'} relative change"))
        if len(claims) >= limit:
            break
    return tuple(claims)
