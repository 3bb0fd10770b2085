"""scripts/ceiling.py: a repository's own habits are learnable from its own labels, not from others'."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest


def _load() -> ModuleType:
    scripts = Path(__file__).parent.parent.parent / "scripts"
    sys.path.insert(0, str(scripts))  # ceiling.py imports its sibling fit.py
    spec = importlib.util.spec_from_file_location("ceiling_script", scripts / "ceiling.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["ceiling_script"] = module
    spec.loader.exec_module(module)
    return module


ceiling = _load()
fit = ceiling.fit


def test_folders_are_every_prefix_of_every_changed_file() -> None:
    snap = {"files": [{"filename": "App/Lib/Widgets/button.dart"}, {"filename": "README.md"}]}
    assert ceiling.folders(snap) == {"dir:app", "dir:app/lib", "dir:app/lib/widgets"}


def test_a_repository_whose_folders_decide_its_labels_is_predictable_from_its_own_labels() -> None:
    pytest.importorskip("sklearn")
    data, extra = [], []
    # Repository "house" calls everything under ui/ internal and everything under core/ user-facing;
    # the other repositories do the opposite (all call perf/ tech-debt). Only its own labels can teach that.
    for repo, ui_class, core_class in (("house", "internal", "user-facing"), ("a", "user-facing", "internal"),
                                       ("b", "user-facing", "internal")):
        for i in range(20):
            for folder, truth in (("ui", ui_class), ("core", core_class), ("perf", "tech-debt")):
                data.append(fit.Example(repo, truth, frozenset({f"fact-{folder}"}), f"change {i}"))
                extra.append({f"dir:{folder}"})
    preds = ceiling.ceiling(data, extra)
    house = [p for p in preds if p.repo == "house"]
    assert len(house) == 60 and all(p.verdict == p.truth for p in house)
    # Fitted on the other repositories alone, the same PRs would all be wrong.
    model = fit.fit([e for e in data if e.repo != "house"], ["fact-ui", "fact-core", "fact-perf"])
    house_ui_and_core = [e for e in data if e.repo == "house" and e.truth != "tech-debt"]
    assert all(fit.decide(model.scores(e.features)) != e.truth for e in house_ui_and_core)


def test_every_pr_is_predicted_in_order_but_only_labelled_ones_train() -> None:
    pytest.importorskip("sklearn")
    data, extra = [], []
    for repo in ("a", "b", "c"):
        for i in range(15):
            for feature, truth in (("fact-ui", "user-facing"), ("fact-ci", "internal"), ("fact-perf", "tech-debt")):
                data.append(fit.Example(repo, truth, frozenset({feature}), f"change {i}"))
                extra.append(set())
        # Either-or and disputed PRs (no class to train as) whose features say the opposite of the labels.
        data += [fit.Example(repo, "user-facing|internal", frozenset({"fact-ci"}), "docs"),
                 fit.Example(repo, "", frozenset({"fact-ui"}), "disputed")]
        extra += [set(), set()]
    preds = ceiling.ceiling(data, extra)
    assert [p.repo for p in preds] == [e.repo for e in data]  # one prediction per PR, in order
    assert [p.verdict for p, e in zip(preds, data, strict=True) if e.title == "docs"] == ["internal"] * 3
    assert [p.verdict for p, e in zip(preds, data, strict=True) if e.title == "disputed"] == ["user-facing"] * 3
