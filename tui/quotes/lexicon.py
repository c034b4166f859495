"""Word lists for attribution: cue verbs, titles, role nouns and function words.

Kept as plain sets so the rules in ``speakers`` read as grammar, not as data.
"""
from __future__ import annotations


def _forms(spec: str) -> frozenset[str]:
    """'say:said:says:saying tell:told:tells:telling add' -> all listed forms; a bare base
    gets the regular -s/-ed/-ing forms."""
    out: set[str] = set()
    for item in spec.split():
        parts = item.split(":")
        if len(parts) > 1:
            out.update(parts)
            continue
        base = parts[0]
        stem = base[:-1] if base.endswith("e") else base
        out.update({base + "s", stem + "ed", stem + "ing"})
    return frozenset(out)


# Verbs that introduce or attribute speech. Only past, present-3rd and -ing forms of nouns that
# double as verbs (note, state, call) to keep "a note", "the State of the Union" out.
CUE_VERBS = _forms(
    "say:said:says:saying tell:told:tells:telling add urge reply:replied:replies:replying "
    "respond ask warn insist explain noted:notes:noting stated:stating declare claim "
    "write:wrote:writes:writing:written announce argue recall admit acknowledge "
    "continued:continues remark comment observe emphasize emphasise suggest predict "
    "promise vow boast complain concede conclude confirm deny:denied:denies:denying joke "
    "shout yell scream whisper cry:cried:cries:crying exclaim muse plead:pleaded:pleads:pleading "
    "pledge quip:quipped:quips:quipping recount reiterate repeat reported:reports:reporting "
    "reveal snap:snapped:snaps:snapping testify:testified:testifies:testifying demand wonder "
    "assert contend agree answer tweet posted called:calling described:describing "
    "laugh sigh mutter murmur boasted counter:countered:counters:countering "
    "declared lament retort interject"
)
# "Asked if / whether / about ..." opens a question, it does not attribute a quote.
QUESTION_WORDS = frozenset("if whether about what how why when where who which by".split())
PRONOUNS = frozenset({"he", "she"})

# Title words are dropped from a name: "Ukrainian President Volodymyr Zelensky" -> the name
# "Volodymyr Zelensky" holding the role (Ukraine, president).
TITLES = frozenset(
    """president vice prime minister secretary chancellor senator sen rep representative gov
    governor mayor general gen lt col colonel admiral adm mr mrs ms miss mx dr prof professor king
    queen prince princess pope sir dame lord lady ambassador judge justice chief commander
    spokesman spokeswoman spokesperson premier archbishop bishop cardinal rabbi imam coach
    captain capt sgt sergeant officer detective inspector director chairman chairwoman chair ceo
    adviser advisor envoy commissioner councillor councilman councilwoman congressman
    congresswoman attorney deputy foreign defense defence interior finance health economy
    secretary-general sheikh emir crown marshal lieutenant former acting state first
    foreign-minister supreme speaker leader""".split())
# Role nouns that can stand for a person already named ("the Ukrainian leader").
HEAD_ROLES = frozenset("president premier chancellor king queen emir".split()) | {"prime minister"}
ROLE_NOUNS = frozenset(
    """president leader premier chancellor king queen minister secretary spokesman spokeswoman
    spokesperson governor mayor emir pope""".split())

NAME_PARTICLES = frozenset("de del della der van von da di du la le bin bint al el ibn ben st".split())

# Capitalised words that start sentences without naming anyone.
CAP_STOP = frozenset(
    """the a an and but or so yet still then now earlier later meanwhile however also in on at
    of for from to with by as after before during since while when if although though because
    this that these those there here it its his her their our my your we they i you he she
    asked speaking talking responding writing addressing ahead despite amid among under over
    according more most some many several other another each every all both no not one two
    three monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december today yesterday tomorrow last
    next this what who why how where whose which""".split())
PREPOSITIONS = frozenset(
    """of in on at to for from with by about into over under near after before during since
    through across against among between via per than like inside outside toward towards upon
    within without behind beyond around along amid despite""".split())
FUNCTION_WORDS = PREPOSITIONS | frozenset(
    """and or but nor so yet the a an this that these those his her their its our my your who
    whom whose which what when where why how if whether as than then also not no both either
    neither each every all any some is-not""".split())
AUXILIARIES = frozenset(
    """has have had is was were are be been will would can could should may might must do does
    did also then later again once repeatedly previously reportedly earlier recently just
    further still since already never often now simply""".split())

# A quote reads as a clause when it carries a finite verb or a subject pronoun.
CLAUSE_MARKERS = frozenset(
    """is are was were be been am will would can could shall should may might must have has had
    do does did i we you he she they it there this that isn't aren't wasn't weren't won't can't
    don't doesn't didn't shouldn't wouldn't couldn't haven't hasn't hadn't""".split())

# Words that make a capitalised name an organisation or place rather than a person.
ORG_WORDS = frozenset(
    """ministry department service agency council parliament committee office union nations news
    times post police army forces force government court bank company group inc ltd corp
    university college school institute foundation party commission house senate congress
    assembly tv radio network press media guard navy military kremlin pentagon reuters cnn bbc
    nato eu un""".split())
NON_PERSONS = frozenset(
    """us u.s uk u.k un u.n eu nato kremlin pentagon washington moscow kyiv kiev beijing london
    paris berlin brussels tehran america russia ukraine china britain france germany israel iran
    europe cnn bbc reuters ap afp vice""".split())

# Demonyms that do not share a stem with their country.
DEMONYMS = {
    "french": "france", "british": "britain", "english": "england", "dutch": "netherlands",
    "swiss": "switzerland", "welsh": "wales", "scottish": "scotland", "irish": "ireland",
    "greek": "greece", "turkish": "turkey", "polish": "poland", "spanish": "spain",
    "swedish": "sweden", "danish": "denmark", "finnish": "finland", "norwegian": "norway",
    "us": "america", "u.s": "america", "american": "america", "uk": "britain", "u.k": "britain",
    "belarusian": "belarus", "chinese": "china", "japanese": "japan", "german": "germany",
    "israeli": "israel", "iraqi": "iraq", "pakistani": "pakistan", "saudi": "saudi",
}
