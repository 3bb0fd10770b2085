"""Author-controlled text cannot change the structure of pr-impact's Markdown or Actions log output."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from hypothesis import given, settings
from hypothesis import strategies as st

from pr_impact.render.neutralise import (
    MARKER_PREFIX,
    block,
    code_span,
    escape_workflow_data,
    escape_workflow_property,
    inline,
    table_cell,
    workflow_safe,
)

ZWSP = "\u200b"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
TAG = re.compile(r"<[^>]*>")
TABLE_TAGS = {f"<{end}{name}>" for name in ("table", "thead", "tbody", "tr", "th", "td") for end in ("", "/")}

# Pieces an attacker would combine; Hypothesis joins them in any order.
# fmt: off
HOSTILE_TOKENS = [
    "<script>", "</script>", "<img src=x onerror=alert(1)>", "<!--", "-->", MARKER_PREFIX, "<a href=x>",
    "@octocat", "@org/team", "@", "#123", "#", "1", "owner/repo#12", "GH-5", "gh-", "a@b.com",
    "https://github.com/o/r/issues/1", "http://", "www.", "mailto:", "[link](javascript:alert(1))",
    "![img](http://x)", "[", "]", "(", ")", "`", "``", "```", "~~~", "|", "\\", "\\|", "&", "&#64;",
    "&#35;1", "&lt;", "*", "_", "~", "=", "-", "+", ">", "$", "1.", "1)", "\n", "\r\n", "\t", " ",
    "    ", "\x00", "\x1b[31m", "\u2028", "\u202e", "\u2066", "x", "é", "…", "::", "%0A", "##[", ":",
]
# fmt: on
hostile_text = st.one_of(
    st.text(),
    st.lists(st.sampled_from(HOSTILE_TOKENS), max_size=25).map("".join),
    st.text(alphabet=st.sampled_from(sorted(set("".join(HOSTILE_TOKENS))))),
)


def render(markdown: str) -> str:
    """GitHub-flavoured HTML with raw HTML let through, so anything smuggled would show."""
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def tags(rendered: str) -> set[str]:
    """The distinct HTML tags in rendered output."""
    return set(TAG.findall(rendered))


def text(rendered: str) -> str:
    """The characters a reader sees (zero-width spaces dropped)."""
    return html.unescape(TAG.sub("", rendered)).replace(ZWSP, "")


def cleaned(value: str) -> str:
    """What a reader should see of value on one line: controls as spaces, bidi gone, spaces collapsed."""
    chars = ("" if c in BIDI else " " if unicodedata.category(c) == "Cc" or c in "\u2028\u2029" else c for c in value)
    return " ".join("".join(chars).split())


def cleaned_block(value: str) -> str:
    """What a reader should see of multi-line value: clean lines, blank-line runs as one paragraph break."""
    paragraphs: list[list[str]] = [[]]
    for line in map(cleaned, value.splitlines()):
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\n".join(lines) for lines in paragraphs if lines)


def assert_inert(markdown: str, rendered: str) -> None:
    """No marker, no mention, no cross-reference, no autolink in what GitHub would see."""
    assert "<!--" not in markdown
    assert MARKER_PREFIX not in markdown
    seen = html.unescape(TAG.sub("", rendered))
    assert not re.search(r"@[A-Za-z0-9]", seen)
    assert not re.search(r"#\d", seen)
    assert not re.search(r"(?i)gh-\d", seen)
    assert "://" not in seen
    assert not re.search(r"(?i)www\.", seen)


def assert_fits_and_faithful(shown: str, expected: str) -> None:
    """Shown is expected, or a prefix of it ending in '…' (never a broken escape)."""
    expected = expected.replace(ZWSP, "")
    if shown != expected:
        assert shown.endswith("…"), (shown, expected)
        assert expected.startswith(shown[:-1]), (shown, expected)


def table(*cells: str, compact: bool = False) -> str:
    """A GFM table with one header row and one data row holding cells."""
    sep = "|" if compact else " | "

    def row(values: Iterable[str]) -> str:
        return sep.join(["", *values, ""]).strip()

    return "\n".join([row(f"h{i}" for i in range(len(cells))), row("---" for _ in cells), row(cells)]) + "\n"


def data_cells(rendered: str) -> list[str]:
    """The <td> contents of a rendered table, asserting there is exactly one data row."""
    body = rendered.split("<tbody>", 1)[1]
    assert body.count("<tr>") == 1
    return re.findall(r"<td>(.*?)</td>", body, flags=re.DOTALL)


# --- inline ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<!-- pr-impact:marker -->",
        "[link](javascript:alert(1))",
        "![img](http://x)",
        "**bold** _em_ ~~del~~ `code`",
        "a &amp; b &#64;c &lt;",
        "back\\slash\\",
    ],
)
def test_inline_shows_markup_as_text(hostile: str) -> None:
    out = inline(hostile)
    rendered = render(out)
    assert tags(rendered) == {"<p>", "</p>"}
    assert text(rendered).strip() == hostile
    assert_inert(out, rendered)


@pytest.mark.parametrize("hostile", ["@octocat please look", "cc @org/team", "ping@octocat", "@0day"])
def test_inline_defuses_mentions(hostile: str) -> None:
    rendered = render(inline(hostile))
    assert not re.search(r"@[A-Za-z0-9]", html.unescape(rendered))
    assert text(rendered).strip() == hostile


@pytest.mark.parametrize(
    "hostile",
    ["fixes #123", "owner/repo#12", "GH-5", "gh-5", "see https://github.com/o/r/issues/1", "www.github.com/o/r/pull/2"],
)
def test_inline_defuses_cross_references_and_autolinks(hostile: str) -> None:
    out = inline(hostile)
    rendered = render(out)
    assert "<a " not in rendered
    assert_inert(out, rendered)
    assert text(rendered).strip() == hostile


def test_inline_defuses_email_and_mailto_autolinks() -> None:
    rendered = render(inline("mail a@b.com or mailto:c@d.org or xmpp:e@f.net"))
    assert "<a " not in rendered


@pytest.mark.parametrize(
    "hostile",
    [
        "\n# Heading",
        "x\n# Heading",
        "# Heading",
        "> quote",
        "- item",
        "+ item",
        "1. item",
        "1) item",
        "    indented code",
        "```\ncode\n```",
        "~~~",
        "===",
        "---",
        "***",
        "| a | b |\n|---|---|",
    ],
)
def test_inline_never_opens_a_block(hostile: str) -> None:
    out = inline(hostile)
    assert "\n" not in out
    assert tags(render(out)) <= {"<p>", "</p>"}
    assert tags(render("Intro line\n" + out)) == {"<p>", "</p>"}


def test_inline_inside_heading_and_list_item_keeps_the_structure() -> None:
    hostile = "1. # title ## with `code` | pipe #42 @octocat"
    assert tags(render("## " + inline(hostile))) == {"<h2>", "</h2>"}
    assert tags(render("- " + inline(hostile))) == {"<ul>", "</ul>", "<li>", "</li>"}


def test_inline_drops_bidi_controls_and_control_characters() -> None:
    out = inline("evil\u202eexe.txt\x00 a\x1b[31mred\tb\r\nc\u2066d\u2069")
    assert not set(out) & set(BIDI + "\x00\x1b\t\r\n")
    assert text(render(out)).strip() == "evilexe.txt a [31mred b cd"


def test_inline_truncates_long_text_with_an_ellipsis_within_max_len() -> None:
    out = inline("word " * 1000)
    assert len(out) <= 300
    assert out.endswith("…")
    assert not out.endswith(" …")


def test_inline_truncation_never_splits_an_escape() -> None:
    for max_len in range(1, 40):
        out = inline("&<#1@x\\" * 20, max_len)
        assert len(out) <= max_len
        assert_fits_and_faithful(text(render(out)).strip(), "&<#1@x\\" * 20)


def test_inline_rejects_a_max_len_too_small_for_the_ellipsis() -> None:
    with pytest.raises(ValueError, match="max_len"):
        inline("x", 0)


# --- table_cell and code_span -----------------------------------------------------------------------


@pytest.mark.parametrize("compact", [False, True])
@pytest.mark.parametrize("hostile", ["a | b", "|", "||x||", "\\", "a\\", "\\|", "`|`", "x\n| y | z |"])
def test_table_cell_keeps_one_row_of_two_cells(hostile: str, compact: bool) -> None:
    cells = data_cells(render(table(table_cell(hostile), table_cell("second"), compact=compact)))
    assert len(cells) == 2
    assert text(cells[0]) == cleaned(hostile)
    assert text(cells[1]) == "second"


@pytest.mark.parametrize(
    "path", ["src/app.py", "a`b", "``x`", "`lead", "trail`", "x ``` y", "````", "a|b", "|a||b|", "a\\|b", " "]
)
def test_code_span_shows_exact_text_in_paragraph_and_table(path: str) -> None:
    span = code_span(path)
    rendered = render(span)
    # An empty span would not be code at all, so nothing shows as '` `'.
    shown = cleaned(path) or " "
    assert text(rendered)[:-1] == shown
    assert "<code>" in rendered
    cells = data_cells(render(table(span, "x", compact=True)))
    assert len(cells) == 2
    assert text(cells[0]) == shown


def test_code_span_uses_a_fence_longer_than_inner_backticks() -> None:
    span = code_span("a``b")
    assert span.startswith("```") and span.endswith("```")
    assert render(span) == "<p><code>a``b</code></p>\n"


def test_code_span_breaks_the_marker_and_html_comments() -> None:
    span = code_span("<!-- pr-impact:marker --> <script>")
    assert "<!--" not in span
    rendered = render(span)
    assert "<script" not in rendered
    assert text(rendered).strip() == "<!-- pr-impact:marker --> <script>"


def test_code_span_replaces_line_breaks_and_bidi_controls() -> None:
    span = code_span("feature/\u202eevil\n# Heading\r\n```")
    assert "\n" not in span and "\u202e" not in span
    assert tags(render(span)) == {"<p>", "</p>", "<code>", "</code>"}


def test_code_span_truncates_within_max_len() -> None:
    span = code_span("x" * 500, 50)
    assert len(span) <= 50
    assert text(render(span)).strip().endswith("…")
    with pytest.raises(ValueError, match="max_len"):
        code_span("x", 2)


# --- block ------------------------------------------------------------------------------------------


def test_block_keeps_line_breaks_but_opens_no_block_from_input() -> None:
    hostile = "Release note\n# Heading\n```\nfence\n```\n\n\n- item\n> quote\n<div>x</div>\n| a | b |\n|---|---|\n==="
    out = block(hostile)
    rendered = render(out)
    assert tags(rendered) == {"<p>", "</p>", "<br />"}
    assert rendered.count("<p>") == 2
    assert text(rendered).startswith("Release note\n# Heading\n```\nfence\n```")


def test_block_defuses_mentions_and_references_on_every_line() -> None:
    out = block("thanks @octocat\nfixes #1\nGH-2\nhttps://github.com/o/r/issues/3")
    assert_inert(out, render(out))


def test_block_truncates_within_max_len() -> None:
    out = block("line\n" * 1000, 100)
    assert len(out) <= 100
    assert text(render(out)).strip().endswith("…")


# --- workflow log output ----------------------------------------------------------------------------


def runner_would_parse(line: str) -> bool:
    """Whether the Actions runner would read line as a command (ActionCommand.TryParseV2 / TryParse)."""
    stripped = line.lstrip()
    if stripped.startswith("::") and stripped.find("::", 2) >= 0:
        return True
    start = line.find("##[")
    return start >= 0 and line.find("]", start) >= 0


@pytest.mark.parametrize(
    "hostile",
    [
        "::set-output name=x::y",
        "  ::add-mask::secret",
        "::stop-commands::token",
        "title\n::warning::x",
        "%0A::warning::x",
        "x\r::error file=a::b",
        "progress ##[set-output name=x;]y",
        "##[group]fake",
        ":::::::",
    ],
)
def test_workflow_safe_defuses_commands(hostile: str) -> None:
    out = workflow_safe(hostile)
    assert len(out.splitlines()) <= 1
    assert "::" not in out and "##[" not in out and "%0A" not in out
    assert not runner_would_parse(out)
    assert out.replace(ZWSP, "") == hostile.replace("\n", " ").replace("\r", " ")


def test_workflow_escapes_match_actions_core() -> None:
    assert escape_workflow_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_workflow_property("src/a:b,c%\n.py") == "src/a%3Ab%2Cc%25%0A.py"


def unescape_data(value: str) -> str:
    """The runner's UnescapeData, in its order."""
    return value.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(value: str) -> str:
    """The runner's UnescapeProperty, in its order."""
    for escaped, raw in [("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")]:
        value = value.replace(escaped, raw)
    return value


# --- properties -------------------------------------------------------------------------------------


@settings(max_examples=200)
@given(hostile_text)
def test_property_inline_renders_one_inert_paragraph_of_its_own_text(value: str) -> None:
    out = inline(value)
    rendered = render(out)
    assert "\n" not in out
    assert tags(rendered) <= {"<p>", "</p>"}
    assert_inert(out, rendered)
    assert_fits_and_faithful(text(rendered).strip(), cleaned(value))


@pytest.mark.parametrize(("shorten", "shortest"), [(inline, 1), (code_span, 3)], ids=["inline", "code_span"])
@settings(max_examples=200)
@given(value=hostile_text, data=st.data())
def test_property_respects_max_len(shorten: Callable[[str, int], str], shortest: int, value: str,
                                   data: st.DataObject) -> None:
    max_len = data.draw(st.integers(min_value=shortest, max_value=60))
    out = shorten(value, max_len)
    assert len(out) <= max_len
    assert_fits_and_faithful(text(render(out)).strip(), cleaned(value))


@settings(max_examples=200)
@given(hostile_text, hostile_text, st.booleans())
def test_property_table_row_always_has_two_cells(first: str, second: str, compact: bool) -> None:
    rendered = render(table(table_cell(first), table_cell(second), compact=compact))
    cells = data_cells(rendered)
    assert len(cells) == 2
    assert tags(rendered) == TABLE_TAGS
    assert_inert(table_cell(first) + table_cell(second), rendered)
    assert_fits_and_faithful(text(cells[0]), cleaned(first))


@settings(max_examples=200)
@given(hostile_text, hostile_text)
def test_property_code_spans_keep_table_rows_and_text(first: str, second: str) -> None:
    rendered = render(table(code_span(first), code_span(second), compact=True))
    cells = data_cells(rendered)
    assert len(cells) == 2
    assert tags(rendered) <= TABLE_TAGS | {"<code>", "</code>"}
    assert "<!--" not in code_span(first)
    assert_fits_and_faithful(text(cells[0]), cleaned(first) or " ")


@settings(max_examples=200)
@given(hostile_text, st.integers(min_value=1, max_value=400))
def test_property_block_renders_only_paragraphs_and_line_breaks(value: str, max_len: int) -> None:
    out = block(value, max_len)
    rendered = render(out)
    assert len(out) <= max_len
    assert tags(rendered) <= {"<p>", "</p>", "<br />"}
    assert_inert(out, rendered)
    shown = text(rendered.replace("</p>\n<p>", "\n\n")).rstrip("\n")
    assert_fits_and_faithful(shown, cleaned_block(value))


@settings(max_examples=200)
@given(hostile_text)
def test_property_workflow_safe_is_one_line_without_commands(value: str) -> None:
    out = workflow_safe(value)
    assert "::" not in out and "##[" not in out
    assert "\n" not in out and "\r" not in out
    assert len(out.splitlines()) <= 1
    assert not runner_would_parse(out)
    assert not re.search(r"%[0-9A-Fa-f]{2}", out)


@settings(max_examples=200)
@given(st.text())
def test_property_workflow_escapes_round_trip_through_the_runner(value: str) -> None:
    assert unescape_data(escape_workflow_data(value)) == value
    assert unescape_property(escape_workflow_property(value)) == value
    assert "\n" not in escape_workflow_data(value) and "\r" not in escape_workflow_data(value)
    assert not set(escape_workflow_property(value)) & set(":,\r\n")
