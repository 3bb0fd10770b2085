"""The commands of `pr-impact`, one module each; cli.py wires them to the command line."""
