"""The writer's request and answer, pure: what a language model is told about a PR (the prompt's {{variables}}
filled from the PR, the rules' verdict and the facts they found, each within a size budget) and what is taken
back (three strings, capped). The model writes words only: the class, confidence, heads-up and label stay the
rules'."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, NamedTuple

from pr_impact.core import reasons
from pr_impact.core.outcome import LEADS, Outcome, cut, outcomes
from pr_impact.core.story import story
from pr_impact.core.text import without_html_comments
from pr_impact.core.verdict import Verdict, Written
from pr_impact.core.writer_prompt import ANSWER_FIELDS, CAPS, VARIABLE, Prompt
from pr_impact.errors import WriterError

ELLIPSIS = "…"
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n){2,}")  # runs of blank lines (a removed template comment leaves them)
_OUR_TAG = re.compile(r"<(/?)(?=[pP][rR]_)")  # the opening of a tag like the prompt's own, in any case
# The kinds of files whose diff says nothing a PM needs: they are listed, never quoted.
_UNQUOTED_KINDS = frozenset({"lockfile", "generated"})
MEANINGS = {
    "user-facing": "users can see or do something new or different: a feature, a fix of shipped behaviour, a UI, "
                   "copy, CLI, API or default change",
    "tech-debt": "engineering work whose effect users would notice: faster, less memory or download, fewer crashes "
                 "or errors, security hardening, a runtime upgrade",
    "internal": "invisible to users: CI, tests, tooling, housekeeping, or behaviour-preserving work in shipped code "
                "(renames, moves, refactors)",
}


class Budget(NamedTuple):
    """How much of a PR one request quotes, in characters (lines for files and issues)."""

    title: int = 300
    body: int = 3000
    files: int = 60
    issues: int = 10
    diff: int = 6000  # the whole diff excerpt
    patch: int = 1500  # one file's share of it
    facts: int = 12


ONE = Budget()
# Several PRs in one request (`report`): each quoted more briefly, so a batch stays within a small model's window.
BATCHED = Budget(body=800, files=20, issues=3, diff=1500, patch=600, facts=6)
BATCH_SIZE = 4


def variables(v: Verdict, budget: Budget = ONE) -> dict[str, str]:
    """The prompt's variables for one PR: the rules' verdict and reasons, the facts they found, and the PR
    itself (title, body, linked issues, files, a diff excerpt). Author text is kept inside its tags (data())."""
    ruled = story(v if v.written is None else replace(v, written=None))
    sig, pr = v.signals, v.signals.pr
    kinds = [f.kind for f in sig.files]
    confidence = v.confidence if v.override is None else (
        f"set by a person (the rules alone said {v.rules_impact}, {v.rules_confidence or v.confidence} confidence)")
    said = [f"- {e.reason}" for e in ruled.reasons] or [f"- {reasons.files_reason(kinds)}"]
    # The story already found the outcomes unless the verdict is internal (it then says "nothing" instead).
    found = ruled.outcomes if ruled.nothing is None else outcomes(v.signals, v.evidence)
    values = {
        "repository": pr.repo or "(not named)",
        "impact": v.impact,
        "impact_meaning": MEANINGS.get(v.impact, v.impact),
        "confidence": confidence,
        "reasons": "\n".join(said),
        "runner_up": ruled.runner_up,
        "against": ruled.against.reason if ruled.against is not None else "(nothing strong)",
        "facts": _facts(v, budget, found),
        "title": cut(" ".join(pr.title.split()), budget.title),
        "body": cut(_BLANK_LINES.sub("\n\n", without_html_comments(pr.body.replace("\r\n", "\n"))).strip(),
                    budget.body) or "(empty)",
        "issues": _issues(v, budget),
        "files": _files(v, budget),
        "diff": _diff(v, budget),
    }
    return {name: data(text) for name, text in values.items()}


def data(text: str) -> str:
    """Author text made safe to place between the prompt's `<pr_…>` tags: no tag like ours can be opened or
    closed inside it, in any case (a zero-width space breaks `<pr_` and `</PR_`), and no lone surrogate can
    break the request's UTF-8."""
    return _OUR_TAG.sub("<\\1\u200b", text).encode("utf-8", "replace").decode("utf-8")


def _fact(o: Outcome) -> str | None:
    """One outcome the rules found, as a fact line (the cleaned title and 'the PR does not say' are not facts)."""
    if o.source in ("title", "none", "written"):
        return None
    if o.source == "release-note":
        return "- release note in the description: " + cut(" ".join(o.text.split()), 600)
    if o.source == "text" and o.detail:
        return f"- text changed: “{o.detail}” → “{o.text}”"
    lead = {"changelog": "changelog entry", "issue": f"linked issue {o.detail}"}.get(o.source) or LEADS[o.source]
    return f"- {lead}: {o.text}" + (f" ({o.detail})" if o.detail and o.source != "issue" else "")


def _facts(v: Verdict, budget: Budget, found: Sequence[Outcome]) -> str:
    """What the rules extracted in users' words (release notes, changelog entries, new flags, strings…: `found`)
    and the heads-up they raised."""
    lines = [line for line in map(_fact, found) if line]
    lines += [f"- heads-up: {h.text}" + (f" ({', '.join(cut(i, 80) for i in h.items[:3])})" if h.items else "")
              for h in v.heads_up if h.kind != "partial"]
    return "\n".join(lines[: budget.facts]) or "(none)"


def _issues(v: Verdict, budget: Budget) -> str:
    """Linked issues and tickets: reference, title, type and labels (not their state, which moves on its own)."""
    lines = []
    for i in v.signals.pr.linked_issues[: budget.issues]:
        tags = ", ".join(filter(None, (i.type, *i.labels[:6])))
        lines.append(f"- {i.ref}: {cut(i.title or '(title not known)', 200)}" + (f" [{tags}]" if tags else ""))
    return "\n".join(lines) or "(none)"


def _files(v: Verdict, budget: Budget) -> str:
    """Changed files, one a line: status, size, path, what kind of file and whether it faces users."""
    files = v.signals.files
    lines = [f"{f.change.status} +{f.change.additions} -{f.change.deletions} {f.path} "
             f"({reasons.KIND_WORDS.get(f.kind, f.kind)}, {f.surface})" for f in files[: budget.files]]
    more = v.signals.pr.files_reported - len(lines)
    return "\n".join(lines + ([f"… and {more} more files"] if more > 0 else [])) or "(none)"


def _diff(v: Verdict, budget: Budget) -> str:
    """The diff excerpt: files users face first, each patch cut to its share, the whole within the budget."""
    order = {"user-facing": 0, "unknown": 1, "internal": 2}
    quoted = sorted((f for f in v.signals.files if f.change.patch and f.kind not in _UNQUOTED_KINDS),
                    key=lambda f: order.get(f.surface, 1))
    parts: list[str] = []
    used = left = 0
    for n, f in enumerate(quoted):
        room = min(budget.patch, budget.diff - used)
        if room < 200:
            left = len(quoted) - n
            break
        patch = f.change.patch or ""
        chunk = patch if len(patch) <= room else patch[:room].rstrip() + "\n[… cut]"
        parts.append(f"--- {f.path}\n{chunk}")
        used += len(chunk)
    if left:
        parts.append(f"[… {left} more files' changes left out]")
    return "\n".join(parts) or "(no diff available)"


def fill(template: str, values: Mapping[str, str]) -> str:
    """A message with its {{variables}} replaced, in one pass (a value that holds `{{x}}` stays as it is)."""
    return VARIABLE.sub(lambda m: values.get(m[1], m[0]), template)


def chat_request(prompt: Prompt, model: str, values: Mapping[str, str]) -> dict[str, Any]:
    """The chat-completions body for one PR: the prompt's messages filled, its parameters, the answer's schema."""
    return {"model": model, "messages": [{"role": r, "content": fill(c, values)} for r, c in prompt.messages],
            **prompt.parameters, "response_format": {"type": "json_schema", "json_schema": prompt.schema}}


def batch_request(prompt: Prompt, model: str, many: Sequence[Mapping[str, str]]) -> dict[str, Any]:
    """One body for several PRs (`report`): the prompt's last user message filled once per PR, each inside its
    own `<pr_item>`; the messages before it as for the first PR; one answer per item, by its number."""
    last = max(i for i, (role, _) in enumerate(prompt.messages) if role == "user")
    items = "\n\n".join(f'<pr_item number="{n}">\n{fill(prompt.messages[last][1], values)}\n</pr_item>'
                        for n, values in enumerate(many, 1))
    intro = (f"There are {len(many)} pull requests below, each inside <pr_item number=\"N\">. Write the answer for "
             "each one as if it were alone, and return them all in `answers`, each with its `item` number.")
    messages = [{"role": r, "content": fill(c, many[0])} for r, c in prompt.messages[:last]]
    messages.append({"role": "user", "content": f"{intro}\n\n{items}"})
    item = prompt.schema["schema"]
    schema = {"name": f"{prompt.schema['name']}_batch"[:64], "strict": True, "schema": {
        "type": "object", "additionalProperties": False, "required": ["answers"], "properties": {"answers": {
            "type": "array", "items": {**item, "required": ["item", *item["required"]],
                                       "properties": {"item": {"type": "integer"}, **item["properties"]}}}}}}
    return {"model": model, "messages": messages, **prompt.parameters,
            "response_format": {"type": "json_schema", "json_schema": schema}}


def request_key(body: Mapping[str, Any]) -> str:
    """What identifies a request: the same PR, verdict, prompt and model give the same key (a re-run reuses the
    words stored under it); anything that changes what the model is told gives a new one."""
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def _capped(text: str, cap: int) -> str:
    """One line of the model's words, cut at a word to `cap` characters."""
    line = " ".join(text.split())
    if len(line) <= cap:
        return line
    cut = line[: cap - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + ELLIPSIS


def _json_object(content: Any) -> dict[str, Any]:
    """The JSON object a model answered (a Markdown fence around it, which small local models add, is dropped)."""
    if not isinstance(content, str) or not content.strip():
        raise WriterError("the model's answer was empty")
    text = content.strip()
    if text.startswith("```") and text.endswith("```"):
        text = text[3:-3].strip()
        text = text[4:] if text[:4].lower() == "json" else text
    try:
        found = json.loads(text)
    except ValueError:
        raise WriterError("the model's answer is not valid JSON") from None
    if not isinstance(found, dict):
        raise WriterError("the model's answer is not a JSON object")
    return found


def written(found: Mapping[str, Any], by: str, key: str) -> Written:
    """The three strings of an answer (anything else in it is ignored), each on one line and capped; the
    outcome and the reason must say something."""
    words = {}
    for name in ANSWER_FIELDS:
        value = found.get(name)
        if not isinstance(value, str):
            raise WriterError(f"the model's answer has no `{name}` string")
        words[name] = _capped(value, CAPS[name])
    if not words["outcome"] or not words["why"]:
        raise WriterError("the model's answer left the outcome or the reason empty")
    return Written(words["outcome"], words["why"], words["release_note"], by, key)


def parse_answer(content: Any, by: str, key: str) -> Written:
    """The words of one answer's message content; WriterError when it is not the JSON the schema asks for."""
    return written(_json_object(content), by, key)


def parse_batch_answer(content: Any, by: str, keys: Sequence[str]) -> list[Written | None]:
    """The words for each PR of a batch, in order; None for an item the answer leaves out or gets wrong."""
    answers = _json_object(content).get("answers")
    if not isinstance(answers, list):
        raise WriterError("the model's answer has no `answers` list")
    out: list[Written | None] = [None] * len(keys)
    for found in answers:
        n = found.get("item") if isinstance(found, dict) else None
        if isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= len(keys) and out[n - 1] is None:
            try:
                out[n - 1] = written(found, by, keys[n - 1])
            except WriterError:
                continue
    return out


def stored(w: Written) -> dict[str, str]:
    """The words as the comment's hidden state keeps them, so an unchanged re-run needs no request."""
    return {"key": w.key, "by": w.by, "outcome": w.outcome, "why": w.why, "release_note": w.release_note}


def from_stored(found: Any) -> Written | None:
    """Words kept by stored(), checked like a model's answer (a comment can be edited by anyone who can edit
    it); None for anything else."""
    if not isinstance(found, dict) or not all(isinstance(found.get(k), str) and found[k] for k in ("key", "by")):
        return None
    try:
        return written(found, _capped(found["by"], 80), found["key"][:64])
    except WriterError:
        return None
