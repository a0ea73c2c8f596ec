"""Reproducible training recipe for the bundled Chinese NER model (``redact/models/zh_sunshine_ner``).

Kept inside ``redact/`` so the library ships the code that made its model; it reads corpora from
``../shared/datasets`` (never copied into the repository) and imports nothing from the service.
"""
