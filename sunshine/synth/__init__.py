"""Synthetic 公安 penalty decisions with gold personal-data spans.

Used for demo data, every stage's tests, redaction evaluation and NER training.  All people,
numbers and addresses are generated; identifiers carry valid check digits.

Span buckets of a :class:`GeneratedDecision`:

* ``gold`` — personal data that must be masked: PERSON, ID_NUMBER, PHONE, BANK_ACCOUNT, PASSPORT,
  PERMIT, EMAIL, IM_ID, PLATE, PROPERTY_CERT, BIRTH_DATE, ADDRESS.  ADDRESS covers only the part
  of a natural person's address *below county level*; the province/city/county prefix in front of
  it is a separate ``neutral`` span labelled ADDRESS_PREFIX (policy may keep or mask it), so
  ``prefix + ADDRESS`` is the whole printed address.
* ``keep`` — public text that must survive intact: AUTHORITY, OFFICIAL_NAME, DOC_NUMBER, LAW,
  AMOUNT, DECISION_DATE, ORG_NAME, USCC, CASE_NUMBER, plus PLACE (roads of the incident location,
  e.g. 张杨路) and AUTHORITY_ACCOUNT (the authority's public collection account).
* ``neutral`` — treatment is a policy choice: ADDRESS_PREFIX, PERSON with role
  legal_representative, ORG (a natural person's employer), ORG_NAME of an individual business,
  ORG_ADDRESS, ORG_PHONE, BADGE_NUMBER.

Each span may carry a ``role`` (penalised, victim, witness, co_offender, operator, official, ...).
"""

from sunshine.synth.builder import GoldSpan
from sunshine.synth.generator import GeneratedDecision, Options, generate
from sunshine.synth.io import to_gold_jsonl, to_gold_record

__all__ = ["GeneratedDecision", "GoldSpan", "Options", "generate", "to_gold_jsonl", "to_gold_record"]
