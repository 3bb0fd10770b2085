"""Compile the built-in rules, pr_impact/defaults.yml, into the JSON the tool loads (pr_impact/builtin_rules.json).

The YAML is checked exactly like a user's `.github/pr-impact.yml` (same JSON Schema, same compiler) and
written out as plain JSON, so a run of `pr-impact check` never parses YAML (ruamel is slow to import and
parse). A test fails while the two disagree. Run: python scripts/gen_defaults.py [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
YAML_PATH = ROOT / "pr_impact" / "defaults.yml"
JSON_PATH = ROOT / "pr_impact" / "builtin_rules.json"

def render(data: dict[str, Any]) -> str:
    """The text of pr_impact/builtin_rules.json for the plain data of the YAML: one rule a line, so a diff
    of a refit shows which rules moved."""
    rules = ",\n".join("  " + json.dumps(rule, ensure_ascii=False) for rule in data["rules"])
    head = json.dumps({k: v for k, v in data.items() if k != "rules"}, ensure_ascii=False)[:-1]
    return head + (", " if head != "{" else "") + '"rules": [\n' + rules + "\n]}\n"


def compiled_text(yaml_text: str) -> str:
    """The JSON text for the YAML text, after checking it like a user's config (ConfigError if not)."""
    from pr_impact.adapters.config_file import load_rules_document

    return render(load_rules_document(yaml_text, str(YAML_PATH.relative_to(ROOT))))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the JSON is out of date, write nothing")
    args = ap.parse_args()
    from pr_impact.errors import ConfigError

    try:
        text = compiled_text(YAML_PATH.read_text(encoding="utf-8"))
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    current = JSON_PATH.read_text(encoding="utf-8") if JSON_PATH.exists() else ""
    if args.check:
        print("up to date" if text == current else f"{JSON_PATH.relative_to(ROOT)} is out of date")
        return 0 if text == current else 1
    if text != current:
        JSON_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {JSON_PATH.relative_to(ROOT)}" if text != current else "already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
