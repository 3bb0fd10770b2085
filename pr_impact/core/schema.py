"""The configuration's JSON Schema, generated from the condition registry (the one source of truth)."""

from __future__ import annotations

from typing import Any

from pr_impact.core.conditions import CLASSES, FILE_KEYS, PR_KEYS, QUANTIFIERS, SURFACES

SCHEMA_ID = "https://github.com/pr-impact/pr-impact/schema/pr-impact.schema.json"


def _when(ref: str, keys: dict[str, Any], quantified: bool) -> dict[str, Any]:
    """Schema of a `when` mapping that accepts `keys` plus the combinators."""
    props: dict[str, Any] = {name: {**key.schema, "description": key.doc} for name, key in keys.items()}
    props["any"] = {"type": "array", "minItems": 1, "items": {"$ref": ref}, "description": "any of these holds"}
    props["all"] = {"type": "array", "minItems": 1, "items": {"$ref": ref}, "description": "all of these hold"}
    props["not"] = {"$ref": ref, "description": "this does not hold"}
    if quantified:
        for name in QUANTIFIERS:
            props[name] = {"$ref": "#/$defs/file_when", "description": f"{name.replace('_', ' ')} matches"}
    return {"type": "object", "minProperties": 1, "additionalProperties": False, "properties": props}


def _writer() -> dict[str, Any]:
    """Schema of `writer`: the language model that words the comment (off unless `model` is given)."""
    return {"type": ["object", "null"], "additionalProperties": False, "description":
            "a language model writes the comment's outcome, reason and release-note line (never the class); "
            "off unless `model` is set (or PR_IMPACT_MODEL)", "properties": {
                "model": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[^\\s]+$",
                          "description": "the model's name at the API, e.g. openai/gpt-4.1-mini (GitHub Models), "
                                         "gpt-4.1-mini (OpenAI), llama3.2 (Ollama)"},
                "url": {"type": "string", "maxLength": 500, "pattern": "^https?://[^\\s/?#]+[^\\s?#]*$",
                        "description": "the OpenAI-compatible API's base: requests go to {url}/chat/completions "
                                       "(default https://models.github.ai/inference)"},
                "prompt": {"type": "string", "minLength": 1, "maxLength": 500, "pattern": "\\.prompt\\.ya?ml$",
                           "description": "your own copy of the writer's .prompt.yml, relative to the repository "
                                          "root (default: the one pr-impact ships)"}}}
def _trackers() -> dict[str, Any]:
    """Schema of the `trackers:` block: Jira's site and projects, Linear's teams."""
    from pr_impact.core.trackers import BASE_URL, GROUPINGS, PROJECT_KEY, WORKSPACE

    key = {"type": "string", "pattern": PROJECT_KEY, "description":
           "a project key: an upper-case letter, then up to 9 upper-case letters, digits or _ (ENG, OPS2)"}
    keys = {"type": "array", "minItems": 1, "uniqueItems": True, "items": key}
    jira = {"type": "object", "additionalProperties": False, "required": ["url", "projects"], "properties": {
        "url": {"type": "string", "pattern": BASE_URL, "description":
                "the site's address, e.g. https://acme.atlassian.net (Cloud) or https://jira.acme.com (Data "
                "Center): http(s)://, the host and any path, without credentials"},
        "projects": {**keys, "description": "the projects whose keys (ENG-123) the PR's title, body, branch "
                     "and commits are searched for"}},
        "description": "Jira Cloud (JIRA_USER_EMAIL + JIRA_API_TOKEN) or Data Center (JIRA_API_TOKEN alone)"}
    linear = {"type": "object", "additionalProperties": False, "required": ["teams"], "properties": {
        "teams": {**keys, "description": "the teams whose issue identifiers (ENG-123) count"},
        "workspace": {"type": "string", "pattern": WORKSPACE, "description":
                      "the workspace's name in Linear's URLs (linear.app/<workspace>/...), to link keys "
                      "that were not looked up"}},
        "description": "Linear (LINEAR_API_KEY)"}
    return {"type": ["object", "null"], "additionalProperties": False, "minProperties": 1,
            "properties": {"jira": jira, "linear": linear, "group_by": {
                "enum": list(GROUPINGS), "description": "what the digest groups what shipped by: product area "
                "(the default), or the tickets' epic (Jira) or project (Linear)"}},
            "description": "the trackers whose tickets the PR names: they count as linked issues, looked up "
                           "when a token is present"}


def config_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of `.github/pr-impact.yml`."""
    label = {"type": "object", "additionalProperties": False, "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 50},
        "color": {"type": "string", "pattern": "^#?[0-9a-fA-F]{6}$"},
        "description": {"type": "string", "maxLength": 100}}}
    class_scores = {"type": "object", "additionalProperties": False, "minProperties": 1,
                    "properties": {c: {"type": "number", "minimum": -100, "maximum": 100} for c in CLASSES}}
    probability = {"type": "number", "minimum": 0, "maximum": 1}
    threshold = {"oneOf": [probability, {"type": "object", "additionalProperties": False, "minProperties": 1,
                                         "properties": dict.fromkeys(CLASSES, probability)}]}
    decision = {"type": ["object", "null"], "additionalProperties": False, "properties": {
        "prior": {**class_scores, "description": "each class's starting score before any rule"},
        "confidence": {"type": "object", "additionalProperties": False, "description":
                       "the winning class's probability (softmax of the scores) that high and medium need: "
                       "one number, or one per class (a class left out keeps the built-in cut)",
                       "properties": {"high": threshold, "medium": threshold}},
        "internal_lead": {"type": "number", "minimum": 0, "maximum": 100, "description":
                          "how far internal's score must lead user-facing's for a PR to be called internal (else "
                          "user-facing): a PR is hidden from the PM only on clear evidence. A PR that changes "
                          "only tests, CI, tooling and other project machinery needs no lead"}}}
    rule = {"type": "object", "additionalProperties": False, "required": ["name", "when", "then"], "properties": {
        "name": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$"},
        "description": {"type": "string"},
        # Surface rules use file conditions, impact rules PR conditions; the compiler checks which is which.
        "when": {"$ref": "#/$defs/rule_when"},
        "then": {"type": "object", "additionalProperties": False, "minProperties": 1, "properties": {
            "impact": {"enum": list(CLASSES)}, "surface": {"enum": list(SURFACES)},
            "weight": {"type": "number", "exclusiveMinimum": 0, "maximum": 100},
            "weights": {**class_scores, "description": "a score for each class (fitted weights), instead of "
                        "`impact` + `weight`"},
            "reason": {"type": "string", "minLength": 1, "maxLength": 200},
            "speaks_for": {"description": "the class(es) the reason argues for: the PR comment shows it only under "
                           "such a verdict (default: `impact`; a `weights` rule without it is shown only by "
                           "`explain` and the JSON); `none` never in the comment",
                           "oneOf": [{"enum": [*CLASSES, "none"]},
                                     {"type": "array", "items": {"enum": list(CLASSES)}, "minItems": 1,
                                      "uniqueItems": True}]}}}}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "pr-impact configuration",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "extends": {"enum": ["defaults", "none"], "description": "build on the built-in rules, or replace them"},
            # Keys left empty (only commented-out entries below them) read as null: accept that as "none".
            "labels": {"type": ["object", "null"], "additionalProperties": False,
                       "properties": dict.fromkeys(CLASSES, label)},
            "areas": {"type": ["object", "null"],
                      "description": "product area name -> path globs",
                      "additionalProperties": PR_KEYS["title"].schema},
            "disable": {"type": ["array", "null"], "items": {"type": "string"},
                        "description": "built-in rules to turn off"},
            "rules": {"type": ["array", "null"], "items": rule},
            "decision": {**decision, "description": "how scores become a verdict and a confidence"},
            "writer": _writer(),
            "trackers": _trackers(),
        },
        "$defs": {
            "pr_when": _when("#/$defs/pr_when", PR_KEYS, quantified=True),
            "file_when": _when("#/$defs/file_when", FILE_KEYS, quantified=False),
            "rule_when": _when("#/$defs/rule_when", {**PR_KEYS, **FILE_KEYS}, quantified=True),
        },
    }

