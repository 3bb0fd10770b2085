"""Which paths are database migrations of a known framework, and which are contracts others consume."""

from __future__ import annotations

import re

from pr_impact.core.lazy_re import LazyPattern
from pr_impact.core.taxonomy import (
    API_SPEC_PREFIXES,
    CONTRACT_DIRS,
    CONTRACT_SUFFIXES,
    SPEC_DATA_SUFFIXES,
    is_migrations_dir,
)

# Rails, Django, Knex, Sequelize, TypeORM, Ecto, EF Core, goose, golang-migrate, pop, diesel and
# SeaORM all name migrations by a sequence number or a timestamp inside a migrations folder.
_NUMBERED = LazyPattern(r"^(?:\d{3,}|m\d{6,}_|v\d{1,6}[._-]\d)[\w.-]{0,200}$")
_TIMESTAMPED = LazyPattern(r"^\d{8,}[_-]?\d{0,12}[_-][a-z]")
_MIGRATION_EXTS = (".sql", ".py", ".rb", ".js", ".ts", ".cjs", ".mjs", ".mts", ".go", ".exs", ".cs", ".php",
                   ".java", ".kt", ".rs", ".fizz", ".xml", ".yaml", ".yml", ".json")
_FLYWAY = LazyPattern(r"^[vur]\d{0,20}(?:[._]\d{1,20}){0,6}__\w", re.IGNORECASE)
_LIQUIBASE = LazyPattern(r"changelog.{0,200}\.(?:xml|ya?ml|json|sql)$")
# Type declarations an app writes for itself (its build tool's globals, its env, auto-imports): no
# one else consumes them.
_AMBIENT = LazyPattern(r"(?:^|[-_.])(?:env|global|globals|shims?|vite-env|auto-imports|components|typed-router"
                      r"|custom|ambient|window|modules|vue-shim|images|assets|declarations)\.d\.[cm]?ts$")


_MIGRATION_WORDS = ("migra", "alembic", "changelog", "__")  # Flyway names hold "__"
_CONTRACT_ENDINGS = (*CONTRACT_SUFFIXES, *SPEC_DATA_SUFFIXES, ".d.ts", ".d.mts", ".d.cts")
_NOT_CONTRACT_DIRS = frozenset({"stub", "stubs", "fixtures", "testdata", "benches", "examples"})
_NOT_CONTRACTS = frozenset({"openapitools.json"})  # openapi-generator's own settings, not a spec
# A generator's settings kept beside the spec (`gen.go.yml`, `codegen.yml`, `openapi-generator.yaml`).
_GENERATOR_SETTINGS = ("codegen", "generator")
# A crate or package of test helpers (`rolldown_testing`, `test-utils`): its schemas configure tests.
_TEST_SUPPORT = ("_testing", "-testing", "test_utils", "test-utils", "testutils")
_APP_TYPE_DIRS = frozenset({"src", "typings", "internal", "app"})
_DECLARE_AMBIENT = LazyPattern(r"^[-+ ][ \t]{0,20}declare[ \t]{1,5}(?:module|global)\b", re.MULTILINE)
_OPERATION_DIRS = frozenset({"queries", "mutations", "subscriptions", "fragments", "operations"})
_OPERATION = LazyPattern(r"^[-+ ][ \t]{0,20}(?:query|mutation|subscription|fragment)\b", re.MULTILINE)
_SDL = LazyPattern(r"^[-+ ][ \t]{0,20}(?:type|input|enum|interface|union|scalar|schema|extend|directive)\b",
                  re.MULTILINE)


def is_migration(path: str) -> bool:
    """A migration file of a known framework, not any file in a folder named like one (a UI
    component folder `Migration/`, a tool's `migrate` command)."""
    lower = path.lower()
    if not lower.endswith(".sql") and not any(word in lower for word in _MIGRATION_WORDS):
        return False  # most paths: one scan for words every migration path holds
    parts = lower.split("/")
    base, dirs = parts[-1], parts[:-1]
    if _FLYWAY.match(base) and base.endswith((".sql", ".java", ".kt")):
        return True
    if _LIQUIBASE.search(base) and not {"db", "liquibase", "changelog", "changelogs"}.isdisjoint(dirs):
        return True
    if base.endswith(".sql") and dirs and _TIMESTAMPED.match(dirs[-1]):
        return True  # pop, diesel, Prisma: <timestamp>_<name>/<file>.sql wherever the folder sits
    in_migrations = [i for i, d in enumerate(dirs) if is_migrations_dir(d)]
    if not in_migrations or not base.endswith(_MIGRATION_EXTS):
        return False
    below = dirs[in_migrations[-1] + 1:]
    if "versions" in below:  # Alembic: migrations/versions/<revision>_<slug>.py
        return base.endswith(".py") and base != "__init__.py"
    if base in ("up.sql", "down.sql", "migration.sql"):  # diesel, Prisma: <timestamp>_<name>/up.sql
        return True
    if _NUMBERED.match(base) or (len(below) == 1 and _NUMBERED.match(below[0])):
        return True
    return base.endswith(".sql") and not below  # plain SQL files listed in a migrations folder


def _graphql_operations(dirs: list[str], patch: str) -> bool:
    """A GraphQL document of queries an app sends (`gql/queries/UserInfo.graphql`), not a schema."""
    if not _OPERATION_DIRS.isdisjoint(dirs):
        return True
    return _OPERATION.search(patch) is not None and _SDL.search(patch) is None


def is_public_contract(path: str, patch: str = "") -> bool:
    """A schema or contract others consume: protobuf, GraphQL SDL, Avro, Thrift, OpenAPI/AsyncAPI
    specs, JSON Schema, and a package's published type declarations, not an app's ambient ones nor
    its own GraphQL queries."""
    lower = path.lower()
    if not lower.endswith(_CONTRACT_ENDINGS):
        return False
    parts = lower.split("/")
    base, dirs = parts[-1], parts[:-1]
    if not _NOT_CONTRACT_DIRS.isdisjoint(dirs) or base in _NOT_CONTRACTS:
        return False
    if any(d.endswith(_TEST_SUPPORT) for d in dirs):
        return False
    if base.endswith(SPEC_DATA_SUFFIXES) and (base.startswith("gen.")
                                              or any(word in base for word in _GENERATOR_SETTINGS)):
        return False
    if base.endswith((".graphql", ".gql")):
        return not _graphql_operations(dirs, patch)
    if base.endswith(CONTRACT_SUFFIXES):
        return True
    if base.startswith(API_SPEC_PREFIXES) and base.endswith(SPEC_DATA_SUFFIXES):
        return True
    if base.endswith(SPEC_DATA_SUFFIXES) and not CONTRACT_DIRS.isdisjoint(dirs):
        return True
    if base.endswith((".d.ts", ".d.mts", ".d.cts")):
        # A package publishes declarations from its root, `types/` or `dist/`; those under `src/` or
        # `typings/` describe the app's own modules and globals.
        return (_AMBIENT.search(base) is None and _APP_TYPE_DIRS.isdisjoint(dirs)
                and _DECLARE_AMBIENT.search(patch) is None)
    return False
