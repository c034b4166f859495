"""The ``synoptic`` command: opens the reader, or prints JSON for scripts (DESIGN.md contract).

User errors are one line on stderr and a non-zero exit; bugs still raise with a traceback so
they get reported rather than hidden.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from tui import SEEDS_DIR

SUBCOMMANDS = ("list", "align", "quotes", "search", "bookmarks", "compare")


class UserError(Exception):
    """A mistake in the user's input: printed as one line, exit status 2."""


def _add_global(p: argparse.ArgumentParser, *, sub: bool = True) -> None:
    # SUPPRESS on subparsers: otherwise "synoptic --state F list" would have the subparser's
    # default (None) overwrite the F the main parser read.
    p.add_argument("--state", metavar="FILE", default=argparse.SUPPRESS if sub else None,
                   help="reading-state file (default: $SYNOPTIC_STATE or the user data "
                   "directory)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="synoptic", description=__doc__.splitlines()[0])
    _add_global(parser, sub=False)
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("list", help="list articles")
    p.add_argument("paths", nargs="*")
    p.add_argument("--json", action="store_true")
    _add_global(p)

    p = sub.add_parser("align", help="align two articles passage by passage")
    p.add_argument("left")
    p.add_argument("right")
    p.add_argument("--json", action="store_true")
    p.add_argument("--unit", choices=("paragraph", "sentence"), default="paragraph")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    _add_global(p)

    p = sub.add_parser("quotes", help="list direct quotations, variants grouped")
    p.add_argument("paths", nargs="*")
    p.add_argument("--json", action="store_true")
    p.add_argument("--fragments", action="store_true",
                   help="also list fragments: quoted words nobody is reported as saying")
    _add_global(p)

    p = sub.add_parser("search", help="fuzzy search over sentences and quotes")
    p.add_argument("query")
    p.add_argument("paths", nargs="*")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=int, default=20)
    _add_global(p)

    p = sub.add_parser("bookmarks", help="list or export bookmarks")
    p.add_argument("action", nargs="?", choices=("list", "export"), default="list")
    p.add_argument("--json", action="store_true")
    p.add_argument("--format", choices=("markdown", "json"), default="markdown")
    _add_global(p)

    p = sub.add_parser("compare", help="open the reader in the compare view of two files")
    p.add_argument("left")
    p.add_argument("right")
    p.add_argument("--theme")
    _add_global(p)
    return parser


def build_open_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="synoptic", description="Open the reader on files and "
                                     "folders (default: the configured library or the bundled "
                                     "seeds). Subcommands: " + ", ".join(SUBCOMMANDS) + ".")
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--theme", help="theme name (see themes/)")
    _add_global(parser, sub=False)
    return parser


def state_path(args) -> Path:
    from tui.state import default_state_path

    explicit = getattr(args, "state", None)
    return Path(explicit) if explicit else default_state_path()


def library_paths(paths: list[str], state_file: Path | None = None) -> list[str]:
    """The paths given, else the configured library ($SYNOPTIC_LIBRARY, a path list, or the
    ``library_paths`` setting in the state file), else the bundled seeds."""
    if paths:
        return list(paths)
    env = os.environ.get("SYNOPTIC_LIBRARY")
    if env:
        return [p for p in env.split(os.pathsep) if p]
    if state_file is not None and state_file.exists():
        from tui.state import StateStore

        with StateStore.open(state_file) as store:
            configured = store.get_setting("library_paths")
        if isinstance(configured, list) and configured:
            return [str(p) for p in configured]
    return [str(SEEDS_DIR)]


def load_articles(paths: list[str]):
    """Articles under ``paths``; unreadable files are reported on stderr, one line each."""
    from tui.corpus import load_paths

    articles, errors = load_paths(library_paths(paths))
    for line in errors:
        print(f"synoptic: {line}", file=sys.stderr)
    return articles


def load_one(path: str):
    from tui.corpus import LoadError, read_article

    try:
        return read_article(path)
    except LoadError as e:
        raise UserError(str(e)) from None


def emit_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


# --- subcommands -----------------------------------------------------------------------------

def cmd_list(args) -> int:
    articles = load_articles(args.paths)
    rows = [{"path": a.path, "id": a.id, "title": a.title, "outlet": a.outlet, "date": a.date,
             "words": a.words, "byline": a.byline, "dateline": a.dateline,
             "encoding": a.encoding} for a in articles]
    if args.json:
        emit_json(rows)
    else:
        for r in rows:
            print(f"{r['id']}  {r['date'] or '----------'}  {(r['outlet'] or '-'):<10.10} "
                  f"{r['words']:>6}w  {r['title']}")
    return 0 if articles or not args.paths else 1


def cmd_align(args) -> int:
    """Align LEFT and RIGHT. ``--unit sentence`` aligns sentences and, inside a linked group,
    cuts at clause boundaries where the two texts line up clause by clause (links are then
    clauses or runs of clauses, never crossing a sentence they do not contain)."""
    import bisect
    import shutil
    import textwrap

    from tui.align import align_articles

    left, right = load_one(args.left), load_one(args.right)
    unit = "clause" if args.unit == "sentence" else args.unit
    al = align_articles(left, right, unit=unit, use_cache=not args.no_cache)
    data = al.to_json(left, right)
    data["unit"] = args.unit
    if args.json:
        if len(data["links"]) + len(data["unaligned_left"]) + len(data["unaligned_right"]) < 2000:
            emit_json(data)
        else:  # indented JSON goes through the slow pure-Python encoder: compact when large
            sys.stdout.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
        return 0
    width = max(40, shutil.get_terminal_size((100, 24)).columns)
    col = (width - 17) // 2

    def cell(spans) -> list[str]:
        text = " ".join(" ".join(s["text"].split()) for s in spans)
        return textwrap.wrap(text, col) or [""]

    print(f"{left.title[:col]:<{col}} | {right.title[:col]}")
    print("-" * width)
    rows = [(lk["left"][0]["start"], 0, lk["left"], lk["right"],
             f"{lk['score']:.2f} {lk['kind']}") for lk in data["links"]]
    rows += [(s["start"], 1, [s], [], "only in left") for s in data["unaligned_left"]]
    rows.sort(key=lambda r: (r[0], r[1]))
    # A right-only passage goes after the row holding the right passage just before it.
    after: dict[int, list] = {}
    ends = sorted((rs[-1]["end"], n) for n, (_, _, _, rs, _) in enumerate(rows) if rs)
    for s in sorted(data["unaligned_right"], key=lambda s: s["start"]):
        k = bisect.bisect_right(ends, (s["start"], len(rows))) - 1
        after.setdefault(ends[k][1] if k >= 0 else -1, []).append(s)
    out: list[tuple[list, list, str]] = [([], [s], "only in right") for s in after.get(-1, [])]
    for n, (_, _, ls, rs, tag) in enumerate(rows):
        out.append((ls, rs, tag))
        out += [([], [s], "only in right") for s in after.get(n, [])]
    for ls, rs, tag in out:
        lw, rw = (cell(ls) if ls else [""]), (cell(rs) if rs else [""])
        for n in range(max(len(lw), len(rw))):
            a = lw[n] if n < len(lw) else ""
            b = rw[n] if n < len(rw) else ""
            print(f"{a:<{col}} | {b:<{col}} {tag if n == 0 else ''}".rstrip())
        print()
    print(f"{len(data['links'])} links, {len(data['unaligned_left'])} only in left, "
          f"{len(data['unaligned_right'])} only in right")
    return 0


def cmd_quotes(args) -> int:
    import shutil
    import textwrap

    from tui.quotes import library_quotes

    articles = load_articles(args.paths)
    quotes = library_quotes(articles)
    if not args.fragments:
        quotes = [q for q in quotes if not q.fragment]
    status = 0 if articles or not args.paths else 1
    if args.json:
        emit_json([q.to_json() for q in quotes])
        return status
    by_path = {a.path: a for a in articles}
    groups: dict[str, list] = {}
    for q in quotes:
        groups.setdefault(q.group, []).append(q)
    width = max(40, min(shutil.get_terminal_size((100, 24)).columns, 100))
    # Statements reported by several articles first: they are what a comparison is about.
    ordered = sorted(groups.values(), key=lambda g: -len({q.path for q in g}))
    for group in ordered:
        statements: dict[tuple[str, int], list] = {}
        for q in group:
            statements.setdefault((q.path, q.statement), []).append(q)
        speaker = next((q.speaker for q in group if q.speaker), None) or "(unattributed)"
        n = len({q.path for q in group})
        print(speaker + (f" — {n} articles" if n > 1 else ""))
        for (path, _), parts in statements.items():
            a = by_path[path]
            wording = " … ".join(p.text for p in parts)
            mark = " (fragment)" if all(p.fragment for p in parts) else ""
            print(textwrap.fill(f"“{wording}”{mark}", width, initial_indent="  ",
                                subsequent_indent="   "))
            source = " · ".join(x for x in (a.outlet, Path(path).name) if x)
            print(textwrap.shorten(f"{source}: {a.title}", width - 6, placeholder="…").join(
                ("      ", "")))
        print()
    if articles and not quotes:
        print("no quotations found", file=sys.stderr)
    return status


def cmd_search(args) -> int:
    from tui.search import SearchIndex

    if args.limit < 1:
        raise UserError("--limit must be at least 1")
    articles = load_articles(args.paths)
    if not articles:
        raise UserError("no readable articles to search")
    try:
        from tui.quotes import library_quotes
    except ImportError:  # the quotes layer is optional for search
        quotes = None
    else:
        quotes = library_quotes(articles)
    hits = SearchIndex.cached(articles, quotes).search(args.query, limit=args.limit)
    if args.json:
        emit_json([h.to_json() for h in hits])
        return 0
    bold = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    for h in hits:
        text, at = [], 0
        for start, end in h.matches:
            text.append(h.text[at:start])
            word = h.text[start:end]
            text.append(f"\x1b[1m{word}\x1b[22m" if bold else word)
            at = end
        text.append(h.text[at:])
        line = " ".join("".join(text).split())   # one hit a line, whatever the text's breaks
        print(f"{h.path}:{h.start}  {h.score:.2f}  {h.kind:<8} {line}")
    return 0


def cmd_bookmarks(args) -> int:
    from tui.state import StateStore
    from tui.state.export import bookmark_line, export_records, to_markdown

    path = state_path(args)
    records: list[dict] = []
    if path.exists():  # a listing never creates the state folder
        store = StateStore.open(path)
        for message in store.messages:
            print(f"synoptic: {message}", file=sys.stderr)
        records = store.list_bookmarks()
        store.close()
    exporting = args.action == "export"
    if args.json or (exporting and args.format == "json"):
        emit_json(export_records(records) if exporting else records)
        return 0
    if not records:
        print("synoptic: no bookmarks yet (press b in the reader to keep a quote or passage)",
              file=sys.stderr)
        return 0
    if exporting:
        sys.stdout.write(to_markdown(records))
    else:
        for number, record in enumerate(records, 1):
            print(bookmark_line(number, record))
    return 0


def cmd_open(paths: list[str], args, compare: tuple[str, str] | None = None) -> int:
    from tui.app import run_app

    state_file = state_path(args)
    return run_app(paths=library_paths(paths, state_file), state_file=state_file,
                   theme=getattr(args, "theme", None), compare=compare)


def cmd_compare(args) -> int:
    for p in (args.left, args.right):
        load_one(p)  # fail fast with a one-line message before the UI starts
    # The configured library comes along so that `o` has other articles to offer.
    others = library_paths([], state_path(args))
    return cmd_open([args.left, args.right, *others], args, compare=(args.left, args.right))


COMMANDS = {"list": cmd_list, "align": cmd_align, "quotes": cmd_quotes, "search": cmd_search,
            "bookmarks": cmd_bookmarks, "compare": cmd_compare}


def _first_positional(argv: list[str]) -> str | None:
    skip = False
    for a in argv:
        if skip:
            skip = False
        elif a in ("--state", "--theme"):
            skip = True
        elif not a.startswith("-"):
            return a
    return None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # "synoptic [PATH ...]" and "synoptic SUBCOMMAND ..." share the first position: a word that
    # names a subcommand wins unless a file of that name exists.
    first = _first_positional(argv)
    try:
        if first in SUBCOMMANDS and not os.path.exists(first):
            args = build_parser().parse_args(argv)
            return COMMANDS[args.command](args)
        args = build_open_parser().parse_args(argv)
        return cmd_open(args.paths, args)
    except UserError as e:
        print(f"synoptic: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
