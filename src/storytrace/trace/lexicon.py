"""English cue lexicons (lemmas) for the spaCy-based extractor.

Written for this project: verbs of saying, writing, showing, believing and wanting, which
news attribution (PARC/PolNeAR-style: who says or thinks what) is built on. Each set is
keyed by the grammar the verb takes, because that decides where its content sits.
"""

from __future__ import annotations

#: Verbs that report speech or writing; content is a clause, a quotation or an object.
SPEECH = frozenset(
    """
    say tell add ask note report announce state declare claim argue explain write tweet post
    comment remark mention insist warn suggest acknowledge admit concede confirm deny reveal
    disclose respond reply answer continue conclude predict promise pledge vow threaten urge
    describe characterize characterise recall recount complain criticize criticise praise
    accuse blame charge allege assert contend stress emphasize emphasise underscore
    observe quip joke boast brag agree disagree question wonder speculate estimate cite quote
    testify inform assure reassure caution counter retort rebut dismiss reject defend
    endorse propose recommend demand request instruct signal indicate hint imply
    shout yell scream whisper mutter exclaim proclaim pronounce tout highlight lament bemoan
    decry condemn denounce slam blast attack mock ridicule lambaste chide scold rebuke fault
    applaud hail laud congratulate apologize apologise guarantee swear reiterate
    repeat echo elaborate clarify specify detail outline summarize summarise portray depict
    brand dub term label nickname refer discuss brief notify alert forecast
    project calculate affirm reaffirm attest concur object protest
    contest dispute challenge doubt query inquire enquire plead beg pray
    vouch certify verify corroborate own confess divulge
    broadcast air print headline editorialize editorialise caption preach lecture
    read express voice float muse ponder posit theorize theorise surmise
    reckon guess bet wager foresee retweet text email message cable wire
    pen author sign rule order direct
    petition counsel remind tease taunt heckle jeer interject chime
    gush rave rant fume seethe grumble gripe whine moan groan sigh laugh smile scoff sneer snap
    bark growl thunder roar vent call show support point seem appear back
    offer name refuse oppose decline embrace share identify list
    promote advocate convince persuade reference chant title assail credit invoke unveil
    distance attribute document articulate liken allude side lambast balk interpret spar
    acquiesce brush single rebuff press encourage
    """.split()
)

#: Verbs of cognition, feeling and intent ("X believes/fears/wants ...").
COGNITION = frozenset(
    """
    think believe know realize realise recognize recognise understand assume presume
    consider regard see deem judge find decide determine remember forget learn
    hear notice expect anticipate hope wish want prefer love hate fear worry suspect
    imagine envision envisage figure trust intend plan aim seek dream
    mind sense perceive discover contemplate relish dislike view like feel
    """.split()
)

#: Verbs whose subject is evidence rather than a person (a poll shows, data suggest).
EVIDENCE = frozenset("show find suggest indicate reveal demonstrate confirm prove".split())

#: Verbs that need a complement clause or quotation to count as a cue (too common otherwise).
NEEDS_CLAUSE = frozenset(
    """
    see find know feel mean figure read continue add learn hear notice discover sense
    understand remember forget decide determine consider realize realise recognize recognise
    judge trust care mind bet guess air print post publish sign own rule direct order
    laugh smile sigh groan snap bark thunder roar perceive
    """.split()
)

#: Nouns that carry an attribution when they govern a that-clause ("allegations that ...");
#: only those that rarely mean anything else (tuned on PolNeAR train).
CUE_NOUNS = frozenset(
    """
    allegation claim warning revelation complaint insistence contention admission
    """.split()
)

#: Nouns that make an opening "In ...," a cue: "In a new poll, X leads".
IN_SOURCES = frozenset("poll survey study".split())

#: Verbs that are cues only through one of these prepositions ("spoke about X").
PREP_ONLY = {
    "speak": frozenset({"about", "of", "on"}),
    "talk": frozenset({"about", "of"}),
    "vote": frozenset({"for", "against"}),
    "comment": frozenset({"on"}),
    "thank": frozenset({"for"}),
    "rail": frozenset({"against"}),
    "complain": frozenset({"about", "of"}),
    "worry": frozenset({"about"}),
    "lash": frozenset({"out"}),
    "rally": frozenset({"behind", "around"}),
    "push": frozenset({"for", "back"}),
}
#: Lemmatizer slips worth undoing ("hoping" -> "hop").
LEMMA_FIX = {"hop": "hope", "retweete": "retweet"}

#: Words in -ing that are prepositions or titles, not a participle's clause after a
#: speaker's name (", during the strike,", ", acting director of ...").
ING_PREPOSITIONS = frozenset(
    "during including according regarding following concerning excluding considering "
    "notwithstanding pending acting".split()
)

#: "received information from X": verbs of receiving and the nouns of what is received.
RECEIVE_VERBS = frozenset("receive get obtain hear gather".split())
INFO_NOUNS = frozenset(
    "information word signal message report confirmation detail indication intelligence "
    "assurance tip briefing news data account".split()
)

#: Prepositions that belong to the cue when the verb governs its content through them.
CUE_PREPS = frozenset("for on of about to against".split())

#: Adverbs and modals that hedge a cue or a claim.
HEDGE_WORDS = frozenset(
    """
    may might could would reportedly allegedly apparently purportedly supposedly
    possibly perhaps probably likely seemingly ostensibly presumably arguably
    """.split()
)
#: Cue lemmas that are themselves hedged (the source signals rather than states).
HEDGE_CUES = frozenset(
    """
    signal hint suggest imply indicate claim allege speculate appear seem rumor rumour
    believe suspect estimate guess reckon
    """.split()
)

#: Phrases that make a source anonymous whatever its head noun.
#: Where or how words were said, after a speaker ("in a statement", "on a conference
#: call"): the statement's circumstance, neither the speaker's name nor role.
SAID_IN = (
    r"(?:in|on|during|via)\s+(?:an?|the|his|her|its|their)\s+(?:[\w-]+\s+)?"
    r"(?:statement|interview|e-?mail|news release|press release|release|tweet|post"
    r"|conference call|speech|letter|press conference|news conference)s?"
)
ANONYMITY_MARKERS = (
    "not want to be named",
    "not wish to be named",
    "not be named",
    "not authorized to",
    "not authorised to",
    "condition of anonymity",
    "requested anonymity",
    "request anonymity",
    "asked not to be",
    "declined to be named",
    "declined to be identified",
    "refused to be named",
    "speaking anonymously",
    "unnamed",
    "anonymous",
)
