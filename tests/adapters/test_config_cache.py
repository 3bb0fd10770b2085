"""A config this machine has validated is only compiled on the next run: no YAML, no JSON Schema."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pr_impact.adapters import config_cache, config_file
from pr_impact.adapters.config_cache import ConfigCache, cache_from_env
from pr_impact.adapters.config_file import load_config_text
from pr_impact.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent.parent
CONFIG = """\
areas:
  Checkout: "src/checkout/**"
rules:
  - name: checkout-is-money
    when: {any_file: {path: "src/checkout/**"}}
    then: {impact: user-facing, weight: 3, reason: Checkout changes reach customers}
decision:
  confidence: {high: {internal: 0.99}}
"""


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sources validated against the schema, in order."""
    seen: list[str] = []
    real = config_file._validated

    def counting(text: str, source: str, defaults: object) -> object:
        seen.append(source)
        return real(text, source, defaults)  # type: ignore[arg-type]

    monkeypatch.setattr(config_file, "_validated", counting)
    return seen


def test_a_config_validated_once_is_compiled_the_same_from_the_cache(tmp_path: Path, validations: list[str]) -> None:
    cache = ConfigCache(tmp_path)
    first = load_config_text(CONFIG, "a.yml", cache)
    second = load_config_text(CONFIG, "a.yml", cache)
    assert validations == ["a.yml"]
    assert [a.name for a in second.areas] == [a.name for a in first.areas] and second.decision == first.decision
    for path in ("src/checkout/pay.py", "docs/x.md"):
        assert [bool(a.matcher.match(path)) for a in second.areas] == [bool(a.matcher.match(path)) for a in first.areas]
    assert [r.name for r in second.impact_rules] == [r.name for r in first.impact_rules]
    assert load_config_text(CONFIG + "# edited\n", "a.yml", cache) and validations == ["a.yml", "a.yml"]


def test_an_invalid_config_is_never_kept(tmp_path: Path) -> None:
    cache = ConfigCache(tmp_path)
    for _ in range(2):
        with pytest.raises(ConfigError):
            load_config_text("rules: [{name: x, when: {title: 5}, then: {impact: internal}}]\n", "a.yml", cache)
    assert not list(tmp_path.iterdir())


def test_a_damaged_entry_is_validated_again(tmp_path: Path, validations: list[str]) -> None:
    cache = ConfigCache(tmp_path)
    load_config_text(CONFIG, "a.yml", cache)
    [entry] = tmp_path.iterdir()
    damages = ("{not json", "[1, 2]", json.dumps({"rules": [{"name": "x"}]}), json.dumps({"areas": 5}),
               json.dumps({"decision": 5}), json.dumps({"labels": {"internal": 5}}), json.dumps({"disable": 5}),
               json.dumps({"rules": [{"name": "x", "when": {"files": 1}, "then": {"impact": "internal",
                                                                              "weight": "heavy"}}]}))
    for damage in damages:
        entry.write_text(damage)
        assert load_config_text(CONFIG, "a.yml", cache).areas[0].name == "Checkout", damage
    assert len(validations) == 1 + len(damages)


def test_an_entry_that_is_not_a_plain_file_is_not_read(tmp_path: Path, validations: list[str]) -> None:
    cache = ConfigCache(tmp_path / "cache")
    load_config_text(CONFIG, "a.yml", cache)
    [entry] = (tmp_path / "cache").iterdir()
    elsewhere = tmp_path / "planted.json"
    elsewhere.write_text(json.dumps({"extends": "none"}))
    entry.unlink()
    entry.symlink_to(elsewhere)  # someone else's data, where the entry should be
    assert len(load_config_text(CONFIG, "a.yml", cache).impact_rules) > 1  # the built-in rules are kept
    assert len(validations) == 2


def test_the_folder_is_private_and_bounded(tmp_path: Path) -> None:
    cache = ConfigCache(tmp_path / "cache")
    for i in range(config_cache.MAX_ENTRIES + 5):
        cache.put(f"# config {i}\n", {})
    entries = list((tmp_path / "cache").iterdir())
    assert len(entries) == config_cache.MAX_ENTRIES and all(e.suffix == ".json" for e in entries)
    if os.name != "nt":
        assert (tmp_path / "cache").stat().st_mode & 0o777 == 0o700


def test_a_folder_that_cannot_be_written_only_makes_runs_slower(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")  # a folder cannot be made under a file, even by root
    config = load_config_text(CONFIG, "a.yml", ConfigCache(tmp_path / "a-file" / "cache"))
    assert config.areas[0].name == "Checkout"


def test_the_folder_comes_from_the_environment() -> None:
    assert cache_from_env({"PR_IMPACT_CACHE_DIR": "/c"}) == ConfigCache(Path("/c"))
    assert cache_from_env({"PR_IMPACT_CACHE_DIR": "", "HOME": "/h"}) is None
    assert cache_from_env({"XDG_CACHE_HOME": "/x", "HOME": "/h"}) == ConfigCache(Path("/x/pr-impact/configs"))
    assert cache_from_env({"HOME": "/h"}) == ConfigCache(Path("/h/.cache/pr-impact/configs"))
    assert cache_from_env({"XDG_CACHE_HOME": "rel", "HOME": "/h"}) == ConfigCache(Path("/h/.cache/pr-impact/configs"))
    assert cache_from_env({}) is None


def test_a_second_check_imports_neither_yaml_nor_json_schema(tmp_path: Path) -> None:
    (tmp_path / "c.yml").write_text(CONFIG)
    env = {**os.environ, "PR_IMPACT_CACHE_DIR": str(tmp_path / "cache")}
    probe = ("import runpy, sys; sys.argv = ['pr-impact', 'check', '--snapshot', sys.argv[1], '--config', sys.argv[2],"
             " '--format', 'json']\ntry:\n    runpy.run_module('pr_impact', run_name='__main__')\nexcept SystemExit:\n"
             "    pass\nprint(sorted(m for m in ('ruamel', 'jsonschema') if m in sys.modules), file=sys.stderr)")
    argv = [sys.executable, "-c", probe, str(ROOT / "examples" / "dark-mode-pr.json"), str(tmp_path / "c.yml")]
    runs = [subprocess.run(argv, capture_output=True, text=True, env=env, check=False) for _ in range(2)]
    assert runs[0].stderr.strip().endswith("['jsonschema', 'ruamel']"), runs[0].stderr
    assert runs[1].stderr.strip().endswith("[]"), runs[1].stderr
    assert runs[0].stdout == runs[1].stdout and json.loads(runs[1].stdout)["impact"] == "user-facing"
