"""A small hand-written library for the stories tests: one city, the same officials in every
story, three outlets for each event, and a follow-up on the same bridge two weeks later.

Millbrook's officials: Mayor Ellen Ward, Police Chief Raymond Ortiz, Council President Dana
Fisk, Fire Chief Tom Becker. Outlets: Millbrook Courier, Valley Gazette, Channel 7.
"""
from __future__ import annotations

# story key -> [(file name, text)]
ARTICLES: dict[str, list[tuple[str, str]]] = {
    "bridge-vote": [
        ("courier-bridge-vote.txt", """date 2024-03-04

Council approves $4.2 million repair of Kessler Bridge

Millbrook (Courier) —

The Millbrook city council voted 6-3 on Monday night to approve a $4.2 million repair of the Kessler Bridge, the 1931 span that carries Route 9 over the Saco River.

Council President Dana Fisk cast the deciding vote after two hours of debate. "The Kessler Bridge is the front door of this city and we cannot let it crumble," Fisk said.

Mayor Ellen Ward, who proposed the repair in January, said work would begin in May and close the bridge to trucks for eleven weeks. Hartwell Construction submitted the lowest of four bids.

Three members voted no, saying the state should pay a larger share.
"""),
        ("gazette-bridge-vote.txt", """date 2024-03-05

Kessler Bridge repair wins 6-3 council vote

MILLBROOK — A divided city council on Monday backed Mayor Ellen Ward's plan to spend $4.2 million fixing the Kessler Bridge over the Saco River.

The 6-3 vote came after a long debate in which opponents argued that Route 9 is a state highway and Augusta should foot more of the bill.

"The Kessler Bridge is the front door of this city," said Council President Dana Fisk, whose vote broke the deadlock.

Hartwell Construction will start work in May. Trucks will be detoured for about eleven weeks, Ward said.
"""),
        ("channel7-bridge-vote.txt", """date 2024-03-04

Millbrook council says yes to Kessler Bridge fix

Millbrook (Channel 7) —

Millbrook councilors approved a $4.2 million contract with Hartwell Construction on Monday to repair the Kessler Bridge, the narrow 1931 bridge on Route 9.

The measure passed 6-3. Council President Dana Fisk called the bridge "the front door of this city."

Mayor Ellen Ward said the Saco River crossing will be closed to heavy trucks for eleven weeks starting in May.
"""),
    ],
    "budget": [
        ("courier-budget.txt", """date 2024-03-05

Ward's $310 million budget raises property tax 2 percent

Millbrook (Courier) —

Mayor Ellen Ward on Tuesday proposed a $310 million city budget for next year that would raise the property tax rate by 2 percent and hire 12 police officers.

Police Chief Raymond Ortiz said the new officers would staff a night patrol downtown, where car break-ins have doubled since last spring.

The plan also cuts $1.1 million from the library system and closes the Elm Street branch on Saturdays.

Council President Dana Fisk said the council would hold hearings in April. "Every line of this budget will be questioned," Fisk said.
"""),
        ("gazette-budget.txt", """date 2024-03-06

Mayor seeks tax increase to pay for a dozen new officers

MILLBROOK — Mayor Ellen Ward wants a 2 percent property tax increase to put 12 more police officers on Millbrook's streets, according to the $310 million spending plan she released Tuesday.

Chief Raymond Ortiz told reporters that break-ins downtown have doubled and that a night patrol is overdue.

Library supporters were angered by a $1.1 million cut that would close the Elm Street branch on Saturdays. Hearings before the council begin in April.
"""),
        ("channel7-budget.txt", """date 2024-03-05

Millbrook budget: 12 new officers, higher taxes, library cuts

Millbrook (Channel 7) —

Millbrook homeowners would pay 2 percent more in property tax under the $310 million budget Mayor Ellen Ward unveiled on Tuesday.

The money would add 12 officers to Chief Raymond Ortiz's department for a downtown night patrol. The Elm Street library branch would close on Saturdays to save $1.1 million.

"This budget keeps Millbrook safe," Ward said. The council takes it up in April.
"""),
    ],
    "mill-fire": [
        ("courier-fire.txt", """date 2024-03-05

Fire guts Dunmore textile mill; two firefighters hurt

Millbrook (Courier) —

A four-alarm fire tore through the vacant Dunmore textile mill on Canal Street early Tuesday, sending flames and black smoke over the river.

About 40 firefighters from Millbrook and three nearby towns fought the blaze for six hours. Two firefighters were treated for heat exhaustion, Fire Chief Tom Becker said.

Becker said the cause was under investigation. Mayor Ellen Ward said the brick mill, empty since 2009, had been slated for conversion into apartments.
"""),
        ("gazette-fire.txt", """date 2024-03-05

Dunmore mill destroyed in four-alarm blaze

MILLBROOK — The old Dunmore mill on Canal Street burned for six hours on Tuesday as some 40 firefighters struggled to keep the flames from spreading to nearby homes.

Two firefighters suffered heat exhaustion. Chief Tom Becker said investigators had not yet determined how the fire started in the building, which has stood empty since 2009.

Mayor Ellen Ward called the loss of the mill, which a developer planned to turn into apartments, "a blow to the whole Canal Street neighborhood."
"""),
        ("channel7-fire.txt", """date 2024-03-06

Crews battle massive fire at vacant Dunmore mill

Millbrook (Channel 7) —

Smoke could be seen for miles as the vacant Dunmore textile mill on Canal Street burned on Tuesday morning.

Fire Chief Tom Becker said 40 firefighters from four departments responded and two were treated for heat exhaustion. The cause is under investigation.

The mill closed in 2009 and was set to become apartments.
"""),
    ],
    "bridge-delay": [
        ("courier-bridge-delay.txt", """date 2024-03-19

Cracks found in Kessler Bridge piers; repair start delayed

Millbrook (Courier) —

State inspectors found cracks in two of the Kessler Bridge's granite piers last week, and Mayor Ellen Ward said on Tuesday that the repair approved by the council this month will not start before August.

Engineers from the state transportation department will spend six weeks drilling core samples from the piers. Hartwell Construction's contract will have to be amended, Ward said.

Council President Dana Fisk asked for a special meeting on April 2 to review the cost, which could rise above the approved amount.
"""),
        ("gazette-bridge-delay.txt", """date 2024-03-20

Pier cracks push Kessler Bridge work to August

MILLBROOK — The Kessler Bridge repair will wait until at least August after state inspectors discovered cracking in two granite piers, Mayor Ellen Ward announced Tuesday.

Core samples must be drilled and tested over six weeks before engineers can say whether the piers need to be rebuilt. Council President Dana Fisk called a special session for April 2.
"""),
        ("channel7-bridge-delay.txt", """date 2024-03-19

Kessler Bridge repair on hold after inspectors find cracked piers

Millbrook (Channel 7) —

Cracked granite piers will delay the Kessler Bridge repair until August, Mayor Ellen Ward said on Tuesday.

State engineers will take core samples for six weeks. The council will meet in special session on April 2 to discuss the amended contract with Hartwell Construction.
"""),
    ],
    "library-opening": [
        ("courier-library.txt", """date 2024-03-09

Riverside branch library opens with a crowd and a brass band

Millbrook (Courier) —

Hundreds of families lined up on Saturday for the opening of the Riverside branch library, a glass-fronted building with a children's reading garden and a makerspace.

Librarian Grace Okafor said 300 new library cards were issued before noon. Mayor Ellen Ward cut the ribbon.
"""),
    ],
}


def with_named_outlets(text: str) -> str:
    """The article with a dateline naming its outlet the way the corpus layer reads one
    ("Millbrook (Valley Gazette) —"): the Gazette's inline "MILLBROOK —" and "(Channel 7)" (a
    digit) name none as written."""
    text = text.replace("(Channel 7) —", "(Channel Seven) —")
    return text.replace("\nMILLBROOK — ", "\nMillbrook (Valley Gazette) —\n\n")


def write_library(folder, named_outlets: bool = False) -> dict[str, str]:
    """Write every article under ``folder``; returns file path -> story key. With
    ``named_outlets`` every article's outlet is in its dateline (``with_named_outlets``)."""
    from pathlib import Path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    truth = {}
    for key, items in ARTICLES.items():
        for name, text in items:
            path = folder / name
            path.write_text(with_named_outlets(text) if named_outlets else text,
                            encoding="utf-8")
            truth[str(path)] = key
    return truth
