"""Cue lexicons for stance and entailment rules (English first, with French, German and
Spanish basics).

Words are lower case and matched on folded tokens (accents stripped, see
:func:`storytrace.stories.features.fold`); multi-word cues are matched as phrases on the
folded, space-joined token stream. The lists are general news-language cues written
from grammar and style guides, not taken from any evaluation data.
"""

from __future__ import annotations

#: Words that negate the clause they sit in.
NEGATORS = frozenset(
    """
    not no never none nobody nothing neither nor without cannot n't nt isnt arent wasnt
    werent dont doesnt didnt wont wouldnt cant couldnt shouldnt hasnt havent hadnt
    ne pas jamais aucun aucune personne rien sans ni
    nicht kein keine keinen keiner nie niemals ohne
    nunca ningun ninguna nadie nada sin tampoco
    """.split()
)

#: Negators of a verb (the statement), not of a noun ("no comment"): English, French "pas",
#: German "nicht", which come before the participle or infinitive they negate.
VERB_NEGATORS = frozenset("not never cannot pas jamais nicht nie niemals".split())

#: Adverbs between a negator and its verb that do not change what is negated.
SOFTENERS = frozenset(
    """
    actually really yet even ever just quite necessarily exactly entirely officially
    truly vraiment encore wirklich
    """.split()
)

#: Words that open a side clause (subordinating conjunctions, relative pronouns, "to").
SUBORDINATORS = frozenset(
    """
    so for after before because since to that who which whose when while whereas if
    unless until than though although as but without despite
    parce pour apres avant quand lorsque si que qui dont mais
    weil dass wenn als ob um aber
    """.split()
)

#: Words by which a text points at the story it is about ("the report is false", "this
#: is a hoax"): a refutation with one of them is aimed at the story, not a side matter.
STORY_WORDS = frozenset(
    """
    it this story stories report reports reported claim claims rumor rumors rumour rumours
    photo photos photograph picture pictures image images video videos footage article
    articles news tale account post posts tweet tweets headline headlines
    histoire information rumeur photo video article geschichte bericht meldung foto bild
    noticia historia foto imagen
    """.split()
)

#: Refutation asserted by the text itself: it calls the claim false, a fabrication, a joke.
REFUTE_STRONG = frozenset(
    """
    hoax hoaxes hoaxer hoaxers fake faked fakes false falsely untrue fabricated fabrication
    fabricate debunk debunked debunks debunking myth myths bogus phony phoney sham
    doctored photoshopped prank pranks prankster satire satirical spoof parody fiction
    fictional fictitious retracted retraction
    faux fausse fausses infox canular intox
    falsch falschmeldung erfunden
    falso falsa bulo
    """.split()
)

#: Multi-word refutations asserted by the text (folded, space-separated tokens).
REFUTE_STRONG_PHRASES = (
    "not true",
    "not actually",
    "no evidence",
    "never happened",
    "did not happen",
    "didnt happen",
    "made up",
    "a lie",
    "the lie",
    "big lie",
    "pack of lies",
    "all lies",
    "un mensonge",
    "eine luge",
    "una mentira",
    "pas vrai",
    "aucune preuve",
    "c est faux",
    "nicht wahr",
    "keine beweise",
    "no es cierto",
    "sin pruebas",
)

#: Refutation the text reports (someone denies or disputes) or argues more weakly.
REFUTE_REPORTED = frozenset(
    """
    deny denies denied denial denying denials refute refuted refutes refuting rebut
    rebutted rebuts dismissed dismisses baseless groundless unfounded misleading
    misinformation disinformation incorrect inaccurate erroneous erroneously nonsense
    lied lying scam discredited contradicted contradicts disputed disputes rubbished
    rubbish
    dementi dementent
    dementiert luge
    desmiente desmintio desmentido
    """.split()
)

REFUTE_REPORTED_PHRASES = (
    "no truth",
    "no proof",
    "no basis",
    "is not the case",
    "was not the case",
    "set the record straight",
    "put the rumor to rest",
    "put the rumour to rest",
    "there is no",
    "there was no",
    "too good to be true",
    # A reversal of what was expected, not always of the claim ("turned out to be twins").
    "turns out",
    "turned out",
)

#: A phrase does not count when these words follow it ("made up of", "made up his mind").
PHRASE_NOT_BEFORE: dict[str, tuple[str, ...]] = {
    "made up": (
        "of",
        "for",
        "his mind",
        "her mind",
        "my mind",
        "their mind",
        "its mind",
        "our mind",
        "your mind",
        "their minds",
        "our minds",
        "your minds",
    ),
    "there is no": ("doubt", "question"),
    "there was no": ("doubt", "question"),
}

#: Cue words of one language that mean something else in another ("faux pas" in English).
FALSE_FRIENDS: dict[str, frozenset[str]] = {"en": frozenset({"faux", "dementi"})}

#: Every refutation cue, asserted or reported.
REFUTE_WORDS = REFUTE_STRONG | REFUTE_REPORTED
REFUTE_PHRASES = REFUTE_STRONG_PHRASES + REFUTE_REPORTED_PHRASES

#: Hedges and attribution: the text reports a claim without vouching for it.
HEDGE_WORDS = frozenset(
    """
    reportedly allegedly alleged purportedly purported supposedly apparently rumor rumors
    rumour rumours rumored rumoured unconfirmed unverified speculation speculated speculate
    claim claims claimed claiming claimant may might could possibly possible perhaps
    likely unlikely suggest suggests suggested suggesting appears appeared seem seems
    seemed believed thought suspected suspect report reports reported reporting
    sources source tabloid viral circulating circulated social
    presume presumably potentially uncertain unclear whether if
    selon pretendu pretendue presume presumee rumeur rumeurs apparemment aurait auraient
    serait seraient pourrait pourraient
    angeblich mutmasslich offenbar soll sollen geruchte berichten zufolge
    supuestamente presuntamente aparentemente rumores habria podria
    """.split()
)

#: Modal hedges: a refutation word in a sentence with one of these is a possibility
#: raised ("it may be a hoax", "whether the photo is fake"), not a refutation.
MODAL_HEDGES = frozenset(
    """
    may might could possibly possible perhaps whether if likely unlikely unclear maybe
    question questions wonder wondering suspect suspected
    peut peuvent pourrait pourraient peut-etre si vielleicht ob puede podria quizas
    """.split()
)

#: Relative pronouns: a hedge right after one sits in a clause about a participant.
RELATIVES = frozenset("who which that whose whom qui dont welche welcher quien".split())

#: Verbs of saying: a headline that puts its statement in someone's mouth ("..., the
#: manager says") reports it. (Not hedges in bodies, where nearly every sentence is said.)
SAY_VERBS = frozenset(
    """
    say says said tell tells told insist insists insisted warn warns warned admit admits
    admitted explain explains explained write writes wrote tweet tweets tweeted
    dit declare affirme assure sagt sagte erklart dice dijo afirma
    """.split()
)

#: Multi-word hedges.
HEDGE_PHRASES = (
    "according to",
    "is said to",
    "are said to",
    "was said to",
    "is believed to",
    "are believed to",
    "is thought to",
    "has not been confirmed",
    "have not been confirmed",
    "could not be confirmed",
    "could not be verified",
    "not yet confirmed",
    "not been verified",
    "not independently verified",
    "it is unclear",
    "it remains unclear",
    "it is not clear",
    "if true",
    "if confirmed",
    "went viral",
    "making the rounds",
    "d apres",
    "selon des",
    "laut",
    "segun",
)

#: Firm assertion: the text vouches for the claim (confirmation language).
ASSERT_WORDS = frozenset(
    """
    confirmed confirms confirm confirming official officially verified proved proven
    indeed definitely certainly announced announces revealed reveals shows showed
    confirme confirmee officiellement bestatigt offiziell confirmado confirmo oficialmente
    """.split()
)

#: Pairs of words of opposite meaning (either direction). Folded forms.
ANTONYMS: tuple[tuple[str, str], ...] = (
    ("win", "lose"),
    ("won", "lost"),
    ("wins", "loses"),
    ("winning", "losing"),
    ("winner", "loser"),
    ("victory", "defeat"),
    ("victorious", "defeated"),
    ("alive", "dead"),
    ("live", "dead"),
    ("survived", "died"),
    ("survived", "killed"),
    ("rise", "fall"),
    ("rose", "fell"),
    ("rises", "falls"),
    ("increase", "decrease"),
    ("increased", "decreased"),
    ("raise", "cut"),
    ("raised", "cut"),
    ("gain", "loss"),
    ("gains", "losses"),
    ("up", "down"),
    ("higher", "lower"),
    ("more", "less"),
    ("more", "fewer"),
    ("accept", "reject"),
    ("accepted", "rejected"),
    ("approve", "reject"),
    ("approved", "rejected"),
    ("confirm", "deny"),
    ("confirmed", "denied"),
    ("confirms", "denies"),
    ("guilty", "innocent"),
    ("convicted", "acquitted"),
    ("open", "closed"),
    ("opened", "closed"),
    ("allow", "ban"),
    ("allowed", "banned"),
    ("legal", "illegal"),
    ("true", "false"),
    ("real", "fake"),
    ("genuine", "fake"),
    ("support", "oppose"),
    ("supports", "opposes"),
    ("advance", "retreat"),
    ("advanced", "retreated"),
    ("captured", "lost"),
    ("arrested", "released"),
    ("found", "missing"),
    ("start", "end"),
    ("started", "ended"),
    ("success", "failure"),
    ("succeeded", "failed"),
    ("agree", "disagree"),
    ("agreed", "refused"),
    ("gagne", "perdu"),
    ("victoire", "defaite"),
    ("vivant", "mort"),
    ("hausse", "baisse"),
    ("gewonnen", "verloren"),
    ("sieg", "niederlage"),
    ("gano", "perdio"),
    ("victoria", "derrota"),
)

#: Function words left out of lexical overlap (English and French, the pipeline's parsed
#: languages; others rely on sentence vectors and the 3-letter minimum).
STOPWORDS = frozenset(
    """
    a an the and or but if then than that this these those there here of in on at to for
    from by with as into onto about over under after before between through during is are
    was were be been being am do does did done has have had having will would shall should
    can could may might must it its it's he him his she her hers they them their theirs we
    us our you your i me my mine who whom whose which what when where why how all any both
    each few more most other some such only own same so too very just also not no nor
    up down out off again further once s t said says say new one two after report reports
    le la les un une des du de et ou mais donc car ni que qui quoi dont ou au aux en dans
    par pour sur avec sans sous ce cet cette ces il elle ils elles on nous vous je tu est
    sont etait ete etre avoir a ont fait se sa son ses leur leurs plus
    der die das ein eine und oder aber nicht ist sind war mit von zu im auf fur den dem
    el los las una uno y o pero es son fue con por para del al lo se su sus
    """.split()
)
