"""The built-in rules: general knowledge of repositories, words and diffs, in the config's own format."""

from __future__ import annotations

from typing import Any

UF, TD, INT = "user-facing", "tech-debt", "internal"

# Vocabulary, as RE2 regexes (case-insensitive), matched against the title without its conventional
# prefix (`subject`). Most repositories do not use conventional commits, so the bare phrase ("handle
# nil pointer", "skip globbing for static paths") must carry the meaning. Kept as words and short
# phrases so they read as prose.

# Words that describe a defect, or repairing one: what users hit before the PR.
FIX_WORDS = (
    r"\b(fix(es|ed|ing)?|bug(s|fix)?|hotfix|crash(es|ed|ing)?|regression|broken|break(s|ing)|incorrect(ly)?|"
    r"wrong(ly)?|fail(s|ed|ing|ures?)?|handl(e[sd]?|ing)|prevent(s|ed)?|correct(ly|s|ed|ion)?|missing|"
    r"respect(s|ed)?|honou?r(s|ed)?|preserve[sd]?|ensure[sd]?|properly|not work(ing)?|does ?n[o']t|don'?t|"
    r"do not|no longer|never|invalid|mismatch(es|ed)?|panic(s|ked|king)?|hang(s|ing)?|leak(s|ing)?|"
    r"unexpected(ly)?|issue with|silently|ignore[sd]?|stops?|dropped|lost|twice|duplicated?|"
    r"masks?|strips?|instead of (crash|fail|error|panic)|error (on|when|if)|errors? (when|if)|edge case|"
    r"race( condition)?|deadlock|overflow|escap(e|ed|es|ing)|fall(s)? ?back|actually|(nil|null) pointer|"
    r"npe|exceptions?|false[- ]positives?|should(n'?t)?)\b"
)
# Words that announce something new users can do, at the start of the subject.
FEATURE_WORDS = (
    # An optional "area: " lead-in, as in "checkout: show shipping estimate".
    r"^\W*([\w./ -]{1,30}:\s*)?(add(s|ed|ing)?|support(s|ed|ing)?|introduce[sd]?|implement(s|ed)?|allow(s|ed)?|"
    r"enable[sd]?|new|"
    r"expose[sd]?|provide[sd]?|let|accept(s)?|create[sd]?|show(s)?|display(s)?|warn(s)?|generate[sd]?|"
    r"drop support|deprecate[sd]?|widen(s|ed)?|extend(s|ed)?|customi[sz]e)\b"
    r"|\b(can now|now (support|accept|allow|show|print|work)s?|configurable|customi[sz]able|opt-?in|"
    r"opt-?out|new (option|flag|command|setting|api|endpoint|page|screen|button)|--[a-z][\w-]+)\b"
)
# Things users see and touch, named in a title: a change to one is a change users notice.
UI_WORDS = (
    r"\b(redesign(s|ed)?|revamp(s|ed)?|restyle[sd]?|new look|look and feel|wording|copy ?(text|edit)s?|"
    r"tooltips?|buttons?|dialogs?|modals?|popups?|menus?|navbar|sidebar|toolbar|icons?|dark (mode|theme)|"
    r"light (mode|theme)|onboarding|notifications?|toasts?|banners?|empty state|placeholder|"
    r"accessib(le|ility)|a11y|screen ?readers?|keyboard (navigation|shortcuts?)|translations?|localization|"
    r"i18n|l10n|error messages?|help (text|output|message)|user interface|ui|ux)\b"
)
# The product's contract with its users, named in a title: options, commands, schemas, defaults.
SURFACE_WORDS = (
    r"\b(public api|api|schema|endpoints?|cli|commands?|subcommands?|flags?|options?|settings?|defaults?|"
    r"config(uration)? (options?|keys?|fields?|files?)|env(ironment)? var(iable)?s?|output|exit codes?|"
    r"breaking|backwards?[- ]compat(ible|ibility)?|deprecat(e[sd]?|ion))\b"
)
# Words for making things faster or lighter: engineering work users feel as speed.
PERF_WORDS = (
    r"\b(perf(ormance|ormant)?|faster|fast(er)? path|speed(s|ed)? ?up|speedup|optimi[sz](e[sd]?|ation|ing)|"
    r"slow(ness|er)?|latency|throughput|memory (usage|footprint|leak)|allocations?|"
    r"cach(e[sd]?|ing)|lazily|lazy[- ](load(ing)?|import|init\w*|evaluat\w*|compil\w*)|make .{1,30} lazy|"
    r"memoi[sz](e[sd]?|ation)|hot ?path|bottleneck|efficient(ly)?|"
    r"avoid(s|ing)? (unnecessary|redundant|extra|repeated|duplicate[sd]?|re-?\w+ing|constructing|creating|"
    r"computing|copying|allocating|cloning|calling|loading|scanning|parsing|walking|reading)|"
    r"(reduce[sd]?|shrink|cut|lower) (the )?(memory|allocations?|overhead|latency|time|work|calls|size|bundle|"
    r"cpu|i/o|requests|startup|debounce|load)|"
    r"fewer|skip(s|ping)? (unnecessary|redundant)|precompute[sd]?|parallel(i[sz]e[sd]?|ism)?|"
    r"concurrent(ly)?|in parallel|startup time|bundle size|quadratic|o\(n\^?2\)|o\(1\)|linear time|"
    r"early (return|exit|bail)|short-?circuit|single[- ]pass|one pass|dynamic(ally)? import|"
    r"defer(red)? (loading|import|init)|debounce|throttle|(set|map|index) (lookup|for lookups?)|"
    r"through a (set|map)|when (needed|necessary|required|affected|changed)|if needed|"
    r"only (when|if) (needed|necessary|required)|compile cache|warm ?up)\b"
    r"|^\W*(skip|only)\b"
)
# Words for restructuring code without changing what it does.
REFACTOR_WORDS = (
    r"\b(refactor(s|ed|ing)?|clean ?-?ups?|clean(s|ed)? up|simplif(y|ies|ied|ication)|restructur(e|ed|ing)|"
    r"reorgani[sz]e[sd]?|renam(e[sd]?|ing)|mov(e[sd]?|ing) .{1,40} (to|into|out of)|extract(s|ed)?|dedupe|"
    r"de-?duplicate|tidy|remove[sd]? (unused|dead|redundant|unnecessary|unneeded|obsolete|legacy|outdated|"
    r"deprecated|empty)|remove[sd]? .{1,40} workaround|dead code|unused|consolidate[sd]?|split(s)? .{1,40} into|"
    r"reuse[sd]?|"
    r"replace[sd]? .{1,60} (with|by)|use .{1,40} instead of|migrate[sd]? (to|from)|"
    r"switch(es|ed)? (to|from)|moderni[sz]e|type hints?|typings?|typecheck(ing)?|shorten|helpers?|"
    r"consisten(t|tly|cy)|readability|maintainab(le|ility)|"
    r"boilerplate|abstraction|internals?|tech(nical)? debt|code quality|nit(s|pick)?)\b"
)
# "Improve X", "better Y": engineering polish, unless X is something users see (then UI words win).
IMPROVE_WORDS = r"\b(minor improvements?|improve[sd]?|improving|improvements?|better|enhance[sd]?|polish(es|ed)?)\b"
# Titles whose object is the project's machinery (tests, CI, linters, repo housekeeping), not the product.
MACHINERY_WORDS = (
    r"\b(tests?|unit tests?|specs?|testing|test ?cases?|coverage|flaky|fixtures?|snapshots?|mocks?|e2e|"
    r"ci|workflows?|pipelines?|github actions?|actions/\S+|codeql|lint(er|ers|ing|s)?|typos?|spelling|"
    r"codeowners|gitignore|editorconfig|devcontainer|dev ?dependenc(y|ies)|devdeps|renovate|dependabot|"
    r"benchmarks?|playgrounds?|storybook|contributing|maintainers?( list)?|ai policy|"
    r"release (workflow|process|job|script|automation|pipeline)s?|nightly|build scripts?)\b"
    # Linters and formatters by name, but not as part of another name ("eslint-react plugin").
    r"|\b(eslint|prettier|ruff|mypy|pyright|golangci(-lint)?|clippy|rustfmt|gofmt|oxlint|oxfmt|biome|stylelint|"
    r"black|isort|flake8|pylint|rubocop|swiftlint|ktlint|detekt)([ ,.:;)]|$)"
)
# Dependency housekeeping phrasing, as tools and people write it.
DEPENDENCY_WORDS = (
    r"\b(bump(s|ed)? .{1,80} from \S+ to \S+|bump(s|ed)? the .{1,40} group|update(s|d)? .{1,60} requirement|"
    r"(update|upgrade|bump)(s|d)? (all |the )?(dependenc(y|ies)|deps|lock ?files?|packages)|"
    r"update dependency \S+ to|lock ?file maintenance|pin(s|ned)? (all )?(dependenc(y|ies)|actions|versions?))\b"
    # A bare toolchain version as the whole title: "Go 1.22.3", "node 20".
    r"|^\W*(go|golang|node(\.?js)?|python|rust|ruby|java|jdk|php|deno|bun|dotnet|\.net) v?\d+(\.\d+)*\W*$"
)
# Every changed line of a file sets a version number (`__version__ = "1.2.3"`, `"version": "1.2.3",`).
VERSION_LINES = r"""\A(\s*["']?[\w.-]*version\w*["']?\s*[:=]\s*["']?v?\d[\w.+-]*["']?,?\s*)+\z"""
# A release or a version bump as the whole title.
RELEASE_TITLE = (r"^\W*(release|releasing|prepare (the )?release|bump version|version bump|"
                 r"v?\d+\.\d+\.\d+(-[\w.]+)?\W*$)")
SECURITY_WORDS = (r"\b(security|vulnerab(le|ility|ilities)|cve-\d{4}-\d+|cwe-\d+|ghsa-[\w-]+|xss|csrf|injection|"
                  r"exploit)\b")
# How dependency bots mark an update that fixes an advisory (not a mention in upstream release notes).
BOT_SECURITY = r"\[security\]|^\W*security\b"

# Body vocabulary: weaker than the title (bodies ramble, quote logs and templates), so lighter weights.
BODY_BUG = (r"\b(bug|broken|regression|crash(es|ed)?|panic(s|ked)?|reproduc(e|es|ible|tion)|steps to reproduce|"
            r"expected behaviou?r|actual behaviou?r|what'?s broken|silently|stack ?trace|traceback|"
            r"(fix(es|ed)?|close[sd]?|resolve[sd]?) (#\d+|https://\S+/issues/\d+))\b")
BODY_PERF = (r"\b(faster|slower|speed ?up|performance|benchmark(s|ed)?|hyperfine|ops/sec|allocs?/op|ns/op|"
             r"flame ?graph|profil(e|ing|er)|latency|throughput|memory usage)\b")
BODY_NO_CHANGE = (r"\b(no (functional|behaviou?ral|user[- ]facing|visible|logic) changes?|"
                  r"(does not|doesn'?t|should not|shouldn'?t) change (any )?behaviou?r|pure refactor(ing)?|"
                  r"internal (only|change|refactor)|no changes? (for|to) users)\b")

# File kinds that describe the product's machinery, never the product itself.
MACHINERY_KINDS = ["test", "ci", "build", "lockfile", "contributor-docs", "release", "example", "generated"]
SHIPPED_KINDS = ["source", "config", "manifest", "ui", "locale", "api-schema", "migration", "packaging"]
# A file whose change can reach users: user-facing surface, or a kind that decides nothing alone.
PROSE = ["**/*.md", "**/*.mdx", "**/*.rst", "**/*.adoc", "**/*.txt"]
SHIPS_CODE = {"any_file": {"surface": "user-facing", "kind": ["source", "config", "manifest"]}}
REACHES_USERS = {"any_file": {"surface": ["user-facing", "unknown"], "kind": SHIPPED_KINDS}}
NOT_ONLY_MACHINERY = {"not": {"all_files": {"surface": "internal"}}}


def _rule(name: str, when: dict[str, Any], impact: str, weight: float, reason: str) -> dict[str, Any]:
    """One impact rule in config form."""
    return {"name": name, "when": when, "then": {"impact": impact, "weight": weight, "reason": reason}}


def _surface(name: str, when: dict[str, Any], surface: str, reason: str) -> dict[str, Any]:
    """One surface (file) rule in config form."""
    return {"name": name, "when": when, "then": {"surface": surface, "reason": reason}}


# File rules: the first that matches a file sets its surface, before any impact rule runs.
SURFACE_RULES = [
    _surface("formatting-only", {"formatting_only": True}, INT, "Only formatting changed in this file"),
    _surface("comment-only", {"comment_only": True}, INT, "Only comments changed in this file"),
    _surface("rename-only", {"rename_only": True}, INT, "File moved without content changes"),
    _surface("tests-inside-source", {"test_code_only": True}, INT, "Only the tests inside this source file changed"),
    # "A version number": a bump is a line or two a side. A file where many pins change (a versions
    # table) is a dependency change, judged like other code. The size test comes first because it is
    # free, and spares the regexes (and the patch parse) on the thousands of other files of a big PR.
    _surface("version-only", {"lines": {"max": 20}, "added": VERSION_LINES, "removed": VERSION_LINES}, INT,
             "Only a version number changed in this file"),
    _surface("runtime-dependencies", {"kind": "manifest", "dependency_scope": ["runtime", "peer"]}, UF,
             "It changes dependencies users install with the product"),
]

# What the author said the change is, in conventional-commit form: the strongest evidence there is.
TYPE_RULES = [
    _rule("conventional-feat", {"type": "feat"}, UF, 12, "The title says it is a feature (`feat`)"),
    _rule("conventional-fix", {"type": "fix"}, UF, 12, "The title says it fixes shipped behaviour (`fix`)"),
    _rule("conventional-breaking", {"breaking": True}, UF, 6, "The title marks a breaking change (`!`)"),
    _rule("conventional-perf", {"type": "perf"}, TD, 12, "The title says it is a performance change (`perf`)"),
    _rule("conventional-security", {"type": "security"}, TD, 12, "The title says it is security hardening"),
    _rule("conventional-refactor", {"type": "refactor", **REACHES_USERS}, TD, 10,
          "The title says it is a refactor of code that ships"),
    _rule("conventional-refactor-internal", {"type": "refactor", "not": REACHES_USERS}, INT, 10,
          "The title says it is a refactor, and no shipped code changed"),
    _rule("conventional-housekeeping", {"type": ["ci", "test", "build", "chore", "style"]}, INT, 12,
          "The title says it is housekeeping (ci/test/build/chore/style)"),
    _rule("conventional-docs", {"type": "docs"}, INT, 8, "The title says it only changes documentation"),
    _rule("release-title", {"subject": RELEASE_TITLE}, INT, 8, "It is a release or version bump"),
    # Undoing a change is as visible as making it; what was undone decides through the other rules.
    _rule("revert", {"any": [{"type": "revert"}, {"title": r"^\W*revert(s|ed|ing)?\b"}], **REACHES_USERS}, UF, 4,
          "It reverts a change to shipped code, so users lose or regain something"),
]

# What the changed files are.
FILE_RULES = [
    _rule("only-internal-files", {"all_files": {"surface": "internal"}}, INT, 5,
          "Only internal files changed (tests, CI, tooling, housekeeping)"),
    _rule("only-tests", {"all_files": {"kind": ["test", "example"]}}, INT, 2, "Only tests and examples changed"),
    _rule("only-docs", {"all_files": {"kind": ["docs", "contributor-docs"]}}, INT, 3,
          "Only documentation changed"),
    _rule("ships-code", {"any_file": {"surface": "user-facing", "kind": ["source", "config", "manifest"]}}, UF, 2,
          "It changes code that ships to users"),
    _rule("ui-or-copy", {"any_file": {"surface": "user-facing", "kind": ["ui", "locale"]}}, UF, 3,
          "It changes UI, styles or user-visible text"),
    _rule("public-api-schema", {"any_file": {"surface": "user-facing", "kind": "api-schema"}}, UF, 3,
          "It changes a public API or schema"),
    _rule("database-migration", {"any_file": {"surface": "user-facing", "kind": "migration"}}, UF, 2,
          "It changes the database schema"),
    _rule("user-docs", {"any_file": {"kind": "docs"}, "not": {"any_file": {"kind": ["source", "ui"]}}}, UF, 1,
          "It changes documentation users read"),
    # Behaviour changes come with tests and docs; restructuring and speed-ups usually come without.
    _rule("code-with-tests", {**SHIPS_CODE, "any_file": {"kind": "test"}}, UF, 1,
          "It changes shipped code together with its tests, as behaviour changes do"),
    _rule("code-with-docs", {**SHIPS_CODE, "all": [{"any_file": {"kind": "docs", "path": PROSE}}]}, UF, 2,
          "It changes shipped code and the user documentation together"),
    # A UI change without tests is still a visible change, so UI files keep this rule quiet.
    _rule("code-without-tests", {**SHIPS_CODE, "no_file": {"kind": ["test", "docs", "example", "ui", "locale"]}},
          TD, 2.5, "It changes shipped code without touching tests, docs or UI, as restructuring and speed-ups do"),
]

# What the title says, judged only where it can matter: user-facing words need a file that reaches users.
WORD_RULES = [
    # "fix flaky test", "add lint rule": the verb is about the machinery named beside it, so it does not count.
    _rule("fix-words", {"subject": FIX_WORDS, "all": [NOT_ONLY_MACHINERY, {"not": {"subject": MACHINERY_WORDS}}]},
          UF, 4, "The title describes fixing behaviour users hit"),
    _rule("feature-words", {"subject": FEATURE_WORDS, "all": [NOT_ONLY_MACHINERY,
                                                              {"not": {"subject": MACHINERY_WORDS}}]},
          UF, 4, "The title describes something new users can do"),
    _rule("ui-words", {"subject": UI_WORDS, "all": [NOT_ONLY_MACHINERY, {"not": {"subject": MACHINERY_WORDS}}]},
          UF, 4, "The title names something users see or touch"),
    _rule("surface-words", {"subject": SURFACE_WORDS, **REACHES_USERS, "not": {"subject": MACHINERY_WORDS}},
          UF, 2, "The title names part of the product's interface (options, commands, schemas, defaults)"),
    _rule("perf-words", {"subject": PERF_WORDS, **REACHES_USERS}, TD, 6,
          "The title describes a performance improvement on a user path"),
    _rule("refactor-words", {"subject": REFACTOR_WORDS, **REACHES_USERS}, TD, 4,
          "The title describes restructuring code that ships"),
    _rule("improve-words", {"subject": IMPROVE_WORDS, **REACHES_USERS, "not": {"subject": UI_WORDS}}, TD, 4,
          "The title describes improving code that ships, not something users see"),
    _rule("machinery-words", {"subject": MACHINERY_WORDS}, INT, 5,
          "The title is about the project's machinery (tests, CI, linters, housekeeping)"),
    _rule("dependency-words", {"subject": DEPENDENCY_WORDS}, INT, 4, "The title describes a dependency update"),
    _rule("security-words", {"text": SECURITY_WORDS, "bot": False, **REACHES_USERS}, TD, 4,
          "It mentions a security fix"),
]

# What the body says: weaker evidence, to break ties and lift a thin verdict.
BODY_RULES = [
    _rule("body-bug-report", {"body": BODY_BUG, "bot": False, **NOT_ONLY_MACHINERY}, UF, 2,
          "The description reports a bug or closes an issue"),
    _rule("body-performance", {"body": BODY_PERF, "bot": False, **REACHES_USERS}, TD, 2,
          "The description talks about speed or resources"),
    _rule("body-no-behaviour-change", {"body": BODY_NO_CHANGE}, INT, 4,
          "The description says behaviour does not change"),
    _rule("perf-claim-noticeable", {"perf": "noticeable", "bot": False}, TD, 6,
          "It claims a timing change users would notice"),
    _rule("perf-claim-below-threshold", {"perf": "below-threshold", "bot": False}, INT, 2,
          "Its timing claim is below what users notice"),
]

PEOPLE_RULES = [
    _rule("bot-dependency-update", {"bot": True, "subject": r"\b(bump|update|upgrade|lock ?file|deps?|pin)\b"},
          INT, 8, "A bot updated dependencies"),
    # Only the bot's own marking counts: the upstream release notes it quotes mention CVEs all the time.
    _rule("bot-security-update", {"bot": True, "any": [{"title": BOT_SECURITY},
                                                       {"labels": ["security", "dependabot-security"]},
                                                       {"body": r"vulnerability alerts?|security advisor(y|ies)"}]},
          TD, 12, "A bot updated a dependency with a security advisory"),
]

# Labels people put on the PR itself (impact labels are handled as a person's override instead).
LABEL_RULES = [
    _rule("label-bug", {"labels": ["bug", "type: bug", "kind/bug", "bugfix", "fix", "regression", "defect"]},
          UF, 6, "The PR is labelled as a bug fix"),
    _rule("label-feature", {"labels": ["feature", "enhancement", "type: feature", "kind/feature", "new feature",
                                       "ux", "ui", "design", "breaking change", "breaking"]},
          UF, 6, "The PR is labelled as a feature or a user-visible change"),
    _rule("label-performance", {"labels": ["performance", "perf", "type: performance", "kind/performance",
                                           "speed", "optimization"]}, TD, 6, "The PR is labelled as performance work"),
    _rule("label-tech-debt", {"labels": ["tech debt", "tech-debt", "technical debt", "refactor", "refactoring",
                                         "cleanup", "code quality", "kind/cleanup"]}, TD, 5,
          "The PR is labelled as tech debt or a refactor"),
    _rule("label-housekeeping", {"labels": ["dependencies", "chore", "ci", "tests", "test", "testing", "build",
                                            "infrastructure", "tooling", "internal", "github_actions",
                                            "kind/test", "area/ci", "skip changelog", "no changelog"]},
          INT, 5, "The PR is labelled as housekeeping"),
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
    _rule("issue-title-bug", {"issue_title": FIX_WORDS, **NOT_ONLY_MACHINERY}, UF, 4,
          "A linked issue describes something broken"),
    _rule("issue-title-performance", {"issue_title": PERF_WORDS, **REACHES_USERS}, TD, 4,
          "A linked issue is about speed"),
]

DEFAULTS: dict[str, Any] = {
    "rules": [*SURFACE_RULES, *TYPE_RULES, *FILE_RULES, *WORD_RULES, *BODY_RULES, *PEOPLE_RULES, *LABEL_RULES,
              *ISSUE_RULES],
}
