"""What kind of file a path is, across ecosystems, and whether that kind ships to users by default."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

USER_FACING, INTERNAL, UNKNOWN = "user-facing", "internal", "unknown"


class KindSpec(NamedTuple):
    """How to recognise one kind of file; matching is by plain string tests, so it is fast."""

    kind: str
    surface: str
    # Whether files of this kind ship with the product (code, UI, config, schemas, packaging), as
    # opposed to the project's machinery and its documentation. Rules test it as `ships`.
    ships: bool
    description: str
    names: frozenset[str] = frozenset()  # exact lower-case base names
    name_prefixes: tuple[str, ...] = ()  # base name starts with
    suffixes: tuple[str, ...] = ()  # lower-case base name ends with
    dirs: frozenset[str] = frozenset()  # any directory segment (lower-case)
    root_dirs: frozenset[str] = frozenset()  # the first directory segment only
    path_prefixes: tuple[str, ...] = ()  # lower-case path starts with
    # Files directly at the repository root (or a monorepo package's root) whose name ends so.
    root_suffixes: tuple[str, ...] = ()
    # An extra test on (lower path, base name, directories) that a name match must also pass.
    guard: Callable[[str, str, list[str]], bool] | None = None


def _fs(*items: str) -> frozenset[str]:
    """A frozenset literal that reads well in the table below."""
    return frozenset(items)


DOC_DIRS = frozenset({"docs", "doc", "documentation", "website", "site", "www", ".vitepress", "docs-site"})
# Top directories of monorepos whose children are packages, each with its own root (scripts/, tests/...).
PACKAGE_ROOTS = frozenset({"packages", "apps", "crates", "libs", "plugins", "modules", "services", "extensions",
                           "projects", "workspaces"})


# Database migrations: the folders frameworks keep them in (Rails, Django, Knex, Sequelize, TypeORM,
# Ecto, EF Core, goose, golang-migrate...), and Alembic's own.
MIGRATION_DIRS = ("migrations", "migration", "migrate")
# Contracts others consume: interface definitions and schemas by ending, OpenAPI / AsyncAPI specs
# by name, and the folders that hold them. The api-schema kind keeps to the common formats (the
# built-in weights were fitted with it); the heads-up on a changed contract knows the rarer ones too.
API_SPEC_PREFIXES = ("openapi", "swagger", "asyncapi")
API_SCHEMA_SUFFIXES = (".proto", ".graphql", ".graphqls", ".gql", ".avsc", ".thrift", ".smithy", ".wsdl",
                       ".schema.json")
API_SCHEMA_DIRS = frozenset({"openapi", "swagger", "proto", "protos", "schemas", "schema"})
CONTRACT_SUFFIXES = (*API_SCHEMA_SUFFIXES, ".avdl", ".raml", ".schema.yaml", ".schema.yml")
CONTRACT_DIRS = API_SCHEMA_DIRS | {"graphql", "jsonschema", "json-schema", "asyncapi"}
# Files of settings: what a runtime config file ends with, and where the heads-up looks for feature
# flags and changed defaults in data.
SETTINGS_SUFFIXES = (".yml", ".yaml", ".json", ".json5", ".jsonc", ".toml", ".ini", ".cfg", ".conf", ".properties")
# Dependency manifests whose sections core/manifests.py reads, by the syntax it reads them in (the
# TOML reader also takes setup.cfg's `[section]` / `key =` lines and pubspec.yaml's `name: ^1.2`
# pins), and pip's requirements files, by the start of their name.
MANIFEST_SYNTAX = {"package.json": "json", "composer.json": "json", "deno.json": "json", "jsr.json": "json",
                   "pyproject.toml": "toml", "cargo.toml": "toml", "pipfile": "toml", "setup.cfg": "toml",
                   "pubspec.yaml": "toml", "go.mod": "go"}
REQUIREMENTS_PREFIX = "requirements"


SOURCE_SUFFIXES = (
    ".py", ".pyi", ".pyx", ".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".go", ".rs", ".java", ".kt", ".kts",
    ".scala", ".swift", ".m", ".mm", ".c", ".h", ".cc", ".cpp", ".cxx", ".hpp", ".hh", ".cs", ".fs", ".vb",
    ".rb", ".php", ".ex", ".exs", ".erl", ".hrl", ".hs", ".clj", ".cljs", ".dart", ".lua", ".r", ".jl",
    ".sh", ".bash", ".zsh", ".fish", ".ps1", ".pl", ".pm", ".sql", ".zig", ".nim", ".ml", ".mli", ".elm",
    ".groovy", ".v", ".sol", ".wasm", ".tmpl", ".tpl", ".gotmpl",
)



def _is_release_file(lower: str, base: str, dirs: list[str]) -> bool:
    """A changelog-like name that is really release housekeeping: not code (changelog.py is a feature)
    and not a documentation page about a changelog command."""
    return not base.endswith(SOURCE_SUFFIXES) and DOC_DIRS.isdisjoint(dirs)


# Code under a documentation folder (`doc/`, `site/`, `www/`) is what the file is: a service, a pricing
# page, a web app. A folder's name must not override it. Sphinx's `conf.py` stays documentation.
_CODE_SUFFIXES = tuple(s for s in (*SOURCE_SUFFIXES, ".tsx", ".jsx", ".vue", ".svelte", ".astro")
                       if s not in (".sh", ".bash", ".zsh", ".fish", ".ps1", ".tmpl", ".tpl"))


def _not_code(lower: str, base: str, dirs: list[str]) -> bool:
    """Documentation, unless a documentation folder holds code."""
    return base == "conf.py" or ".vitepress" in dirs or not base.endswith(_CODE_SUFFIXES)


def _not_app_config(lower: str, base: str, dirs: list[str]) -> bool:
    """Build tooling, unless it is an application's runtime `app.config.*`, or a documentation page
    named after a tool's config (`tsconfig.md` documents an option users set)."""
    return not base.startswith("app.config.") and not (base.endswith(_DOC_PAGE_SUFFIXES)
                                                        and base.startswith(_TOOL_CONFIG_PREFIXES))


_DOC_PAGE_SUFFIXES = (".md", ".mdx", ".rst", ".adoc")
_TOOL_CONFIG_PREFIXES = ("tsconfig", "vite.config", "eslint", "prettier", "babel", "webpack", "rollup", "tailwind")
# Code a packaging folder may hold and still be packaging: Homebrew formulas and casks are Ruby, and
# completion scripts are shell (not in _CODE_SUFFIXES).
_PACKAGING_CODE = (".rb",)


def _packaging_fits(lower: str, base: str, dirs: list[str]) -> bool:
    """Packaging, unless a folder's name alone put application code there: `components/charts/Bar.tsx`
    is UI, not a Helm chart, and `src/completion/mod.rs` is the code of a feature, not a completion
    script."""
    return not base.endswith(_CODE_SUFFIXES) or base.endswith(_PACKAGING_CODE) or _named_packaging(base)


def _named_packaging(base: str) -> bool:
    """Whether the base name alone says packaging (a Dockerfile, an installer, a Helm values file)."""
    spec = next(k for k in KINDS if k.kind == "packaging")
    return base in spec.names or base.startswith(spec.name_prefixes) or base.endswith(spec.suffixes)


# Folders that hold translations but also, in many code bases, code by other names (`messages/` of a
# chat feature, `lang/` of a language server): there, a code file is a locale file only when it is named
# after a language (`lang/english.go`, `messages/de.ts`).
_AMBIGUOUS_LOCALE_DIRS = frozenset({"messages", "lang", "langs"})
_LANGUAGE_NAMES = frozenset({
    "english", "french", "german", "spanish", "italian", "portuguese", "russian", "chinese", "japanese", "korean",
    "dutch", "polish", "turkish", "arabic", "ukrainian", "czech", "swedish", "danish", "finnish", "norwegian",
    "hungarian", "greek", "hebrew", "hindi", "indonesian", "vietnamese", "thai", "persian", "romanian",
    "simplified_chinese", "traditional_chinese", "chinese_simplified", "chinese_traditional",
    "brazilian_portuguese"})


def _is_language_name(stem: str) -> bool:
    """`english`, `de`, `pt-BR`, `zh_CN`: a language or locale code (a two-letter stem, or one with a region)."""
    s = stem.replace("-", "_")
    head, _, region = s.partition("_")
    return (s in _LANGUAGE_NAMES or (len(head) == 2 and head.isalpha() and (not region or (
        len(region) in (2, 4) and region.isalpha()))))


def _locale_fits(lower: str, base: str, dirs: list[str]) -> bool:
    """A translation, unless only an ambiguous folder's name (`messages/`, `lang/`) says so of code
    that is not named after a language."""
    if not base.endswith(_CODE_SUFFIXES) or any(d in _UNAMBIGUOUS_LOCALE_DIRS for d in dirs):
        return True
    return _is_language_name(base.rsplit(".", 1)[0])


# Systems and back-end languages: a file of theirs under `ui/` or `views/` is the code behind a UI
# (Electron's `shell/browser/ui/*.cc`), judged as source; a UI folder decides only when the file fits it.
_BACKEND_SUFFIXES = (".c", ".cc", ".cpp", ".cxx", ".h", ".hh", ".hpp", ".hxx", ".rs", ".go", ".py", ".java",
                     ".rb", ".php", ".cs", ".ex", ".exs", ".zig", ".scala")


def _ui_fits(lower: str, base: str, dirs: list[str]) -> bool:
    """UI, unless only a folder's name says so of back-end source."""
    return not base.endswith(_BACKEND_SUFFIXES)


_UNAMBIGUOUS_LOCALE_DIRS = frozenset({"locales", "locale", "i18n", "l10n", "translations"})
# A configuration file at a (package) root named as the product's own config (`config.toml`,
# `settings.json`, `config.example.yaml`) is what users edit, not a tool's configuration.
_PRODUCT_CONFIG_PREFIXES = ("config.", "default.", "defaults.", "settings.", "example.")


# First match wins, so narrow kinds (tests, CI, generated) come before broad ones (source).
KINDS: tuple[KindSpec, ...] = (
    KindSpec("generated", INTERNAL, False, "generated or vendored files",
             suffixes=(".min.js", ".min.css", ".pb.go", "_pb2.py", "_pb2.pyi", ".pb.ts", ".g.dart", ".snap",
                       ".generated.ts", ".generated.js", ".generated.go", "_generated.go", ".map"),
             dirs=_fs("vendor", "node_modules", "third_party", "__snapshots__", "generated", "__generated__",
                      "autogenerated", "auto-generated")),
    KindSpec("ci", INTERNAL, False, "CI and automation",
             names=_fs(".gitlab-ci.yml", ".travis.yml", "azure-pipelines.yml", "jenkinsfile", ".drone.yml",
                       "appveyor.yml", "renovate.json", "renovate.json5", ".renovaterc", ".renovaterc.json",
                       "codecov.yml", ".codecov.yml", ".mergify.yml", "bitbucket-pipelines.yml", "cloudbuild.yaml",
                       ".coderabbit.yaml", "netlify.toml", "vercel.json"),
             root_dirs=_fs(".circleci", ".buildkite", ".gitlab", ".azure-pipelines", ".woodpecker", "dagger", ".tekton",
                           ".teamcity"),
             path_prefixes=(".github/workflows/", ".github/actions/", ".github/dependabot.y", ".github/renovate",
                            ".github/labeler", ".github/release", ".github/stale", ".github/codeql", ".github/ci")),
    KindSpec("test", INTERNAL, False, "tests, fixtures and benchmarks",
             names=_fs("conftest.py", "pytest.ini", "noxfile.py", "tox.ini", ".coveragerc", "codecov.yml",
                       "karma.conf.js", ".mocharc.yml", ".mocharc.json", "phpunit.xml", "phpunit.xml.dist"),
             name_prefixes=("test_", "jest.config", "vitest.config", "vitest.workspace", "playwright.config",
                            "cypress.config", "jest.setup", "vitest.setup"),
             suffixes=("_test.go", "_test.py", "_tests.py", ".test.js", ".test.ts", ".test.tsx", ".test.jsx",
                       ".test.mjs", ".test.cjs", ".spec.js", ".spec.ts", ".spec.tsx", ".spec.jsx", ".spec.mjs",
                       "test.java", "tests.java", "test.kt", "tests.kt", "tests.swift", "test.swift", "_spec.rb",
                       "_test.rb", "tests.cs", "test.cs", "_test.exs", "_test.dart", "_test.rs", "_test.c",
                       "_test.cc", "_test.cpp", ".bench.ts", "_bench_test.go", ".test-d.ts", "_mock.go", "_mocks.go",
                       ".mock.ts", ".mock.js", "_mock.py", ".bench.js", "_bench.rs"),
             dirs=_fs("test", "tests", "__tests__", "testdata", "test-data", "test_data", "fixtures", "__fixtures__",
                      "__mocks__", "e2e", "testing", "testutil", "testutils", "test-utils", "test_utils",
                      "integration-tests", "integration_tests", "spec", "specs", "cypress", "benchmarks",
                      "benchmark", "bench", "androidtest", "uitests", "unittests", "golden", "goldens", "mocks",
                      "integration_test")),  # Flutter's integration tests
    KindSpec("contributor-docs", INTERNAL, False, "docs for contributors and maintainers",
             names=_fs("contributing.md", "contributing.rst", "code_of_conduct.md", "development.md",
                       "maintainers.md", "maintaining.md", "governance.md", "agents.md", "claude.md",
                       "codeowners", "pull_request_template.md", "hacking.md", "release.md", "releasing.md",
                       "authors", "authors.md", "contributors.md", "funding.yml", ".all-contributorsrc",
                       "copilot-instructions.md", "support.md",
                       # Building from source, the project's community (users, adopters, sponsors) and
                       # instructions for coding agents: for the people around the project, not users.
                       "building.md", "developing.md", "architecture.md", "users.md", "adopters.md",
                       "backers.md", "sponsors.md", "skill.md"),
             root_dirs=_fs(".github", ".gitea", ".cursor", ".claude", ".agents"),
             dirs=_fs("rfcs", "adr", "adrs", "proposals", "design-docs", "contributing", "contribution-guide",
                      "contributor-guide", "internal-docs", "internal_docs", "dev-docs", "dev_docs"),
             path_prefixes=("docs/contributing", "docs/development", "docs/internals", "docs/internal/", "docs/dev/",
                            "docs/maintainers", "doc/contributing", "doc/development")),
    KindSpec("release", INTERNAL, False, "changelogs and release housekeeping",
             names=_fs(".release-please-manifest.json", "release-please-config.json", "version", "version.txt"),
             name_prefixes=("changelog", "changes.", "history.", "news.", "release-notes", "release_notes",
                            "releasenotes"),
             root_dirs=_fs(".changeset", ".changes", "changelog.d", "changes", "newsfragments", "changelogs"),
             guard=_is_release_file),
    KindSpec("lockfile", INTERNAL, False, "dependency lockfiles",
             names=_fs("package-lock.json", "yarn.lock", "pnpm-lock.yaml", "poetry.lock", "uv.lock", "cargo.lock",
                       "go.sum", "gemfile.lock", "composer.lock", "pipfile.lock", "bun.lockb", "bun.lock",
                       "pdm.lock", "podfile.lock", "pubspec.lock", "mix.lock", "flake.lock", "npm-shrinkwrap.json",
                       "packages.lock.json", "gradle.lockfile", "package.resolved", "deno.lock", "go.work.sum"),
             suffixes=(".lock", ".lockfile")),
    KindSpec("manifest", INTERNAL, True, "dependency manifests and package metadata",
             names=_fs(*MANIFEST_SYNTAX, "setup.py", "go.work", "gemfile", "pom.xml", "build.gradle",
                       "build.gradle.kts", "settings.gradle", "settings.gradle.kts", "podfile", "package.swift",
                       "mix.exs", "environment.yml", "manifest.in", "libs.versions.toml",
                       "directory.packages.props", "gradle.properties"),
             name_prefixes=(REQUIREMENTS_PREFIX,),
             suffixes=(".gemspec", ".csproj", ".fsproj", ".vbproj", ".nuspec", ".cabal", ".podspec")),
    KindSpec("build", INTERNAL, False, "build tooling, scripts and editor/linter settings",
             names=_fs("makefile", "gnumakefile", "justfile", "taskfile.yml", "taskfile.yaml", "cmakelists.txt",
                       ".dockerignore", ".editorconfig", ".gitignore", ".gitattributes", ".gitmodules", ".mailmap",
                       ".pre-commit-config.yaml", ".golangci.yml", ".golangci.yaml",
                       "ruff.toml", ".ruff.toml", "mypy.ini", ".flake8", ".pylintrc", ".isort.cfg", ".npmrc",
                       ".nvmrc", ".node-version", ".python-version", ".tool-versions", ".yarnrc", ".yarnrc.yml",
                       "lerna.json", "nx.json", "turbo.json", "pnpm-workspace.yaml", ".goreleaser.yml",
                       ".goreleaser.yaml", ".babelrc", ".browserslistrc", ".prettierignore", ".eslintignore",
                       "biome.json", "biome.jsonc", "dprint.json", ".cspell.json", "cspell.json", ".typos.toml",
                       "_typos.toml", "typos.toml", "rust-toolchain", "rust-toolchain.toml", "rustfmt.toml",
                       ".rustfmt.toml", "clippy.toml", "deny.toml", ".clang-format", ".clang-tidy", "gradlew",
                       "gradlew.bat", "mvnw", "mvnw.cmd", ".envrc", "flake.nix", "shell.nix", "default.nix",
                       "tsconfig.json", ".knip.json", "knip.json", ".markdownlint.json", ".markdownlint.yaml",
                       ".markdownlintignore", ".yamllint", ".yamllint.yml", ".shellcheckrc", ".lintstagedrc",
                       "commitlint.config.js", ".commitlintrc", ".czrc", ".cz.toml", ".oxlintrc.json",
                       ".oxfmtrc.json", ".prettierrc", "sonar-project.properties", ".vale.ini", "license",
                       "license.md", "license.txt", "copying", "notice", "security.md", ".gitpod.yml", "procfile",
                       # Tools' ignore files: what a watcher, packager or search tool skips.
                       ".taurignore", ".npmignore", ".vscodeignore", ".helmignore", ".gcloudignore", ".vercelignore",
                       ".easignore", ".slugignore", ".ignore", ".rgignore", ".fdignore", ".cursorignore",
                       ".stylelintignore", ".codespellignore", ".lycheeignore", ".trivyignore", ".nycrc"),
             name_prefixes=("docker-compose", "compose.y", "tsconfig.", "tsconfig-", ".eslintrc",
                            "eslint.config", ".prettierrc", "prettier.config", ".stylelintrc", "stylelint.config",
                            "rollup.config", "webpack.config", "babel.config", "tsup.config", "tsdown.config",
                            "rolldown.config", "esbuild.config", "build.config", "unbuild.config", ".markdownlint",
                            ".swiftlint", "vite.config", "tailwind.config", "postcss.config", "svelte.config",
                            "astro.config", "nuxt.config", "next.config", "metro.config", ".releaserc",
                            "release.config"),
             # `<tool>.config.ts` configures a build tool, except an app's own `app.config.ts` (runtime).
             suffixes=(".mk", ".cmake", ".bazel", ".bzl", ".nix", ".config.ts", ".config.js", ".config.mjs",
                       ".config.cjs", ".config.mts", ".config.cts"),
             dirs=_fs(".devcontainer", ".vscode", ".idea", ".husky", ".yarn", ".cargo", "gradle", ".mvn"),
             root_dirs=_fs("scripts", "script", "tools", "tooling", "hack", "build", "ci", "infra-dev", "dev",
                           "devtools", ".config", "buildscripts", "build-tools"),
             guard=_not_app_config),
    # How users receive the product: images, hook and action definitions, OS packages. A change here may
    # or may not reach users, so the kind decides nothing on its own and the words must.
    KindSpec("packaging", UNKNOWN, True, "packaging users install (images, hooks, actions, OS packages)",
             names=_fs(".pre-commit-hooks.yaml", "action.yml", "action.yaml", "snapcraft.yaml", "containerfile",
                       "chart.yaml", "values.yaml", "manifest.json", "plugin.xml", "info.plist",
                       "androidmanifest.xml"),
             name_prefixes=("dockerfile", "containerfile."),
             # What ships besides code: installers, desktop entries and app manifests, bundled native
             # libraries, an image's Dockerfile by another name, man pages.
             suffixes=(".spec", ".nuspec", ".rb.tmpl", ".nsi", ".nsh", ".wxs", ".iss", ".desktop", ".appdata.xml",
                       ".metainfo.xml", ".appxmanifest", "manifest.xml", ".entitlements", ".dockerfile", ".dll",
                       ".so", ".dylib", ".msi", ".1", ".5", ".8"),
             dirs=_fs("packaging", "debian", "snap", "helm", "charts", "homebrew", "formula", "casks", "flatpak",
                      "rpm", "deb", "completions", "shell-completions"),
             guard=_packaging_fits),
    # Examples are code users copy (READERS.md: user-facing when users follow them), so a change to one
    # may reach users: undecided, like packaging, and held to the internal lead like user docs.
    KindSpec("example", UNKNOWN, False, "examples, playgrounds and demos",
             dirs=_fs("examples", "example", "playground", "playgrounds", "demo", "demos", "samples", "sample",
                      "sandbox", "storybook", ".storybook", "stories"),
             suffixes=(".stories.tsx", ".stories.ts", ".stories.js", ".stories.jsx", ".stories.mdx")),
    KindSpec("docs", USER_FACING, False, "documentation for users",
             names=_fs("mkdocs.yml", "mkdocs.yaml", ".readthedocs.yml", ".readthedocs.yaml", "conf.py"),
             name_prefixes=("readme",),
             suffixes=(".md", ".mdx", ".rst", ".adoc", ".asciidoc", ".txt", ".markdown"),
             dirs=_fs("docs", "doc", "documentation", "website", "site", "man", ".vitepress", "docs-site",
                      "guide", "guides", "www", "mkdocs", "docusaurus", "_posts", "blog"),
             guard=_not_code),
    KindSpec("migration", USER_FACING, True, "database migrations",
             dirs=_fs(*MIGRATION_DIRS, "alembic", "flyway", "liquibase", "db_migrations")),
    KindSpec("api-schema", USER_FACING, True, "public API and schema definitions",
             name_prefixes=API_SPEC_PREFIXES, suffixes=(*API_SCHEMA_SUFFIXES, ".d.ts"), dirs=API_SCHEMA_DIRS),
    KindSpec("locale", USER_FACING, True, "translations and user-visible strings",
             names=_fs("strings.xml", "localizable.strings", "messages.json"),
             suffixes=(".po", ".pot", ".mo", ".xliff", ".xlf", ".strings", ".stringsdict", ".arb", ".resx",
                       ".ftl", ".xcstrings"),
             dirs=_fs("locales", "locale", "i18n", "l10n", "lang", "langs", "translations", "messages"),
             guard=_locale_fits),
    KindSpec("ui", USER_FACING, True, "UI: components, styles, templates and assets",
             suffixes=(".css", ".scss", ".sass", ".less", ".styl", ".pcss", ".vue", ".svelte", ".jsx", ".tsx",
                       ".html", ".htm", ".jinja", ".jinja2", ".j2", ".hbs", ".handlebars", ".mustache", ".erb",
                       ".ejs", ".pug", ".twig", ".liquid", ".xib", ".storyboard", ".xaml", ".astro", ".razor",
                       ".cshtml", ".heex", ".leex", ".slim", ".haml", ".svg", ".png", ".jpg", ".jpeg", ".gif",
                       ".webp", ".ico", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp3", ".mp4", ".wav",
                       ".lottie", ".riv"),
             dirs=_fs("components", "templates", "views", "layouts", "pages", "screens", "widgets", "styles",
                      "themes", "static", "public", "assets", "res", "ui"),
             guard=_ui_fits),
    KindSpec("source", USER_FACING, True, "source code that ships", suffixes=SOURCE_SUFFIXES),
    KindSpec("config", USER_FACING, True, "runtime configuration and data files",
             suffixes=(*SETTINGS_SUFFIXES, ".xml", ".env", ".plist", ".csv", ".tsv", ".hcl", ".tf", ".tfvars",
                       ".cue", ".rego", ".nix")),
)
CONFIG = KINDS[-1]
ROOT_TOOL_CONFIG = KindSpec("build", INTERNAL, False, "tool configuration at the repository root")
OTHER = KindSpec("other", UNKNOWN, False, "files of no known kind")
KIND_NAMES: tuple[str, ...] = (*(spec.kind for spec in KINDS), OTHER.kind)
BY_NAME = {spec.kind: spec for spec in (*KINDS, OTHER)}
SHIPPED_KINDS = frozenset(spec.kind for spec in KINDS if spec.ships)
# Known kinds that never ship (`other` is not among them: an unknown file may well ship).
UNSHIPPED_KINDS = frozenset(spec.kind for spec in KINDS if not spec.ships)
# The project's own machinery: kinds that neither ship nor face users (user docs and examples may).
MACHINERY_KINDS = frozenset(spec.kind for spec in KINDS if not spec.ships and spec.surface == INTERNAL)


def machinery_only(kinds: Iterable[str]) -> bool:
    """Whether a PR with files of these kinds changes only the project's machinery (tests, CI,
    tooling, contributor docs...): nothing users run, see or read. A PR with no files is not."""
    seen = False
    for kind in kinds:
        if kind not in MACHINERY_KINDS:
            return False
        seen = True
    return seen


def _matches(spec: KindSpec, lower: str, base: str, dirs: list[str], local: list[str]) -> bool:
    """Whether one lower-cased path (split into base name, directories, and directories below its
    package root) is of this kind."""
    found = (
        base in spec.names
        or base.startswith(spec.name_prefixes)
        or base.endswith(spec.suffixes)
        or (bool(dirs) and dirs[0] in spec.root_dirs)
        or (bool(local) and local[0] in spec.root_dirs)
        or lower.startswith(spec.path_prefixes)
        or not spec.dirs.isdisjoint(dirs)
    )
    return found and (spec.guard is None or spec.guard(lower, base, dirs))


def package_dirs(dirs: list[str]) -> list[str]:
    """The directories below a monorepo package's root (`packages/x/scripts` -> `scripts`), else all."""
    return dirs[2:] if len(dirs) >= 2 and dirs[0] in PACKAGE_ROOTS else dirs


def _index() -> tuple[dict[str, list[int]], dict[str, list[tuple[str, int]]], dict[str, list[int]],
                      dict[str, list[int]], tuple[str, ...]]:
    """Where each kind's name, suffix and directory tests can succeed, so a path is tested only
    against the few kinds it could be: names, suffixes by extension, directories, root directories,
    and every prefix (those kinds are few and are always tested in full)."""
    names: dict[str, list[int]] = {}
    suffixes: dict[str, list[tuple[str, int]]] = {}
    dirs: dict[str, list[int]] = {}
    roots: dict[str, list[int]] = {}
    for i, spec in enumerate(KINDS):
        for name in spec.names:
            names.setdefault(name, []).append(i)
        for suffix in spec.suffixes:
            # A base name ending with the suffix has the suffix's last dot as its own last dot.
            assert "." in suffix, f"suffix {suffix!r} of {spec.kind} has no dot to index it by"
            suffixes.setdefault(suffix[suffix.rindex("."):], []).append((suffix, i))
        for d in spec.dirs:
            dirs.setdefault(d, []).append(i)
        for d in spec.root_dirs:
            roots.setdefault(d, []).append(i)
    prefixes = tuple(p for spec in KINDS for p in (*spec.name_prefixes, *spec.path_prefixes))
    return names, suffixes, dirs, roots, prefixes


_BY_NAME, _BY_EXTENSION, _BY_DIR, _BY_ROOT, _PREFIXES = _index()
_WITH_PREFIXES = tuple(i for i, spec in enumerate(KINDS) if spec.name_prefixes or spec.path_prefixes)


def _candidates(lower: str, base: str, dirs: list[str], local: list[str]) -> list[int]:
    """The kinds (indices into KINDS, in order) whose tests could accept this path: every kind that
    does is among them, so testing only these in order finds the same first match."""
    found = list(_BY_NAME.get(base, ()))
    dot = base.rfind(".")
    if dot >= 0:
        found += [i for suffix, i in _BY_EXTENSION.get(base[dot:], ()) if base.endswith(suffix)]
    for d in dirs:
        found += _BY_DIR.get(d, ())
    if dirs:
        found += _BY_ROOT.get(dirs[0], ())
    if local:
        found += _BY_ROOT.get(local[0], ())
    if base.startswith(_PREFIXES) or lower.startswith(_PREFIXES):
        found += _WITH_PREFIXES
    return sorted(set(found))


def classify_path(path: str) -> KindSpec:
    """The kind of a path: the first kind in KINDS that recognises it, else `other`."""
    lower = path.lower()
    parts = lower.split("/")
    base, dirs = parts[-1], parts[:-1]
    local = package_dirs(dirs)
    for i in _candidates(lower, base, dirs, local):
        spec = KINDS[i]
        if _matches(spec, lower, base, dirs, local):
            # A data/config file at a (package) root that no narrower kind claimed configures a tool
            # (a link checker, a spell checker, a formatter): what ships reads its config from elsewhere.
            if spec is CONFIG and not local and not base.startswith(_PRODUCT_CONFIG_PREFIXES):
                return ROOT_TOOL_CONFIG
            return spec
    return OTHER


def is_migrations_dir(name: str) -> bool:
    """Whether a (lower-case) folder name says it holds migrations: `migrations`, `migration` or
    `migrate`, alone or after a prefix (`db_migrations`, `record-migrations`), or `alembic`. The
    heads-up takes numbered and timestamped files in such folders for migrations (the migration kind
    takes every file in a folder named exactly so, or for Flyway or Liquibase)."""
    return name == "alembic" or name in MIGRATION_DIRS or name.endswith(_PREFIXED_MIGRATION_DIRS)


_PREFIXED_MIGRATION_DIRS = tuple(sep + d for d in MIGRATION_DIRS for sep in "_-")


def manifest_syntax(path: str) -> str | None:
    """How a dependency manifest's sections are written ("json", "toml", "go"), "requirements" for
    pip's requirements files, or None for a file whose dependencies are not read."""
    base = path.rsplit("/", 1)[-1].lower()
    return "requirements" if base.startswith(REQUIREMENTS_PREFIX) else MANIFEST_SYNTAX.get(base)
