"""Timing claims in PR text judged against the 100 ms / 1 s / 3 s thresholds users notice."""

from __future__ import annotations

import re
from typing import NamedTuple

from pr_impact.core.lazy_re import LazyPattern

THRESHOLDS_MS = (100.0, 1000.0, 3000.0)
_UNIT_MS = {"ns": 1e-6, "µs": 1e-3, "μs": 1e-3, "us": 1e-3, "ms": 1.0, "millisecond": 1.0,
            "milliseconds": 1.0, "s": 1000.0, "sec": 1000.0, "secs": 1000.0, "second": 1000.0,
            "seconds": 1000.0, "min": 60000.0, "mins": 60000.0, "minute": 60000.0, "minutes": 60000.0}
# These run on PR titles and bodies: every repeat is bounded (20 characters at most), so each
# position costs a bounded number of steps and a search stays linear in the text length.
# A number is "1,400" (thousands: groups of exactly three digits), "1.4" or "1,4" (a decimal comma).
_NUM = r"(\d{1,7}(?:,\d{3}){0,3}(?:[.,]\d{1,4})?)[ \t]?(ns|µs|μs|us|ms|milliseconds?|secs?|seconds?|s|mins?|minutes?)\b"
# "1.4s -> 0.8s", "from 2 s to 400 ms", "1.4s → 0.8s"
_PAIR = LazyPattern(_NUM + r"[ \t]{0,3}(?:->|→|=>|to|down[ \t]to|⇒)[ \t]{0,3}" + _NUM, re.IGNORECASE)
# "120ms faster", "saves 2 seconds", "0.3ms quicker"
_DELTA = LazyPattern(
    _NUM + r"[ \t]{0,3}(faster|quicker|slower|less|shorter|longer|saved|improvement|reduction)\b"
    r"|(?:saves?|saving|shaves?|cuts?|reduces?[a-z ]{0,20}by)[ \t]{1,3}" + _NUM,
    re.IGNORECASE,
)
_RATIO = LazyPattern(
    r"(\d{1,4}(?:\.\d{1,2})?)[ \t]?(x|×|%)[ \t]{0,3}"
    r"(faster|quicker|speed-?up|less|fewer|smaller|reduction|improvement)\b",
    re.I,
)
# What every claim above holds: a number's last digit, then a unit, "x", "×" or "%" (with the same
# case folding). Most PR texts have none, and this one search spares them the three above (and
# `check` their compilation).
_MAYBE = re.compile(r"\d[ \t]?[nµμumsx×%]", re.IGNORECASE)
_THOUSANDS = LazyPattern(r"\d{1,3}(?:,\d{3}){1,3}(?:\.\d{1,4})?")
# Timings of the project's own machinery (tests, CI, builds, linters) that users never wait for.
# Looked for in the words just before a claim, on its own line; each repeat is bounded.
_INTERNAL = LazyPattern(
    r"\b(?:tests?|test[ \t-]suites?|specs?|e2e|ci|pipelines?|workflows?|jobs?|runners?|builds?|compil(?:e|es|ing|ation)"
    r"|lint(?:s|ing|er|ers)?|clippy|eslint|oxlint|type[ \t-]?check(?:s|ing)?|typecheck(?:s|ing)?|tsc|installs?"
    r"|bootstrap|archives?|artifacts?|releases?|publish(?:ing)?|checkouts?|caches?|docker[ \t]images?|actions?)\b",
    re.IGNORECASE,
)
_CONTEXT_CHARS = 80  # how far before a claim, on its line, the words that say what was timed are looked for


# A NamedTuple, not a frozen dataclass: it is cheaper to define at import.
class PerfClaim(NamedTuple):
    """One timing claim found in text, and whether users would notice it."""

    text: str
    before_ms: float | None
    after_ms: float | None
    delta_ms: float | None
    share: float | None  # relative change, 0.4 = 40 %
    noticeable: bool
    why: str
    internal: bool = False  # it times tests, CI, builds or tooling: nothing users wait for


def _ms(number: str, unit: str) -> float:
    """A number with a time unit, in milliseconds."""
    digits = number.replace(",", "") if _THOUSANDS.fullmatch(number) else number.replace(",", ".")
    return float(digits) * _unit_ms(unit)


def _unit_ms(unit: str) -> float:
    """Milliseconds in a unit as a pattern matched it. The patterns ignore case as `re` does, which
    also takes "ſ" for "s" and "ı" for "i" where str.lower does not: those are found by matching."""
    known = _UNIT_MS.get(unit.lower())
    if known is None:
        known = next(ms for name, ms in _UNIT_MS.items() if re.fullmatch(re.escape(name), unit, re.IGNORECASE))
    return known


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


def _about_internal(text: str, start: int, end: int) -> bool:
    """Whether the words around a claim, on its own line, say it times tests, CI, builds or tooling."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    window = text[max(line_start, start - _CONTEXT_CHARS):min(len(text) if line_end < 0 else line_end, end + 40)]
    return _INTERNAL.search(window) is not None


def as_internal(claim: PerfClaim) -> PerfClaim:
    """The same claim, said to be about the project's own machinery rather than what users notice."""
    what = claim.text.strip()
    if claim.before_ms is not None and claim.after_ms is not None:
        what = f"{_fmt(claim.before_ms)} → {_fmt(claim.after_ms)}"
    return claim._replace(noticeable=False, internal=True,
                          why=f"it times tests, CI, builds or tooling ({what}), not something users wait for")


def _found(text: str, limit: int) -> list[tuple[PerfClaim, int, int]]:
    """Every claim with its span: pairs first, then deltas outside them, then ratios."""
    found: list[tuple[PerfClaim, int, int]] = []
    if not _MAYBE.search(text):
        return found
    for m in _PAIR.finditer(text):
        found.append((judge_pair(_ms(m[1], m[2]), _ms(m[3], m[4]), m[0]), *m.span()))
        if len(found) >= limit:
            return found
    taken = [(a, b) for _, a, b in found]
    for m in _DELTA.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        number, unit = (m[1], m[2]) if m[1] else (m[4], m[5])
        found.append((judge_delta(_ms(number, unit), m[0]), *m.span()))
        if len(found) >= limit:
            return found
    for m in _RATIO.finditer(text):
        value = float(m[1])
        big = value >= 1.3 if m[2] != "%" else value >= 30
        why = f"{m[1]}{m[2]} {m[3]} is {'a large' if big else 'a small'} relative change"
        found.append((PerfClaim(m[0], None, None, None, None, big, why), *m.span()))
        if len(found) >= limit:
            break
    return found


def find_claims(text: str, limit: int = 10) -> tuple[PerfClaim, ...]:
    """Every timing claim in `text` (at most `limit`), each judged; a claim about tests, CI, builds or
    tooling is never one users notice."""
    return tuple(as_internal(claim) if _about_internal(text, start, end) else claim
                 for claim, start, end in _found(text, limit))
