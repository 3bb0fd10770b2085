"""Starter files written by `pr-impact init`."""

STARTER_CONFIG = '''\
# pr-impact configuration: https://github.com/pr-impact/pr-impact#configuration
# Validate with `pr-impact validate`; see every rule that fires with `pr-impact explain`.

# Build on the built-in rules (the default) or replace them with `extends: none`.
extends: defaults

# Label names, colours and descriptions for the three impact classes.
labels:
  user-facing: { name: "impact: user-facing", color: "d93f0b" }
  tech-debt: { name: "impact: tech-debt", color: "fbca04" }
  internal: { name: "impact: internal", color: "c5def5" }

# Product areas: business names for paths, shown to the PM and usable in rules (`areas:`).
areas:
  # Checkout: ["src/checkout/**", "web/cart/**"]
  # Onboarding: ["src/signup/**"]

# Your own rules come before the built-in ones. A PR rule adds `weight` to an impact class;
# a file rule (`then: {surface: ...}`) decides whether matching files are user-facing surface.
rules:
  # - name: payments-are-user-facing
  #   when: { any_file: { path: "src/payments/**" } }
  #   then: { impact: user-facing, weight: 5, reason: "Touches payments" }
  # - name: generated-clients-are-internal
  #   when: { path: "clients/generated/**" }
  #   then: { surface: internal, reason: "Generated API clients" }

# Built-in rules to turn off, by name (`pr-impact explain` shows the names).
disable: []
'''

STARTER_WORKFLOW = '''\
name: pr-impact
on:
  pull_request:
    types: [opened, synchronize, reopened, edited, labeled, unlabeled, ready_for_review]

permissions:
  contents: read
  pull-requests: write
  issues: write

concurrency:
  group: pr-impact-${{ github.event.pull_request.number }}
  cancel-in-progress: true

jobs:
  impact:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - uses: pr-impact/pr-impact@v0
'''

# The digest for the PM (`pr-impact report` in the Action): weekly, on demand, and for each release. Each job
# gets only the permissions it uses: the weekly one never writes to the repository's contents.
STARTER_DIGEST_WORKFLOW = '''\
name: pr-impact digest
on:
  schedule:
    - cron: "0 6 * * 1"  # Mondays at 06:00 UTC: what shipped in the last 7 days
  workflow_dispatch:
  release:
    # What shipped in the release: published, or a prerelease promoted to a release (released).
    types: [published, released]

permissions: {}  # each job asks for what it uses

concurrency:
  group: pr-impact-digest
  cancel-in-progress: false

jobs:
  weekly:
    if: github.event_name != 'release'
    runs-on: ubuntu-latest
    timeout-minutes: 10
    permissions:
      contents: read  # the config and the commits of the week
      pull-requests: read  # the merged pull requests
      issues: write  # report-issue: keeps one issue per week up to date
    steps:
      - uses: pr-impact/pr-impact@v0
        with:
          report-days: 7
          report-issue: true
  release-notes:
    if: github.event_name == 'release'
    runs-on: ubuntu-latest
    timeout-minutes: 10
    permissions:
      contents: write  # release-notes: appends the digest to the release's notes
      pull-requests: read  # the merged pull requests
    steps:
      - uses: pr-impact/pr-impact@v0
        with:
          release-notes: true
'''
