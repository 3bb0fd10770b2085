"""The writer's requests for a fixed sample of corpus PRs, so independent readers (or a model) can answer them and a
panel can rate the comments they make. Four steps:

  dump OUTDIR      the exact chat-completions request of each sample PR (blind titles, as the scorer's snapshot()
                   gives them): OUTDIR/requests.jsonl, one readable text per PR in OUTDIR/readers/, and an answers
                   template OUTDIR/answers.jsonl (fill in outcome, why, release_note; keep repo, pr and key)
  ask ANSWERS      send each request to a real model (PR_IMPACT_MODEL, PR_IMPACT_MODEL_URL, PR_IMPACT_MODEL_TOKEN)
                   and write its answers, to be rated or replayed later
  serve ANSWERS    a local OpenAI-compatible server that replays the answers (matched to each request by its key)
  render ANSWERS OUTDIR   the PR comment of each sample PR with those answers: `pr-impact check --snapshot …
                   --format markdown` with the writer pointed at the replay server; one .md per PR and all.md

The sample is scripts/data/panel-sample.tsv (repo, pr); the corpus is read from ../shared/eval with its scorer.
Run: python scripts/writer_requests.py dump /tmp/panel   (then fill /tmp/panel/answers.jsonl, then render)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fit  # the sibling script: the scorer and its data files

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "scripts" / "data" / "panel-sample.tsv"
EVAL = ROOT.parent / "shared" / "eval"
DEFAULT_MODEL = "openai/gpt-4.1-mini"
Snapshot = dict[str, Any]


def sample_ids(path: Path) -> list[tuple[str, str]]:
    """(repo, pr) of each line of a sample file (tab-separated; further columns ignored)."""
    rows = [line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(r[0], r[1]) for r in rows]


def corpus_snapshots(ids: list[tuple[str, str]], eval_dir: Path) -> list[tuple[tuple[str, str], Snapshot]]:
    """The sample's PRs as the tool sees them in blind mode (the scorer's own snapshot(), truth removed)."""
    score = fit.load_scorer(eval_dir)
    rows = {(r["source"]["repo"], str(r["source"]["pr"])): r for r in score.load(fit.data_files(eval_dir))}
    missing = [k for k in ids if k not in rows]
    if missing:
        sys.exit(f"not in the corpus: {missing[:5]}")
    return [(k, score.snapshot(rows[k], blind=True)) for k in ids]


def replay_key(body: Mapping[str, Any]) -> str:
    """What matches an answer to a request: its key without the model's name, so answers written by readers (or
    another model) replay under any name."""
    from pr_impact.core.writer import request_key

    return request_key({k: v for k, v in body.items() if k != "model"})


def requests_for(snaps: Iterable[tuple[tuple[str, str], Snapshot]], model: str,
                 config_path: str | None = None) -> Iterator[dict[str, Any]]:
    """The exact request pr-impact sends for each PR (the shipped prompt, the built-in rules or `config_path`)."""
    from pr_impact.adapters.config_file import default_config, load_config
    from pr_impact.adapters.snapshot import pull_request_from_snapshot
    from pr_impact.adapters.writer import shipped_prompt
    from pr_impact.core.engine import classify
    from pr_impact.core.writer import chat_request, variables

    config = load_config(config_path) if config_path else default_config()
    prompt = shipped_prompt()
    for (repo, pr), snap in snaps:
        verdict = classify(pull_request_from_snapshot(snap), config)
        body = chat_request(prompt, model, variables(verdict))
        yield {"repo": repo, "pr": pr, "impact": verdict.impact, "confidence": verdict.confidence,
               "key": replay_key(body), "body": body}


def reader_text(request: Mapping[str, Any]) -> str:
    """One request as a reader playing the model reads it: the messages, then what to answer."""
    parts = [f"=== {request['repo']}#{request['pr']}"]
    parts += [f"--- {m['role'].upper()}\n{m['content'].rstrip()}" for m in request["body"]["messages"]]
    parts.append('--- YOUR ANSWER: JSON {"outcome": "...", "why": "...", "release_note": "..."} '
                 f"(copy it into answers.jsonl, line of key {request['key']})")
    return "\n\n".join(parts) + "\n"


def dump(snaps: list[tuple[tuple[str, str], Snapshot]], outdir: Path, model: str,
         config_path: str | None = None) -> int:
    """Write requests.jsonl, readers/NN-owner-repo-pr.txt and an answers.jsonl template; the number of PRs."""
    (outdir / "readers").mkdir(parents=True, exist_ok=True)
    requests = list(requests_for(snaps, model, config_path))
    with open(outdir / "requests.jsonl", "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in requests)
    with open(outdir / "answers.jsonl", "w", encoding="utf-8") as fh:
        for r in requests:
            fh.write(json.dumps({"repo": r["repo"], "pr": r["pr"], "key": r["key"], "outcome": "", "why": "",
                                 "release_note": ""}, ensure_ascii=False) + "\n")
    for n, r in enumerate(requests, 1):
        name = f"{n:02d}-{r['repo'].replace('/', '-')}-{r['pr']}.txt"
        (outdir / "readers" / name).write_text(reader_text(r), encoding="utf-8")
    (outdir / "snapshots.jsonl").write_text("".join(json.dumps(s, ensure_ascii=False) + "\n" for _, s in snaps),
                                            encoding="utf-8")
    return len(requests)


def load_answers(path: Path) -> dict[str, dict[str, Any]]:
    """Answers by key (lines with an empty outcome are left out: nothing to replay for them)."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            answer = json.loads(line)
            if answer.get("outcome"):
                out[answer["key"]] = answer
    return out


class Replay:
    """A local OpenAI-compatible API that answers each request with the stored answer of its key (404 if none)."""

    def __init__(self, answers: Mapping[str, Mapping[str, Any]], port: int = 0) -> None:
        self.answers = answers
        self.missed: list[str] = []
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
                key = replay_key(body)
                answer = replay.answers.get(key)
                if answer is None:
                    replay.missed.append(key)
                    self._send(404, {"error": {"message": f"no answer for the request of key {key}"}})
                    return
                content = json.dumps({k: answer.get(k, "") for k in ("outcome", "why", "release_note")})
                self._send(200, {"choices": [{"index": 0, "finish_reason": "stop",
                                              "message": {"role": "assistant", "content": content}}]})

            def _send(self, status: int, data: Any) -> None:
                payload = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> Replay:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def render(snaps: list[tuple[tuple[str, str], Snapshot]], answers: Mapping[str, Mapping[str, Any]], outdir: Path,
           by: str, pr_impact: list[str], config_path: str | None = None) -> list[str]:
    """Each PR's comment with the answers replayed (one `check --snapshot --format markdown` each); the PRs
    whose request had no answer (their comments keep the rules' words)."""
    outdir.mkdir(parents=True, exist_ok=True)
    items, unanswered = [], []
    with Replay(answers) as replay, tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PR_IMPACT_MODEL": by, "PR_IMPACT_MODEL_URL": replay.url}
        env.pop("PR_IMPACT_MODEL_TOKEN", None)
        for n, ((repo, pr), snap) in enumerate(snaps, 1):
            path = Path(tmp) / "pr.json"
            path.write_text(json.dumps(snap), encoding="utf-8")
            argv = [*pr_impact, "check", "--snapshot", str(path), "--format", "markdown"]
            argv += ["--config", config_path] if config_path else []
            proc = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
            if proc.returncode != 0:
                sys.exit(f"{repo}#{pr}: pr-impact failed: {proc.stderr[-500:]}")
            if "no words" in proc.stderr:
                unanswered.append(f"{repo}#{pr}")
            name = f"{n:02d}-{repo.replace('/', '-')}-{pr}.md"
            (outdir / name).write_text(proc.stdout, encoding="utf-8")
            items.append(f"##### ITEM {n}: {repo}#{pr}\n\n{proc.stdout}")
    (outdir / "all.md").write_text("\n".join(items), encoding="utf-8")
    return unanswered


def ask(requests_path: Path, out: Path) -> int:
    """Send each dumped request to the model the environment names; write its answers (keys kept)."""
    from pr_impact.adapters.model_client import ModelClient
    from pr_impact.adapters.writer import writer_setup
    from pr_impact.core.config import WriterSettings
    from pr_impact.core.writer import parse_answer
    from pr_impact.errors import WriterError

    setup = writer_setup(WriterSettings(), os.environ)
    if setup is None:
        sys.exit("set PR_IMPACT_MODEL (and PR_IMPACT_MODEL_URL, PR_IMPACT_MODEL_TOKEN) to the model to ask")
    client = ModelClient(setup.url, setup.token)
    failed = 0
    with open(out, "w", encoding="utf-8") as fh:
        for line in requests_path.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            body = {**r["body"], "model": setup.model}
            try:
                w = parse_answer(client.complete(body), setup.model, r["key"])
                words = {"outcome": w.outcome, "why": w.why, "release_note": w.release_note}
            except WriterError as err:
                failed += 1
                print(f"{r['repo']}#{r['pr']}: {err}", file=sys.stderr)
                words = {"outcome": "", "why": "", "release_note": ""}
            fh.write(json.dumps({"repo": r["repo"], "pr": r["pr"], "key": r["key"], **words, "by": setup.model},
                                ensure_ascii=False) + "\n")
    return failed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump", help="write the sample's requests, reader texts and an answers template")
    d.add_argument("outdir", type=Path)
    d.add_argument("--model", default=DEFAULT_MODEL, help="the model named in the requests (not part of the key)")
    a = sub.add_parser("ask", help="answer dumped requests with the model PR_IMPACT_MODEL names")
    a.add_argument("requests", type=Path)
    a.add_argument("--out", type=Path, required=True)
    s = sub.add_parser("serve", help="replay answers as an OpenAI-compatible API until interrupted")
    s.add_argument("answers", type=Path)
    s.add_argument("--port", type=int, default=8111)
    r = sub.add_parser("render", help="render each sample PR's comment with the answers replayed")
    r.add_argument("answers", type=Path)
    r.add_argument("outdir", type=Path)
    r.add_argument("--by", default="a reader", help="whose words they are: the comment's footer says 'words by …'")
    r.add_argument("--pr-impact", default=f"{sys.executable} -m pr_impact", help="the command to run")
    for p in (d, r):
        p.add_argument("--sample", type=Path, default=SAMPLE)
        p.add_argument("--eval", type=Path, default=EVAL, help="the eval folder (its score.py and corpus)")
        p.add_argument("--config", help="a pr-impact config (default: the built-in rules)")
    args = ap.parse_args()
    if args.cmd == "dump":
        n = dump(corpus_snapshots(sample_ids(args.sample), args.eval), args.outdir, args.model, args.config)
        print(f"{n} requests in {args.outdir}/requests.jsonl; fill {args.outdir}/answers.jsonl")
        return 0
    if args.cmd == "ask":
        failed = ask(args.requests, args.out)
        print(f"answers in {args.out}" + (f"; {failed} requests got no words" if failed else ""))
        return 0
    if args.cmd == "serve":
        with Replay(load_answers(args.answers), args.port) as replay:
            print(f"replaying {len(replay.answers)} answers at {replay.url} (Ctrl-C stops)")
            threading.Event().wait()
        return 0
    snaps = corpus_snapshots(sample_ids(args.sample), args.eval)
    missing = render(snaps, load_answers(args.answers), args.outdir, args.by, args.pr_impact.split(), args.config)
    print(f"{len(snaps)} comments in {args.outdir} (all.md)" + (f"; no answer for {', '.join(missing)}" if missing
                                                                   else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
