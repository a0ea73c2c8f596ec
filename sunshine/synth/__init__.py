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
  ORG_ADDRESS, ORG_PHONE, BADGE_NUMBER (警号/执法证号), PERSON_NUMBER (人员编号).

Each span may carry a ``role`` (penalised, victim, witness, co_offender, guardian, operator,
legal_representative, official, employer, individual_business).

Structured fields hold canonical values (ID upper-case without spaces, phone digits or
``area-number``); the text may print them differently (spaces, full-width digits, ``x``, +86).
``parties`` lists the penalised party first, and sometimes a victim or a minor's guardian with
their role.  Item *i* depends only on ``(seed, i, options)``.

Options (:class:`Options`): ``hard``, ``hard_rate``, ``minor_rate``, ``invalid_id_rate``,
``event_rate``, ``law_areas``, ``source``, ``long``.  ``GeneratedDecision.hard_cases`` names the
hard cases injected (zhangyang, name_is_place, name_is_city, same_surname, official_same_surname,
id_format, id_15, rare_char, run_together, name_glued, given_name, station_name).
:mod:`sunshine.synth.ner` gives an NER view (PERSON / ADDRESS / ORG / LOC).
"""

from sunshine.synth.builder import GoldSpan
from sunshine.synth.generator import GeneratedDecision, Options, generate
from sunshine.synth.io import to_gold_jsonl, to_gold_record

__all__ = ["GeneratedDecision", "GoldSpan", "Options", "generate", "to_gold_jsonl", "to_gold_record"]
