"""scripts/writer_requests.py on our own fixture PRs: the dumped requests are the ones `check` sends, and rendering
with replayed answers puts the readers' words in the comments."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "writer"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("writer_requests", ROOT / "scripts" / "writer_requests.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


script = _load()


def snaps() -> list[tuple[tuple[str, str], dict[str, object]]]:
    return [(("example/app", path.stem), json.loads(path.read_text())) for path in sorted(FIXTURES.glob("*.json"))]


def test_the_sample_is_forty_corpus_prs() -> None:
    ids = script.sample_ids(script.SAMPLE)
    assert len(ids) == 40 == len(set(ids)) and all("/" in repo and pr.isdigit() for repo, pr in ids)


def test_dump_writes_the_requests_reader_texts_and_an_answers_template(tmp_path: Path) -> None:
    assert script.dump(snaps(), tmp_path, "some/model") == 4
    requests = [json.loads(line) for line in (tmp_path / "requests.jsonl").read_text().splitlines()]
    answers = [json.loads(line) for line in (tmp_path / "answers.jsonl").read_text().splitlines()]
    assert [r["key"] for r in requests] == [a["key"] for a in answers]
    assert all(a["outcome"] == "" for a in answers) and requests[0]["body"]["model"] == "some/model"
    texts = sorted((tmp_path / "readers").iterdir())
    assert texts[0].name == "01-example-app-feature-cli-flag.txt"
    text = texts[0].read_text()
    assert "--- SYSTEM" in text and "<pr_title>Add --since to the history command</pr_title>" in text
    assert requests[0]["key"] in text


def test_rendering_replays_the_answers_into_the_comments(tmp_path: Path) -> None:
    script.dump(snaps(), tmp_path, "some/model")
    lines = (tmp_path / "answers.jsonl").read_text().splitlines()
    first = {**json.loads(lines[0]), "outcome": "You can list only recent history with a date.",
             "why": "It adds an option users asked for.", "release_note": "Added --since to history."}
    (tmp_path / "answers.jsonl").write_text("\n".join([json.dumps(first), *lines[1:]]) + "\n")
    missing = script.render(snaps(), script.load_answers(tmp_path / "answers.jsonl"), tmp_path / "out", "reader A",
                            [sys.executable, "-m", "pr_impact"])
    assert missing == ["example/app#injection", "example/app#perf-search", "example/app#refactor-notes"]
    comment = (tmp_path / "out" / "01-example-app-feature-cli-flag.md").read_text()
    assert "It adds an option users asked for." in comment and "words by reader A</sub>" in comment
    other = (tmp_path / "out" / "02-example-app-injection.md").read_text()
    assert "words by" not in other
    assert (tmp_path / "out" / "all.md").read_text().count("##### ITEM") == 4


def test_an_answer_replays_under_any_model_name() -> None:
    request = next(script.requests_for(snaps()[:1], "one/model"))
    assert script.replay_key({**request["body"], "model": "another"}) == request["key"]
