"""Source typing: what kind of source an attribution names, with its role and outlet.

Kinds: named person (with role when given), role only ("a spokesman"), anonymous
individual or unnamed sources, anonymous group ("US officials"), organisation, media
outlet, document. Pronouns are resolved to the speaker named before them first, then the
antecedent is typed. English word lists drive the typing; named-entity labels from the
parser (PERSON/PER, ORG, GPE, NORP) help where they exist.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from storytrace.trace import lexicon as lx
from storytrace.trace.outlets import (
    ANAPHORS,
    OUTLET_HEADS,
    OutletMention,
    find_outlets,
    outlet_anaphor,
    resolve_anaphor,
)
from storytrace.trace.records import Attribution, SourceKind, Span
from storytrace.trace.source_words import FOREIGN, SourceWords, foreign_words

PRONOUNS = frozenset(
    "he she they it who which that i we you him her them his its their whom "
    "il elle ils elles er sie es él ella ellos ellas ele ela eles elas он она они оно".split()
)
_RELATIVE = frozenset("who which that whom".split())
_PERSONAL = {
    "he": "person",
    "she": "person",
    "him": "person",
    "her": "person",
    "his": "person",
    "il": "person",
    "elle": "person",
    "er": "person",
    "él": "person",
    "ella": "person",
    "ele": "person",
    "ela": "person",
    "он": "person",
    "она": "person",
    "they": "plural",
    "them": "plural",
    "their": "plural",
    "ils": "plural",
    "elles": "plural",
    "ellos": "plural",
    "ellas": "plural",
    "eles": "plural",
    "elas": "plural",
    "они": "plural",
    "it": "thing",
    "its": "thing",
    "оно": "thing",
    "es": "thing",
}

#: Nouns for people by what they do; a source headed by one and no name is a role.
ROLE_NOUNS = frozenset(
    """
    official officer spokesman spokeswoman spokesperson minister secretary president
    chairman chairwoman chair director adviser advisor aide analyst expert economist scientist
    professor researcher lawyer attorney prosecutor judge senator lawmaker legislator
    representative congressman congresswoman governor mayor diplomat ambassador envoy general
    commander soldier witness resident voter supporter critic activist leader member
    candidate strategist pollster executive ceo manager employee worker staffer negotiator
    investigator observer journalist reporter editor columnist correspondent doctor physician
    historian commentator consultant donor delegate operative organizer chief head deputy
    administrator regulator banker trader investor student teacher parent citizen veteran
    protester demonstrator victim survivor relative neighbor neighbour friend colleague ally
    rival opponent republican democrat conservative liberal progressive insider source person
    man woman people individual participant intelligence negotiator planner campaigner
    founder owner partner boss coach player fan specialist engineer officer policeman
    inspector agent detective sheriff trooper guard expert commissioner councillor councilor
    lawmaker deputy minister premier chancellor king queen prince emir sheikh cleric imam
    priest bishop pope rabbi pastor scholar academic author writer novelist artist actor
    singer pundit blogger host anchor moderator speaker strategist surrogate nominee
    ministre porte-parole responsable président présidente conseiller expert diplomate
    sprecher sprecherin ministerin minister beamter experte präsident kanzler
    ministro portavoz funcionario presidente asesor experto fuente fonte porta-voz
    министр представитель источник чиновник эксперт президент пресс-секретарь
    advocate clinician physicist biologist astronomer epidemiologist astronaut nurse farmer
    driver passenger shopper customer consumer tenant landlord
    captain pilot co-pilot copilot crew skipper athlete champion goalkeeper keeper striker
    defender midfielder forward quarterback pitcher batsman bowler jockey trainer referee
    umpire firefighter paramedic medic rescuer surgeon pathologist coroner sergeant constable
    lieutenant colonel admiral ranger lifeguard suspect defendant plaintiff mother father
    son daughter wife husband brother sister widow
    user politician reader viewer listener commenter subscriber visitor tourist patient
    comedian presenter lady gentleman
    rebel militant insurgent fighter gunman bomber terrorist hostage cynic proponent mp
    therapist forester ranger star finalist butler aunt uncle niece nephew cousin
    grandmother grandfather grandson granddaughter girl boy child teenager veterinarian
    miner clerk bondsman promoter eyewitness centre-half center-half musician rapper
    drummer guitarist filmmaker photographer designer architect
    entrepreneur tycoon billionaire magnate salesman accountant auditor
    treasurer chef technician electrician statistician mathematician psychiatrist
    psychologist neurologist cardiologist criminologist meteorologist seismologist
    geologist volcanologist climatologist sociologist paediatrician pediatrician
    classmate teammate roommate flatmate mate practitioner backer enemy rep
    master harbourmaster harbormaster headmaster headmistress headteacher principal lecturer
    instructor tutor waitress waiter bartender barman cashier nanny toddler kid mechanic
    plumber builder shopkeeper vendor seller buyer homeowner inmate prisoner refugee
    migrant immigrant volunteer
    """.split()
)
#: Role nouns that stay anonymous when unnamed and not unique ("an official said").
ANON_NOUNS = frozenset(
    "source official person insider aide diplomat officer individual someone people "
    "participant negotiator staffer employee member responsable fuente fonte источник "
    "funcionario beamter user reader viewer listener commenter subscriber man woman girl "
    "boy child".split()
)
#: Heads that make a source a document rather than a speaker.
DOCUMENT_NOUNS = frozenset(
    """
    report statement letter memo memorandum document study survey poll data figures analysis
    filing complaint lawsuit indictment ruling release transcript book article story email
    e-mail tweet post video footage recording records tally website page message note notes
    reports research estimate estimates projection projections assessment review audit
    editorial op-ed column dispatch cable bulletin decree order law bill resolution petition
    communique communiqué declaration announcement documents findings results count exit
    register log database archive archives minutes ledger tape tapes commercial advert
    advertisement excerpt result clip photo photograph affidavit warrant judgment judgement
    verdict investigation finding statistics forecast warning testimony evidence average
    script summons subpoena presentation description policy chart graph table image test
    scan
    """.split()
)
#: Heads that make a source an organisation.
ORG_NOUNS = frozenset(
    """
    campaign committee party government ministry department administration company council
    court office union group institute foundation commission embassy police army military
    kremlin pentagon congress senate house parliament agency organization organisation
    association federation coalition alliance firm bank corporation authority authorities
    regime cabinet presidency navy board university school hospital church team club
    movement network center centre fund bureau service services force forces coalition
    utility operator manufacturer maker retailer carrier airline insurer startup studio
    laboratory lab automaker carmaker chipmaker drugmaker watchdog opposition society city
    league nonprofit zoo theatre theater prosecution defence defense lender panel jury band
    museum town village county municipality brokerage publisher charity orchestra management
    leadership
    """.split()
)
_TITLES = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Prof|Rev|Pres|Sec|Amb|Mme|Mlle|Herr|Frau|Sr|Sra)\.?\s+[A-Z]"
)
_NAME = re.compile(
    r"[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’\-]+(?:\s+(?:[A-ZÀ-ÖØ-ÞА-ЯЁ]\.\s+)?(?:[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’\-]+"
    r"|[a-z]{1,3}\s+[A-Z][\w'’\-]+))+"
)
_DETS = frozenset(
    "the a an this that these those some many several two three four one other".split()
)


@dataclass(frozen=True, slots=True)
class Entity:
    start: int
    end: int
    label: str  # PERSON/PER, ORG, GPE/LOC, NORP, MISC


#: Pronoun-like words for unnamed people ("Others said", "Those who ...").
_UNNAMED_GROUP = frozenset("others those some many most several few".split())
#: Words for one unnamed person, and for everyone.
_SOMEONE: Final = frozenset({"someone", "somebody", "some one"})
_EVERYONE: Final = frozenset("everyone everybody anyone anybody".split())
#: A share of people, as polls give them: "just 12 per cent", "almost half of the voters".
_SHARE_OF_PEOPLE: Final = re.compile(
    r"(?:(?:just|only|almost|nearly|about|around|some|over|under|more than|less than|fewer"
    r" than)\s+)?(?:(?:\d[\d.,]*|[a-z]+(?:-[a-z]+)?)\s*(?:%|percent\b|per cent\b)"
    r"|half\b|a (?:third|quarter|majority|minority)\b|the majority\b|two-thirds\b)"
    r"(?:\s+of\b.*)?$"  # ending the phrase or of whom: not "the majority leader"
)
#: Nouns for a group of people that are no organisation ("the family", "embassy staff").
_PEOPLE_GROUPS: Final = frozenset("staff personnel public family crowd audience community".split())
#: Heads of unnamed outlets: "state media", "national TV channels".
_UNNAMED_MEDIA: Final = frozenset(
    "media television tv channel channels station stations broadcaster broadcasters".split()
)
_ON_AIR: Final = frozenset("tv television radio news broadcast broadcasting cable".split())
#: A weekday after the speaker, with no "on" ("The government Saturday").
_TRAILING_DAY: Final = re.compile(
    r"\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?[\s,]*$"
)
#: An age in apposition: "Velt, 21, said".
_AGE: Final = re.compile(r"\s*\d{1,3}\s*(?:,|$)")
#: Words that end team and place names, never a surname ("Manchester United said").
_NOT_SURNAMES: Final = frozenset(
    "United City Street Rovers Athletic Wanderers County Town Albion Villa Forest Palace "
    "Rangers Celtic Republicans Democrats Liberals Conservatives Labour Party".split()
)
#: Endings of nouns for professions ("radiologist", "dietician", "cartographer").
_PROFESSION: Final = re.compile(r"..(?:ologist|ician|iatrist|ographer)$")
#: Members of a party, whose plural written as a name is the party ("The Liberals said").
_PARTY_MEMBERS: Final = frozenset("republican democrat conservative liberal progressive".split())
#: "the 32-year-old", "the 60-year-old": a person the article named before.
_AGED: Final = re.compile(r"the\s+(?:\d{1,3}|[a-z]+(?:-[a-z]+)?)-year-old")


def _words(s: str) -> list[str]:
    return re.findall(r"[\w'’\-\.]+", s)


def _head_word(phrase: str, *, lower: bool = True) -> str:
    """The head noun of a phrase, roughly: last word before a comma, "of", "who", "close to"."""
    words = _words(_head_piece(phrase))
    if not words:
        return ""
    return words[-1].lower().strip(".") if lower else words[-1].strip(".")


def _head_piece(phrase: str) -> str:
    """The phrase up to and with its head noun (see :func:`_head_word`)."""
    return re.split(
        r",|\(|\bwho\b|\bwhich\b|\bthat\b|\bof\b|\bfor\b|\bat\b|\bin\b|\bfrom\b|\bto\b|\bwith\b|\bclose\b|\bfamiliar\b|\bon\b"
        # a participle after the head: "a paper published in ...", "a poll released by"
        r"|\b(?:published|released|issued|posted|obtained|conducted|commissioned|filed"
        r"|attributed|signed|written|sent|broadcast|aired|recorded|prepared|produced)\b"
        # and what the people of the head know or do: "two people briefed on the talks",
        # "experts not involved in the study", "people across the country"
        r"|(?<=\s)(?:briefed|involved|knowledgeable|aware|across|around|not|examining"
        r"|based|known|working|living|shown|presented|into"
        # or study with: "NASA scientists using a telescope atop Mauna Kea"
        r"|using|studying|analy[sz]ing|tracking|monitoring|reviewing|investigating|testing"
        r"|representing|watching|observing|surveying|measuring)\b",
        phrase,
        maxsplit=1,
    )[0]


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("men"):
        return word[:-3] + "man"
    if word == "people":
        return "people"
    if word.endswith(("sses", "ches", "shes", "xes")) and len(word) > 5:
        return word[:-2]  # "witnesses", "coaches"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _capitalised_name(piece: str) -> bool:
    """One to four capitalised words and nothing else, none a title or role word."""
    words = re.findall(r"[\w'’.-]+", piece.strip(" ,"))
    if not 1 <= len(words) <= 4 or len(words) != len(piece.strip(" ,").split()):
        return False
    return all(w[:1].isupper() and _singular(w.lower()) not in ROLE_NOUNS for w in words) and (
        words[0].lower() not in _DETS
    )


def _named_like_outlet(words: list[str]) -> bool:
    """An organisation's name ending like a newspaper's ("Herald", "Gazette"); "Agency"
    only as a news or press agency (the European Space Agency is no outlet). The head as
    written: "Big Machine Records" is a record label, not a "Record"."""
    if not words or words[-1] not in OUTLET_HEADS:
        return False
    return words[-1] != "agency" or (len(words) > 1 and words[-2] in ("news", "press"))


#: A collective noun and the people it counts ("a group of employees", "a number of
#: residents"): the group word heads the phrase, the people say what it is.
_COLLECTIVE = re.compile(
    r"^(?:(?:a|an|the|one|another|this|that)\s+)?(?:small\s+|large\s+|growing\s+)?"
    r"(?:group|number|handful|couple|team|dozen|crowd|pair|panel|band)\s+of\s+"
    r"(?:(?:the|its|their|his|her|our)\s+)?(?:[\w-]+\s+)?(\w+)\b"
)


def _named_organisation_before(
    text: str, span: Span, phrase: str, entities: Sequence[Entity]
) -> bool:
    """Whether a bare name ("Corrowell declined to comment") is an organisation the article
    named in full elsewhere ("Corrowell Inc."), whatever the tagger makes of this mention,
    and no person of the article goes by it."""
    if not _capitalised_name(phrase) or len(phrase.split()) > 3:
        return False
    name = phrase.split()
    elsewhere = [x for x in entities if not (span[0] <= x.start and x.end <= span[1])]
    if any(
        x.label in ("PERSON", "PER") and text[x.start : x.end].split()[-len(name) :] == name
        for x in elsewhere
    ):
        return False
    return any(
        x.label == "ORG"
        and len(text[x.start : x.end].split()) > len(name)
        and text[x.start : x.end].split()[: len(name)] == name
        for x in elsewhere
    )


#: Forms of address, which say nothing of what the speaker does ("Miss Velt", "Sir Aron").
_ADDRESS: Final = frozenset(
    "mr mrs ms miss mx messrs sir dame lady madam mme mlle herr frau señor señora sr sra".split()
)
#: Where a description of the speaker stops being a role: a relative clause ("who returned
#: from Europe yesterday", ", which trains pilots") or a participle's clause (", speaking
#: on Friday"); "according", "during" and the like are prepositions, not clauses.
_ROLE_END: Final = re.compile(
    r"(?:,\s*|\s+)(?:who|whom|whose|which|where|that)\b"
    rf"|,\s+(?!(?:{'|'.join(sorted(lx.ING_PREPOSITIONS))})\b)\w+ing\b",
    re.IGNORECASE,
)
_TRAILING_TIME: Final = re.compile(
    r"(?:^|\s+)(?:(?:on|last|this)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday"
    r"|Sunday|week|month|year)(?:\s+(?:morning|afternoon|evening|night))?|yesterday|today"
    r"|tonight|earlier|recently|in\s+(?:January|February|March|April|May|June|July|August"
    r"|September|October|November|December)(?:\s+\d{4})?)\s*$"
)


def _role_around(before: str, after: str) -> str | None:
    """The role given around a speaker's name: the words before it ("Prime Minister") and
    the description after it ("principal of the flying school"), without a relative or
    participle clause, a time, a form of address or a leading article."""
    before = before.rsplit(":", 1)[-1]  # "LINDENPORT: Port director Aron Lind"
    before = re.sub(r"^(?:the|a|an)\b", "", before.strip(" ,.;:"), flags=re.I).strip()
    if before.casefold().rstrip(".") in _ADDRESS or re.search(r"['’]s$|\s(?:and|&)$", before):
        # "Miss"; a possessive ("Corrow's Aron Lind": a team, not a role); a first speaker
        # ("the mayor and Aron Lind")
        before = ""
    if re.match(r"['’]s\s+[A-Z]", after):
        return None  # the name was the owner: "Corrow" in "Corrow's Aron Lind"
    after = _PHOTO_PLACE.sub("", after)  # "Aron Lind (right)"
    after = re.sub(r"^\s*,?\s*\d{1,3}\s*(?=,|$)", "", after)  # an age: "Velt, 49, a nurse"
    # an apposition follows a comma ("Velt, the mayor"); "President X of Serbia" goes on
    glue = ", " if after.lstrip(" ").startswith(",") else " "
    if re.match(r"\s*(?:and|&)\s", after):
        after = ""  # "Velt and her team": a second speaker, not a description
    after = _ROLE_END.split(after, maxsplit=1)[0]
    # where the words were said, and a second speaker named with a title, are no role
    after = re.split(_ROLE_STOP, after, maxsplit=1)[0]
    after = _TRAILING_TIME.sub("", after.strip(" ,.;:")).strip(" ,.;:")
    after = re.sub(r"^(?:the|a|an)\s+", "", after, flags=re.I)
    if after and re.fullmatch(r"(?:Dr|Prof|Rev)\.?", before):
        before = ""  # "Dr. Mara Velt, a primatologist": the apposition says what she is
    return (glue.join(p for p in (before, after) if p)) or None


#: Where a photo shows the speaker: "Aron Lind (right)".
_PHOTO_PLACE: Final = re.compile(
    r"\s*\((?:right|left|centre|center|pictured|above|below|top|inset"
    r"|second from (?:left|right))\)",
    re.IGNORECASE,
)
#: Where a description after the name stops being the speaker's role.
_ROLE_STOP: Final = re.compile(
    rf",?\s+{lx.SAID_IN}\b|\s+and\s+(?:Dr|Col|Gen|Lt|Sgt|Mr|Mrs|Ms|Prof|Sen|Rep|Gov)\.?\s+[A-Z]"
)


#: Words a page writes in capitals as labels, not acronyms ("UPDATE:", "SOURCE Lumo").
_CAPS_LABELS: Final = frozenset(
    "UPDATE UPDATED SOURCE NOTE EDITOR EDITORS BREAKING CORRECTION PHOTO VIDEO WATCH READ "
    "MORE ALSO CONTACT ENDS END ANALYSIS OPINION EXCLUSIVE".split()
)


def _role_only(phrase: str) -> str:
    """A role given without a name, without its article and relative clause ("the
    former butler, who claims ..." -> "former butler")."""
    role = _ROLE_END.split(phrase, maxsplit=1)[0].strip(" ,")
    return re.sub(r"^(?:the|a|an)\s+", "", role, flags=re.I)


def _after_a_first_name(text: str, name: str, entities: Sequence[Entity] = ()) -> bool:
    """Whether the article writes ``name`` after another capitalised word inside a
    sentence ("coach Warren Gatland"): a person's surname, whatever the parser tags it.
    With ``entities``, not where the two words are tagged a place or a body ("Manchester
    United", "Wall Street")."""
    for m in re.finditer(r"(?<=\w )([A-Z][a-z]{1,15}) " + re.escape(name) + r"\b", text):
        if m.group(1) in ("The", "A", "An", "At", "Of", "In", "On", "For", "By"):
            continue
        if any(
            x.label not in ("PERSON", "PER") and x.start <= m.start() and m.end() <= x.end
            for x in entities
        ):
            continue
        return True
    return False


#: A role, perhaps "for/to/of/at/in <Place>", then a first name and a surname at the end of
#: a source phrase ("Special envoy for Lindenport Ivo Saren").
_ROLE_THEN_FULL_NAME = re.compile(
    r"(?P<role>.*?\b(?P<noun>[a-z][\w-]*)(?: (?:for|to|of|at|in) (?:the )?[A-Z][\w'’-]*)?)"
    r" [A-Z][a-z]{1,15} (?P<last>[A-Z][\w'’-]+)"
)


def _name_after_role(phrase: str, text: str, s: int, e: int) -> str | None:
    """The role of a phrase that ends with a person's full name after it ("Special envoy
    for Lindenport Ivo Saren", where the parser tags place and name one organisation), when
    the article also writes the surname alone elsewhere ("Saren added"): a body's name after
    a role ("a spokesman for Lindcorp Energy Systems") is not written that way."""
    m = _ROLE_THEN_FULL_NAME.fullmatch(phrase)
    if m is None or _singular(m.group("noun")) not in ROLE_NOUNS:
        return None
    last = m.group("last")
    for hit in re.finditer(r"\b" + re.escape(last) + r"\b", text):
        if s <= hit.start() < e:
            continue
        before = text[max(0, hit.start() - 20) : hit.start()].split()
        if not before or not before[-1][:1].isupper() or before[-1][-1:] in '.,;:!?"”)':
            return _role_only(m.group("role"))  # the surname alone: "Saren added"
    return None


def _role_before_full_name(text: str, name: str) -> bool:
    """Whether the article writes ``name`` after a role and a first name ("executive chair
    Marcelo Claure", "special envoy for Ukraine Kurt Volker"): a person, though the parser
    may tag the full name, or the place and the name together, an organisation."""
    pattern = (
        r"\b([a-z][\w-]*)(?: (?:for|to|of|at|in) (?:the )?[A-Z][\w'’-]*)? [A-Z][a-z]{1,15} "
        + re.escape(name)
        + r"\b"
    )
    return any(
        _singular(m.group(1)) in ROLE_NOUNS or _PROFESSION.search(m.group(1))
        for m in re.finditer(pattern, text)
    )


def _single_name_in_apposition(phrase: str) -> bool:
    """ "Lind, who retired last year,", "Velt, 21,", "Lind, the city's top official,": one
    capitalised word (no role, body or document noun) that a relative "who", an age or a
    role in apposition says is a person, whatever the parser tagged it (surnames alone are
    often tagged organisations)."""
    first, rest = (p.strip() for p in phrase.split(",", 1))
    if not re.fullmatch(r"[A-Z][a-z][\w'’-]*", first):
        return False
    if _singular(first.lower()) in ROLE_NOUNS | ORG_NOUNS | DOCUMENT_NOUNS | _DETS:
        return False
    if rest.startswith("who ") or _AGE.match(rest):
        return True
    described = re.match(r"(?:the|a|an)\s+(.+)", rest)
    return described is not None and _singular(_head_word(described.group(1))) in ROLE_NOUNS


#: Plurals of nouns for people by what they do ("watchers", "civilians", "captors").
_PEOPLE_PLURAL: Final = re.compile(r"(?:er|or|ist|ian|ant|ent|eer|ee)s$")
#: A role noun and the name after it, ending the phrase ("Corrow manager Juande Rames").
_ROLE_THEN_NAME: Final = re.compile(
    r"(?:^|\s)([a-z][\w-]*)\s+((?:[A-Z][\w'’-]+\s+){0,2}[A-Z][\w'’-]+)$"
)


def _speakers_among(text: str, s: int, e: int, phrase: str, people: list[Entity]) -> list[Entity]:
    """The people of a source phrase who may be its speaker: none when every name sits in
    a modifier after a common-noun head ("A woman who was in the car that Mara Velt
    chased", "Supporters of Aron Lind", "a recording attributed to Lind"); a name in
    apposition ("the mayor of Lindenport, Aron Lind") or ending the phrase after a title
    ("Head of the port Mara Velt") still speaks, unless the head is a plural of people or
    a document."""
    lead = len(text[s:e]) - len(text[s:e].lstrip(" ,"))
    piece = _head_piece(phrase).rstrip()
    head_end = s + lead + len(piece)
    if not piece.strip() or any(x.start < head_end for x in people):
        return people  # no head found, the head is (in) a name, or a name comes first
    head = _head_word(phrase)
    if _singular(head) not in ROLE_NOUNS | ORG_NOUNS | DOCUMENT_NOUNS and not (
        _PEOPLE_PLURAL.search(head)
    ):
        # not a noun we know heads it: a name ("Berbatov, who ... that Spurs edged"), or
        # a word such as "one" ("one of the locals, a ... mum called Hayley")
        return people
    first = people[0]
    if text[s : first.start].rstrip().endswith(",") or text[head_end : first.start].startswith(","):
        return people  # an apposition names the speaker ("her son, filmmaker Aron Lind")
    plural_people = head != _singular(head) and _singular(head) in ROLE_NOUNS
    if (
        not plural_people
        and _singular(head) not in DOCUMENT_NOUNS
        and not text[first.end : e].strip(" ,.")
    ):
        return people
    return []


def type_phrase(
    text: str,
    span: Span,
    *,
    entities: Sequence[Entity] = (),
    mentions: Sequence[OutletMention] = (),
    language: str = "en",
) -> tuple[SourceKind, str | None, str | None]:
    """(kind, role, outlet) of the source phrase at ``span``, in ``language`` (English
    rules, with the nouns of :mod:`~storytrace.trace.source_words` for five others)."""
    s, e = span
    day = _TRAILING_DAY.search(text, s, e)
    if day and text[s : day.start()].strip(" ,"):
        e = day.start()  # "The government Saturday": the day is no part of who spoke
    phrase = text[s:e].strip(" ,-–—")
    low = phrase.lower()
    words = _words(low)
    if not words:
        return "unknown", None, None
    inside = [m for m in mentions if m.start >= s and m.end <= e]
    head = _head_word(phrase)
    head_sg = _singular(head)
    if inside:
        outlet: str | None = inside[0].outlet
        # "Alex Horton of the Post", "NPR's Feng", "Richardson, via USA Today": a person
        # named beside the outlet speaks (the outlet is still cited)
        people = [
            x
            for x in entities
            if x.start >= s
            and x.end <= e
            and x.label in ("PERSON", "PER")
            and all(x.end <= m.start or x.start >= m.end for m in inside)
        ]
        m0 = inside[0]
        before_name = re.sub(r"\s*\b(?:of|at|for|from)(?:\s+the)?\s*$", "", text[s : m0.start])
        after_name = (
            re.sub(r"^\s*['’]s\s+", "", text[m0.end : e])
            if re.match(r"\s*['’]s\s", text[m0.end : e])
            else ""
        )
        if not people and (_capitalised_name(before_name) or _capitalised_name(after_name)):
            # "Wee of the Times", "NPR's Feng": a name the parser missed
            return "named person", None, outlet
        if people and re.search(r"\bby\s*(?:the\s+)?$", text[s : m0.start], re.I):
            # "X, author of 'Y,' published by Z": the outlet is the agent of what the
            # description names (a book's publisher), not where the speaker works
            outlet = None
        if people:
            cut = sorted([(people[0].start, people[0].end)] + [(m.start, m.end) for m in inside])
            rest, at = [], s
            for a, b in cut:
                rest.append(text[at:a])
                at = max(at, b)
            rest.append(text[at:e])
            # what is left once the name and the outlet are out: a role, or only glue
            role = re.sub(
                r"\b(?:of|the|a|an|via|for|from|at|with)\b|['’]s\b|[,.;:()]", " ", "".join(rest)
            )
            return "named person", " ".join(role.split()) or None, outlet
        # "a New York Times report", "the report of X": a document of an outlet. The
        # outlet's own name is no document ("the Washington Post", "the Mail on Sunday").
        bare = (text[s : inside[0].start] + " \x00 " + text[inside[0].end : e]).strip(" ,")
        head_sg = _singular(_head_word(bare))
        rest = _words(bare.lower())
        if head_sg in DOCUMENT_NOUNS or (
            rest
            and rest[0] in _DETS
            and _singular(rest[1] if len(rest) > 1 else "") in DOCUMENT_NOUNS
        ):
            return "document", None, outlet
        before = text[s : inside[0].start].strip().lower()
        if before in ("", "the") or before.endswith(("the", "of the")) or head_sg in ANAPHORS:
            return "media outlet", None, outlet
        # "a reporter for The Times": a person of the outlet.
        if head_sg in ROLE_NOUNS:
            return "role", phrase, outlet
        return "media outlet", None, outlet
    if language in FOREIGN:
        person = any(
            x.start >= s
            and x.end <= e
            and x.label in ("PERSON", "PER")
            and text[x.start : x.start + 1].isupper()  # a name, not "président du ..."
            for x in entities
        )
        typed = _type_foreign(phrase, FOREIGN[language], person, german=language == "de", text=text)
        if typed is not None:
            return typed
    acronym = re.fullmatch(r"(?:[Tt]he\s+)?([A-Z]{2,6})", phrase)
    if acronym and acronym.group(1) not in _CAPS_LABELS:
        return "organisation", None, None  # "says WHO": an acronym, not the pronoun
    if len(words) == 1 and words[0] in PRONOUNS:
        return "unknown", None, None
    if words[0] in ("those", "others") or (
        words[0] in _UNNAMED_GROUP and (len(words) == 1 or words[1] in ("in", "who", "of"))
    ):
        return "anonymous group", None, None  # "Others said", "Those in favour of ..."
    if words == ["another"] or low in _SOMEONE:
        return "anonymous", None, None
    if low in _EVERYONE or _SHARE_OF_PEOPLE.match(low):
        return "anonymous group", None, None  # "everyone", "just 12 per cent", "almost half"
    one_of = re.match(r"(?:one|each|either|neither)\s+of\s+(\S.*)", low)
    if one_of:
        # "One of her classmates", "one of the investigations": one of what the rest names
        of_head = _head_word(one_of.group(1))
        if of_head in DOCUMENT_NOUNS or _singular(of_head) in DOCUMENT_NOUNS:
            return "document", None, None
        if of_head != _singular(of_head) and (
            _singular(of_head) in ROLE_NOUNS or _PEOPLE_PLURAL.search(of_head)
        ):
            return "anonymous", None, None
    if head_sg == "paper" and (words[0] in ("a", "an") or "journal" in words):
        return "document", None, None  # a study ("a paper published in the journal ...")
    if any(marker in low for marker in lx.ANONYMITY_MARKERS):
        return (
            (
                "anonymous group"
                if head.endswith("s") and head_sg in ROLE_NOUNS and head_sg != "source"
                else "anonymous"
            ),
            None,
            None,
        )
    if _named_organisation_before(text, (s, e), phrase, entities):
        return "organisation", None, None
    people = [
        x
        for x in entities
        if x.start >= s
        and x.end <= e
        and x.label in ("PERSON", "PER")
        # "Manchester United", which the parser may tag a person
        and text[x.start : x.end].split()[-1] not in _NOT_SURNAMES
    ]
    if people:
        people = _speakers_among(text, s, e, phrase, people)
        if not people and head_sg in DOCUMENT_NOUNS:
            return "document", None, None  # "a recording attributed to Aron Lind"
    if len(people) >= 2 and not text[people[-1].end : e].strip(" ,"):
        between = _words(text[people[-2].end : people[-1].start])
        if (
            between
            and all(w.islower() and w not in ("and", "or", "with") for w in between)
            and _singular(between[-1]) in ROLE_NOUNS
        ):
            # "Penn State quarterback Sean Clifford": the parser took the team for a
            # person too; the name after the role speaks, what comes before is the role
            people = people[-1:]
    if (
        not people
        and _capitalised_name(phrase)
        and len(phrase.split()) <= 2
        and phrase.split()[-1] not in _NOT_SURNAMES
    ):
        # "Volker said": a surname the article gave in full before ("Kurt Volker"), which
        # the parser may then take for an organisation or miss
        last = phrase.split()[-1]
        if any(
            x.label in ("PERSON", "PER")
            and text[x.start : x.end].split()[-1] == last
            and (x.start, x.end) != (s, e)
            # (not "Thunderbolt 3\n\nApple": a tag run across a paragraph break)
            and "\n" not in text[x.start : x.end]
            for x in entities
        ):
            return "named person", None, None
    shown = _head_word(phrase, lower=False)
    masthead = re.match(r"[Tt]he\s+(\S.*)", phrase)
    if (
        masthead
        and not people
        and _capitalised_name(masthead.group(1))
        and _named_like_outlet(_words(low)[1:])
        and shown[:1].isupper()
    ):
        # "The Tarn Post", "the Lindenport Herald": a name the gazetteer does not know,
        # shaped like a newspaper's (not a blog "post" or a "record" as documents)
        return "media outlet", None, "The " + masthead.group(1)
    if (
        people
        and words[0] in ("the", "a", "an")
        and head == head_sg
        and head_sg in ROLE_NOUNS
        and shown[:1].islower()
        # every name comes before the head: "the Corrow manager", not "the manager, Lind"
        and all(x.end <= text.rfind(shown, s, e) for x in people)
    ):
        # "the former Corrow striker", "the Kessling and Lindenport manager": one person,
        # unnamed; the names only qualify the role ("a Corrow official": anonymous)
        if words[0] != "the" and head_sg in ANON_NOUNS:
            return "anonymous", None, None
        return "role", _role_only(phrase), None
    if people and " and " not in low and _head_word(phrase, lower=False)[:1].islower():
        # a name that only qualifies the head: "Velt's supporters", "some Lumo users",
        # "a report in the Lindenport Courier", "the Velt administration" are unnamed
        # people, a document and a body
        if head_sg in DOCUMENT_NOUNS:
            return "document", None, None
        if head_sg in ORG_NOUNS and head == head_sg:
            return "organisation", None, None
        if (head != head_sg or head == "people") and (head_sg in ROLE_NOUNS or head_sg == "people"):
            return "anonymous group", None, None
        if head in _PEOPLE_GROUPS:
            return "anonymous group", None, None  # "Velt's family", "Lindcorp staff"
    if people or _TITLES.search(phrase):
        if not people:
            return "named person", None, None
        owned = re.match(r"['’]s\s+(\S.*)", text[people[0].end : e])
        if owned and _singular(_head_word(owned.group(1))) in ORG_NOUNS:
            return "organisation", None, None  # "Velt's Harbour Party": her party speaks
        return (
            "named person",
            _role_around(text[s : people[0].start], text[people[0].end : e]),
            None,
        )
    titled = _ROLE_THEN_NAME.search(phrase)
    if titled and titled.group(1) in ROLE_NOUNS:  # "rivals Ferrari" is no person
        # "Corrow manager Juande Rames", which the parser may take for an organisation
        return "named person", _role_around(phrase[: titled.start(2)], ""), None
    # "Olan Brisk, a spokesman for ...": a name with its role in apposition (not
    # "Scientists at Lumogen Corp, a lab ...": a common noun heads that one).
    first = phrase.split(",", 1)[0].strip()
    if (
        "," in phrase
        and _NAME.fullmatch(first)
        and len(first.split()) <= 4
        and _singular(first.split()[0].lower()) not in ROLE_NOUNS | ORG_NOUNS | DOCUMENT_NOUNS
    ):
        return "named person", _role_around("", phrase.split(",", 1)[1]), None
    if head_sg in DOCUMENT_NOUNS or (
        head in DOCUMENT_NOUNS and (shown[:1].islower() or phrase.startswith(shown))
    ):
        # ("figures", "findings": plural as listed; "Big Machine Records" is a label)
        return "document", None, None
    if "," in phrase and _single_name_in_apposition(phrase):
        # "Lind, who retired last year,", "Velt, 21,", "Lind, the city's top official,"
        after = phrase.split(",", 1)[1]
        return "named person", None if _AGE.match(after) else _role_around("", "," + after), None
    orgs = [
        x
        for x in entities
        if x.start >= s and x.end <= e and x.label in ("ORG", "GPE", "NORP", "LOC")
    ]
    if head_sg in ("source",):
        return "anonymous", None, None
    m = _COLLECTIVE.match(low)
    if m and (
        _singular(m.group(1)) in ROLE_NOUNS
        or m.group(1) == "people"
        # "a group of sporting legends": a plural that names no body or document
        or (
            m.group(1) != _singular(m.group(1))
            and _singular(m.group(1)) not in ORG_NOUNS | DOCUMENT_NOUNS
            and not orgs
        )
    ):
        # "a group of employees", "a handful of lawmakers": unnamed people, not a body
        return "anonymous group", None, None
    is_plural = head != head_sg or head == "people"
    if len(words) == 2 and words[0] == "the" and shown[:1].isupper() and head in OUTLET_HEADS:
        return "media outlet", None, "The " + shown  # "The Star", "the Chronicle"
    if head in _PEOPLE_GROUPS and not people:
        return "anonymous group", None, None  # "the family", "embassy staff", "the public"
    if (
        (head in _UNNAMED_MEDIA or head_sg in _OUTLET_NOUNS)
        and shown[:1].islower()
        and not people
        and not orgs
        # a station or channel of broadcasting, not a space or police station
        and (head not in ("station", "stations", "channel", "channels") or _ON_AIR & set(words))
    ):
        # "state media", "state television", "local TV stations", "the media": outlets,
        # unnamed ("the newspaper" alone points back to one named before, if any)
        return "media outlet", None, None
    if head_sg in ROLE_NOUNS or _PROFESSION.search(head_sg):
        if is_plural and head_sg in _PARTY_MEMBERS and shown[:1].isupper() and len(words) > 1:
            return "organisation", None, None  # "The Liberals": the party, not liberals
        if is_plural:
            return "anonymous group", None, None
        if words[0] in ("a", "an", "one", "another", "some") and head_sg in ANON_NOUNS:
            return "anonymous", None, None
        named = _name_after_role(phrase, text, s, e)
        if named is not None:
            return "named person", named, None
        return "role", _role_only(phrase), None
    if orgs and _named_like_outlet(_words(text[orgs[-1].start : orgs[-1].end].lower())):
        # "The Lindenport Herald": an organisation named like a newspaper.
        return "media outlet", None, text[orgs[-1].start : orgs[-1].end]
    if (
        orgs
        and len(words) == 1
        and _capitalised_name(phrase)
        and phrase not in _NOT_SURNAMES
        and _role_before_full_name(text, phrase)
    ):
        return "named person", None, None  # "Saren said" after "special envoy ... Ivo Saren"
    if head_sg in ORG_NOUNS or orgs:
        if orgs and orgs[0].label == "NORP" and is_plural:
            return "anonymous group", None, None
        return "organisation", None, None
    if _capitalised_name(phrase) and phrase.split()[-1] in _NOT_SURNAMES:
        return "organisation", None, None  # a team or a party
    if _NAME.fullmatch(phrase.strip()):
        return "named person", None, None
    if _capitalised_name(phrase) and len(words) <= 3:
        # "WeWork declined to comment": the parser tagged the name an organisation
        # elsewhere in the article (more often than a person), if not here
        same = [x for x in entities if text[x.start : x.end] == phrase]
        if sum(x.label == "ORG" for x in same) > sum(
            x.label in ("PERSON", "PER") for x in same
        ) and not _after_a_first_name(text, phrase):
            return "organisation", None, None
        if (
            len(words) == 1
            and phrase not in _NOT_SURNAMES
            and _after_a_first_name(text, phrase, entities)
        ):
            return "named person", None, None  # "Gatland said" after "coach Warren Gatland"
    if is_plural and (
        words[0] in _DETS | {"many", "most", "few", "all"}
        or (not people and shown[:1].islower() and _PEOPLE_PLURAL.search(head))
    ):
        # "some residents", "Industry watchers": people, unnamed
        return "anonymous group", None, None
    return "unknown", None, None


def annotate_sources(
    text: str,
    atts: list[Attribution],
    *,
    entities: Sequence[Entity] = (),
    language: str | None = None,
) -> None:
    """Fill ``source_kind``, ``role``, ``outlet`` and (for pronouns) ``resolved`` in place.

    Attributions are taken in text order so that a pronoun can point back to a speaker
    already named; a relative pronoun keeps an antecedent the parser gave it.
    """
    mentions = find_outlets(text)
    order = sorted(range(len(atts)), key=lambda i: atts[i].cue[0][0])
    named: list[tuple[int, Attribution]] = []  # (position, attribution) with a typed speaker
    for i in order:
        a = atts[i]
        if not a.source:
            a.source_kind = "unknown"
            continue
        s, e = a.source[0]
        phrase = text[s:e].strip(" ,").lower()
        span = a.resolved[0] if a.resolved else a.source[0]
        if not a.resolved and (
            (phrase in PRONOUNS and phrase not in _RELATIVE) or _AGED.fullmatch(phrase)
        ):
            target = _antecedent(phrase, s, named, entities, text)
            if target is not None:
                a.resolved = (target,)
                span = target
        if not a.resolved:
            anaphor = resolve_anaphor(text[s:e].strip(" ,"), s, list(mentions))
            if anaphor is not None:
                a.resolved = ((anaphor.start, anaphor.end),)
                a.source_kind, a.role, a.outlet = "media outlet", None, anaphor.outlet
                named.append((s, a))
                continue
            earlier = _outlet_spoken_before(phrase, s, named)
            if earlier is not None:
                # "The Tarn Post reported ... The newspaper said": an outlet the gazetteer
                # does not know, named as a speaker before
                es, ee = earlier.resolved[0] if earlier.resolved else earlier.source[0]
                day = _TRAILING_DAY.search(text, es, ee)  # "said The News Monday"
                a.resolved = ((es, day.start() if day and day.start() > es else ee),)
                a.source_kind, a.role, a.outlet = "media outlet", None, earlier.outlet
                named.append((s, a))
                continue
        kind, role, outlet = type_phrase(
            text,
            span,
            entities=entities,
            mentions=mentions,
            language=language or a.language or "en",
        )
        if kind in ("organisation", "unknown") and _surname_of_speaker(text, span, named):
            kind, role, outlet = "named person", None, None
        if kind == "role" and not a.resolved:
            earlier_name = _described_before(text, span)
            if earlier_name is not None:
                # "Prime Minister Helen Clark ... the prime minister said": the one person
                # the article gave that title to, by name
                a.resolved = (earlier_name,)
                kind, role = "named person", _role_only(text[span[0] : span[1]].strip(" ,"))
        if kind == "document" and outlet is None:
            outlet = _document_outlet(phrase, s, mentions)
        a.source_kind, a.role, a.outlet = kind, role, outlet
        if kind != "unknown":
            named.append((s, a))
    # A lone surname said before the full name is first given as a speaker ("Velt said
    # ..." in the lead, "Mara Velt, the mayor, said ..." further down).
    for a in atts:
        if (
            a.source_kind in ("organisation", "unknown")
            and a.source
            and not a.resolved
            and _surname_of_speaker(text, a.source[0], named)
        ):
            a.source_kind, a.role, a.outlet = "named person", None, None


#: How far back (characters) a pronoun, "the newspaper" or a document looks for what it
#: refers to.
LOOK_BACK: Final = 1500

#: Nouns that say a speaker is an outlet even when none was named before ("the newspaper
#: said"); "the paper", "the agency", "the network" may be a study, a government body or
#: a company, so they are outlets only as anaphors of one.
_OUTLET_NOUNS: Final = frozenset("newspaper broadcaster magazine tabloid".split())


def _outlet_spoken_before(
    phrase: str, pos: int, named: list[tuple[int, Attribution]]
) -> Attribution | None:
    """For "the newspaper" at ``pos``, the last media outlet that spoke before it, within
    the window pronouns look back over."""
    words = phrase.split()
    if not outlet_anaphor(words) or words[0] not in ("the", "this", "that"):
        return None
    for at, b in reversed(named):
        if at < pos - LOOK_BACK:
            break
        if b.source_kind == "media outlet" and b.outlet:
            return b
    return None


def _russian_nominative(role: str, lex: SourceWords) -> str:
    """A Russian role after "по словам" / "по данным" is in the genitive ("министра
    обороны"); its head is shown as a reader names the role ("министр обороны")."""
    head, _, rest = role.partition(" ")
    low = head.lower()
    for ending, nominative in (("а", ""), ("я", "ь"), ("ы", "а"), ("и", "я")):
        if low.endswith(ending) and len(low) > 3:
            base = low[: -len(ending)] + nominative
            if base in lex.roles and base != low:
                head = head[: len(head) - len(ending)] + nominative
                break
    return f"{head} {rest}".strip()


def _type_foreign(
    phrase: str, lex: SourceWords, person: bool, *, german: bool = False, text: str = ""
) -> tuple[SourceKind, str | None, str | None] | None:
    """(kind, role, outlet) of a source phrase outside English by the nouns its head holds
    ("des témoins", "ein Sprecher des Ministeriums", "fuentes del ministerio"); None when
    it holds none of :mod:`~storytrace.trace.source_words` (a name, a pronoun: the general
    rules decide). ``person``: a person's name is tagged inside the phrase."""
    ws = foreign_words(phrase)
    if not ws:
        return None
    piece = [ws[0]]
    articles = lex.definite | lex.indefinite
    for w in ws[1:]:
        if w in lex.stops and any(x not in articles for x in piece):
            break  # (not before the first noun: "les proches de Mara Velt")
        piece.append(w)
    low = phrase.casefold()
    if any(m in low for m in lex.unnamed):
        plural = any(w in lex.groups for w in piece)
        return ("anonymous group" if plural else "anonymous"), None, None
    nouns = [w for w in piece if w not in lex.definite and w not in lex.indefinite]
    media = next((w for w in nouns if w in lex.media), None)
    if media is not None and not person:
        # "der Zeitung „L'Écho de Sarrelune“", "la chaîne Lumo TV": an outlet, named when
        # a quotation or capitals follow the noun
        named = re.search(
            rf"{re.escape(_as_written(phrase, media))}\s+[„“\"«»]?\s*([A-ZÀ-ÖØ-ÞА-ЯЁ][^„“\"«»]*)",
            phrase,
        )
        outlet = named.group(1).strip(' „“"«»,') if named else None
        return "media outlet", None, outlet or None
    # the head: first in Romance languages and Russian ("un responsable américain"), last
    # in German ("der französische Außenminister")
    for w in reversed(nouns) if german else nouns:
        if german:
            w = _german_head(w, lex)  # "Innenministeriums" -> "ministerium"
        if w in lex.groups:
            return "anonymous group", None, None
        if w in lex.bodies:
            return "organisation", None, None
        if w in lex.documents:
            return "document", None, None
        if w in lex.roles:
            if person or _foreign_name_after(phrase, w, lex):
                return "named person", _as_written(phrase, w), None  # "le ministre Jean Dupont"
            if piece[0] in lex.indefinite and w in lex.anonymous:
                return "anonymous", None, None  # "un responsable", "eine Quelle"
            # the phrase without its article and any relative clause ("porte-parole du
            # gouvernement", "Sprecher des Ministeriums")
            role = re.split(
                r",|\s(?:qui|que|dont|welche[rsm]?|der|die|quien|quienes|котор\w*)\s",
                phrase,
                maxsplit=1,
            )[0]
            first = role.split(maxsplit=1)
            if (
                len(first) == 2
                and foreign_words(first[0])[:1]
                and (foreign_words(first[0])[0] in lex.definite | lex.indefinite)
            ):
                role = first[1]
            role = re.sub(r"^[lL]['’]", "", role).strip(" ,")
            if lex is FOREIGN.get("ru"):
                role = _russian_nominative(role, lex)
            return "role", role, None
    if person:
        # a name and no role of the lists: the general rules would read the English of a
        # description ("Claire Velt, qui reste députée")
        return "named person", None, None
    if ws[0] in lex.definite:
        # "Die Feuerwehrleute": German writes nouns capitalised, no name follows an article
        return "unknown", None, None
    if text and _foreign_surname(phrase, lex, text):
        return "named person", None, None  # "Duvernois in einer Mitteilung"
    return None


def _foreign_surname(phrase: str, lex: SourceWords, text: str) -> bool:
    """Whether the phrase opens with a capitalised word, none of the lists', that the
    article writes elsewhere right after another capitalised word ("Claire Duvernois",
    "Verkehrsministerin Duvernois"): a surname, with no parser to tag it."""
    first = phrase.split(maxsplit=1)[0].strip(",.;:")
    if not first[:1].isupper() or first.casefold() in (
        lex.roles | lex.groups | lex.bodies | lex.documents | lex.media | lex.stops
    ):
        return False
    return bool(re.search(r"[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’-]+\s+" + re.escape(first) + r"\b", text))


def _german_head(word: str, lex: SourceWords) -> str:
    """The listed noun a German word ends with, its genitive ending off: a compound's head
    ("Regierungssprecher" -> "sprecher", "Innenministeriums" -> "ministerium"); else the
    word."""
    listed = lex.roles | lex.groups | lex.bodies | lex.documents | lex.media
    for form in (
        word,
        word[:-1] if word.endswith("s") else "",
        word[:-2] if word.endswith("es") else "",
    ):
        if not form:
            continue
        if form in listed:
            return form
        tails = [x for x in listed if len(x) >= 5 and form.endswith(x)]
        if tails:
            return max(tails, key=len)
    return word


def _as_written(phrase: str, word: str) -> str:
    """``word`` (lower case) as ``phrase`` writes it."""
    m = re.search(r"[\w-]*" + re.escape(word) + r"[\w-]*", phrase, re.IGNORECASE)
    return m.group(0) if m else word  # the whole word: "Konzernsprecher" for "sprecher"


def _foreign_name_after(phrase: str, role: str, lex: SourceWords) -> bool:
    """Whether a capitalised name follows the role word in ``phrase`` ("Bürgermeister Hans
    Berg", "la ministre Claire Dupont"): two capitalised words none of which is a noun of
    the lists (German writes every noun capitalised)."""
    known = lex.roles | lex.groups | lex.bodies | lex.documents | lex.stops | lex.definite
    tokens = [t.strip(",.;:()\"'«»„“”") for t in phrase.split()]
    at = next((i for i, t in enumerate(tokens) if t.casefold().endswith(role)), None)
    if at is None:
        return False
    run = 0
    for t in tokens[at + 1 :]:
        if t[:1].isupper() and t.casefold() not in known:
            run += 1
            if run >= 2:
                return True
        else:
            run = 0
    return False


#: Words before a title that make it another office ("deputy premier Shirley Bond" is not
#: "the premier").
_OTHER_OFFICE = frozenset("deputy vice assistant associate former ex- ex acting interim".split())
#: "the prime minister", "The French president", "the Corrow coach": a definite title alone.
_DEFINITE_TITLE = re.compile(r"[Tt]he ((?:[A-Za-z][\w-]* ){0,3}[a-z][\w-]*)")


def _described_before(text: str, span: Span) -> Span | None:
    """The name an earlier sentence gave with the title a source uses alone ("Prime Minister
    Helen Clark ... the prime minister said", "commissioner Gary Bettman ... the
    commissioner said"): the title followed by a full name, before the source, and only one
    name given that title there. None when the title names no one before or several, or is
    also written with other words before it ("the old coach"): someone unnamed may hold it."""
    s, e = span
    m = _DEFINITE_TITLE.fullmatch(text[s:e].strip(" ,"))
    if m is None or m.group(1).split()[0].lower() in _OTHER_OFFICE:
        return None
    title = m.group(1)
    if _singular(title.split()[-1].lower()) not in ROLE_NOUNS:
        return None
    names: dict[str, Span] = {}
    pattern = r"(?i:\b" + re.escape(title) + r") ((?:[A-Z][a-z]+|[A-Z]\.)(?: [A-Z][\w'’-]+)+)"
    for hit in re.finditer(pattern, text[:s]):
        before = text[max(0, hit.start() - 12) : hit.start()].split()
        if before and before[-1].lower() in _OTHER_OFFICE:
            continue  # "deputy premier Shirley Bond"
        name = hit.group(1)
        if name.endswith(("'s", "’s")):
            name = name[:-2]
        names[name.split()[-1]] = (hit.start(1), hit.start(1) + len(name))
    if len(names) != 1:
        return None
    # the title given otherwise before ("the 81-year-old Penn State coach", "the old coach"):
    # someone unnamed may hold it too; only "the <title>" itself points back to the name
    for use in re.finditer(r"(?i:\b" + re.escape(title) + r"\b)", text[:s]):
        after = text[use.end() : use.end() + 1 + 40]
        if re.match(r" (?:[A-Z][a-z]+|[A-Z]\.)(?: [A-Z][\w'’-]+)+", after):
            continue
        if not re.search(r"\b[Tt]he\s+$", text[max(0, use.start() - 5) : use.start()]):
            return None
    return next(iter(names.values()))


def _surname_of_speaker(text: str, span: Span, named: Sequence[tuple[int, Attribution]]) -> bool:
    """A lone capitalised word that ends the name of a person who spoke earlier ("Rames
    said" after "Corrow manager Juande Rames said", "Choi said" after "said Choi, who has
    won ..."), which the parser may have tagged as an organisation or not at all."""
    word = text[span[0] : span[1]].strip(" ,")
    if not re.fullmatch(r"[A-Z][\w'’-]+", word) or word in _NOT_SURNAMES:
        return False
    for _, earlier in named:
        if earlier.source_kind != "named person" or not earlier.source:
            continue
        s, e = earlier.resolved[0] if earlier.resolved else earlier.source[0]
        name = text[s:e].split(",", 1)[0].split()
        if name and name[-1] == word and (s, e) != span:
            return True
    return False


def _document_outlet(phrase: str, pos: int, mentions: Sequence[OutletMention]) -> str | None:
    """ "the report" right after an outlet was named is that outlet's report."""
    words = phrase.split()
    if not words or words[0] not in ("the", "this", "that", "its") or len(words) > 4:
        return None
    prior = [m for m in mentions if m.end <= pos and pos - m.end < LOOK_BACK]
    return prior[-1].outlet if prior else None


#: Pronouns that say the speaker's gender, and words in a speaker's phrase that say it
#: too (titles, gendered role nouns). A speaker with no such word fits either pronoun.
_MALE_PRONOUNS: Final = frozenset("he him his il er él ele".split())
_FEMALE_PRONOUNS: Final = frozenset("she her elle ella ela".split())
_MALE_WORDS: Final = frozenset(
    "mr sir lord king prince father son brother husband man boy chairman spokesman"
    " congressman councilman businessman sportsman monsieur herr señor senhor".split()
)
_FEMALE_WORDS: Final = frozenset(
    "ms mrs miss madam dame lady queen princess mother daughter sister wife woman girl"
    " chairwoman spokeswoman congresswoman councilwoman businesswoman madame mme frau"
    " señora senhora".split()
)


def _gender_conflicts(pronoun: str, phrase: str) -> bool:
    """Whether ``phrase`` (a speaker, with the word before it) names a gender that
    ``pronoun`` does not ("she" for "spokesman Mohammad Sadiq", "he" for "Ms Velt")."""
    found = set(re.findall(r"[^\W\d_]+", phrase.casefold()))
    if pronoun in _FEMALE_PRONOUNS:
        return bool(found & _MALE_WORDS) and not found & _FEMALE_WORDS
    if pronoun in _MALE_PRONOUNS:
        return bool(found & _FEMALE_WORDS) and not found & _MALE_WORDS
    return False


def _antecedent(
    pronoun: str,
    pos: int,
    named: list[tuple[int, Attribution]],
    entities: Sequence[Entity],
    text: str,
) -> Span | None:
    """The speaker a personal pronoun at ``pos`` refers to: the last fitting one before it."""
    want = "person" if _AGED.fullmatch(pronoun) else _PERSONAL.get(pronoun)
    if want is None:
        return None
    fits = {
        "person": ("named person", "role", "anonymous"),
        "plural": ("anonymous group", "organisation", "media outlet"),
        "thing": ("organisation", "media outlet", "document"),
    }[want]
    window_start = max(0, pos - LOOK_BACK)
    for at, a in reversed(named):
        if at < window_start:
            break
        if a.source_kind in fits:
            span = a.resolved[0] if a.resolved else a.source[0]
            said = " ".join(text[x:y] for x, y in (a.source[0], span)) + " " + (a.role or "")
            if not _gender_conflicts(pronoun, said):
                return span
    if want == "person":
        people = [
            x
            for x in entities
            if x.label in ("PERSON", "PER")
            and window_start <= x.start
            and x.end <= pos
            # with the title before the name: "Ms Velt"
            and not _gender_conflicts(pronoun, text[max(0, x.start - 12) : x.end])
        ]
        if people:
            return people[-1].start, people[-1].end
    return None
