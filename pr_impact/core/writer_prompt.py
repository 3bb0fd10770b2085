"""The writer's prompt: a GitHub Models `.prompt.yml` document (messages with {{variables}}, model parameters,
the JSON schema of the answer) checked like the config and compiled into what each request is made from."""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple

from pr_impact.core.conditions import KeyPath, Problems, did_you_mean

# What the model may write, and no more: three strings. Each has a cap the answer is cut to; the prompt asks
# for less. Strict structured outputs (OpenAI, GitHub Models, Azure) accept no length keywords, so the caps
# live in the descriptions and in parse_answer, not in the schema sent.
ANSWER_FIELDS = ("outcome", "why", "release_note")
CAPS = {"outcome": 400, "why": 300, "release_note": 200}
# The {{variables}} a prompt may use (core/writer.py fills each); anything else would reach the model verbatim.
VARIABLES = ("repository", "impact", "impact_meaning", "confidence", "reasons", "runner_up", "against", "facts",
             "title", "body", "issues", "files", "diff")
ROLES = ("system", "user", "assistant")
# modelParameters as GitHub Models names them, with the chat-completions field each becomes and its bounds.
PARAMETERS = {"maxTokens": ("max_tokens", 1, 16_000), "temperature": ("temperature", 0, 2), "topP": ("top_p", 0, 1)}
TOP_KEYS = ("name", "description", "model", "modelParameters", "responseFormat", "jsonSchema", "messages", "testData",
            "evaluators")
# `{{name}}` exactly, as GitHub Models replaces it: `{{ name }}` would reach the model verbatim, so it is unknown.
VARIABLE = re.compile(r"\{\{([^{}\n]{1,60})\}\}")


def answer_schema() -> dict[str, Any]:
    """The `json_schema` response format of one answer: the three strings, all required, nothing else."""
    words = {"outcome": "What changes for users, in their words: one or two short sentences.",
             "why": "One sentence: why the PR has the rules' class, in product terms.",
             "release_note": "One release-note line for users, or an empty string."}
    return {"name": "pr_impact_words", "strict": True, "schema": {
        "type": "object", "additionalProperties": False, "required": list(ANSWER_FIELDS),
        "properties": {name: {"type": "string", "description": words[name]} for name in ANSWER_FIELDS}}}


class Prompt(NamedTuple):
    """A checked prompt: its messages (role, template), the request fields its model parameters become and the
    answer's `json_schema` object. (Where it came from is the loader's to say, in its own errors.)"""

    messages: tuple[tuple[str, str], ...]
    parameters: dict[str, float]
    schema: dict[str, Any]
    model: str = ""  # the file's own `model` (the playground's choice); the request uses the configured one


def compile_prompt(doc: Any) -> tuple[Prompt | None, Problems]:
    """A Prompt from a parsed `.prompt.yml`, or None; every problem at its key path."""
    problems = Problems()
    if not isinstance(doc, dict):
        problems.add((), "a prompt file is a mapping with `messages` (GitHub Models' .prompt.yml format)")
        return None, problems
    for key in doc:
        if key not in TOP_KEYS:
            problems.add((str(key),), f"unknown key {str(key)!r}{did_you_mean(str(key), TOP_KEYS)}")
    messages = _messages(doc.get("messages"), problems)
    parameters = _parameters(doc.get("modelParameters"), problems)
    schema = _schema(doc, problems)
    model = doc.get("model")
    if model is not None and not isinstance(model, str):
        problems.add(("model",), "expected a string (a model name such as openai/gpt-4.1-mini)")
    if problems or messages is None or schema is None:
        return None, problems
    return Prompt(messages, parameters, schema, model or ""), problems


def _messages(raw: Any, problems: Problems) -> tuple[tuple[str, str], ...] | None:
    """The messages, each a role and a content template whose {{variables}} are known."""
    if not isinstance(raw, list) or not raw:
        problems.add(("messages",), "expected a list of messages, each with `role` and `content`")
        return None
    out = []
    for i, message in enumerate(raw):
        path: KeyPath = ("messages", i)
        if not isinstance(message, dict):
            problems.add(path, "expected a mapping with `role` and `content`")
            continue
        role, content = message.get("role"), message.get("content")
        for key in message:
            if key not in ("role", "content"):
                problems.add((*path, str(key)), f"unknown key {str(key)!r} (a message has `role` and `content`)")
        if role not in ROLES:
            problems.add((*path, "role"), f"expected one of {', '.join(ROLES)}, got {role!r}")
        if not isinstance(content, str) or not content.strip():
            problems.add((*path, "content"), "expected the message's text")
            continue
        for name in VARIABLE.findall(content):
            if name not in VARIABLES:
                problems.add((*path, "content"), f"unknown variable {{{{{name}}}}}{did_you_mean(name, VARIABLES)}"
                             f" (known: {', '.join(VARIABLES)})")
        out.append((str(role), content))
    if not any(role == "user" for role, _ in out):
        problems.add(("messages",), "give at least one `user` message (it carries the PR)")
    return tuple(out)


def _parameters(raw: Any, problems: Problems) -> dict[str, float]:
    """`modelParameters` as chat-completions fields (maxTokens -> max_tokens), each within its bounds."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.add(("modelParameters",), "expected a mapping (maxTokens, temperature, topP)")
        return {}
    out: dict[str, float] = {}
    for key, value in raw.items():
        path: KeyPath = ("modelParameters", str(key))
        if key not in PARAMETERS:
            problems.add(path, f"unknown model parameter {str(key)!r}{did_you_mean(str(key), PARAMETERS)}")
            continue
        field, low, high = PARAMETERS[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            problems.add(path, f"expected a number from {low} to {high}")
        elif key == "maxTokens" and not isinstance(value, int):
            problems.add(path, "expected a whole number of tokens")
        else:
            out[field] = value
    return out


def _schema(doc: dict[str, Any], problems: Problems) -> dict[str, Any] | None:
    """The answer's `json_schema` object: the file's own (a JSON string, as GitHub Models reads it, or a
    mapping), which must describe exactly the three strings, or the built-in one when it gives none."""
    fmt, raw = doc.get("responseFormat"), doc.get("jsonSchema")
    if fmt is not None and fmt != "json_schema":
        problems.add(("responseFormat",), "the writer reads JSON: use `json_schema` (or leave it out)")
        return None
    if raw is None:
        return answer_schema()
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError as exc:
            problems.add(("jsonSchema",), f"not valid JSON: {exc}")
            return None
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not isinstance(raw.get("schema"), dict):
        problems.add(("jsonSchema",), "expected a JSON object with `name` and `schema` (and `strict`)")
        return None
    schema = raw["schema"]
    props = schema.get("properties")
    wrong = not isinstance(props, dict) or set(props) != set(ANSWER_FIELDS) or any(
        not isinstance(p, dict) or p.get("type") != "string" for p in props.values())
    closed = schema.get("additionalProperties") is False
    if wrong or set(schema.get("required") or ()) != set(ANSWER_FIELDS) or not closed:
        problems.add(("jsonSchema",), f"the answer must be exactly the strings {', '.join(ANSWER_FIELDS)}, all "
                     "required, with additionalProperties: false (pr-impact reads those three and nothing else)")
        return None
    return raw
