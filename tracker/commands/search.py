"""``learnpath search QUERY [--json] [--limit N]``: one search across the curriculum and notes."""

from __future__ import annotations

import argparse
import json
from typing import Any

from tracker.commands.common import (
    CommandError,
    ExitCode,
    open_service,
    output_lang,
    translate_errors,
)


def _positive(text: str) -> int:
    """``--limit``'s value; a bad one is bad input (exit 1, one line), not a usage error."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise CommandError(f"search: --limit expects a whole number of at least 1, got {text!r}")
    return value


def register(subparsers: Any) -> None:
    search = subparsers.add_parser(
        "search",
        help="search stages, modules, tasks, concepts, resources and your notes",
        description=(
            "Search every stage, module, task, concept and resource (both languages, and ids) "
            "and the notes of the profile. Chinese matches inside words; Latin matches word "
            "prefixes, whatever the case and accents. Best matches first."
        ),
    )
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--json", action="store_true", help="print a JSON list of results")
    search.add_argument("--limit", default="20", metavar="N", help="at most N results (default 20)")
    search.set_defaults(func=run_search)


def run_search(args: argparse.Namespace) -> int:
    if not args.query.strip():
        raise CommandError("search: the query is empty")
    limit = _positive(args.limit)
    from tracker.progress.search import Search

    lang = output_lang(args)
    with open_service(args) as service, translate_errors():
        results = Search(service).find(args.query, lang=lang, limit=limit)
    if args.json:
        print(json.dumps([r.as_json() for r in results], ensure_ascii=False, indent=2))
        return ExitCode.OK
    if not results:
        print(f"nothing found for {args.query!r}")
        return ExitCode.OK
    for result in results:
        stage = f"  [{result.stage_id}]" if result.stage_id else ""
        print(f"{result.kind.value:<8} {result.id}  {result.title}{stage}")
        if result.snippet:
            print(f"         {result.snippet}")
    return ExitCode.OK
