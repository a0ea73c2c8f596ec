"""The bundled Chinese NER pipeline and how to load it (offline, by path).

``load_ner_model()`` registers the custom embedding layer first (see ``ner_arch``) and then loads
``zh_sunshine_ner`` from this folder; callers that load the path themselves with ``spacy.load``
must ``import redact.models`` beforehand.
"""

from __future__ import annotations

from pathlib import Path

from redact.models import ner_arch  # registers sunshine.CharBigramEmbed.v1

NER_MODEL_PATH = Path(__file__).with_name("zh_sunshine_ner")
NER_LABELS = ("PERSON", "LOC", "ORG")

__all__ = ["NER_LABELS", "NER_MODEL_PATH", "load_ner_model", "ner_arch"]


def load_ner_model(path: str | Path | None = None):  # type: ignore[no-untyped-def]
    """Load the pipeline (tokenizer + tok2vec + ner) from ``path`` or the bundled folder."""
    import spacy

    return spacy.load(Path(path) if path is not None else NER_MODEL_PATH)
