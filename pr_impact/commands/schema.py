"""`pr-impact schema`: the JSON Schema of the config file."""

from __future__ import annotations

import typer


def schema() -> None:
    """Print the JSON Schema of the config file (for editors)."""
    import json

    from pr_impact.core.schema import config_schema

    typer.echo(json.dumps(config_schema(), indent=2))
