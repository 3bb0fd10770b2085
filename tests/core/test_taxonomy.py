"""File kinds across ecosystems, and the surface each kind has by default."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pr_impact.core.taxonomy import (
    _PRODUCT_CONFIG_PREFIXES,
    CONFIG,
    KIND_NAMES,
    KINDS,
    MACHINERY_KINDS,
    MANIFEST_SYNTAX,
    PACKAGE_ROOTS,
    ROOT_TOOL_CONFIG,
    SHIPPED_KINDS,
    SOURCE_SUFFIXES,
    UNSHIPPED_KINDS,
    _matches,
    classify_path,
    manifest_syntax,
    package_dirs,
)

CASES = [
    # tests, by each language's naming convention
    ("tests/test_api.py", "test"), ("pkg/server/handler_test.go", "test"), ("src/app.test.ts", "test"),
    ("src/Button.spec.tsx", "test"), ("src/test/java/com/acme/OrderTest.java", "test"),
    ("spec/models/order_spec.rb", "test"), ("app/src/androidTest/java/Foo.kt", "test"),
    ("internal/exec/exec_mock.go", "test"), ("src/__tests__/x.js", "test"), ("conftest.py", "test"),
    # CI and automation
    (".github/workflows/ci.yml", "ci"), (".circleci/config.yml", "ci"), (".gitlab-ci.yml", "ci"),
    ("dagger/main.go", "ci"), ("renovate.json", "ci"),
    # build tooling, lockfiles and manifests
    ("Makefile", "build"), ("scripts/release.sh", "build"), ("packages/core/scripts/bench.ts", "build"),
    ("vite.config.ts", "build"), ("packages/web/rollup.dts.config.ts", "build"), (".golangci.yml", "build"),
    ("lychee.toml", "build"), (".devcontainer/Dockerfile", "build"),
    # Tools' ignore files say what a watcher, packager or search skips.
    (".taurignore", "build"), ("examples/api/.taurignore", "build"), (".npmignore", "build"),
    (".vscodeignore", "build"),
    ("yarn.lock", "lockfile"), ("go.sum", "lockfile"), ("Cargo.lock", "lockfile"),
    ("package.json", "manifest"), ("pyproject.toml", "manifest"), ("app/build.gradle.kts", "manifest"),
    # docs for users vs contributors; changelogs
    ("docs/guide/install.md", "docs"), ("README.md", "docs"), ("www/content/intro.md", "docs"),
    ("docs/commands/changelog.md", "docs"),
    ("CONTRIBUTING.md", "contributor-docs"), (".github/PULL_REQUEST_TEMPLATE.md", "contributor-docs"),
    ("CHANGELOG.md", "release"), (".changeset/brave-dogs.md", "release"),
    # examples and playgrounds
    ("examples/basic/main.go", "example"), ("playground/css/index.html", "example"),
    ("src/Button.stories.tsx", "example"),
    # what ships: code, UI, copy, APIs, migrations, runtime config
    ("src/orders/service.py", "source"), ("commitizen/changelog.py", "source"),
    ("internal/pipe/changelog/changelog.go", "source"), ("cmd/root.go", "source"),
    ("src/components/Cart.tsx", "ui"), ("app/views/orders/show.html.erb", "ui"), ("styles/main.scss", "ui"),
    ("app/src/main/res/layout/main.xml", "ui"),
    ("locales/de.json", "locale"), ("po/fr.po", "locale"), ("Resources/en.lproj/Localizable.strings", "locale"),
    ("api/orders.proto", "api-schema"), ("openapi.yaml", "api-schema"), ("types/index.d.ts", "api-schema"),
    ("db/migrations/0001_init.sql", "migration"), ("alembic/versions/abc_add.py", "migration"),
    ("config/settings.yml", "config"), ("src/defaults.json", "config"),
    # how users receive the product
    ("Dockerfile", "packaging"), (".pre-commit-hooks.yaml", "packaging"), ("action.yml", "packaging"),
    ("packaging/rpm/app.spec", "packaging"),
    # generated and vendored
    ("vendor/github.com/x/y/z.go", "generated"), ("api/orders.pb.go", "generated"),
    ("src/__snapshots__/a.test.ts.snap", "generated"),
]


@pytest.mark.parametrize(("path", "kind"), CASES, ids=[c[0] for c in CASES])
def test_kind(path: str, kind: str) -> None:
    assert classify_path(path).kind == kind


@pytest.mark.parametrize(("path", "surface"), [
    ("src/a.py", "user-facing"), ("tests/a.py", "internal"), ("Dockerfile", "unknown"), ("blob.bin", "unknown"),
])
def test_default_surface(path: str, surface: str) -> None:
    assert classify_path(path).surface == surface


def test_package_roots_of_monorepos() -> None:
    assert package_dirs(["packages", "vite", "scripts"]) == ["scripts"]
    assert package_dirs(["src", "scripts"]) == ["src", "scripts"]


def test_every_kind_is_named_once() -> None:
    assert len(KIND_NAMES) == len(set(KIND_NAMES))


def _first_kind_tested_one_by_one(path: str) -> str:
    """The plain definition classify_path's index must agree with: every kind tested in order."""
    lower = path.lower()
    parts = lower.split("/")
    base, dirs = parts[-1], parts[:-1]
    local = package_dirs(dirs)
    for spec in KINDS:
        if _matches(spec, lower, base, dirs, local):
            root_tool = spec is CONFIG and not local and not base.startswith(_PRODUCT_CONFIG_PREFIXES)
            return ROOT_TOOL_CONFIG.kind if root_tool else spec.kind
    return "other"


_DIRS = sorted({d for spec in KINDS for d in (*spec.dirs, *spec.root_dirs)} | PACKAGE_ROOTS
               | {"src", "lib", "app", "x", ".github", "docs"})
_NAMES = sorted({n for spec in KINDS for n in spec.names})
_AFFIXES = sorted({a for spec in KINDS for a in (*spec.suffixes, *spec.name_prefixes)} | set(SOURCE_SUFFIXES))
_PATH_PREFIXES = sorted({p for spec in KINDS for p in spec.path_prefixes})
_WORD = st.text(alphabet="abcXY._-", min_size=0, max_size=6)


@st.composite
def _paths(draw: st.DrawFn) -> str:
    """Paths built from the words the kinds look for, mixed case, mixed with noise."""
    dirs = draw(st.lists(st.one_of(st.sampled_from(_DIRS), _WORD.filter(bool)), max_size=4))
    base = draw(st.one_of(
        st.sampled_from(_NAMES),
        st.tuples(_WORD, st.sampled_from(_AFFIXES), _WORD).map("".join),
        st.tuples(_WORD, st.sampled_from(_AFFIXES)).map("".join),
        _WORD.filter(bool),
    ))
    path = "/".join([*dirs, base])
    if draw(st.booleans()):
        path = draw(st.sampled_from(_PATH_PREFIXES)) + path
    return "".join(c.upper() if draw(st.booleans()) else c for c in path) if draw(st.booleans()) else path


@given(_paths())
def test_indexed_lookup_finds_the_same_kind_as_testing_every_kind(path: str) -> None:
    assert classify_path(path).kind == _first_kind_tested_one_by_one(path)


def test_indexed_lookup_on_the_table_cases() -> None:
    for path, _ in CASES:
        assert classify_path(path).kind == _first_kind_tested_one_by_one(path)


@pytest.mark.parametrize(("path", "kind"), [
    ("doc/server/pricing.ts", "source"),  # a service that lives under doc/ still ships
    ("apps/site/src/pages/pricing.tsx", "ui"),
    ("website/src/App.vue", "ui"),
    ("docs/guide/install.md", "docs"),
    ("docs/conf.py", "docs"),  # Sphinx's configuration is documentation tooling
    ("docs/.vitepress/config.ts", "docs"),
    ("docs/build.sh", "docs"),
])
def test_a_folder_name_does_not_override_what_a_file_is(path: str, kind: str) -> None:
    assert classify_path(path).kind == kind


def test_every_known_kind_says_whether_it_ships() -> None:
    assert set(KIND_NAMES) - {"other"} == SHIPPED_KINDS | UNSHIPPED_KINDS
    assert not SHIPPED_KINDS & UNSHIPPED_KINDS
    assert {"source", "ui", "config", "manifest", "packaging"} <= SHIPPED_KINDS
    assert {"test", "ci", "docs", "build", "lockfile"} <= UNSHIPPED_KINDS


@pytest.mark.parametrize(("path", "kind"), [
    # Flutter: lib/ ships (widgets are UI), test/ and integration_test/ do not.
    ("frontend/app_flutter/lib/workspace/presentation/widgets/dialogs.dart", "ui"),
    ("frontend/app_flutter/lib/ai/service/model_state.dart", "source"),
    ("frontend/app_flutter/integration_test/desktop/board/board_test_runner.dart", "test"),
    ("frontend/app_flutter/test/widget_test/select_test.dart", "test"),
    ("frontend/app_flutter/pubspec.yaml", "manifest"),
    ("frontend/app_flutter/assets/translations/en.json", "locale"),
    # Vue and Svelte apps, Electron/Tauri shells, Go and Rust CLIs.
    ("packages/app-common/src/components/smart/EnvInput.vue", "ui"),
    ("src/routes/+page.svelte", "ui"),
    ("crates/tauri/src/window.rs", "source"),
    ("cmd/root.go", "source"),
    ("crates/cli/src/args.rs", "source"),
    (".devcontainer/devcontainer.json", "build"),
])
def test_end_user_app_and_cli_layouts(path: str, kind: str) -> None:
    assert classify_path(path).kind == kind


@pytest.mark.parametrize("path", [*MANIFEST_SYNTAX, "requirements.txt", "requirements-dev.txt", "Requirements.in"])
def test_every_manifest_whose_dependencies_are_read_is_of_the_manifest_kind(path: str) -> None:
    assert classify_path(path).kind == "manifest"
    assert manifest_syntax(f"packages/app/{path}") is not None


@pytest.mark.parametrize(("path", "kind"), [
    # A folder's name decides a file's kind only when the file fits it.
    ("frontend/src/components/data-table/charts/charts.tsx", "ui"),  # UI code, not a Helm chart
    ("charts/argo-cd/values.yaml", "packaging"),
    ("charts/argo-cd/templates/deployment.yaml", "packaging"),
    ("src/ai/messages/prompt.ts", "source"),  # code of a chat feature, not a locale file
    ("src/messages/de.ts", "locale"),  # ...but a language's strings are
    ("pkg/i18n/english.go", "locale"),  # i18n sources hold the strings users read
    ("pkg/lang/english.go", "locale"),
    ("locales/de.json", "locale"),
    ("packages/rolldown/src/options/docs/tsconfig.md", "docs"),  # documents an option, configures nothing
    ("tsconfig.json", "build"), ("packages/x/tsconfig.build.json", "build"),
    ("crates/atuin-client/config.toml", "config"),  # the product's own config at a package root
    ("lychee.toml", "build"),  # a tool's config at the root stays tooling
    ("yazi-core/src/completion/mod.rs", "source"),  # in-app completion is a feature, not a completion script
])
def test_a_folder_name_decides_only_when_the_file_fits(path: str, kind: str) -> None:
    assert classify_path(path).kind == kind


@pytest.mark.parametrize(("path", "kind"), [
    # Shipped artefacts that are not code: completions, man pages, installers, desktop entries and
    # app manifests, bundled libraries, an image's Dockerfile by another name.
    ("completions/_yazi", "packaging"), ("completions/yazi.fish", "packaging"), ("man/yazi.1", "packaging"),
    ("crates/bundler/src/windows/nsis/installer.nsi", "packaging"), ("wix/main.wxs", "packaging"),
    ("setup/installer.iss", "packaging"), ("assets/yazi.desktop", "packaging"),
    ("core/tauri/Windows Manifest.xml", "packaging"), ("lib/win64/sqlite3.dll", "packaging"),
    ("prod.Dockerfile", "packaging"), ("Formula/yazi.rb", "packaging"),
    # ...but not what merely resembles one.
    ("scripts/completions.sh", "build"), ("src/app.rs", "source"), ("docs/install.md", "docs"),
])
def test_shipped_artefacts_that_are_not_code(path: str, kind: str) -> None:
    assert classify_path(path).kind == kind


@pytest.mark.parametrize(("path", "kind"), [
    ("docs/BUILDING.md", "contributor-docs"), ("USERS.md", "contributor-docs"), ("ADOPTERS.md", "contributor-docs"),
    (".agents/skills/commitizen/SKILL.md", "contributor-docs"), ("docs/proposals/sharding.md", "contributor-docs"),
    ("docs/contribution-guide/index.md", "contributor-docs"),
    # A project's notes on its own internals, in a folder that says so.
    ("internal-docs/code-splitting/implementation.md", "contributor-docs"),
    ("docs/internal/release-process.md", "contributor-docs"), ("docs/internals-of-x.md", "contributor-docs"),
    ("core/tauri/permissions/menu/autogenerated/reference.md", "generated"),
    ("docs/guide/building-an-app.md", "docs"), ("docs/users/login.md", "docs"),
])
def test_docs_for_the_people_around_the_project_are_contributor_docs(path: str, kind: str) -> None:
    assert classify_path(path).kind == kind


def test_examples_are_not_machinery_they_are_code_users_copy() -> None:
    assert classify_path("examples/chat/main.go").surface == "unknown"
    assert "example" not in MACHINERY_KINDS and {"test", "ci", "build", "contributor-docs"} <= MACHINERY_KINDS


@pytest.mark.parametrize(("path", "kind"), [
    ("shell/browser/ui/accelerator_util.cc", "source"),  # the code behind a UI toolkit, not a UI file
    ("internal/ui/render.go", "source"), ("app/views/home.py", "source"),
    ("src/ui/Button.tsx", "ui"), ("app/views/home.erb", "ui"), ("lib/ui/screen.dart", "ui"),
])
def test_a_ui_folder_decides_only_for_files_that_fit_it(path: str, kind: str) -> None:
    assert classify_path(path).kind == kind
