"""Shared fixtures and Hypothesis profiles for the test suite."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.fake_model import FakeModel
from tests.gitrepo import isolated_env

settings.register_profile("fast", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))


@pytest.fixture
def global_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty global git config, for the test's git helper and pr-impact's own git processes alike."""
    config = tmp_path / "gitconfig"
    config.write_text("")
    for key in [k for k in os.environ if k.startswith("GIT_")]:
        monkeypatch.delenv(key)
    for key, value in isolated_env(config).items():
        if key.startswith("GIT_") or key == "LC_ALL":
            monkeypatch.setenv(key, value)
    return config


@pytest.fixture(autouse=True)
def _own_config_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test, and every pr-impact it starts, keeps validated configs in a folder of its own, never
    in the user's ~/.cache (and never sees a config validated by another test)."""
    monkeypatch.setenv("PR_IMPACT_CACHE_DIR", str(tmp_path_factory.mktemp("config-cache")))


@pytest.fixture(autouse=True)
def _writer_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test, and no pr-impact it starts, asks a model unless it points the writer at a fake itself."""
    for name in ("PR_IMPACT_MODEL", "PR_IMPACT_MODEL_URL", "PR_IMPACT_MODEL_TOKEN"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fake_model() -> Iterator[FakeModel]:
    """A fake OpenAI-compatible API on 127.0.0.1 (tests/fake_model.py)."""
    with FakeModel() as model:
        yield model
