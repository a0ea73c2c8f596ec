"""Context enhancement on raw text windows.

Presidio's LemmaContextAwareEnhancer compares context words with token lemmas; spaCy has no Chinese
lemmatizer and our tokens are single characters, so it never fires. Substring search in a window of
characters before (and a little after) the match works regardless of segmentation.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts

from redact.recognizers.base import RULE_KEY


class RawTextContextEnhancer(ContextAwareEnhancer):
    def __init__(
        self,
        *,
        boost: float = 0.35,
        min_score_with_context: float = 0.5,
        prefix_chars: int = 12,
        suffix_chars: int = 4,
    ) -> None:
        super().__init__(
            context_similarity_factor=boost,
            min_score_with_context_similarity=min_score_with_context,
            context_prefix_count=prefix_chars,
            context_suffix_count=suffix_chars,
        )

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        by_id = {r.id: r for r in recognizers}
        extra = [c for c in (context or []) if c]
        for result in raw_results:
            meta = result.recognition_metadata or {}
            if meta.get(RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY) or result.score >= 1.0:
                continue
            recognizer = by_id.get(meta.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY, ""))
            words = list(recognizer.context or []) if recognizer is not None else []
            words += extra
            if not words:
                continue
            window = (
                text[max(0, result.start - self.context_prefix_count) : result.start]
                + "\x00"
                + text[result.end : result.end + self.context_suffix_count]
            )
            hit = next((w for w in words if w in window), None)
            if hit is None:
                continue
            new_score = min(
                1.0,
                max(result.score + self.context_similarity_factor, self.min_score_with_context_similarity),
            )
            result.score = new_score
            meta[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
            meta[RULE_KEY] = f"{meta.get(RULE_KEY, '')}+context"
            if result.analysis_explanation is not None:
                result.analysis_explanation.set_supportive_context_word(hit)
                result.analysis_explanation.set_improved_score(new_score)
        return raw_results
