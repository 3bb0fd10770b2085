"""A fake OpenAI-compatible chat-completions API on 127.0.0.1 for tests: scripted replies, a request log."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from tests.local_server import LocalServer


@dataclass(frozen=True)
class Received:
    """One request as the fake received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class Reply:
    """One scripted answer: a status, a JSON body (or raw text), headers, and a delay before it is sent."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    raw: str | None = None


def completion(content: str | None, *, refusal: str | None = None, finish: str = "stop") -> dict[str, Any]:
    """A chat-completions response whose first choice says `content`."""
    return {"id": "chatcmpl-test", "object": "chat.completion", "model": "test",
            "choices": [{"index": 0, "finish_reason": finish,
                         "message": {"role": "assistant", "content": content, "refusal": refusal}}]}


def words(outcome: str, why: str, release_note: str = "", **extra: Any) -> Reply:
    """A successful answer carrying the three strings as the schema asks."""
    return Reply(body=completion(json.dumps({"outcome": outcome, "why": why, "release_note": release_note,
                                             **extra})))


class FakeModel:
    """Serves scripted replies in order to POST /v1/chat/completions; with none left, a 500 that says so."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.replies: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._server = LocalServer(self._answer)

    @property
    def url(self) -> str:
        """The API's base, as `writer.url` or PR_IMPACT_MODEL_URL takes it."""
        return f"{self._server.origin}/v1"

    def reply(self, *replies: Reply) -> FakeModel:
        """Queue replies, answered in order."""
        self.replies.extend(replies)
        return self

    def env(self, model: str = "test/model", token: str = "") -> dict[str, str]:
        """The environment that points pr-impact's writer here."""
        return {"PR_IMPACT_MODEL": model, "PR_IMPACT_MODEL_URL": self.url,
                **({"PR_IMPACT_MODEL_TOKEN": token} if token else {})}

    def start(self) -> FakeModel:
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()

    def __enter__(self) -> FakeModel:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _answer(self, method: str, path: str, headers: dict[str, str], raw: bytes) -> tuple[int, dict[str, str], bytes]:
        """Log the request, then send the next scripted reply (after its delay)."""
        try:
            body = json.loads(raw)
        except ValueError:
            body = raw.decode("utf-8", "replace")
        with self._lock:
            self.received.append(Received(method, path, headers, body))
            reply = self.replies.popleft() if self.replies else Reply(500, {"error": "no reply scripted"})
        if reply.delay:
            time.sleep(reply.delay)
        if path != "/v1/chat/completions":
            reply = Reply(404, {"error": {"message": f"no route {path}"}})
        payload = reply.raw if reply.raw is not None else json.dumps(reply.body)
        return reply.status, reply.headers, payload.encode()
