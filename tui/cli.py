"""The ``synoptic`` command: opens the reader, or prints JSON for scripts (DESIGN.md contract).

User errors are one line on stderr and a non-zero exit; bugs still raise with a traceback so
they get reported rather than hidden. Options may come before or after paths in every
subcommand (each is parsed with ``parse_intermixed_args``), and everything the user typed is
checked (paths exist, the theme is known) before the state file is opened.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from tui import SEEDS_DIR

SUBCOMMANDS = ("list", "align", "quotes", "search", "bookmarks", "compare", "add", "serve", "keys",
               "stories")


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
    # Each subcommand's own parser, by name: main() parses with it directly (intermixed).
    parser.subcommand_parsers = sub.choices

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
    p.add_argument("--no-corrections", action="store_true",
                   help="the aligner alone, without the corrections saved in the state file")
    _add_global(p)

    p = sub.add_parser("quotes", help="list direct quotations, variants grouped")
    p.add_argument("paths", nargs="*")
    p.add_argument("--json", action="store_true")
    p.add_argument("--fragments", action="store_true",
                   help="also list fragments: quoted words nobody is reported as saying")
    _add_global(p)

    p = sub.add_parser("stories", help="group articles into stories (one event each)")
    p.add_argument("paths", nargs="*")
    p.add_argument("--json", action="store_true")
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

    p = sub.add_parser("compare", help="open the reader in the compare view of two to four "
                       "files")
    p.add_argument("left")
    p.add_argument("right")
    p.add_argument("others", nargs="*", metavar="MORE", help="a third and a fourth file")
    p.add_argument("--theme")
    _add_global(p)

    p = sub.add_parser("add", help="save articles from URLs, RSS/Atom feeds or local HTML "
                       "files as Markdown in the library")
    p.add_argument("sources", nargs="+", metavar="SOURCE",
                   help="an article URL, a feed URL or a local .html file")
    p.add_argument("--to", metavar="DIR", help="folder to save into (default: the first "
                   "folder of $SYNOPTIC_LIBRARY, else the library folder in the user data "
                   "directory)")
    p.add_argument("--limit", type=int, default=20, help="at most this many items of each "
                   "feed, newest first (default 20)")
    p.add_argument("--timeout", type=float, default=20.0, metavar="SECONDS",
                   help="give up on an address after this long (default 20)")
    p.add_argument("--json", action="store_true")
    _add_global(p)

    p = sub.add_parser("serve", help="serve the reader in a web browser (one app per tab)")
    p.add_argument("paths", nargs="*")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default "
                   "127.0.0.1; another than loopback needs --public)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a "
                   "free one)")
    p.add_argument("--public", action="store_true", help="allow a non-loopback --host: "
                   "anyone who can reach it can read the library")
    p.add_argument("--theme")
    _add_global(p)

    p = sub.add_parser("keys", help="list every binding id with its current keys (after "
                       "keymap.toml in the config folder)")
    p.add_argument("--json", action="store_true")
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
    ``library_paths`` setting in the state file), else the user library folder (where
    ``synoptic add`` saves) when it holds articles, else the bundled seeds."""
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
    from tui.web import default_library_dir

    user_library = default_library_dir()
    if _holds_articles(user_library):
        return [str(user_library)]
    return [str(SEEDS_DIR)]


def _holds_articles(folder: Path) -> bool:
    if not folder.is_dir():
        return False
    from tui.corpus.loader import scan_article_files

    return any(st is not None for _, st in scan_article_files(folder))


def check_paths_exist(paths: list[str]) -> None:
    """A path given that does not exist is a user error (a folder with no articles in it is
    not: the library explains that itself)."""
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise UserError(f"{missing[0]}: no such file or folder{more}")


def check_theme(args) -> None:
    theme = getattr(args, "theme", None)
    if theme:
        from tui.app.run import validate_theme

        error = validate_theme(theme)
        if error:
            raise UserError(error)


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
    check_paths_exist(args.paths)
    articles = load_articles(args.paths)
    rows = [{"path": a.path, "id": a.id, "title": a.title, "outlet": a.outlet, "date": a.date,
             "words": a.words, "byline": a.byline, "dateline": a.dateline, "url": a.url,
             "encoding": a.encoding} for a in articles]
    if args.json:
        emit_json(rows)
    else:
        for r in rows:
            print(f"{r['id']}  {r['date'] or '----------'}  {(r['outlet'] or '-'):<10.10} "
                  f"{r['words']:>6}w  {r['title']}")
    return 0 if articles or not args.paths else 1


def _saved_corrections(args, left, right, unit: str) -> list[dict]:
    """Corrections of this pair saved by the compare view (either order), unless
    --no-corrections. Never creates the state file."""
    if getattr(args, "no_corrections", False):
        return []
    path = state_path(args)
    if not path.exists():
        return []
    from tui.align.corrections import from_store
    from tui.state import StateStore

    store = StateStore.open(path)
    try:
        for message in store.messages:
            print(f"synoptic: {message}", file=sys.stderr)
        return from_store(store, left, right, unit)
    finally:
        store.close()


def cmd_align(args) -> int:
    """Align LEFT and RIGHT, with the corrections saved in the state file applied (the
    compare view shows the same links: both align the two articles in id order, see
    ``align_pair``). ``--unit sentence`` links sentences or groups of
    them; a sentence is cut into passages only where a link boundary falls inside it at a
    pause both texts agree on."""
    import bisect
    import shutil
    import textwrap

    from tui.align import align_pair
    from tui.align.wording import differences, links_differ

    left, right = load_one(args.left), load_one(args.right)
    records = _saved_corrections(args, left, right, args.unit)
    al = align_pair(left, right, unit=args.unit, corrections=records or None,
                    use_cache=not args.no_cache)
    differs = links_differ(al, left, right)
    data = al.to_json(left, right, differs)
    data["differences"] = len(differences(al, left, right, differs))
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
             f"{lk['score']:.2f} {lk['kind']}" + (" (yours)" if lk["origin"] == "manual" else "")
             + ("" if lk.get("differs") else " same words")) for lk in data["links"]]
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
          f"{len(data['unaligned_right'])} only in right, {data['differences']} differences"
          + (f", {len(records)} corrections applied (--no-corrections for the aligner alone)"
             if records else ""))
    return 0


def cmd_quotes(args) -> int:
    import shutil
    import textwrap

    from tui.quotes import library_quotes

    check_paths_exist(args.paths)
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


def cmd_stories(args) -> int:
    """Group the library into stories, largest first. Reads the library through its index
    and the stories cache, so a library seen before is not parsed again."""
    from tui.corpus.library import Library
    from tui.stories import FeatureCollector, library_stories

    library = Library(library_paths(args.paths, state_path(args)))
    collected = FeatureCollector()    # what the scan parses is not parsed again for stories
    library.scan(parsed=collected)
    index = library_stories(library, features=collected)
    for line in library.errors:
        print(f"synoptic: {line}", file=sys.stderr)
    status = 0 if library.infos or not args.paths else 1
    if args.json:
        emit_json(index.to_json())
        return status
    for story in index.stories:
        dates = sorted({a.date for a in story.articles if a.date})
        span = (dates[0] if len(dates) == 1 else f"{dates[0]} – {dates[-1]}") if dates else ""
        n = len(story.articles)
        print(f"{story.title}  ({n} article{'s' if n != 1 else ''}"
              + (f", {span}" if span else "") + f")  [{story.id}]")
        for a in story.articles:
            print(f"  {a.date or '----------'}  {(a.outlet or '-'):<12.12} {a.title}  ({a.path})")
        print()
    return status


def cmd_search(args) -> int:
    from tui.search import SearchIndex

    if args.limit < 1:
        raise UserError("--limit must be at least 1")
    check_paths_exist(args.paths)
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


def cmd_open(paths: list[str], args, compare: tuple[str, ...] | None = None) -> int:
    from tui.app import run_app

    check_theme(args)
    check_paths_exist(paths)
    state_file = state_path(args)
    return run_app(paths=library_paths(paths, state_file), state_file=state_file,
                   theme=getattr(args, "theme", None), compare=compare)


def cmd_compare(args) -> int:
    check_theme(args)
    files = [args.left, args.right, *args.others]
    if len(files) > 4:
        raise UserError(f"compare takes two to four files, not {len(files)}")
    for p in files:
        load_one(p)  # fail fast with a one-line message before the UI starts
    # The configured library comes along so that `o` has other articles to offer.
    others = library_paths([], state_path(args))
    return cmd_open([*files, *others], args, compare=tuple(files))


def cmd_add(args) -> int:
    """Save each SOURCE's article(s) as Markdown; one line on stderr per failure, the rest
    still saved; exit 1 if any failed."""
    from tui.web import add_folder
    from tui.web.add import AlreadyThere, Failed, Saved, add_sources

    if args.limit < 1:
        raise UserError("--limit must be at least 1")
    if not args.timeout > 0:
        raise UserError("--timeout must be more than 0 seconds")
    folder = Path(args.to).expanduser() if args.to else add_folder()
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder}: not a folder (--to needs a folder to save into)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UserError(f"{folder}: cannot create the folder ({e.strerror or e})") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UserError(f"{folder}: cannot write in this folder (permission denied)")

    def show(outcome) -> None:
        if isinstance(outcome, Failed):
            print(f"synoptic: {outcome}", file=sys.stderr)
        elif isinstance(outcome, AlreadyThere):
            print(f"synoptic: {outcome.source}: already in the library ({outcome.path})",
                  file=sys.stderr)
        elif isinstance(outcome, Saved) and not args.json:
            print(f"{outcome.path}  {outcome.title}", flush=True)

    report = add_sources(args.sources, folder, limit=args.limit, timeout=args.timeout,
                         on_outcome=show)
    if args.json:
        emit_json([s.to_json() for s in report.saved])
    counts = [f"saved {len(report.saved)} article{'' if len(report.saved) == 1 else 's'} "
              f"in {folder}"]
    if report.already_there:
        counts.append(f"{len(report.already_there)} already there")
    if report.failed:
        counts.append(f"{len(report.failed)} failed")
    print(f"synoptic: {', '.join(counts)}", file=sys.stderr)
    return 0 if report.ok else 1


def cmd_serve(args) -> int:
    # Checked here, before the state file is read: a tab's app would only show "Session ended".
    check_theme(args)
    check_paths_exist(args.paths)
    state_file = state_path(args)
    paths = library_paths(args.paths, state_file)
    check_paths_exist(paths)
    try:
        from tui.serve import ServeError, serve
    except ImportError as e:
        raise UserError(f"synoptic serve needs textual-serve ({e}); "
                        "pip install textual-serve") from None
    try:
        return serve(paths, state_file, host=args.host, port=args.port, public=args.public,
                     theme=args.theme)
    except ServeError as e:
        raise UserError(str(e)) from None


def cmd_keys(args) -> int:
    """The bindings with their current keys; a broken keymap is one line on stderr and exit
    status 1 (the listing still shows what applies)."""
    from tui.app.keymap import collect_bindings, key_rows, load_keymap

    bindings = collect_bindings()
    result = load_keymap(bindings=bindings)
    rows = key_rows(bindings, result.keymap)
    if args.json:
        emit_json(rows)
    else:
        width = max(len(r["id"]) for r in rows)
        keys_width = max(len(",".join(r["keys"])) for r in rows)
        for r in rows:
            print(f"{r['id']:<{width}}  {','.join(r['keys']):<{keys_width}}  "
                  f"{r['screen']:<15} {r['description']}")
    message = result.message()
    if message:
        print(f"synoptic: {message}", file=sys.stderr)
        return 1
    return 0


COMMANDS = {"list": cmd_list, "align": cmd_align, "quotes": cmd_quotes, "search": cmd_search,
            "bookmarks": cmd_bookmarks, "compare": cmd_compare, "add": cmd_add,
            "serve": cmd_serve, "keys": cmd_keys, "stories": cmd_stories}


def _options_with_values(*parsers: argparse.ArgumentParser) -> set[str]:
    """Option strings that take a value (``--state FILE``), in any of ``parsers``."""
    out: set[str] = set()
    for p in parsers:
        for action in p._actions:
            if action.option_strings and action.nargs != 0:
                out.update(action.option_strings)
    return out


def _first_positional(argv: list[str], with_values: set[str]) -> int | None:
    """Index in ``argv`` of the first word that is not an option or an option's value."""
    skip = False
    for i, a in enumerate(argv):
        if skip:
            skip = False
        elif a == "--":
            return i + 1 if i + 1 < len(argv) else None
        elif a.startswith("-") and a != "-":
            skip = a in with_values  # "--state=F" carries its value
        else:
            return i
    return None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    subcommands = parser.subcommand_parsers
    open_parser = build_open_parser()
    # "synoptic [PATH ...]" and "synoptic SUBCOMMAND ..." share the first position: a word that
    # names a subcommand wins unless a file of that name exists. Options may come anywhere,
    # before or after the subcommand and the paths.
    at = _first_positional(argv, _options_with_values(open_parser, *subcommands.values()))
    first = argv[at] if at is not None else None
    try:
        if first in subcommands and first in COMMANDS and not os.path.exists(first):
            args = subcommands[first].parse_intermixed_args(argv[:at] + argv[at + 1:])
            args.command = first
            return COMMANDS[first](args)
        args = open_parser.parse_intermixed_args(argv)
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
