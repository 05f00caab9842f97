"""`slab schema scenario|airframe`: the JSON Schema (draft-07) editors use to complete and check files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.config.json_schema import SCHEMAS, schema_text


def run(args: argparse.Namespace) -> int:
    text = schema_text(args.kind)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    Path(args.output).write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "schema", help="print the JSON Schema of scenario or airframe files",
        description="Print a draft-07 JSON Schema; point an editor's YAML plug-in at it for completion.")
    parser.add_argument("kind", choices=sorted(SCHEMAS))
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of printing "
                        "(the repository keeps docs/schema/KIND.schema.json)")
    parser.set_defaults(func=run)
