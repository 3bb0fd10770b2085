"""Configs this machine has already validated, kept by content, so `check` skips YAML and JSON Schema."""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from pr_impact import __version__

# Reading YAML and validating it against the schema costs about as much as the rest of a `check`
# together (the libraries' imports most of it). A config changes rarely and is read on every push,
# so once it has passed, its plain data is kept and the next run only compiles it.
MAX_ENTRY_BYTES = 4_000_000  # a config is at most 1 MB of YAML; its JSON stays well under this
MAX_ENTRIES = 100  # the newest kept: one per config text and pr-impact version


class ConfigCache(NamedTuple):
    """A folder of validated configs: one JSON file per config text, named by a hash of the text and
    of what judged it (pr-impact's version and its schema), so an edit or an upgrade is a miss."""

    directory: Path

    def get(self, text: str) -> dict[str, Any] | None:
        """The validated data of `text`, or None when this machine has not validated it, or the entry
        is not a plain file of this user's that reads as a JSON object (a cache is only a shortcut)."""
        try:
            fd = os.open(self._path(text), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            return None
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES or not _ours(info):
                return None
            try:
                data = json.loads(fh.read(MAX_ENTRY_BYTES))
            except (OSError, ValueError):
                return None
        return data if isinstance(data, dict) else None

    def put(self, text: str, data: dict[str, Any]) -> None:
        """Keep the validated data of `text`; a folder that cannot be written only makes runs slower."""
        import tempfile  # only on a miss: a hit must stay cheap

        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, partial = tempfile.mkstemp(dir=self.directory, suffix=".partial")
        except OSError:
            return
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh)
            os.replace(partial, self._path(text))  # whole or not at all, even with two runs at once
            self._prune()
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(partial)

    def _prune(self) -> None:
        """Drop all but the newest MAX_ENTRIES entries (older versions' and edited configs')."""
        entries = sorted(self.directory.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[MAX_ENTRIES:]:
            with contextlib.suppress(OSError):
                old.unlink()

    def _path(self, text: str) -> Path:
        import hashlib  # OpenSSL's import: paid only in a repository that has a config

        key = f"{__version__}\0{_schema_digest()}\0{text}".encode("utf-8", "surrogatepass")
        return self.directory / f"{hashlib.sha256(key).hexdigest()}.json"


def _ours(info: os.stat_result) -> bool:
    """An entry another user could have written is not trusted (a shared PR_IMPACT_CACHE_DIR)."""
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


@cache
def _schema_digest() -> str:
    import hashlib

    from pr_impact.core.schema import config_schema

    return hashlib.sha256(json.dumps(config_schema(), sort_keys=True).encode()).hexdigest()


def cache_from_env(env: Mapping[str, str]) -> ConfigCache | None:
    """`$PR_IMPACT_CACHE_DIR`, else `$XDG_CACHE_HOME/pr-impact/configs` (an absolute one, as XDG says),
    else `~/.cache/pr-impact/configs`; none when `PR_IMPACT_CACHE_DIR` is set but empty, or no home is known."""
    if "PR_IMPACT_CACHE_DIR" in env:
        return ConfigCache(Path(env["PR_IMPACT_CACHE_DIR"])) if env["PR_IMPACT_CACHE_DIR"] else None
    xdg = env.get("XDG_CACHE_HOME", "")
    base = xdg if os.path.isabs(xdg) else (str(Path(env["HOME"]) / ".cache") if env.get("HOME") else "")
    return ConfigCache(Path(base) / "pr-impact" / "configs") if base else None
