"""Dependency manifests (package.json, pyproject.toml, go.mod...): which parts of one a diff changes."""

from __future__ import annotations

import re

from pr_impact.core.taxonomy import manifest_syntax

DEPENDENCY_SCOPES = ("runtime", "peer", "dev", "build", "toolchain", "version", "other")
# The patterns below run on author-controlled patch lines. Each is anchored by `^` or starts with a
# literal, and no unbounded repeat sits next to one that can match the same character, so Python's
# backtracking engine stays linear in the line length (tests/test_regex_safety.py checks it).
# Packages that are development tools whatever section they sit in: a bump of one never reaches users.
_DEV_TOOL = re.compile(
    r'^\s*"?(@types/|@typescript-eslint/|eslint|prettier|typescript|vitest|jest|mocha|@vitest/|@playwright/|'
    r"playwright|cypress|husky|lint-staged|ruff|mypy|pytest|black|isort|flake8|pylint|coverage|pre-commit|tox|"
    r"nox|types-|golangci|@biomejs/|oxlint|tsx|ts-node|nodemon|rimraf|@changesets/)",
    re.IGNORECASE,
)
# Build-time tools a bump of which never reaches users either, but which a manifest may list among
# runtime dependencies of a build: bundlers, CSS processors, task runners (names and npm scopes).
_BUILD_TOOLS = frozenset({"postcss", "autoprefixer", "sass", "less", "stylus", "webpack", "rollup", "esbuild", "turbo",
                          "nx", "lerna", "babel", "swc", "terser", "storybook", "wait-on", "concurrently", "cross-env",
                          "vue-tsc", "node-gyp", "electron-builder", "tailwindcss"})
_BUILD_TOOL_SCOPES = ("@babel/", "@swc/", "@storybook/", "@rollup/", "@openapitools/", "@electron/", "@nx/",
                      "@tailwindcss/", "postcss-", "webpack-", "rollup-plugin-", "babel-", "eslint-")
# Section headers and keys, per manifest language; each maps to a scope in _section_scope.
_TOML_TABLE = re.compile(r"^\s*\[{1,2}([^\]]{1,80})\]{1,2}\s*$")
_TOML_KEY = re.compile(r"^\s*([A-Za-z0-9_.-]{1,60})\s*=")
_JSON_KEY = re.compile(r'^(\s*)"([^"]{1,60})"\s*:')
# `name = ">=1.2"`, `name = { version = "^4" }`, `"name": "~1.2.3"`: a dependency pin whatever the section.
_PIN_NAME = re.compile(r"""^\s*"?([@\w./-]{1,80})"?\s*[=:]""")
_VERSION_PIN = re.compile(r"""^\s*"?[@\w./-]{1,80}"?\s*[=:]\s*(\{[^}]{0,40}version\s*=\s*)?["']?[\^~<>=!*\d]""")


def _toml_table_scope(table: str) -> str:
    """The dependency scope of a TOML table name (`[project]`, `[dev-dependencies]`, `[tool.ruff]`...)."""
    t = table.strip().lower()
    if "dev" in t or "test" in t or (t.startswith(("dependency-groups", "tool.")) and "dependencies" not in t):
        return "dev"
    if "build" in t:
        return "build"
    if "dependencies" in t:
        return "runtime"
    return "other"


def _toml_key_scope(key: str, table_scope: str) -> str:
    """The scope of a changed `key = ...` line inside a table of `table_scope`."""
    k = key.lower()
    if k == "version" and table_scope == "other":
        return "version"
    if k in ("requires-python", "python", "rust-version", "edition"):
        return "toolchain"
    if k in ("dependencies", "optional-dependencies") and table_scope == "other":
        return "runtime"
    return table_scope


def _json_key_scope(key: str, depth: int, section: str) -> tuple[str, str]:
    """(scope of this line, section for the lines after it) for one `"key":` line of package.json."""
    k = key.lower()
    if depth <= 2:
        if k in ("dependencies", "optionaldependencies", "bundledependencies", "require"):
            return "runtime", "runtime"
        if k in ("peerdependencies", "peerdependenciesmeta"):
            return "peer", "peer"
        if k in ("devdependencies", "require-dev"):
            return "dev", "dev"
        if k == "engines":
            return "toolchain", "toolchain"
        if k == "version":
            return "version", "other"
        return "other", "other"
    return section, section


def _line_scope(line: str, state: dict[str, str], lang: str) -> str:
    """The scope of one manifest line, updating the running section `state` from headers and keys."""
    if lang == "toml":
        table = _TOML_TABLE.match(line)
        if table:
            state["section"] = _toml_table_scope(table[1])
            return state["section"]
        key = _TOML_KEY.match(line)
        if key:
            state["key"] = _toml_key_scope(key[1], state["section"])
            return state["key"]
        return state.get("key", state["section"])
    if lang == "json":
        key = _JSON_KEY.match(line)
        if key:
            scope, state["section"] = _json_key_scope(key[2], len(key[1].expandtabs(2)), state["section"])
            return scope
        return state["section"]
    word = line.strip().split(" ", 1)[0]
    if word in ("go", "toolchain"):
        return "toolchain"
    if word == "tool":
        return "dev"
    return "runtime" if word in ("require", "replace", "exclude", ")") or "/" in word else "other"


def dependency_scopes(path: str, patch: str | None) -> frozenset[str]:
    """Which parts of a dependency manifest changed: runtime, peer or dev dependencies, the build
    system, the toolchain, the package version, or something else. Empty for other files."""
    lang = manifest_syntax(path)
    if not patch or lang is None:
        return frozenset()
    if lang == "requirements":
        base = path.rsplit("/", 1)[-1].lower()
        return frozenset({"dev" if any(w in base for w in ("dev", "test", "doc", "lint")) else "runtime"})
    scopes: set[str] = set()
    state = {"section": "other"}
    for raw in patch.split("\n"):
        if raw.startswith("@@"):
            state = {"section": "other"}
            context = raw.split("@@", 2)[-1]
            if context.strip():
                _line_scope(context.strip(), state, lang)
            continue
        mark, line = raw[:1], raw[1:]
        scope = _line_scope(line, state, lang)
        if scope == "other" and lang != "go" and _VERSION_PIN.match(line):
            scope = "runtime"  # a pin in a hunk that shows no section: most manifests list runtime deps first
        if mark and mark in "+-" and line.strip(" \t{}[](),"):
            scopes.add("dev" if scope in ("runtime", "peer") and _DEV_TOOL.match(line) else scope)
    return frozenset(scopes)


def is_dev_tool(package: str) -> bool:
    """Whether a package (as a bump names it: `postcss`, `@types/node`) is a development or build tool,
    whose bump never reaches users."""
    name = package.strip().strip("`'\"").lower()
    return _DEV_TOOL.match(name) is not None or name in _BUILD_TOOLS or name.startswith(_BUILD_TOOL_SCOPES)


def bumps_only_tools(patch: str | None) -> bool:
    """Whether every dependency pin a manifest's diff changes names a development or build tool (a bump
    of `@openapitools/openapi-generator-cli` and `wait-on` in a repository's own package.json)."""
    changed = [line[1:] for line in (patch or "").split("\n") if line[:1] in ("+", "-")]
    names = [m[1] for line in changed if _VERSION_PIN.match(line) and (m := _PIN_NAME.match(line)) is not None]
    return bool(names) and all(is_dev_tool(name) for name in names)
