"""An OpenAI-compatible chat-completions API (GitHub Models, OpenAI, Azure OpenAI, Ollama, llama.cpp, vLLM):
one HTTPS POST per request, a bounded wait, and every fault as a WriterError that never shows the token."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from pr_impact import __version__
from pr_impact.adapters.retry import SERVER_ERRORS, Retrier, RetryLater
from pr_impact.errors import WriterError

TIMEOUT = 20.0  # seconds a request may take to answer: the writer must never hold a run up for long
MAX_WAIT = 20.0  # seconds of Retry-After (429) or backoff (5xx) a request accepts before it gives the words up
MAX_ATTEMPTS = 3


class ModelClient:
    """POSTs chat-completions bodies to `{url}/chat/completions` and returns the message the model wrote."""

    def __init__(self, url: str, token: str = "", *, timeout: float = TIMEOUT, max_wait: float = MAX_WAIT,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.endpoint = url.rstrip("/") + "/chat/completions"
        self.timeout = min(timeout, TIMEOUT)
        self.max_wait = max_wait
        self.requests = 0
        self._token = token
        self._sleep = sleep

    def complete(self, body: Mapping[str, Any]) -> str:
        """The content of the first choice's message; WriterError for a refusal, a cut answer or any fault."""
        # A budget of its own per request (a run's batches each get MAX_WAIT); the last error as it is.
        retrier = Retrier(max_wait=self.max_wait, max_attempts=MAX_ATTEMPTS, sleep=self._sleep)
        return retrier.run(lambda attempt: self._attempt(body, attempt), lambda error, _why: error)

    def _attempt(self, body: Mapping[str, Any], attempt: int) -> str:
        """One POST's answer; RetryLater for a 429 or a 5xx worth another, WriterError for any other fault."""
        status, headers, data = self._post(body)
        if status == 200:
            return _content(data)
        delay = _retry_delay(status, headers, attempt)
        if delay is None:
            raise WriterError(self._failure(status, data, None))
        raise RetryLater(delay, WriterError(self._failure(status, data, delay)))

    def _post(self, body: Mapping[str, Any]) -> tuple[int, Mapping[str, str], Any]:
        """One POST: status, lower-cased headers and the decoded JSON (None when the body is not JSON)."""
        import requests  # only when the writer is on: `check` without it never pays for the import

        headers = {"Content-Type": "application/json", "Accept": "application/json",
                   "User-Agent": f"pr-impact/{__version__}"}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        self.requests += 1
        try:
            resp = requests.post(self.endpoint, json=dict(body), headers=headers, timeout=(5.0, self.timeout))
        except requests.Timeout:
            raise WriterError(f"{self.endpoint} did not answer within {self.timeout:g} s") from None
        except requests.RequestException as exc:
            raise WriterError(self.scrub(f"{self.endpoint} could not be reached ({type(exc).__name__})")) from None
        try:
            data = resp.json()
        except ValueError:
            data = None
        return resp.status_code, {k.lower(): v for k, v in resp.headers.items()}, data

    def _failure(self, status: int, data: Any, delay: float | None) -> str:
        """What went wrong, in one line, with the server's own message (never the token)."""
        error = data.get("error") if isinstance(data, dict) else None
        detail = (error.get("message") if isinstance(error, dict) else error) or (
            data.get("message") if isinstance(data, dict) else None)
        said = f": {' '.join(str(detail).split())[:300]}" if detail else ""
        text = f"{self.endpoint} answered HTTP {status}{said}"
        if status == 429 and delay is not None:
            text += f" (it asked to wait {delay:g} s, longer than the writer waits)"
        elif status in (401, 403):
            text += " (check the model token: PR_IMPACT_MODEL_TOKEN or the Action's model-token; GitHub Models " \
                    "needs `permissions: models: read`)"
        elif status == 404:
            text += " (check the model's name and the API's base URL)"
        return self.scrub(text)

    def scrub(self, text: str) -> str:
        """Never let the token into a message, whatever a server echoes back."""
        return text.replace(self._token, "***") if self._token else text


def _retry_delay(status: int, headers: Mapping[str, str], attempt: int) -> float | None:
    """Seconds to wait before trying again: a 429's Retry-After, a short backoff after a 5xx; else None."""
    if status == 429:
        try:
            return max(float(headers.get("retry-after", "1")), 0.0)
        except ValueError:
            return None  # an HTTP date: rare for these APIs, and not worth a long wait
    if status in SERVER_ERRORS:
        return float(attempt)
    return None


def _content(data: Any) -> str:
    """The text of the first choice; a refusal, a cut or filtered answer is an error, not words."""
    choices = data.get("choices") if isinstance(data, dict) else None
    first = choices[0] if isinstance(choices, list) and choices and isinstance(choices[0], dict) else None
    message = first.get("message") if first else None
    if not isinstance(message, dict):
        raise WriterError("the model's answer has no message (not a chat-completions response)")
    if message.get("refusal"):
        raise WriterError("the model refused to answer")
    reason = first.get("finish_reason") if first else None
    if reason in ("length", "content_filter"):
        raise WriterError("the model's answer was cut short" if reason == "length" else
                          "the model's answer was withheld by its content filter")
    content = message.get("content")
    if not isinstance(content, str) or not content.strip():
        raise WriterError("the model's answer was empty")
    return content
