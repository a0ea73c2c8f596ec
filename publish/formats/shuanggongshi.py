"""信用中国 "双公示" 行政处罚信息 adapter (field list: disclosure-rules.md §6).

Keys are the column names the public implementations share (``cf_xdr_mc`` …); amounts are in
万元 as decimal strings with six places (decimal(18,6)); 公示截止期 (``cf_gsjzq``) is the rules
engine's ``display_until``.  One record per penalised party, as the standard is per 相对人.

Natural persons: ``cf_xdr_mc`` is the approved pseudonym; ``cf_xdr_zjlx``/``cf_xdr_zjhm`` are
filled only on a subscription marked confidential (a data-exchange channel under agreement) and
are ``null`` otherwise.  Withdrawals and expiries carry the 文号 (the key portals match on), the
operation and the stated reason.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy.orm import Session

from publish.formats.confidential import party_ids
from sunshine.models.outbox import OutboxEvent, PortalSubscription

PARTY_CATEGORY = {
    "legal_person": "法人及非法人组织",
    "natural_person": "自然人",
    "individual_business": "个体工商户",
}
PENALTY_CATEGORY = {  # 行政处罚法 art. 9
    "warning": "警告",
    "criticism": "通报批评",
    "fine": "罚款",
    "confiscation": "没收违法所得、没收非法财物",
    "license_suspension": "暂扣许可证件",
    "license_revocation": "吊销许可证件",
    "qualification_downgrade": "降低资质等级",
    "business_restriction": "限制开展生产经营活动",
    "detention": "行政拘留",
    "deportation": "驱逐出境",
    "other": "其他行政处罚",
}
VIOLATION_TYPE = {
    "public_order": "违反治安管理行为",
    "traffic": "道路交通安全违法行为",
    "fire": "消防安全违法行为",
    "exit_entry": "出境入境管理违法行为",
    "cyber": "网络安全违法行为",
    "firearms": "枪支弹药管理违法行为",
    "other": "其他违法行为",
}
ID_TYPES = {"resident_id": "身份证", "passport": "护照"}
OPERATION = {
    "decision.published": "新增",
    "decision.updated": "更新",
    "decision.withdrawn": "撤回",
    "decision.expired": "公示期满撤下",
}


def wan_yuan(amount_yuan: float | None) -> str | None:
    """Yuan → 万元, six decimals, exact (Decimal, not float arithmetic)."""
    if amount_yuan is None:
        return None
    value = Decimal(str(amount_yuan)) / Decimal(10000)
    return str(value.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP))


def _content(penalties: list[dict[str, Any]]) -> str:
    parts = []
    for p in penalties:
        name = PENALTY_CATEGORY.get(p["kind"], "其他行政处罚")
        if p.get("amount_yuan") is not None and p["kind"] in ("fine", "confiscation"):
            amount = Decimal(str(p["amount_yuan"])).normalize()
            parts.append(f"{name}人民币{amount:f}元")
        elif p.get("days") is not None:
            parts.append(f"{name}{p['days']}日")
        else:
            parts.append(name)
    return "；".join(parts)


def _sum(penalties: list[dict[str, Any]], kind: str) -> float | None:
    amounts = [p["amount_yuan"] for p in penalties if p["kind"] == kind and p.get("amount_yuan") is not None]
    return sum(amounts) if amounts else None


def records(session: Session, event: OutboxEvent, sub: PortalSubscription) -> list[dict[str, Any]]:
    data = event.data or {}
    doc = data.get("decision", {})
    st = data.get("structured") or {}
    penalties = st.get("penalties", [])
    ids = {x["index"]: x for x in party_ids(session, sub, event.decision_id)}
    kinds = [p["kind"] for p in penalties]
    licences = [PENALTY_CATEGORY[k] for k in kinds if k in ("license_suspension", "license_revocation")]
    base = {
        "cf_wsh": doc.get("document_number"),
        "cf_wfxw": VIOLATION_TYPE.get(doc.get("law_area") or "other", "其他违法行为"),
        "cf_sy": st.get("facts"),
        "cf_yj": "；".join(doc.get("legal_basis") or []),
        "cf_cflb": "；".join(dict.fromkeys(PENALTY_CATEGORY.get(k, "其他行政处罚") for k in kinds)),
        "cf_nr": _content(penalties),
        "cf_nr_fk": wan_yuan(_sum(penalties, "fine")),
        "cf_nr_wfff": wan_yuan(_sum(penalties, "confiscation")),
        "cf_nr_zkdx": "；".join(licences) or None,
        "cf_jdrq": doc.get("decision_date"),
        "cf_yxq": data.get("display_until"),
        "cf_gsjzq": data.get("display_until"),
        "cf_cfjg": doc.get("authority"),
        "cf_cfjgdm": st.get("authority_uscc"),
        "cf_sjly": doc.get("authority"),
        "cf_sjlydm": st.get("authority_uscc"),
        "bz": None,
    }
    out = []
    for party in st.get("parties", []):
        if party.get("role") not in ("penalised", "party", "当事人"):
            continue
        natural = party["kind"] == "natural_person"
        secret = ids.get(party["index"]) if natural else None
        rec = {
            "cf_xdr_mc": party["display_name"],
            "cf_xdr_lb": PARTY_CATEGORY.get(party["kind"], "自然人"),
            "cf_xdr_shxym": party.get("uscc"),
            "cf_xdr_gszc": None,
            "cf_xdr_zzjg": (party.get("uscc") or "")[8:17] or None,
            "cf_xdr_swdj": None,
            "cf_xdr_sydw": None,
            "cf_xdr_shzzdjzh": None,
            "cf_frdb": party.get("legal_representative"),
            "cf_fr_zjlx": None,
            "cf_fr_sfzh": None,  # never published; the schema carries no representative ID anyway
            "cf_xdr_zjlx": (ID_TYPES.get(secret["id_type"] or "", secret["id_type"]) if secret else None),
            "cf_xdr_zjhm": secret["id_number"] if secret else None,
            **base,
        }
        out.append(rec)
    return out


def render(session: Session, event: OutboxEvent, sub: PortalSubscription) -> dict[str, Any]:
    from publish.formats import envelope

    data = event.data or {}
    doc = data.get("decision", {})
    body: dict[str, Any] = {
        "standard": "双公示/行政处罚信息",
        "operation": OPERATION[event.type],
        "cf_wsh": doc.get("document_number"),
        "decision_key": data.get("decision_key"),
        "version": data.get("version"),
    }
    if event.type in ("decision.published", "decision.updated"):
        body["records"] = records(session, event, sub)
    else:
        body["reason"] = event.reason
        body["withdraw_by"] = data.get("withdraw_by")
        body["withdrawn_at"] = data.get("withdrawn_at")
    return envelope(event, body)
