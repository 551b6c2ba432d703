"""The rule entailment judge, the Entailment plug-in point, and the stance judge, on
fictional sentences written for these tests."""

from __future__ import annotations

import pytest

from storytrace.compare.entailment import (
    LABELS,
    CombinedEntailment,
    Entailment,
    RuleEntailment,
    get_entailment,
    rule_signals,
    top_label,
    use_entailment,
)

CLAIM = "Dunmore mayor opens new river bridge"


def _label(premise: str, hypothesis: str) -> str:
    return top_label(RuleEntailment().scores(premise, hypothesis))


def test_scores_are_probabilities() -> None:
    scores = RuleEntailment().scores("The mayor of Dunmore opened a bridge.", CLAIM)
    assert set(scores) == set(LABELS)
    assert sum(scores.values()) == pytest.approx(1.0)
    assert all(0.0 <= v <= 1.0 for v in scores.values())


@pytest.mark.parametrize(
    ("premise", "hypothesis", "label"),
    [
        ("The mayor of Dunmore opened the new river bridge on Friday.", CLAIM, "entailment"),
        ("The mayor of Dunmore did not open the new river bridge.", CLAIM, "contradiction"),
        (
            "Stories that the Dunmore mayor opened a river bridge are a hoax.",
            CLAIM,
            "contradiction",
        ),
        (
            "A local blog reportedly claims the Dunmore mayor may open a new bridge.",
            CLAIM,
            "neutral",
        ),
        ("Heavy rain is expected across the valley tomorrow.", CLAIM, "neutral"),
        (
            "The Blue Hawks defeated the Red Foxes in the final.",
            "Red Foxes defeated Blue Hawks in the final",
            "contradiction",
        ),
        (
            "The Red Foxes were defeated by the Blue Hawks in the final.",
            "Blue Hawks defeated Red Foxes in the final",
            "entailment",
        ),
        (
            "The Lorvik plant employs 300 people.",
            "Lorvik plant employs 500 people",
            "contradiction",
        ),
        (
            "The Blue Hawks lost the final in Lorvik.",
            "Blue Hawks won the final in Lorvik",
            "contradiction",
        ),
    ],
)
def test_rule_labels(premise: str, hypothesis: str, label: str) -> None:
    assert _label(premise, hypothesis) == label


def test_signals_name_their_evidence() -> None:
    sig = rule_signals("The Blue Hawks defeated the Red Foxes.", "Red Foxes defeated Blue Hawks")
    assert sig.role_swap is not None
    assert sig.as_dict()["coverage"] == 1.0
    assert rule_signals("It was a hoax, officials said.", "Hoax").refutation == []


class _Fixed:
    """A stand-in NLI model of a user: always answers the same (a real Entailment)."""

    name = "fixed"

    def __init__(self, label: str) -> None:
        self.label = label

    def scores(self, premise: str, hypothesis: str) -> dict[str, float]:
        return {k: (1.0 if k == self.label else 0.0) for k in LABELS}


def test_plugged_model_combines_with_rules() -> None:
    model = _Fixed("contradiction")
    assert isinstance(model, Entailment)
    premise = "The mayor of Dunmore opened the new river bridge on Friday."
    try:
        use_entailment(model, weight=0.7)
        judge = get_entailment()
        assert isinstance(judge, CombinedEntailment)
        scores = judge.scores(premise, CLAIM)
        rules = RuleEntailment().scores(premise, CLAIM)
        assert scores["contradiction"] == pytest.approx(0.7 + 0.3 * rules["contradiction"])
        assert scores["entailment"] == pytest.approx(0.3 * rules["entailment"])
        use_entailment(model, weight=1.0)
        assert get_entailment() is model
    finally:
        use_entailment(None)
    assert isinstance(get_entailment(), RuleEntailment)


def test_bad_weight_is_refused() -> None:
    with pytest.raises(ValueError, match="weight"):
        CombinedEntailment(_Fixed("neutral"), weight=1.5)


# ---------------------------------------------------------------- stance

SQUID = "Giant squid found alive in Lake Morrow"
REFUTING = (
    "Photos of a giant squid said to be alive in Lake Morrow spread quickly online this week. "
    "The pictures are a hoax: the image was doctored from an aquarium photo taken in 2009. "
    "Park rangers at Lake Morrow said no squid lives in the freshwater lake."
)
RUMOUR = (
    "A giant squid has reportedly been found alive in Lake Morrow, according to a post "
    "shared by a local fishing club. The claim could not be verified. "
    "Officials have not commented on the reports."
)
ASSERTING = (
    "Biologists found a giant squid alive in Lake Morrow on Tuesday. "
    "The animal, nearly four metres long, was moved to a research tank at the Morrow Institute. "
    "The team released photos of the squid swimming in the tank."
)
UNRELATED = (
    "The city council approved a new budget for road repairs on Monday. "
    "Work on the northern bypass will begin in spring, the transport office said."
)


@pytest.mark.parametrize(
    ("claim", "body", "label"),
    [
        (SQUID, REFUTING, "disagree"),
        (SQUID, RUMOUR, "discuss"),
        (SQUID, ASSERTING, "agree"),
        (SQUID, UNRELATED, "unrelated"),
        # A debunking claim: a refuting body agrees, a straight report disagrees.
        ("Lake Morrow giant squid photos are a hoax", REFUTING, "agree"),
        ("Lake Morrow giant squid photos are a hoax", ASSERTING, "disagree"),
        # A hedged claim is discussed, even by a body that asserts it.
        ("Giant squid may have been found alive in Lake Morrow", ASSERTING, "discuss"),
    ],
)
def test_stance_labels(claim: str, body: str, label: str) -> None:
    from storytrace.compare.stance import STANCES, judge_stance

    result = judge_stance(claim, body)
    assert result.label == label, result.signals
    assert set(result.scores) == set(STANCES)
    assert sum(result.scores.values()) == pytest.approx(1.0)
    assert max(result.scores, key=lambda k: result.scores[k]) == label


def test_stance_evidence_is_the_deciding_sentence() -> None:
    from storytrace.compare.stance import judge_stance

    result = judge_stance(SQUID, REFUTING)
    assert any("hoax" in s for s in result.evidence)
    assert all(s in REFUTING for s in result.evidence)
    assert judge_stance(SQUID, UNRELATED).evidence == []
    rumour = judge_stance(SQUID, RUMOUR)
    assert rumour.evidence and all(s in RUMOUR for s in rumour.evidence)


def test_a_possibility_raised_is_not_a_refutation() -> None:
    from storytrace.compare.stance import judge_stance

    body = ASSERTING + " Some readers asked whether the photos might be fake."
    assert judge_stance(SQUID, body).label != "disagree"


def test_empty_texts_are_unrelated() -> None:
    from storytrace.compare.stance import judge_stance

    assert judge_stance(SQUID, "").label == "unrelated"
    assert judge_stance("", ASSERTING).label == "unrelated"


def test_a_plugged_model_can_refute() -> None:
    from storytrace.compare.stance import StanceJudge

    judge = StanceJudge(entailment=_Fixed("contradiction"))
    result = judge.judge(SQUID, ASSERTING)
    assert result.label == "disagree"
    assert result.signals["judge"] == "fixed"
    assert StanceJudge(entailment=_Fixed("entailment")).judge(SQUID, ASSERTING).label == "agree"


@pytest.mark.parametrize(
    ("sentence", "refutes"),
    [
        ("The whole story was made up.", True),
        ("The jury is made up of twelve residents.", False),
        ("She made up her mind on Tuesday.", False),
        ("The senator called it a faux pas.", False),
        ("Officials said the report is not true.", True),
        ("The rangers turned out in force.", False),
    ],
)
def test_strong_refutation_cues_read_words_in_context(sentence: str, refutes: bool) -> None:
    from storytrace.compare.entailment import strong_refutation_cues, tokens

    assert bool(strong_refutation_cues(tokens(sentence), "en")) is refutes


def test_false_friends_are_language_specific() -> None:
    from storytrace.compare.entailment import strong_refutation_cues, tokens

    assert strong_refutation_cues(tokens("C'est une information faux."), "fr") == ["faux"]
    assert strong_refutation_cues(tokens("A faux leather jacket."), "en") == []


class _Logits:
    """A user's cross-encoder object: ``predict`` returns one row of logits per pair."""

    def predict(self, pairs: list[tuple[str, str]]) -> list[list[float]]:
        return [[0.0, 2.0, 1.0] for _ in pairs]


def test_cross_encoder_adapter_maps_logits_to_labels() -> None:
    import math

    from storytrace.compare.entailment import CrossEncoderEntailment

    judge = CrossEncoderEntailment(_Logits())
    scores = judge.scores("premise", "hypothesis")
    z = 1 + math.e**2 + math.e
    # default order: contradiction, entailment, neutral
    assert scores["contradiction"] == pytest.approx(1 / z)
    assert scores["entailment"] == pytest.approx(math.e**2 / z)
    assert scores["neutral"] == pytest.approx(math.e / z)
    assert judge.name == "nli:_Logits"
    other = CrossEncoderEntailment(_Logits(), labels=("entailment", "neutral", "contradiction"))
    assert top_label(other.scores("p", "h")) == "neutral"
    with pytest.raises(ValueError, match="labels"):
        CrossEncoderEntailment(_Logits(), labels=("yes", "no", "maybe"))


def test_cross_encoder_without_the_package_says_what_to_install() -> None:
    import importlib.util

    from storytrace.compare.entailment import CrossEncoderEntailment
    from storytrace.errors import StorytraceError

    if importlib.util.find_spec("sentence_transformers") is not None:
        pytest.skip("sentence-transformers is installed here")
    with pytest.raises(StorytraceError, match="pip install sentence-transformers"):
        CrossEncoderEntailment("some/nli-model").scores("p", "h")


def test_french_stance_uses_french_cues() -> None:
    from storytrace.compare.stance import judge_stance

    claim = "Un calmar géant retrouvé vivant dans le lac Morrow"
    hoax = (
        "Des photos d'un calmar géant vivant dans le lac Morrow circulent. "
        "Il s'agit d'un canular : l'image a été truquée."
    )
    report = (
        "Des biologistes ont trouvé un calmar géant vivant dans le lac Morrow mardi. "
        "L'animal a été transféré dans un bassin de l'institut."
    )
    assert judge_stance(claim, hoax, language="fr").label == "disagree"
    assert judge_stance(claim, report, language="fr").label == "agree"


def test_broken_text_is_judged_not_raised() -> None:
    from storytrace.compare.stance import judge_stance

    # A lone surrogate (broken input) and a body of punctuation only.
    assert judge_stance("Giant \ud800 squid found alive", ASSERTING + " \udfff").label == "agree"
    assert judge_stance(SQUID, "... !!! ???").label == "unrelated"


# ---------------------------------------------------------------- polarity rules


@pytest.mark.parametrize(
    ("sentence", "taken_back"),
    [
        ("The photos are not a hoax, the rangers insist.", True),
        ("It is no hoax.", True),
        ("They're not fake.", True),
        ("The photos are a hoax.", False),
        ("Nobody checked the pictures, which were a hoax.", False),
    ],
)
def test_a_negated_refutation_vouches(sentence: str, taken_back: bool) -> None:
    from storytrace.compare.entailment import (
        negated_refutation_cues,
        strong_refutation_cues,
        tokens,
    )

    toks = tokens(sentence)
    assert bool(negated_refutation_cues(toks, "en")) is taken_back
    assert bool(strong_refutation_cues(toks, "en")) is not taken_back


def test_hedges_in_a_relative_clause_do_not_hedge_the_claim() -> None:
    from storytrace.compare.entailment import hedge_cues, tokens

    toks = tokens("Angler who claimed a giant squid catch admits the photos were staged")
    assert hedge_cues(toks) == ["claimed"]
    assert hedge_cues(toks, main_clause=True) == []
    assert hedge_cues(tokens("Angler claims a giant squid catch"), main_clause=True) == ["claims"]


@pytest.mark.parametrize(
    ("sentence", "negated"),
    [
        ("Biologists did not actually find a squid", ["find"]),
        ("The mayor never opened the bridge", ["opened"]),
        ("Mayor opens bridge so traffic won't stall", []),
        ("Rangers find squid after not searching for years", []),
        ("No comment from the rangers", []),
        # "but" joins two main clauses: the contrast is what the headline asserts.
        ("Mayor opens a bridge, but not to ease the traffic", ["ease"]),
        ("Mayor opens a bridge but traffic won't ease", ["ease"]),
        # A negator does not reach across a clause edge to the next clause's words.
        ("The council won't say if the bridge opened", []),
    ],
)
def test_negated_predicates_in_the_main_clause(sentence: str, negated: list[str]) -> None:
    from storytrace.compare.entailment import negated_predicates, stem, tokens

    assert negated_predicates(tokens(sentence), main_clause=True) == [stem(w) for w in negated]


STORY_THEN_VERDICT = ASSERTING + " It was a hoax."


@pytest.mark.parametrize(
    ("claim", "body", "label"),
    [
        # A refutation taken back vouches: it disagrees with a debunk, agrees with a report.
        ("Lake Morrow giant squid photos are not fake", REFUTING, "disagree"),
        ("Lake Morrow giant squid photos are not fake", ASSERTING, "agree"),
        # A hedged debunk still takes a side.
        ("Lake Morrow giant squid photos likely a hoax", ASSERTING, "disagree"),
        ("Lake Morrow giant squid photos likely a hoax", REFUTING, "agree"),
        # A verdict that names the story refutes it, however short.
        (SQUID, STORY_THEN_VERDICT, "disagree"),
        # A question raises a doubt; it is no verdict.
        (SQUID, ASSERTING + " Hoax?", "agree"),
        # A refutation of another matter is a side remark.
        (
            SQUID,
            ASSERTING + " Plans for a ferry terminal at the harbour in 2013 never happened.",
            "agree",
        ),
    ],
)
def test_polarity_rules(claim: str, body: str, label: str) -> None:
    from storytrace.compare.stance import judge_stance

    result = judge_stance(claim, body)
    assert result.label == label, result.signals


def test_a_claim_that_negates_the_story_debunks_it() -> None:
    from storytrace.compare.stance import StanceJudge

    claim = "Morrow Institute did not move the giant squid to a research tank"
    judge = StanceJudge()
    result = judge.judge(claim, ASSERTING)
    assert result.label == "disagree"
    assert result.signals["claim_negates"] == ["move"]
    # Against a body that debunks the move too, it agrees.
    debunk = (
        "Reports that the Morrow Institute moved a giant squid to a research tank are a hoax. "
        "The institute has no tank of that size."
    )
    assert judge.judge(claim, debunk).label == "agree"
    plain = StanceJudge()
    plain.CLAIM_NEGATION = False
    assert plain.judge(claim, ASSERTING).label != "disagree"


def test_a_claim_that_reports_a_denial_sides_with_it() -> None:
    from storytrace.compare.stance import judge_stance

    claim = "Morrow Institute denies moving a giant squid to a research tank"
    assert judge_stance(claim, ASSERTING).label == "disagree"
    denial = (
        "The Morrow Institute on Tuesday denied that it had moved a giant squid to a research "
        "tank. A spokeswoman said the tank holds only small fish."
    )
    result = judge_stance(claim, denial)
    assert result.label == "agree", result.signals
    assert result.signals["claim_denies"] is True
    # Against a body that only relays the story, hedged, both sides are reported.
    relayed = (
        "A giant squid was reportedly moved to a research tank at the Morrow Institute, "
        "according to a post by a local fishing club. The claim could not be verified."
    )
    assert judge_stance(claim, relayed).label == "discuss"


@pytest.mark.parametrize(
    ("claim", "body", "label"),
    [
        # A question that names a refutation raises a doubt: discussed, not a debunk.
        ("Lake Morrow giant squid photos: real or hoax?", ASSERTING, "discuss"),
        # A claim put in someone's mouth is reported, not vouched for.
        ("Giant squid found alive in Lake Morrow, biologists say", ASSERTING, "discuss"),
        ("Giant squid found alive in Lake Morrow", ASSERTING, "agree"),
    ],
)
def test_claims_that_ask_or_quote_are_discussed(claim: str, body: str, label: str) -> None:
    from storytrace.compare.stance import judge_stance

    assert judge_stance(claim, body).label == label
