"""pr-impact: label pull requests by their impact on users."""

__version__ = "0.1.0"
