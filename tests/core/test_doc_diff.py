"""What a documentation diff changes for its readers: usage they follow, prose, or trivia."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pr_impact.core.doc_diff import DOC_CHANGES, MAX_LINES, doc_change


def hunk(*lines: str) -> str:
    """A one-hunk patch from lines already marked ' ', '-' or '+'."""
    old = sum(1 for line in lines if line[:1] in " -")
    new = sum(1 for line in lines if line[:1] in " +")
    return "\n".join([f"@@ -1,{old} +1,{new} @@", *lines])


@pytest.mark.parametrize(("patch", "change"), [
    # Instructions users follow: an install command, a code sample, a flag, a config key.
    (hunk(" ## Install", "+```sh", "+brew install yazi", "+```"), "usage"),
    (hunk(" Install it with:", "-    npm i -g old-name", "+    npm i -g new-name"), "usage"),
    (hunk(" ```bash", "-helm install hydra ory/hydra --set 'a=$(x)'", "+helm install hydra ory/hydra --set 'a={$(x)}'",
          " ```"), "usage"),
    (hunk(" Set the option:", "-Use `--tag-format` with `$version`.", "+Use `--tag_format` with `$version`."), "usage"),
    (hunk(" data:", "-    controller.tokenref.strict.mode: \"true\"",
          "+    controller.enable.tokenref.strict.mode: \"true\""), "usage"),
    (hunk(" ```go", " func main() {", "-\tp := tea.NewProgram(m)", "+\tp := tea.NewProgram(m, tea.WithAltScreen())",
          " }"), "usage"),
    (hunk(" ## Upgrading", "-Run `docker pull oryd/kratos:v0.1` first.", " Then restart."), "usage"),
    (hunk(" ```dockerfile", "-COPY kratos.yml /ory/home", "+COPY kratos.yml /home/ory", " ```"), "usage"),
    (hunk(" ## Errors", "-`OAUTH2_ERROR_URL`. This URL can be used to provide an endpoint which will",
          "+`URLS_ERROR`. This URL can be used to provide an endpoint which will"), "usage"),  # a renamed key
    # New or rewritten sentences and sections.
    (hunk(" # Webhooks", "+Kratos can now call a webhook after registration. Configure the URL",
          "+and the payload template in the hooks section."), "prose"),
    (hunk(" ## Status", "-This feature is in beta and may change without notice in any release.",
          "+This feature is stable since v2.6 and follows the deprecation policy of the project."), "prose"),
    (hunk(" Intro", "+## Troubleshooting"), "prose"),
    # Trivia: a typo, a word, a link's target, a badge, an image, a list of links, formatting.
    (hunk(" # Guide", "-Now, lets run a local-only release to see if it works:",
          "+Now, let's run a local-only release to see if it works:"), "trivia"),
    (hunk(" # Guide", "-Read the [docs](https://old.example.com/guide).",
          "+Read the [docs](https://new.example.com/guide)."), "trivia"),
    (hunk(" # Yazi", "+[![Warp](https://example.com/warp.svg)](https://warp.dev)"), "trivia"),
    (hunk(" ## In the wild", "+- [superfile](https://github.com/yorukot/superfile): a fancy file manager"),
     "trivia"),
    (hunk(" It works on:", "-Linux. MacOS, Windows - x86_64", "+* Linux, macOS, Windows - x86_64"), "trivia"),
    (hunk(" ```go", "-// These imports will be used later on the tutorial.",
          "+// These imports will be used later in the tutorial.", " import \"fmt\"", " ```"), "trivia"),
    (hunk(" Example:", "+```text", " --- FAIL", "+```"), "trivia"),  # wrapping text in a block is formatting
])
def test_a_docs_diff_is_usage_prose_or_trivia(patch: str, change: str) -> None:
    assert doc_change(patch) == change


def test_a_hunk_that_starts_inside_a_code_block_closes_it_at_a_bare_fence() -> None:
    # The hunk opens after the code block's first lines: its bare fence closes the block, so the
    # sentence after it is prose, and a one-word fix there is trivia.
    patch = hunk(" make build", " ```", "-Now, lets run it:", "+Now, let's run it:")
    assert doc_change(patch) == "trivia"
    opened = hunk(" Install:", " ```bash", "-make buld", "+make build", " ```")
    assert doc_change(opened) == "usage"
    # A bare fence after a blank line opens a block: the line changed inside it is a command.
    bare = hunk(" ", " ```", " git clone https://example.com/atuin.git", "-cd atuin/atuin", "+cd atuin/crates/atuin",
                " ```")
    assert doc_change(bare) == "usage"


def test_nothing_changed_is_no_answer() -> None:
    assert doc_change(None) is None and doc_change("") is None
    assert doc_change(hunk(" only context")) is None


@given(st.text(max_size=2000))
def test_any_patch_text_gets_an_answer_or_none(text: str) -> None:
    assert doc_change(text) in (*DOC_CHANGES, None)


def test_only_the_first_lines_of_a_rewritten_page_are_read() -> None:
    lines = [f"+{i} words of a long page that keeps going" for i in range(MAX_LINES * 10)]
    assert doc_change(hunk(*lines, "+```sh", "+npm install x")) == "prose"  # the command is past the cap
