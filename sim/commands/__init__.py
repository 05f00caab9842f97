"""`slab` subcommands: one module each, exposing `register(subparsers)`."""

# Exit code for bad input (config errors, usage errors), as argparse uses.
EXIT_BAD_INPUT = 2
