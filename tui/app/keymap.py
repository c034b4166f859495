"""Keys the user chooses: ``keymap.toml`` in the config folder, checked against every binding.

The file::

    [keys]
    "library.read" = "o"              # one key
    "document.next" = "j,ctrl+n"      # or several, comma-separated

maps binding ids (every ``Binding`` in the app has one; ``synoptic keys`` lists them) to keys.
Textual's ``App.set_keymap`` applies what passes the checks here; what does not is reported in
one line and keeps its default keys:

* a file that is not TOML, or has no ``[keys]`` table: nothing applied;
* an id no binding has, a value that is not a key list, a key name Textual does not know;
* a key used twice on one screen: two bindings with different actions that end up on the same
  key where both are active (a screen's bindings, its widgets', and the app's, which are active
  on every screen), where at least one of them got that key from the keymap. Overlaps in the
  defaults are by design (the library's ``q`` quits where the app's ``q`` goes back) and are
  not reported. The entry that made the clash is dropped (of two entries, the later one in the
  file), and the check runs again until nothing clashes.

Bindings are collected from the classes in ``tui.app``'s modules (their own ``BINDINGS``), each
attributed to the screens it is active on by ``SCREENS_OF``.
"""
from __future__ import annotations

import importlib
import inspect
import pkgutil
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

KEYMAP_FILE = "keymap.toml"
EVERYWHERE = "everywhere"
# Class name -> the screens its bindings are active on, in the order ``synoptic keys`` lists
# them. A class with bindings that is not here is listed under its own name.
SCREENS_OF: dict[str, tuple[str, ...]] = {
    "SynopticApp": (EVERYWHERE,),
    "LibraryScreen": ("library",),
    "ArticleTable": ("library",),
    "StoryTable": ("library",),
    "ReaderScreen": ("reader",),
    "DocumentView": ("reader",),
    "CompareScreen": ("compare",),
    "CompareColumns": ("compare",),
    "PickArticleScreen": ("pick article",),
    "QuotesScreen": ("quotes",),
    "WordingsScreen": ("wordings",),
    "SearchScreen": ("search",),
    "QueryInput": ("search",),
    "ResultList": ("search",),
    "BookmarksScreen": ("bookmarks",),
    "OpenList": ("bookmarks",),
    "BookmarkDialog": ("bookmark dialog",),
    "FieldInput": ("bookmark dialog",),
    "AddDialog": ("add article",),
    "HelpScreen": ("help",),
}
_MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}


@dataclass
class BindingInfo:
    id: str
    keys: list[str]          # default keys, Textual's names ("question_mark", "ctrl+f")
    description: str
    screens: tuple[str, ...]
    action: str              # namespaced for the app's ("app.help") so equal actions compare


@dataclass
class KeymapResult:
    keymap: dict[str, str] = field(default_factory=dict)   # what to give App.set_keymap
    problems: list[str] = field(default_factory=list)
    path: Path | None = None

    def message(self) -> str | None:
        """The problems in one line, or None."""
        if not self.problems:
            return None
        name = str(self.path) if self.path else KEYMAP_FILE
        return f"{name}: {'; '.join(self.problems)} (defaults kept for those)"


def keymap_path() -> Path:
    """``keymap.toml`` in the config folder (``$SYNOPTIC_CONFIG_DIR``, else the user config
    folder; see tui/paths.py)."""
    from tui.paths import config_dir

    return config_dir() / KEYMAP_FILE


def collect_bindings() -> list[BindingInfo]:
    """Every binding with an id in the app's classes, one entry per id (a binding shared by
    several classes, such as ``document.next``, is active on all their screens)."""
    from textual.binding import Binding
    from textual.dom import DOMNode

    import tui.app as package

    classes = []
    for module_info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (cls.__module__ == module.__name__ and issubclass(cls, DOMNode)
                    and "BINDINGS" in cls.__dict__):
                classes.append(cls)
    order = list(SCREENS_OF)
    classes.sort(key=lambda c: order.index(c.__name__) if c.__name__ in order else len(order))
    by_id: dict[str, BindingInfo] = {}
    for cls in classes:
        screens = SCREENS_OF.get(cls.__name__) or (cls.__name__.lower(),)
        is_app = screens == (EVERYWHERE,)
        for item in cls.__dict__["BINDINGS"]:
            if not isinstance(item, Binding):
                continue  # tuple shorthand: no id, so no remapping either
            if item.id is None:
                continue
            keys = [normalise_key(k) for k in item.key.split(",") if k.strip()]
            action = item.action
            if is_app and "." not in action.split("(")[0]:
                action = f"app.{action}"
            info = by_id.get(item.id)
            if info is None:
                by_id[item.id] = BindingInfo(item.id, keys, item.description or action,
                                             screens, action)
            else:
                info.screens = tuple(dict.fromkeys(info.screens + screens))
                info.keys = list(dict.fromkeys(info.keys + keys))
    return list(by_id.values())


def normalise_key(key: str) -> str:
    """Textual's name for ``key``: "?" -> "question_mark", "ctrl+/" -> "ctrl+slash"."""
    from textual.keys import KEY_NAME_REPLACEMENTS

    key = key.strip()
    *modifiers, base = key.split("+") if key != "+" else ["+"]
    if len(base) == 1 and not base.isalnum():
        try:
            base = unicodedata.name(base).lower().replace("-", "_").replace(" ", "_")
        except ValueError:
            pass
        base = KEY_NAME_REPLACEMENTS.get(base, base)
    return "+".join([*modifiers, base])


def is_key_name(key: str) -> bool:
    from textual.keys import KEY_NAME_REPLACEMENTS, Keys

    *modifiers, base = key.split("+")
    if not base or any(m not in _MODIFIERS for m in modifiers):
        return False
    if len(base) == 1:
        return base.isprintable() and not base.isspace()
    named = {k.value.rpartition("+")[2] for k in Keys if not k.value.startswith("<")}
    if base in named:
        return True
    unicode_name = {v: k for k, v in KEY_NAME_REPLACEMENTS.items()}.get(base, base)
    try:
        unicodedata.lookup(unicode_name.replace("_", " "))
    except KeyError:
        return False
    return True


def read_keymap(path: Path | None = None) -> tuple[dict | None, list[str]]:
    """The ``[keys]`` table of the keymap file: ``(table, problems)``; ``(None, [])`` when
    there is no file."""
    path = path or keymap_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, []
    except OSError as e:
        return None, [f"cannot read ({e.strerror or e})"]
    try:
        parsed = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        return None, ["not UTF-8 text"]
    except tomllib.TOMLDecodeError as e:
        return None, [f"not valid TOML ({e})"]
    keys = parsed.get("keys")
    if keys is None:
        return None, ['no [keys] table (write [keys] then lines such as "library.read" = "o")']
    if not isinstance(keys, dict):
        return None, ["keys must be a table: [keys]"]
    return keys, []


def resolve_keymap(table: dict, bindings: list[BindingInfo]) -> tuple[dict[str, str],
                                                                       list[str]]:
    """The entries of ``table`` that can be applied (id -> "key1,key2" in Textual's names) and
    one short phrase per problem, in file order."""
    known = {b.id: b for b in bindings}
    problems: list[str] = []
    wanted: dict[str, list[str]] = {}
    for binding_id, value in table.items():
        if binding_id not in known:
            problems.append(f"unknown binding id {binding_id!r}")
            continue
        if isinstance(value, str):
            keys = [k.strip() for k in value.split(",")]
        elif isinstance(value, list) and all(isinstance(k, str) for k in value):
            keys = [k.strip() for k in value]
        else:
            problems.append(f"{binding_id} needs keys as text, such as \"z\" or \"z,ctrl+o\"")
            continue
        if not keys or not all(keys):
            problems.append(f"{binding_id} has an empty key")
            continue
        keys = [normalise_key(k) for k in keys]
        bad = [k for k in keys if not is_key_name(k)]
        if bad:
            problems.append(f"{binding_id}: {bad[0]!r} is not a key name")
            continue
        wanted[binding_id] = list(dict.fromkeys(keys))
    order = list(wanted)
    while True:
        clash = _first_clash(bindings, wanted)
        if clash is None:
            break
        key, screen, a, b, from_keymap = clash
        dropped = max(from_keymap, key=order.index)
        problems.append(f"{_shown_key(key)!r} is used twice on the {screen} screen "
                        f"({a} and {b}); {dropped} not changed")
        del wanted[dropped]
    return {i: ",".join(keys) for i, keys in wanted.items()}, problems


def _shown_key(key: str) -> str:
    from textual.keys import key_to_character

    *modifiers, base = key.split("+")
    character = key_to_character(base) if len(base) > 1 else None
    return "+".join([*modifiers, character or base])


def _first_clash(bindings: list[BindingInfo], wanted: dict[str, list[str]]):
    """(key, screen, id, other id, the ids of the two that have it from the keymap) for the
    first key two different actions share on one screen; None when there is none."""
    screens = [s for b in bindings for s in b.screens if s != EVERYWHERE]
    for screen in dict.fromkeys(screens):
        active = [b for b in bindings if screen in b.screens or EVERYWHERE in b.screens]
        owner: dict[str, list[BindingInfo]] = {}
        for b in active:
            for key in wanted.get(b.id, b.keys):
                owner.setdefault(key, []).append(b)
        for key, holders in owner.items():
            for i, a in enumerate(holders):
                for b in holders[i + 1:]:
                    if a.action == b.action or a.id == b.id:
                        continue
                    from_keymap = [x.id for x in (a, b) if x.id in wanted and key not in x.keys]
                    if from_keymap:
                        return key, screen, a.id, b.id, from_keymap
    return None


def load_keymap(path: Path | None = None,
                bindings: list[BindingInfo] | None = None) -> KeymapResult:
    """Read and check the keymap file. ``bindings`` defaults to ``collect_bindings()``."""
    path = path or keymap_path()
    table, problems = read_keymap(path)
    result = KeymapResult(path=path, problems=problems)
    if table:
        result.keymap, more = resolve_keymap(table, bindings or collect_bindings())
        result.problems += more
    return result


def key_rows(bindings: list[BindingInfo], keymap: dict[str, str]) -> list[dict]:
    """``synoptic keys --json`` rows: one per binding id and screen, with the current keys."""
    rows = []
    for b in bindings:
        keys = keymap[b.id].split(",") if b.id in keymap else b.keys
        for screen in b.screens:
            rows.append({"id": b.id, "keys": keys, "description": b.description,
                         "screen": screen})
    return rows
