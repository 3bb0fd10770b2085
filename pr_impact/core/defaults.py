"""The built-in rules: general knowledge of repositories, words and diffs, in the config's own format."""

from __future__ import annotations

from typing import Any

UF, TD, INT = "user-facing", "tech-debt", "internal"
INTERNAL_KINDS = ["test", "ci", "build", "lockfile", "manifest", "contributor-docs", "release", "example", "generated"]

# Vocabulary, as RE2 regexes (case-insensitive). Kept as words and short phrases so they read as prose.
FIX_WORDS = (r"\b(fix(es|ed|ing)?|bug(s|fix)?|crash(es|ed|ing)?|regression|broken|incorrect(ly)?|wrong(ly)?|"
             r"fail(s|ed|ing|ure)?|error(s)?|handle[sd]?|prevent(s|ed)?|resolve[sd]?|correct(ly|s|ed)?|"
             r"missing|respect(s|ed)?|properly|not work(ing)?|does ?n[o']t|don'?t|no longer|should|invalid|"
             r"mismatch|panic(s|king)?|hang(s|ing)?|leak(s|ing)?|unexpected|workaround|issue with|typo in)\b")
FEATURE_WORDS = (r"^\W*(add(s|ed|ing)?|support(s|ed|ing)?|introduce[sd]?|implement(s|ed)?|allow(s|ed)?|"
                 r"enable[sd]?|new|expose[sd]?|provide[sd]?|let|make .{1,40} configurable|accept(s)?|"
                 r"create[sd]?|show|display|warn|log|print|generate)\b")
PERF_WORDS = (r"\b(perf(ormance|ormant)?|faster|fast(er)? path|speed(s|ed)? ?up|speedup|optimi[sz](e[sd]?|ation|ing)|"
              r"slow(ness|er)?|latency|throughput|memory (usage|footprint|leak)|allocation(s)?|"
              r"cach(e[sd]?|ing)|lazy|lazily|memoi[sz]e[sd]?|hot ?path|bottleneck|efficient(ly)?|"
              r"avoid(s|ing)? (unnecessary|redundant|extra|repeated|duplicate[sd]?|re-?computing|calling)|"
              r"reduce[sd]? (the )?(memory|allocations?|overhead|latency|time|work|calls|size|bundle)|"
              r"fewer|skip(s|ping)? (unnecessary|redundant)|precompute[sd]?|parallel(ize|ise)?|concurren(t|cy)|"
              r"startup time|bundle size|quadratic|o\(n\^?2\)|linear time)\b")
REFACTOR_WORDS = (r"\b(refactor(s|ed|ing)?|clean ?-?ups?|clean(s|ed)? up|simplif(y|ies|ied)|restructur(e|ed|ing)|"
                  r"reorgani[sz]e[sd]?|rename[sd]?|move[sd]?|extract(s|ed)?|dedupe|de-?duplicate|tidy|"
                  r"remove[sd]? (unused|dead|redundant|deprecated|obsolete|legacy)|dead code|unused|"
                  r"consolidate[sd]?|split(s)?|reuse[sd]?|replace[sd]? .{1,40} with|migrate[sd]? to|"
                  r"modernize|typing|type hints?|types?)\b")
HOUSEKEEPING_WORDS = (r"\b(bump(s|ed)?|upgrade[sd]?|update[sd]? (dependenc(y|ies)|deps|lock ?file)|"
                      r"dependenc(y|ies)|deps|lint(er|ing)?|eslint|prettier|ruff|mypy|format(ting)?|typos?|"
                      r"ci|workflows?|github actions?|pre-commit|tests?|testing|coverage|flaky|"
                      r"release|changelog|version bump|benchmarks?|snapshot(s)?|fixtures?|codeowners|"
                      r"contributing|readme|docs?|documentation|comments?|spelling|gitignore|tooling|"
                      r"dev ?dependenc(y|ies)|devdeps|renovate|dependabot)\b")
RELEASE_TITLE = r"^\W*(release|releasing|prepare (the )?release|bump version|v?\d+\.\d+\.\d+(-[\w.]+)?\W*$)"
SECURITY_WORDS = r"\b(security|vulnerab(le|ility|ilities)|cve-\d{4}-\d+|ghsa-[\w-]+|xss|csrf|injection|exploit)\b"


def _rule(name: str, when: dict[str, Any], impact: str, weight: float, reason: str) -> dict[str, Any]:
    """One impact rule in config form."""
    return {"name": name, "when": when, "then": {"impact": impact, "weight": weight, "reason": reason}}


def _surface(name: str, when: dict[str, Any], surface: str, reason: str) -> dict[str, Any]:
    """One surface (file) rule in config form."""
    return {"name": name, "when": when, "then": {"surface": surface, "reason": reason}}


SURFACE_RULES = [
    _surface("formatting-only", {"formatting_only": True}, INT, "Only formatting changed in this file"),
    _surface("comment-only", {"comment_only": True}, INT, "Only comments changed in this file"),
    _surface("rename-only", {"rename_only": True}, INT, "File moved without content changes"),
]

TYPE_RULES = [
    _rule("conventional-feat", {"type": "feat"}, UF, 12, "The title says it is a feature (`feat`)"),
    _rule("conventional-fix", {"type": "fix"}, UF, 12, "The title says it fixes shipped behaviour (`fix`)"),
    _rule("conventional-breaking", {"breaking": True}, UF, 6, "The title marks a breaking change (`!`)"),
    _rule("conventional-perf", {"type": "perf"}, TD, 12, "The title says it is a performance change (`perf`)"),
    _rule("conventional-security", {"type": "security"}, TD, 12, "The title says it is security hardening"),
    _rule("conventional-refactor", {"type": "refactor"}, TD, 5, "The title says it is a refactor"),
    _rule("conventional-housekeeping", {"type": ["ci", "test", "build", "chore", "style"]}, INT, 12,
          "The title says it is housekeeping (ci/test/build/chore/style)"),
    _rule("conventional-docs", {"type": "docs"}, INT, 8, "The title says it only changes documentation"),
    _rule("release-title", {"title": RELEASE_TITLE}, INT, 8, "It is a release or version bump"),
]

FILE_RULES = [
    _rule("only-internal-files", {"all_files": {"surface": "internal"}}, INT, 5,
          "Only internal files changed (tests, CI, tooling, housekeeping)"),
    _rule("only-tests", {"all_files": {"kind": "test"}}, INT, 3, "Only tests changed"),
    _rule("only-docs", {"all_files": {"kind": ["docs", "contributor-docs"]}}, INT, 3,
          "Only documentation changed"),
    _rule("ships-code", {"any_file": {"surface": "user-facing", "kind": ["source", "config"]}}, UF, 2,
          "It changes code that ships to users"),
    _rule("ui-or-copy", {"any_file": {"surface": "user-facing", "kind": ["ui", "locale"]}}, UF, 3,
          "It changes UI, styles or user-visible text"),
    _rule("public-api-schema", {"any_file": {"surface": "user-facing", "kind": "api-schema"}}, UF, 3,
          "It changes a public API or schema"),
    _rule("database-migration", {"any_file": {"surface": "user-facing", "kind": "migration"}}, UF, 2,
          "It changes the database schema"),
    _rule("user-docs", {"any_file": {"kind": "docs"}, "not": {"any_file": {"kind": ["source", "ui"]}}}, UF, 1,
          "It changes documentation users read"),
]

WORD_RULES = [
    _rule("fix-words", {"title": FIX_WORDS, "any_file": {"surface": "user-facing"}}, UF, 4,
          "The title describes fixing behaviour users hit"),
    _rule("feature-words", {"title": FEATURE_WORDS, "any_file": {"surface": "user-facing"}}, UF, 4,
          "The title describes something new users can do"),
    _rule("perf-words", {"title": PERF_WORDS, "any_file": {"surface": "user-facing"}}, TD, 6,
          "The title describes a performance improvement on a user path"),
    _rule("refactor-words", {"title": REFACTOR_WORDS}, TD, 3, "The title describes restructuring code"),
    _rule("housekeeping-words", {"title": HOUSEKEEPING_WORDS}, INT, 3,
          "The title describes housekeeping (dependencies, tests, CI, docs)"),
    _rule("perf-claim-noticeable", {"perf": "noticeable"}, TD, 6, "It claims a timing change users would notice"),
    _rule("perf-claim-below-threshold", {"perf": "below-threshold"}, INT, 2,
          "Its timing claim is below what users notice"),
    _rule("security-words", {"text": SECURITY_WORDS, "not": {"all_files": {"kind": ["test", "ci"]}}}, TD, 4,
          "It mentions a security fix"),
]

PEOPLE_RULES = [
    _rule("bot-dependency-update", {"bot": True, "title": r"\b(bump|update|upgrade|lock ?file|deps?)\b"}, INT, 6,
          "A bot updated dependencies"),
    _rule("bot-security-update", {"bot": True, "text": SECURITY_WORDS}, TD, 8,
          "A bot updated a dependency with a security advisory"),
]

ISSUE_RULES = [
    _rule("issue-bug", {"issue_labels": ["bug", "type: bug", "kind/bug", "defect", "regression", "crash"]}, UF, 5,
          "A linked issue is a bug report"),
    _rule("issue-feature", {"issue_labels": ["feature", "enhancement", "type: feature", "kind/feature",
                                            "feature request", "customer", "customer-reported"]}, UF, 5,
          "A linked issue asks for a feature"),
    _rule("issue-performance", {"issue_labels": ["performance", "perf", "type: performance", "kind/performance",
                                                "slow"]}, TD, 5, "A linked issue is about performance"),
    _rule("issue-tech-debt", {"issue_labels": ["tech debt", "tech-debt", "technical debt", "refactor",
                                              "refactoring", "chore", "maintenance"]}, TD, 3,
          "A linked issue is tech debt"),
]

DEFAULTS: dict[str, Any] = {
    "rules": [*SURFACE_RULES, *TYPE_RULES, *FILE_RULES, *WORD_RULES, *PEOPLE_RULES, *ISSUE_RULES],
}
