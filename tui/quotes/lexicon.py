"""Word lists for attribution: cue verbs, titles, role nouns, first names and function words.

Kept as plain sets so the rules in ``speakers`` and ``extract`` read as grammar, not as data.
Everything here is general English (and news) usage, not names from any one corpus; the first
names are the commonest given names of English-language news, used only to tell "he" from
"she" when the text itself gives no title.
"""
from __future__ import annotations


_BASES: set[str] = set()


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
        _BASES.add(base)
        stem = base[:-1] if base.endswith("e") else base
        out.update({base + "s", stem + "ed", stem + "ing"})
        if base.endswith(("sh", "ch", "ss", "x")):
            out.add(base + "es")
    return frozenset(out)


# Verbs that introduce or attribute speech ("said", "told", "wrote", "tweeted", "chanted").
# Only past, present-3rd and -ing forms of words that double as nouns (note, state, call, post)
# so "a note" or "the State of the Union" never read as a cue.
SPEECH_VERBS = _forms(
    "say:said:says:saying tell:told:tells:telling add urge reply:replied:replies:replying "
    "respond ask warn insist explain noted:notes:noting stated:states:stating declare claim "
    "write:wrote:writes:writing:written announce argue recall admit acknowledge "
    "continued:continues remark comment observe emphasize emphasise suggest predict "
    "promise vow boast complain concede conclude confirm deny:denied:denies:denying joke "
    "shout yell scream whisper cried:cries:crying exclaim muse plead:pleaded:pleads:pleading "
    "pledge quipped:quips:quipping recount reiterate repeat reported:reports:reporting "
    "reveal snapped:snaps:snapping testify:testified:testifies:testifying demand wonder "
    "assert contend agree answer tweeted:tweets:tweeting posted:posts:posting "
    "laugh sigh mutter murmur countered:counters:countering "
    "lament retort interject chant chide:chided:chides:chiding bark "
    "proclaim assure charged thundered:thunders estimated:estimating "
    "scoff fumed:fumes:fuming gushed:gushes:gushing marveled:marvelled:marvels "
    "cautioned:cautions:cautioning stressed:stressing "
    "emailed:emailing texted:texting "
    "raved:raves:raving griped:gripes:griping grumble:grumbled:grumbles "
    "acknowledged admonish:admonished:admonishes "
    "pronounced:pronounces interrupt:interrupted:interrupts "
    "read:reads:reading beamed:beaming quoted:quoting "
    "summarize summarise:summarised:summarises remind:reminded:reminds:reminding "
    "opine:opined:opines:opining react:reacted:reacts:reacting "
)
# Verbs that quote a phrase as someone's words without introducing a statement: "Trump called
# the system “rigged”", "she blasted the plan as “reckless”", "dismissed it as “nonsense”".
# They attribute a short quoted phrase; a title-case phrase after them is a name, not words.
JUDGING_VERBS = _forms(
    "called:calls:calling describe:described:describes:describing "
    "labeled:labelled:labeling:labelling branded "
    "dub:dubbed:dubs:dubbing termed blasted:blasts:blasting "
    "slammed:slams:slamming denounce decry:decried:decries:decrying condemn "
    "criticize criticise praise hailed:hails:hailing mock ridicule dismiss "
    "accuse blame cited:citing touted:touting "
    "promised:promising vow pledge "
    "coined:coining questioned:questioning "
    "defended:defending attacked:attacking "
    "characterize characterise portray:portrayed:portrays:portraying "
    "welcomed:welcoming thanked:thanking "
    "rejected:rejecting offered:offering "
    "echoed:echoing vowed support:supported:supports:supporting oppose:opposed:opposes:opposing "
    "mouthed:mouthing cheer:cheered:cheers:cheering")
CUE_VERBS = SPEECH_VERBS | JUDGING_VERBS
# Base forms ("say", "denounce"): cues only after a modal, "to" or "and" ("would denounce").
CUE_BASES = frozenset(_BASES | {"say", "tell", "write", "call", "describe", "cry", "shout",
                                "yell", "chant", "tweet", "read", "deny", "reply", "testify",
                                "plead", "quip", "slam", "blast", "hail", "label", "dub",
                                "promise", "quote", "echo", "thank", "question", "attack",
                                "cite", "tout", "defend", "reject", "offer", "praise"})
# Naming verbs: a title-case phrase after them is a name ("a group called “We The People”").
NAMING_VERBS = frozenset("called calling named titled entitled dubbed nicknamed billed "
                         "known styled".split())
# Present-tense cue verbs a headline uses for its speaker ("Zelenskyy Talks Trusting Putin").
HEADLINE_CUES = frozenset(
    """says say tells talks calls slams blasts warns urges vows insists admits claims
    defends rips knocks mocks praises accuses denies explains asks answers responds
    pledges promises jokes touts hails decries""".split())
# "Asked if / whether / about ..." opens a question, it does not attribute a quote.
QUESTION_WORDS = frozenset("if whether about what how why when where who which by".split())
PRONOUNS = frozenset({"he", "she"})
PRONOUN_GENDER = {"he": "m", "she": "f"}

# Title words are dropped from a name: "Ukrainian President Volodymyr Zelensky" -> the name
# "Volodymyr Zelensky" holding the role (Ukraine, president).
TITLES = frozenset(
    """president vice prime minister secretary chancellor senator sen rep reps representative
    gov governor mayor general gen lt col colonel admiral adm mr mrs ms miss mx dr prof
    professor king queen prince princess pope sir dame lord lady ambassador judge justice chief
    commander spokesman spokeswoman spokesperson premier archbishop bishop cardinal rabbi imam
    coach captain capt sgt sergeant officer detective inspector director chairman chairwoman
    chair ceo cfo coo adviser advisor envoy commissioner councillor councilman councilwoman
    congressman congresswoman attorney deputy foreign defense defence interior finance health
    economy secretary-general sheikh emir crown marshal lieutenant former acting state first
    foreign-minister supreme speaker leader rev reverend pastor father sister brother del
    alderman alderwoman assemblyman assemblywoman delegate sheriff superintendent comptroller
    treasurer auditor chancellor provost dean host anchor correspondent editor publisher
    founder co-founder president-elect presidential candidate nominee hon honorable minority
    majority whip presiding pres st""".split())
# Abbreviated titles written with a full stop ("Sen.", "Gov.", "Rev."): the stop is not a
# sentence end and not a boundary of the name.
TITLE_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sen rep reps gov gen lt col adm capt sgt st rev del hon pres atty "
    "supt cmdr maj cpl pvt fr sr jr".split())
# Suffixes after a surname: "Joseph R. Biden Jr.", "Robert P. Casey Jr.", "John Smith III".
NAME_SUFFIXES = frozenset("jr sr ii iii iv esq phd md".split())
# Role nouns that can stand for a person already named ("the Ukrainian leader").
HEAD_ROLES = frozenset("president premier chancellor king queen emir".split()) | {"prime minister"}
ROLE_NOUNS = frozenset(
    """president leader premier chancellor king queen minister secretary spokesman spokeswoman
    spokesperson governor mayor emir pope senator candidate nominee""".split())

# Occupations and roles a sentence may open with before a full name ("Engineer Tomasz
# Wierzbicki, who inspected the building, said"): not part of the name. Words that are also
# common surnames or given names (Baker, Smith, Porter, Mason) are left out.
OCCUPATIONS = frozenset(
    """engineer teacher parent economist analyst nurse lawyer farmer resident student owner
    opponent organizer organiser activist volunteer pupil architect scientist researcher
    historian consultant strategist pollster contractor developer landlord tenant driver
    firefighter physician surgeon veteran protester protestor witness neighbour neighbor
    shopkeeper businessman businesswoman entrepreneur principal headteacher headmaster
    headmistress librarian pharmacist paramedic critic supporter campaigner voter doctor""".split())

NAME_PARTICLES = frozenset("de del della der van von da di du la le bin bint al el ibn ben "
                           "st dos das ter ten den".split())

# Capitalised words that start sentences without naming anyone.
CAP_STOP = frozenset(
    """the a an and but or so yet still then now earlier later meanwhile however also in on at
    of for from to with by as after before during since while when if although though because
    this that these those there here it its his her their our my your we they i you he she
    asked speaking talking responding writing addressing ahead despite amid among under over
    according more most some many several other another each every all both no not one two
    three monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december today yesterday tomorrow last
    next this what who why how where whose which fellow dear""".split())
WEEKDAYS_MONTHS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december jan feb mar apr jun jul aug sep
    sept oct nov dec""".split())
PREPOSITIONS = frozenset(
    """of in on at to for from with by about into over under near after before during since
    through across against among between via per than like inside outside toward towards upon
    within without behind beyond around along amid despite""".split())
FUNCTION_WORDS = PREPOSITIONS | frozenset(
    """and or but nor so yet the a an this that these those his her their its our my your who
    whom whose which what when where why how if whether as than then also not no both either
    neither each every all any some""".split())
AUXILIARIES = frozenset(
    """has have had is was were are be been will would can could should may might must do does
    did also then later again once repeatedly previously reportedly earlier recently just
    further still since already never often now simply once only even quickly quietly flatly
    bluntly publicly privately angrily sharply simply""".split())
# Time words that can stand between a cue and its speaker: "said Tuesday Sen. Jane Roe".
TIME_WORDS = WEEKDAYS_MONTHS | frozenset("today yesterday tonight recently later earlier".split())
DETERMINERS = frozenset("the a an one another this that some two three several".split())

# A quote reads as a clause when it carries a finite verb or a subject pronoun.
CLAUSE_MARKERS = frozenset(
    """is are was were be been am will would can could shall should may might must have has had
    do does did i we you he she they it there this that isn't aren't wasn't weren't won't can't
    don't doesn't didn't shouldn't wouldn't couldn't haven't hasn't hadn't""".split())

# Words that make a capitalised name an organisation or place rather than a person.
ORG_WORDS = frozenset(
    """ministry department service agency council parliament committee office union nations news
    times post police army forces force government court bank company group inc ltd corp llc
    university college school institute foundation party commission house senate congress
    assembly tv radio network press media guard navy military kremlin pentagon reuters cnn bbc
    nato eu un administration campaign association federation board center centre club
    coalition alliance society fund trust journal magazine review tribune herald gazette
    daily weekly channel times report reports network networks church bureau authority
    corporation industries holdings partners capital markets""".split())
NON_PERSONS = frozenset(
    """us u.s uk u.k un u.n eu nato kremlin pentagon washington moscow kyiv kiev beijing london
    paris berlin brussels tehran america russia ukraine china britain france germany israel iran
    europe cnn bbc reuters ap afp vice gop fbi cia nsa msnbc fox abc cbs nbc pbs npr""".split())
# Words that end a descriptive phrase rather than a name: "one New Hampshire Democrat",
# "a Jeb Bush Republican", "Fellow Republicans", "Trump supporters", "Ukrainians".
GROUP_WORDS = frozenset(
    """republican republicans democrat democrats democratic independent independents
    conservative conservatives liberal liberals libertarian libertarians progressive
    progressives socialist socialists gop supporter supporters voter voters delegate delegates
    official officials member members leaders critics analysts experts residents people
    protesters protestors americans ukrainians russians europeans israelis palestinians
    christians muslims jews catholics evangelicals latinos hispanics whites blacks asians
    millennials staffers aides allies donors""".split())

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

# Nouns that say a person is a woman or a man ("the spokeswoman", "his wife").
FEMALE_NOUNS = frozenset(
    """spokeswoman chairwoman congresswoman councilwoman businesswoman alderwoman
    assemblywoman woman women girl mother wife widow daughter sister grandmother actress
    waitress queen princess lady dame mrs ms miss madam""".split())
MALE_NOUNS = frozenset(
    """spokesman chairman congressman councilman businessman alderman assemblyman man boy
    father husband widower son brother grandfather actor waiter king prince lord sir mr""".split())

# Common given names of English-language news, by the gender they usually mark.
FEMALE_NAMES = frozenset(
    """mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa
    betty margaret sandra ashley kimberly emily donna michelle dorothy carol amanda melissa
    deborah stephanie rebecca sharon laura cynthia kathleen amy shirley angela helen anna
    brenda pamela nicole emma samantha katherine christine debra rachel catherine carolyn
    janet ruth maria heather diane virginia julie joyce victoria olivia kelly christina lauren
    joan evelyn judith megan cheryl andrea hannah martha jacqueline frances gloria ann teresa
    kathryn sara janice jean alice madison doris abigail julia judy grace denise amber marilyn
    beverly danielle theresa sophia marie diana brittany natalie isabella charlotte rose
    alexis kayla jill kate katie hope meghan megyn dana donna erica kristen
    alexis kayla hillary hilary melania melanie nikki condoleezza sonia elena ruth huma kellyanne
    sarah hope nancy dianne kamala elizabeth tulsi kirsten amy claire debbie maxine ilhan
    alexandria liz rosa linda anna olga ines greta maya kira rita tara carla elena angela
    theresa ursula jacinda golda indira benazir marine christine ivanka chelsea tiffany
    michele valerie samantha loretta janet sally susana gina mia zoe chloe ella lucy ava
    marta martha rosa linda dana
    sofia yulia oksana iryna natalia svetlana tatiana irina ludmila""".split())
MALE_NAMES = frozenset(
    """james robert john michael william david richard joseph thomas charles christopher
    daniel matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george
    timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry
    justin scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis
    jerry tyler aaron jose adam nathan henry douglas zachary peter kyle noah ethan jeremy
    walter christian keith roger terry austin sean gerald carl harold dylan arthur lawrence
    jordan jesse bryan billy bruce gabriel joe logan alan juan albert willie elijah wayne
    randy vincent mason roy ralph bobby russell bradley philip eugene barack bernie bernard
    mitt marco ted jeb rand chris mike newt reince rudy lindsey mitch harry bill tim tom
    jim bob ben sam dan ron ken steve jeff greg rick ricky todd chuck joe hunter beau boris
    vladimir volodymyr dmytro viktor pavel nils jonas luis hiro farid sami emmanuel olaf
    angelo xi recep benjamin bibi justin rishi keir nigel vladimir sergei sergey dmitry
    jared jake jon jonathan josh lee eli ari marc matt nate neil ray rob rod ross russ
    oleksandr andriy mykola petro yuri igor alexei alexey ivan nikolai mohammed muhammad
    ahmed ali omar hassan""".split())
