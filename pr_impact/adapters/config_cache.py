"""Configs this machine has already validated, kept by content, so `check` skips YAML and JSON Schema."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from pr_impact import __version__

# Reading YAML and validating it against the schema costs about as much as the rest of a `check`
# together (the libraries' imports most of it). A config changes rarely and is read on every push,
# so once it has passed, its plain data is kept and the next run only compiles it.


class ConfigCache(NamedTuple):
    """A folder of validated configs: one JSON file per config text, named by a hash of the text and
    of what judged it (pr-impact's version and its schema), so an edit or an upgrade is a miss."""

    directory: Path

    def get(self, text: str) -> dict[str, Any] | None:
        """The validated data of `text`, or None when this machine has not validated it (or the entry
        cannot be read: a cache is only ever a shortcut)."""
        try:
            data = json.loads(self._path(text).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def put(self, text: str, data: dict[str, Any]) -> None:
        """Keep the validated data of `text`; a folder that cannot be written only makes runs slower."""
        path = self._path(text)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            partial.write_text(json.dumps(data), encoding="utf-8")
            partial.replace(path)  # whole or not at all, even with two runs at once
        except OSError:
            with contextlib.suppress(OSError):
                partial.unlink()

    def _path(self, text: str) -> Path:
        key = f"{__version__}\0{_schema_digest()}\0{text}".encode("utf-8", "surrogatepass")
        return self.directory / f"{hashlib.sha256(key).hexdigest()}.json"


@cache
def _schema_digest() -> str:
    from pr_impact.core.schema import config_schema

    return hashlib.sha256(json.dumps(config_schema(), sort_keys=True).encode()).hexdigest()


def cache_from_env(env: Mapping[str, str]) -> ConfigCache | None:
    """`$PR_IMPACT_CACHE_DIR`, else `$XDG_CACHE_HOME/pr-impact/configs`, else `~/.cache/pr-impact/configs`;
    none when `PR_IMPACT_CACHE_DIR` is set but empty, or no home is known."""
    if "PR_IMPACT_CACHE_DIR" in env:
        return ConfigCache(Path(env["PR_IMPACT_CACHE_DIR"])) if env["PR_IMPACT_CACHE_DIR"] else None
    base = env.get("XDG_CACHE_HOME") or (str(Path(env["HOME"]) / ".cache") if env.get("HOME") else "")
    return ConfigCache(Path(base) / "pr-impact" / "configs") if base else None
