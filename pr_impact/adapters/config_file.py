"""Loading `.github/pr-impact.yml`: YAML 1.2 via ruamel, every problem reported as file:line:col."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from pr_impact.adapters.config_cache import ConfigCache
from pr_impact.core.conditions import KeyPath, as_list, did_you_mean
from pr_impact.core.config import Config, compile_config
from pr_impact.errors import ConfigError

DEFAULT_PATH = ".github/pr-impact.yml"
MAX_CONFIG_BYTES = 1_000_000
# YAML aliases share nodes, so a small file can stand for billions of values ("billion laughs"): the
# document is measured with every alias expanded, without expanding it, before anything walks it.
MAX_CONFIG_NODES = 100_000
MAX_CONFIG_DEPTH = 64


# The built-in rules: pr_impact/defaults.yml compiled to JSON by scripts/gen_defaults.py (a test keeps
# the two in step), so that no run pays for parsing YAML.
BUILTIN_RULES_PATH = Path(__file__).resolve().parent.parent / "builtin_rules.json"


@cache
def builtin_rules() -> dict[str, Any]:
    """The built-in rules as plain config data. Callers must not modify it (it is shared)."""
    data: dict[str, Any] = json.loads(BUILTIN_RULES_PATH.read_text(encoding="utf-8"))
    return data


def default_config() -> Config:
    """The built-in rules alone (no file)."""
    config, problems = compile_config({}, "built-in defaults", builtin_rules())
    assert not problems, problems
    return config


def parse_yaml(text: str, source: str) -> Any:
    """The YAML document with line/column information kept (round-trip mode)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="rt")
    try:
        return yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
        raise ConfigError(f"{where}: invalid YAML: {exc.problem or exc.context}") from None
    except (YAMLError, RecursionError, ValueError) as exc:
        raise ConfigError(f"{source}: invalid YAML: {exc}".splitlines()[0]) from None
    except TypeError:
        # ruamel cannot build a mapping whose key is itself a mapping or a list (`? : :`).
        raise ConfigError(f"{source}: invalid YAML: a mapping key is itself a mapping or a list") from None


def _position(doc: Any, path: KeyPath) -> tuple[int, int]:
    """1-based line and column of the deepest node of `path` that the document can locate."""
    line, col, node = 0, 0, doc
    for key in path:
        lc = getattr(node, "lc", None)
        try:
            if isinstance(key, int) and isinstance(node, list):
                line, col = lc.item(key) if lc else (line, col)
            elif isinstance(node, dict) and key in node:
                line, col = lc.key(key) if lc else (line, col)
            else:
                break
            node = node[key]
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    return line + 1, col + 1


def _dotted(path: KeyPath) -> str:
    """A key path as `rules[0].when.title`."""
    out = ""
    for key in path:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out or "(top level)"


def located_problems(doc: Any, problems: Iterable[tuple[KeyPath, str]], source: str) -> list[str]:
    """Each problem as `source:line:col: key: message`, located in the parsed document, sorted by position:
    the form a config's and a writer prompt's problems both take."""
    located = sorted(((_position(doc, p), p, m) for p, m in problems), key=lambda item: item[0])
    return [f"{source}:{line}:{col}: {_dotted(p)}: {m}" for (line, col), p, m in located]


def _schema_problems(doc: Any) -> list[tuple[KeyPath, str]]:
    """Every schema violation, with unknown keys reported at the key itself with a suggestion."""
    from jsonschema import Draft202012Validator

    from pr_impact.core.schema import config_schema

    validator = Draft202012Validator(config_schema())
    problems: list[tuple[KeyPath, str]] = []
    for err in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.path))):
        problems += _described(err, validator)
    return problems


def _described(err: Any, validator: Any) -> list[tuple[KeyPath, str]]:
    """One schema violation in words, at its key. A value that fails every alternative of a `oneOf`
    but has the type of exactly one is judged by that one (`high: 1.5` is above the maximum, not
    "neither a number nor a mapping")."""
    path = tuple(err.absolute_path)
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        allowed = list(err.schema.get("properties", {}))
        out = []
        for key in err.instance:
            if key not in allowed:
                hint = did_you_mean(str(key), allowed) or f" (allowed: {', '.join(allowed[:12])})"
                out.append(((*path, key), f"unknown key {key!r}{hint}"))
        return out
    if err.instance == [] and err.validator in ("oneOf", "anyOf", "minItems"):
        return [(path, "expected at least one entry, got an empty list")]
    if err.validator in ("oneOf", "anyOf"):
        alternatives = err.schema.get("oneOf") or err.schema.get("anyOf") or []
        typed = [i for i, alt in enumerate(alternatives) if "type" in alt and any(
            validator.is_type(err.instance, t) for t in as_list(alt["type"]))]
        if len(typed) == 1:
            return [p for sub in err.context if sub.relative_schema_path[0] == typed[0]
                    for p in _described(sub, validator)]
        return [(path, f"expected {_expected(err.schema)}, got {_type_name(err.instance)}")]
    if err.validator == "pattern" and err.schema.get("description"):
        # A key or an address of the wrong shape: the words of its description, not the regex.
        return [(path, f"{err.instance!r} is not {err.schema['description']}")]
    if err.validator == "type":
        names = " or ".join(_TYPE_WORDS.get(str(t), str(t)) for t in as_list(err.validator_value) if t != "null")
        return [(path, f"expected {names}, got {_type_name(err.instance)}")]
    return [(path, err.message)]


_TYPE_WORDS = {"object": "a mapping", "array": "a list", "string": "a string", "number": "a number",
               "boolean": "true or false", "integer": "a whole number"}


def _expected(schema: dict[str, Any]) -> str:
    """A readable description of a oneOf schema's alternatives."""
    parts = []
    for alt in schema.get("oneOf") or schema.get("anyOf") or []:
        if "enum" in alt:
            parts.append("one of " + ", ".join(map(str, alt["enum"])))
        elif alt.get("type") == "array":
            parts.append("a list")
        else:
            parts.append(_TYPE_WORDS.get(str(alt.get("type")), "a value"))
    return " or ".join(parts) or "a different value"


def _type_name(value: Any) -> str:
    """The YAML name of a value's type."""
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list", dict: "a mapping"}
    return next((n for t, n in names.items() if isinstance(value, t)), "null" if value is None else "a value")


class _TooLarge(Exception):
    """The document is too large once aliases are expanded, too deep, or refers to itself."""


def _check_shape(doc: Any) -> None:
    """Raise _TooLarge unless the document, aliases expanded, is small and shallow enough to walk safely."""
    measured: dict[int, tuple[int, int]] = {}  # id(node) -> (expanded size, height)
    open_nodes: set[int] = set()

    def measure(node: Any, depth: int) -> tuple[int, int]:
        if not isinstance(node, (dict, list)):
            return 1, 0
        key = id(node)
        if key in measured:
            size, height = measured[key]
        else:
            if key in open_nodes:
                raise _TooLarge("an alias refers to a node that contains it (a recursive structure)")
            if depth >= MAX_CONFIG_DEPTH:
                raise _TooLarge(f"nested more than {MAX_CONFIG_DEPTH} levels deep")
            open_nodes.add(key)
            size, height = 1 + len(node), 0
            for child in (node.values() if isinstance(node, dict) else node):
                child_size, child_height = measure(child, depth + 1)
                size, height = size + child_size, max(height, child_height + 1)
                if size > MAX_CONFIG_NODES:
                    raise _TooLarge(f"more than {MAX_CONFIG_NODES:,} values once YAML aliases are expanded")
            open_nodes.discard(key)
            measured[key] = size, height
        if depth + height > MAX_CONFIG_DEPTH:
            raise _TooLarge(f"nested more than {MAX_CONFIG_DEPTH} levels deep once YAML aliases are expanded")
        return size, height

    measure(doc, 0)


_SECTIONS = ("extends", "labels", "areas", "disable", "rules", "decision", "writer", "trackers")


def _schema_valid_parts(doc: Any, problems: list[tuple[KeyPath, str]]) -> dict[str, Any] | None:
    """The document without the parts the schema refused, so the compiler can report its own problems
    (bad regexes, globs, names) at the same time: a refused rule or `disable` entry becomes None (the
    others keep their indices), a refused label or area is left out, a section of the wrong type too."""
    if not isinstance(doc, dict):
        return None
    bad_sections: set[str] = set()
    bad_items: dict[str, set[str | int]] = {}
    for path, _ in problems:
        # Keys can be anything YAML allows (a mapping, even): only the known sections matter here.
        if not path or not isinstance(path[0], str) or path[0] not in _SECTIONS:
            continue
        if len(path) == 1 or not isinstance(path[1], (str, int)):
            bad_sections.add(path[0])
        else:
            bad_items.setdefault(path[0], set()).add(path[1])
    out: dict[str, Any] = {}
    for key in _SECTIONS:
        if key not in doc or key in bad_sections:
            continue
        value, bad = doc[key], bad_items.get(key, set())
        if key in ("rules", "disable"):
            out[key] = [None if i in bad else item for i, item in enumerate(value or [])]
        elif key in ("labels", "areas", "decision", "writer", "trackers"):
            out[key] = {k: v for k, v in (value or {}).items() if k not in bad}
        else:
            out[key] = value
    return out


def _validated(text: str, source: str, defaults: dict[str, Any] | None) -> tuple[Any, Config]:
    """The parsed document and its Config; raises ConfigError listing every problem, schema and
    compiler alike, sorted by position, as file:line:col: key: message."""
    if len(text) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{source}: config is larger than {MAX_CONFIG_BYTES} bytes")
    doc = parse_yaml(text, source)
    if doc is None:
        doc = {}
    try:
        _check_shape(doc)
    except _TooLarge as exc:
        raise ConfigError(f"{source}: the configuration is too large or too deep: {exc}") from None
    # Globs (extended globs, brace bombs, bad classes) are checked where they are compiled: core/globs.py.
    problems = _schema_problems(doc)
    valid = _schema_valid_parts(doc, problems)
    config = None
    if valid is not None:
        config, compiled = compile_config(valid, source, defaults)
        problems += compiled
    if problems or config is None:
        lines = located_problems(doc, problems, source)
        raise ConfigError(f"{source}: {len(lines)} problem{'s' if len(lines) > 1 else ''} in the configuration",
                          lines)
    return doc, config


def load_config_text(text: str, source: str, cache: ConfigCache | None = None) -> Config:
    """A Config from YAML text; raises ConfigError listing every problem as file:line:col: key: message.
    With a `cache`, a text this machine has validated before is only compiled again."""
    if cache is not None:
        config = _from_cache(cache, text, source)
        if config is not None:
            return config
    doc, config = _validated(text, source, builtin_rules())
    if cache is not None:
        cache.put(text, plain(doc))
    return config


def plain(node: Any) -> Any:
    """A parsed YAML node as plain Python data (dict, list, str, int, float, bool, None)."""
    from ruamel.yaml.scalarbool import ScalarBoolean  # an anchored boolean: an int, not a bool

    if isinstance(node, ScalarBoolean):
        return bool(node)
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    for kind in (bool, int, float, str):
        if isinstance(node, kind):
            return kind(node)
    return node


def load_rules_document(text: str, source: str) -> dict[str, Any]:
    """A whole rules file (the built-in `pr_impact/defaults.yml`) checked like a user's config, on
    its own (no built-in rules under it), as plain data; raises ConfigError like load_config_text."""
    doc, _config = _validated(text, source, None)
    data: dict[str, Any] = plain(doc)
    return data


def _from_cache(cache: ConfigCache, text: str, source: str) -> Config | None:
    """The config of a text this machine has validated, compiled again; None on a miss. Entries are
    only read from this user's own plain files (config_cache), so what one holds is what this code
    wrote; one that does not compile (damaged, edited by hand) is a miss, not a crash."""
    data = cache.get(text)
    if data is None:
        return None
    try:
        config, problems = compile_config(data, source, builtin_rules())
    except (TypeError, ValueError, AttributeError, KeyError, IndexError):
        return None
    return None if problems else config


def load_config(path: str | None, root: Path | None = None, cache: ConfigCache | None = None) -> Config:
    """The config at `path` (required to exist), else `.github/pr-impact.yml` under root if present, else defaults."""
    if path is None:
        candidate = (root or Path.cwd()) / DEFAULT_PATH
        if not candidate.is_file():
            return default_config()
        path = str(candidate)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}", hint="check --config, or run `pr-impact init`") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config {path}: {exc}") from None
    return load_config_text(text, path, cache)
