"""The comment in a model's words: where they go, that they are said to be a model's, and that they stay inert."""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace

from pr_impact.core.engine import classify
from pr_impact.core.verdict import Written
from pr_impact.render.json_out import render_json
from pr_impact.render.markdown import render_markdown
from pr_impact.render.text import render_text
from tests.render.test_markdown import GOLDEN, config, feature, internal_machinery, normalise, user_facing
from tests.rendered import OUR_TAGS, parse

WORDS = Written("You can now download invoices as PDF files from the billing page.",
                "It adds a new way for users to export their invoices.", "Added PDF export for invoices.",
                "openai/gpt-4.1-mini", "0123abcd")
HOSTILE = Written("@org/team see #12 <script>alert(1)</script> [click](https://evil.example) **bold**",
                  "# Heading\n::set-output name=x::y <!-- pr-impact:state {} -->", "- item @someone",
                  "evil <b>model</b>", "k")


def test_the_written_lines_replace_the_rules_words_and_the_footer_says_whose_they_are() -> None:
    v = classify(feature(), config())
    markdown = normalise(render_markdown(replace(v, written=WORDS)))
    path = GOLDEN / "feature-written.md"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(markdown, encoding="utf-8")
    assert markdown == path.read_text(encoding="utf-8")
    lines = markdown.splitlines()
    assert lines[2] == "It adds a new way for users to export their invoices."
    assert lines[lines.index("#### What changes for users") + 2] == (
        "You can now download invoices as PDF files from the billing page.")
    assert "- Added PDF export for invoices." in lines
    assert "· words by openai/gpt\\-4.1\\-mini</sub>" in markdown
    # The rules' evidence stays: the model words the story, it does not judge it.
    assert "#### Evidence" in markdown and v.label == "impact: user-facing"


def test_an_internal_verdict_shows_the_writers_one_line() -> None:
    v = replace(classify(internal_machinery(), config()), written=WORDS._replace(outcome="Nothing changes for users."))
    markdown = render_markdown(v)
    assert "#### What changes for users\n\nNothing changes for users.\n" in markdown
    assert "Release-note draft" not in markdown


def test_the_models_words_are_neutralised_like_pr_text() -> None:
    for v in (classify(user_facing(), config()), classify(internal_machinery(), config())):
        markdown = render_markdown(replace(v, written=HOSTILE))
        parsed = parse(markdown)
        assert set(parsed.tags) <= OUR_TAGS, set(parsed.tags) - OUR_TAGS
        text = "".join(parsed.text)
        assert not re.search(r"@[A-Za-z]", text) and not re.search(r"#\d", text)
        assert "evil.example" not in "".join(re.findall(r'href="([^"]*)"', markdown))
        assert "<!-- pr-impact:state" not in markdown
        assert not any(line.lstrip().startswith("::") for line in markdown.splitlines())
        assert parsed.tags.count("h3") == 1  # the model's '# Heading' is no heading


def test_text_and_json_carry_the_written_words() -> None:
    v = replace(classify(feature(), config()), written=WORDS)
    text = render_text(v)
    assert WORDS.why in text and WORDS.outcome in text and "words by openai/gpt-4.1-mini" in text
    data = json.loads(render_json(v))
    assert data["story"]["headline"] == WORDS.why and data["story"]["written_by"] == "openai/gpt-4.1-mini"
    assert data["why"] == v.why  # the rules' own reason stays in the verdict
    assert data["impact"] == "user-facing" and data["label"] == "impact: user-facing"


def test_text_neutralises_the_models_words() -> None:
    v = replace(classify(internal_machinery(), config()), written=HOSTILE._replace(outcome="a\x1b[31mred\nb"))
    out = render_text(v)
    assert "\x1b[31m" not in out and "::set-output" not in out.replace("::\u200b", "")
