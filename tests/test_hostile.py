"""Hostile configs, text and scale: every case ends quickly in a verdict or a clear error, and output stays inert."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from pr_impact.adapters.config_file import default_config, load_config_text
from pr_impact.adapters.snapshot import parse_snapshots
from pr_impact.core.conditions import Problems, compile_globs
from pr_impact.core.engine import classify
from pr_impact.core.model import FileChange, LinkedIssue, PullRequest
from pr_impact.errors import ConfigError
from pr_impact.render.json_out import render_json
from pr_impact.render.markdown import render_markdown
from pr_impact.render.neutralise import workflow_safe
from pr_impact.render.text import render_explain, render_text
from tests.rendered import assert_markdown_inert, assert_terminal_safe, is_workflow_command

ROOT = Path(__file__).parent.parent
DEFAULTS = default_config()
# The file names the brief lists: each breaks some layer (lines, code spans, tables, HTML, logs, mentions,
# references, bidi, C strings, length).
HOSTILE_NAMES = ["src/new\nline.py", "src/back`tick``s.py", "src/pi|pe|s.py", "src/<script>alert(1)</script>.tsx",
                 "src/::error file=x::boom.py", "src/@octocat.py", "src/#12.py", "src/\u202egnp.exe", "src/nul\x00.py",
                 "src/" + "long-" * 800 + ".py", "##[warning]x.py", "\r\n::set-output name=a::b.py",
                 "<!-- pr-impact:state -->.md", "src/\x1b[31mred\x1b[0m.py", "src/&#64;me&lt;b&gt;.py"]


def run_all(pr: PullRequest, config: Any = DEFAULTS) -> str:
    """Classify and render every way; the Markdown is returned for further checks."""
    verdict = classify(pr, config)
    markdown = render_markdown(verdict)
    assert_terminal_safe(render_text(verdict))
    assert_terminal_safe(render_explain(verdict, config))
    assert json.loads(render_json(verdict))["impact"] == verdict.impact
    return markdown


def hunk(*added: str) -> str:
    """A one-hunk patch adding these lines."""
    return f"@@ -0,0 +1,{len(added)} @@\n" + "\n".join("+" + line for line in added)


# --- catastrophic-backtracking regexes in the config ------------------------------------------------

EVIL_REGEXES = ["(a+)+$", "(a|aa)*b", "(.*a){20}"]


def evil_config() -> Any:
    """Every author-text condition with each classic catastrophic regex (RE2 runs them in linear time)."""
    keys = ["title", "subject", "body", "commits", "text", "branch", "issue_title"]
    rules = [{"name": f"{key}-{i}", "when": {key: regex}, "then": {"impact": "internal", "weight": 1}}
             for key in keys for i, regex in enumerate(EVIL_REGEXES)]
    rules += [{"name": f"{key}-lines", "when": {"any_file": {key: EVIL_REGEXES}}, "then": {"impact": "internal"}}
              for key in ("added", "removed")]
    return load_config_text(json.dumps({"rules": rules}), "evil.yml")


def test_catastrophic_regexes_run_in_linear_time_on_long_author_text() -> None:
    """With a backtracking engine each of these inputs would take longer than the universe's age."""
    near_miss = "a" * 300_000 + "!"
    few_as = "a" * 19 + "x" * 300_000  # `(.*a){20}` needs 20 a's: a backtracker tries O(n^20) splits
    pr = PullRequest(title=near_miss, body=few_as + "\n" + near_miss, head=near_miss[:5000], commits=(few_as,),
                     files=(FileChange("src/a.py", patch=hunk(near_miss, few_as) + "\n-" + near_miss),),
                     linked_issues=(LinkedIssue(1, title=few_as),))
    verdict = classify(pr, evil_config())
    fired = {e.rule for e in verdict.evidence}
    assert not {"title-0", "title-1", "body-1", "branch-1", "commits-0", "commits-1"} & fired
    assert "issue_title-2" not in fired and "commits-2" not in fired
    assert {"title-2", "text-2"} <= fired  # enough a's there: the regexes still mean what they say
    assert render_markdown(verdict).rstrip().endswith("</sub>")


def test_config_regex_features_that_need_backtracking_are_config_errors() -> None:
    with pytest.raises(ConfigError, match=r"rules\[0\]\.when\.body.*invalid regex") as info:
        load_config_text("rules:\n  - {name: r, when: {body: '(a+)\\1'}, then: {impact: internal}}\n", "c.yml")
    assert "c.yml:2:" in str(info.value)


# --- absurd globs ---------------------------------------------------------------------------------


def glob_config(*globs: str, area: bool = False) -> Any:
    """A config whose one rule (or one product area) uses these globs."""
    if area:
        return load_config_text(json.dumps({"areas": {"Area": list(globs)}}), "globs.yml")
    return load_config_text(json.dumps({"rules": [{"name": "g", "when": {"any_file": {"path": list(globs)}},
                                                   "then": {"impact": "internal", "weight": 50}}]}), "globs.yml")


def test_stacked_globstars_match_deep_long_paths() -> None:
    config = glob_config("**/**/**/**/**/*")
    files = tuple(FileChange("a/" * 1900 + f"f{i}.py", additions=1) for i in range(200))
    verdict = classify(PullRequest(title="x", files=files), config)
    assert verdict.impact == "internal" and verdict.evidence[0].rule == "g"


@pytest.mark.parametrize("area", [False, True])
def test_brace_bomb_is_a_config_error_at_its_position(area: bool) -> None:
    with pytest.raises(ConfigError, match=r"globs\.yml:\d+:\d+: .*braces expand to more than") as info:
        glob_config("src/**", "{a,b}" * 20, area=area)
    assert ("areas.Area[1]" if area else "rules[0].when.any_file.path[1]") in str(info.value)


def test_moderate_braces_are_fine() -> None:
    config = glob_config("{src,lib}/**/*.{ts,tsx,js,jsx}", "{a,b}" * 8)
    pr = PullRequest(title="x", files=(FileChange("lib/ui/x.tsx"), FileChange("abababab")))
    assert len(classify(pr, config).evidence[0].hits) == 2


def test_glob_length_limit_is_500_characters() -> None:
    glob_config("a" * 500)
    with pytest.raises(ConfigError, match="invalid glob"):
        glob_config("a" * 501)


@pytest.mark.parametrize("glob", ["*(a|aa)b", "src/+(x|y)/**", "@(a)", "?(a)", "!(docs)/**", "src/\\\\+(a)"])
def test_extended_globs_are_config_errors(glob: str) -> None:
    """Extended globs compile to backtracking regexes (`*(a|aa)b` is exponential on a path of a's)."""
    with pytest.raises(ConfigError, match="extended globs"):
        glob_config(glob)


def test_escaped_parentheses_and_negation_are_still_globs() -> None:
    config = glob_config("src/\\+(x).py", "!docs/**")
    assert classify(PullRequest(title="x", files=(FileChange("src/+(x).py"),)), config).evidence


# --- YAML bombs and nesting -----------------------------------------------------------------------


def billion_laughs(levels: int, top: str = "rules") -> str:
    """Each anchor lists the previous one nine times: 9**levels values from a few hundred bytes."""
    lines = ["x0: &x0 {title: 'lol'}"]
    lines += [f"x{i}: &x{i} {{any: [{', '.join([f'*x{i - 1}'] * 9)}]}}" for i in range(1, levels)]
    lines.append(f"{top}:\n  - {{name: r, when: *x{levels - 1}, then: {{impact: internal}}}}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("levels", [9, 30])
def test_yaml_alias_bomb_is_a_config_error(levels: int) -> None:
    """Expanded, 9**30 values; schema validation alone walked 9**7 in 20 s before the bound."""
    with pytest.raises(ConfigError, match="too large or too deep: more than 100,000 values"):
        load_config_text(billion_laughs(levels), "bomb.yml")


def test_list_alias_bomb_is_a_config_error() -> None:
    text = "a0: &a0 [lol]\n" + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 40))
    with pytest.raises(ConfigError, match="more than 100,000 values"):
        load_config_text(text, "bomb.yml")


def test_modest_anchors_still_work() -> None:
    text = textwrap.dedent("""\
        areas:
          Checkout: &checkout ["src/checkout/**", "web/checkout/**"]
          Basket: *checkout
        rules:
          - {name: a, when: &ui {any_file: {path: *checkout}}, then: {impact: user-facing, weight: 9}}
          - {name: b, when: {not: *ui}, then: {impact: internal}}
        """)
    config = load_config_text(text, "anchors.yml")
    assert classify(PullRequest(title="x", files=(FileChange("src/checkout/a.py"),)), config).impact == "user-facing"


@pytest.mark.parametrize("text", [
    "rules:\n  - {name: r, when: " + "{not: " * 70 + "{title: a}" + "}" * 70 + ", then: {impact: internal}}\n",
    "a: " + "{b: " * 20_000 + "1" + "}" * 20_000 + "\n",
    "".join("  " * i + f"k{i}:\n" for i in range(600)),
])
def test_deep_yaml_is_a_config_error(text: str) -> None:
    with pytest.raises(ConfigError, match=r"too deep|invalid YAML|larger than"):
        load_config_text(text, "deep.yml")


def test_recursive_alias_is_a_config_error_not_a_crash() -> None:
    with pytest.raises(ConfigError):
        load_config_text("rules: &r\n  - name: x\n    when:\n      any: *r\n    then: {impact: internal}\n", "c.yml")


# --- scale: 50 MB body, 100,000-line patch, 3,000 files ---------------------------------------------


def test_fifty_megabyte_body_through_snapshot_classify_and_render() -> None:
    """A quadratic step anywhere (scanning, cleaning, neutralising) would not finish on 50 MB."""
    line = "Fixes #1 @team <b>bold</b> 1.4s -> 0.8s CVE-2024-1234 ::error::x isEnabled('f') " + "a" * 150 + "\n"
    body = line * (50_000_000 // len(line)) + "## Release notes\n" + "@everyone <img> " * 100_000
    snapshot = json.dumps({"pull_request": {"title": "feat: " + "t" * 100_000, "body": body},
                           "files": [{"filename": "src/a.py", "patch": hunk("x = 1")}]})
    assert len(snapshot) > 50_000_000
    pr = next(parse_snapshots(snapshot, "big.json"))
    markdown = run_all(pr)
    assert_markdown_inert(markdown.replace("</details>", "</details>\n\n| a | b | c | d |\n|---|---|---|---|"),
                          complete=True)


def test_hundred_thousand_line_patch() -> None:
    lines = [f"isEnabled('flag-{i}') default = {i} CREATE TABLE t{i} (x int) @user #{i} ::error::x"
             for i in range(50_000)]
    patch = "@@ -1,50000 +1,50000 @@\n" + "\n".join(f"-{line}\n+{line}!" for line in lines)
    pr = PullRequest(title="feat: flags", files=(FileChange("src/flags.sql", additions=50_000, deletions=50_000,
                                                            patch=patch),))
    verdict = classify(pr, DEFAULTS)
    assert verdict.signals.files[0].lines == 100_000
    markdown = render_markdown(verdict)
    assert "Feature flag" in markdown and "Database migration" in markdown
    assert not any(is_workflow_command(line) for line in markdown.splitlines())


def hostile_pr(count: int) -> PullRequest:
    """A PR whose every author-controlled field is hostile, with `count` files named after HOSTILE_NAMES."""
    files = tuple(FileChange(HOSTILE_NAMES[i % len(HOSTILE_NAMES)] + (f"/{i}" if i >= len(HOSTILE_NAMES) else ""),
                             status="renamed" if i % 7 == 0 else "modified", additions=3, deletions=1,
                             previous_path=HOSTILE_NAMES[(i + 1) % len(HOSTILE_NAMES)] if i % 7 == 0 else None,
                             patch=hunk("isEnabled('" + HOSTILE_NAMES[i % len(HOSTILE_NAMES)] + "')",
                                        "DEFAULT = '@octocat ::error::x'", "CREATE TABLE `|`"))
                  for i in range(count))
    issues = tuple(LinkedIssue(i + 1, repo=name[:60] or None, title=name, state=name[:20], labels=(name, "a|b"))
                   for i, name in enumerate(HOSTILE_NAMES))
    return PullRequest(title="feat(@team)!: " + " ".join(HOSTILE_NAMES[:9]), body="\n".join(HOSTILE_NAMES)
                       + "\n## Release notes\n" + "\n".join(HOSTILE_NAMES), files=files, number=7,
                       author="@evil\x1b[2J", head="::set-env name=X::1", base="##[error]main",
                       labels=tuple(HOSTILE_NAMES), commits=tuple(HOSTILE_NAMES), linked_issues=issues,
                       changed_files=count + 400, head_sha="::error::sha")


@pytest.mark.parametrize("count", [len(HOSTILE_NAMES), 3_000])
def test_hostile_file_names_stay_inert_in_every_renderer(count: int) -> None:
    markdown = run_all(hostile_pr(count))
    assert_markdown_inert(markdown, complete=True)
    assert "Partly analysed" in markdown


def test_three_thousand_hostile_files_through_a_snapshot() -> None:
    files = [{"filename": HOSTILE_NAMES[i % len(HOSTILE_NAMES)] + str(i), "status": "modified", "additions": 1,
              "patch": hunk("x")} for i in range(3_000)]
    snapshot = json.dumps({"pull_request": {"title": "chore: many", "changed_files": 3_000}, "files": files})
    assert_markdown_inert(run_all(next(parse_snapshots(snapshot, "many.json")))
                          .replace("</details>", "</details>\n\n| a | b | c | d |\n|---|---|---|---|"), complete=True)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_workflow_safe_lines_carry_no_command(name: str) -> None:
    line = workflow_safe(name)
    assert "\n" not in line and "\r" not in line and "::" not in line and "##[" not in line
    assert not is_workflow_command(line)


# --- the CLI as a subprocess ----------------------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "explain"])
def test_cli_with_a_hostile_snapshot_exits_zero_with_safe_output(tmp_path: Path, command: str) -> None:
    pr = hostile_pr(len(HOSTILE_NAMES))
    snapshot = {"pull_request": {"number": 7, "title": pr.title, "body": pr.body + "\n\ud800",
                                 "user": {"login": pr.author}, "head": {"ref": pr.head, "sha": "::error::x"},
                                 "base": {"ref": pr.base}, "labels": list(pr.labels), "changed_files": 10**30},
                "files": [{"filename": f.path, "status": f.status, "additions": f.additions, "patch": f.patch,
                           "previous_filename": f.previous_path} for f in pr.files],
                "linked_issues": [{"number": i.number, "title": i.title, "state": i.state, "labels": list(i.labels),
                                   "repository": {"full_name": i.repo}} for i in pr.linked_issues],
                "commits": [{"commit": {"message": m}} for m in pr.commits]}
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(snapshot), encoding="utf-8")
    args = ["check", "--format", "markdown"] if command == "check" else ["explain"]
    proc = subprocess.run([sys.executable, "-m", "pr_impact", *args, "--snapshot", str(path)], cwd=tmp_path,
                          capture_output=True, text=True, encoding="utf-8", check=False, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    if command == "check":
        assert_markdown_inert(proc.stdout, complete=True)
    else:
        assert_terminal_safe(proc.stdout)
        assert "Rules that fired" in proc.stdout


# --- bugs once found in pr_impact/core, kept as regression tests ----------------------------------


def test_lone_surrogate_in_author_text_classifies() -> None:
    """Adapters other than the snapshot loader (GitHub JSON with a '\\ud800' escape) hand such text in."""
    verdict = classify(PullRequest(title="fix: \ud800", body="\ud800", files=(FileChange("src/a.py"),)), DEFAULTS)
    assert verdict.impact


def test_compile_globs_records_a_brace_bomb_as_a_problem() -> None:
    problems = Problems()
    assert compile_globs(["{a,b}" * 20], ("areas", "x"), problems) is None
    assert problems


def test_globstar_matching_is_linear_in_the_path_length() -> None:
    """A realistic glob and a crafted 4,000-character path; run in a child process so the hang is cut short."""
    code = ("from pr_impact.core.conditions import Problems, compile_globs\n"
            "m = compile_globs(['**/src/**/ui/**/*.tsx'], ('p',), Problems())\n"
            "assert not m.match('src/ui/' * 570 + 'x.py')\n")
    try:
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=3, check=False,
                              env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    except subprocess.TimeoutExpired:
        pytest.fail("matching one path against one glob did not finish")
    assert proc.returncode == 0, proc.stderr
