"""Tests of pr_impact/adapters: git, GitHub, snapshots and config files."""
