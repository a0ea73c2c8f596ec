"""Turn :class:`~redact.training.corpora.Sample` lists into spaCy ``Doc``/``DocBin`` objects."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

from redact.training.corpora import Sample


def sample_to_doc(nlp: Language, sample: Sample) -> tuple[Doc, int]:
    """Build a gold ``Doc``; returns it with the number of spans that did not align to tokens."""
    doc = nlp.make_doc(sample.text)
    ents: list[Span] = []
    dropped = 0
    for s in sample.spans:
        span = doc.char_span(s.start, s.end, label=s.label, alignment_mode="contract")
        if span is None or len(span) == 0:
            dropped += 1
            continue
        ents.append(span)
    missing: list[Span] = []
    for a, b in sample.missing:
        span = doc.char_span(a, b, alignment_mode="contract")
        if span is not None and len(span) > 0:
            missing.append(span)
    doc.set_ents(ents, missing=missing, default="outside")
    return doc, dropped


def samples_to_docs(nlp: Language, samples: Iterable[Sample]) -> tuple[list[Doc], int]:
    docs: list[Doc] = []
    dropped = 0
    for sample in samples:
        if not sample.text.strip():
            continue
        doc, n = sample_to_doc(nlp, sample)
        docs.append(doc)
        dropped += n
    return docs, dropped


def write_docbin(docs: list[Doc], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], docs=docs, store_user_data=False).to_disk(path)
