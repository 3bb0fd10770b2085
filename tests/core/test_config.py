"""Config loading: YAML 1.2, validation that reports every problem at once with file:line:col."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from pr_impact.adapters.config_file import builtin_rules, default_config, load_config, load_config_text
from pr_impact.core.engine import classify
from pr_impact.core.model import FileChange, PullRequest
from pr_impact.core.schema import config_schema
from pr_impact.errors import ConfigError

SRC = PullRequest(title="Tweak checkout totals", files=(FileChange("src/checkout/total.py", additions=3),))


def problems_of(text: str) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_config_text(text, "cfg.yml")
    return info.value.problems


def test_empty_file_means_defaults() -> None:
    config = load_config_text("", "cfg.yml")
    assert [r.name for r in config.impact_rules] == [r.name for r in default_config().impact_rules]


def test_own_rule_comes_first_and_decides() -> None:
    config = load_config_text(
        """
rules:
  - name: checkout-is-money
    when: {any_file: {path: "src/checkout/**"}}
    then: {impact: tech-debt, weight: 50, reason: Checkout changes are reviewed as tech debt}
""",
        "cfg.yml",
    )
    assert config.impact_rules[0].name == "checkout-is-money"
    verdict = classify(SRC, config)
    assert verdict.impact == "tech-debt"
    assert verdict.evidence[0].hits == ("src/checkout/total.py",)


def test_extends_none_replaces_the_defaults() -> None:
    config = load_config_text(
        "extends: none\nrules:\n  - {name: all-internal, when: {files: 1}, then: {impact: internal}}\n", "c.yml"
    )
    assert [r.name for r in config.impact_rules] == ["all-internal"]
    assert config.surface_rules == ()
    assert classify(SRC, config).impact == "internal"


def test_disable_turns_off_a_builtin_rule() -> None:
    config = load_config_text("disable: [ships-code]\n", "c.yml")
    assert "ships-code" not in {r.name for r in config.impact_rules}


def test_labels_and_areas_are_configurable() -> None:
    config = load_config_text(
        "labels:\n  internal: {name: 'no-impact', color: '#EEEEEE'}\nareas:\n  Checkout: 'src/checkout/**'\n",
        "c.yml",
    )
    assert config.labels["internal"].name == "no-impact"
    assert config.labels["internal"].color == "eeeeee"
    assert config.labels["user-facing"].name == "impact: user-facing"
    assert classify(SRC, config).areas == {"Checkout": 1}


def test_surface_rule_marks_files_internal() -> None:
    config = load_config_text(
        "rules:\n  - name: gen\n    when: {path: 'src/checkout/**'}\n"
        "    then: {surface: internal, reason: generated}\n",
        "c.yml",
    )
    verdict = classify(SRC, config)
    assert verdict.signals.files[0].surface == "internal"
    assert verdict.signals.files[0].surface_rule == "gen"


def test_every_problem_is_reported_at_once_with_positions() -> None:
    problems = problems_of(
        """labels:
  internal: {name: x}
rules:
  - name: a
    whne: {title: fix}
    then: {impact: user-facing}
  - name: b
    when: {title: 3}
    then: {impact: sideways}
"""
    )
    text = "\n".join(problems)
    assert "cfg.yml:5:5: rules[0].whne: unknown key 'whne' (did you mean 'when'?)" in text
    assert "cfg.yml:8:12: rules[1].when.title: expected a string or a list, got a number" in text
    assert any(p.startswith("cfg.yml:9:") and "rules[1].then.impact" in p and "sideways" in p for p in problems)
    assert len(problems) >= 4  # the missing `when` of rule a is reported too


def test_unknown_condition_gets_a_suggestion() -> None:
    (problem,) = problems_of("rules:\n  - {name: a, when: {titel: fix}, then: {impact: internal}}\n")
    assert "unknown key 'titel' (did you mean 'title'?)" in problem
    assert problem.startswith("cfg.yml:2:")


def test_invalid_regex_is_a_config_error() -> None:
    (problem,) = problems_of("rules:\n  - {name: a, when: {title: '(unclosed'}, then: {impact: internal}}\n")
    assert "rules[0].when.title: invalid regex '(unclosed'" in problem


def test_each_bad_item_of_a_list_is_named_even_when_their_join_would_compile() -> None:
    # Joined as alternatives, "(?:a()|(?:)b)" is a valid regex: each item must be judged on its own.
    problems = problems_of("rules:\n  - {name: a, when: {title: ['a(', ')b', ok]}, then: {impact: internal}}\n")
    assert len(problems) == 2
    assert "rules[0].when.title[0]: invalid regex 'a('" in problems[0]
    assert "rules[0].when.title[1]: invalid regex ')b'" in problems[1]


def test_backtracking_regex_features_are_rejected() -> None:
    (problem,) = problems_of("rules:\n  - {name: a, when: {body: '(a)\\1'}, then: {impact: internal}}\n")
    assert "no backreferences" in problem


def test_file_condition_at_pr_level_explains_the_fix() -> None:
    (problem,) = problems_of("rules:\n  - {name: a, when: {path: 'x/**'}, then: {impact: internal}}\n")
    assert "put it under any_file, all_files or no_file" in problem


def test_rule_needs_exactly_one_outcome() -> None:
    (problem,) = problems_of("rules:\n  - {name: a, when: {files: 1}, then: {impact: internal, surface: internal}}\n")
    assert "exactly one of `impact`" in problem


def test_yaml_syntax_error_has_a_position() -> None:
    with pytest.raises(ConfigError) as info:
        load_config_text("rules:\n  - name: [unclosed\n", "cfg.yml")
    assert str(info.value).startswith("cfg.yml:")
    assert "invalid YAML" in str(info.value)


def test_duplicate_keys_are_an_error() -> None:
    with pytest.raises(ConfigError, match="invalid YAML"):
        load_config_text("extends: defaults\nextends: none\n", "cfg.yml")


def test_yaml_1_2_does_not_turn_no_into_false() -> None:
    # YAML 1.1 would read `no` as a boolean; 1.2 keeps it a string, so it is a valid label name.
    config = load_config_text("labels:\n  internal: {name: no}\n", "c.yml")
    assert config.labels["internal"].name == "no"


@pytest.mark.parametrize(("depth", "message"), [
    (100, "too large or too deep"),  # parsed, then refused before anything walks it
    (400, "invalid YAML"),  # deeper than the parser's recursion can go
])
def test_deeply_nested_yaml_is_an_error_not_a_crash(depth: int, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config_text("a: " + "[" * depth + "]" * depth + "\n", "c.yml")


def test_missing_config_file_is_reported(tmp_path: object) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config("/nonexistent/pr-impact.yml")


def test_defaults_validate_against_the_published_schema() -> None:
    errors = list(Draft202012Validator(config_schema()).iter_errors(builtin_rules()))
    assert errors == []
    Draft202012Validator.check_schema(config_schema())


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=3),
                    max_leaves=12))
def test_any_yaml_value_under_rules_loads_or_raises_config_error(value: object) -> None:
    import json

    with contextlib.suppress(ConfigError):
        load_config_text(json.dumps({"rules": [{"name": "r", "when": value, "then": {"impact": "internal"}}]}), "f.yml")


def test_published_schema_file_is_up_to_date() -> None:
    import json
    from pathlib import Path

    published = Path(__file__).parent.parent.parent / "schema" / "pr-impact.schema.json"
    assert json.loads(published.read_text()) == config_schema(), "run: pr-impact schema > schema/pr-impact.schema.json"


def test_catastrophic_regex_cannot_stall_a_run() -> None:
    # `(a+)+$` backtracks exponentially in Python's re; RE2 matches it in linear time.
    config = load_config_text(
        "rules:\n  - {name: evil, when: {body: '(a+)+$'}, then: {impact: internal, weight: 99}}\n", "c.yml")
    pr = PullRequest(title="x", body="a" * 200_000 + "!", files=SRC.files)
    assert "evil" not in {e.rule for e in classify(pr, config).evidence}


def test_duplicate_rule_names_are_reported() -> None:
    (problem,) = problems_of("rules:\n  - {name: a, when: {files: 1}, then: {impact: internal}}\n"
                             "  - {name: a, when: {files: 2}, then: {impact: internal}}\n")
    assert "cfg.yml:3:" in problem and "duplicate rule name 'a' (also rules[0])" in problem


def test_disable_names_must_exist() -> None:
    (problem,) = problems_of("disable: [ships-cod]\n")
    assert "disable[0]: no built-in rule is named 'ships-cod' (did you mean 'ships-code'?)" in problem


def test_two_classes_cannot_share_a_label() -> None:
    (problem,) = problems_of("labels:\n  internal: {name: 'Impact: Tech-Debt'}\n")
    assert "labels.internal.name" in problem and "also the tech-debt label" in problem


def test_threshold_min_above_max_is_reported() -> None:
    (problem,) = problems_of("rules:\n  - {name: a, when: {files: {min: 5, max: 1}}, then: {impact: internal}}\n")
    assert "rules[0].when.files: min 5 is greater than max 1" in problem


def test_empty_glob_list_says_so() -> None:
    (problem,) = problems_of("areas:\n  Checkout: []\n")
    assert "areas.Checkout: expected at least one entry, got an empty list" in problem


@pytest.mark.parametrize(("text", "where"), [
    ('rules:\n  - name: a\n    when: {title: "\\ud800x"}\n    then: {impact: internal, weight: 1, reason: r}\n',
     "x.yml:3:12: rules[0].when.title: pattern "),
    ('areas:\n  a: ["src/\\udc00*"]\n', "x.yml:2:7: areas.a[0]: pattern "),
])
def test_half_a_surrogate_pair_in_a_pattern_is_a_config_error(text: str, where: str) -> None:
    """YAML's "\\ud800" escape gives a string RE2 cannot encode: a located problem, not a crash."""
    with pytest.raises(ConfigError) as caught:
        load_config_text(text, "x.yml")
    assert where in str(caught.value) and "half of a surrogate pair" in str(caught.value)


def test_every_problem_is_reported_at_once_sorted_by_line() -> None:
    """An unknown top-level key (a schema problem) does not hide what the compiler finds."""
    text = ("rules:\n"
            "  - {name: a, when: {title: '(unclosed'}, then: {impact: internal}}\n"
            "  - {name: a, when: {files: 2}, then: {impact: internal}}\n"
            "areas:\n"
            "  Checkout: ['src/+(a|b)']\n"
            "disable: [ships-cod]\n"
            "colour: red\n")
    problems = problems_of(text)
    assert [p.split(":")[1] for p in problems] == ["2", "3", "5", "6", "7"], problems
    for found, expected in zip(problems, ["rules[0].when.title: invalid regex", "duplicate rule name 'a'",
                                          "areas.Checkout", "no built-in rule is named 'ships-cod'",
                                          "unknown key 'colour'"], strict=True):
        assert expected in found, found


def test_a_rule_the_schema_refuses_does_not_hide_the_others() -> None:
    text = ("rules:\n"
            "  - {name: a, when: {titel: x}, then: {impact: internal}}\n"
            "  - {name: b, when: {title: '('}, then: {impact: internal}}\n")
    problems = problems_of(text)
    assert len(problems) == 2 and "rules[0].when.titel" in problems[0] and "rules[1].when.title" in problems[1]


def test_schema_id_names_the_published_file() -> None:
    from pathlib import Path

    schema_id = config_schema()["$id"]
    name = schema_id.rsplit("/", 1)[-1]
    assert schema_id.endswith("/schema/pr-impact.schema.json")
    assert (Path(__file__).parent.parent.parent / "schema" / name).is_file()


def test_a_mapping_as_a_key_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="a mapping key is itself a mapping or a list"):
        load_config_text("? : :", "cfg.yml")


def test_ships_tests_whether_a_files_kind_ships() -> None:
    config = load_config_text("extends: none\nrules:\n  - {name: shipped, when: {any_file: {ships: true}},"
                              " then: {impact: user-facing, weight: 1}}\n", "cfg.yml")
    tests_only = PullRequest(title="x", files=(FileChange("tests/test_a.py", additions=1),))
    assert {e.rule for e in classify(SRC, config).evidence} == {"shipped"}
    assert classify(tests_only, config).evidence == ()


@pytest.mark.parametrize(("text", "says"), [
    # Values that cannot be scored.
    ('areas:\n  1: "a/**"\n  "1": "b/**"\n', "area '1' is named twice"),
    ("rules: [{name: w, when: {files: 1}, then: {impact: internal, weight: .nan}}]\n", "finite number"),
    ("rules: [{name: w, when: {files: 1}, then: {weights: {internal: .nan}}}]\n", "finite number"),
    ("decision: {prior: {internal: .nan}}\n", "finite number"),
    # Per-class weights.
    ("rules: [{name: x, when: {files: 1}, then: {weights: {users: 1}}}]\n", "'users'"),
    ("rules: [{name: x, when: {files: 1}, then: {weights: {}}}]\n", "weights"),
    ("rules: [{name: x, when: {files: 1}, then: {weights: {internal: 1}, impact: internal}}]\n", "exactly one of"),
    # Confidence thresholds, reported where they are.
    ("decision: {confidence: {high: {internal: x}, medium: 0.5}}\n",
     "decision.confidence.high.internal: expected a number"),
    ("decision: {confidence: {high: {internal: null}, medium: 0.5}}\n",
     "decision.confidence.high.internal: expected a number"),
    ("decision: {confidence: {high: 1.5, medium: 0.5}}\n", "1.5 is greater than the maximum of 1"),
    ("decision: {confidence: {high: {internl: 0.9}, medium: 0.5}}\n",
     "unknown key 'internl' (did you mean 'internal'?)"),
    ("decision: {confidence: {high: {}, medium: 0.5}}\n", "should be non-empty"),
])
def test_bad_values_are_reported(text: str, says: str) -> None:
    problems = problems_of(text)
    assert any(says in p for p in problems), problems


def test_the_readme_config_examples_load_and_their_new_keys_decide() -> None:
    import re
    from pathlib import Path

    readme = (Path(__file__).parent.parent.parent / "README.md").read_text(encoding="utf-8")
    configs = [block for block in re.findall(r"```yaml\n(.*?)```", readme, re.DOTALL)
               if re.search(r"^(rules|decision|extends):", block, re.MULTILINE)
               and not re.search(r"^(on|jobs|repos):", block, re.MULTILINE)]
    assert len(configs) >= 3
    loaded = [load_config_text(block, f"readme-{i}.yml") for i, block in enumerate(configs)]
    example = next(c for c in loaded if any(r.name == "install-steps-changed" for r in c.impact_rules))
    guide = FileChange("docs/install/linux.md", "modified", 1, 1,
                       "@@ -1,3 +1,3 @@\n ```sh\n-brew install yazi\n+brew install yazi --HEAD\n ```")
    moved = (FileChange("src/a.py", "modified", 0, 2, "@@ -1,2 +0,0 @@\n-total = add(a, b)\n-print(total)"),
             FileChange("src/b.py", "modified", 2, 0, "@@ -0,0 +1,2 @@\n+total = add(a, b)\n+print(total)"))
    guided = classify(PullRequest(title="x", files=(guide,)), example)
    assert "install-steps-changed" in {e.rule for e in guided.evidence}
    fired = {e.rule for e in classify(PullRequest(title="x", files=moved), example).evidence}
    assert "moved-not-changed" in fired and "install-steps-changed" not in fired
