"""Field mapping and value conversion of web sources, without a crawl."""

from __future__ import annotations

import base64

import pytest

from connectors.config import WebSource, load_source
from connectors.intake import RejectedInput, chinese_number, convert
from connectors.samplesite.documents import docx_bytes
from connectors.web.mapping import to_decision
from sunshine.synth import generate


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("贰佰圆", 200),
        ("二百元", 200),
        ("一万二千", 12000),
        ("十五", 15),
        ("壹仟伍佰元整", 1500),
        ("三百零五", 305),
    ],
)
def test_chinese_numerals(text: str, value: int) -> None:
    assert chinese_number(text) == value


def test_conversions_and_impossible_dates() -> None:
    assert convert("2019年5月3日", "date", "decision_date") == "2019-05-03"
    assert convert("罚款人民币2,000.50元", "amount", "x") == 2000.5
    assert convert("贰佰圆", "amount", "x") == 200.0
    assert convert("是", "bool", "x") is True
    with pytest.raises(RejectedInput, match=r"^impossible date in decision_date$"):
        convert("2019年2月30日", "date", "decision_date")
    with pytest.raises(RejectedInput, match="value not in its value map"):
        convert("特别程序", "str", "procedure", {"一般程序": "general"})


def test_document_only_page_uses_extract_decision_for_missing_fields() -> None:
    pytest.importorskip("connectors.extract")
    source = load_source("sample-web")
    assert isinstance(source, WebSource)
    doc_only = source.model_copy(
        update={
            "detail": source.detail.model_copy(update={"fields": {}, "lists": {}, "extract_missing": True})
        }
    )
    decision = generate(1, seed=21)[0].decision
    envelope = {
        "external_id": "AJ1",
        "url": "http://x/cases/AJ1",
        "fields": {},
        "lists": {},
        "errors": [],
        "attachment": {"name": "AJ1.docx", "b64": base64.b64encode(docx_bytes(decision.text)).decode()},
    }
    got = to_decision(envelope, doc_only)
    assert (got.source, got.external_id) == ("sample-web", "AJ1")
    assert got.document_number == decision.document_number
    assert got.decision_date == decision.decision_date


def test_politeness_settings_reach_scrapy() -> None:
    from connectors.web.run import scrapy_settings

    source = load_source("sample-web")
    assert isinstance(source, WebSource)
    settings = scrapy_settings(source, "run1")
    assert settings["AUTOTHROTTLE_ENABLED"] is True
    assert settings["CONCURRENT_REQUESTS_PER_DOMAIN"] == source.politeness.concurrent_requests_per_domain == 4
    assert settings["RETRY_TIMES"] == 3 and 500 in settings["RETRY_HTTP_CODES"]
    assert settings["TELNETCONSOLE_ENABLED"] is False and settings["REMOTE_CONTROL_ENABLED"] is False
    assert settings["ITEM_PIPELINES"] == {"connectors.web.pipelines.StorePipeline": 300}
