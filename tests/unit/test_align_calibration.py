"""Calibrated links: a score a reader can read, and no link where two passages share nothing
distinctive. Two reports written for this test about different events in the same city, with
the same officials, the same places and the same week."""
from __future__ import annotations

from tui.align import MATCH_MIN, align_articles
from tui.corpus import build_article

FLOOD = """Flooding closes Harbour Road as Millbrook council meets

Millbrook, Ohio — Heavy rain flooded Harbour Road on Tuesday, forcing Mayor Dana Okafor to close the \
bridge to traffic for the second time this month.

Fire Chief Luis Ortega said crews pumped water from twelve basements on Elm Street overnight and \
that no one was hurt.

"The river rose faster than anyone expected," Okafor told reporters outside City Hall. "We are \
asking residents near the water to move their cars to higher ground."

The Millbrook city council will hold an emergency session on Thursday to release money for sandbags \
and a temporary pump station, council president Grace Whitfield said.

Schools in the east of the city stayed closed, and the library on Main Street opened as a shelter \
for families whose homes lost power.

Forecasters expect another storm on Friday, and Ortega urged residents to sign up for text alerts.
"""

BUDGET = """Millbrook council approves new budget after long debate

Millbrook, Ohio — The Millbrook city council voted 5 to 2 on Tuesday to approve next year's budget, \
ending a month of argument over police overtime and library hours.

Mayor Dana Okafor, who proposed the plan in September, called the vote "a fair deal for every \
neighbourhood" and thanked council president Grace Whitfield for keeping the talks going.

The budget raises spending on road repairs by eight percent and adds two inspectors to the \
building department, but cuts the library's Sunday opening.

Fire Chief Luis Ortega said the department would use its share to replace a ladder truck bought \
in 1998.

Residents who spoke at the meeting in City Hall were divided: several praised the road money, \
while others asked the council to restore the Sunday hours.

The new budget takes effect on January 1, and the council will review it again in June.
"""


def test_different_events_same_city_same_officials_get_at_most_one_link():
    a = build_article(FLOOD, "flood.txt")
    b = build_article(BUDGET, "budget.txt")
    for x, y in ((a, b), (b, a)):
        for unit in ("sentence", "paragraph"):
            al = align_articles(x, y, unit, use_cache=False)
            assert len(al.links) <= 1, (unit, [(k.left, k.right, k.score) for k in al.links])
            assert all(k.kind == "partial" for k in al.links)


def test_the_same_report_reworded_links_with_readable_scores():
    a = build_article(FLOOD, "flood.txt")
    reworded = (FLOOD.replace("Heavy rain flooded", "Torrential rain swamped")
                .replace("forcing", "which forced").replace("crews pumped", "firefighters pumped")
                .replace("emergency session", "special meeting"))
    b = build_article(reworded, "flood2.txt")
    al = align_articles(a, b, "sentence", use_cache=False)
    same = [k for k in al.links if k.score == 1.0]
    changed = [k for k in al.links if k.score < 1.0]
    assert len(same) >= 4 and len(changed) >= 3
    for k in changed:  # one or two words changed: still clearly the same passage
        assert MATCH_MIN <= k.score < 1.0 and k.kind == "match"
    assert al.only_here(0) == [] and al.only_here(1) == []
