"""The story clustering as first written: one merge at a time from a heap, in Python. The
reference ``tui.stories.group.agglomerate`` (which merges in rounds with numpy) is checked
against in tests/unit/test_stories.py."""
from __future__ import annotations

import heapq

import numpy as np

from tui.stories.group import DEFAULT, Params


def agglomerate_one_by_one(n: int, a: np.ndarray, b: np.ndarray, s: np.ndarray,
                           p: Params = DEFAULT) -> list[list[int]]:
    """Average-link clusters of rows 0..n-1 over the weighted pairs: the highest mean merges
    first while the rule of ``tui.stories.group`` (``mergeable`` below) allows it."""
    link: list[dict[int, float]] = [{} for _ in range(n)]
    for x, y, w in zip(a.tolist(), b.tolist(), s.tolist()):
        link[x][y] = w
        link[y][x] = w
    size = [1] * n
    inner = [0.0] * n          # sum of the similarities of the pairs inside a group
    version = [0] * n
    alive = [True] * n
    members: list[list[int] | None] = [[i] for i in range(n)]
    tau, rho, strong, rho1 = p.merge_min, p.cohesion_ratio, p.strong_link, p.join_ratio
    cap = p.cohesion_cap

    def mergeable(x: int, y: int, mean: float) -> bool:
        if mean < tau:
            return False
        if mean >= strong:
            return True
        if size[x] > 1 and size[y] > 1:
            cohesion = min(inner[x] / (size[x] * (size[x] - 1) / 2),
                           inner[y] / (size[y] * (size[y] - 1) / 2), cap)
            return mean >= rho * cohesion
        if size[x] > 1 or size[y] > 1:
            big = x if size[x] > 1 else y
            return mean >= rho1 * min(inner[big] / (size[big] * (size[big] - 1) / 2), cap)
        return True

    heap = [(-w, x, y, 0, 0) for x, y, w in zip(a.tolist(), b.tolist(), s.tolist())
            if w >= tau]
    heapq.heapify(heap)
    while heap:
        neg, x, y, vx, vy = heapq.heappop(heap)
        if not (alive[x] and alive[y]) or version[x] != vx or version[y] != vy:
            continue
        # The group with more neighbours absorbs the other: merging costs the smaller side.
        keep, gone = (x, y) if len(link[x]) >= len(link[y]) else (y, x)
        inner[keep] += inner[gone] + link[keep].pop(gone)
        del link[gone][keep]
        size[keep] += size[gone]
        members[keep].extend(members[gone])
        members[gone] = None
        alive[gone] = False
        version[keep] += 1
        mine = link[keep]
        for z, w in link[gone].items():
            theirs = link[z]
            del theirs[gone]
            total = mine.get(z, 0.0) + w
            mine[z] = total
            theirs[keep] = total
        link[gone] = {}
        for z, w in mine.items():
            mean = w / (size[keep] * size[z])
            if mergeable(keep, z, mean):
                lo, hi = (keep, z) if keep < z else (z, keep)
                heapq.heappush(heap, (-mean, lo, hi, version[lo], version[hi]))
    return [sorted(g) for g in members if g is not None]


