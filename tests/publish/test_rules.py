"""Disclosure rules (issue 4 acceptance): withheld with the right codes, deadlines on the real
calendar, rules judged by the date they are in force."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from publish.rules import REASON_CODES, assess, get_packs
from publish.rules.facts import add_months, birth_from_id, cn_number, is_minor_on
from sunshine.schema import parse_decision

D = dt.date.fromisoformat
TODAY = D("2026-11-22")

BASE: dict[str, Any] = {
    "schema": "sunshine.decision/1",
    "source": "zj-case-system",
    "external_id": "T-1",
    "version": 1,
    "document_number": "杭西公（交）行罚决字〔2026〕00123号",
    "authority": {"name": "杭州市公安局西湖区分局", "region_code": "330106"},
    "decision_date": "2026-09-30",
    "violation_date": "2026-09-20",
    "procedure": "general",
    "legal_basis": ["《中华人民共和国道路交通安全法》第九十九条第一款"],
    "penalties": [{"kind": "fine", "amount_yuan": 1500}],
    "parties": [
        {"role": "penalised", "kind": "natural_person", "name": "王某甲", "birth_date": "1980-01-02"}
    ],
    "text": "当事人王某甲驾驶机动车违反道路交通安全法规定，依法作出罚款决定。",
}


def make(**changes: Any) -> Any:
    """A schema-v1 decision: BASE with top-level keys replaced (None deletes a key)."""
    data = copy.deepcopy(BASE)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return parse_decision(data)


def person(**kw: Any) -> list[dict[str, Any]]:
    return [{"role": "penalised", "kind": "natural_person", "name": "李某", **kw}]


# -- acceptance: withheld with the right codes ------------------------------------------------


@pytest.mark.parametrize(
    ("decision", "codes"),
    [
        # 17 on the violation date (18th birthday is 2026-09-21, the day after the violation)
        (make(parties=person(birth_date="2008-09-21")), ["MINOR"]),
        # 治安 decision after 2026-01-01 (law area derived from the legal basis)
        (
            make(
                decision_date="2026-03-10",
                violation_date="2026-03-01",
                legal_basis=["《中华人民共和国治安管理处罚法》第五十一条"],
            ),
            ["PUBLIC_ORDER_SEALED"],
        ),
        # summary-procedure fine (当场处罚, 200 yuan)
        (make(procedure="summary", penalties=[{"kind": "fine", "amount_yuan": 200}]), ["SUMMARY_PROCEDURE"]),
        # warning only
        (make(penalties=[{"kind": "warning"}]), ["WARNING_ONLY"]),
        (make(penalties=[{"kind": "warning"}, {"kind": "criticism"}]), ["WARNING_ONLY"]),
        (make(flags={"state_secret": True}), ["STATE_SECRET"]),
        (make(flags={"police_secret": True}), ["POLICE_SECRET"]),
        (make(flags={"privacy_main_facts": True}), ["PRIVACY_MAIN_FACTS"]),
        (make(flags={"security_risk": True}), ["SECURITY_RISK"]),
        (make(flags={"criminal_transfer": True}), ["CRIMINAL_TRANSFER"]),
        (make(events=[{"kind": "revoked", "date": "2026-10-20", "reason": "行政复议撤销"}]), ["WITHDRAWN"]),
        (make(events=[{"kind": "confirmed_invalid", "date": "2026-10-20"}]), ["WITHDRAWN"]),
        (make(events=[{"kind": "credit_repaired", "date": "2026-11-02"}]), ["WITHDRAWN"]),
        # several at once, in the canonical code order
        (
            make(
                procedure="summary", penalties=[{"kind": "warning"}], parties=person(birth_date="2010-01-01")
            ),
            ["MINOR", "SUMMARY_PROCEDURE", "WARNING_ONLY"],
        ),
    ],
)
def test_withheld_with_the_right_codes(decision, codes):
    result = assess(decision, today=TODAY)
    assert result.publishable is False
    assert result.codes == codes
    assert result.publish_by is None
    for reason in result.reasons:
        assert reason.rule_id and reason.citation and reason.message


def test_every_reason_cites_its_article():
    result = assess(make(parties=person(birth_date="2008-09-21")), today=TODAY)
    by_rule = {r.rule_id: r.citation for r in result.reasons}
    assert "第一百零三条" in by_rule["NAT-MINOR"]  # 未成年人保护法 art. 103
    assert "第五条" in by_rule["ZJ-MINOR"]  # Zhejiang art. 5(1): the provincial rule is listed too
    sealed = assess(make(legal_basis=["《中华人民共和国治安管理处罚法》第二十六条"]), today=TODAY)
    assert "第一百三十六条" in sealed.reasons[0].citation


def test_general_procedure_traffic_fine_is_publishable():
    result = assess(make(), today=TODAY)
    assert result.publishable is True and result.reasons == []
    assert result.law_area == "traffic"
    assert result.severity == "general"
    # 7 working days, first day not counted, across 国庆 2026 and its make-up Saturday 10-10
    assert result.publish_by == D("2026-10-15")
    # 一般: at most 1 year (国家发展改革委令2025年第36号, in force 2026-04-01)
    assert result.display_until == D("2027-09-30")
    assert result.withdraw_by is None
    assert result.to_contract("a.json") == {
        "path": "a.json",
        "publishable": True,
        "reasons": [],
        "publish_by": "2026-10-15",
        "display_until": "2027-09-30",
        "severity": "general",
        "withdraw_by": None,
    }


@pytest.mark.parametrize(
    ("decision_date", "publish_by"),
    [
        ("2025-09-30", "2025-10-16"),  # across the 2025 国庆/中秋 break, 10-11 counts
        ("2026-02-13", "2026-03-02"),  # 2026 春节, with 02-14 and 02-28 make-up Saturdays
        ("2026-02-12", "2026-02-28"),  # the 7th working day is the make-up Saturday
        ("2026-04-30", "2026-05-13"),
    ],
)
def test_publish_by_on_the_real_calendar(decision_date, publish_by):
    decision = make(decision_date=decision_date, violation_date=decision_date)
    result = assess(decision, today=D(decision_date))
    assert result.publishable and result.publish_by == D(publish_by)


def test_year_the_calendar_does_not_know_is_calendar_unknown():
    result = assess(make(decision_date="2026-12-28", violation_date="2026-12-20"), today=D("2026-12-28"))
    assert result.publishable is False
    assert result.codes == ["CALENDAR_UNKNOWN"]
    assert result.publish_by is None
    assert "2027" in result.reasons[0].message
    # dates that do not need the calendar are still given
    assert result.display_until == D("2027-12-28") and result.severity == "general"


def test_withdraw_by_three_working_days_after_revocation():
    # revoked 2025-09-30 → 10-09, 10-10, 10-11 (make-up Saturday) → 2025-10-11
    decision = make(
        decision_date="2025-09-01",
        violation_date="2025-08-20",
        events=[{"kind": "revoked", "date": "2025-09-30"}],
    )
    result = assess(decision, today=D("2025-10-01"))
    assert result.codes == ["WITHDRAWN"]
    assert result.withdraw_by == D("2025-10-11")


def test_changed_event_gives_a_deadline_but_does_not_withhold_the_new_version():
    decision = make(version=2, events=[{"kind": "changed", "date": "2026-10-09", "reason": "复议变更"}])
    result = assess(decision, today=TODAY)
    assert result.publishable is True
    assert result.withdraw_by == D("2026-10-13")  # 10-10 (make-up Saturday), 10-12, 10-13


def test_withdrawal_event_in_unknown_year_is_calendar_unknown():
    decision = make(decision_date="2026-12-01", events=[{"kind": "revoked", "date": "2026-12-30"}])
    result = assess(decision, today=D("2026-12-30"))
    assert result.codes == ["WITHDRAWN", "CALENDAR_UNKNOWN"]
    assert result.withdraw_by is None


def test_credit_repair_is_immediate():
    result = assess(make(events=[{"kind": "credit_repaired", "date": "2026-11-01"}]), today=TODAY)
    assert result.withdraw_by == D("2026-11-01")  # a Sunday: removal does not wait for a working day


# -- rules judged by the date they are in force ----------------------------------------------


def test_public_order_sealing_starts_2026_01_01():
    decision = make(
        decision_date="2025-06-03",
        violation_date="2025-06-01",
        law_area="public_order",
        legal_basis=["《中华人民共和国治安管理处罚法》第四十三条第一款"],
        penalties=[{"kind": "fine", "amount_yuan": 500}],
    )
    before = assess(decision, today=D("2025-06-04"))
    assert before.publishable and before.publish_by == D("2025-06-12")  # 端午 05-31..06-02 is before
    after = assess(decision, today=D("2026-01-01"))
    assert after.codes == ["PUBLIC_ORDER_SEALED"]


def test_sealing_also_catches_a_mislabelled_law_area():
    decision = make(law_area="traffic", legal_basis=["《中华人民共和国治安管理处罚法》第六十一条"])
    assert assess(decision, today=TODAY).codes == ["PUBLIC_ORDER_SEALED"]


def test_display_window_shortened_by_the_2026_credit_measure():
    # decided 2025-06-03 (2023 measure: up to 3 years); from 2026-04-01 一般 is at most 1 year
    decision = make(decision_date="2025-06-03", violation_date="2025-06-01")
    early = assess(decision, today=D("2025-06-04"))
    assert early.display_until == D("2026-06-03")  # Zhejiang pack: at most 1 year (unconfirmed, strictest)
    beijing = make(
        decision_date="2025-06-03",
        violation_date="2025-06-01",
        authority={"name": "北京市公安局朝阳分局", "region_code": "110105"},
    )
    assert assess(beijing, today=D("2025-06-04")).display_until == D("2028-06-03")  # 2023 measure
    assert assess(beijing, today=TODAY).display_until == D("2026-06-03")  # 2025 measure now in force
    assert assess(beijing, today=TODAY).codes == ["EXPIRED"]


def test_serious_outside_zhejiang_is_shown_three_years():
    decision = make(
        authority={"name": "北京市公安局朝阳分局", "region_code": "110105"},
        penalties=[{"kind": "license_revocation"}, {"kind": "fine", "amount_yuan": 2000}],
    )
    result = assess(decision, today=TODAY)
    assert result.severity == "serious" and result.display_until == D("2029-09-30")


def test_provincial_pack_selected_by_region_prefix():
    zj = assess(make(procedure="summary", penalties=[{"kind": "fine", "amount_yuan": 50}]), today=TODAY)
    bj = assess(
        make(
            procedure="summary",
            penalties=[{"kind": "fine", "amount_yuan": 50}],
            authority={"name": "北京市公安局", "region_code": "110000"},
        ),
        today=TODAY,
    )
    assert {r.rule_id for r in zj.reasons} == {"NAT-SUMMARY-PROCEDURE", "ZJ-GENERAL-PROCEDURE-ONLY"}
    assert {r.rule_id for r in bj.reasons} == {"NAT-SUMMARY-PROCEDURE"}
    assert any(p.startswith("cn-33-zhejiang") for p in zj.rule_packs)
    assert not any(p.startswith("cn-33-zhejiang") for p in bj.rule_packs)
    unknown = assess(make(authority={"name": "某公安局"}), today=TODAY)
    assert any(p.startswith("cn-33-zhejiang") for p in unknown.rule_packs)  # fail closed


# -- minors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parties", "text", "minor"),
    [
        (person(birth_date="2008-09-20"), None, True),  # 18th birthday on the violation date: still 17
        (person(birth_date="2008-09-19"), None, False),  # turned 18 the day before
        (person(birth_date="2008-09-21"), None, True),
        (person(age=16), None, True),
        (person(age=18), None, False),
        (person(id_type="resident_id", id_number="330106200901011234"), None, True),
        (person(id_type="resident_id", id_number="330106198001011234"), None, False),
        (person(), "违法行为人李某，男，十七岁，在西湖区某处驾驶机动车。", True),
        (person(), "违法行为人李某，年龄：16，驾驶机动车。", True),
        (person(), "经查，李某系未成年人，于某日在西湖区驾驶机动车。", True),
        (person(), "李某，2009年5月4日出生，驾驶机动车。", True),
        (person(), "李某，1979年5月4日出生，45岁，驾驶机动车。", False),
        # text is only read when no birth date is known
        (person(birth_date="1980-01-01"), "李某驾驶机动车时搭载一名十二岁儿童，未系安全带。", False),
        # an organisation is never a minor
        (
            [{"role": "penalised", "kind": "legal_person", "name": "某某公司"}],
            "某某公司在其经营场所向未成年人销售烟酒。",
            False,
        ),
    ],
)
def test_minor_detection(parties, text, minor):
    changes: dict[str, Any] = {"parties": parties}
    if text:
        changes["text"] = text
    result = assess(make(**changes), today=TODAY)
    assert ("MINOR" in result.codes) is minor


def test_age_helpers():
    assert is_minor_on(D("2008-02-29"), D("2026-02-28")) and is_minor_on(D("2008-02-29"), D("2026-03-01"))
    assert not is_minor_on(D("2008-02-29"), D("2026-03-02"))
    assert birth_from_id("33010620090101123X") == D("2009-01-01")
    assert birth_from_id("330106090101123") == D("1909-01-01")
    assert birth_from_id("330106209913011234") is None
    assert [cn_number(x) for x in ("十七", "十", "二十一", "九", "17", "百")] == [17, 10, 21, 9, 17, None]
    assert add_months(D("2026-01-31"), 1) == D("2026-02-28")
    assert add_months(D("2024-02-29"), 12) == D("2025-02-28")


# -- law area ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("legal_basis", "text", "area"),
    [
        (["《中华人民共和国道路交通安全法》第九十条"], None, "traffic"),
        (["《中华人民共和国消防法》第六十条"], None, "fire"),
        (["《中华人民共和国出境入境管理法》第七十八条"], None, "exit_entry"),
        (["《中华人民共和国网络安全法》第六十四条"], None, "cyber"),
        (["《中华人民共和国枪支管理法》第四十四条"], None, "firearms"),
        (["《娱乐场所管理条例》第四十三条"], None, "other"),
        # 治安 wins over another basis in the same decision
        (
            ["《中华人民共和国道路交通安全法》第九十条", "《中华人民共和国治安管理处罚法》第五十条"],
            None,
            "public_order",
        ),
        ([], "依据《中华人民共和国消防法》第六十条之规定，决定给予罚款。", "fire"),
    ],
)
def test_law_area_derived_from_legal_basis(legal_basis, text, area):
    changes: dict[str, Any] = {"legal_basis": legal_basis}
    if text:
        changes["text"] = text
    assert assess(make(**changes), today=TODAY).law_area == area


def test_given_law_area_is_kept():
    assert assess(make(law_area="exit_entry"), today=TODAY).law_area == "exit_entry"


# -- packs --------------------------------------------------------------------------------------


def test_packs_are_versioned_and_every_rule_cites_a_source():
    packs = get_packs()
    assert {p.scope.level for p in packs} == {"national", "provincial"}
    codes = set()
    for pack in packs:
        assert pack.version
        for group in (pack.withhold, pack.publish_deadlines, pack.withdraw_deadlines, pack.display_periods):
            for rule in group:
                assert len(rule.citation) >= 4 and rule.effective_from
                if rule.source_status in ("unconfirmed", "policy"):
                    assert rule.note, f"{rule.id}: unconfirmed/policy rules must say so"
        codes |= {r.code for r in pack.withhold}
    # every code except the engine's own CALENDAR_UNKNOWN comes from a pack rule
    assert codes == set(REASON_CODES) - {"CALENDAR_UNKNOWN"}
