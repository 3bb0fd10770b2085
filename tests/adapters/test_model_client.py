"""The chat-completions client against a fake OpenAI-compatible server: what it sends, and every fault it survives."""

from __future__ import annotations

import json

import pytest

from pr_impact.adapters.model_client import ModelClient
from pr_impact.errors import WriterError
from tests.fake_model import FakeModel, Reply, completion, words

BODY = {"model": "test/model", "messages": [{"role": "user", "content": "hi"}]}
TOKEN = "ghs_secret_token_123"


class Sleeps(list[float]):
    """Records the waits instead of sleeping them."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def client(fake: FakeModel, sleeps: Sleeps | None = None, **options: float) -> ModelClient:
    return ModelClient(fake.url, TOKEN, sleep=sleeps if sleeps is not None else Sleeps(), **options)


def test_it_posts_the_body_with_the_token_and_returns_the_content(fake_model: FakeModel) -> None:
    fake_model.reply(words("o", "w"))
    content = client(fake_model).complete(BODY)
    assert json.loads(content) == {"outcome": "o", "why": "w", "release_note": ""}
    [request] = fake_model.received
    assert request.path == "/v1/chat/completions" and request.body == BODY
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["Content-Type"] == "application/json"


def test_no_token_no_authorization_header(fake_model: FakeModel) -> None:
    fake_model.reply(words("o", "w"))
    ModelClient(fake_model.url).complete(BODY)
    assert "Authorization" not in fake_model.received[0].headers


def test_a_429_waits_its_retry_after_then_succeeds(fake_model: FakeModel) -> None:
    fake_model.reply(Reply(429, {"error": {"message": "Rate limit"}}, {"Retry-After": "7"}), words("o", "w"))
    sleeps = Sleeps()
    assert client(fake_model, sleeps).complete(BODY)
    assert sleeps == [7.0] and len(fake_model.received) == 2


def test_a_429_asking_for_a_long_wait_gives_up_at_once(fake_model: FakeModel) -> None:
    fake_model.reply(Reply(429, {"error": {"message": "Rate limit of 150 per 86400s exceeded"}},
                           {"Retry-After": "3600"}))
    sleeps = Sleeps()
    with pytest.raises(WriterError, match=r"HTTP 429: Rate limit of 150 .*asked to wait 3600 s"):
        client(fake_model, sleeps).complete(BODY)
    assert sleeps == [] and len(fake_model.received) == 1


def test_a_500_is_tried_again_briefly_then_given_up(fake_model: FakeModel) -> None:
    fake_model.reply(*[Reply(500, {"error": "boom"})] * 3)
    sleeps = Sleeps()
    with pytest.raises(WriterError, match="HTTP 500: boom"):
        client(fake_model, sleeps).complete(BODY)
    assert sleeps == [1.0, 2.0] and len(fake_model.received) == 3


def test_a_503_then_an_answer(fake_model: FakeModel) -> None:
    fake_model.reply(Reply(503, None), words("o", "w"))
    assert client(fake_model).complete(BODY)


def test_a_timeout_is_a_writer_error(fake_model: FakeModel) -> None:
    fake_model.reply(Reply(body=completion("{}"), delay=2.0))
    with pytest.raises(WriterError, match=r"did not answer within 0\.3 s"):
        client(fake_model, timeout=0.3).complete(BODY)


def test_the_timeout_is_never_above_20_seconds(fake_model: FakeModel) -> None:
    assert client(fake_model, timeout=600).timeout == 20


@pytest.mark.parametrize(("reply", "message"), [
    (Reply(body=completion(None, refusal="I can't help with that")), "refused"),
    (Reply(body=completion('{"outcome": "cut', finish="length")), "cut short"),
    (Reply(body=completion("x", finish="content_filter")), "content filter"),
    (Reply(body=completion("")), "empty"),
    (Reply(raw="<html>Bad gateway</html>"), "no message"),
    (Reply(body={"choices": []}), "no message"),
    (Reply(401, {"error": {"message": "Bad credentials"}}), "models: read"),
    (Reply(404, {"error": {"message": "Unknown model: x"}}), "model's name"),
])
def test_answers_that_are_not_words_are_writer_errors(fake_model: FakeModel, reply: Reply, message: str) -> None:
    fake_model.reply(reply)
    with pytest.raises(WriterError, match=message):
        client(fake_model).complete(BODY)


def test_an_unreachable_server_is_a_writer_error() -> None:
    with pytest.raises(WriterError, match="could not be reached"):
        ModelClient("http://127.0.0.1:9").complete(BODY)


def test_the_token_never_appears_in_a_message(fake_model: FakeModel) -> None:
    fake_model.reply(Reply(401, {"error": {"message": f"token {TOKEN} is not valid"}}))
    with pytest.raises(WriterError) as caught:
        client(fake_model).complete(BODY)
    assert TOKEN not in str(caught.value) and "***" in str(caught.value)
