"""What changes for users: each source found where it is, never where it is not, best source first."""

from __future__ import annotations

from pr_impact.adapters.config_file import default_config
from pr_impact.core.engine import classify
from pr_impact.core.model import FileChange, LinkedIssue, PullRequest
from pr_impact.core.outcome import Outcome, nothing_for_users, outcomes
from pr_impact.core.signals import build_signals, file_signals
from pr_impact.core.story import story
from tests.diffs import patch


def told(title: str = "Improve things", body: str = "", *files: FileChange,
         issues: tuple[LinkedIssue, ...] = ()) -> list[Outcome]:
    pr = PullRequest(title=title, body=body, files=files, linked_issues=issues)
    return outcomes(build_signals(pr, [file_signals(f) for f in pr.files]), ())


def sources(items: list[Outcome]) -> list[tuple[str, str]]:
    return [(o.source, o.text) for o in items]


def test_release_note_comes_first_and_the_title_is_left_out() -> None:
    items = told("Rework the checkout", "## Release notes\nCheckout remembers your card.\n",
                 FileChange("src/checkout/pay.py", patch=patch("x = 1")))
    assert sources(items) == [("release-note", "Checkout remembers your card.")]


def test_changelog_bullets_lose_links_credits_and_pr_numbers() -> None:
    entry = "- Coupons no longer leave a cent behind ([#12](https://x.test/pull/12)) by @gus"
    items = told("Fix rounding", "", FileChange("CHANGELOG.md", patch=patch("## 1.2.0", entry, "")))
    assert sources(items) == [("changelog", "Coupons no longer leave a cent behind")]


def test_a_changeset_is_its_own_entry_without_front_matter() -> None:
    fragment = FileChange(".changeset/brave-owls.md", status="added",
                          patch=patch("---", '"web": minor', "---", "", "Invoices can be exported as PDF."))
    assert sources(told("x", "", fragment)) == [("changelog", "Invoices can be exported as PDF.")]


def test_a_version_line_or_a_heading_is_not_an_entry() -> None:
    items = told("Release 1.2.0", "", FileChange("CHANGELOG.md", patch=patch("- 1.2.0", "## Bug fixes")))
    assert all(o.source != "changelog" for o in items)


def test_a_bug_reports_title_reads_as_its_fix() -> None:
    bug = LinkedIssue(3, title="Basket emptied after logout", labels=("bug",))
    feature = LinkedIssue(4, title="Export as PDF", labels=("enhancement",))
    assert sources(told("x", "", issues=(bug, feature))) == [
        ("issue", "Fixes: basket emptied after logout"), ("issue", "Export as PDF")]


def test_new_flags_env_vars_and_routes_in_shipped_code() -> None:
    code = FileChange("src/app/cli.py", patch=patch(
        'parser.add_argument("--dry-run", action="store_true", help="show what would change")',
        'token = os.getenv("APP_TOKEN")', '@app.get("/api/invoices")',
        removed=('parser.add_argument("--verbose")', 'home = os.getenv("APP_HOME")')))
    items = told("x", "", code)
    assert ("flag", "--dry-run") in sources(items) and ("env", "APP_TOKEN") in sources(items)
    assert ("route", "GET /api/invoices") in sources(items)
    assert next(o for o in items if o.source == "flag").detail == "show what would change"


def test_a_flag_that_was_already_there_is_not_new() -> None:
    code = FileChange("src/app/cli.py", patch=patch('add_argument("--verbose", help="more")',
                                                     removed=('add_argument("--verbose")',)))
    assert all(o.source != "flag" for o in told("x", "", code))


def test_flags_in_tests_are_not_the_products() -> None:
    test = FileChange("tests/test_cli.py", patch=patch('run(["--dry-run"])'))
    assert all(o.source != "flag" for o in told("Add tests", "", test))


def test_cobra_flags_are_found_by_name() -> None:
    code = FileChange("cmd/root.go", patch=patch('cmd.Flags().StringVar(&out, "output", "", "where to write")'))
    assert ("flag", "--output") in sources(told("x", "", code))


def test_english_strings_are_shown_and_translations_are_not() -> None:
    en = FileChange("web/locales/en.json", patch=patch('  "save": "Save changes",'))
    fr = FileChange("web/locales/fr.json", patch=patch('  "save": "Enregistrer",'))
    assert ("text", "Save changes") in sources(told("x", "", en, fr))
    assert ("text", "Enregistrer") not in sources(told("x", "", en, fr))


def test_a_reworded_string_shows_old_and_new() -> None:
    en = FileChange("locales/en.json", patch=patch('"save": "Save changes",', removed=('"save": "Save",',)))
    assert [(o.text, o.detail) for o in told("x", "", en) if o.source == "text"] == [("Save changes", "Save")]


def test_headings_added_to_user_docs_but_not_to_contributor_docs() -> None:
    user = FileChange("docs/install.md", patch=patch("## Installing on Windows"))
    contributor = FileChange("CONTRIBUTING.md", patch=patch("## Running the tests"))
    assert ("docs", "Installing on Windows") in sources(told("x", "", user, contributor))
    assert ("docs", "Running the tests") not in sources(told("x", "", user, contributor))


def test_the_title_leads_the_diffs_facts_when_no_prose_speaks() -> None:
    en = FileChange("locales/en.json", patch=patch('"save": "Save",'))
    assert sources(told("Add a save button", "", en)) == [("title", "Add a save button"), ("text", "Save")]


def test_the_title_is_left_out_when_a_changelog_or_issue_speaks() -> None:
    issue = LinkedIssue(9, title="Window size is forgotten", labels=("enhancement",))
    assert sources(told("Remember the window size", "", issues=(issue,))) == [("issue", "Window size is forgotten")]


def test_the_title_is_cleaned_and_keeps_its_scope_as_context() -> None:
    code = FileChange("src/app/cli.py", patch=patch("x = 1"))
    assert sources(told("feat(macOS): Remember the window size [ENG-12]", "", code)) == [
        ("title", "macOS: remember the window size")]


def test_a_title_of_code_is_not_an_outcome() -> None:
    code = FileChange("src/a.go", patch=patch("x := 1"))
    assert sources(told("use cmp.Or instead of ordered.First", "", code)) == [("none", "")]


def test_a_fix_titled_as_the_bug_reads_as_its_fix() -> None:
    pr = PullRequest(title="fix: broken zsh completion syntax",
                     files=(FileChange("completions/_tool", patch=patch("compdef _tool tool")),
                            FileChange("src/cli.rs", patch=patch("let x = 1;"))))
    assert story(classify(pr, default_config())).outcomes[0].text == "Fixes: broken zsh completion syntax"


def test_an_internal_verdict_gets_one_line_and_no_list() -> None:
    pr = PullRequest(title="ci: cache the toolchain",
                     files=(FileChange(".github/workflows/ci.yml", patch=patch("cache: true")),))
    st = story(classify(pr, default_config()))
    assert st.outcomes == () and st.nothing == "Nothing users see: only CI changed."
    assert st.release_note is None


def test_nothing_for_users_names_the_kinds_in_a_pms_words() -> None:
    assert nothing_for_users(["test", "ci", "test"]) == "Nothing users see: only tests and CI changed."
    assert nothing_for_users(["source", "test"]) == ("Nothing users see: it changes code and tests, without "
                                                      "changing what users get.")
    assert nothing_for_users([]) == "Nothing users see."
