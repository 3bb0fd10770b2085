"""Why, in words a PM accepts: the few reasons that carry a verdict, what speaks against it, and the headline."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pr_impact.core.conditions import CLASSES
from pr_impact.core.taxonomy import SHIPPED_KINDS, machinery_only
from pr_impact.core.verdict import Evidence

MAX_SHOWN = 5  # reasons a PR comment lists; `explain` and the JSON keep every rule that fired
# A fitted rule this light barely moved the verdict: a PM reading it as a reason would be misled.
MIN_SHOWN_WEIGHT = 0.2
PLAIN = {"user-facing": "user-facing", "tech-debt": "tech debt with user impact", "internal": "internal only"}
_CLASS_SENTENCE = {"user-facing": "This PR changes what users see or do",
                   "tech-debt": "This PR is engineering work users would notice",
                   "internal": "This PR is invisible to users"}
# What each kind of file is, in a PM's words, in the order a list of them is read.
KIND_WORDS = {"ui": "UI", "locale": "user-visible text", "source": "code", "api-schema": "API definitions",
              "migration": "database migrations", "config": "runtime configuration", "packaging": "packaging",
              "manifest": "dependencies", "docs": "user docs", "test": "tests", "ci": "CI", "build": "build tooling",
              "lockfile": "lockfiles", "release": "release housekeeping", "example": "examples",
              "contributor-docs": "contributor docs", "generated": "generated files", "other": "other files"}


def shown(evidence: Iterable[Evidence], impact: str, limit: int = MAX_SHOWN) -> list[Evidence]:
    """The evidence a PM reads under a verdict of `impact`: rules that favour it and whose reason argues
    for it, strongest first, one line per reason."""
    picked: dict[str, Evidence] = {}
    for e in sorted((e for e in evidence if e.argues_for(impact) and e.weight >= MIN_SHOWN_WEIGHT),
                    key=lambda e: -e.weight):
        picked.setdefault(e.reason.casefold(), e)
    return list(picked.values())[:limit]


def runner_up(impact: str, scores: dict[str, float]) -> str:
    """The class that came closest to `impact` (the class with the top score when a guard overruled it)."""
    others = [c for c in CLASSES if c != impact]
    return max(others, key=lambda c: (scores.get(c, 0.0), -CLASSES.index(c)))


# What a reason for the runner-up must weigh to be said against a verdict: at medium confidence only a
# strong one is worth a PM's doubt, at low confidence any reason the comment would show.
AGAINST_WEIGHT = {"medium": 0.5, "low": MIN_SHOWN_WEIGHT}


def against(evidence: Sequence[Evidence], impact: str, confidence: str, scores: dict[str, float]) -> Evidence | None:
    """When a verdict is not sure (confidence below high), the strongest reason for the runner-up."""
    if confidence not in AGAINST_WEIGHT:
        return None
    found = shown(evidence, runner_up(impact, scores), 1)
    return found[0] if found and found[0].weight >= AGAINST_WEIGHT[confidence] else None


def kinds_phrase(kinds: Iterable[str]) -> str:
    """'code, tests and CI': the kinds of files a PR changes, in a PM's words and a fixed order."""
    present = set(kinds)
    words = list(dict.fromkeys(w for k, w in KIND_WORDS.items() if k in present))
    if not words:
        return "no files"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def files_reason(kinds: Sequence[str]) -> str:
    """What changed and whether it ships, as a reason: the driver when no rule's words carry the verdict."""
    if not kinds:
        return "the PR lists no changed files"
    if machinery_only(kinds):
        return f"it changes only the project's machinery ({kinds_phrase(kinds)})"
    shipped = [k for k in kinds if k in SHIPPED_KINDS]
    if shipped:
        return f"it changes what ships to users ({kinds_phrase(shipped)})"
    return f"it changes {kinds_phrase(kinds)}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def headline(impact: str, confidence: str, scores: dict[str, float], evidence: Sequence[Evidence],
             kinds: Sequence[str]) -> str:
    """One sentence under the verdict's heading: the class in plain words and the reason that drives it,
    from a rule whose words argue for the class, else from what kinds of files changed; "probably" and
    what speaks for the runner-up when the verdict is not sure."""
    if not evidence:
        return "No rule recognised this change, so it is shown to the PM rather than hidden."
    top = shown(evidence, impact, 1)
    driver = _lower_first(top[0].reason) if top else files_reason(kinds)
    if confidence == "high":
        return f"{_CLASS_SENTENCE[impact]}: {driver}."
    other = runner_up(impact, scores)
    if impact == "user-facing" and other == "internal" and scores.get("internal", 0.0) > scores.get(impact, 0.0):
        # The internal lead kept it shown: say both sides, and which way it was resolved.
        seen = shown(evidence, "internal", 1)
        why_internal = _lower_first(seen[0].reason) if seen else "little speaks for users"
        return (f"Shown, not hidden, because {files_reason(kinds)} and nothing rules out that users notice; "
                f"it may well be internal work ({why_internal}).")
    contra = against(evidence, impact, confidence, scores)
    tail = (f" It may be {PLAIN[other]}: {_lower_first(contra.reason)}." if contra
            else " The evidence is thin." if confidence == "low" else "")
    return f"Probably {PLAIN[impact]}: {driver}.{tail}"
