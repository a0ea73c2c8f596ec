"""The NLP engine behind the analyzer: our own spaCy zh NER pipeline, loaded by path, or nothing.

Presidio's SpacyNlpEngine would call ``spacy.cli.download`` for a name it cannot resolve and builds
lemma keywords per token (useless for Chinese, and slow on character tokens). This engine loads a
pipeline directory only, never downloads, and hands Presidio just the entities.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from redact.names import looks_like_name, name_at, surname_len
from redact.recognizers.base import RuleRecognizer, Verdict, make_result

_UNNEEDED = {"tagger", "parser", "lemmatizer", "attribute_ruler", "senter", "morphologizer", "textcat"}
NER_LABELS = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "LOC": "LOCATION",
    "GPE": "LOCATION",
    "ORG": "ORGANIZATION",
}


_JOIN = "。\n"


@dataclass(frozen=True)
class EntitySpan:
    """The part of a spaCy ``Span`` our recognizer reads, with offsets into the whole text."""

    start_char: int
    end_char: int
    label_: str


# Sentences that are pure boilerplate (notices of rights, payment terms, legal basis) carry no
# personal names; skipping them keeps the NER cost proportional to the narrative, not the page.
_BOILERPLATE = re.compile(
    r"如不服本决定|申请行政复议|提起行政诉讼|逾期不缴纳|加处罚款|每日按罚款数额|缴纳罚款|之规定|的规定|"
    r"本决定书送达|执行方式和期限|行政复议和行政诉讼期间|本机关已依法告知|陈述权、申辩权"
)
_SENTENCE = re.compile(r"[^。；;！？\n]+[。；;！？\n]?")
_TWO_HAN = re.compile(r"[\u3400-\u9fff]{2}")


def ner_segments(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs worth running NER on."""
    out = []
    for m in _SENTENCE.finditer(text):
        sentence = m.group(0)
        if len(sentence) < 2 or not _TWO_HAN.search(sentence):
            continue
        if _BOILERPLATE.search(sentence):
            continue  # names here (…现决定对李某…) are found by the rules and by propagation
        out.append((m.start(), sentence))
    return out


def residual_windows(
    text: str, covered: list[tuple[int, int]], *, before: int = 4, after: int = 8
) -> list[tuple[int, int]]:
    """Short windows around surname-led candidates that rules and structure left unexplained.

    NER is the slow part of the pipeline. Everything the rules already masked or protected, and
    every boilerplate sentence, is skipped; what remains are a few windows per decision.
    """
    from redact.names import _NOT_NAME_WORDS, is_common_word, surname_len, words2

    taken = bytearray(len(text))
    for a, b in covered:
        taken[a:b] = b"\x01" * (min(b, len(text)) - a)
    words = words2()
    windows: list[tuple[int, int]] = []
    for offset, sentence in ner_segments(text):
        end_of_sentence = offset + len(sentence)
        for p in range(offset, end_of_sentence - 1):
            if taken[p] or not surname_len(text[p : p + 3]):
                continue
            nxt = text[p + 1]
            if nxt == "某" or not ("\u3400" <= nxt <= "\u9fff"):
                continue
            bigram = text[p : p + 2]
            compound = surname_len(text[p : p + 3]) == 2  # 上官|婉清: the bigram is the surname itself
            if not compound and (
                is_common_word(bigram) or words.get(bigram, 0) >= 200 or bigram in _NOT_NAME_WORDS
            ):
                continue
            if p > 0 and words.get(text[p - 1 : p + 1], 0) >= 200:
                continue  # the "surname" is the tail of an ordinary word (方向→向, 同时→时)
            a, b = max(offset, p - before), min(end_of_sentence, p + after)
            if windows and a <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(b, windows[-1][1]))
            else:
                windows.append((a, b))
    return windows


class ZhNlpEngine(NlpEngine):
    engine_name = "sunshine-zh"
    is_available = True

    def __init__(self, model_path: Path | None = None) -> None:
        self.model_path = model_path
        self.nlp: Language | None = None
        self._vocab = Vocab()
        self._empty = Doc(self._vocab, words=[])
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

    @property
    def has_model(self) -> bool:
        return self.nlp is not None

    def entities(self, text: str, windows: list[tuple[int, int]] | None = None) -> list[EntitySpan]:
        """NER entities with whole-text offsets, run on ``windows`` (default: every non-boilerplate
        sentence)."""
        if self.nlp is None:
            return []
        if windows is None:
            windows = [(o, o + len(s)) for o, s in ner_segments(text)]
        if not windows:
            return []
        # One spaCy doc per decision, windows joined by a sentence break: per-doc overhead would
        # otherwise dominate for a dozen short windows.
        starts: list[int] = []
        pieces: list[str] = []
        pos = 0
        for a, b in windows:
            starts.append(pos)
            pieces.append(text[a:b])
            pos += b - a + len(_JOIN)
        doc = self.nlp(_JOIN.join(pieces))
        out: list[EntitySpan] = []
        for e in doc.ents:
            if e.label_ not in NER_LABELS:
                continue
            i = bisect.bisect_right(starts, e.start_char) - 1
            a, b = windows[i]
            start, end = a + e.start_char - starts[i], a + e.end_char - starts[i]
            if end <= b:  # an entity running across the join is an artefact
                out.append(EntitySpan(start, end, e.label_))
        return out

    def artifacts_for(self, ents: list[EntitySpan]) -> NlpArtifacts:
        return self._artifacts(ents)

    def _artifacts(self, ents: list[EntitySpan]) -> NlpArtifacts:
        return NlpArtifacts(
            entities=ents,  # type: ignore[arg-type]  # duck-typed: start_char, end_char, label_
            tokens=self._empty,
            tokens_indices=[],
            lemmas=[],
            nlp_engine=self,
            language="zh",
            scores=[0.75] * len(ents),
        )

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        """Presidio's first pass gets no entities: NER runs afterwards, only where rules left gaps
        (see ``Redactor.analyze``). Standalone use of this engine still gets full NER via
        :meth:`entities`."""
        return self._artifacts([])

    def process_batch(
        self, texts: Iterable[str], language: str, batch_size: int = 16, n_process: int = 1, **kwargs: Any
    ) -> Iterator[tuple[str, NlpArtifacts]]:
        for t in texts:
            yield t, self._artifacts(self.entities(t))

    def is_stopword(self, word: str, language: str) -> bool:
        return False

    def is_punct(self, word: str, language: str) -> bool:
        return False

    def get_supported_entities(self) -> list[str]:
        return ["PERSON"] if self.nlp is not None else []

    def get_supported_languages(self) -> list[str]:
        return ["zh"]


class NerPersonRecognizer(RuleRecognizer):
    """PERSON entities from the bundled NER model; name shape raises or lowers the score.

    The model itself lives in the NLP engine. A span that does not look like a name (阿荣旗 ends
    in an administrative unit) scores below the PERSON threshold and is dropped there.
    """

    ENTITY = "PERSON"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if nlp_artifacts is None:
            return []
        out: list[RecognizerResult] = []
        for ent in nlp_artifacts.entities:
            if NER_LABELS.get(ent.label_) != "PERSON":
                continue
            start, end = ent.start_char, ent.end_char
            if surname_len(text[start:end]) == 2 and end - start == 2:
                # the model stopped after a compound surname (占用欧阳|春生的林地): the name runs on
                span = name_at(text, start)
                end = span[1] if span else end
            value = text[start:end]
            if looks_like_name(value):
                verdict = Verdict(0.7, "ner.person+shape", "NER PERSON with a known surname")
            else:
                verdict = Verdict(0.45, "ner.person", "NER PERSON (unusual shape)")
            out.append(make_result(self, self.ENTITY, start, end, verdict, role="other_person"))
        return out
