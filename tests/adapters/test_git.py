"""The local git adapter, exercised against real temporary repositories."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pr_impact.adapters import git_run
from pr_impact.adapters.git import (
    default_base,
    find_repo_root,
    pull_request_from_git,
    read_in_background,
    refs_from_pre_commit,
)
from pr_impact.adapters.git_run import run_git
from pr_impact.core.model import FileChange, PullRequest
from pr_impact.errors import GitError, UsageError
from tests.gitrepo import GitRepo

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="file names and symlinks need POSIX")



@pytest.fixture
def make_repo(tmp_path: Path, global_config: Path) -> Callable[[str], GitRepo]:
    """Factory for repositories under tmp_path."""

    def make(name: str = "work") -> GitRepo:
        return GitRepo.create(tmp_path / name, global_config)

    return make


@pytest.fixture
def repo(make_repo: Callable[[str], GitRepo]) -> GitRepo:
    """A repository with one commit on main: a README and some source."""
    r = make_repo("work")
    r.commit("Initial commit", {"README.md": "# Demo\n", "src/app.py": "print('hi')\n"})
    return r


def by_path(pr: PullRequest) -> dict[str, FileChange]:
    """The PR's files keyed by path."""
    return {f.path: f for f in pr.files}



def test_docs_only_branch(repo: GitRepo) -> None:
    repo.branch("docs/fix-typo")
    repo.commit("docs: fix typo in README", {"README.md": "# Demo\n\nNow with words.\n"})
    pr = pull_request_from_git(repo.path, base="main")
    assert [(f.path, f.status, f.additions, f.deletions) for f in pr.files] == [("README.md", "modified", 2, 0)]
    patch = pr.files[0].patch
    assert patch is not None
    assert patch.startswith("@@ -1 +1,3 @@")
    assert "+Now with words." in patch
    assert not patch.endswith("\n")
    assert (pr.head, pr.base, pr.title) == ("docs/fix-typo", "main", "docs: fix typo in README")
    assert (pr.changed_files, pr.additions, pr.deletions) == (1, 2, 0)
    assert pr.head_sha == repo.git("rev-parse", "HEAD")
    assert (pr.author, pr.author_type) == ("author", "User")


def test_feature_branch_with_several_commits(repo: GitRepo) -> None:
    repo.branch("feature/add-dark-mode")
    repo.commit("Add theme toggle\n\nAdds a toggle to the settings page.\n\nFixes #12", {"src/theme.py": "x\n"})
    repo.commit("Wire the toggle", {"src/app.py": "print('hi')\nimport theme\n"})
    repo.commit("Test the toggle", {"tests/test_theme.py": "def test(): pass\n"})
    pr = pull_request_from_git(repo.path, base="main")
    assert pr.title == "add dark mode"
    assert pr.body == "Adds a toggle to the settings page.\n\nFixes #12"
    assert [m.splitlines()[0] for m in pr.commits] == ["Add theme toggle", "Wire the toggle", "Test the toggle"]
    assert pr.commits[0].endswith("Fixes #12")
    assert by_path(pr)["src/theme.py"].status == "added"
    assert by_path(pr)["src/app.py"].status == "modified"
    assert (pr.changed_files, pr.additions, pr.deletions) == (3, 3, 0)


def test_renamed_file_keeps_previous_path(repo: GitRepo) -> None:
    repo.branch("refactor")
    repo.git("mv", "src/app.py", "src/main.py")
    repo.commit("Rename app to main")
    pr = pull_request_from_git(repo.path, base="main")
    (change,) = pr.files
    assert (change.path, change.status, change.previous_path) == ("src/main.py", "renamed", "src/app.py")
    assert change.patch == ""  # a pure rename has no hunks


@posix_only
def test_removed_and_mode_only_changes(repo: GitRepo) -> None:
    repo.branch("cleanup")
    (repo.path / "README.md").unlink()
    (repo.path / "src/app.py").chmod(0o755)
    repo.commit("Remove README, make app executable")
    changes = by_path(pull_request_from_git(repo.path, base="main"))
    assert changes["README.md"].status == "removed"
    assert changes["README.md"].deletions == 1
    assert (changes["src/app.py"].status, changes["src/app.py"].patch) == ("modified", "")


def test_binary_file_has_no_patch(repo: GitRepo) -> None:
    repo.branch("logo")
    repo.commit("Add logo", {"assets/logo.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00binary"})
    (change,) = pull_request_from_git(repo.path, base="main").files
    assert (change.binary, change.patch, change.additions, change.deletions) == (True, None, 0, 0)
    assert change.status == "added"


def test_merge_commit_inside_branch(repo: GitRepo) -> None:
    repo.branch("feature/login")
    repo.commit("Add login form", {"src/login.py": "form\n"})
    repo.checkout("main")
    repo.commit("Unrelated change on main", {"src/other.py": "other\n"})
    repo.checkout("feature/login")
    merge_sha = repo.merge("main", "Merge branch 'main' into feature/login")
    pr = pull_request_from_git(repo.path, base="main")
    # main's own change is not part of the PR, even though the branch merged it in.
    assert [f.path for f in pr.files] == ["src/login.py"]
    assert [m.splitlines()[0] for m in pr.commits] == ["Add login form", "Merge branch 'main' into feature/login"]
    assert pr.title == "Add login form"  # the merge commit does not count as a second commit
    assert pr.head_sha == merge_sha


def test_non_utf8_diff_does_not_raise(repo: GitRepo) -> None:
    repo.branch("latin")
    repo.commit("Add latin-1 text", {"docs/cafe.txt": b"caf\xe9 cr\xe8me\n"})
    (change,) = pull_request_from_git(repo.path, base="main").files
    assert change.patch == "@@ -0,0 +1 @@\n+caf\ufffd cr\ufffdme"
    assert change.binary is False


@posix_only
def test_awkward_paths(repo: GitRepo) -> None:
    names = ["docs/with space.md", "docs/ünïcødé 文档.md", "docs/tab\there.md", "docs/new\nline.md"]
    repo.branch("paths")
    repo.commit("Add awkward names", {name: f"{i}\n" for i, name in enumerate(names)})
    repo.write(b"docs/latin-\xe9.md", "x\n")
    repo.commit("Add a non-UTF-8 name")
    changes = by_path(pull_request_from_git(repo.path, base="main"))
    assert set(changes) == {*names, "docs/latin-\\xe9.md"}
    for i, name in enumerate(names):
        assert changes[name].patch == f"@@ -0,0 +1 @@\n+{i}", name


@posix_only
def test_renamed_path_with_spaces(repo: GitRepo) -> None:
    repo.commit("Add spaced file", {"a b/c d.txt": "one\ntwo\nthree\n"})
    repo.branch("move")
    repo.git("mv", "a b", "e f")
    repo.commit("Move it", {"e f/c d.txt": "one\ntwo\nthree\nfour\n"})
    (change,) = pull_request_from_git(repo.path, base="main").files
    assert (change.path, change.previous_path, change.status) == ("e f/c d.txt", "a b/c d.txt", "renamed")
    assert change.patch is not None
    assert change.patch.endswith("+four")


@posix_only
def test_type_change_gets_both_halves(repo: GitRepo) -> None:
    (repo.path / "link").symlink_to("README.md")
    repo.commit("Add symlink")
    repo.branch("typechange")
    (repo.path / "link").unlink()
    repo.commit("Replace symlink with a file", {"link": "real content\n", "z.txt": "after\n"})
    changes = by_path(pull_request_from_git(repo.path, base="main"))
    assert changes["link"].status == "changed"
    patch = changes["link"].patch
    assert patch is not None
    assert "-README.md" in patch
    assert "+real content" in patch
    assert changes["z.txt"].patch == "@@ -0,0 +1 @@\n+after"  # later sections stay aligned


def test_submodule_pointer_change_keeps_sections_aligned(repo: GitRepo) -> None:
    old, new = repo.git("rev-parse", "HEAD"), repo.commit("another commit")
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{old},vendor/lib")
    repo.git("commit", "-q", "-m", "Add submodule pointer")
    repo.branch("bump")
    repo.git("update-index", "--cacheinfo", f"160000,{new},vendor/lib")
    repo.git("commit", "-q", "-m", "Bump submodule")
    repo.write("zz.txt", "z\n")
    repo.git("add", "zz.txt")  # not `add -A`: the gitlink has no checkout and would be staged as deleted
    repo.git("commit", "-q", "-m", "And a file")
    changes = by_path(pull_request_from_git(repo.path, base="main"))
    assert changes["vendor/lib"].patch == f"@@ -1 +1 @@\n-Subproject commit {old}\n+Subproject commit {new}"
    assert changes["zz.txt"].patch == "@@ -0,0 +1 @@\n+z"


def test_not_a_repository(tmp_path: Path, global_config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # even if tmp lives inside a clone
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(GitError) as info:
        find_repo_root(plain)
    assert str(info.value) == f"not a git repository: {plain} (run inside a clone, or use --snapshot FILE)"
    assert info.value.exit_code == 3
    with pytest.raises(GitError, match="not a git repository"):
        find_repo_root(tmp_path / "missing")


def test_find_repo_root_from_subdirectory(repo: GitRepo) -> None:
    assert find_repo_root(repo.path / "src") == repo.path.resolve()


def test_unknown_base_and_head(repo: GitRepo) -> None:
    with pytest.raises(UsageError) as info:
        pull_request_from_git(repo.path, base="no-such-branch")
    assert info.value.message == "base 'no-such-branch' does not exist"
    assert "--base" in info.value.hint
    with pytest.raises(UsageError, match="head 'nope' does not exist"):
        pull_request_from_git(repo.path, base="main", head="nope")
    with pytest.raises(UsageError, match="not a valid git revision"):
        pull_request_from_git(repo.path, base="--output=/tmp/x")


def test_a_missing_base_is_a_usage_error_once_the_root_is_found(
    repo: GitRepo, make_repo: Callable[[str], GitRepo]
) -> None:
    # The CLI finds the root, then loads the config, then reads the branch: its errors come last.
    root = find_repo_root(repo.path / "src")
    for base in ("no-such-branch", "--output=/tmp/x"):
        with pytest.raises(UsageError, match=r"does not exist|not a valid git revision"):
            pull_request_from_git(root, base=base)
    trunk_only = make_repo("trunk")
    trunk_only.git("checkout", "-q", "-b", "trunk-only")
    trunk_only.commit("root")
    with pytest.raises(GitError, match="cannot tell which branch"):
        pull_request_from_git(find_repo_root(trunk_only.path))


def test_from_a_subdirectory_the_whole_branch_is_read(repo: GitRepo, tmp_path: Path) -> None:
    # diff.relative would limit a diff run in src/ to src/ and print its paths relative to it.
    repo.git("config", "diff.relative", "true")
    repo.add_origin(tmp_path / "origin.git", "main")
    repo.branch("feature/sub")
    repo.commit("Touch both", {"README.md": "# Demo!\n", "src/app.py": "print('bye')\n"})
    from_root = pull_request_from_git(repo.path)
    assert sorted(by_path(from_root)) == ["README.md", "src/app.py"]
    assert pull_request_from_git(find_repo_root(repo.path / "src")) == from_root
    assert pull_request_from_git(repo.path / "src", base="main").files == from_root.files


def test_reading_in_background_gives_the_same_pull_request_or_error(repo: GitRepo) -> None:
    repo.branch("feature/background")
    repo.commit("work", {"a.txt": "a\n"})
    assert read_in_background(repo.path, base="main")() == pull_request_from_git(repo.path, base="main")
    failed = read_in_background(repo.path, base="no-such-branch")
    with pytest.raises(UsageError, match="base 'no-such-branch' does not exist"):
        failed()


@posix_only
@pytest.mark.parametrize(
    "name",
    # The last one looks like what rev-parse prints about refs: a sha and a ref name.
    ["nl\nrepo", "ends in a newline\n", "nl\n" + "0" * 40 + "\nrefs/heads/main"],
)
def test_work_tree_path_with_newlines(name: str, make_repo: Callable[[str], GitRepo]) -> None:
    r = make_repo(name)
    r.commit("root", {"a.txt": "a\n"})
    r.branch("topic")
    r.commit("fix: a", {"a.txt": "b\n"})
    root = find_repo_root(r.path)
    assert root == r.path.resolve()
    for base in ("main", None):
        pr = pull_request_from_git(root, base=base)
        assert ([f.path for f in pr.files], pr.base, pr.head, pr.title) == (["a.txt"], "main", "topic", "fix: a")


def test_unrelated_histories(repo: GitRepo) -> None:
    repo.git("checkout", "-q", "--orphan", "island")
    repo.commit("Unrelated root", {"island.txt": "x\n"})
    with pytest.raises(GitError) as info:
        pull_request_from_git(repo.path, base="main")
    assert "share no history" in info.value.message
    assert "--base" in info.value.hint


def test_empty_diff(repo: GitRepo) -> None:
    pr = pull_request_from_git(repo.path, base="main")
    assert (pr.files, pr.commits, pr.changed_files, pr.additions, pr.deletions) == ((), (), 0, 0, 0)
    assert pr.head_sha == repo.git("rev-parse", "HEAD")
    assert (pr.head, pr.base, pr.title, pr.body) == ("main", "main", "", "")


def test_title_and_body_rules(repo: GitRepo) -> None:
    repo.branch("fix/123_crash-on-login")
    repo.commit("fix: stop crash on login\n\nThe session was None.")
    pr = pull_request_from_git(repo.path, base="main")
    assert (pr.title, pr.body) == ("fix: stop crash on login", "The session was None.")
    pr = pull_request_from_git(repo.path, base="main", title="Given title", body="Given body")
    assert (pr.title, pr.body) == ("Given title", "Given body")
    assert pull_request_from_git(repo.path, base="main", body="").body == ""

    repo.commit("second commit")
    assert pull_request_from_git(repo.path, base="main").title == "123 crash on login"

    # Committing straight on main: the branch name says nothing, so the newest subject is used.
    repo.checkout("main")
    repo.commit("first local")
    repo.commit("newest local")
    assert pull_request_from_git(repo.path, base="main~2").title == "newest local"


def test_detached_head(repo: GitRepo) -> None:
    repo.branch("topic")
    repo.commit("one", {"a.txt": "a\n"})
    repo.commit("two", {"b.txt": "b\n"})
    repo.checkout(repo.git("rev-parse", "HEAD"))
    pr = pull_request_from_git(repo.path, base="main")
    assert (pr.head, pr.title) == ("", "two")


def test_explicit_head_and_base_names(repo: GitRepo) -> None:
    repo.branch("topic")
    repo.commit("topic work", {"a.txt": "a\n", "main": "a file named like the base branch\n"})
    repo.checkout("main")
    repo.git("tag", "-a", "v1.0", "-m", "release", "main")
    assert pull_request_from_git(repo.path, base="main", head="topic").base == "main"
    pr = pull_request_from_git(repo.path, base="v1.0", head="topic")
    assert (pr.base, pr.head, [f.path for f in pr.files]) == ("v1.0", "topic", ["a.txt", "main"])
    sha = repo.git("rev-parse", "main")
    assert pull_request_from_git(repo.path, base=sha, head="topic").base == sha


def test_bot_author_from_noreply_email(repo: GitRepo) -> None:
    repo.branch("dependabot/pip/requests-2.32.0")
    repo.commit(
        "Bump requests",
        {"requirements.txt": "requests==2.32.0\n"},
        email="49699333+dependabot[bot]@users.noreply.github.com",
    )
    pr = pull_request_from_git(repo.path, base="main")
    assert (pr.author, pr.author_type) == ("dependabot[bot]", "Bot")


def test_default_base_follows_origin_head(repo: GitRepo, tmp_path: Path) -> None:
    repo.branch("develop")
    repo.commit("develop work", {"dev.txt": "d\n"})
    repo.add_origin(tmp_path / "origin.git", "main", "develop", head="develop")
    repo.branch("feature/x")
    repo.commit("feature work", {"x.txt": "x\n"})
    assert default_base(repo.path) == "origin/develop"
    pr = pull_request_from_git(repo.path)
    assert (pr.base, [f.path for f in pr.files]) == ("develop", ["x.txt"])
    assert pr.base_sha == repo.git("rev-parse", "origin/develop").strip()


def test_default_base_prefers_origin_main_without_origin_head(repo: GitRepo, tmp_path: Path) -> None:
    repo.add_origin(tmp_path / "origin.git", "main")
    repo.git("remote", "set-head", "origin", "--delete")
    assert default_base(repo.path) == "origin/main"


def test_default_base_skips_an_origin_head_that_points_nowhere(repo: GitRepo, tmp_path: Path) -> None:
    repo.add_origin(tmp_path / "origin.git", "main")
    repo.branch("feature/y")
    repo.commit("y", {"y.txt": "y\n"})
    # Dangling, then a plain ref rather than a pointer: neither names a branch.
    repo.git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/gone")
    assert default_base(repo.path) == "origin/main"
    assert pull_request_from_git(repo.path).base == "main"
    repo.git("update-ref", "--no-deref", "refs/remotes/origin/HEAD", "HEAD")
    assert default_base(repo.path) == "origin/main"
    pr = pull_request_from_git(repo.path)
    assert (pr.base, [f.path for f in pr.files]) == ("main", ["y.txt"])


def test_default_base_without_remote(repo: GitRepo, make_repo: Callable[[str], GitRepo]) -> None:
    assert default_base(repo.path) == "main"
    other = make_repo("other")
    other.git("checkout", "-q", "-b", "trunk-only")
    other.commit("root")
    with pytest.raises(GitError) as info:
        default_base(other.path)
    assert "--base" in info.value.hint


def test_hostile_user_config_does_not_change_the_result(repo: GitRepo, global_config: Path) -> None:
    repo.branch("feature/config")
    repo.commit("Change app", {"src/app.py": "print('hi')\n\nprint('bye')\n"})
    plain = pull_request_from_git(repo.path, base="main")
    global_config.write_text(
        "[color]\n\tui = always\n[diff]\n\tnoprefix = true\n\tmnemonicPrefix = true\n\tcontext = 8\n"
        "\tsubmodule = log\n\trenames = false\n\texternal = false\n\tsuppressBlankEmpty = true\n"
        "[core]\n\tpager = false\n\tquotepath = true\n[log]\n\tdecorate = full\n"
        "[i18n]\n\tlogOutputEncoding = ISO-8859-1\n"
    )
    assert pull_request_from_git(repo.path, base="main") == plain


def test_hook_environment_does_not_redirect_git(
    repo: GitRepo, make_repo: Callable[[str], GitRepo], monkeypatch: pytest.MonkeyPatch
) -> None:
    other = make_repo("other")
    other.commit("other root", {"other.txt": "o\n"})
    repo.branch("topic")
    repo.commit("topic", {"t.txt": "t\n"})
    monkeypatch.setenv("GIT_DIR", str(other.path / ".git"))
    monkeypatch.setenv("GIT_INDEX_FILE", str(other.path / ".git" / "index"))
    monkeypatch.setenv("GIT_DIFF_OPTS", "--unified=0")
    monkeypatch.setenv("GIT_EXTERNAL_DIFF", "false")
    (change,) = pull_request_from_git(repo.path, base="main").files
    assert (change.path, change.patch) == ("t.txt", "@@ -0,0 +1 @@\n+t")


def test_git_error_names_command_status_and_reason(repo: GitRepo) -> None:
    with pytest.raises(GitError) as info:
        run_git(["cat-file", "-p", "deadbeef"], repo.path, hint="a hint")
    assert info.value.message.startswith("`git cat-file -p deadbeef` failed with exit status 128: fatal:")
    assert info.value.hint == "a hint"


def test_git_out_of_time_is_killed_and_reported(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(git_run, "GIT_TIMEOUT_SECONDS", 0)
    with pytest.raises(GitError) as info:
        run_git(["rev-parse", "HEAD"], repo.path)
    assert info.value.message == "`git rev-parse HEAD` did not finish within 0 s"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, (None, "HEAD", "")),
        ({"PRE_COMMIT_FROM_REF": "abc", "PRE_COMMIT_TO_REF": "def"}, ("abc", "def", "")),
        # pre-commit >= 2.2 also sets the legacy names, swapped: the new names must win.
        (
            {
                "PRE_COMMIT_FROM_REF": "abc",
                "PRE_COMMIT_TO_REF": "def",
                "PRE_COMMIT_ORIGIN": "abc",
                "PRE_COMMIT_SOURCE": "def",
            },
            ("abc", "def", ""),
        ),
        ({"PRE_COMMIT_SOURCE": "old", "PRE_COMMIT_ORIGIN": "new"}, ("old", "new", "")),
        ({"PRE_COMMIT_FROM_REF": "0" * 40, "PRE_COMMIT_TO_REF": "def"}, (None, "def", "")),
        ({"PRE_COMMIT_TO_REF": "def"}, (None, "def", "")),
        # The branch pushed to names the PR; the local one when that is not a branch.
        (
            {"PRE_COMMIT_TO_REF": "d", "PRE_COMMIT_LOCAL_BRANCH": "HEAD", "PRE_COMMIT_REMOTE_BRANCH": "refs/heads/a/b"},
            (None, "d", "a/b"),
        ),
        (
            {"PRE_COMMIT_TO_REF": "def", "PRE_COMMIT_LOCAL_BRANCH": "refs/heads/x", "PRE_COMMIT_REMOTE_BRANCH": "v1"},
            (None, "def", "x"),
        ),
        ({"PRE_COMMIT_TO_REF": "def", "PRE_COMMIT_LOCAL_BRANCH": "HEAD"}, (None, "def", "")),
    ],
)
def test_refs_from_pre_commit(env: dict[str, str], expected: tuple[str | None, str, str]) -> None:
    assert refs_from_pre_commit(env) == expected


def test_a_known_branch_names_a_pull_request_whose_head_is_a_commit(repo: GitRepo) -> None:
    repo.branch("feature/add-dark-mode")
    repo.commit("one", {"a.txt": "a\n"})
    sha = repo.commit("two", {"b.txt": "b\n"})
    assert (pull_request_from_git(repo.path, base="main", head=sha).title) == "two"
    pr = pull_request_from_git(repo.path, base="main", head=sha, branch="fix/7-dark-mode")
    assert (pr.head, pr.title, [i.ref for i in pr.linked_issues]) == ("fix/7-dark-mode", "7 dark mode", ["#7"])


def test_linked_issue_numbers_from_commits_body_and_branch(repo: GitRepo) -> None:
    """SPEC section 3: locally, without a token, the linked issues are the numbers alone."""
    repo.branch("fix/42-cart-logout")
    repo.commit("fix: keep the cart on logout\n\nFixes #7 and closes octo/other#3.", {"cart.txt": "kept\n"})
    pr = pull_request_from_git(repo.path, base="main", body="Resolves #9")
    assert [issue.ref for issue in pr.linked_issues] == ["#9", "#7", "octo/other#3", "#42"]
    assert all(issue.title is None and issue.labels == () for issue in pr.linked_issues)


def test_branch_names_are_split_on_newlines_only(repo: GitRepo) -> None:
    """A ref name may hold U+2028, at which str.splitlines() would also split git's answers."""
    repo.branch("feat/line\u2028sep")
    repo.commit("one", {"a.txt": "a\n"})
    repo.commit("two", {"b.txt": "b\n"})
    pr = pull_request_from_git(repo.path, base="main")
    assert (pr.head, pr.base, pr.title) == ("feat/line\u2028sep", "main", "line sep")
