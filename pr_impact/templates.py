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

# The writer: a language model of your choice words the comment's outcome, reason and release note; the
# rules still decide the class and the label. Off unless a model is named (here, or the Action's `model`
# input; GitHub Models needs `permissions: models: read`). README "The writer" says exactly what is sent.
# writer:
#   model: openai/gpt-4.1-mini
#   url: https://models.github.ai/inference
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

# The same workflow with the writer on: GitHub Models, with the job's own token (no secret).
STARTER_WRITER_WORKFLOW = STARTER_WORKFLOW.replace(
    "  issues: write\n", "  issues: write\n  models: read  # the writer asks GitHub Models with the job's token\n"
).replace("      - uses: pr-impact/pr-impact@v0\n", """\
      - uses: pr-impact/pr-impact@v0
        with:
          # A model words the comment; the rules still decide the label. `model: off` turns it off.
          model: openai/gpt-4.1-mini
""")

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

# The best source of "What changes for users" is the author's own words: this template asks for them
# where pr-impact reads them (a "Release notes" section), and its guidance sits in HTML comments,
# which pr-impact skips, so an untouched template quotes nothing.
STARTER_PR_TEMPLATE = """\
## What this changes

<!-- For reviewers: what the code does and why. -->

## Release notes

<!-- For users, in their words: what they can now see or do, or what stops going wrong for them,
in one line ("Invoices can be exported as PDF."). pr-impact quotes this in its comment and the digest.
Write "none" for work users will not notice (CI, tests, refactors). -->
"""
