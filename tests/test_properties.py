"""Property tests: any input ends in a verdict or in pr-impact's own error, and any report stays inert."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from rendered import assert_markdown_inert, assert_terminal_safe

from pr_impact.adapters.config_file import default_config, load_config_text
from pr_impact.adapters.snapshot import parse_snapshots
from pr_impact.core.diff import is_comment_only, is_formatting_only, parse_patch
from pr_impact.core.engine import classify
from pr_impact.errors import ConfigError, PrImpactError, SnapshotError
from pr_impact.render.json_out import render_json
from pr_impact.render.markdown import render_markdown
from pr_impact.render.text import render_explain, render_text

DEFAULTS = default_config()

# --- strategies -------------------------------------------------------------------------------------

# Pieces that each open some construct: Markdown, HTML, mentions, references, workflow commands, controls.
_HOSTILE_PIECES = ["@octocat", "@org/team", "#12", "GH-3", "owner/repo#4", "<b>", "</td>", "<!--", "-->",
                   "<!-- pr-impact", "::error::x", "::set-output name=a::b", "##[warning]", "%0A", "|", "`", "``",
                   "\n", "\r", "\r\n", "\x00", "\x1b[31m", "\u202e", "\u2028", "\t", "&#64;", "&lt;", "https://x.y",
                   "www.x.y", "*", "_", "[a](b)", "![i](j)", "\\", "1. ", "- ", "> ", "# ", "---", "===", "~~~",
                   "$x$", " ", "a", "Z", "é", "🟢", "\ud800", "\ufeff", "\u200b"]
hostile_text = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(_HOSTILE_PIECES) | st.text(max_size=3), max_size=25).map("".join),
)
json_scalar = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
               | hostile_text)
any_json = st.recursive(json_scalar, lambda c: st.lists(c, max_size=4) | st.dictionaries(hostile_text, c, max_size=4),
                        max_leaves=15)


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A value of the right shape most of the time, anything JSON can hold otherwise."""
    return st.one_of(strategy, strategy, strategy, any_json)


_patch_line = st.tuples(st.sampled_from(["+", "-", " ", "@@ -1,2 +1,3 @@", "\\", "diff --git a b", ""]),
                        hostile_text).map("".join)
patch_text = st.lists(_patch_line, max_size=12).map("\n".join)
labels = st.lists(_maybe(hostile_text | st.fixed_dictionaries({"name": hostile_text})), max_size=4)
file_entry = st.fixed_dictionaries(
    {"filename": hostile_text},
    optional={"status": _maybe(st.sampled_from(["added", "removed", "modified", "renamed"])),
              "additions": _maybe(st.integers(min_value=0, max_value=10**6)),
              "deletions": _maybe(st.integers(min_value=0, max_value=10**6)),
              "patch": _maybe(patch_text), "previous_filename": _maybe(hostile_text)},
)
issue_entry = st.fixed_dictionaries(
    {"number": _maybe(st.integers(min_value=1, max_value=10**6))},
    optional={"title": _maybe(hostile_text), "state": _maybe(st.sampled_from(["open", "closed", "OPEN"])),
              "labels": labels, "repository": _maybe(st.fixed_dictionaries({"full_name": hostile_text})),
              "type": _maybe(st.fixed_dictionaries({"name": hostile_text})),
              "milestone": _maybe(st.fixed_dictionaries({"title": hostile_text})), "html_url": _maybe(hostile_text)},
)
pull_request = st.fixed_dictionaries(
    {},
    optional={"number": _maybe(st.integers(min_value=1, max_value=10**6)),
              "title": _maybe(st.sampled_from(["feat: ", "fix(ui)!: ", "chore(deps): ", ""]).flatmap(
                  lambda prefix: hostile_text.map(lambda t: prefix + t))),
              "body": _maybe(hostile_text.map(lambda t: t + "\n## Release notes\n" + t)),
              "user": _maybe(st.fixed_dictionaries({"login": hostile_text, "type": st.sampled_from(["User", "Bot"])})),
              "head": _maybe(st.fixed_dictionaries({"ref": hostile_text, "sha": hostile_text})),
              "base": _maybe(st.fixed_dictionaries({"ref": hostile_text})), "labels": labels,
              "draft": any_json, "additions": any_json, "changed_files": any_json},
)
snapshot = st.fixed_dictionaries(
    {"pull_request": pull_request, "files": st.lists(file_entry, max_size=5)},
    optional={"linked_issues": _maybe(st.lists(issue_entry, max_size=3)),
              "commits": _maybe(st.lists(_maybe(st.fixed_dictionaries({"commit": st.fixed_dictionaries(
                  {"message": hostile_text})})), max_size=3))},
)

# --- helpers ----------------------------------------------------------------------------------------


# --- the diff parser --------------------------------------------------------------------------------


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400), st.integers(min_value=0, max_value=50),
       hostile_text)
def test_diff_parser_and_detectors_never_raise_on_any_patch_and_cap(patch: str, cap: int, path: str) -> None:
    parsed = parse_patch(patch, max_lines=cap)
    assert len(parsed.added) + len(parsed.removed) <= cap
    is_formatting_only(parsed)
    is_comment_only(path, parsed)


# --- the snapshot loader ----------------------------------------------------------------------------


@given(st.binary(max_size=300))
def test_snapshot_loader_takes_any_bytes_decoded_with_replacement(data: bytes) -> None:
    try:
        prs = list(parse_snapshots(data.decode("utf-8", errors="replace"), "bytes.json"))
    except SnapshotError:
        return
    for pr in prs:
        classify(pr, DEFAULTS)


@given(any_json)
def test_snapshot_loader_takes_any_json_with_any_keys(value: object) -> None:
    with contextlib.suppress(SnapshotError):
        list(parse_snapshots(json.dumps(value), "any.json"))


@given(st.lists(any_json, min_size=1, max_size=4))
def test_snapshot_loader_takes_any_json_lines(values: list[object]) -> None:
    with contextlib.suppress(SnapshotError):
        list(parse_snapshots("\n".join(json.dumps(v) for v in values), "any.jsonl"))


@given(st.integers(min_value=-(10**40), max_value=10**40), st.integers(min_value=4200, max_value=5000))
def test_snapshot_with_absurd_integers_is_an_error_or_a_printable_verdict(n: int, digits: int) -> None:
    """Counts beyond any real PR are ignored; integers too long for Python to convert are a SnapshotError."""
    pr = next(iter(parse_snapshots(json.dumps({"pull_request": {"number": n, "additions": n, "changed_files": n},
                                          "files": [{"filename": "a.py", "additions": n, "deletions": n}] * 3,
                                          "linked_issues": [{"number": n}]}), "n.json")))
    verdict = classify(pr, DEFAULTS)
    render_markdown(verdict), render_text(verdict), json.loads(render_json(verdict))
    with contextlib.suppress(SnapshotError):
        list(parse_snapshots('{"pull_request": {"number": 1%s}, "files": []}' % ("0" * digits), "long.json"))


# --- the whole pipeline -----------------------------------------------------------------------------


@given(snapshot)
def test_any_snapshot_gives_a_verdict_and_inert_reports(data: dict[str, Any]) -> None:
    """Snapshot → classify → every renderer: only SnapshotError may stop it, and no output carries a payload."""
    try:
        prs = list(parse_snapshots(json.dumps(data), "hostile.json"))
    except SnapshotError:
        return
    for pr in prs:
        verdict = classify(pr, DEFAULTS)
        assert_markdown_inert(render_markdown(verdict))
        assert_terminal_safe(render_text(verdict))
        assert_terminal_safe(render_explain(verdict, DEFAULTS))
        out = render_json(verdict)
        assert out.endswith("\n") and "\n" not in out[:-1]
        assert json.loads(out)["impact"] in ("user-facing", "tech-debt", "internal")


# --- the config loader ------------------------------------------------------------------------------

_YAML_PIECES = ["rules:", "areas:", "labels:", "extends: none", "disable: [x]", "- ", "  ", "\n", "{", "}", "[",
                "]", ": ", ",", "&a ", "*a", "<<: *a", "!!python/object ", "!tag ", "'", '"', "|", ">", "#",
                "name: r", "when:", "then:", "impact: internal", "title: '(a+)+$'", "path: '{a,b}{a,b}'",
                "any:", "not:", "any_file:", "--- ", "...", "%YAML 1.2", "? ", "\t", "\x00", "\ufeff", "~", "1e999"]
yaml_text = st.one_of(st.text(max_size=200),
                      st.lists(st.sampled_from(_YAML_PIECES) | st.text(max_size=4), max_size=40).map("".join))
yaml_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | hostile_text
    | st.sampled_from(["(a+)+$", "**/*", "{a,b}" * 10, "*(a|aa)b", "[", "(?P<x>", "internal", "user-facing"]),
    lambda c: st.lists(c, max_size=4) | st.dictionaries(
        hostile_text | st.sampled_from(["rules", "areas", "labels", "when", "then", "name", "impact", "any", "all",
                                        "not", "any_file", "path", "title", "weight", "surface", "extends"]),
        c, max_size=4),
    max_leaves=20)


@given(yaml_text)
def test_config_loader_takes_any_yaml_text(text: str) -> None:
    with contextlib.suppress(ConfigError):
        load_config_text(text, "fuzz.yml")


@given(yaml_value)
def test_config_loader_takes_any_structure_dumped_to_yaml(value: object) -> None:
    from io import StringIO

    from ruamel.yaml import YAML

    stream = StringIO()
    YAML(typ="safe", pure=True).dump(value, stream)
    with contextlib.suppress(ConfigError):
        load_config_text(stream.getvalue(), "dumped.yml")


@given(yaml_value)
def test_any_rule_shape_is_a_config_error_or_classifies(when: object) -> None:
    text = json.dumps({"rules": [{"name": "fuzz", "when": when, "then": {"impact": "internal"}}]})
    try:
        config = load_config_text(text, "rule.yml")
    except ConfigError:
        return
    pr = next(parse_snapshots(json.dumps({"pull_request": {"title": "feat: x", "body": "a" * 100},
                                          "files": [{"filename": "src/a.py", "patch": "@@ -1 +1 @@\n-a\n+b"}]}),
                              "pr.json"))
    classify(pr, config)


@given(snapshot, yaml_text)
def test_only_project_errors_escape_from_config_and_snapshot_together(data: dict[str, Any], text: str) -> None:
    try:
        config = load_config_text(text, "fuzz.yml")
        for pr in parse_snapshots(json.dumps(data), "s.json"):
            render_markdown(classify(pr, config))
    except PrImpactError:
        pass
