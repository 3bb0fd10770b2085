"""The built-in rules as plain data, generated from pr_impact/defaults.yml by scripts/gen_defaults.py."""

# Do not edit: edit pr_impact/defaults.yml, then run `python scripts/gen_defaults.py`.
# Regexes stay whole, one a line, as in the YAML.
# ruff: noqa: E501

from __future__ import annotations

from typing import Any

DEFAULTS: dict[str, Any] = {
    'extends': 'none',
    'rules': [
        {
            'name': 'formatting-only', 'when': {'formatting_only': True},
            'then': {'surface': 'internal', 'reason': 'Only formatting changed in this file'},
        },
        {
            'name': 'comment-only', 'when': {'comment_only': True},
            'then': {'surface': 'internal', 'reason': 'Only comments changed in this file'},
        },
        {
            'name': 'rename-only', 'when': {'rename_only': True},
            'then': {'surface': 'internal', 'reason': 'File moved without content changes'},
        },
        {
            'name': 'tests-inside-source', 'when': {'test_code_only': True},
            'then': {'surface': 'internal', 'reason': 'Only the tests inside this source file changed'},
        },
        {
            'name': 'version-only',
            'when': {
                'lines': {'max': 20},
                'added': '\\A(\\s*["\']?[\\w.-]*version\\w*["\']?\\s*[:=]\\s*["\']?v?\\d[\\w.+-]*["\']?,?\\s*)+\\z',
                'removed': '\\A(\\s*["\']?[\\w.-]*version\\w*["\']?\\s*[:=]\\s*["\']?v?\\d[\\w.+-]*["\']?,?\\s*)+\\z',
            },
            'then': {'surface': 'internal', 'reason': 'Only a version number changed in this file'},
        },
        {
            'name': 'runtime-dependencies', 'when': {'kind': 'manifest', 'dependency_scope': ['runtime', 'peer']},
            'then': {'surface': 'user-facing', 'reason': 'It changes dependencies users install with the product'},
        },
        {
            'name': 'conventional-feat', 'when': {'type': 'feat'},
            'then': {'impact': 'user-facing', 'weight': 12, 'reason': 'The title says it is a feature (`feat`)'},
        },
        {
            'name': 'conventional-fix', 'when': {'type': 'fix'},
            'then': {
                'impact': 'user-facing', 'weight': 12, 'reason': 'The title says it fixes shipped behaviour (`fix`)',
            },
        },
        {
            'name': 'conventional-breaking', 'when': {'breaking': True},
            'then': {'impact': 'user-facing', 'weight': 6, 'reason': 'The title marks a breaking change (`!`)'},
        },
        {
            'name': 'conventional-perf', 'when': {'type': 'perf'},
            'then': {
                'impact': 'tech-debt', 'weight': 12, 'reason': 'The title says it is a performance change (`perf`)',
            },
        },
        {
            'name': 'conventional-security', 'when': {'type': 'security'},
            'then': {'impact': 'tech-debt', 'weight': 12, 'reason': 'The title says it is security hardening'},
        },
        {
            'name': 'conventional-refactor',
            'when': {'type': 'refactor', 'any_file': {'surface': ['user-facing', 'unknown'], 'ships': True}},
            'then': {
                'impact': 'tech-debt', 'weight': 10, 'reason': 'The title says it is a refactor of code that ships',
            },
        },
        {
            'name': 'conventional-refactor-internal',
            'when': {'type': 'refactor', 'not': {'any_file': {'surface': ['user-facing', 'unknown'], 'ships': True}}},
            'then': {
                'impact': 'internal', 'weight': 10,
                'reason': 'The title says it is a refactor, and no shipped code changed',
            },
        },
        {
            'name': 'conventional-housekeeping', 'when': {'type': ['ci', 'test', 'build', 'chore', 'style']},
            'then': {
                'impact': 'internal', 'weight': 12,
                'reason': 'The title says it is housekeeping (ci/test/build/chore/style)',
            },
        },
        {
            'name': 'conventional-docs', 'when': {'type': 'docs'},
            'then': {'impact': 'internal', 'weight': 8, 'reason': 'The title says it only changes documentation'},
        },
        {
            'name': 'release-title',
            'when': {
                'subject': r'^\W*(release|releasing|prepare (the )?release|bump version|version bump|v?\d+\.\d+\.\d+(-[\w.]+)?\W*$)',
            },
            'then': {'impact': 'internal', 'weight': 8, 'reason': 'It is a release or version bump'},
        },
        {
            'name': 'revert',
            'when': {
                'any': [{'type': 'revert'}, {'title': r'^\W*revert(s|ed|ing)?\b'}],
                'any_file': {'surface': ['user-facing', 'unknown'], 'ships': True},
            },
            'then': {
                'impact': 'user-facing', 'weight': 4,
                'reason': 'It reverts a change to shipped code, so users lose or regain something',
            },
        },
        {
            'name': 'only-internal-files', 'when': {'all_files': {'surface': 'internal'}},
            'then': {
                'impact': 'internal', 'weight': 5,
                'reason': 'Only internal files changed (tests, CI, tooling, housekeeping)',
            },
        },
        {
            'name': 'only-tests', 'when': {'all_files': {'kind': ['test', 'example']}},
            'then': {'impact': 'internal', 'weight': 2, 'reason': 'Only tests and examples changed'},
        },
        {
            'name': 'only-docs', 'when': {'all_files': {'kind': ['docs', 'contributor-docs']}},
            'then': {'impact': 'internal', 'weight': 3, 'reason': 'Only documentation changed'},
        },
        {
            'name': 'ships-code',
            'when': {'any_file': {'surface': 'user-facing', 'kind': ['source', 'config', 'manifest']}},
            'then': {'impact': 'user-facing', 'weight': 2, 'reason': 'It changes code that ships to users'},
        },
        {
            'name': 'ui-or-copy', 'when': {'any_file': {'surface': 'user-facing', 'kind': ['ui', 'locale']}},
            'then': {'impact': 'user-facing', 'weight': 3, 'reason': 'It changes UI, styles or user-visible text'},
        },
        {
            'name': 'public-api-schema', 'when': {'any_file': {'surface': 'user-facing', 'kind': 'api-schema'}},
            'then': {'impact': 'user-facing', 'weight': 3, 'reason': 'It changes a public API or schema'},
        },
        {
            'name': 'database-migration', 'when': {'any_file': {'surface': 'user-facing', 'kind': 'migration'}},
            'then': {'impact': 'user-facing', 'weight': 2, 'reason': 'It changes the database schema'},
        },
        {
            'name': 'user-docs',
            'when': {'any_file': {'kind': 'docs'}, 'not': {'any_file': {'kind': ['source', 'ui']}}},
            'then': {'impact': 'user-facing', 'weight': 1, 'reason': 'It changes documentation users read'},
        },
        {
            'name': 'code-with-tests',
            'when': {
                'all': [
                    {'any_file': {'surface': 'user-facing', 'kind': ['source', 'config', 'manifest']}},
                    {'any_file': {'kind': 'test'}},
                ],
            },
            'then': {
                'impact': 'user-facing', 'weight': 1,
                'reason': 'It changes shipped code together with its tests, as behaviour changes do',
            },
        },
        {
            'name': 'code-with-docs',
            'when': {
                'any_file': {'surface': 'user-facing', 'kind': ['source', 'config', 'manifest']},
                'all': [
                    {
                        'any_file': {
                            'kind': 'docs', 'path': ['**/*.md', '**/*.mdx', '**/*.rst', '**/*.adoc', '**/*.txt'],
                        },
                    },
                ],
            },
            'then': {
                'impact': 'user-facing', 'weight': 2,
                'reason': 'It changes shipped code and the user documentation together',
            },
        },
        {
            'name': 'code-without-tests',
            'when': {
                'any_file': {'surface': 'user-facing', 'kind': ['source', 'config', 'manifest']},
                'no_file': {'kind': ['test', 'docs', 'example', 'ui', 'locale']},
            },
            'then': {
                'impact': 'tech-debt', 'weight': 2.5,
                'reason': 'It changes shipped code without touching tests, docs or UI, as restructuring and speed-ups do',
            },
        },
        {
            'name': 'fix-words',
            'when': {
                'subject': [
                    r'\b(fix(es|ed|ing)?|bug(s|fix)?|hotfix|crash(es|ed|ing)?|regression|broken|break(s|ing)|incorrect(ly)?|wrong(ly)?)\b',
                    r'\b(fail(s|ed|ing|ures?)?|handl(e[sd]?|ing)|prevent(s|ed)?|correct(ly|s|ed|ion)?|missing)\b',
                    r'\b(respect(s|ed)?|honou?r(s|ed)?|preserve[sd]?|ensure[sd]?|properly)\b',
                    r"\b(not work(ing)?|does ?n[o']t|don'?t|do not|no longer|never|invalid|mismatch(es|ed)?)\b",
                    r'\b(panic(s|ked|king)?|hang(s|ing)?|leak(s|ing)?|unexpected(ly)?|issue with|silently|ignore[sd]?)\b',
                    r'\b(stops?|dropped|lost|twice|duplicated?|masks?|strips?|instead of (crash|fail|error|panic))\b',
                    r'\b(error (on|when|if)|errors? (when|if)|edge case|race( condition)?|deadlock|overflow|escap(e|ed|es|ing))\b',
                    r"\b(fall(s)? ?back|actually|(nil|null) pointer|npe|exceptions?|false[- ]positives?|should(n'?t)?)\b",
                ],
                'all': [
                    {'not': {'all_files': {'surface': 'internal'}}},
                    {
                        'not': {
                            'subject': [
                                r'\b(tests?|unit tests?|specs?|testing|test ?cases?|coverage|flaky|fixtures?|snapshots?|mocks?|e2e)\b',
                                r'\b(ci|workflows?|pipelines?|github actions?|actions/\S+|codeql|lint(er|ers|ing|s)?|typos?|spelling)\b',
                                r'\b(codeowners|gitignore|editorconfig|devcontainer|dev ?dependenc(y|ies)|devdeps|renovate|dependabot)\b',
                                r'\b(benchmarks?|playgrounds?|storybook|contributing|maintainers?( list)?|ai policy)\b',
                                r'\b(release (workflow|process|job|script|automation|pipeline)s?|nightly|build scripts?)\b',
                                r'\b(eslint|prettier|ruff|mypy|pyright|golangci(-lint)?|clippy|rustfmt|gofmt|oxlint|oxfmt|biome|stylelint|black|isort|flake8|pylint|rubocop|swiftlint|ktlint|detekt)([ ,.:;)]|$)',
                            ],
                        },
                    },
                ],
            },
            'then': {'impact': 'user-facing', 'weight': 4, 'reason': 'The title describes fixing behaviour users hit'},
        },
        {
            'name': 'feature-words',
            'when': {
                'subject': [
                    r'^\W*([\w./ -]{1,30}:\s*)?(add(s|ed|ing)?|support(s|ed|ing)?|introduce[sd]?|implement(s|ed)?|allow(s|ed)?|enable[sd]?|new|expose[sd]?|provide[sd]?|let|accept(s)?|create[sd]?|show(s)?|display(s)?|warn(s)?|generate[sd]?|drop support|deprecate[sd]?|widen(s|ed)?|extend(s|ed)?|customi[sz]e)\b',
                    r'\b(can now|now (support|accept|allow|show|print|work)s?|configurable|customi[sz]able|opt-?in|opt-?out)\b',
                    r'\b(new (option|flag|command|setting|api|endpoint|page|screen|button)|--[a-z][\w-]+)\b',
                ],
                'all': [
                    {'not': {'all_files': {'surface': 'internal'}}},
                    {
                        'not': {
                            'subject': [
                                r'\b(tests?|unit tests?|specs?|testing|test ?cases?|coverage|flaky|fixtures?|snapshots?|mocks?|e2e)\b',
                                r'\b(ci|workflows?|pipelines?|github actions?|actions/\S+|codeql|lint(er|ers|ing|s)?|typos?|spelling)\b',
                                r'\b(codeowners|gitignore|editorconfig|devcontainer|dev ?dependenc(y|ies)|devdeps|renovate|dependabot)\b',
                                r'\b(benchmarks?|playgrounds?|storybook|contributing|maintainers?( list)?|ai policy)\b',
                                r'\b(release (workflow|process|job|script|automation|pipeline)s?|nightly|build scripts?)\b',
                                r'\b(eslint|prettier|ruff|mypy|pyright|golangci(-lint)?|clippy|rustfmt|gofmt|oxlint|oxfmt|biome|stylelint|black|isort|flake8|pylint|rubocop|swiftlint|ktlint|detekt)([ ,.:;)]|$)',
                            ],
                        },
                    },
                ],
            },
            'then': {'impact': 'user-facing', 'weight': 4, 'reason': 'The title describes something new users can do'},
        },
        {
            'name': 'ui-words',
            'when': {
                'subject': [
                    r'\b(redesign(s|ed)?|revamp(s|ed)?|restyle[sd]?|new look|look and feel|wording|copy ?(text|edit)s?)\b',
                    r'\b(tooltips?|buttons?|dialogs?|modals?|popups?|menus?|navbar|sidebar|toolbar|icons?|dark (mode|theme))\b',
                    r'\b(light (mode|theme)|onboarding|notifications?|toasts?|banners?|empty state|placeholder)\b',
                    r'\b(accessib(le|ility)|a11y|screen ?readers?|keyboard (navigation|shortcuts?)|translations?|localization)\b',
                    r'\b(i18n|l10n|error messages?|help (text|output|message)|user interface|ui|ux)\b',
                ],
                'all': [
                    {'not': {'all_files': {'surface': 'internal'}}},
                    {
                        'not': {
                            'subject': [
                                r'\b(tests?|unit tests?|specs?|testing|test ?cases?|coverage|flaky|fixtures?|snapshots?|mocks?|e2e)\b',
                                r'\b(ci|workflows?|pipelines?|github actions?|actions/\S+|codeql|lint(er|ers|ing|s)?|typos?|spelling)\b',
                                r'\b(codeowners|gitignore|editorconfig|devcontainer|dev ?dependenc(y|ies)|devdeps|renovate|dependabot)\b',
                                r'\b(benchmarks?|playgrounds?|storybook|contributing|maintainers?( list)?|ai policy)\b',
                                r'\b(release (workflow|process|job|script|automation|pipeline)s?|nightly|build scripts?)\b',
                                r'\b(eslint|prettier|ruff|mypy|pyright|golangci(-lint)?|clippy|rustfmt|gofmt|oxlint|oxfmt|biome|stylelint|black|isort|flake8|pylint|rubocop|swiftlint|ktlint|detekt)([ ,.:;)]|$)',
                            ],
                        },
                    },
                ],
            },
            'then': {'impact': 'user-facing', 'weight': 4, 'reason': 'The title names something users see or touch'},
        },
        {
            'name': 'surface-words',
            'when': {
                'subject': [
                    r'\b(public api|api|schema|endpoints?|cli|commands?|subcommands?|flags?|options?|settings?|defaults?)\b',
                    r'\b(config(uration)? (options?|keys?|fields?|files?)|env(ironment)? var(iable)?s?|output|exit codes?)\b',
                    r'\b(breaking|backwards?[- ]compat(ible|ibility)?|deprecat(e[sd]?|ion))\b',
                ],
                'any_file': {'surface': ['user-facing', 'unknown'], 'ships': True},
                'not': {
                    'subject': [
                        r'\b(tests?|unit tests?|specs?|testing|test ?cases?|coverage|flaky|fixtures?|snapshots?|mocks?|e2e)\b',
                        r'\b(ci|workflows?|pipelines?|github actions?|actions/\S+|codeql|lint(er|ers|ing|s)?|typos?|spelling)\b',
                        r'\b(codeowners|gitignore|editorconfig|devcontainer|dev ?dependenc(y|ies)|devdeps|renovate|dependabot)\b',
                        r'\b(benchmarks?|playgrounds?|storybook|contributing|maintainers?( list)?|ai policy)\b',
                        r'\b(release (workflow|process|job|script|automation|pipeline)s?|nightly|build scripts?)\b',
                        r'\b(eslint|prettier|ruff|mypy|pyright|golangci(-lint)?|clippy|rustfmt|gofmt|oxlint|oxfmt|biome|stylelint|black|isort|flake8|pylint|rubocop|swiftlint|ktlint|detekt)([ ,.:;)]|$)',
                    ],
                },
            },
            'then': {
                'impact': 'user-facing', 'weight': 2,
                'reason': "The title names part of the product's interface (options, commands, schemas, defaults)",
            },
        },
        {
            'name': 'perf-words',
            'when': {
                'subject': [
                    r'\b(perf(ormance|ormant)?|faster|fast(er)? path|speed(s|ed)? ?up|speedup|optimi[sz](e[sd]?|ation|ing))\b',
                    r'\b(slow(ness|er)?|latency|throughput|memory (usage|footprint|leak)|allocations?)\b',
                    r'\b(cach(e[sd]?|ing)|lazily|lazy[- ](load(ing)?|import|init\w*|evaluat\w*|compil\w*)|make .{1,30} lazy)\b',
                    r'\b(memoi[sz](e[sd]?|ation)|hot ?path|bottleneck|efficient(ly)?)\b',
                    r'\b(avoid(s|ing)? (unnecessary|redundant|extra|repeated|duplicate[sd]?|re-?\w+ing|constructing|creating|computing|copying|allocating|cloning|calling|loading|scanning|parsing|walking|reading))\b',
                    r'\b((reduce[sd]?|shrink|cut|lower) (the )?(memory|allocations?|overhead|latency|time|work|calls|size|bundle|cpu|i/o|requests|startup|debounce|load))\b',
                    r'\b(fewer|skip(s|ping)? (unnecessary|redundant)|precompute[sd]?|parallel(i[sz]e[sd]?|ism)?)\b',
                    r'\b(concurrent(ly)?|in parallel|startup time|bundle size|quadratic|o\(n\^?2\)|o\(1\)|linear time)\b',
                    r'\b(early (return|exit|bail)|short-?circuit|single[- ]pass|one pass|dynamic(ally)? import)\b',
                    r'\b(defer(red)? (loading|import|init)|debounce|throttle|(set|map|index) (lookup|for lookups?))\b',
                    r'\b(through a (set|map)|when (needed|necessary|required|affected|changed)|if needed)\b',
                    r'\b(only (when|if) (needed|necessary|required)|compile cache|warm ?up)\b', r'^\W*(skip|only)\b',
                ],
                'any_file': {'surface': ['user-facing', 'unknown'], 'ships': True},
            },
            'then': {
                'impact': 'tech-debt', 'weight': 6,
                'reason': 'The title describes a performance improvement on a user path',
            },
        },
        {
            'name': 'refactor-words',
            'when': {
                'subject': [
                    r'\b(refactor(s|ed|ing)?|clean ?-?ups?|clean(s|ed)? up|simplif(y|ies|ied|ication)|restructur(e|ed|ing))\b',
                    r'\b(reorgani[sz]e[sd]?|renam(e[sd]?|ing)|mov(e[sd]?|ing) .{1,40} (to|into|out of)|extract(s|ed)?|dedupe)\b',
                    r'\b(de-?duplicate|tidy|remove[sd]? (unused|dead|redundant|unnecessary|unneeded|obsolete|legacy|outdated|deprecated|empty))\b',
                    r'\b(remove[sd]? .{1,40} workaround|dead code|unused|consolidate[sd]?|split(s)? .{1,40} into|reuse[sd]?)\b',
                    r'\b(replace[sd]? .{1,60} (with|by)|use .{1,40} instead of|migrate[sd]? (to|from))\b',
                    r'\b(switch(es|ed)? (to|from)|moderni[sz]e|type hints?|typings?|typecheck(ing)?|shorten|helpers?)\b',
                    r'\b(consisten(t|tly|cy)|readability|maintainab(le|ility))\b',
                    r'\b(boilerplate|abstraction|internals?|tech(nical)? debt|code quality|nit(s|pick)?)\b',
                ],
                'any_file': {'surface': ['user-facing', 'unknown'], 'ships': True},
            },
            'then': {'impact': 'tech-debt', 'weight': 4, 'reason': 'The title describes restructuring code that ships'},
        },
        {
            'name': 'improve-words',
            'when': {
                'subject': r'\b(minor improvements?|improve[sd]?|improving|improvements?|better|enhance[sd]?|polish(es|ed)?)\b',
                'any_file': {'surface': ['user-facing', 'unknown'], 'ships': True},
                'not': {
                    'subject': [
                        r'\b(redesign(s|ed)?|revamp(s|ed)?|restyle[sd]?|new look|look and feel|wording|copy ?(text|edit)s?)\b',
                        r'\b(tooltips?|buttons?|dialogs?|modals?|popups?|menus?|navbar|sidebar|toolbar|icons?|dark (mode|theme))\b',
                        r'\b(light (mode|theme)|onboarding|notifications?|toasts?|banners?|empty state|placeholder)\b',
                        r'\b(accessib(le|ility)|a11y|screen ?readers?|keyboard (navigation|shortcuts?)|translations?|localization)\b',
                        r'\b(i18n|l10n|error messages?|help (text|output|message)|user interface|ui|ux)\b',
                    ],
                },
            },
            'then': {
                'impact': 'tech-debt', 'weight': 4,
                'reason': 'The title describes improving code that ships, not something users see',
            },
        },
        {
            'name': 'machinery-words',
            'when': {
                'subject': [
                    r'\b(tests?|unit tests?|specs?|testing|test ?cases?|coverage|flaky|fixtures?|snapshots?|mocks?|e2e)\b',
                    r'\b(ci|workflows?|pipelines?|github actions?|actions/\S+|codeql|lint(er|ers|ing|s)?|typos?|spelling)\b',
                    r'\b(codeowners|gitignore|editorconfig|devcontainer|dev ?dependenc(y|ies)|devdeps|renovate|dependabot)\b',
                    r'\b(benchmarks?|playgrounds?|storybook|contributing|maintainers?( list)?|ai policy)\b',
                    r'\b(release (workflow|process|job|script|automation|pipeline)s?|nightly|build scripts?)\b',
                    r'\b(eslint|prettier|ruff|mypy|pyright|golangci(-lint)?|clippy|rustfmt|gofmt|oxlint|oxfmt|biome|stylelint|black|isort|flake8|pylint|rubocop|swiftlint|ktlint|detekt)([ ,.:;)]|$)',
                ],
            },
            'then': {
                'impact': 'internal', 'weight': 5,
                'reason': "The title is about the project's machinery (tests, CI, linters, housekeeping)",
            },
        },
        {
            'name': 'dependency-words',
            'when': {
                'subject': [
                    r'\b(bump(s|ed)? .{1,80} from \S+ to \S+|bump(s|ed)? the .{1,40} group|update(s|d)? .{1,60} requirement)\b',
                    r'\b((update|upgrade|bump)(s|d)? (all |the )?(dependenc(y|ies)|deps|lock ?files?|packages))\b',
                    r'\b(update dependency \S+ to|lock ?file maintenance|pin(s|ned)? (all )?(dependenc(y|ies)|actions|versions?))\b',
                    r'^\W*(go|golang|node(\.?js)?|python|rust|ruby|java|jdk|php|deno|bun|dotnet|\.net) v?\d+(\.\d+)*\W*$',
                ],
            },
            'then': {'impact': 'internal', 'weight': 4, 'reason': 'The title describes a dependency update'},
        },
        {
            'name': 'security-words',
            'when': {
                'text': r'\b(security|vulnerab(le|ility|ilities)|cve-\d{4}-\d+|cwe-\d+|ghsa-[\w-]+|xss|csrf|injection|exploit)\b',
                'bot': False, 'any_file': {'surface': ['user-facing', 'unknown'], 'ships': True},
            },
            'then': {'impact': 'tech-debt', 'weight': 4, 'reason': 'It mentions a security fix'},
        },
        {
            'name': 'body-bug-report',
            'when': {
                'body': [
                    r'\b(bug|broken|regression|crash(es|ed)?|panic(s|ked)?|reproduc(e|es|ible|tion)|steps to reproduce)\b',
                    r"\b(expected behaviou?r|actual behaviou?r|what'?s broken|silently|stack ?trace|traceback)\b",
                    r'\b((fix(es|ed)?|close[sd]?|resolve[sd]?) (#\d+|https://\S+/issues/\d+))\b',
                ],
                'bot': False, 'not': {'all_files': {'surface': 'internal'}},
            },
            'then': {
                'impact': 'user-facing', 'weight': 2, 'reason': 'The description reports a bug or closes an issue',
            },
        },
        {
            'name': 'body-performance',
            'when': {
                'body': [
                    r'\b(faster|slower|speed ?up|performance|benchmark(s|ed)?|hyperfine|ops/sec|allocs?/op|ns/op)\b',
                    r'\b(flame ?graph|profil(e|ing|er)|latency|throughput|memory usage)\b',
                ],
                'bot': False, 'any_file': {'surface': ['user-facing', 'unknown'], 'ships': True},
            },
            'then': {'impact': 'tech-debt', 'weight': 2, 'reason': 'The description talks about speed or resources'},
        },
        {
            'name': 'body-no-behaviour-change',
            'when': {
                'body': [
                    r'\b(no (functional|behaviou?ral|user[- ]facing|visible|logic) changes?)\b',
                    r"\b((does not|doesn'?t|should not|shouldn'?t) change (any )?behaviou?r|pure refactor(ing)?)\b",
                    r'\b(internal (only|change|refactor)|no changes? (for|to) users)\b',
                ],
            },
            'then': {'impact': 'internal', 'weight': 4, 'reason': 'The description says behaviour does not change'},
        },
        {
            'name': 'perf-claim-noticeable', 'when': {'perf': 'noticeable', 'bot': False},
            'then': {'impact': 'tech-debt', 'weight': 6, 'reason': 'It claims a timing change users would notice'},
        },
        {
            'name': 'perf-claim-below-threshold', 'when': {'perf': 'below-threshold', 'bot': False},
            'then': {'impact': 'internal', 'weight': 2, 'reason': 'Its timing claim is below what users notice'},
        },
        {
            'name': 'bot-dependency-update',
            'when': {'bot': True, 'subject': r'\b(bump|update|upgrade|lock ?file|deps?|pin)\b'},
            'then': {'impact': 'internal', 'weight': 8, 'reason': 'A bot updated dependencies'},
        },
        {
            'name': 'bot-security-update',
            'when': {
                'bot': True,
                'any': [
                    {'title': r'\[security\]|^\W*security\b'}, {'labels': ['security', 'dependabot-security']},
                    {'body': 'vulnerability alerts?|security advisor(y|ies)'},
                ],
            },
            'then': {
                'impact': 'tech-debt', 'weight': 12, 'reason': 'A bot updated a dependency with a security advisory',
            },
        },
        {
            'name': 'label-bug',
            'when': {'labels': ['bug', 'type: bug', 'kind/bug', 'bugfix', 'fix', 'regression', 'defect']},
            'then': {'impact': 'user-facing', 'weight': 6, 'reason': 'The PR is labelled as a bug fix'},
        },
        {
            'name': 'label-feature',
            'when': {
                'labels': [
                    'feature', 'enhancement', 'type: feature', 'kind/feature', 'new feature', 'ux', 'ui', 'design',
                    'breaking change', 'breaking',
                ],
            },
            'then': {
                'impact': 'user-facing', 'weight': 6,
                'reason': 'The PR is labelled as a feature or a user-visible change',
            },
        },
        {
            'name': 'label-performance',
            'when': {
                'labels': ['performance', 'perf', 'type: performance', 'kind/performance', 'speed', 'optimization'],
            },
            'then': {'impact': 'tech-debt', 'weight': 6, 'reason': 'The PR is labelled as performance work'},
        },
        {
            'name': 'label-tech-debt',
            'when': {
                'labels': [
                    'tech debt', 'tech-debt', 'technical debt', 'refactor', 'refactoring', 'cleanup', 'code quality',
                    'kind/cleanup',
                ],
            },
            'then': {'impact': 'tech-debt', 'weight': 5, 'reason': 'The PR is labelled as tech debt or a refactor'},
        },
        {
            'name': 'label-housekeeping',
            'when': {
                'labels': [
                    'dependencies', 'chore', 'ci', 'tests', 'test', 'testing', 'build', 'infrastructure', 'tooling',
                    'internal', 'github_actions', 'kind/test', 'area/ci', 'skip changelog', 'no changelog',
                ],
            },
            'then': {'impact': 'internal', 'weight': 5, 'reason': 'The PR is labelled as housekeeping'},
        },
        {
            'name': 'issue-bug',
            'when': {'issue_labels': ['bug', 'type: bug', 'kind/bug', 'defect', 'regression', 'crash']},
            'then': {'impact': 'user-facing', 'weight': 5, 'reason': 'A linked issue is a bug report'},
        },
        {
            'name': 'issue-feature',
            'when': {'issue_labels': ['feature', 'enhancement', 'type: feature', 'kind/feature', 'feature request']},
            'then': {'impact': 'user-facing', 'weight': 5, 'reason': 'A linked issue asks for a feature'},
        },
        {
            'name': 'issue-customer', 'when': {'issue_labels': ['customer', 'customer-reported']},
            'then': {
                'impact': 'user-facing', 'weight': 5,
                'reason': 'A linked issue was reported by a customer, so the change reaches users',
            },
        },
        {
            'name': 'issue-performance',
            'when': {'issue_labels': ['performance', 'perf', 'type: performance', 'kind/performance', 'slow']},
            'then': {'impact': 'tech-debt', 'weight': 5, 'reason': 'A linked issue is about performance'},
        },
        {
            'name': 'issue-tech-debt',
            'when': {
                'issue_labels': [
                    'tech debt', 'tech-debt', 'technical debt', 'refactor', 'refactoring', 'chore', 'maintenance',
                ],
            },
            'then': {'impact': 'tech-debt', 'weight': 3, 'reason': 'A linked issue is tech debt'},
        },
        {
            'name': 'issue-title-bug',
            'when': {
                'issue_title': [
                    r'\b(fix(es|ed|ing)?|bug(s|fix)?|hotfix|crash(es|ed|ing)?|regression|broken|break(s|ing)|incorrect(ly)?|wrong(ly)?)\b',
                    r'\b(fail(s|ed|ing|ures?)?|handl(e[sd]?|ing)|prevent(s|ed)?|correct(ly|s|ed|ion)?|missing)\b',
                    r'\b(respect(s|ed)?|honou?r(s|ed)?|preserve[sd]?|ensure[sd]?|properly)\b',
                    r"\b(not work(ing)?|does ?n[o']t|don'?t|do not|no longer|never|invalid|mismatch(es|ed)?)\b",
                    r'\b(panic(s|ked|king)?|hang(s|ing)?|leak(s|ing)?|unexpected(ly)?|issue with|silently|ignore[sd]?)\b',
                    r'\b(stops?|dropped|lost|twice|duplicated?|masks?|strips?|instead of (crash|fail|error|panic))\b',
                    r'\b(error (on|when|if)|errors? (when|if)|edge case|race( condition)?|deadlock|overflow|escap(e|ed|es|ing))\b',
                    r"\b(fall(s)? ?back|actually|(nil|null) pointer|npe|exceptions?|false[- ]positives?|should(n'?t)?)\b",
                ],
                'not': {'all_files': {'surface': 'internal'}},
            },
            'then': {'impact': 'user-facing', 'weight': 4, 'reason': 'A linked issue describes something broken'},
        },
        {
            'name': 'issue-title-performance',
            'when': {
                'issue_title': [
                    r'\b(perf(ormance|ormant)?|faster|fast(er)? path|speed(s|ed)? ?up|speedup|optimi[sz](e[sd]?|ation|ing))\b',
                    r'\b(slow(ness|er)?|latency|throughput|memory (usage|footprint|leak)|allocations?)\b',
                    r'\b(cach(e[sd]?|ing)|lazily|lazy[- ](load(ing)?|import|init\w*|evaluat\w*|compil\w*)|make .{1,30} lazy)\b',
                    r'\b(memoi[sz](e[sd]?|ation)|hot ?path|bottleneck|efficient(ly)?)\b',
                    r'\b(avoid(s|ing)? (unnecessary|redundant|extra|repeated|duplicate[sd]?|re-?\w+ing|constructing|creating|computing|copying|allocating|cloning|calling|loading|scanning|parsing|walking|reading))\b',
                    r'\b((reduce[sd]?|shrink|cut|lower) (the )?(memory|allocations?|overhead|latency|time|work|calls|size|bundle|cpu|i/o|requests|startup|debounce|load))\b',
                    r'\b(fewer|skip(s|ping)? (unnecessary|redundant)|precompute[sd]?|parallel(i[sz]e[sd]?|ism)?)\b',
                    r'\b(concurrent(ly)?|in parallel|startup time|bundle size|quadratic|o\(n\^?2\)|o\(1\)|linear time)\b',
                    r'\b(early (return|exit|bail)|short-?circuit|single[- ]pass|one pass|dynamic(ally)? import)\b',
                    r'\b(defer(red)? (loading|import|init)|debounce|throttle|(set|map|index) (lookup|for lookups?))\b',
                    r'\b(through a (set|map)|when (needed|necessary|required|affected|changed)|if needed)\b',
                    r'\b(only (when|if) (needed|necessary|required)|compile cache|warm ?up)\b', r'^\W*(skip|only)\b',
                ],
                'any_file': {'surface': ['user-facing', 'unknown'], 'ships': True},
            },
            'then': {'impact': 'tech-debt', 'weight': 4, 'reason': 'A linked issue is about speed'},
        },
    ],
}
