"""Compile the built-in rules, pr_impact/defaults.yml, into the module the tool loads (pr_impact/core/builtin_rules.py).

The YAML is checked exactly like a user's `.github/pr-impact.yml` (same JSON Schema, same compiler) and
written out as a plain Python literal, so a run of `pr-impact check` never parses YAML. A test fails
while the two disagree. Run: python scripts/gen_defaults.py [--check]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
YAML_PATH = ROOT / "pr_impact" / "defaults.yml"
MODULE_PATH = ROOT / "pr_impact" / "core" / "builtin_rules.py"
WIDTH = 120

HEADER = '''"""The built-in rules as plain data, generated from pr_impact/defaults.yml by scripts/gen_defaults.py."""

# Do not edit: edit pr_impact/defaults.yml, then run `python scripts/gen_defaults.py`.
# Regexes stay whole, one a line, as in the YAML.
# ruff: noqa: E501

from __future__ import annotations

from typing import Any

DEFAULTS: dict[str, Any] = '''


def _str(text: str) -> str:
    """A string literal: raw when that reads better (regexes), else repr."""
    if "\\" in text and "\n" not in text and not text.endswith("\\"):
        for quote in ("'", '"'):
            if quote not in text:
                return f"r{quote}{text}{quote}"
    return repr(text)


def _inline(value: Any) -> str:
    """A value as a one-line Python literal."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_str(k)}: {_inline(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    return _str(value) if isinstance(value, str) else repr(value)


def _literal(value: Any, indent: int, used: int) -> str:
    """A value as a Python literal starting `used` columns into a line indented by `indent`: on one line
    when it fits, else its items packed onto lines (an item too long for any line gets its own)."""
    one = _inline(value)
    if used + len(one) <= WIDTH - 1 or not isinstance(value, (dict, list)):  # room for a trailing comma
        return one
    pad = " " * (indent + 4)
    if isinstance(value, dict):
        items = [f"{_str(k)}: " + _literal(v, indent + 4, indent + 4 + len(_str(k)) + 2) for k, v in value.items()]
    else:
        items = [_literal(v, indent + 4, indent + 4) for v in value]
    lines: list[str] = []
    for item in items:
        if lines and "\n" not in item and "\n" not in lines[-1] and len(lines[-1]) + len(item) + 3 <= WIDTH:
            lines[-1] += f" {item},"
        else:
            lines.append(f"{pad}{item},")
    opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
    return opening + "\n" + "\n".join(lines) + "\n" + " " * indent + closing


def render(data: dict[str, Any]) -> str:
    """The text of pr_impact/core/builtin_rules.py for the plain data of the YAML."""
    return HEADER + _literal(data, 0, len("DEFAULTS: dict[str, Any] = ")) + "\n"


def compiled_text(yaml_text: str) -> str:
    """The module text for the YAML text, after checking it like a user's config (ConfigError if not)."""
    from pr_impact.adapters.config_file import load_rules_document

    return render(load_rules_document(yaml_text, str(YAML_PATH.relative_to(ROOT))))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the module is out of date, write nothing")
    args = ap.parse_args()
    from pr_impact.errors import ConfigError

    try:
        text = compiled_text(YAML_PATH.read_text(encoding="utf-8"))
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    current = MODULE_PATH.read_text(encoding="utf-8") if MODULE_PATH.exists() else ""
    if args.check:
        print("up to date" if text == current else f"{MODULE_PATH.relative_to(ROOT)} is out of date")
        return 0 if text == current else 1
    if text != current:
        MODULE_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {MODULE_PATH.relative_to(ROOT)}" if text != current else "already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
