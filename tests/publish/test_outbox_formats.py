"""Payload formats: JSON and 双公示 (万元, 公示截止期, no ID numbers unless confidential)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from publish import subscriptions
from publish.formats import render
from publish.formats.shuanggongshi import wan_yuan
from sunshine.models.outbox import OutboxEvent
from tests.publish import outbox_support as S


@pytest.fixture
def factory(settings_env: Path):  # type: ignore[no-untyped-def]
    from sunshine.assembly import bootstrap
    from sunshine.db import session_factory

    bootstrap()
    return session_factory()


def test_wan_yuan_is_exact() -> None:
    assert wan_yuan(2500) == "0.250000"
    assert wan_yuan(200) == "0.020000"
    assert wan_yuan(0.1) == "0.000010"
    assert wan_yuan(123456789.12) == "12345.678912"
    assert wan_yuan(None) is None


def test_shuanggongshi_record_and_id_numbers_only_for_confidential(factory) -> None:  # type: ignore[no-untyped-def]
    with factory() as s:
        public, _ = subscriptions.add(
            s, name="credit", url="http://127.0.0.1:9/a", format="shuanggongshi", actor="t"
        )
        secret_channel, _ = subscriptions.add(
            s,
            name="exchange",
            url="http://127.0.0.1:9/b",
            format="shuanggongshi",
            confidential=True,
            actor="t",
        )
        plain_json, _ = subscriptions.add(s, name="json", url="http://127.0.0.1:9/c", actor="t")
        conf_json, _ = subscriptions.add(
            s, name="json-x", url="http://127.0.0.1:9/d", confidential=True, actor="t"
        )
        s.commit()
        row = S.publish_new(s, S.decision("A1", fine=2500))
        event = s.scalars(select(OutboxEvent)).one()

        body = render(s, event, public)
        text = json.dumps(body, ensure_ascii=False)
        assert S.ID_NUMBER not in text and S.NAME not in text
        assert body["type"] == "decision.published" and body["data"]["operation"] == "新增"
        rec = body["data"]["records"][0]
        assert rec["cf_xdr_mc"] == "李某某"
        assert rec["cf_xdr_lb"] == "自然人"
        assert rec["cf_xdr_zjhm"] is None and rec["cf_xdr_zjlx"] is None
        assert rec["cf_wsh"] == row.document_number
        assert rec["cf_nr_fk"] == "0.250000"  # 2 500 元 = 0.25 万元
        assert rec["cf_cflb"] == "罚款；暂扣许可证件"
        assert rec["cf_nr"] == "罚款人民币2500元；暂扣许可证件30日"
        assert rec["cf_gsjzq"] == row.display_until.isoformat()  # type: ignore[union-attr]
        assert rec["cf_jdrq"] == "2025-05-06"
        assert rec["cf_cfjg"] == "台州市公安局椒江分局" and rec["cf_cfjgdm"] == "11331002002583617B"
        assert rec["cf_sy"].startswith("经查") and S.NAME not in rec["cf_sy"]

        exchange = render(s, event, secret_channel)["data"]["records"][0]
        assert exchange["cf_xdr_zjhm"] == S.ID_NUMBER and exchange["cf_xdr_zjlx"] == "身份证"

        assert S.ID_NUMBER not in json.dumps(render(s, event, plain_json), ensure_ascii=False)
        conf = render(s, event, conf_json)
        assert conf["data"]["confidential"]["party_ids"][0]["id_number"] == S.ID_NUMBER


def test_shuanggongshi_withdrawal_and_organisation(factory) -> None:  # type: ignore[no-untyped-def]
    from publish import workflow

    with factory() as s:
        sub, _ = subscriptions.add(
            s, name="credit", url="http://127.0.0.1:9/a", format="shuanggongshi", actor="t"
        )
        s.commit()
        row = S.publish_new(s, S.decision("ORG1", kind="legal_person", fine=30000))
        workflow.withdraw(s, row, reason="行政复议确认违法", actor="t")
        s.commit()
        published, withdrawn = s.scalars(select(OutboxEvent).order_by(OutboxEvent.seq)).all()
        rec = render(s, published, sub)["data"]["records"][0]
        assert rec["cf_xdr_lb"] == "法人及非法人组织"
        assert rec["cf_xdr_mc"] == "台州某某贸易有限公司" and rec["cf_xdr_shxym"] == "91331002MA2A111101"
        assert rec["cf_xdr_zzjg"] == "MA2A11110"  # positions 9–17 of the USCC
        assert rec["cf_frdb"] == "王小明" and rec["cf_fr_sfzh"] is None
        assert rec["cf_nr_fk"] == "3.000000"
        body = render(s, withdrawn, sub)["data"]
        assert body["operation"] == "撤回" and body["reason"] == "行政复议确认违法"
        assert body["cf_wsh"] == row.document_number


def test_minor_decisions_are_not_pushed_to_the_credit_channel(factory) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import func

    from sunshine.models.outbox import OutboxDelivery

    with factory() as s:
        credit, _ = subscriptions.add(
            s, name="credit", url="http://127.0.0.1:9/a", format="shuanggongshi", actor="t"
        )
        s.commit()
        row = S.publish_new(s, S.decision("M1"))
        assert row.severity == "general"
        assert s.scalar(select(func.count()).select_from(OutboxDelivery)) == 1
        event = s.scalars(select(OutboxEvent)).one()
        event.data = {**event.data, "severity": "minor"}
        from publish.outbox import matches

        assert not matches(credit, event)
