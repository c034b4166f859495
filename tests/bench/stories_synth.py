"""Synthetic local-news libraries with known stories, for the story-grouping bench.

What makes grouping hard in real news is reproduced on purpose:
- every city has its officials (mayor, police chief, council members...) who appear in most of
  its stories, and background paragraphs every outlet reuses ("Mayor X, in her second term...");
- stories of one kind (a council vote, a fire, a trial) share their topic words;
- follow-ups: a later event about the same place, person or firm (4 to 45 days later, new
  numbers, same names, half of them of the same kind) is a different story;
- each outlet writes its own version: a subset of the facts in its own order, its own synonyms
  and headline, its house phrases and footer, dates one or two days apart;
- dates spread over a year, many events a day in each city.

``generate(n_articles, seed)`` returns ``[(filename, text, story_key)]``; the text is what a
file would hold (date line, headline, dateline with the outlet, body, footer).
"""
from __future__ import annotations

import random
from datetime import date, timedelta

FIRST = """James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara
Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew Betty
Anthony Margaret Mark Sandra Donald Ashley Steven Kimberly Paul Emily Andrew Donna Joshua Michelle
Kenneth Carol Kevin Amanda Brian Dorothy George Melissa Timothy Deborah Ronald Stephanie Edward
Rebecca Jason Sharon Jeffrey Laura Ryan Cynthia Jacob Kathleen Gary Amy Nicholas Angela Eric Shirley
Jonathan Anna Stephen Brenda Larry Pamela Justin Emma Scott Nicole Brandon Helen Benjamin Samantha
Samuel Katherine Gregory Christine Alexander Debra Frank Rachel Patrick Carolyn Raymond Janet Jack
Catherine Dennis Maria Jerry Heather Tyler Diane Aaron Ruth Jose Julie Adam Olivia Nathan Joyce Henry
Virginia Douglas Victoria Zachary Kelly Peter Lauren Kyle Christina Ethan Joan Walter Evelyn Noah
Judith Jeremy Megan Christian Andrea Keith Cheryl Roger Hannah Terry Jacqueline Gerald Martha Harold
Gloria Sean Teresa Austin Ann Carl Sara Arthur Madison Lawrence Frances Dylan Kathryn Jesse Janice
Jordan Jean Bryan Abigail Billy Alice Joe Judy Bruce Sophia Gabriel Grace Logan Denise Albert Amber
Willie Doris Alan Marilyn Juan Danielle Wayne Beverly Elijah Isabella Randy Theresa Roy Diana
Vincent Natalie Ralph Brittany Eugene Charlotte Russell Marie Bobby Kayla Mason Alexis Philip Lori""".split()

LAST = """Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez
Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green
Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz
Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan
Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood
James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster
Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher
Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno
West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall
Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb
Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon
Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer
Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn
Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley Knight Elliott
Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins
Hoffman Johnston Matthews Pena Richards Contreras Willis Carpenter Lawrence Sandoval Guerrero George
Chapman Rios Estrada Ortega Watkins Greene Nunez Wheeler Valdez Harper Burke Larson Santiago
Maldonado Morrison Franklin Carlson Austin Dominguez Carr Lawson Jacobs Obrien Lynch Singh Vega
Bishop Montgomery Oliver Jensen Harvey Williamson Gilbert Dean Sims Espinoza Howell Li Wong Reid
Hanson Le McCoy Garrett Burton Fuller Wang Weber Welch Rojas Lucas Marquez Fields Park Yang Little
Banks Padilla Day Walsh Bowman Schultz Luna Fowler Mejia Davidson Acosta Brewer May Holland Juarez
Newman Pearson Curtis Cortez Douglas Schneider Joseph Barrett Navarro Figueroa Keller Avila Wade
Molina Stanley Hopkins Campos Barnett Bates Chambers Caldwell Beck Lambert Miranda Byrd Craig Ayala
Lowe Frazier Powers Neal Leonard Gregory Carrillo Sutton Fleming Rhodes Shelton Schwartz Norris
Jennings Watts Duran Walters Cohen McDaniel Moran Parks Steele Vaughn Becker Holt Deleon Barker""".split()

CITIES = """Springfield Riverton Fairview Greenville Franklin Clinton Madison Georgetown Salem Marion
Ashland Oxford Milton Dover Hudson Burlington Manchester Lexington Bristol Auburn Chester Dayton
Jackson Kingston Lakewood Newport Oakland Plymouth Quincy Richmond Shelbyville Troy Union Vernon
Warren Winchester Yorktown Ellington Harmony Bedford""".split()

STATES = """Ohio Oregon Maine Texas Iowa Utah Idaho Kansas Nevada Vermont""".split()

STREETS = """Oak Maple Pine Cedar Elm Washington Lake Hill Walnut Spring North Ridge Church
Willow Mill Park Main Chestnut River Meadow Forest Highland Sunset Jefferson Lincoln Cherry
Franklin Center Locust Spruce Broad Valley Prospect Adams Grove Dogwood Hickory Magnolia Laurel
Jackson Juniper Birch Aspen Sycamore Poplar Holly Orchard Summit Harbor Bay Mesa Canyon Prairie
Fairway Creek Brook Heritage Liberty Pioneer Eagle Falcon Hawk Heron Sparrow Quarry Granite Marble
Copper Iron Silver Golden Coral Amber Ivy Clover Fern Hazel Linden Alder Cypress Sequoia Redwood""".split()

STREET_KINDS = "Street Avenue Road Boulevard Lane Drive Parkway Way".split()
SITES = "Park Bridge Plaza Library Arena Terminal Mall Tower Depot Reservoir Market".split()
FIRMS = "Industries Logistics Foods Plastics Motors Chemical Textiles Systems Paper Steel".split()

OUTLETS = ["Daily Ledger", "Morning Star", "Evening Post", "Courier", "Gazette", "Tribune",
           "Herald", "Sentinel", "Observer", "Chronicle", "Examiner", "Record", "Dispatch",
           "Journal", "Times", "Register", "Beacon", "Bulletin", "Monitor", "Standard",
           "Press", "Guardian", "Messenger", "Inquirer", "Pioneer", "Reporter", "Clarion",
           "Telegraph", "Review", "Argus"]

ROLES = [("mayor", "Mayor"), ("chief", "Police Chief"), ("fire", "Fire Chief"),
         ("council", "Council President"), ("member1", "council member"),
         ("member2", "council member"), ("member3", "council member"),
         ("school", "Schools Superintendent"), ("da", "District Attorney"),
         ("judge", "Judge"), ("health", "Health Director"), ("transit", "Transit Director")]

# Per outlet, one of each set of interchangeable words: outlets write the same fact differently.
SYNONYMS = [
    ("said", "stated", "told reporters", "explained", "noted"),
    ("officials", "authorities", "city leaders"),
    ("approved", "passed", "backed", "voted for"),
    ("fire", "blaze"),
    ("residents", "neighbors", "locals"),
    ("vehicle", "car"),
    ("crash", "collision", "accident"),
    ("meeting", "session"),
    ("plan", "proposal"),
    ("workers", "employees", "staff"),
    ("arrested", "detained", "taken into custody"),
    ("injured", "hurt", "wounded"),
    ("building", "structure"),
    ("announced", "unveiled", "revealed"),
    ("money", "funding", "funds"),
    ("began", "started"),
    ("damage", "destruction"),
]

# Event kinds: topic words appear through the templates. Slots: {place} {person} {firm}
# {amount} {count} {count2} {yes} {no} {time} {weekday} {off1} {off2} {off3} (officials).
KINDS = {
    "vote": dict(
        head=["Council {approved} {amount} plan for {place}",
              "{place} project wins council vote {yes}-{no}",
              "City council backs {place} renovation",
              "Council vote clears way for {place} work"],
        facts=["The city council voted {yes}-{no} on {weekday} to approve a {amount} renovation of {place}.",
               "{off1} cast the deciding vote after a {count}-hour debate at the {meeting}.",
               "The {plan} calls for {count2} new parking spaces and a bike lane along {place}.",
               "Work is expected to begin in {month} and last about {count} months.",
               "{off2} voted against the measure, citing cost overruns on earlier projects.",
               "Opponents gathered {count2} signatures on a petition against the {plan}.",
               "The {money} comes from a bond issue voters {approved} in {year}.",
               "Contractor {firm} submitted the lowest bid, at {amount}."],
        quotes=["This is the most important investment in {place} in a generation",
                "We cannot keep spending money we do not have on {place}",
                "The people of {city} asked for this and we delivered"]),
    "fire": dict(
        head=["{fire} destroys {firm} warehouse", "Crews battle {fire} at {place}",
              "{count} {injured} in {fire} on {place}", "Warehouse {fire} forces evacuations"],
        facts=["A {fire} broke out at the {firm} warehouse on {place} shortly after {time} on {weekday}.",
               "{count2} firefighters from {count} stations fought the flames for several hours.",
               "{count} people were {injured}, including a firefighter who suffered smoke inhalation.",
               "{off1} said the cause of the {fire} was under investigation.",
               "{residents} within {count} blocks were told to keep windows closed because of the smoke.",
               "The warehouse stored plastics and cleaning chemicals, according to {firm}.",
               "Damage was estimated at {amount}.",
               "Traffic on {place} was closed until the evening."],
        quotes=["Our crews did an outstanding job keeping the {fire} from spreading",
                "We lost everything in there, {count2} jobs depend on that building",
                "We are asking everyone to avoid {place} tonight"]),
    "arrest": dict(
        head=["{person} {arrested} in {place} robbery", "Police charge {person} after {place} heist",
              "Suspect in {place} robberies held on {amount} bail", "Arrest made in string of {place} thefts"],
        facts=["Police {arrested} {person}, {age}, on {weekday} in connection with a robbery on {place}.",
               "{person} faces {count} counts of armed robbery and one count of burglary.",
               "{off1} said detectives tied the suspect to {count} other robberies since {month}.",
               "Bail was set at {amount} during a brief court appearance.",
               "Surveillance footage from a store on {place} helped identify the suspect.",
               "{off2} praised officers and said the arrest would make {place} safer.",
               "The suspect's lawyer said {person} would plead not guilty.",
               "No one was {injured} during the robberies, police said."],
        quotes=["This arrest is the result of weeks of careful police work",
                "My client maintains his innocence and we look forward to court",
                "Store owners on {place} can breathe a little easier tonight"]),
    "trial": dict(
        head=["Jury convicts {person} in {firm} fraud case", "{person} found guilty of fraud",
              "Verdict in {firm} embezzlement trial", "{person} faces {count} years after fraud verdict"],
        facts=["A jury found {person} guilty on {weekday} of embezzling {amount} from {firm}.",
               "Jurors deliberated for {count} hours after a {count2}-day trial.",
               "{off1} presided over the trial and set sentencing for {month}.",
               "{person} faces up to {count} years in prison on each count.",
               "{off2} said the verdict sent a message to anyone stealing from local employers.",
               "Prosecutors said the money paid for a lake house and {count} cars.",
               "Defense lawyers argued that {firm} executives approved the transfers.",
               "{firm} has since hired an outside auditor."],
        quotes=["Justice was served today for every employee of {firm}",
                "We are disappointed and we will appeal",
                "Nobody is above the law in {city}"]),
    "budget": dict(
        head=["{off1t} proposes {amount} city budget", "City budget plan raises fees, adds {count2} officers",
              "{city} budget would cut {count} positions", "Budget proposal includes property tax increase"],
        facts=["{off1} on {weekday} {announced} a {amount} budget for the next fiscal year.",
               "The {plan} would add {count2} police officers and cut {count} vacant positions.",
               "Property taxes would rise by {count} percent under the {plan}.",
               "{off2} called the tax increase unacceptable for families already struggling.",
               "The library system would lose {amount2} in {money}.",
               "Public hearings on the budget are scheduled for {month}.",
               "The council must adopt a budget before July 1.",
               "Water and sewer fees would increase by {count} dollars a month."],
        quotes=["This budget keeps {city} safe and keeps our promises",
                "Families cannot afford another tax increase",
                "We made hard choices so the next generation does not have to"]),
    "strike": dict(
        head=["{workers} strike at {firm}", "{count2} walk off the job at {firm} plant",
              "Union strike halts production at {firm}", "{firm} {workers} reject contract, strike"],
        facts=["About {count2} {workers} at the {firm} plant on {place} went on strike at {time} on {weekday}.",
               "The union rejected a contract offering raises of {count} percent over three years.",
               "Union president {person} said {workers} wanted better health coverage.",
               "{firm} said the plant would keep running with managers and temporary {workers}.",
               "{off1} urged both sides to return to the bargaining table.",
               "Picket lines formed at the plant gates on {place}.",
               "It is the first strike at the plant since {year}.",
               "The plant is one of the largest employers in {city}."],
        quotes=["We are not asking for the moon, just fair pay",
                "Our offer is generous and remains on the table",
                "I hope both sides can reach a deal quickly for the sake of {city}"]),
    "crash": dict(
        head=["{count} dead in {crash} on {place}", "Fatal {crash} closes {place}",
              "Police identify victims of {place} {crash}", "{crash} on {place} kills {count}"],
        facts=["{count} people died in a {crash} involving a truck and a {vehicle} on {place} on {weekday}.",
               "The {crash} happened around {time} near the intersection with {place2}.",
               "Police identified one of the victims as {person}, {age}.",
               "{off1} said speed appeared to be a factor.",
               "{place} was closed for {count} hours while investigators worked at the scene.",
               "The truck driver was taken to a hospital with minor injuries.",
               "{residents} have asked for a traffic light at the intersection for years.",
               "It was the {count}th fatal {crash} on {place} this year."],
        quotes=["Our hearts go out to the families tonight",
                "We have begged the city for a light at that corner",
                "Please slow down on {place}"]),
    "school": dict(
        head=["School board votes to close {place} Elementary", "{place} Elementary to close in {month}",
              "Parents protest closing of {place} school", "Board approves school consolidation plan"],
        facts=["The school board voted {yes}-{no} on {weekday} to close {place} Elementary at the end of the year.",
               "About {count2} students will move to two nearby schools.",
               "{off1} said enrollment at the school had fallen by {count} percent in a decade.",
               "The closure is expected to save {amount} a year.",
               "Dozens of parents spoke against the {plan} at a {meeting} that lasted past midnight.",
               "{off2} said the board would consider selling the {building}.",
               "Teachers at the school will be reassigned, not laid off.",
               "Buses will be added to routes serving the {place} neighborhood."],
        quotes=["Closing a school is never easy but the numbers do not lie",
                "Our children are being treated like numbers on a spreadsheet",
                "{place} Elementary has been the heart of this neighborhood"]),
    "storm": dict(
        head=["Storm knocks out power to {count2} homes", "Severe storm brings {count} inches of rain to {city}",
              "Flooding closes {place} after storm", "Cleanup begins after {city} storm"],
        facts=["A severe storm dumped {count} inches of rain on {city} on {weekday}, flooding streets.",
               "About {count2} homes lost power at the height of the storm.",
               "{place} was closed after water covered the road near {place2}.",
               "{off1} said crews were working through the night to restore power.",
               "A tree fell on a house on {place2}, but no one was {injured}.",
               "The storm's winds reached {count}0 miles per hour, the weather service said.",
               "{off2} said {residents} should report downed lines and stay away from them.",
               "Damage was estimated at {amount}."],
        quotes=["Stay home tonight if you can",
                "We have every crew we have out there",
                "The water came up so fast we had no time"]),
    "health": dict(
        head=["{count} sick in outbreak tied to {firm}", "Health officials probe outbreak at {place}",
              "{firm} closes after food poisoning cases", "Outbreak linked to {place} restaurant"],
        facts=["Health officials said {count} people fell ill after eating at a {firm} restaurant on {place}.",
               "{count2} of them were treated at a hospital and released.",
               "{off1} ordered the restaurant closed while inspectors tested food samples.",
               "The illnesses were linked to salmonella, according to preliminary tests.",
               "Anyone who ate at the restaurant between {weekday} and Sunday should watch for symptoms.",
               "{firm} said it was cooperating fully with the investigation.",
               "{off2} said the restaurant had passed its last inspection in {month}.",
               "The outbreak is the first in {city} since {year}."],
        quotes=["If you feel sick, see a doctor and tell them where you ate",
                "We are heartbroken and are cooperating fully",
                "We will not reopen until every test comes back clean"]),
    "transit": dict(
        head=["Bus fares to rise to {price} in {month}", "Transit board raises fares, cuts {count} routes",
              "{city} transit plan cuts weekend service", "Riders angry over fare increase"],
        facts=["The transit board voted {yes}-{no} on {weekday} to raise the bus fare to {price}.",
               "The board also cut {count} routes, including the line along {place}.",
               "{off1} said ridership had fallen to {count2} trips a day.",
               "The increase is expected to raise {amount} a year.",
               "Riders packed the {meeting}, and several said they would lose their jobs without the bus.",
               "{off2} proposed using parking revenue to keep the routes, but the idea failed.",
               "The new fares take effect in {month}.",
               "Seniors and students will keep reduced fares."],
        quotes=["Nobody wants to raise fares, but the system is running out of money",
                "Without the {place} bus I cannot get to work",
                "We will keep looking for ways to restore service"]),
    "factory": dict(
        head=["{firm} to close {city} plant, cutting {count2} jobs", "{count2} jobs lost as {firm} closes plant",
              "{firm} plant closing stuns {city}", "{firm} announces plant closure"],
        facts=["{firm} {announced} on {weekday} that it will close its {city} plant on {place}, eliminating {count2} jobs.",
               "Production will move to a plant in another state by {month}.",
               "{off1} said the city had offered {amount} in tax breaks to keep the plant open.",
               "{workers} learned of the closure at a {meeting} at {time}.",
               "The plant has operated in {city} since {year}.",
               "{firm} said it would offer severance and job placement help.",
               "{off2} called the decision a betrayal of loyal {workers}.",
               "The plant's closing follows the loss of {count} other manufacturers in the area."],
        quotes=["This is a devastating day for {city}",
                "The decision was not made lightly",
                "We gave {firm} everything they asked for"]),
}

# Sentences about the kind of event, not the event: every story of a kind may carry them.
CONTEXT = {
    "vote": ["Council meetings are streamed live on the city's website.",
             "Several large projects have been delayed by rising construction costs.",
             "The council meets on the first and third Tuesday of each month."],
    "fire": ["Fire officials remind residents to test smoke detectors twice a year.",
             "The fire department has asked for two new engines in next year's budget.",
             "Warehouse fires are among the hardest to fight, firefighters say."],
    "arrest": ["Robberies in the city rose last year after falling for a decade.",
               "Anyone with information is asked to call the police tip line.",
               "The police department has added patrols in commercial areas."],
    "trial": ["White-collar cases have become more common in the county courts.",
              "The county courthouse reopened last year after renovations.",
              "Sentencing guidelines allow judges wide discretion in fraud cases."],
    "budget": ["City revenue has not kept pace with rising pension costs.",
               "The city's credit rating was downgraded two years ago.",
               "Budget hearings are open to the public."],
    "strike": ["Union membership in the region has declined for years.",
               "Manufacturing remains a large share of local employment.",
               "Labor disputes have become more frequent across the state."],
    "crash": ["Traffic deaths in the state rose last year.",
              "Police urge drivers to slow down and avoid distractions.",
              "The city has studied lower speed limits on major roads."],
    "school": ["Enrollment has fallen across the district as families move away.",
               "The district is facing a multimillion-dollar deficit.",
               "Several other districts in the state have closed schools recently."],
    "storm": ["Forecasters expect an active storm season.",
              "Residents can report outages to the utility by phone or online.",
              "The city has a limited budget for storm cleanup."],
    "health": ["Food safety inspections in the county are posted online.",
               "Salmonella sickens thousands of people in the state each year.",
               "The health department has fewer inspectors than a decade ago."],
    "transit": ["Bus ridership has not recovered since the pandemic.",
                "The transit system relies on state and federal grants.",
                "Fare increases have drawn protests in other cities too."],
    "factory": ["The region has lost thousands of manufacturing jobs in recent decades.",
                "State officials have offered incentives to attract new employers.",
                "Plant closures often ripple through local suppliers and shops."],
}

BACKGROUND = [
    "{mayor}, who took office in {year0}, has made public safety a priority.",
    "{city} has about {pop} residents and has seen steady growth in recent years.",
    "The {n}-member city council is led by {council}.",
    "{chief} has led the police department since {year0}.",
    "{city} faces a budget shortfall of {gap} this year, according to city estimates.",
    "The city has struggled with aging roads and bridges, {mayor} has said.",
    "{council} and {mayor} have clashed repeatedly over spending.",
]

HOUSE = ["{outlet} has learned", "according to documents reviewed by the {outlet}",
         "{outlet} reporters at the scene said", "as the {outlet} first reported"]

MONTHS = ("January February March April May June July August September October November "
          "December").split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


def _money(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return f"${rng.randint(11, 95) / 10:.1f} million"
    return f"${rng.randint(12, 990) * 1000:,}"


class _City:
    def __init__(self, name: str, state: str, rng: random.Random):
        self.name, self.state = name, state
        self.officials = {}
        for key, title in ROLES:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            self.officials[key] = (title, f"{first} {last}", last)
        self.pop = f"{rng.randint(40, 400) * 1000:,}"
        self.year0 = rng.randint(2012, 2021)
        self.gap = _money(rng)
        self.outlets = rng.sample(OUTLETS, 6)  # local papers; the rest are regional


def _event(rng: random.Random, city: _City, day: date, kind: str, like: dict | None = None) -> dict:
    """One event's facts. ``like``: an earlier event this one follows up (same names)."""
    slots = dict(like or {})
    if like is None:
        slots["place"] = f"{rng.choice(STREETS)} {rng.choice(STREET_KINDS + SITES)}"
        slots["place2"] = f"{rng.choice(STREETS)} {rng.choice(STREET_KINDS)}"
        slots["person"] = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        slots["firm"] = f"{rng.choice(LAST)} {rng.choice(FIRMS)}"
    slots.update(
        amount=_money(rng), amount2=_money(rng), count=str(rng.randint(2, 19)),
        count2=str(rng.randint(20, 900)), age=str(rng.randint(18, 80)), yes=str(rng.randint(5, 9)), no=str(rng.randint(0, 4)),
        time=f"{rng.randint(1, 12)}:{rng.choice(['00', '15', '30', '45'])} {rng.choice(['a.m.', 'p.m.'])}",
        weekday=WEEKDAYS[day.weekday()], month=rng.choice(MONTHS), year=str(rng.randint(1960, 2015)),
        price=f"${rng.randint(125, 400) / 100:.2f}", city=city.name)
    roles = [k for k, _ in ROLES]
    picked = rng.sample(roles, 3)
    for n, key in enumerate(picked, 1):
        title, full, last = city.officials[key]
        slots[f"off{n}"] = f"{title} {full}"
        slots[f"off{n}t"] = f"{title} {last}"
    spec = KINDS[kind]
    return dict(kind=kind, day=day, slots=slots, facts=spec["facts"], head=spec["head"],
                quotes=spec["quotes"], speakers=[slots["off1"], slots["off2"], slots["person"]])


def _fill(template: str, slots: dict, words: dict) -> str:
    out = template.format(**{**slots, **words})
    return out[0].upper() + out[1:]


def _article(rng: random.Random, city: _City, ev: dict, outlet: str, other: list[str]) -> tuple[str, str]:
    words = {group[0]: rng.choice(group) for group in SYNONYMS}
    facts = list(ev["facts"])
    lede, rest = facts[0], facts[1:]
    rng.shuffle(rest)
    keep = rest[: max(2, int(len(rest) * rng.uniform(0.45, 0.9)))]
    sentences = [_fill(lede, ev["slots"], words)] + [_fill(f, ev["slots"], words) for f in keep]
    paragraphs = []
    while sentences:
        take = rng.randint(1, 3)
        paragraphs.append(" ".join(sentences[:take]))
        sentences = sentences[take:]
    for q in rng.sample(range(len(ev["quotes"])), rng.randint(1, len(ev["quotes"]))):
        said = words["said"]
        quote = _fill(ev["quotes"][q], ev["slots"], words)
        paragraphs.insert(rng.randint(1, len(paragraphs)), f"“{quote},” {ev['speakers'][q]} {said}.")
    bg_slots = dict(city=city.name, mayor=f"Mayor {city.officials['mayor'][1]}",
                    council=f"Council President {city.officials['council'][1]}",
                    chief=f"Police Chief {city.officials['chief'][1]}", pop=city.pop,
                    year0=city.year0, gap=city.gap, n=rng.choice([7, 9]))
    for c in rng.sample(CONTEXT[ev["kind"]], rng.randint(1, 3)):
        paragraphs.insert(rng.randint(1, len(paragraphs)), c)
    for b in rng.sample(BACKGROUND, rng.randint(1, 3)):
        paragraphs.append(b.format(**bg_slots))
    if rng.random() < 0.5:
        house = rng.choice(HOUSE).format(outlet=outlet)
        paragraphs.insert(1, f"The details were confirmed on {ev['slots']['weekday']}, {house}.")
    headline = _fill(rng.choice(ev["head"]), ev["slots"], words)
    published = ev["day"] + timedelta(days=rng.choice([0, 0, 0, 1, 1, 2]))
    footer = rng.choice([f"Subscribe to the {outlet} for more local news.",
                         f"Follow our latest local news on Facebook and Twitter.",
                         f"Copyright {published.year} {outlet}. All rights reserved."])
    text = (f"date {published.isoformat()}\n\n{headline}\n\n{city.name}, {city.state} "
            f"({outlet}) —\n\n" + "\n\n".join(paragraphs) + f"\n\n{footer}\n")
    return headline, text


def generate(n_articles: int, seed: int = 1, cities: int | None = None, days: int = 365,
             info: dict | None = None) -> list[tuple[str, str, str]]:
    """``n_articles`` articles as (file name, text, story key). ``info``, when given, is filled
    with story key -> (city, kind, key of the story it follows up or None), for error analysis."""
    rng = random.Random(seed)
    # About 250 articles a year per city whatever the size, so a bigger library is more
    # cities (as a bigger real library is more places and more time), not denser news days.
    # Beyond the 40 names, names repeat in other states (there are many Springfields).
    n_cities = cities or max(3, n_articles // 250)
    city_list = [_City(CITIES[i % len(CITIES)], STATES[(i // len(CITIES) + i) % len(STATES)]
                       if i >= len(CITIES) else rng.choice(STATES), rng)
                 for i in range(n_cities)]
    start = date(2023, 1, 1)
    out: list[tuple[str, str, str]] = []
    past: list[tuple[_City, dict]] = []
    story = 0
    while len(out) < n_articles:
        parent = None
        if past and rng.random() < 0.15:
            parent, city, earlier = rng.choice(past[-2000:])
            day = earlier["day"] + timedelta(days=rng.randint(4, 45))
            # Half the follow-ups are of the same kind (a second vote on the same project),
            # half another (the firm whose warehouse burned later closes the plant).
            kind = earlier["kind"] if rng.random() < 0.5 else rng.choice(list(KINDS))
            ev = _event(rng, city, day, kind, like=earlier["slots"])
        else:
            city = rng.choice(city_list)
            day = start + timedelta(days=rng.randrange(days))
            ev = _event(rng, city, day, rng.choice(list(KINDS)))
        past.append((f"s{story}", city, ev))
        if info is not None:
            info[f"s{story}"] = (city.name, ev["kind"], parent)
        outlets_n = rng.choice([1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 6, 8])
        pool = city.outlets + rng.sample([o for o in OUTLETS if o not in city.outlets], 4)
        for outlet in rng.sample(pool, min(outlets_n, len(pool))):
            if len(out) >= n_articles:
                break
            _, text = _article(rng, city, ev, outlet, pool)
            slug = outlet.lower().replace(" ", "-")
            out.append((f"{story:06d}-{slug}.txt", text, f"s{story}"))
        story += 1
    return out


if __name__ == "__main__":
    import sys

    for name, text, key in generate(int(sys.argv[1]) if len(sys.argv) > 1 else 6, seed=2):
        print("=" * 20, name, key)
        print(text)
