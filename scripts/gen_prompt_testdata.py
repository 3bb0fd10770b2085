"""Write the `testData` of the writer's prompt (pr_impact/writer.prompt.yml) from tests/fixtures/writer/.

Each fixture is a PR snapshot; its entry is exactly the {{variables}} pr-impact would fill for it with the built-in
rules, so `gh models eval pr_impact/writer.prompt.yml` and the Models playground run the prompt on real requests.
Everything below the file's `# testData:` line is replaced. Run: python scripts/gen_prompt_testdata.py [--check]
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROMPT = ROOT / "pr_impact" / "writer.prompt.yml"
FIXTURES = ROOT / "tests" / "fixtures" / "writer"
MARKER = "# testData:"


def entries() -> list[dict[str, str]]:
    """The variables of each fixture PR, in file-name order."""
    from pr_impact.adapters.config_file import default_config
    from pr_impact.adapters.snapshot import parse_snapshots
    from pr_impact.core.engine import classify
    from pr_impact.core.writer import variables

    config = default_config()
    out = []
    for path in sorted(FIXTURES.glob("*.json")):
        for pr in parse_snapshots(path.read_text(encoding="utf-8"), str(path)):
            out.append(variables(classify(pr, config)))
    return out


def rendered(text: str, found: list[dict[str, str]]) -> str:
    """The prompt file's text with its testData section written anew from `found` (entries())."""
    from ruamel.yaml import YAML
    from ruamel.yaml.scalarstring import LiteralScalarString

    head = text[: text.index(MARKER)]
    marker_line = text[text.index(MARKER):].splitlines()[0]
    yaml = YAML()
    yaml.width = 4096
    out = io.StringIO()
    data = [{k: LiteralScalarString(v) if "\n" in v else v for k, v in entry.items()} for entry in found]
    yaml.dump({"testData": data}, out)
    return head + marker_line + "\n" + out.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the testData is out of date, write nothing")
    args = ap.parse_args()
    text = PROMPT.read_text(encoding="utf-8")
    found = entries()
    new = rendered(text, found)
    if args.check:
        if new != text:
            print(f"{PROMPT.relative_to(ROOT)} is out of date: run python scripts/gen_prompt_testdata.py",
                  file=sys.stderr)
            return 1
        return 0
    PROMPT.write_text(new, encoding="utf-8")
    print(f"wrote {len(found)} testData entries to {PROMPT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
