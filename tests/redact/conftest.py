"""Redaction-stage fixtures: one rules-only Redactor per session (the NER model is optional)."""

from __future__ import annotations

import pytest

from redact import Redactor


@pytest.fixture(scope="session")
def redactor() -> Redactor:
    return Redactor(use_ner=False)
