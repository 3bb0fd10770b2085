"""`python -m pr_impact` and the `pr-impact` console script: the CLI, without cyclic garbage collection."""

import gc


def main() -> None:
    """Run the CLI with the cyclic garbage collector off, and freeze what survives before the interpreter exits.

    A run is one short process that makes few reference cycles, yet the collector would walk the
    many objects that typer, click and the engine create, again and again while they load and
    once more as the interpreter exits (benchmarks/bench_check.py shows what that costs).
    The exit collections skip frozen objects. What cycles a run leaves is freed when the process ends.
    """
    gc.disable()
    try:
        from pr_impact.cli import main as cli_main

        cli_main()
    finally:
        gc.freeze()


if __name__ == "__main__":
    main()
