"""Feature flags in a diff: calls of the common flag SDKs and conventions, each with the flag's name."""

from __future__ import annotations

import re
from typing import NamedTuple

from pr_impact.core.lazy_re import LazyPattern
from pr_impact.core.taxonomy import SETTINGS_SUFFIXES

# Calls whose first string argument (after at most one other argument: a user key, a request, a
# context) names a flag. Generic names such as isEnabled only count with a literal name, so a
# `window.is_enabled()` or `fn is_enabled(&self)` is not a flag.
_CALL_NAMES = (
    # LaunchDarkly
    "variation", "variationDetail", "boolVariation", "stringVariation", "numberVariation", "jsonVariation",
    "boolVariationDetail", "BoolVariation", "StringVariation", "IntVariation", "Float64Variation", "JSONVariation",
    "bool_variation", "string_variation", "BoolVariationDetail",
    # Unleash (and its React hook), Flipper, django-waffle
    "isEnabled", "is_enabled", "IsEnabled", "useFlag", "useVariant", "getVariant", "get_variant",
    "Flipper.enabled?", "Flipper.enable", "Flipper.disable", "flag_is_active", "switch_is_active",
    # GrowthBook
    "isOn", "isOff", "useFeatureIsOn", "useFeatureValue", "getFeatureValue", "evalFeature", "IsOn",
    # PostHog
    "isFeatureEnabled", "is_feature_enabled", "feature_enabled", "useFeatureFlagEnabled", "useFeatureFlagVariantKey",
    "useFeatureFlagPayload", "getFeatureFlag", "get_feature_flag", "getFeatureFlagPayload", "IsFeatureEnabled",
    # Flagsmith
    "hasFeature", "HasFeature", "getFeatureFlags",
    # OpenFeature
    "getBooleanValue", "getStringValue", "getNumberValue", "getObjectValue", "getBooleanDetails",
    "get_boolean_value", "get_string_value", "BooleanValue", "StringValue", "useBooleanFlagValue",
    "useStringFlagValue", "useNumberFlagValue", "useObjectFlagValue",
    # Split, ConfigCat, Statsig and the usual home-grown names
    "getTreatment", "getTreatmentWithConfig", "get_treatment", "getValueAsync", "GetValueAsync", "checkGate",
    "check_gate", "useGate", "getFeatureGate", "useFeatureFlag", "isFlagEnabled", "is_flag_enabled", "flagEnabled",
    "featureEnabled", "feature_enabled?", "isFeatureOn", "getFlag",
)
# Every repeat below is bounded, so a search stays linear in the line's length.
_CALL = LazyPattern(
    r"(?<![\w$])(?:" + "|".join(re.escape(n) for n in sorted(_CALL_NAMES, key=len, reverse=True)) + r")"
    r"[ \t]{0,3}\([ \t]{0,3}(?:[\w.$]{1,60}[ \t]{0,3},[ \t]{0,3})?(?:[\"'`]|:(?=[A-Za-z_]))([A-Za-z0-9_.:/-]{1,80})"
)
# Member conventions: FeatureFlag.sharedSection, featureFlags.newEditor, feature_flags.legacy_login,
# featureFlagService.flags.enable_ai, Flipper[:beta], Chromium's FeatureList::IsEnabled(features::kX).
_MEMBER = LazyPattern(
    r"(?i:feature[_-]?(?:flag|toggle)s?)(?:Service)?(?:\.flags)?\.([A-Za-z_][\w]{0,79})(?![\w(])"
    r"|Flipper\[[ \t]{0,3}:([A-Za-z_]\w{0,79})"
    r"|FeatureList::IsEnabled\([ \t]{0,3}(?:[\w]{1,40}::){0,4}([A-Za-z_]\w{0,79})"
)
# An environment variable read in code, and the names that make it a toggle (ENABLE_X, X_DISABLED,
# FEATURE_X, X_EXPERIMENTAL_Y).
_ENV = LazyPattern(
    r"(?:process\.env|import\.meta\.env)(?:\.|\[[ \t]{0,3}[\"'`])([A-Z][A-Z0-9_]{2,79})"
    r"|(?:os\.environ|\bENV)(?:\.get\(|\.fetch\(|\[)[ \t]{0,3}[\"']([A-Z][A-Z0-9_]{2,79})"
    r"|(?:getenv|Getenv|LookupEnv|env::var(?:_os)?|Deno\.env\.get|GetEnvironmentVariable)\([ \t]{0,3}[\"'`]"
    r"([A-Z][A-Z0-9_]{2,79})"
)
_ENV_ENTRY = LazyPattern(r"^[ \t]{0,20}(?:export[ \t]{1,5})?([A-Z][A-Z0-9_]{2,79})[ \t]{0,3}=")
_TOGGLE_NAME = LazyPattern(r"(?:^|_)(?:FEATURES?|FF|FLAGS?|ENABLE|ENABLED|DISABLE|DISABLED|EXPERIMENTAL|TOGGLE)(?:_|$)")
# A section of a configuration file that lists flags, and a key inside it.
_FLAG_SECTION = LazyPattern(r"""^[ \t]{0,40}\[?["']?(?:feature[_-]?(?:flag|toggle)s|featureFlags|featureToggles)"""
                           r"""["']?\]?[ \t]{0,3}[:=]?[ \t]{0,3}[{]?[ \t]{0,3}$""", re.IGNORECASE)
_CONFIG_KEY = LazyPattern(r"""^([ \t]{0,40})["']?([A-Za-z_][\w.-]{0,79})["']?[ \t]{0,3}[:=]""")
_IMPORT = LazyPattern(r"^[ \t]{0,40}(?:import|from|use|require|#include|export[ \t]{1,5}\*)\b|\brequire\(")
_COMMENT = ("//", "#", "*", "/*", "<!--", "--", '"""', "'''")
# Words a member convention captures that are methods or file extensions, not flag names.
_NOT_NAMES = frozenset({"dart", "ts", "js", "tsx", "jsx", "py", "rs", "go", "rb", "json", "yaml", "yml", "toml",
                        "values", "keys", "entries", "length", "map", "all", "list", "flags", "value", "isOn",
                        "enabled", "service", "provider", "state", "store", "default"})


class FlagUse(NamedTuple):
    """A flag named on one changed line."""

    name: str
    added: bool  # on an added line (else a removed one)


def _comment(line: str) -> bool:
    """A comment line, where a flag's name is prose, not a check."""
    stripped = line.lstrip()
    return stripped.startswith(_COMMENT) and not stripped.startswith(("#[", "#include", "#if"))


def _names_in_code(line: str) -> list[str]:
    """The flag names one line of code checks or defines."""
    if _comment(line) or _IMPORT.search(line):
        return []
    names = [m[1] for m in _CALL.finditer(line)]
    names += [n for m in _MEMBER.finditer(line) for n in m.groups() if n and n not in _NOT_NAMES]
    names += [n for m in _ENV.finditer(line) for n in m.groups() if n and _TOGGLE_NAME.search(n)]
    return names


def is_env_file(path: str) -> bool:
    """`.env`, `.env.example`, `production.env`."""
    base = path.rsplit("/", 1)[-1].lower()
    return base.startswith(".env") or base.endswith(".env")


def flag_uses(path: str, patch: str) -> list[FlagUse]:
    """Every flag named on a changed line of one file's patch: in code, in a `feature_flags` section of
    a configuration file, or as a toggle in an environment file. A Cargo build script's features are
    compile-time switches, not flags someone flips."""
    if path.rsplit("/", 1)[-1] == "build.rs":
        return []
    config, env = path.lower().endswith(SETTINGS_SUFFIXES), is_env_file(path)
    uses: list[FlagUse] = []
    # Indentation of the enclosing feature-flag section when inside one; -1 for a TOML table.
    section: int | None = None
    for raw in patch.split("\n"):
        if raw.startswith("@@"):
            section = None
            continue
        mark, line = raw[:1], raw[1:]
        if mark not in ("+", "-", " "):
            continue
        if config:
            key = _CONFIG_KEY.match(line)
            if _FLAG_SECTION.match(line):
                section = -1 if line.lstrip().startswith("[") else len(line) - len(line.lstrip())
                continue
            if line.lstrip().startswith("[") or (key and section is not None and len(key[1]) <= section):
                section = None
            if mark != " " and key and section is not None and not _comment(line):
                uses.append(FlagUse(key[2], mark == "+"))
                continue
        if mark == " ":
            continue
        if env:
            entry = _ENV_ENTRY.match(line)
            names = [entry[1]] if entry and _TOGGLE_NAME.search(entry[1]) else []
        else:
            names = _names_in_code(line)
        uses += [FlagUse(name, mark == "+") for name in names]
    return uses
