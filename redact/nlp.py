"""The NLP engine behind the analyzer: our own spaCy zh NER pipeline, loaded by path, or nothing.

Presidio's SpacyNlpEngine would call ``spacy.cli.download`` for a name it cannot resolve and builds
lemma keywords per token (useless for Chinese, and slow on character tokens). This engine loads a
pipeline directory only, never downloads, and hands Presidio just the entities.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from redact.names import looks_like_name
from redact.recognizers.base import Verdict, make_result

_UNNEEDED = {"tagger", "parser", "lemmatizer", "attribute_ruler", "senter", "morphologizer", "textcat"}
NER_LABELS = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "LOC": "LOCATION",
    "GPE": "LOCATION",
    "ORG": "ORGANIZATION",
}


class ZhNlpEngine(NlpEngine):
    engine_name = "sunshine-zh"
    is_available = True

    def __init__(self, model_path: Path | None = None) -> None:
        self.model_path = model_path
        self.nlp: Language | None = None
        self._vocab = Vocab()
        self._loaded = False

    def load(self) -> None:
        if self.model_path is not None:
            if not (Path(self.model_path) / "config.cfg").exists():
                raise FileNotFoundError("NER model directory has no config.cfg")
            # Custom layers of the bundled pipeline are registered by importing redact.models.
            from redact.models import load_ner_model

            nlp = load_ner_model(Path(self.model_path))
            for name in nlp.pipe_names:
                if name in _UNNEEDED:
                    nlp.disable_pipe(name)
            self.nlp = nlp
        self._loaded = True

    def is_loaded(self) -> bool:
        return self._loaded

    def _artifacts(self, doc: Doc | None) -> NlpArtifacts:
        if doc is None:
            doc = Doc(self._vocab, words=[])
        ents = [e for e in doc.ents if e.label_ in NER_LABELS]
        return NlpArtifacts(
            entities=ents,
            tokens=doc,
            tokens_indices=[],
            lemmas=[],
            nlp_engine=self,
            language="zh",
            scores=[0.75] * len(ents),
        )

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        return self._artifacts(self.nlp(text) if self.nlp is not None else None)

    def process_batch(
        self, texts: Iterable[str], language: str, batch_size: int = 16, n_process: int = 1, **kwargs: Any
    ) -> Iterator[tuple[str, NlpArtifacts]]:
        items = list(texts)
        if self.nlp is None:
            for t in items:
                yield t, self._artifacts(None)
            return
        for t, doc in zip(
            items, self.nlp.pipe(items, batch_size=batch_size, n_process=n_process), strict=True
        ):
            yield t, self._artifacts(doc)

    def is_stopword(self, word: str, language: str) -> bool:
        return False

    def is_punct(self, word: str, language: str) -> bool:
        return False

    def get_supported_entities(self) -> list[str]:
        return ["PERSON"] if self.nlp is not None else []

    def get_supported_languages(self) -> list[str]:
        return ["zh"]


class NerPersonRecognizer(LocalRecognizer):
    """PERSON entities from the bundled NER model; name shape raises or lowers the score."""

    ENTITY = "PERSON"

    def __init__(self) -> None:
        super().__init__(
            supported_entities=[self.ENTITY], supported_language="zh", name="NerPersonRecognizer"
        )

    def load(self) -> None:
        """The model lives in the NLP engine."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if nlp_artifacts is None:
            return []
        out: list[RecognizerResult] = []
        for ent in nlp_artifacts.entities:
            if NER_LABELS.get(ent.label_) != "PERSON":
                continue
            value = text[ent.start_char : ent.end_char]
            if looks_like_name(value):
                verdict = Verdict(0.7, "ner.person+shape", "NER PERSON with a known surname")
            else:
                verdict = Verdict(0.45, "ner.person", "NER PERSON (unusual shape)")
            out.append(
                make_result(self, self.ENTITY, ent.start_char, ent.end_char, verdict, role="other_person")
            )
        return out
