"""Tests of pr_impact/core: the pure model, signals, rules and verdicts."""
