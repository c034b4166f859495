"""Property tests: whatever positions and settings are saved come back exactly."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.state import Anchor, StateStore

ids = st.text(min_size=1, max_size=24)
anchors = st.builds(Anchor, ids, st.integers(0, 10**9), st.integers(0, 10**6))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**63, 2**63)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=4),
    max_leaves=12)


def strict(value) -> str:
    # == would call True and 1, or 1 and 1.0, equal; the JSON text does not.
    return json.dumps(value, sort_keys=True)


@settings(max_examples=30, deadline=None)
@given(batches=st.lists(st.lists(anchors | st.tuples(ids, json_values), max_size=12),
                        min_size=1, max_size=4))
def test_positions_and_settings_round_trip(batches):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "state.json"
        expected_positions: dict[str, Anchor] = {}
        expected_settings: dict[str, object] = {}
        store = StateStore.open(path)
        for batch in batches:  # several flushes, so incremental writes are exercised too
            for item in batch:
                if isinstance(item, Anchor):
                    store.set_position(item)
                    expected_positions[item.article_id] = item
                else:
                    store.set_setting(*item)
                    expected_settings[item[0]] = item[1]
            store.flush()
        store.close()
        again = StateStore.open(path)
        assert again.messages == []
        for article_id, anchor in expected_positions.items():
            assert again.get_position(article_id) == anchor
        for key, value in expected_settings.items():
            assert strict(again.get_setting(key)) == strict(value)
        on_disk = json.loads(path.read_bytes()) if path.exists() else {}
        assert set(on_disk.get("positions", {})) == set(expected_positions)
        assert set(on_disk.get("settings", {})) == set(expected_settings)
