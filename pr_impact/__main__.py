"""`python -m pr_impact` runs the CLI."""

from pr_impact.cli import main

main()
