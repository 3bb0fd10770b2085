"""A title as a PM reads it: no prefix, ticket or backport note, code marked as code, and whether it is mostly code."""

from __future__ import annotations

import re
from typing import NamedTuple

from pr_impact.core import text as text_mod

# Conventional scopes that name the project's machinery, not a part of the product users know.
MACHINERY_SCOPES = frozenset({"deps", "dep", "deps-dev", "dev-deps", "ci", "build", "test", "tests", "release",
                              "chore", "lint", "docs", "internal", "workflow", "workflows", "github", "tooling"})
# Ids that look like ticket keys but are not (standards, advisories, encodings).
_NOT_TICKETS = frozenset({"CVE", "GHSA", "CWE", "UTF", "ISO", "RFC", "SHA", "TLS", "SSL", "HTTP", "ES", "MD", "X"})
# Linear-time on hostile titles: bounded repeats, literal-led alternatives.
_TICKET = re.compile(r"\s{0,3}[\[(]([A-Z][A-Z0-9]{1,9})-\d{1,7}[\])]\s{0,3}"
                     r"|^([A-Z][A-Z0-9]{1,9})-\d{1,7}\b:?\s{0,3}|\s{1,3}-?\s{0,3}([A-Z][A-Z0-9]{1,9})-\d{1,7}$")
_BACKPORT = re.compile(r"\s{0,3}\((?:cherry[- ]?pick(?:ed)?|backport(?:ed)?"
                       r"|(?:fix(?:es)?|close[sd]?|resolve[sd]?|refs?)\s{1,3}#\d{1,7})\b[^()\n]{0,80}\)", re.I)
# Names written with inner capitals that are products or platforms, not code.
_BRANDS = frozenset({"macos", "ios", "ipados", "watchos", "tvos", "visionos", "iphone", "ipad", "github", "gitlab",
                     "javascript", "typescript", "websocket", "websockets", "oauth", "postgresql", "mysql", "sqlite",
                     "mongodb", "graphql", "youtube", "paypal", "latex", "webassembly", "webgl", "webgpu", "webview",
                     "devtools", "vscode", "openai", "chatgpt", "linkedin", "nodejs", "npm", "pnpm", "openapi",
                     "appflowy", "hoppscotch", "bubbletea", "goreleaser", "fastapi", "pydantic", "sqlalchemy",
                     "webkit", "webrtc", "bitbucket", "dockerhub", "onedrive", "icloud", "airpods", "ebook", "mcp"})
_CODE_SPAN = re.compile(r"`[^`\n]{1,120}`")
_TOKEN = re.compile(r"[^\s`]{1,200}")
# A word written as code: snake_case, camelCase, a call, a path or member access, a flag, a file name.
_CODE_TOKEN = re.compile(
    r"^[\W]{0,2}(?:\w{1,80}_\w{1,80}|[a-z]{1,40}[A-Z]\w{0,80}|[A-Z][a-z0-9]{1,40}[A-Z]\w{0,80}|\w{1,80}\(\)"
    r"|[\w$]{1,80}(?:\.|::|->)[\w$]{1,80}\S{0,80}|--?[a-z][\w-]{1,40}|[\w-]{1,80}\.(?:py|ts|tsx|js|jsx|go|rs|rb|java"
    r"|kt|swift|c|cc|cpp|h|hpp|vue|svelte|json|ya?ml|toml|md|sh|lua|dart|cs|php|sql))[\W]{0,2}$")
_NUMBER_DOTTED = re.compile(r"^\W{0,2}v?\d{1,6}(?:\.\d{1,6}){1,3}\W{0,2}$")
# Words only engineers use: a title made of them says nothing a PM can act on.
JARGON = frozenset({
    "impl", "accessor", "accessors", "iterator", "iterators", "struct", "structs", "enum", "enums", "trait", "traits",
    "mutex", "mutexes", "refactor", "refactors", "helper", "helpers", "util", "utils", "typedef", "generics",
    "closure", "closures", "callback", "callbacks", "getter", "getters", "setter", "setters", "ptr", "nil", "null",
    "async", "await", "thunk", "reducer", "reducers", "props", "prop", "ref", "refs", "regex", "parser", "lexer",
    "ast", "codegen", "lowering", "hoist", "hoisting", "inline", "inlined", "memoize", "refcount", "arena", "vtable",
    "lifetime", "lifetimes", "borrow", "serde", "deserialize", "serialize", "payload", "middleware", "handler",
    "handlers", "dispatcher", "singleton", "factory", "alias", "aliases", "interns", "intern", "hashing", "lock-free",
    "chunk", "chunks", "runtime", "module", "modules", "namespace", "mixin", "decorator", "decorators", "hook",
    "hooks", "typings", "types", "type", "snapshot", "snapshots", "mock", "mocks", "stub", "stubs", "deps", "ci",
})
_VERBS = frozenset({
    "add", "adds", "added", "allow", "allows", "support", "supports", "fix", "fixes", "fixed", "handle", "handles",
    "prevent", "prevents", "avoid", "avoids", "make", "makes", "show", "shows", "hide", "hides", "use", "uses",
    "update", "updates", "improve", "improves", "remove", "removes", "rename", "renames", "correct", "corrects",
    "ensure", "ensures", "respect", "respects", "honor", "honour", "return", "returns", "set", "sets", "stop",
    "stops", "skip", "skips", "restore", "restores", "display", "displays", "enable", "enables", "disable",
    "disables", "move", "moves", "replace", "replaces", "change", "changes", "keep", "keeps", "introduce",
    "implement", "create", "creates", "expose", "exposes", "provide", "let", "accept", "accepts", "warn", "warns",
    "preserve", "preserves", "resolve", "resolves", "drop", "drops", "deprecate", "bump", "upgrade", "reduce",
    "speed", "optimize", "optimise", "cache", "refactor", "clean", "simplify", "extract", "revert", "reword",
    "document", "clarify", "redesign", "rework", "open", "close", "load", "save", "sort", "filter", "limit",
    "validate", "check", "require", "render", "print", "log", "report", "retry", "run", "build", "generate",
    "include", "exclude", "ignore", "default", "treat", "apply", "send", "read", "write", "parse", "format",
    "prefer", "prefers", "switch", "migrate", "convert", "call", "pass", "emit", "export", "import",
    "don't", "dont", "do", "never", "always", "properly", "correctly", "no", "only",
})
_STOP = frozenset({"a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "with", "from", "by", "at", "as",
                   "is", "be", "it", "its", "this", "that", "into", "when", "if", "not", "no", "via", "all", "over",
                   "instead", "than", "only", "also", "back", "more", "less"})


class TitleWords(NamedTuple):
    """A cleaned title: `text` with code in backticks, whether it is mostly code, and whether it starts with a verb."""

    text: str
    mostly_code: bool
    starts_with_verb: bool


def _strip_tickets(title: str) -> str:
    def keep_if_not_ticket(m: re.Match[str]) -> str:
        key = m[1] or m[2] or m[3]
        return m[0] if key in _NOT_TICKETS else " "

    return " ".join(_TICKET.sub(keep_if_not_ticket, title).split())


def _mark_code(title: str) -> tuple[str, int, int, int]:
    """The title with code-like words in backticks, and its counts of code, jargon and plain words."""
    counts = {"code": 0, "jargon": 0, "plain": 0}

    def word(m: re.Match[str]) -> str:
        token = m[0]
        bare = token.strip("([{\"',.:;!?)]}")
        if _CODE_TOKEN.match(token) and not _NUMBER_DOTTED.match(token) and bare.lower() not in _BRANDS:
            counts["code"] += 1
            core = token.lstrip("([{\"'").rstrip("\"',.:;!?")
            while core[-1:] in ")]}" and core.count(core[-1]) > core.count({")": "(", "]": "[", "}": "{"}[core[-1]]):
                core = core[:-1]  # a closing bracket of the sentence, not of the code
            at = token.find(core)
            return f"{token[:at]}`{core}`{token[at + len(core):]}"
        low = token.lower().strip(".,:;!?()[]\"'")
        if low in JARGON:
            counts["jargon"] += 1
        elif low and low not in _STOP and any(c.isalpha() for c in low):
            counts["plain"] += 1
        return token

    parts = _CODE_SPAN.split(title)
    spans = _CODE_SPAN.findall(title)
    counts["code"] += len(spans)
    out = [_TOKEN.sub(word, part) + (spans[i] if i < len(spans) else "") for i, part in enumerate(parts)]
    return "".join(out).strip(), counts["code"], counts["jargon"], counts["plain"]


def cleaned(title: str) -> TitleWords:
    """The title a PM reads: without conventional prefix, gitmoji, ticket keys, backport notes or PR
    number, code marked as code; `mostly_code` when its engineering words outnumber its plain ones."""
    text = _BACKPORT.sub("", _strip_tickets(text_mod.clean_title(title))).strip(" -:")
    if not text:
        return TitleWords("", False, False)
    marked, code, jargon, plain = _mark_code(text)
    verb = text.split(None, 1)[0].lower().strip(".,:;!?") if text.split() else ""
    # The first word is often the verb ("Use X instead of Y"): it says what was done, not what for.
    content = plain - (verb in _VERBS)
    mostly = code + jargon > 0 and content <= code + jargon - 1
    return TitleWords(marked[:1].upper() + marked[1:], mostly, verb in _VERBS)


def original_scope(title: str) -> str:
    """The conventional scope as the author wrote it ('macOS' in 'fix(macOS): …'), or ''."""
    m = re.match(r"^\s{0,3}[A-Za-z]{2,12}\(([^()\n]{1,60})\)!?:", title)
    return m[1].strip() if m else ""


def product_scope(scope: str) -> str:
    """A conventional scope that names a part of the product, or '' for machinery scopes (`deps`, `ci`)."""
    return "" if scope.lower() in MACHINERY_SCOPES else scope
