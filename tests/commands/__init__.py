"""Tests of pr_impact/commands: the Action, its digest and the report command."""
