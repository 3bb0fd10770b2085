"""Real throwaway git repositories for tests, independent of the machine's git configuration."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

# Fixed identity, branch name and no user/system config: tests behave the same on a fresh machine.
_ISOLATION = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.com",
    "GIT_COMMITTER_NAME": "Test Committer",
    "GIT_COMMITTER_EMAIL": "committer@example.com",
    "LC_ALL": "C",
}
_BASE_TIME = 1_700_000_000


def isolated_env(global_config: Path) -> dict[str, str]:
    """os.environ with git pointed at `global_config` and a fixed identity."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(_ISOLATION, GIT_CONFIG_GLOBAL=str(global_config))
    return env


class GitRepo:
    """A working repository in a temporary directory, driven by the real git binary."""

    def __init__(self, path: Path, env: dict[str, str]) -> None:
        self.path = path
        self.env = env
        self._tick = 0

    @classmethod
    def create(cls, path: Path, global_config: Path) -> GitRepo:
        """`git init` a repository whose first branch is main."""
        path.mkdir(parents=True, exist_ok=True)
        repo = cls(path, isolated_env(global_config))
        repo.git("-c", "init.defaultBranch=main", "init", "-q")
        return repo

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        """Run git in the repository and return stdout (raises on failure)."""
        return self.git_bytes(*args, env=env).decode("utf-8", "replace").strip()

    def git_bytes(self, *args: str, env: dict[str, str] | None = None) -> bytes:
        """Run git in the repository and return its stdout untouched (raises on failure)."""
        proc = subprocess.run(
            ["git", *args], cwd=self.path, env={**self.env, **(env or {})}, capture_output=True, check=False
        )
        if proc.returncode:
            raise AssertionError(f"git {args} failed: {proc.stderr.decode(errors='replace')}")
        return proc.stdout

    def write(self, relpath: str | bytes, content: str | bytes) -> Path:
        """Write a file (bytes paths allowed for non-UTF-8 names)."""
        target = Path(os.fsdecode(os.path.join(os.fsencode(self.path), os.fsencode(relpath))))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode() if isinstance(content, str) else content)
        return target

    def commit(self, message: str, files: dict[str, str | bytes] | None = None, *, email: str | None = None) -> str:
        """Write `files`, stage everything and commit with a strictly increasing date; returns the sha."""
        for relpath, content in (files or {}).items():
            self.write(relpath, content)
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, env=self._dated(email))
        return self.git("rev-parse", "HEAD")

    def _dated(self, email: str | None) -> dict[str, str]:
        """Commit dates one minute apart, so date order is deterministic."""
        self._tick += 1
        stamp = f"@{_BASE_TIME + 60 * self._tick} +0000"
        env = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        if email:
            env["GIT_AUTHOR_EMAIL"] = email
        return env

    def branch(self, name: str, start: str = "HEAD") -> None:
        """Create branch `name` at `start` and switch to it."""
        self.git("checkout", "-q", "-b", name, start)

    def checkout(self, rev: str) -> None:
        """Switch to a branch or commit."""
        self.git("checkout", "-q", rev)

    def merge(self, rev: str, message: str) -> str:
        """Merge `rev` into the current branch with a real merge commit; returns its sha."""
        self.git("merge", "-q", "--no-ff", "-m", message, rev, env=self._dated(None))
        return self.git("rev-parse", "HEAD")

    def add_origin(self, bare: Path, *branches: str, head: str = "main") -> None:
        """Create bare repository `bare`, push `branches` to it and set origin/HEAD to `head`."""
        subprocess.run(["git", "init", "-q", "--bare", str(bare)], env=self.env, check=True)
        self.git("remote", "add", "origin", str(bare))
        self.git("push", "-q", "origin", *(branches or (head,)))
        self.git("remote", "set-head", "origin", head)
