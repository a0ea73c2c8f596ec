"""Assembly of the Presidio AnalyzerEngine for ``zh``: our recognizers, our NLP engine, our enhancer."""

from __future__ import annotations

from pathlib import Path

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry

from redact.context import RawTextContextEnhancer
from redact.nlp import ZhNlpEngine
from redact.recognizers.birth_date import BirthDateRecognizer
from redact.recognizers.contact import (
    EmailRecognizer,
    LandlinePhoneRecognizer,
    MarketplaceAccountRecognizer,
    MobilePhoneRecognizer,
    QQRecognizer,
    WeChatRecognizer,
)
from redact.recognizers.finance import BankAccountRecognizer
from redact.recognizers.home_address import LabelledAddressRecognizer
from redact.recognizers.ids import (
    LabelledIdDocumentRecognizer,
    PartialIdentifierRecognizer,
    PassportRecognizer,
    ResidentIdRecognizer,
    TravelPermitRecognizer,
)
from redact.recognizers.narrative import CueNameRecognizer
from redact.recognizers.nicknames import NicknameRecognizer
from redact.recognizers.party import LabelledNameRecognizer
from redact.recognizers.table import table_recognizers
from redact.recognizers.table_rows import TableRowNameRecognizer
from redact.recognizers.transliterated import (
    DottedNameRecognizer,
    ForeignScriptNameRecognizer,
    LatinNameRecognizer,
)
from redact.recognizers.vehicle_property import PropertyCertificateRecognizer, VehiclePlateRecognizer

BUNDLED_MODEL = (
    Path(__file__).resolve().parent / "models" / "zh_sunshine_ner"
)  # == redact.models.NER_MODEL_PATH


def bundled_model_path() -> Path | None:
    """The NER pipeline shipped in the repository, if it has been built."""
    return BUNDLED_MODEL if (BUNDLED_MODEL / "config.cfg").exists() else None


def pattern_recognizers() -> list[EntityRecognizer]:
    return [
        ResidentIdRecognizer(),
        PassportRecognizer(),
        TravelPermitRecognizer(),
        LabelledIdDocumentRecognizer(),
        PartialIdentifierRecognizer(),
        MobilePhoneRecognizer(),
        LandlinePhoneRecognizer(),
        EmailRecognizer(),
        QQRecognizer(),
        MarketplaceAccountRecognizer(),
        WeChatRecognizer(),
        BankAccountRecognizer(),
        VehiclePlateRecognizer(),
        PropertyCertificateRecognizer(),
        BirthDateRecognizer(),
        LabelledAddressRecognizer(),
        LabelledNameRecognizer(),
        CueNameRecognizer(),
        LatinNameRecognizer(),
        ForeignScriptNameRecognizer(),
        NicknameRecognizer(),
        DottedNameRecognizer(),
        TableRowNameRecognizer(),
        *table_recognizers(),
    ]


def build_analyzer(model_path: Path | None = None) -> AnalyzerEngine:
    nlp_engine = ZhNlpEngine(model_path)
    nlp_engine.load()
    registry = RecognizerRegistry(supported_languages=["zh"])
    for recognizer in pattern_recognizers():
        registry.add_recognizer(recognizer)
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine,
        supported_languages=["zh"],
        context_aware_enhancer=RawTextContextEnhancer(),
        default_score_threshold=0.0,
    )
