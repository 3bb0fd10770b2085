"""Adapters at the edges: local git, snapshots, GitHub, configuration files."""
