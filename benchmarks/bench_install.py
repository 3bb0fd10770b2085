"""Cold and warm install time of action.yml's own install step, next to the step as it was (58a72eb).

Each step's `run:` script is taken from its action.yml (today's from the working tree, the old one
from `git show 58a72eb:action.yml`) and run by bash as the runner runs it, against a copy of its own
action folder, on a bare setup: a fresh HOME, empty pip and uv caches, no pip configuration, no uv on
PATH and a fresh RUNNER_TEMP. Packages come from the package index. Cold runs alternate old and new,
best of three each; a warm run repeats the step with the caches the cold run left (a self-hosted
runner, or one that caches ~/.cache). After each new install, the Action's classification step runs
from what was installed against the fake GitHub in tests/, to show it works and what a run costs.
Nothing is asserted.
Run: python benchmarks/bench_install.py [--rounds N] [--python PATH]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the fake GitHub lives with the tests

import bench_action  # noqa: E402
from fake_github import FakeGitHub  # noqa: E402

OLD = "58a72eb"
# What the machine needs to reach the index (certificates, proxies): passed on, the rest is not.
PASS_ON = ("SSL_CERT_FILE", "SSL_CERT_DIR", "PIP_CERT", "HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "https_proxy",
           "http_proxy", "no_proxy", "LANG")


def load_action(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


def step(action: Any, prefix: str) -> Any:
    """The composite step whose name starts with `prefix`."""
    return next(s for s in action["runs"]["steps"] if s.get("name", "").startswith(prefix))


def action_folder(dest: Path, rev: str | None) -> Path:
    """The action's files at `rev`, or the working tree's tracked and new files when `rev` is None."""
    dest.mkdir(parents=True)
    if rev is not None:
        archive = subprocess.run(["git", "archive", "--format=tar", rev], cwd=ROOT, capture_output=True, check=True)
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(dest, filter="data")
        return dest
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    return dest


def bare_path(python: str, bin_dir: Path) -> str:
    """PATH with `python` as python3 first, then the system's folders that hold no uv."""
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "python3").symlink_to(python)
    kept = [d for d in os.environ.get("PATH", "").split(os.pathsep)
            if d and not (Path(d) / "uv").exists() and ".venv" not in d and "shims" not in d]
    return os.pathsep.join([str(bin_dir), *kept])


class Runner:
    """A bare runner machine: one HOME with its caches, and a fresh RUNNER_TEMP for every step."""

    def __init__(self, base: Path, python: str) -> None:
        self.base = base
        home = base / "home"
        home.mkdir(parents=True)
        self.env = {k: v for k, v in os.environ.items() if k in PASS_ON}
        self.env.update({
            "PATH": bare_path(python, base / "bin"), "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_CONFIG_HOME": str(home / ".config"), "PIP_CACHE_DIR": str(home / ".cache/pip"),
            "UV_CACHE_DIR": str(home / ".cache/uv"), "PIP_CONFIG_FILE": os.devnull, "RUNNER_OS": "Linux",
            "GITHUB_ACTIONS": "true", "CI": "true"})
        self.count = 0

    def step_env(self) -> dict[str, str]:
        """The environment of one step: a fresh RUNNER_TEMP, empty GITHUB_OUTPUT and GITHUB_ENV files."""
        self.count += 1
        temp = self.base / f"runner-temp-{self.count}"
        temp.mkdir()
        env = {**self.env, "RUNNER_TEMP": str(temp)}
        for name in ("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_STEP_SUMMARY"):
            (temp / name).write_text("", encoding="utf-8")
            env[name] = str(temp / name)
        return env


def run_script(script: str, env: dict[str, str], cwd: Path) -> float:
    """Run a step's script as the runner does (`bash --noprofile --norc -eo pipefail`); return its seconds."""
    path = Path(env["RUNNER_TEMP"]) / "step.sh"
    path.write_text(script, encoding="utf-8")
    started = time.perf_counter()
    proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(path)], env=env, cwd=cwd,
                          capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"step failed (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}")
    return elapsed


def key_values(path: str) -> dict[str, str]:
    """name=value lines of a GITHUB_OUTPUT or GITHUB_ENV file."""
    return dict(line.split("=", 1) for line in Path(path).read_text(encoding="utf-8").splitlines() if "=" in line)


def expand(value: str, context: dict[str, str]) -> str:
    """Replace `${{ name }}` expressions the way the runner would, from `context`."""
    return re.sub(r"\$\{\{\s*([\w.-]+)\s*\}\}", lambda m: context[m.group(1)], str(value))


class Install:
    """One version of the Action: its folder, its install step and how its classification step starts."""

    def __init__(self, name: str, base: Path, rev: str | None) -> None:
        self.name = name
        self.folder = action_folder(base / f"action-{name}", rev)
        self.action = load_action((self.folder / "action.yml").read_text(encoding="utf-8"))
        self.install = step(self.action, "Install")
        self.classify = step(self.action, "Classify")

    def run(self, runner: Runner) -> tuple[float, dict[str, str]]:
        """Seconds the install step took, and the environment the classification step then gets."""
        env = {**runner.step_env(), **{k: expand(v, {"github.action_path": str(self.folder)})
                                       for k, v in self.install.get("env", {}).items()}}
        seconds = run_script(self.install["run"], env, self.folder)
        context = {"github.token": bench_action.TOKEN}
        context.update({f"inputs.{k}": expand(v.get("default", ""), context)
                        for k, v in self.action["inputs"].items()})
        context.update({f"steps.install.outputs.{k}": v for k, v in key_values(env["GITHUB_OUTPUT"]).items()})
        then = {**runner.step_env(), **key_values(env["GITHUB_ENV"])}
        then.update({k: expand(v, context) for k, v in self.classify.get("env", {}).items()})
        return seconds, then


def classify(install: Install, env: dict[str, str], n: int) -> tuple[float, int]:
    """Run the classification step on a first run for an `n`-file PR; (seconds, HTTP requests)."""
    with FakeGitHub(bench_action.fresh_state(n)) as gh:
        event = Path(env["RUNNER_TEMP"]) / "event.json"
        event.write_text(json.dumps(bench_action.event(n, [])), encoding="utf-8")
        env = {**env, **gh.env(), "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(event)}
        seconds = run_script(install.classify["run"], env, install.folder)
        return seconds, len(gh.state.requests)


def import_profile(install: Install, env: dict[str, str]) -> dict[str, float]:
    """Seconds of a classification run spent importing, by who owns the module: each locked package, pr-impact,
    the standard library; plus the interpreter's own start and the whole step."""
    lib = Path(env["PR_IMPACT_PATH"].split(os.pathsep)[-1])
    packages = {p.name.split(".")[0] for p in lib.iterdir() if not p.name.endswith(".dist-info")}
    started = time.perf_counter()
    run_script(f"{env['PR_IMPACT_PYTHON']} -S -c pass", {**env}, install.folder)
    profile = {"interpreter start": time.perf_counter() - started}
    with FakeGitHub(bench_action.fresh_state(100)) as gh:
        event = Path(env["RUNNER_TEMP"]) / "event.json"
        event.write_text(json.dumps(bench_action.event(100, [])), encoding="utf-8")
        env = {**env, **gh.env(), "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(event),
               "PYTHONPROFILEIMPORTTIME": "1"}
        path = Path(env["RUNNER_TEMP"]) / "classify.sh"
        path.write_text(install.classify["run"], encoding="utf-8")
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(path)], env=env,
                              cwd=install.folder, capture_output=True, text=True, check=True)
    for line in proc.stderr.splitlines():
        fields = line.removeprefix("import time:").split("|")
        if len(fields) == 3 and fields[0].strip().isdigit():
            root = fields[2].strip().split(".")[0]
            owner = root if root in packages or root == "pr_impact" else "standard library"
            profile[owner] = profile.get(owner, 0.0) + int(fields[0]) / 1e6
    return profile


def best(samples: list[float]) -> str:
    return f"{min(samples):6.2f} s  (runs: {', '.join(f'{s:.2f}' for s in samples)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=3, help="cold runs of each step (the best is shown)")
    parser.add_argument("--python", default=getattr(sys, "_base_executable", sys.executable),
                        help="the interpreter the runner has as python3 (default: this one's base)")
    args = parser.parse_args()
    times: dict[str, list[float]] = {"old cold": [], "new cold": [], "old warm": [], "new warm": []}
    runs: list[tuple[float, int]] = []
    profiles: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="bench-install-") as folder:
        base = Path(folder)
        old, new = Install("old", base, OLD), Install("new", base, None)
        for k in range(args.rounds):
            for install in (old, new):  # interleaved, so both see the same machine and network
                runner = Runner(base / f"{install.name}-{k}", args.python)
                cold, env = install.run(runner)
                warm, _ = install.run(runner)
                times[f"{install.name} cold"].append(cold)
                times[f"{install.name} warm"].append(warm)
                if install is new:
                    runs.append(classify(new, env, 100))
                    runs.append(classify(new, env, 100))  # the bytecode the first run compiled is there now
                    profiles.append(import_profile(new, env))
                print(f"round {k + 1}: {install.name} cold {cold:.2f} s, warm {warm:.2f} s", file=sys.stderr)
    print(f"install step, bare runner ({args.rounds} rounds, old and new interleaved; best of the rounds)")
    for label, samples in times.items():
        print(f"  {label:<9} {best(samples)}")
    print(f"  cold ratio new/old: {min(times['new cold']) / min(times['old cold']):.2f}"
          f"  (warm: {min(times['new warm']) / min(times['old warm']):.2f})")
    print("classification step from the new install, 100-file PR, fake GitHub (first run after install, then again)")
    print(f"  first  {best([s for s, _ in runs[::2]])}, {runs[0][1]} requests")
    print(f"  again  {best([s for s, _ in runs[1::2]])}")
    print("  where the time of one run goes (best of the rounds; imports by the package that owns the module):")
    fastest = {name: min(p.get(name, 0.0) for p in profiles) for name in profiles[0]}
    for name, seconds in sorted(fastest.items(), key=lambda item: -item[1]):
        if seconds >= 0.002:
            print(f"    {name:<20} {seconds * 1000:7.1f} ms")
    print(f"    {'all imports':<20} {sum(s for n, s in fastest.items() if n != 'interpreter start') * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
