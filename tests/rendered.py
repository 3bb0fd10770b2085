"""Shared checks on rendered reports: what GitHub would show, and what an Actions log would obey."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import cmarkgfm
from cmarkgfm.cmark import Options

from pr_impact.render.markdown import MAX_CHARS

ZWSP = "\u200b"
# Every tag the Markdown renderer itself produces; anything else came from input.
OUR_TAGS = {"h3", "h4", "p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "code", "strong", "em",
            "details", "summary", "sub", "blockquote", "br", "a"}
# The only links the renderer makes: a ticket's key, to its tracker. Author text never becomes a link.
TICKET_KEY = re.compile(r"[A-Z][A-Z0-9_]{0,9}-[0-9]{1,9}")


class RenderedHtml(HTMLParser):
    """Tag names, text outside <code>, cells per table row (and per table), and links of rendered HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.rows: list[int] = []
        self.tables: list[list[int]] = []
        self.links: list[tuple[str, str]] = []  # (href, text)
        self._code = 0
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._code += tag == "code"
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.rows.append(0)
            if self.tables:
                self.tables[-1].append(0)
        elif tag in ("td", "th") and self.rows:
            self.rows[-1] += 1
            if self.tables and self.tables[-1]:
                self.tables[-1][-1] += 1
        elif tag == "a":
            self._href = dict(attrs).get("href") or ""
            self.links.append((self._href, ""))

    def handle_endtag(self, tag: str) -> None:
        self._code -= tag == "code"
        if tag == "a":
            self._href = None

    def handle_data(self, data: str) -> None:
        if not self._code:
            self.text.append(data)
        if self._href is not None:
            href, text = self.links[-1]
            self.links[-1] = (href, text + data)

    def tables_intact(self) -> bool:
        """Every row of a table has as many cells as its header: 4, plus the type and epic/project
        columns of a linked-issues table that holds tickets."""
        return all(len(set(rows)) == 1 and rows[0] in (4, 5, 6) for rows in self.tables)

    def links_ours(self) -> bool:
        """Every link is a ticket key pointing at an http(s) address."""
        return all(TICKET_KEY.fullmatch(text) and href.startswith(("https://", "http://"))
                   for href, text in self.links)

    def handle_comment(self, data: str) -> None:
        self.tags.append("!--")


def to_html(markdown: str) -> str:
    """GitHub-flavoured HTML, with raw HTML let through so that anything smuggled would show."""
    return str(cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE))


def parse(markdown: str) -> RenderedHtml:
    """The rendered HTML of a report, parsed."""
    parser = RenderedHtml()
    parser.feed(to_html(markdown))
    return parser


def is_workflow_command(line: str) -> bool:
    """Whether an Actions runner could read this log line as a command."""
    return line.strip().startswith("::") or "##[" in line


def assert_markdown_inert(markdown: str, *, complete: bool = False) -> None:
    """Our tags only, intact tables, ticket links only, no ping, reference, marker, bidi override or workflow command.

    `complete`: the report kept its details block and at least one table (no size trimming happened)."""
    html = parse(markdown)
    assert set(html.tags) <= OUR_TAGS, set(html.tags) - OUR_TAGS
    assert html.tags.count("details") == 1 if complete else html.tags.count("details") <= 1
    assert (bool(html.rows) or not complete) and html.tables_intact(), html.tables
    assert html.links_ours(), html.links
    text = "".join(html.text)
    assert not re.search(r"@[A-Za-z0-9]", text), "live mention"
    assert not re.search(r"#\d", text), "live issue reference"
    assert "<!--" not in markdown and "\u202e" not in markdown and "\x00" not in markdown
    assert not any(is_workflow_command(line) for line in markdown.splitlines())
    assert len(markdown) <= MAX_CHARS


def assert_terminal_safe(out: str) -> None:
    """No escape sequence, control character or bidi override from input; no workflow command."""
    assert not [ch for ch in out if ch != "\n" and not ch.isprintable() and ch != ZWSP], repr(out)
    assert not any(is_workflow_command(line) for line in out.splitlines())
