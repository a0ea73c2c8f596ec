"""NER views of generated decisions (PERSON / ADDRESS / ORG / LOC), for training the redact model.

The redaction gold is about *what must be masked*; an NER model needs *what the entity is*,
including names that are kept (officials, legal representatives) and organisations.  This module
derives that view from the same spans, so the two never disagree about offsets.
"""

from __future__ import annotations

from sunshine.synth.builder import GoldSpan
from sunshine.synth.generator import GeneratedDecision

_MAP = {
    "PERSON": "PERSON",
    "OFFICIAL_NAME": "PERSON",
    "ADDRESS": "ADDRESS",
    "ADDRESS_PREFIX": "ADDRESS",
    "ORG_NAME": "ORG",
    "ORG": "ORG",
    "AUTHORITY": "ORG",
    "PLACE": "LOC",
    "ORG_ADDRESS": "ADDRESS",
}


def ner_spans(item: GeneratedDecision) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, label) spans; an address prefix and its detail merge into one."""
    spans: list[GoldSpan] = sorted(
        (s for s in [*item.gold, *item.keep, *item.neutral] if s.label in _MAP), key=lambda s: s.start
    )
    out: list[tuple[int, int, str]] = []
    for s in spans:
        label = _MAP[s.label]
        if out and label == "ADDRESS" and out[-1][2] == "ADDRESS" and out[-1][1] == s.start:
            out[-1] = (out[-1][0], s.end, "ADDRESS")
            continue
        out.append((s.start, s.end, label))
    return out
