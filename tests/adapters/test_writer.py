"""The writer step: when it is on, which token goes where, one request per PR, reuse, faults and batches."""

from __future__ import annotations

import json

import pytest

from pr_impact.adapters.model_client import ModelClient
from pr_impact.adapters.writer import (
    DEFAULT_URL,
    Writer,
    WriterSetup,
    from_config,
    load_prompt,
    shipped_prompt,
    writer_setup,
)
from pr_impact.core.config import WriterSettings
from pr_impact.core.engine import classify
from pr_impact.core.verdict import Verdict
from pr_impact.errors import ConfigError
from tests.fake_model import FakeModel, Reply, completion, words
from tests.render.test_markdown import config, feature, internal_machinery, user_facing

JOB_TOKEN = "ghs_job_token"


def verdicts() -> list[Verdict]:
    return [classify(pr, config()) for pr in (user_facing(), feature(), internal_machinery())]


def writer(fake: FakeModel) -> Writer:
    setup = WriterSetup("test/model", fake.url, "")
    return Writer(setup, shipped_prompt(), ModelClient(fake.url, sleep=lambda s: None))


def test_off_unless_a_model_is_named() -> None:
    assert writer_setup(WriterSettings(), {}) is None
    assert writer_setup(WriterSettings(url="http://localhost:11434/v1"), {}) is None
    assert writer_setup(WriterSettings(model="m"), {"PR_IMPACT_MODEL": "off"}) is None
    on = writer_setup(WriterSettings(), {"PR_IMPACT_MODEL": "openai/gpt-4.1-mini"})
    assert on is not None and on.model == "openai/gpt-4.1-mini" and on.url == DEFAULT_URL


def test_the_environment_overrides_the_config() -> None:
    settings = WriterSettings(model="llama3.2", url="http://localhost:11434/v1/")
    assert writer_setup(settings, {}) == WriterSetup("llama3.2", "http://localhost:11434/v1", "")
    env = {"PR_IMPACT_MODEL": "gpt-4.1-mini", "PR_IMPACT_MODEL_URL": "https://api.openai.com/v1",
           "PR_IMPACT_MODEL_TOKEN": "sk-x"}
    assert writer_setup(settings, env) == WriterSetup("gpt-4.1-mini", "https://api.openai.com/v1", "sk-x")


def test_the_job_token_goes_to_github_models_only() -> None:
    github = writer_setup(WriterSettings(model="openai/gpt-4.1-mini"), {}, JOB_TOKEN)
    assert github is not None and github.token == JOB_TOKEN
    local = writer_setup(WriterSettings(model="m", url="https://llm.example.com/v1"), {"GITHUB_TOKEN": "x"}, JOB_TOKEN)
    assert local is not None and local.token == ""
    plain = writer_setup(WriterSettings(model="m", url="http://models.github.ai/inference"), {}, JOB_TOKEN)
    assert plain is not None and plain.token == ""  # never over plain HTTP
    cli = writer_setup(WriterSettings(model="m"), {"GH_TOKEN": "gho_cli"})
    assert cli is not None and cli.token == "gho_cli"


def test_a_setup_never_shows_its_token() -> None:
    assert "secret" not in repr(WriterSetup("m", DEFAULT_URL, "secret"))


def test_one_request_per_pr_and_the_words_land_on_the_verdict(fake_model: FakeModel) -> None:
    fake_model.reply(words("You can download invoices as PDF.", "A new export for users.", "Added PDF export."))
    w = writer(fake_model)
    v = verdicts()[1]
    out = w.write(v)
    assert out.written is not None and out.written.outcome == "You can download invoices as PDF."
    assert out.written.by == "test/model" and out.written.key == w.request(v)[1]
    assert (out.impact, out.confidence, out.label, out.heads_up) == (v.impact, v.confidence, v.label, v.heads_up)
    assert len(fake_model.received) == 1 and fake_model.received[0].body == w.request(v)[0]
    assert w.notice() is None


def test_stored_words_of_the_same_request_are_reused_without_asking(fake_model: FakeModel) -> None:
    fake_model.reply(words("o", "w"))
    w = writer(fake_model)
    v = verdicts()[0]
    first = w.write(v)
    again = w.write(v, stored=first.written)
    assert again.written == first.written and len(fake_model.received) == 1
    stale = first.written._replace(key="another-request") if first.written else None
    fake_model.reply(words("o2", "w2"))
    assert w.write(v, stored=stale).written.outcome == "o2"  # type: ignore[union-attr]
    assert len(fake_model.received) == 2


def test_a_fault_leaves_the_rules_words_and_one_notice(fake_model: FakeModel) -> None:
    fake_model.reply(Reply(body=completion("not json")))
    w = writer(fake_model)
    v = verdicts()[0]
    assert w.write(v) == v
    assert w.notice() == ("The writer (test/model) gave no words, so the rules' own are shown: the model's answer "
                          "is not valid JSON.")


def test_many_prs_go_in_batches_and_each_gets_its_own_words(fake_model: FakeModel) -> None:
    vs = verdicts() * 2  # six PRs: a batch of four, then one of two
    for size in (4, 2):
        answers = [{"item": n, "outcome": f"outcome {n}", "why": "w", "release_note": ""} for n in range(1, size + 1)]
        fake_model.reply(Reply(body=completion(json.dumps({"answers": answers}))))
    out = writer(fake_model).write_many(vs)
    assert [v.written.outcome if v.written else None for v in out] == [
        "outcome 1", "outcome 2", "outcome 3", "outcome 4", "outcome 1", "outcome 2"]
    assert len(fake_model.received) == 2
    assert fake_model.received[0].body["messages"][-1]["content"].count("</pr_item>") == 4


def test_a_batch_answer_that_leaves_prs_out_says_so(fake_model: FakeModel) -> None:
    answers = [{"item": 1, "outcome": "o", "why": "w", "release_note": ""}]
    fake_model.reply(Reply(body=completion(json.dumps({"answers": answers}))))
    w = writer(fake_model)
    out = w.write_many(verdicts())
    assert out[0].written is not None and out[1].written is None and out[2].written is None
    assert w.notice() == ("The writer (test/model) gave no words for 2 of 3 PRs, so the rules' own are shown: an "
                          "answer left out or garbled 2 of its 3 PRs.")


def test_a_custom_prompt_is_read_and_checked(fake_model: FakeModel) -> None:
    text = "messages:\n  - role: user\n    content: 'Words for {{title}}'\n"
    w, notice = from_config(WriterSettings(model="m", url=fake_model.url, prompt=".github/words.prompt.yml"), {},
                            {".github/words.prompt.yml": text}.get)
    assert notice is None and w is not None and w.prompt.messages == (("user", "Words for {{title}}"),)
    missing, notice = from_config(WriterSettings(model="m", prompt="nope.prompt.yml"), {}, {}.get)
    assert missing is None and notice is not None and "nope.prompt.yml (writer.prompt) was not found" in notice
    bad, notice = from_config(WriterSettings(model="m", prompt="bad.prompt.yml"), {},
                              {"bad.prompt.yml": "messages: 3\n"}.get)
    assert bad is None and notice is not None and "bad.prompt.yml:1:1: messages: expected a list" in notice


def test_a_bad_url_turns_the_writer_off_with_a_notice() -> None:
    w, notice = from_config(WriterSettings(model="m"), {"PR_IMPACT_MODEL_URL": "ftp://x"}, {}.get)
    assert w is None and notice is not None and "is not an http(s) URL" in notice


def test_prompt_problems_are_reported_at_their_line() -> None:
    with pytest.raises(ConfigError) as caught:
        load_prompt("name: x\nmessages:\n  - role: user\n    content: '{{tittle}}'\n", "words.prompt.yml")
    assert caught.value.problems == [
        "words.prompt.yml:4:5: messages[0].content: unknown variable {{tittle}} (did you mean 'title'?) (known: "
        "repository, impact, impact_meaning, confidence, reasons, runner_up, against, facts, title, body, issues, "
        "files, diff)"]
