"""The Action harness as a fixture: PR #7 on a fake GitHub, for the Action's test modules."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.commands.test_action import Harness, harness


@pytest.fixture
def h(tmp_path: Path) -> Iterator[Harness]:
    with harness(tmp_path) as rig:
        yield rig
