"""Behaviour of the unified-diff parser and the formatting-only / comment-only detectors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pr_impact.core.diff import (
    ParsedPatch,
    comment_style,
    hunk_lines,
    is_comment_only,
    is_formatting_only,
    parse_patch,
)


def changed_line_count(p: ParsedPatch) -> int:
    """Added plus removed lines."""
    return len(p.added) + len(p.removed)


def hunk(removed: list[str], added: list[str], context: int = 0) -> str:
    """A single-hunk GitHub-style patch: leading context, then removals, then additions."""
    head = f"@@ -1,{context + len(removed)} +1,{context + len(added)} @@ def f():\n"
    body = [f" ctx{i}" for i in range(context)] + [f"-{r}" for r in removed] + [f"+{a}" for a in added]
    return head + "\n".join(body) + "\n"


def patch_of(removed: list[str], added: list[str]) -> ParsedPatch:
    """Parse a single-hunk patch built from removed and added lines."""
    return parse_patch(hunk(removed, added))


GITHUB_PATCH = "\n".join(
    [
        "@@ -1,4 +1,5 @@",
        " import os",
        "-import sys",
        "+import sys  # noqa",
        "+import re",
        " ",
        " def main():",
        "@@ -20,3 +21,2 @@ def main():",
        "     run()",
        "-    cleanup()",
        "     return 0",
    ]
)

GIT_DIFF = """\
diff --git a/app/views.py b/app/views.py
index 3b18e51..a9c2f4d 100644
--- a/app/views.py
+++ b/app/views.py
@@ -10,3 +10,3 @@ class View:
     def title(self):
-        return "Old"
+        return "New"
     # end
"""


class TestParsePatch:
    def test_none_and_empty_give_an_empty_patch(self) -> None:
        for value in (None, ""):
            parsed = parse_patch(value)
            assert parsed == ParsedPatch(added=(), removed=(), hunks=0)
            assert changed_line_count(parsed) == 0

    def test_github_hunk_only_patch(self) -> None:
        parsed = parse_patch(GITHUB_PATCH)
        assert parsed.added == ("import sys  # noqa", "import re")
        assert parsed.removed == ("import sys", "    cleanup()")
        assert parsed.hunks == 2
        assert not parsed.truncated
        assert changed_line_count(parsed) == 4

    def test_git_diff_headers_are_not_changed_lines(self) -> None:
        parsed = parse_patch(GIT_DIFF)
        assert parsed.added == ('        return "New"',)
        assert parsed.removed == ('        return "Old"',)
        assert parsed.hunks == 1

    def test_several_files_in_one_git_diff(self) -> None:
        second = GIT_DIFF.replace("views.py", "models.py").replace('"New"', '"Newer"')
        parsed = parse_patch(GIT_DIFF + second)
        assert parsed.added == ('        return "New"', '        return "Newer"')
        assert parsed.hunks == 2

    def test_binary_marker_has_no_lines(self) -> None:
        text = (
            "diff --git a/logo.png b/logo.png\n"
            "index 1111111..2222222 100644\n"
            "Binary files a/logo.png and b/logo.png differ\n"
        )
        assert parse_patch(text) == ParsedPatch(added=(), removed=(), hunks=0)

    def test_no_newline_marker_is_skipped(self) -> None:
        text = "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n\\ No newline at end of file"
        parsed = parse_patch(text)
        assert parsed.removed == ("b",)
        assert parsed.added == ("b",)

    def test_crlf_line_endings(self) -> None:
        parsed = parse_patch(GITHUB_PATCH.replace("\n", "\r\n"))
        assert parsed == parse_patch(GITHUB_PATCH)

    def test_form_feed_inside_a_line_does_not_split_it(self) -> None:
        parsed = parse_patch("@@ -0,0 +1 @@\n+a\x0cb\n")
        assert parsed.added == ("a\x0cb",)

    def test_rename_only_has_no_hunks(self) -> None:
        text = "diff --git a/old.py b/new.py\nsimilarity index 100%\nrename from old.py\nrename to new.py\n"
        assert parse_patch(text) == ParsedPatch(added=(), removed=(), hunks=0)

    def test_lines_that_look_like_headers_inside_a_hunk_are_content(self) -> None:
        text = "@@ -1,1 +1,1 @@\n--- a/file\n+++ b/file\n"
        parsed = parse_patch(text)
        assert parsed.removed == ("-- a/file",)
        assert parsed.added == ("++ b/file",)

    def test_plus_and_minus_lines_outside_hunks_are_ignored(self) -> None:
        text = "+stray\n-stray\n@@ -1 +1 @@\n-a\n+b\n+beyond the stated count\n-also beyond\n"
        parsed = parse_patch(text)
        assert parsed.added == ("b",)
        assert parsed.removed == ("a",)

    def test_malformed_header_starts_no_hunk(self) -> None:
        parsed = parse_patch("@@ -x,y +z @@\n+a\n-b\n")
        assert parsed == ParsedPatch(added=(), removed=(), hunks=0)

    def test_overcounting_header_ends_at_next_hunk(self) -> None:
        text = "@@ -1,9 +1,9 @@\n-a\n+b\n@@ -20,1 +20,1 @@\n-c\n+d\n"
        parsed = parse_patch(text)
        assert parsed.removed == ("a", "c")
        assert parsed.added == ("b", "d")
        assert parsed.hunks == 2

    def test_new_file_and_deleted_file(self) -> None:
        assert parse_patch("@@ -0,0 +1,2 @@\n+one\n+two").added == ("one", "two")
        assert parse_patch("@@ -1,2 +0,0 @@\n-one\n-two").removed == ("one", "two")

    def test_blank_context_line_without_its_space(self) -> None:
        parsed = parse_patch("@@ -1,3 +1,3 @@\n a\n\n-b\n+c\n")
        assert parsed.removed == ("b",)
        assert parsed.added == ("c",)

    def test_max_lines_truncates(self) -> None:
        text = hunk([], [f"line {i}" for i in range(100)])
        parsed = parse_patch(text, max_lines=11)
        assert parsed.truncated
        assert parsed.added == tuple(f"line {i}" for i in range(10))

    def test_patch_exactly_at_the_cap_is_not_truncated(self) -> None:
        text = hunk([], ["a", "b"])  # header plus two lines, newline-terminated
        parsed = parse_patch(text, max_lines=3)
        assert not parsed.truncated
        assert parsed.added == ("a", "b")

    def test_zero_cap_collects_nothing(self) -> None:
        parsed = parse_patch(GITHUB_PATCH, max_lines=0)
        assert parsed.truncated
        assert changed_line_count(parsed) == 0

    def test_large_patch_is_parsed_whole(self) -> None:
        lines = [f"value = {i}" for i in range(50_000)]
        parsed = parse_patch(hunk(lines, lines))
        assert changed_line_count(parsed) == 100_000 and parsed.added[-1] == "value = 49999"


class TestFormattingOnly:
    def test_python_reindent(self) -> None:
        parsed = patch_of(
            ["if ready:", "  go()", "  stop()"],
            ["if ready:", "    go()", "    stop()"],
        )
        assert is_formatting_only(parsed)

    def test_rewrapped_call(self) -> None:
        parsed = patch_of(
            ["result = compute(alpha, beta, gamma)"], ["result = compute(", "    alpha, beta, gamma", ")"]
        )
        assert is_formatting_only(parsed)

    def test_blank_line_changes(self) -> None:
        assert is_formatting_only(patch_of([], ["", "   "]))
        assert is_formatting_only(patch_of(["x = 1", ""], ["x = 1"]))

    def test_code_change_is_not_formatting(self) -> None:
        assert not is_formatting_only(patch_of(["  return 1"], ["    return 2"]))
        assert not is_formatting_only(patch_of([], ["x = 1"]))

    def test_no_changed_lines_is_not_formatting(self) -> None:
        assert not is_formatting_only(parse_patch(None))

    def test_truncated_patch_is_not_formatting(self) -> None:
        parsed = ParsedPatch(added=("  a",), removed=("a",), hunks=1, truncated=True)
        assert not is_formatting_only(parsed)


class TestCommentStyle:
    @pytest.mark.parametrize(
        ("path", "prefix"),
        [
            ("src/app.py", "#"),
            ("deploy.SH", "#"),
            ("ci/build.yml", "#"),
            ("pyproject.toml", "#"),
            ("Makefile", "#"),
            ("docker/Dockerfile", "#"),
            ("Dockerfile.prod", "#"),
            ("main.go", "//"),
            ("lib/index.ts", "//"),
            ("src/lib.rs", "//"),
            ("App.kt", "//"),
            ("query.sql", "--"),
            ("init.lua", "--"),
            ("Main.hs", "--"),
            ("core.clj", ";"),
            ("setup.ini", ";"),
            ("paper.tex", "%"),
            ("server.erl", "%"),
        ],
    )
    def test_line_prefix_by_name(self, path: str, prefix: str) -> None:
        style = comment_style(path)
        assert style is not None
        assert prefix in style.line

    @pytest.mark.parametrize("path", ["index.html", "pom.xml", "App.vue", "Card.svelte", "README.md"])
    def test_markup_uses_html_comments(self, path: str) -> None:
        style = comment_style(path)
        assert style is not None
        assert ("<!--", "-->") in style.block

    def test_css_has_only_block_comments(self) -> None:
        style = comment_style("site.css")
        assert style is not None
        assert style.line == ()
        assert ("/*", "*/") in style.block

    @pytest.mark.parametrize(
        "path", ["data.json", "notes.txt", "LICENSE", "image.png", "", "dir/", ".hidden"]
    )
    def test_unknown_files(self, path: str) -> None:
        assert comment_style(path) is None


class TestCommentOnly:
    def test_go_line_comments(self) -> None:
        parsed = patch_of(["// Serve starts the server."], ["// Serve starts the HTTP server.", "//", ""])
        assert is_comment_only("cmd/server.go", parsed)

    def test_typescript_doc_block(self) -> None:
        added = ["/**", " * Formats a price.", " * @param {number} cents", " * @returns {string}", " */"]
        assert is_comment_only("src/price.ts", patch_of([], added))

    def test_typescript_inline_block_then_line_comment(self) -> None:
        assert is_comment_only("a.ts", patch_of([], ["/* a */ // b", "/* c */"]))

    def test_python_hash_comments(self) -> None:
        parsed = patch_of(["    # retry twice"], ["    # retry three times", "    #"])
        assert is_comment_only("worker.py", parsed)

    def test_python_docstring_is_not_a_comment(self) -> None:
        assert not is_comment_only("worker.py", patch_of(['    """Old."""'], ['    """New."""']))

    def test_css_block_comment(self) -> None:
        added = ["/* Layout", " * grid for the header", " */", "/* spacing */"]
        assert is_comment_only("theme/site.css", patch_of([], added))

    def test_css_universal_selector_is_code(self) -> None:
        assert not is_comment_only("site.css", patch_of([], ["/* reset */", "* {", "  margin: 0;", "}"]))

    def test_html_comment(self) -> None:
        added = ["<!-- navigation -->", "<!-- old menu", "  kept for reference -->"]
        assert is_comment_only("templates/base.html", patch_of([], added))

    def test_html_comment_followed_by_markup_is_code(self) -> None:
        assert not is_comment_only("index.html", patch_of([], ["<!-- nav --> <nav>Menu</nav>"]))

    def test_sql_comment(self) -> None:
        parsed = patch_of(["-- users by signup date"], ["-- active users by signup date", "/* v2 */"])
        assert is_comment_only("reports/users.sql", parsed)

    def test_mixed_change_is_not_comment_only(self) -> None:
        parsed = patch_of(["// old note", "timeout := 5"], ["// new note", "timeout := 10"])
        assert not is_comment_only("main.go", parsed)

    def test_code_after_closing_block_is_code(self) -> None:
        assert not is_comment_only("main.c", patch_of([], ["*/ int x = 1;"]))

    def test_pointer_and_multiplication_lines_are_code(self) -> None:
        assert not is_comment_only("main.c", patch_of([], ["*out = value;"]))
        assert not is_comment_only("calc.js", patch_of([], ["  * factor;"]))

    def test_markdown_bullet_is_not_a_comment(self) -> None:
        assert not is_comment_only("README.md", patch_of([], ["* New feature"]))

    def test_long_line_of_tiny_blocks_is_a_comment(self) -> None:
        """(Its speed is checked in a subprocess with a deadline by tests/test_regex_safety.py.)"""
        assert is_comment_only("a.c", ParsedPatch(added=("/* a */ " * 100_000,), removed=(), hunks=1))
        assert not is_comment_only("a.c", ParsedPatch(added=("/* a */ " * 1_000 + "x",), removed=(), hunks=1))

    def test_unknown_language_is_never_comment_only(self) -> None:
        assert not is_comment_only("notes.txt", patch_of([], ["# heading"]))

    def test_no_changes_or_only_blank_lines(self) -> None:
        assert not is_comment_only("a.py", parse_patch(None))
        assert not is_comment_only("a.py", patch_of([], ["", "  "]))

    def test_truncated_patch_is_not_comment_only(self) -> None:
        parsed = ParsedPatch(added=("# note",), removed=(), hunks=1, truncated=True)
        assert not is_comment_only("a.py", parsed)


line_text = st.text(st.characters(blacklist_characters="\r\n"), max_size=40)
patchish_line = st.one_of(
    st.sampled_from(
        [
            "@@ -1,2 +1,2 @@",
            "@@ -1 +1 @@ ctx",
            "@@ -0,0 +1,3 @@",
            "@@ -",
            "@@ -1,99999999999999999999 +1 @@",
            "diff --git a/x b/x",
            "--- a/x",
            "+++ b/x",
            "Binary files a/x and b/x differ",
            "\\ No newline at end of file",
            "",
            "\r",
        ]
    ),
    line_text.map(lambda s: "+" + s),
    line_text.map(lambda s: "-" + s),
    line_text.map(lambda s: " " + s),
    line_text,
)


class TestProperties:
    @settings(max_examples=200)
    @given(st.text())
    def test_never_raises_on_any_text(self, text: str) -> None:
        parsed = parse_patch(text)
        assert isinstance(parsed, ParsedPatch)
        is_formatting_only(parsed)
        is_comment_only("x.ts", parsed)

    @settings(max_examples=200)
    @given(st.lists(patchish_line, max_size=30), st.integers(min_value=0, max_value=40))
    def test_counts_never_exceed_input_lines(self, lines: list[str], cap: int) -> None:
        text = "\n".join(lines)
        parsed = parse_patch(text, max_lines=cap)
        assert changed_line_count(parsed) <= len(text.split("\n"))
        assert changed_line_count(parsed) <= cap
        assert parsed.hunks <= len(lines)

    @settings(max_examples=200)
    @given(st.lists(line_text, max_size=20), st.lists(line_text, max_size=20), st.integers(0, 3))
    def test_round_trips_constructed_patch(self, removed: list[str], added: list[str], context: int) -> None:
        parsed = parse_patch(hunk(removed, added, context))
        assert parsed.removed == tuple(removed)
        assert parsed.added == tuple(added)
        assert parsed.hunks == 1

    @settings(max_examples=100)
    @given(st.lists(line_text, min_size=1, max_size=10))
    def test_reindenting_any_lines_is_formatting(self, lines: list[str]) -> None:
        reindented = ["  " + line.strip() for line in lines]
        assert is_formatting_only(patch_of(lines, reindented))

    @settings(max_examples=100)
    @given(st.text(max_size=30), st.lists(line_text, max_size=10))
    def test_detectors_never_raise_on_any_path(self, path: str, lines: list[str]) -> None:
        parsed = patch_of([], lines)
        comment_style(path)
        is_comment_only(path, parsed)


def split_counts(header: str) -> tuple[int, int] | None:
    """Hunk header counts by splitting the text, the way the parser read them before its regex."""
    def count(spec: str) -> int | None:
        start, comma, n = spec.partition(",")
        ok = [0 < len(t) <= 18 and t.isascii() and t.isdigit() for t in (start, n)]
        return None if not ok[0] else 1 if not comma else int(n) if ok[1] else None
    old, sep, rest = header[4:].partition(" +")
    new, sep2, _ = rest.partition(" @@")
    counts = (count(old), count(new)) if sep and sep2 else (None, None)
    return None if None in counts else counts  # type: ignore[return-value]


spec = st.lists(st.sampled_from(["1", "23", "0", "9" * 18, "9" * 19, ",", "²", "x", " "]), max_size=3).map("".join)


@settings(max_examples=1000, deadline=None)
@given(st.tuples(spec, st.sampled_from([" +", " ", "+", " + "]), spec,
                 st.sampled_from([" @@", " @@ def f():", "@@", "", " @", " @@@", " @@ +1 @@"])).map(
    lambda parts: "@@ -" + "".join(parts)))
def test_hunk_header_counts_are_read_as_splitting_the_header_reads_them(header: str) -> None:
    from pr_impact.core.diff import _hunk_counts

    assert _hunk_counts(header) == split_counts(header)


def test_hunk_lines_splits_the_parsed_lines_by_hunk() -> None:
    patch = "@@ -1,2 +1,1 @@\n-a\n-b\n+c\n@@ -9 +8,2 @@\n ctx\n+d\n@@ -20 +20 @@\n same"
    assert list(hunk_lines(parse_patch(patch))) == [(("a", "b"), ("c",)), ((), ("d",)), ((), ())]
    assert list(hunk_lines(parse_patch("@@\n+a"))) == []
