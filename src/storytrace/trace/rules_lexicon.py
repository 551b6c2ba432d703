"""Cue lexicons for the languages without a parser here (written for this project).

Each language lists inflected forms of its common reporting verbs (third person, present
and past, participles), the complementizers that open reported speech, and the
"according to" phrases. Forms are matched as whole words, case-insensitively.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RuleLexicon:
    speech: tuple[str, ...]
    cognition: tuple[str, ...]
    complementizers: tuple[str, ...]
    #: "according to X" phrases placed before their source.
    according: tuple[str, ...]
    #: Phrases placed after their source ("X zufolge").
    according_after: tuple[str, ...] = ()
    #: Words that join a statement to its source after a comma, with no verb ("Die Lage
    #: sei ernst, so der Minister.").
    source_after_comma: tuple[str, ...] = ()
    #: Auxiliaries and negation that join the cue when right before it.
    auxiliaries: tuple[str, ...] = ()
    hedges: tuple[str, ...] = ()
    #: Separable verbs: (finite form, particle) -- "teilte ... mit", "geht ... davon aus".
    #: The particle closes the verb's clause; the cue is both pieces.
    separable: tuple[tuple[str, str], ...] = ()


def _forms(*groups: str, without: str = "") -> tuple[str, ...]:
    """The words of ``groups``. A multi-word form ("teilte mit", "ha dicho") is written
    whole for the reader, but its words are matched one by one, so its particles and
    auxiliaries (``without``) must not become cues of their own: German "mit", "an",
    "ein" or Spanish "ha" would make an attribution of any sentence that holds them. An
    auxiliary before a cue still joins it (``RuleLexicon.auxiliaries``)."""
    drop = set(without.split())
    return tuple(w for g in groups for w in g.split() if w not in drop)


GERMAN = RuleLexicon(
    speech=_forms(
        "sagte sagten sagt sagen gesagt erklärte erklärten erklärt erklären "
        "betonte betonten betont betonen teilte mit teilten mit mitgeteilt "
        "berichtete berichteten berichtet berichten meldete meldeten meldet gemeldet "
        "äußerte äußerten geäußert kündigte an kündigten an angekündigt "
        "warnte warnten warnt gewarnt forderte forderten fordert gefordert "
        "bestätigte bestätigten bestätigt dementierte dementiert bestritt bestritten "
        "räumte ein eingeräumt behauptete behaupteten behauptet versicherte versichert "
        "fügte hinzu fügten hinzu hinzugefügt schrieb schrieben schreibt geschrieben "
        "twitterte twitterten twittert antwortete antworteten antwortet kritisierte kritisiert "
        "lobte gelobt verkündete verkündet unterstrich unterstrichen erläuterte erläutert "
        "sprach spricht hieß heißt zitierte zitiert zitieren "
        "bekanntgegeben zugegeben klargestellt",
        without="mit an ein hinzu",
    ),
    cognition=_forms(
        "glaubt glaubte glauben meint meinte meinen denkt dachte hofft hoffte hoffen "
        "befürchtet befürchtete fürchtet fürchtete geht davon aus ging davon aus "
        "vermutet vermutete schätzt schätzte will wollte wollen",
        without="geht ging davon aus",
    ),
    complementizers=("dass", "daß", "ob"),
    according=(
        "laut",
        "nach Angaben von",
        "nach Angaben des",
        "nach Angaben der",
        "nach Informationen von",
        "nach Informationen des",
        "nach Informationen der",
        "gemäß",
    ),
    according_after=("zufolge",),
    source_after_comma=("so",),
    auxiliaries=_forms("hat haben hatte hatten habe ist sind war wurde wurden nicht habe"),
    hedges=_forms("angeblich offenbar möglicherweise vermutlich soll sollen könnte könnten dürfte"),
    separable=(
        ("teilte", "mit"),
        ("teilten", "mit"),
        ("teilt", "mit"),
        ("kündigte", "an"),
        ("kündigten", "an"),
        ("kündigt", "an"),
        ("räumte", "ein"),
        ("räumten", "ein"),
        ("räumt", "ein"),
        ("fügte", "hinzu"),
        ("fügten", "hinzu"),
        ("fügt", "hinzu"),
        ("geht", "davon aus"),
        ("gehen", "davon aus"),
        ("ging", "davon aus"),
        ("gingen", "davon aus"),
        # verbs that are no cue without their particle ("gab" is "gave")
        ("gab", "bekannt"),
        ("gaben", "bekannt"),
        ("gibt", "bekannt"),
        ("gab", "zu"),
        ("gaben", "zu"),
        ("gibt", "zu"),
        ("wies", "darauf hin"),
        ("wiesen", "darauf hin"),
        ("weist", "darauf hin"),
        ("wies", "hin"),
        ("wiesen", "hin"),
        ("weist", "hin"),
        ("stellte", "klar"),
        ("stellten", "klar"),
        ("stellt", "klar"),
        ("machte", "deutlich"),
        ("machten", "deutlich"),
        ("macht", "deutlich"),
    ),
)

SPANISH = RuleLexicon(
    speech=_forms(
        "dijo dijeron dice dicen ha dicho han dicho decía declaró declararon declara "
        "afirmó afirmaron afirma aseguró aseguraron asegura explicó explicaron explica "
        "señaló señalaron señala indicó indicaron indica anunció anunciaron anuncia "
        "informó informaron informa reportó reportaron advirtió advirtieron advierte "
        "añadió añadieron agregó agregaron apuntó apuntaron subrayó destacó destacaron "
        "sostuvo sostuvieron sostiene confirmó confirmaron negó negaron reconoció "
        "reconocieron admitió admitieron denunció denunciaron criticó criticaron "
        "escribió escribieron tuiteó respondió respondieron manifestó expresó expresaron "
        "insistió insiste precisó comentó comentaron reveló revelaron contó relató "
        "prometió prometieron pidió pidieron exigió exigieron",
        without="ha han",
    ),
    cognition=_forms(
        "cree creen creía creyó piensa piensan pensaba considera consideran consideró "
        "espera esperan esperaba teme temen temía estima estiman estimó opina opinan "
        "quiere quieren quería"
    ),
    complementizers=("que",),
    according=("según", "de acuerdo con", "conforme a", "a juicio de", "en palabras de"),
    auxiliaries=_forms("ha han había habían no se"),
    hedges=_forms("supuestamente presuntamente aparentemente posiblemente podría podrían habría"),
)

PORTUGUESE = RuleLexicon(
    speech=_forms(
        "disse disseram diz dizem afirmou afirmaram afirma declarou declararam declara "
        "explicou explicaram explica anunciou anunciaram anuncia informou informaram "
        "informa relatou relataram noticiou noticiaram advertiu alertou alertaram "
        "acrescentou acrescentaram destacou destacaram ressaltou salientou sublinhou "
        "garantiu garantiram assegurou confirmou confirmaram negou negaram admitiu "
        "admitiram reconheceu reconheceram criticou criticaram denunciou escreveu "
        "escreveram tuitou respondeu responderam afirmara comentou revelou "
        "revelaram contou prometeu prometeram pediu pediram exigiu exigiram insistiu "
        "defendeu defenderam sustentou"
    ),
    cognition=_forms(
        "acredita acreditam acreditava pensa pensam considera consideram considerou "
        "espera esperam teme temem avalia avaliam avaliou estima estimam quer querem"
    ),
    complementizers=("que",),
    according=("segundo", "de acordo com", "conforme", "na opinião de"),
    auxiliaries=_forms("tem têm tinha havia não se"),
    hedges=_forms("supostamente alegadamente aparentemente possivelmente poderia poderiam teria"),
)

RUSSIAN = RuleLexicon(
    speech=_forms(
        "сказал сказала сказали говорит говорят говорил говорила говорили заявил заявила "
        "заявили заявляет заявляют сообщил сообщила сообщили сообщает сообщают "
        "отметил отметила отметили отмечает подчеркнул подчеркнула подчеркнули "
        "пояснил пояснила пояснили объяснил объяснила объявил объявила объявили "
        "добавил добавила добавили написал написала написали пишет пишут "
        "предупредил предупредила предупредили признал признала признали "
        "подтвердил подтвердила подтвердили опроверг опровергла опровергли "
        "уточнил уточнила уточнили рассказал рассказала рассказали ответил ответила "
        "ответили утверждает утверждают утверждал утверждала передает передаёт передают "
        "сообщило сообщается заявило отметило обещал обещала пообещал пообещала "
        "потребовал потребовала раскритиковал раскритиковала"
    ),
    cognition=_forms(
        "считает считают считал считала полагает полагают думает думают думал "
        "уверен уверена уверены надеется надеются опасается опасаются хочет хотят"
    ),
    complementizers=("что", "чтобы", "будто"),
    according=(
        "по словам",
        "по данным",
        "по информации",
        "по сведениям",
        "согласно",
        "как сообщает",
        "как сообщают",
        "как сообщил",
        "как сообщила",
        "как сообщили",
        "как заявил",
        "как заявила",
        "как заявили",
        "как пишет",
        "как пишут",
    ),
    auxiliaries=_forms("не"),
    hedges=_forms("якобы предположительно возможно вероятно мог могли могла"),
)

FRENCH = RuleLexicon(
    speech=_forms(
        "a dit ont dit dit disent déclaré a déclaré ont déclaré déclare déclarent "
        "affirmé affirme affirment a affirmé ont affirmé assuré assure a assuré "
        "expliqué explique a expliqué annoncé annonce a annoncé ont annoncé indiqué "
        "indique a indiqué précisé précise a précisé souligné souligne a souligné "
        "ajouté ajoute a ajouté estimé a estimé rapporté rapporte a rapporté "
        "averti a averti prévenu a prévenu confirmé a confirmé démenti a démenti "
        "reconnu a reconnu écrit a écrit répondu a répondu répond lancé a lancé "
        "dénoncé a dénoncé critiqué a critiqué révélé a révélé raconté a raconté "
        "martelé a martelé insisté a insisté promis a promis",
        without="a ont",
    ),
    cognition=_forms(
        "estime estiment pense pensent croit croient craint craignent espère espèrent "
        "juge jugent veut veulent"
    ),
    complementizers=("que", "qu'", "qu’"),
    according=("selon", "d'après", "d’après", "de l'avis de"),
    auxiliaries=_forms("a ont avait avaient n' ne pas"),
    hedges=_forms("aurait auraient pourrait pourraient serait seraient prétendument apparemment"),
)

LEXICONS: dict[str, RuleLexicon] = {
    "de": GERMAN,
    "es": SPANISH,
    "pt": PORTUGUESE,
    "ru": RUSSIAN,
    "fr": FRENCH,
}
