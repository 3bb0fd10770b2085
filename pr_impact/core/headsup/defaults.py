"""Changed default values in a diff: a removed and an added line of one change that set the same default differently."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from pr_impact.core.lazy_re import LazyPattern
from pr_impact.core.taxonomy import SETTINGS_SUFFIXES

# A value as a default is written: a quoted string, a number (with a unit or a multiplier such as
# `30 * time.Second`), a constant or enum member, a short call (`Duration::from_secs(30)`), `{5}` in
# JSX, a short list. Every repeat is bounded, so matching stays linear on hostile lines.
_VALUE = (r"""("[^"\n]{0,60}"|'[^'\n]{0,60}'|`[^`\n]{0,60}`|-?\d[\w.]{0,30}(?:[ \t]{0,2}\*[ \t]{0,2}[\w.]{1,30})?"""
          r"""|[A-Za-z_][\w.:]{0,60}(?:\([^()\n]{0,30}\))?|\{[^{}\n]{1,30}\}|\[[^\[\]\n]{0,30}\])""")
# What may follow an unquoted value: the end of the statement, of the argument or of the line.
_END = LazyPattern(r"""(?=[ \t]{0,20}(?:[,;)\]}>]|$|//|#|--))""")
# A call with one literal argument, as in `Duration::from_secs(30)`.
_LITERAL_ARGUMENT = LazyPattern(r"""\(\s{0,3}(?:-?\d[\w.]{0,30}|"[^"]{0,40}"|'[^']{0,40}')\s{0,3}\)""")
_CAMEL = LazyPattern(r"(?<=[a-z0-9])(?=[A-Z])")
_WORD_BREAK = LazyPattern(r"[\s_.$-]+")
# `default: 5`, `default="x"`, `default:"400"` (a Go struct tag), `"default": 5`, `default_value_t = 5`,
# `defaultValue={5}`, `.default(5)`, `[DefaultValue(5)]`.
_KEYWORD = LazyPattern(r"""(?<![\w$.])["']?(?:default(?:_?value)?(?:_t)?)["']?[ \t]{0,3}(?:=>|[:=](?!=))[ \t]{0,3}"""
                      + _VALUE + "|" + r"""(?:\.default|\bDefaultValue)\([ \t]{0,3}""" + _VALUE + r"""[ \t]{0,3}\)""",
                      re.IGNORECASE)
# An identifier that names a default (DEFAULT_TIMEOUT, defaultPageSize, page_size_default) given a
# value, with an optional type: `pub const DEFAULT_X: u32 = 5`, `DefaultTimeout = 30 * time.Second`.
_NAMED = LazyPattern(r"""^[ \t]{0,40}(?:(?:export|pub|const|let|var|static|final|readonly|private|public|protected"""
                    r"""|val|def)[ \t]{1,5}){0,3}["']?([A-Za-z_$][\w$]{0,60})["']?"""
                    r"""(?:[ \t]{0,3}:[ \t]{0,3}[\w.<>\[\]*&]{1,40})?"""
                    r"""[ \t]{0,3}(?::=|=(?![=>])|:(?!:))[ \t]{0,3}""" + _VALUE)
# An entry of a settings file: `KEY=value`, `key: value`, `key = value`, `"key": value`.
_ENTRY = LazyPattern(r"""^[ \t]{0,40}(?:export[ \t]{1,5})?["']?([A-Za-z_][\w.-]{0,60})["']?[ \t]{0,3}[:=][ \t]{0,3}"""
                    + _VALUE)
# An upper-case constant in a settings module: `PAGE_SIZE = 50`, `export const PAGE_SIZE = 50`.
_CONSTANT = LazyPattern(r"""^[ \t]{0,8}(?:export[ \t]{1,5})?(?:(?:pub|const|static|final|readonly)[ \t]{1,5}){0,3}"""
                       r"""([A-Z][A-Z0-9_]{1,60})(?:[ \t]{0,3}:[ \t]{0,3}[\w.<>\[\]]{1,40})?"""
                       r"""[ \t]{0,3}=(?!=)[ \t]{0,3}"""
                       + _VALUE)
# A function signature: `def fetch(url, timeout=30):`, `function list(limit = 50) {`, `fun f(x: Int = 1)`.
_SIGNATURE = LazyPattern(r"""^[ \t]{0,40}(?:export[ \t]{1,5})?(?:async[ \t]{1,5})?(?:def|function|fun)[ \t]{1,5}"""
                        r"""([A-Za-z_$][\w$]{0,60})[ \t]{0,3}\(""")
_PARAM = LazyPattern(r"""(?:^|(?<=[(,]))[ \t]{0,20}\**([A-Za-z_$][\w$]{0,60})"""
                     r"""(?:[ \t]{0,3}:[ \t]{0,3}[^=,()\n]{1,40})?[ \t]{0,3}=(?!=)[ \t]{0,3}""" + _VALUE)
# `- name: limit` in a YAML list of parameters or options.
_NAME_ITEM = LazyPattern(r"""^([ \t]{0,40})-[ \t]{1,3}name:[ \t]{0,3}["']?([\w.-]{1,60})["']?[ \t]{0,3}$""")
# A line that only holds a key and opens a block: the owner of a `default:` line below it.
_OWNER = LazyPattern(r"""^([ \t]{0,40})(?:-[ \t]{1,3})?["']?([A-Za-z_$][\w$.-]{0,60})["']?"""
                    r"""[ \t]{0,3}(?:[:=][ \t]{0,3}(?:\{|\(|$)|\(|\{)""")
_LEADING_NAME = LazyPattern(r"""^[ \t]{0,40}(?:(?:pub(?:\(crate\))?|export|const|let|var|static|final|readonly"""
                           r"""|private|public|protected)[ \t]{1,5}){0,3}["']?([A-Za-z_$][\w$-]{0,60})["']?"""
                           r"""(?=[ \t]{0,3}[:=]|[ \t]{1,5}[A-Za-z*\[])""")
_OPTION = LazyPattern(r"""["'](--?[A-Za-z][\w-]{0,60})["']|\blong[ \t]{0,3}=[ \t]{0,3}["']([A-Za-z][\w-]{0,60})["']""")
_STRUCTURAL = frozenset({"schema", "properties", "items", "type", "content", "additionalproperties", "oneof", "anyof",
                         "allof", "in", "parameters", "responses", "application/json", "value", "spec"})
# A default of how something looks (a CSS class list, a style) is design, not behaviour users rely on.
_PRESENTATION = frozenset({"class", "classname", "classes", "style", "styles", "css"})
_LOOKBACK = 40  # lines before a change searched for the key a `default:` line belongs to
_KEYWORD_NAMES = frozenset({"default", "defaultvalue", "default_value"})  # the keyword itself, not a name
_COMMENT = ("//", "#", "*", "/*", "<!--", "--", ";")
_NOT_VALUES = frozenset({"break", "return", "continue", "throw", "case", "fallthrough", "goto", "yield", "pass",
                         "new", "await", "function", "lambda", "if", "else", "not", "this", "self",
                         "number", "string", "boolean", "bool", "int", "float", "str", "any", "unknown", "object"})
_VERSION = LazyPattern(r"""^["'^~v=<>]{0,3}\d{1,5}\.\d{1,5}(?:\.\d{1,5})?""")
_DATA_SUFFIXES = (".env", ".example", ".sample", ".dist", ".template", ".defaults", *SETTINGS_SUFFIXES)
_SETTINGS_STEMS = frozenset({"settings", "config", "configuration", "defaults", "default", "application",
                             "appsettings", "values", "preferences", "constants", "options"})
# Keys of a settings file that describe a setting rather than set it.
_NOT_SETTINGS = frozenset({"version", "description", "title", "name", "label", "help", "summary", "$schema", "$id",
                           "id", "identifier", "comment", "examples", "example"})
# A typed field with a literal default: `group_path: bool = False` (dataclass, pydantic, TS class, Kotlin).
_FIELD = LazyPattern(r"""^[ \t]{1,40}(?:(?:val|var|public|private|protected|readonly|static)[ \t]{1,5}){0,3}"""
                    r"""([A-Za-z_][\w]{0,60})[ \t]{0,3}:[ \t]{0,3}[\w.\[\], |]{1,40}?[ \t]{0,3}=(?!=)[ \t]{0,3}"""
                    + _VALUE)
# Lower-case words that are literal values, not references to a variable.
_LITERAL_WORDS = frozenset({"true", "false", "null", "nil", "none", "undefined", "nan", "inf"})


class Change(NamedTuple):
    """One default that changed: what it is in a PM's words, its old and its new value."""

    name: str
    old: str
    new: str


def settings_kind(path: str) -> str | None:
    """"data" for a file that holds settings as data (`.env.example`, `config/settings.yml`,
    `values.yaml`, `defaults.toml`, `appsettings.json`), "module" for a settings module in code
    (`settings.py`, `constants.ts`), else None."""
    base = path.rsplit("/", 1)[-1].lower()
    if base.startswith(".env") or base.endswith(".env"):
        return "data"
    stem, _, ext = base.partition(".")
    stem = stem.replace("-", "_")
    if stem not in _SETTINGS_STEMS and not stem.endswith(("_settings", "_config", "_defaults")):
        return None
    if ".schema." in f".{ext}" or ext.startswith("schema."):
        return None  # a JSON Schema describes settings; its `default` keys are found as keywords
    return "data" if base.endswith(_DATA_SUFFIXES) else "module"


def _blocks(patch: str) -> Iterator[tuple[list[str], list[str], list[str]]]:
    """Each run of changed lines as (the hunk's last lines before it, removed lines, added lines)."""
    before: list[str] = []
    removed: list[str] = []
    added: list[str] = []
    for raw in patch.split("\n"):
        mark = raw[:1]
        if (mark != "+" and added) or (mark not in ("+", "-") and removed):
            yield before[-_LOOKBACK:], removed, added
            before = (before + removed)[-_LOOKBACK:]
            removed, added = [], []
        if raw.startswith("@@"):
            before = [raw.split("@@", 2)[-1]]
        elif mark == "-":
            removed.append(raw[1:])
        elif mark == "+":
            added.append(raw[1:])
        elif mark == " ":
            before.append(raw[1:])
            if len(before) > 2 * _LOOKBACK:
                del before[:-_LOOKBACK]
    if removed or added:
        yield before[-_LOOKBACK:], removed, added


def _clean(value: str) -> str:
    """A value as a PM reads it: quotes and JSX braces dropped."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'`":
        return value[1:-1] or '""'
    if value.startswith("{") and value.endswith("}"):
        return value[1:-1].strip()
    return value


def _value_ok(match: re.Match[str], group: int, line: str) -> bool:
    """A literal value (not a variable, an expression or a call on one), ending where the statement
    or the argument does."""
    raw = match[group]
    if raw[0] in "\"'`":
        return True
    if _END.match(line[match.end(group):]) is None:
        return False
    value = _clean(raw)
    if not value or value.lower() in _LITERAL_WORDS or value[0].isdigit() or value[0] in "-[":
        return True
    if value[0].islower() or value[0] in "_$!" or value.lower() in _NOT_VALUES:
        return False  # a variable or an expression
    call = value.find("(")
    return call < 0 or _LITERAL_ARGUMENT.fullmatch(value[call:]) is not None


def _owner(before: list[str], line: str) -> str | None:
    """The key a `default:` line belongs to: the nearest enclosing line (indented less) that opens a
    block, passing over structural keys (`schema:`, `properties:`) to the setting's own name."""
    indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
    for previous in reversed(before):
        owner = _OWNER.match(previous) or _NAME_ITEM.match(previous)
        if owner and len(owner[1].expandtabs(4)) < indent:
            if owner[2].lower() not in _STRUCTURAL:
                return owner[2]
            indent = len(owner[1].expandtabs(4))
    return None


def _keyword_name(line: str, before: list[str]) -> str | None:
    """Whose default a `default=` line sets: a command-line option, the field or key the line starts
    with, or the block it sits in."""
    option = _OPTION.search(line)
    if option:
        return option[1] or f"--{option[2]}"
    lead = _LEADING_NAME.match(line)
    if lead and lead[1].lower() not in _KEYWORD_NAMES:
        return lead[1]
    return _owner(before, line)


def _in_string(line: str, start: int) -> bool:
    """Whether `start` falls inside a quoted string (`"... (default: x)"` is prose, not a setting)."""
    head = line[:start]
    return head.count('"') % 2 == 1 or head.count("'") % 2 == 1


def _named(line: str) -> tuple[str, str] | None:
    """`DEFAULT_TIMEOUT = 30`: a name that says it is a default, declared with a literal value (not
    a keyword argument on its own line, nor a CSS class list)."""
    m = _NAMED.match(line)
    if m is None or "default" not in m[1].lower() or m[1].lower() in _KEYWORD_NAMES:
        return None
    argument = line.rstrip().endswith(",") and "=" in line[m.start(1):m.start(2)]
    if argument or not _PRESENTATION.isdisjoint(_words(m[1])) or not _value_ok(m, 2, line):
        return None
    return m[1], m[2]


def _entry(line: str, settings: str | None) -> tuple[str, str] | None:
    """An entry of settings data, an upper-case constant of a settings module, or a typed field."""
    m = (_ENTRY.match(line) if settings == "data" else _CONSTANT.match(line) if settings == "module"
         else None) or _FIELD.match(line)
    if m is None or m[1].lower() in _NOT_SETTINGS or _VERSION.match(m[2]) or not _value_ok(m, 2, line):
        return None
    return m[1], m[2]


def _defaults(line: str, before: list[str], settings: str | None) -> dict[str, str]:
    """The defaults one line sets, by name."""
    stripped = line.lstrip()
    if not stripped or (stripped.startswith(_COMMENT) and not stripped.startswith("#[")):
        return {}
    found: dict[str, str] = {}
    for m in _KEYWORD.finditer(line):
        group = 1 if m[1] is not None else 2
        name = _keyword_name(line, before)
        if name and not _in_string(line, m.start()) and _value_ok(m, group, line):
            found.setdefault(name, m[group])
    named = _named(line)
    if named:
        found.setdefault(*named)
    signature = _SIGNATURE.match(line)
    if signature:
        params = line[signature.end():]
        for m in _PARAM.finditer(params):
            if _value_ok(m, 2, params):
                found.setdefault(f"{signature[1]}({m[1]})", m[2])
    entry = None if found else _entry(line, settings)
    return dict([entry]) if entry else found


def changed_defaults(patch: str, settings: str | None) -> list[Change]:
    """Every default whose value a change moved from one value to another. `settings` is what
    settings_kind says of the file: in settings data every entry is a default, in a settings module
    every upper-case constant."""
    changes: list[Change] = []
    for before, removed, added in _blocks(patch):
        if not removed or not added:
            continue
        old: dict[str, str] = {}
        for line in removed:
            for name, value in _defaults(line, before, settings).items():
                old.setdefault(name, value)
        if not old:
            continue
        for line in added:
            for name, value in _defaults(line, before, settings).items():
                if name in old and _clean(old[name]) != _clean(value):
                    changes.append(Change(say(name), _clean(old.pop(name)), _clean(value)))
    return changes


def _words(identifier: str) -> list[str]:
    """`DEFAULT_PAGE_SIZE`, `defaultPageSize`, `page-size` as lower-case words."""
    spaced = _CAMEL.compiled.sub(" ", identifier[:80])
    return [w.lower() for w in _WORD_BREAK.compiled.split(spaced) if w]


def say(name: str) -> str:
    """A default's name in a PM's words: `DEFAULT_PAGE_SIZE` is "default page size", a parameter is
    "`timeout` of `fetch` default", another name keeps its spelling ("`CharLimit` default")."""
    if name.endswith(")") and "(" in name:
        function, _, param = name[:-1].partition("(")
        return f"{param} of {function}() default"
    words = _words(name)
    if "default" in words:
        return " ".join(["default", *(w for w in words if w != "default")])
    return f"{name} default"
