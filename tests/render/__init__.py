"""Tests of pr_impact/render: the comment, the terminal report, JSON and the digest."""
