"""The built-in rules as plain data, generated from pr_impact/defaults.yml by scripts/gen_defaults.py."""

# Do not edit: edit pr_impact/defaults.yml, then run `python scripts/gen_defaults.py`.
# Regexes stay whole, one a line, as in the YAML.
# ruff: noqa: E501

from __future__ import annotations

from typing import Any

DEFAULTS: dict[str, Any] = {
    'extends': 'none',
    'decision': {
        'prior': {'user-facing': 0.76, 'tech-debt': -0.78, 'internal': 0.01}, 'internal_lead': 0.9,
        'confidence': {'high': 0.895, 'medium': 0.533},
    },
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
                'subject': r'^\W*(release|releasing|prepare (for )?(the )?release|bump version|version bump|v?\d+\.\d+\.\d+(-[\w.]+)?\W*$)',
            },
            'then': {
                'weights': {'user-facing': -0.52, 'tech-debt': -0.13, 'internal': 0.64},
                'reason': 'It is a release or version bump',
            },
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
                'weights': {'user-facing': -0.38, 'tech-debt': -0.47, 'internal': 0.85},
                'reason': 'Only internal files changed (tests, CI, tooling, housekeeping)',
            },
        },
        {
            'name': 'only-tests', 'when': {'all_files': {'kind': ['test', 'example']}},
            'then': {
                'weights': {'user-facing': -0.06, 'tech-debt': -0.19, 'internal': 0.26},
                'reason': 'Only tests and examples changed',
            },
        },
        {
            'name': 'only-docs', 'when': {'all_files': {'kind': ['docs', 'contributor-docs']}},
            'then': {
                'weights': {'user-facing': -0.19, 'tech-debt': -0.07, 'internal': 0.26},
                'reason': 'Only documentation changed',
            },
        },
        {
            'name': 'ships-code',
            'when': {'any_file': {'surface': 'user-facing', 'kind': ['source', 'config', 'manifest']}},
            'then': {
                'weights': {'user-facing': -0.11, 'tech-debt': 0.13, 'internal': -0.02},
                'reason': 'It changes code that ships to users',
            },
        },
        {
            'name': 'ui-or-copy', 'when': {'any_file': {'surface': 'user-facing', 'kind': ['ui', 'locale']}},
            'then': {
                'weights': {'user-facing': 0.02, 'tech-debt': -0.05, 'internal': 0.03},
                'reason': 'It changes UI, styles or user-visible text',
            },
        },
        {
            'name': 'public-api-schema', 'when': {'any_file': {'surface': 'user-facing', 'kind': 'api-schema'}},
            'then': {
                'weights': {'user-facing': 0.21, 'tech-debt': -0.22, 'internal': 0.01},
                'reason': 'It changes a public API or schema',
            },
        },
        {
            'name': 'database-migration', 'when': {'any_file': {'surface': 'user-facing', 'kind': 'migration'}},
            'then': {
                'weights': {'user-facing': 0.09, 'tech-debt': 0.14, 'internal': -0.22},
                'reason': 'It changes the database schema',
            },
        },
        {
            'name': 'user-docs',
            'when': {'any_file': {'kind': 'docs'}, 'not': {'any_file': {'kind': ['source', 'ui']}}},
            'then': {
                'weights': {'user-facing': -0.11, 'tech-debt': -0.19, 'internal': 0.29},
                'reason': 'It changes documentation users read',
            },
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
                'weights': {'user-facing': 0.28, 'tech-debt': -0.19, 'internal': -0.09},
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
                'weights': {'user-facing': 0.38, 'tech-debt': -0.05, 'internal': -0.33},
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
                'weights': {'user-facing': -0.14, 'tech-debt': 0.38, 'internal': -0.24},
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
            'then': {
                'weights': {'user-facing': 0.75, 'tech-debt': -0.26, 'internal': -0.48},
                'reason': 'The title describes fixing behaviour users hit',
            },
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
            'then': {
                'weights': {'user-facing': 0.51, 'tech-debt': -0.38, 'internal': -0.13},
                'reason': 'The title describes something new users can do',
            },
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
            'then': {
                'weights': {'user-facing': 0.31, 'tech-debt': -0.23, 'internal': -0.08},
                'reason': 'The title names something users see or touch',
            },
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
                'weights': {'user-facing': 0.38, 'tech-debt': -0.39, 'internal': 0.01},
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
                'weights': {'user-facing': -0.76, 'tech-debt': 1.37, 'internal': -0.62},
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
            'then': {
                'weights': {'user-facing': -0.54, 'tech-debt': 0.15, 'internal': 0.39},
                'reason': 'The title describes restructuring code that ships',
            },
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
                'weights': {'user-facing': -0.16, 'tech-debt': 0.26, 'internal': -0.1},
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
                'weights': {'user-facing': -0.49, 'tech-debt': -0.13, 'internal': 0.62},
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
            'then': {
                'weights': {'user-facing': -0.26, 'tech-debt': -0.1, 'internal': 0.37},
                'reason': 'The title describes a dependency update',
            },
        },
        {
            'name': 'security-words',
            'when': {
                'text': r'\b(security|vulnerab(le|ility|ilities)|cve-\d{4}-\d+|cwe-\d+|ghsa-[\w-]+|xss|csrf|injection|exploit)\b',
                'bot': False, 'any_file': {'surface': ['user-facing', 'unknown'], 'ships': True},
            },
            'then': {
                'weights': {'user-facing': -0.02, 'tech-debt': -0.23, 'internal': 0.26},
                'reason': 'It mentions a security fix',
            },
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
                'weights': {'user-facing': 0.71, 'tech-debt': -0.44, 'internal': -0.27},
                'reason': 'The description reports a bug or closes an issue',
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
            'then': {
                'weights': {'user-facing': -0.65, 'tech-debt': 0.98, 'internal': -0.33},
                'reason': 'The description talks about speed or resources',
            },
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
            'then': {
                'weights': {'user-facing': -0.42, 'tech-debt': -0.14, 'internal': 0.56},
                'reason': 'A bot updated dependencies',
            },
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
        {
            'name': 'word-reduce', 'when': {'subject': r'\breduce\b'},
            'then': {
                'weights': {'user-facing': -0.59, 'tech-debt': 0.78, 'internal': -0.19},
                'reason': 'The title says “reduce”',
            },
        },
        {
            'name': 'word-module', 'when': {'subject': r'\bmodule\b'},
            'then': {
                'weights': {'user-facing': -0.58, 'tech-debt': 0.73, 'internal': -0.15},
                'reason': 'The title says “module”',
            },
        },
        {
            'name': 'word-avoid', 'when': {'subject': r'\bavoid\b'},
            'then': {
                'weights': {'user-facing': -0.4, 'tech-debt': 0.71, 'internal': -0.31},
                'reason': 'The title says “avoid”',
            },
        },
        {
            'name': 'fact-any-source', 'when': {'any_file': {'kind': 'source'}},
            'then': {
                'weights': {'user-facing': 0.25, 'tech-debt': 0.44, 'internal': -0.69},
                'reason': 'It changes source files',
            },
        },
        {
            'name': 'word-support', 'when': {'subject': r'\bsupport\b'},
            'then': {
                'weights': {'user-facing': 0.64, 'tech-debt': -0.53, 'internal': -0.1},
                'reason': 'The title says “support”',
            },
        },
        {
            'name': 'word-update', 'when': {'subject': r'\bupdate\b'},
            'then': {
                'weights': {'user-facing': 0.07, 'tech-debt': -0.63, 'internal': 0.56},
                'reason': 'The title says “update”',
            },
        },
        {
            'name': 'word-windows', 'when': {'subject': r'\bwindows\b'},
            'then': {
                'weights': {'user-facing': 0.63, 'tech-debt': -0.51, 'internal': -0.11},
                'reason': 'The title says “windows”',
            },
        },
        {
            'name': 'fact-new-source-file', 'when': {'any_file': {'kind': ['source', 'ui'], 'status': 'added'}},
            'then': {
                'weights': {'user-facing': 0.14, 'tech-debt': 0.48, 'internal': -0.62},
                'reason': 'It adds a new source or UI file',
            },
        },
        {
            'name': 'word-bump', 'when': {'subject': r'\bbump\b'},
            'then': {
                'weights': {'user-facing': -0.22, 'tech-debt': -0.4, 'internal': 0.61},
                'reason': 'The title says “bump”',
            },
        },
        {
            'name': 'word-check', 'when': {'subject': r'\bcheck\b'},
            'then': {
                'weights': {'user-facing': -0.61, 'tech-debt': 0.59, 'internal': 0.02},
                'reason': 'The title says “check”',
            },
        },
        {
            'name': 'word-ai', 'when': {'subject': r'\bai\b'},
            'then': {
                'weights': {'user-facing': -0.17, 'tech-debt': -0.4, 'internal': 0.57},
                'reason': 'The title says “ai”',
            },
        },
        {
            'name': 'fact-any-locale', 'when': {'any_file': {'kind': 'locale'}},
            'then': {
                'weights': {'user-facing': 0.11, 'tech-debt': -0.56, 'internal': 0.46},
                'reason': 'It changes locale files',
            },
        },
        {
            'name': 'fact-bot-author', 'when': {'bot': True},
            'then': {
                'weights': {'user-facing': -0.36, 'tech-debt': -0.16, 'internal': 0.53}, 'reason': 'A bot opened it',
            },
        },
        {
            'name': 'starts-update', 'when': {'subject': r'^\W*update\b'},
            'then': {
                'weights': {'user-facing': -0.29, 'tech-debt': -0.23, 'internal': 0.52},
                'reason': 'The title starts with “update”',
            },
        },
        {
            'name': 'word-fix', 'when': {'subject': r'\bfix\b'},
            'then': {
                'weights': {'user-facing': -0.14, 'tech-debt': -0.38, 'internal': 0.52},
                'reason': 'The title says “fix”',
            },
        },
        {
            'name': 'starts-bump', 'when': {'subject': r'^\W*bump\b'},
            'then': {
                'weights': {'user-facing': -0.22, 'tech-debt': -0.29, 'internal': 0.51},
                'reason': 'The title starts with “bump”',
            },
        },
        {
            'name': 'starts-fix', 'when': {'subject': r'^\W*fix\b'},
            'then': {
                'weights': {'user-facing': -0.14, 'tech-debt': -0.37, 'internal': 0.51},
                'reason': 'The title starts with “fix”',
            },
        },
        {
            'name': 'fact-any-release', 'when': {'any_file': {'kind': 'release'}},
            'then': {
                'weights': {'user-facing': 0.48, 'tech-debt': -0.14, 'internal': -0.34},
                'reason': 'It changes release files',
            },
        },
        {
            'name': 'fact-code-in-title', 'when': {'subject': r'`[^`]+`|\w+\(\)|(?-i:\b[a-z]+[A-Z]\w*)|\b\w+_\w+\b'},
            'then': {
                'weights': {'user-facing': -0.11, 'tech-debt': 0.47, 'internal': -0.36},
                'reason': 'The title names code (an identifier, a function)',
            },
        },
        {
            'name': 'word-map', 'when': {'subject': r'\bmap\b'},
            'then': {
                'weights': {'user-facing': -0.39, 'tech-debt': 0.47, 'internal': -0.08},
                'reason': 'The title says “map”',
            },
        },
        {
            'name': 'fact-tiny-diff', 'when': {'additions': {'max': 5}, 'deletions': {'max': 5}},
            'then': {
                'weights': {'user-facing': 0.23, 'tech-debt': -0.46, 'internal': 0.23},
                'reason': 'It changes five lines or fewer each way',
            },
        },
        {
            'name': 'fact-mostly-deletions', 'when': {'deletions': {'min': 20}, 'additions': {'max': 10}},
            'then': {
                'weights': {'user-facing': -0.36, 'tech-debt': -0.09, 'internal': 0.45},
                'reason': 'It mostly deletes code',
            },
        },
        {
            'name': 'word-only', 'when': {'subject': r'\bonly\b'},
            'then': {
                'weights': {'user-facing': -0.16, 'tech-debt': 0.44, 'internal': -0.27},
                'reason': 'The title says “only”',
            },
        },
        {
            'name': 'word-input', 'when': {'subject': r'\binput\b'},
            'then': {
                'weights': {'user-facing': 0.43, 'tech-debt': -0.38, 'internal': -0.05},
                'reason': 'The title says “input”',
            },
        },
        {
            'name': 'fact-version-in-title', 'when': {'subject': r'\bv?\d+\.\d+(\.\d+)?\b'},
            'then': {
                'weights': {'user-facing': 0.02, 'tech-debt': -0.41, 'internal': 0.4},
                'reason': 'The title has a version number',
            },
        },
        {
            'name': 'word-run', 'when': {'subject': r'\brun\b'},
            'then': {
                'weights': {'user-facing': -0.34, 'tech-debt': 0.41, 'internal': -0.07},
                'reason': 'The title says “run”',
            },
        },
        {
            'name': 'starts-enable', 'when': {'subject': r'^\W*enable\b'},
            'then': {
                'weights': {'user-facing': -0.22, 'tech-debt': -0.18, 'internal': 0.4},
                'reason': 'The title starts with “enable”',
            },
        },
        {
            'name': 'fact-any-packaging', 'when': {'any_file': {'kind': 'packaging'}},
            'then': {
                'weights': {'user-facing': 0.39, 'tech-debt': -0.39, 'internal': 0.0},
                'reason': 'It changes packaging files',
            },
        },
        {
            'name': 'word-config', 'when': {'subject': r'\bconfig\b'},
            'then': {
                'weights': {'user-facing': 0.17, 'tech-debt': -0.39, 'internal': 0.23},
                'reason': 'The title says “config”',
            },
        },
        {
            'name': 'fact-any-contributor-docs', 'when': {'any_file': {'kind': 'contributor-docs'}},
            'then': {
                'weights': {'user-facing': -0.25, 'tech-debt': -0.13, 'internal': 0.38},
                'reason': 'It changes contributor-docs files',
            },
        },
        {
            'name': 'fact-any-manifest', 'when': {'any_file': {'kind': 'manifest'}},
            'then': {
                'weights': {'user-facing': -0.18, 'tech-debt': -0.2, 'internal': 0.38},
                'reason': 'It changes manifest files',
            },
        },
        {
            'name': 'fact-user-words-on-code',
            'when': {
                'subject': r"\b(user|users|when|should|can|cannot|can't|now)\b",
                'any_file': {'kind': ['source', 'ui']},
            },
            'then': {
                'weights': {'user-facing': 0.38, 'tech-debt': -0.04, 'internal': -0.34},
                'reason': 'The title talks about what users do, and code changed',
            },
        },
        {
            'name': 'word-drop', 'when': {'subject': r'\bdrop\b'},
            'then': {
                'weights': {'user-facing': -0.28, 'tech-debt': 0.38, 'internal': -0.1},
                'reason': 'The title says “drop”',
            },
        },
        {
            'name': 'word-error', 'when': {'subject': r'\berror\b'},
            'then': {
                'weights': {'user-facing': 0.35, 'tech-debt': -0.38, 'internal': 0.02},
                'reason': 'The title says “error”',
            },
        },
        {
            'name': 'word-handle', 'when': {'subject': r'\bhandle\b'},
            'then': {
                'weights': {'user-facing': 0.38, 'tech-debt': -0.27, 'internal': -0.11},
                'reason': 'The title says “handle”',
            },
        },
        {
            'name': 'word-updates', 'when': {'subject': r'\bupdates\b'},
            'then': {
                'weights': {'user-facing': -0.38, 'tech-debt': 0.34, 'internal': 0.04},
                'reason': 'The title says “updates”',
            },
        },
        {
            'name': 'fact-any-test', 'when': {'any_file': {'kind': 'test'}},
            'then': {
                'weights': {'user-facing': 0.37, 'tech-debt': -0.25, 'internal': -0.12},
                'reason': 'It changes test files',
            },
        },
        {
            'name': 'starts-reduce', 'when': {'subject': r'^\W*reduce\b'},
            'then': {
                'weights': {'user-facing': -0.24, 'tech-debt': 0.37, 'internal': -0.13},
                'reason': 'The title starts with “reduce”',
            },
        },
        {
            'name': 'word-dependency', 'when': {'subject': r'\bdependency\b'},
            'then': {
                'weights': {'user-facing': -0.33, 'tech-debt': -0.04, 'internal': 0.37},
                'reason': 'The title says “dependency”',
            },
        },
        {
            'name': 'word-server', 'when': {'subject': r'\bserver\b'},
            'then': {
                'weights': {'user-facing': 0.37, 'tech-debt': -0.24, 'internal': -0.13},
                'reason': 'The title says “server”',
            },
        },
        {
            'name': 'word-string', 'when': {'subject': r'\bstring\b'},
            'then': {
                'weights': {'user-facing': -0.23, 'tech-debt': 0.37, 'internal': -0.14},
                'reason': 'The title says “string”',
            },
        },
        {
            'name': 'fact-all-test', 'when': {'all_files': {'kind': 'test'}},
            'then': {
                'weights': {'user-facing': -0.2, 'tech-debt': -0.16, 'internal': 0.36},
                'reason': 'It changes only test files',
            },
        },
        {
            'name': 'fact-any-config', 'when': {'any_file': {'kind': 'config'}},
            'then': {
                'weights': {'user-facing': 0.26, 'tech-debt': -0.36, 'internal': 0.11},
                'reason': 'It changes config files',
            },
        },
        {
            'name': 'fact-many-files', 'when': {'files': {'min': 15}},
            'then': {
                'weights': {'user-facing': -0.29, 'tech-debt': -0.07, 'internal': 0.36},
                'reason': 'It changes 15 files or more',
            },
        },
        {
            'name': 'starts-dont', 'when': {'subject': r"^\W*don't\b"},
            'then': {
                'weights': {'user-facing': -0.29, 'tech-debt': 0.36, 'internal': -0.07},
                'reason': "The title starts with “don't”",
            },
        },
        {
            'name': 'word-before', 'when': {'subject': r'\bbefore\b'},
            'then': {
                'weights': {'user-facing': 0.36, 'tech-debt': -0.28, 'internal': -0.08},
                'reason': 'The title says “before”',
            },
        },
        {
            'name': 'fact-all-ci', 'when': {'all_files': {'kind': 'ci'}},
            'then': {
                'weights': {'user-facing': -0.35, 'tech-debt': 0.1, 'internal': 0.25},
                'reason': 'It changes only ci files',
            },
        },
        {
            'name': 'word-correct', 'when': {'subject': r'\bcorrect\b'},
            'then': {
                'weights': {'user-facing': 0.35, 'tech-debt': -0.25, 'internal': -0.1},
                'reason': 'The title says “correct”',
            },
        },
        {
            'name': 'fact-to-version', 'when': {'subject': r'\b(update|upgrade|bump|pin)\w* .{1,60} to v?\d'},
            'then': {
                'weights': {'user-facing': -0.34, 'tech-debt': 0.03, 'internal': 0.31},
                'reason': 'The title moves something to a version',
            },
        },
        {
            'name': 'word-dont', 'when': {'subject': r"\bdon't\b"},
            'then': {
                'weights': {'user-facing': -0.27, 'tech-debt': 0.34, 'internal': -0.07},
                'reason': "The title says “don't”",
            },
        },
        {
            'name': 'word-release', 'when': {'subject': r'\brelease\b'},
            'then': {
                'weights': {'user-facing': -0.06, 'tech-debt': -0.28, 'internal': 0.34},
                'reason': 'The title says “release”',
            },
        },
        {
            'name': 'word-test', 'when': {'subject': r'\btest\b'},
            'then': {
                'weights': {'user-facing': 0.34, 'tech-debt': -0.2, 'internal': -0.14},
                'reason': 'The title says “test”',
            },
        },
        {
            'name': 'word-instead', 'when': {'subject': r'\binstead\b'},
            'then': {
                'weights': {'user-facing': -0.1, 'tech-debt': 0.33, 'internal': -0.23},
                'reason': 'The title says “instead”',
            },
        },
        {
            'name': 'starts-add', 'when': {'subject': r'^\W*add\b'},
            'then': {
                'weights': {'user-facing': 0.07, 'tech-debt': -0.32, 'internal': 0.25},
                'reason': 'The title starts with “add”',
            },
        },
        {
            'name': 'starts-handle', 'when': {'subject': r'^\W*handle\b'},
            'then': {
                'weights': {'user-facing': 0.32, 'tech-debt': -0.22, 'internal': -0.09},
                'reason': 'The title starts with “handle”',
            },
        },
        {
            'name': 'word-after', 'when': {'subject': r'\bafter\b'},
            'then': {
                'weights': {'user-facing': 0.32, 'tech-debt': -0.17, 'internal': -0.15},
                'reason': 'The title says “after”',
            },
        },
        {
            'name': 'fact-no-description', 'when': {'not': {'body': r'\S'}},
            'then': {
                'weights': {'user-facing': -0.31, 'tech-debt': 0.25, 'internal': 0.06},
                'reason': 'It has no description',
            },
        },
        {
            'name': 'word-patch', 'when': {'subject': r'\bpatch\b'},
            'then': {
                'weights': {'user-facing': -0.31, 'tech-debt': 0.07, 'internal': 0.24},
                'reason': 'The title says “patch”',
            },
        },
        {
            'name': 'word-remove', 'when': {'subject': r'\bremove\b'},
            'then': {
                'weights': {'user-facing': -0.31, 'tech-debt': 0.08, 'internal': 0.23},
                'reason': 'The title says “remove”',
            },
        },
        {
            'name': 'fact-all-ui', 'when': {'all_files': {'kind': 'ui'}},
            'then': {
                'weights': {'user-facing': 0.09, 'tech-debt': 0.21, 'internal': -0.3},
                'reason': 'It changes only ui files',
            },
        },
        {
            'name': 'word-build', 'when': {'subject': r'\bbuild\b'},
            'then': {
                'weights': {'user-facing': -0.18, 'tech-debt': 0.29, 'internal': -0.11},
                'reason': 'The title says “build”',
            },
        },
        {
            'name': 'word-security', 'when': {'subject': r'\bsecurity\b'},
            'then': {
                'weights': {'user-facing': -0.16, 'tech-debt': -0.13, 'internal': 0.29},
                'reason': 'The title says “security”',
            },
        },
        {
            'name': 'fact-any-docs', 'when': {'any_file': {'kind': 'docs'}},
            'then': {
                'weights': {'user-facing': 0.19, 'tech-debt': -0.28, 'internal': 0.09},
                'reason': 'It changes docs files',
            },
        },
        {
            'name': 'word-export', 'when': {'subject': r'\bexport\b'},
            'then': {
                'weights': {'user-facing': -0.22, 'tech-debt': 0.28, 'internal': -0.06},
                'reason': 'The title says “export”',
            },
        },
        {
            'name': 'fact-all-manifest', 'when': {'all_files': {'kind': 'manifest'}},
            'then': {
                'weights': {'user-facing': 0.25, 'tech-debt': 0.02, 'internal': -0.27},
                'reason': 'It changes only manifest files',
            },
        },
        {
            'name': 'word-path', 'when': {'subject': r'\bpath\b'},
            'then': {
                'weights': {'user-facing': -0.18, 'tech-debt': 0.27, 'internal': -0.09},
                'reason': 'The title says “path”',
            },
        },
        {
            'name': 'starts-remove', 'when': {'subject': r'^\W*remove\b'},
            'then': {
                'weights': {'user-facing': -0.18, 'tech-debt': -0.08, 'internal': 0.26},
                'reason': 'The title starts with “remove”',
            },
        },
        {
            'name': 'word-token', 'when': {'subject': r'\btoken\b'},
            'then': {
                'weights': {'user-facing': 0.26, 'tech-debt': -0.22, 'internal': -0.04},
                'reason': 'The title says “token”',
            },
        },
        {
            'name': 'fact-any-ci', 'when': {'any_file': {'kind': 'ci'}},
            'then': {
                'weights': {'user-facing': -0.25, 'tech-debt': 0.13, 'internal': 0.12},
                'reason': 'It changes ci files',
            },
        },
        {
            'name': 'fact-any-generated', 'when': {'any_file': {'kind': 'generated'}},
            'then': {
                'weights': {'user-facing': -0.2, 'tech-debt': 0.25, 'internal': -0.05},
                'reason': 'It changes generated files',
            },
        },
        {
            'name': 'word-search', 'when': {'subject': r'\bsearch\b'},
            'then': {
                'weights': {'user-facing': 0.25, 'tech-debt': -0.22, 'internal': -0.03},
                'reason': 'The title says “search”',
            },
        },
        {
            'name': 'word-tests', 'when': {'subject': r'\btests\b'},
            'then': {
                'weights': {'user-facing': -0.25, 'tech-debt': 0.08, 'internal': 0.17},
                'reason': 'The title says “tests”',
            },
        },
        {
            'name': 'word-up', 'when': {'subject': r'\bup\b'},
            'then': {
                'weights': {'user-facing': -0.21, 'tech-debt': -0.04, 'internal': 0.25},
                'reason': 'The title says “up”',
            },
        },
        {
            'name': 'word-custom', 'when': {'subject': r'\bcustom\b'},
            'then': {
                'weights': {'user-facing': 0.19, 'tech-debt': -0.24, 'internal': 0.05},
                'reason': 'The title says “custom”',
            },
        },
        {
            'name': 'word-mode', 'when': {'subject': r'\bmode\b'},
            'then': {
                'weights': {'user-facing': 0.24, 'tech-debt': -0.13, 'internal': -0.11},
                'reason': 'The title says “mode”',
            },
        },
        {
            'name': 'fact-all-source', 'when': {'all_files': {'kind': 'source'}},
            'then': {
                'weights': {'user-facing': -0.15, 'tech-debt': 0.23, 'internal': -0.07},
                'reason': 'It changes only source files',
            },
        },
        {
            'name': 'fact-any-api-schema', 'when': {'any_file': {'kind': 'api-schema'}},
            'then': {
                'weights': {'user-facing': 0.15, 'tech-debt': -0.23, 'internal': 0.08},
                'reason': 'It changes api-schema files',
            },
        },
        {
            'name': 'fact-any-example', 'when': {'any_file': {'kind': 'example'}},
            'then': {
                'weights': {'user-facing': 0.23, 'tech-debt': -0.18, 'internal': -0.04},
                'reason': 'It changes example files',
            },
        },
        {
            'name': 'word-during', 'when': {'subject': r'\bduring\b'},
            'then': {
                'weights': {'user-facing': 0.19, 'tech-debt': 0.04, 'internal': -0.23},
                'reason': 'The title says “during”',
            },
        },
        {
            'name': 'word-prevent', 'when': {'subject': r'\bprevent\b'},
            'then': {
                'weights': {'user-facing': 0.23, 'tech-debt': -0.15, 'internal': -0.08},
                'reason': 'The title says “prevent”',
            },
        },
        {
            'name': 'word-upgrade', 'when': {'subject': r'\bupgrade\b'},
            'then': {
                'weights': {'user-facing': -0.23, 'tech-debt': 0.02, 'internal': 0.22},
                'reason': 'The title says “upgrade”',
            },
        },
        {
            'name': 'fact-any-build', 'when': {'any_file': {'kind': 'build'}},
            'then': {
                'weights': {'user-facing': -0.22, 'tech-debt': 0.07, 'internal': 0.16},
                'reason': 'It changes build files',
            },
        },
        {
            'name': 'fact-any-migration', 'when': {'any_file': {'kind': 'migration'}},
            'then': {
                'weights': {'user-facing': 0.09, 'tech-debt': 0.14, 'internal': -0.22},
                'reason': 'It changes migration files',
            },
        },
        {
            'name': 'starts-avoid', 'when': {'subject': r'^\W*avoid\b'},
            'then': {
                'weights': {'user-facing': -0.02, 'tech-debt': 0.22, 'internal': -0.2},
                'reason': 'The title starts with “avoid”',
            },
        },
        {
            'name': 'starts-support', 'when': {'subject': r'^\W*support\b'},
            'then': {
                'weights': {'user-facing': 0.17, 'tech-debt': -0.22, 'internal': 0.06},
                'reason': 'The title starts with “support”',
            },
        },
        {
            'name': 'word-go', 'when': {'subject': r'\bgo\b'},
            'then': {
                'weights': {'user-facing': -0.01, 'tech-debt': -0.21, 'internal': 0.22},
                'reason': 'The title says “go”',
            },
        },
        {
            'name': 'word-show', 'when': {'subject': r'\bshow\b'},
            'then': {
                'weights': {'user-facing': 0.22, 'tech-debt': -0.2, 'internal': -0.03},
                'reason': 'The title says “show”',
            },
        },
        {
            'name': 'starts-upgrade', 'when': {'subject': r'^\W*upgrade\b'},
            'then': {
                'weights': {'user-facing': -0.21, 'tech-debt': 0.02, 'internal': 0.19},
                'reason': 'The title starts with “upgrade”',
            },
        },
        {
            'name': 'starts-use', 'when': {'subject': r'^\W*use\b'},
            'then': {
                'weights': {'user-facing': -0.21, 'tech-debt': 0.12, 'internal': 0.1},
                'reason': 'The title starts with “use”',
            },
        },
        {
            'name': 'word-action', 'when': {'subject': r'\baction\b'},
            'then': {
                'weights': {'user-facing': 0.1, 'tech-debt': -0.21, 'internal': 0.11},
                'reason': 'The title says “action”',
            },
        },
        {
            'name': 'word-add', 'when': {'subject': r'\badd\b'},
            'then': {
                'weights': {'user-facing': 0.07, 'tech-debt': -0.21, 'internal': 0.14},
                'reason': 'The title says “add”',
            },
        },
        {
            'name': 'word-allow', 'when': {'subject': r'\ballow\b'},
            'then': {
                'weights': {'user-facing': 0.14, 'tech-debt': -0.2, 'internal': 0.06},
                'reason': 'The title says “allow”',
            },
        },
        {
            'name': 'word-skip', 'when': {'subject': r'\bskip\b'},
            'then': {
                'weights': {'user-facing': -0.17, 'tech-debt': 0.2, 'internal': -0.02},
                'reason': 'The title says “skip”',
            },
        },
        {
            'name': 'word-workflow', 'when': {'subject': r'\bworkflow\b'},
            'then': {
                'weights': {'user-facing': -0.01, 'tech-debt': 0.2, 'internal': -0.19},
                'reason': 'The title says “workflow”',
            },
        },
        {
            'name': 'starts-allow', 'when': {'subject': r'^\W*allow\b'},
            'then': {
                'weights': {'user-facing': 0.18, 'tech-debt': -0.19, 'internal': 0.0},
                'reason': 'The title starts with “allow”',
            },
        },
        {
            'name': 'starts-preserve', 'when': {'subject': r'^\W*preserve\b'},
            'then': {
                'weights': {'user-facing': 0.19, 'tech-debt': -0.13, 'internal': -0.06},
                'reason': 'The title starts with “preserve”',
            },
        },
        {
            'name': 'starts-prevent', 'when': {'subject': r'^\W*prevent\b'},
            'then': {
                'weights': {'user-facing': 0.19, 'tech-debt': -0.12, 'internal': -0.07},
                'reason': 'The title starts with “prevent”',
            },
        },
        {
            'name': 'word-lint', 'when': {'subject': r'\blint\b'},
            'then': {
                'weights': {'user-facing': -0.09, 'tech-debt': -0.09, 'internal': 0.19},
                'reason': 'The title says “lint”',
            },
        },
        {
            'name': 'word-preserve', 'when': {'subject': r'\bpreserve\b'},
            'then': {
                'weights': {'user-facing': 0.19, 'tech-debt': -0.13, 'internal': -0.06},
                'reason': 'The title says “preserve”',
            },
        },
        {
            'name': 'word-v2', 'when': {'subject': r'\bv2\b'},
            'then': {
                'weights': {'user-facing': -0.09, 'tech-debt': -0.11, 'internal': 0.19},
                'reason': 'The title says “v2”',
            },
        },
        {
            'name': 'fact-all-release', 'when': {'all_files': {'kind': 'release'}},
            'then': {
                'weights': {'user-facing': -0.17, 'tech-debt': -0.02, 'internal': 0.18},
                'reason': 'It changes only release files',
            },
        },
        {
            'name': 'fact-one-file', 'when': {'files': {'max': 1}},
            'then': {
                'weights': {'user-facing': 0.09, 'tech-debt': -0.18, 'internal': 0.09},
                'reason': 'It changes one file',
            },
        },
        {
            'name': 'starts-resolve', 'when': {'subject': r'^\W*resolve\b'},
            'then': {
                'weights': {'user-facing': 0.14, 'tech-debt': -0.18, 'internal': 0.04},
                'reason': 'The title starts with “resolve”',
            },
        },
        {
            'name': 'word-default', 'when': {'subject': r'\bdefault\b'},
            'then': {
                'weights': {'user-facing': -0.1, 'tech-debt': 0.18, 'internal': -0.08},
                'reason': 'The title says “default”',
            },
        },
        {
            'name': 'word-dependencies', 'when': {'subject': r'\bdependencies\b'},
            'then': {
                'weights': {'user-facing': -0.04, 'tech-debt': -0.13, 'internal': 0.18},
                'reason': 'The title says “dependencies”',
            },
        },
        {
            'name': 'word-missing', 'when': {'subject': r'\bmissing\b'},
            'then': {
                'weights': {'user-facing': 0.18, 'tech-debt': -0.16, 'internal': -0.03},
                'reason': 'The title says “missing”',
            },
        },
        {
            'name': 'fact-adds-tests', 'when': {'any_file': {'kind': 'test', 'status': 'added'}},
            'then': {
                'weights': {'user-facing': 0.17, 'tech-debt': -0.02, 'internal': -0.15},
                'reason': 'It adds a test file',
            },
        },
        {
            'name': 'fact-all-example', 'when': {'all_files': {'kind': 'example'}},
            'then': {
                'weights': {'user-facing': 0.17, 'tech-debt': -0.03, 'internal': -0.14},
                'reason': 'It changes only example files',
            },
        },
        {
            'name': 'word-event', 'when': {'subject': r'\bevent\b'},
            'then': {
                'weights': {'user-facing': 0.17, 'tech-debt': -0.13, 'internal': -0.04},
                'reason': 'The title says “event”',
            },
        },
        {
            'name': 'fact-all-docs', 'when': {'all_files': {'kind': 'docs'}},
            'then': {
                'weights': {'user-facing': -0.11, 'tech-debt': -0.05, 'internal': 0.16},
                'reason': 'It changes only docs files',
            },
        },
        {
            'name': 'word-docs', 'when': {'subject': r'\bdocs\b'},
            'then': {
                'weights': {'user-facing': 0.06, 'tech-debt': -0.16, 'internal': 0.1},
                'reason': 'The title says “docs”',
            },
        },
        {
            'name': 'word-set', 'when': {'subject': r'\bset\b'},
            'then': {
                'weights': {'user-facing': 0.14, 'tech-debt': 0.03, 'internal': -0.16},
                'reason': 'The title says “set”',
            },
        },
        {
            'name': 'word-setup', 'when': {'subject': r'\bsetup\b'},
            'then': {
                'weights': {'user-facing': 0.16, 'tech-debt': -0.16, 'internal': 0.0},
                'reason': 'The title says “setup”',
            },
        },
        {
            'name': 'word-github', 'when': {'subject': r'\bgithub\b'},
            'then': {
                'weights': {'user-facing': -0.02, 'tech-debt': -0.14, 'internal': 0.15},
                'reason': 'The title says “github”',
            },
        },
        {
            'name': 'fact-all-packaging', 'when': {'all_files': {'kind': 'packaging'}},
            'then': {
                'weights': {'user-facing': 0.14, 'tech-debt': -0.06, 'internal': -0.09},
                'reason': 'It changes only packaging files',
            },
        },
        {
            'name': 'starts-improve', 'when': {'subject': r'^\W*improve\b'},
            'then': {
                'weights': {'user-facing': -0.14, 'tech-debt': 0.06, 'internal': 0.08},
                'reason': 'The title starts with “improve”',
            },
        },
        {
            'name': 'word-across', 'when': {'subject': r'\bacross\b'},
            'then': {
                'weights': {'user-facing': -0.14, 'tech-debt': -0.01, 'internal': 0.14},
                'reason': 'The title says “across”',
            },
        },
        {
            'name': 'word-cache', 'when': {'subject': r'\bcache\b'},
            'then': {
                'weights': {'user-facing': -0.04, 'tech-debt': 0.13, 'internal': -0.09},
                'reason': 'The title says “cache”',
            },
        },
        {
            'name': 'word-com', 'when': {'subject': r'\bcom\b'},
            'then': {
                'weights': {'user-facing': -0.09, 'tech-debt': -0.04, 'internal': 0.13},
                'reason': 'The title says “com”',
            },
        },
        {
            'name': 'word-directory', 'when': {'subject': r'\bdirectory\b'},
            'then': {
                'weights': {'user-facing': -0.09, 'tech-debt': 0.13, 'internal': -0.05},
                'reason': 'The title says “directory”',
            },
        },
        {
            'name': 'word-use', 'when': {'subject': r'\buse\b'},
            'then': {
                'weights': {'user-facing': -0.13, 'tech-debt': 0.09, 'internal': 0.04},
                'reason': 'The title says “use”',
            },
        },
        {
            'name': 'fact-removes-source-file', 'when': {'any_file': {'kind': ['source', 'ui'], 'status': 'removed'}},
            'then': {
                'weights': {'user-facing': 0.11, 'tech-debt': -0.07, 'internal': -0.04},
                'reason': 'It deletes a source or UI file',
            },
        },
        {
            'name': 'word-improve', 'when': {'subject': r'\bimprove\b'},
            'then': {
                'weights': {'user-facing': 0.03, 'tech-debt': -0.11, 'internal': 0.07},
                'reason': 'The title says “improve”',
            },
        },
        {
            'name': 'word-resolve', 'when': {'subject': r'\bresolve\b'},
            'then': {
                'weights': {'user-facing': 0.07, 'tech-debt': -0.11, 'internal': 0.04},
                'reason': 'The title says “resolve”',
            },
        },
        {
            'name': 'word-version', 'when': {'subject': r'\bversion\b'},
            'then': {
                'weights': {'user-facing': -0.11, 'tech-debt': 0.06, 'internal': 0.05},
                'reason': 'The title says “version”',
            },
        },
        {
            'name': 'fact-all-contributor-docs', 'when': {'all_files': {'kind': 'contributor-docs'}},
            'then': {
                'weights': {'user-facing': -0.08, 'tech-debt': -0.02, 'internal': 0.1},
                'reason': 'It changes only contributor-docs files',
            },
        },
        {
            'name': 'fact-only-dependencies', 'when': {'all_files': {'kind': ['manifest', 'lockfile']}},
            'then': {
                'weights': {'user-facing': 0.06, 'tech-debt': -0.1, 'internal': 0.03},
                'reason': 'Only dependency manifests and lockfiles changed',
            },
        },
        {
            'name': 'word-group', 'when': {'subject': r'\bgroup\b'},
            'then': {
                'weights': {'user-facing': 0.01, 'tech-debt': -0.1, 'internal': 0.08},
                'reason': 'The title says “group”',
            },
        },
    ],
}
