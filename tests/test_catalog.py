"""Tests for jixiao.catalog (政府收支分类科目)."""

from __future__ import annotations

import csv
import re
from importlib import resources
from pathlib import Path

import pytest

from conftest import SEEDS

from jixiao.catalog import Catalogue, CodeEntry, normalize_name, years

YEARS = (2022, 2023)

FUNC_CLASSES = [
    "201", "203", "204", "205", "206", "207", "208", "210", "211", "212", "213",
    "214", "215", "216", "220", "221", "222", "224", "227", "229", "230", "231",
    "232", "233",
]
FUNC_KUAN = {
    "201": ["20101", "20102", "20103", "20104", "20105", "20106", "20107", "20108",
            "20109", "20111", "20113", "20114", "20123", "20125", "20126", "20128",
            "20129", "20131", "20132", "20133", "20134", "20135", "20136", "20137",
            "20138", "20199"],
    "204": ["20401", "20402", "20403", "20404", "20405", "20406", "20407", "20408",
            "20409", "20410", "20499"],
    "205": ["20501", "20502", "20503", "20504", "20505", "20506", "20507", "20508",
            "20509", "20599"],
    "206": ["20601", "20602", "20603", "20604", "20605", "20606", "20607", "20608",
            "20609", "20699"],
    "207": ["20701", "20702", "20703", "20706", "20708", "20799"],
    "208": ["20801", "20802", "20804", "20805", "20806", "20807", "20808", "20809",
            "20810", "20811", "20816", "20819", "20820", "20821", "20824", "20825",
            "20826", "20827", "20828", "20899"],
    "210": ["21001", "21002", "21003", "21004", "21006", "21007", "21011", "21012",
            "21013", "21014", "21015", "21016", "21099"],
    "211": ["21101", "21102", "21103", "21104", "21105", "21106", "21107", "21108",
            "21109", "21110", "21111", "21112", "21113", "21114", "21199"],
    "212": ["21201", "21202", "21203", "21205", "21206", "21208", "21210", "21211",
            "21213", "21214", "21299"],
    "213": ["21301", "21302", "21303", "21305", "21307", "21308", "21309", "21399"],
    "221": ["22101", "22102", "22103"],
    "229": ["22902", "22960", "22999"],
}
FUNC_XIANG = {
    "20103": {"2010301": "行政运行", "2010302": "一般行政管理事务", "2010303": "机关服务",
              "2010308": "信访事务", "2010350": "事业运行",
              "2010399": "其他政府办公厅（室）及相关机构事务支出"},
    "20805": {"2080501": "行政单位离退休", "2080502": "事业单位离退休",
              "2080505": "机关事业单位基本养老保险缴费支出",
              "2080506": "机关事业单位职业年金缴费支出",
              "2080599": "其他行政事业单位养老支出"},
    "20899": {"2089999": "其他社会保障和就业支出"},
    "21011": {"2101101": "行政单位医疗", "2101102": "事业单位医疗",
              "2101103": "公务员医疗补助", "2101199": "其他行政事业单位医疗支出"},
    "22102": {"2210201": "住房公积金", "2210202": "提租补贴", "2210203": "购房补贴"},
}
ECON_CLASSES = ["301", "302", "303", "307", "309", "310", "311", "312", "313", "399"]
ECON_KUAN = {
    "301": {"01": "基本工资", "02": "津贴补贴", "03": "奖金", "06": "伙食补助费",
            "07": "绩效工资", "08": "机关事业单位基本养老保险缴费", "09": "职业年金缴费",
            "10": "职工基本医疗保险缴费", "11": "公务员医疗补助缴费", "12": "其他社会保障缴费",
            "13": "住房公积金", "14": "医疗费", "99": "其他工资福利支出"},
    "302": {"01": "办公费", "02": "印刷费", "03": "咨询费", "04": "手续费", "05": "水费",
            "06": "电费", "07": "邮电费", "08": "取暖费", "09": "物业管理费", "11": "差旅费",
            "12": "因公出国（境）费用", "13": "维修（护）费", "14": "租赁费", "15": "会议费",
            "16": "培训费", "17": "公务接待费", "18": "专用材料费", "24": "被装购置费",
            "25": "专用燃料费", "26": "劳务费", "27": "委托业务费", "28": "工会经费",
            "29": "福利费", "31": "公务用车运行维护费", "39": "其他交通费用",
            "40": "税金及附加费用", "99": "其他商品和服务支出"},
    "303": {"01": "离休费", "02": "退休费", "03": "退职（役）费", "04": "抚恤金",
            "05": "生活补助", "06": "救济费", "07": "医疗费补助", "08": "助学金",
            "09": "奖励金", "10": "个人农业生产补贴", "99": "其他对个人和家庭的补助"},
    "307": {"01": "国内债务付息"},
    "309": {"02": "办公设备购置", "13": "公务用车购置", "22": "无形资产购置"},
    "310": {"01": "房屋建筑物购建", "02": "办公设备购置", "03": "专用设备购置",
            "07": "信息网络及软件购置更新", "13": "公务用车购置", "22": "无形资产购置",
            "99": "其他资本性支出"},
    "399": {"06": "赠与", "07": "国家赔偿费用支出",
            "08": "对民间非营利组织和群众性自治组织补贴", "99": "其他支出"},
}


@pytest.fixture(params=YEARS)
def func(request) -> Catalogue:
    return Catalogue.load(request.param, "func")


@pytest.fixture(params=YEARS)
def econ(request) -> Catalogue:
    return Catalogue.load(request.param, "econ")


def _raw_rows(year: int, fname: str) -> list[dict[str, str]]:
    path = resources.files("jixiao.catalog").joinpath("data", str(year), fname)
    return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))


# --------------------------------------------------------------------------- files


def test_years_available():
    assert years() == sorted(years())
    assert {2022, 2023} <= set(years())


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("fname", ["func.csv", "econ_dept.csv"])
def test_csv_columns_and_no_duplicates(year, fname):
    rows = _raw_rows(year, fname)
    assert rows
    assert list(rows[0].keys()) == ["code", "name", "level", "parent", "valid_from",
                                    "valid_to", "aliases"]
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes)), "duplicate codes"
    for r in rows:
        assert r["name"].strip() == r["name"] and r["name"]
        for col in ("valid_from", "valid_to"):
            assert r[col] == "" or re.fullmatch(r"\d{4}", r[col]), (r["code"], col)
        if r["valid_from"] and r["valid_to"]:
            assert int(r["valid_from"]) <= int(r["valid_to"])
        aliases = [a for a in r["aliases"].split("|") if a]
        assert all(a == a.strip() for a in aliases)
        assert r["name"] not in aliases


# --------------------------------------------------------------------------- coverage


def test_func_classes_present(func):
    for code in FUNC_CLASSES:
        e = func.get(code)
        assert e is not None, code
        assert e.level == "类" and e.parent is None


def test_func_kuan_present(func):
    for cls, kuans in FUNC_KUAN.items():
        child_codes = {e.code for e in func.children(cls)}
        for k in kuans:
            assert k in child_codes, k
            assert func.get(k).level == "款"


def test_func_xiang_named(func):
    for kuan, items in FUNC_XIANG.items():
        child_codes = {e.code for e in func.children(kuan)}
        for code, name in items.items():
            assert code in child_codes, code
            assert func.get(code).name == name
            assert func.get(code).level == "项"


def test_every_201_kuan_has_standard_items(func):
    for kuan in func.children("201"):
        kids = {e.code: e.name for e in func.children(kuan.code)}
        assert kids, f"{kuan.code} has no 项"
        if kuan.code == "20199":
            assert kids == {"2019901": "国家赔偿费用支出", "2019999": "其他一般公共服务支出"}
            continue
        assert kids[kuan.code + "01"] == "行政运行"
        assert kids[kuan.code + "02"] == "一般行政管理事务"
        assert kids[kuan.code + "03"] == "机关服务"
        assert kids[kuan.code + "50"] == "事业运行"
        assert kids[kuan.code + "99"].startswith("其他")


def test_structure_consistent(func):
    for e in func:
        assert e.level == {3: "类", 5: "款", 7: "项"}[len(e.code)]
        assert e.code.isdigit()
        if e.level == "类":
            assert e.parent is None
        else:
            assert e.parent == e.code[:-2]
            parent = func.get(e.parent)
            assert parent is not None, f"orphan {e.code}"
            assert parent.level == {"款": "类", "项": "款"}[e.level]
            # a child cannot outlive its parent
            if parent.valid_to is not None:
                assert e.valid_to is not None and e.valid_to <= parent.valid_to


def test_econ_present_and_consistent(econ):
    for code in ECON_CLASSES:
        assert econ.get(code).level == "类"
    for cls, kuans in ECON_KUAN.items():
        for suffix, name in kuans.items():
            e = econ.get(cls + suffix)
            assert e is not None, cls + suffix
            assert e.name == name and e.level == "款" and e.parent == cls
    for e in econ:
        assert len(e.code) in (3, 5)
        if len(e.code) == 5:
            assert econ.get(e.parent) is not None, f"orphan {e.code}"
    # 309 and 310 share 款 names: lookup must return both, the caller chooses by code.
    assert {e.code for e in econ.lookup_name("办公设备购置")} == {"30902", "31002"}


def test_years_self_contained():
    for kind in ("func", "econ"):
        a, b = Catalogue.load(2022, kind), Catalogue.load(2023, kind)
        assert {e.code for e in a} == {e.code for e in b}


# --------------------------------------------------------------------------- names


S4_SEGMENTS = [  # as printed in S4 L56-L84 and L157-L171
    ("一般公共服务（类）", "201"),
    ("一般公共服务支出（类）", "201"),
    ("社会保障和就业（类）", "208"),
    ("社会保障和就业支出（类）", "208"),
    ("卫生健康支出（类）", "210"),
    ("卫生健康（类）", "210"),
    ("卫生健康支出", "210"),
    ("医疗卫生与计划生育支出（类）", "210"),
    ("住房保障支出（类）", "221"),
    ("政府办公厅（室）及相关机构事务（款）", "20103"),
    ("行政事业单位养老支出（款）", "20805"),
    ("行政事业单位离退休（款）", "20805"),
    ("行政事业单位医疗（款）", "21011"),
    ("住房改革支出（款）", "22102"),
    ("信访事务（项）", "2010308"),
    ("其他政府办公厅（室）及相关机构事务支出（项）", "2010399"),
    ("行政单位离退休（项）", "2080501"),
    ("归口管理的行政单位离退休（项）", "2080501"),
    ("机关事业单位基本养老保险缴费支出（项）", "2080505"),
    ("机关事业单位职业年金缴费支出(项)", "2080506"),
    ("事业单位医疗（项）", "2101102"),
    ("公务员医疗补助（项）", "2101103"),
    ("住房公积金（项）", "2210201"),
    ("提租补贴", "2210202"),
]


@pytest.mark.parametrize("text,code", S4_SEGMENTS)
def test_lookup_s4_names(func, text, code):
    assert code in [e.code for e in func.lookup_name(text)]


@pytest.mark.parametrize("text,codes", [
    ("一般公共服务（类）", ["201"]),
    ("信访事务（项）", ["2010308"]),
    ("医疗卫生与计划生育支出", ["210"]),
    ("行政事业单位离退休", ["20805"]),
    ("归口管理的行政单位离退休", ["2080501"]),
    ("其他社会保障和就业支出", ["20899", "2089999"]),
])
def test_lookup_exact_sets(func, text, codes):
    assert [e.code for e in func.lookup_name(text)] == codes


def test_lookup_generic_item_names_with_filters(func):
    all_runs = func.lookup_name("行政运行（项）")
    assert len(all_runs) > 20
    assert all(e.code.endswith("01") and e.level == "项" for e in all_runs)
    assert [e.code for e in func.lookup_name("行政运行", parent="20103")] == ["2010301"]
    assert [e.code for e in func.lookup_name("事业运行（项）", parent="20103")] == ["2010350"]
    assert [e.code for e in func.lookup_name("一般行政管理事务", parent="20103")] == ["2010302"]
    assert [e.code for e in func.lookup_name("其他社会保障和就业支出（款）", level="款")] == ["20899"]
    assert [e.code for e in func.lookup_name("其他社会保障和就业支出（项）", level="项")] == ["2089999"]


@pytest.mark.parametrize("variant", [
    "政府办公厅(室)及相关机构事务",
    "政府办公厅（室）及相关机构事务（款）",
    " 政府办公厅（室）\n及相关机构事务 ",
    "政府办公厅（室）及相关机构事务支出",
    "政府办公厅（室）及相关机构事务（03款）",
])
def test_lookup_normalisation(func, variant):
    assert [e.code for e in func.lookup_name(variant)] == ["20103"]


def test_normalize_name():
    assert normalize_name("卫生健康支出（类）") == normalize_name("卫生健康")
    assert normalize_name("社会保障和就业支出（208类）") == "社会保障和就业"
    assert normalize_name("行政单位离退休（01项）") == "行政单位离退休"
    assert normalize_name("其他政府办公厅（室）及相关机构事务支出") == "其他政府办公厅(室)及相关机构事务"
    assert normalize_name("支出") == "支出"
    assert normalize_name("") == ""


def test_lookup_unknown_and_empty(func):
    assert func.lookup_name("不存在的科目") == []
    assert func.lookup_name("") == []
    assert func.lookup_name("（项）") == []


def test_resolve_path_s4_lines(func):
    cases = [
        (["一般公共服务（类）", "政府办公厅（室）及相关机构事务（款）", "行政运行（项）"], "2010301"),
        (["一般公共服务支出（类）", "政府办公厅（室）及相关机构事务（款）", "信访事务（项）"], "2010308"),
        (["社会保障和就业（类）", "行政事业单位养老支出（款）", "机关事业单位职业年金缴费支出（项）"], "2080506"),
        (["社会保障和就业支出（类）", "行政事业单位离退休（款）", "归口管理的行政单位离退休（项）"], "2080501"),
        (["社会保障和就业（类）", "其他社会保障和就业支出（款）", "其他社会保障和就业支出（项）"], "2089999"),
        (["医疗卫生与计划生育支出（类）", "行政事业单位医疗（款）", "公务员医疗补助（项）"], "2101103"),
        (["住房保障支出（类）", "住房改革支出（款）", "住房公积金（项）"], "2210201"),
        (["卫生健康（类）", "行政事业单位医疗（款）"], "21011"),
    ]
    for names, code in cases:
        assert [e.code for e in func.resolve_path(names)] == [code], names
    # a real 项 under the wrong 款 does not resolve
    assert func.resolve_path(["一般公共服务（类）", "行政事业单位医疗（款）", "行政单位医疗（项）"]) == []
    assert func.resolve_path([]) == []
    assert func.resolve_path(["a", "b", "c", "d"]) == []


_S4 = SEEDS / "004_cf72184169d3d13c.txt"
_CHAIN_RE = re.compile(
    r"([^\d.、：:；。\s]+?)[（(]类[）)]\s*([^；。]+?)[（(]款[）)]\s*([^；。]+?)[（(]项[）)]"
)


@pytest.mark.needs_shared
def test_every_chain_in_seed_s4_resolves():
    func = Catalogue.load(2022, "func")
    text = _S4.read_text(encoding="utf-8")
    lines = text.splitlines()
    # L64-84: 决算具体情况; L157-171: glossary, where an entry may wrap.
    chunk = "".join(lines[63:84] + lines[156:171])
    chains = _CHAIN_RE.findall(chunk)
    assert len(chains) >= 20
    for cls, kuan, xiang in chains:
        cls = re.sub(r"^\d+[.、]", "", cls)
        got = func.resolve_path([cls, kuan, xiang])
        assert len(got) == 1, (cls, kuan, xiang)


def test_econ_lookup_s4_items(econ):
    expected = {
        "基本工资": "30101", "津贴补贴": "30102", "奖金": "30103", "绩效工资": "30107",
        "机关事业单位基本养老保险缴费": "30108", "职业年金缴费": "30109",
        "职工基本医疗保险缴费": "30110", "公务员医疗补助缴费": "30111",
        "其他社会保障缴费": "30112", "住房公积金": "30113", "生活补助": "30305",
        "奖励金": "30309", "办公费": "30201", "水费": "30205", "邮电费": "30207",
        "差旅费": "30211", "公务接待费": "30217", "劳务费": "30226", "工会经费": "30228",
        "公务用车运行维护费": "30231", "其他交通费": "30239",
        "其他商品和服务支出": "30299", "因公出国（境）费": "30212", "维修费": "30213",
    }
    for name, code in expected.items():
        assert [e.code for e in econ.lookup_name(name)] == [code], name


# --------------------------------------------------------------------------- status


def test_status_func(func):
    assert func.status("2010308", 2022) == "ok"
    assert func.status("201", 2023) == "ok"
    assert func.status(" 2010308 ", 2022) == "ok"
    assert func.status(2010308, 2022) == "ok"
    assert func.status("２０１０３０８", 2022) == "ok"  # full-width digits
    assert func.status("2010398", 2022) == "unknown"
    assert func.status("20197", 2022) == "unknown"
    assert func.status("299", 2022) == "unknown"
    # withdrawn codes
    assert func.status("20115", 2022) == "retired"
    assert func.status("2011501", 2022) == "retired"
    assert func.status("20115", 2018) == "ok"
    # created by the 2019 edition
    assert func.status("20138", 2018) == "not_yet_valid"
    assert func.status("20138", 2019) == "ok"
    # malformed: not 3/5/7 digits
    for bad in ("", "20", "2010", "201030", "20103011", "2010a01", "201-03", "20103.01", None, True):
        assert func.status(bad, 2022) == "malformed", bad


def test_status_default_year_is_data_year():
    func = Catalogue.load(2022, "func")
    assert func.status("2010308") == "ok"
    assert func.status("20115") == "retired"


def test_status_econ(econ):
    assert econ.status("30239", 2022) == "ok"
    assert econ.status("302", 2022) == "ok"
    assert econ.status("30104", 2022) == "retired"
    assert econ.status("30104", 2017) == "ok"
    assert econ.status("30113", 2017) == "not_yet_valid"
    assert econ.status("30298", 2022) == "unknown"
    assert econ.status("2010301", 2022) == "malformed"  # 7 digits is not an econ code
    assert econ.status("3021", 2022) == "malformed"


def test_level_of(func, econ):
    assert func.level_of("201") == "类"
    assert func.level_of("20103") == "款"
    assert func.level_of("2010308") == "项"
    assert func.level_of("2019898") == "项"  # unknown but well formed
    assert func.level_of("2010") is None
    assert econ.level_of("302") == "类"
    assert econ.level_of("30201") == "款"
    assert econ.level_of("2010308") is None


def test_parent_chain_and_children(func):
    assert [e.code for e in func.parent_chain("2010308")] == ["201", "20103", "2010308"]
    assert [e.code for e in func.parent_chain("208")] == ["208"]
    assert func.parent_chain("2019898") == []
    kids = [e.code for e in func.children("20805")]
    assert kids == sorted(kids)
    assert "2080505" in kids
    assert func.children("2010308") == []
    # with a year, withdrawn children are left out
    assert "20115" in {e.code for e in func.children("201")}
    assert "20115" not in {e.code for e in func.children("201", year=2022)}
    assert "20138" not in {e.code for e in func.children("201", year=2018)}


def test_get(func):
    e = func.get("20805")
    assert isinstance(e, CodeEntry)
    assert e.name == "行政事业单位养老支出" and e.level == "款" and e.parent == "208"
    assert "行政事业单位离退休" in e.aliases
    assert func.get("99999") is None
    assert func.get("2010308") == func.get(2010308)
    with pytest.raises(Exception):
        e.name = "x"  # frozen


# --------------------------------------------------------------------------- loading


def test_year_fallback():
    assert Catalogue.load(2022, "func").data_year == 2022
    assert Catalogue.load(2023, "func").data_year == 2023
    assert Catalogue.load(2030, "func").data_year == max(years())
    assert Catalogue.load(2010, "func").data_year == min(years())
    assert Catalogue.load(2024, "econ").data_year == 2023


def test_load_is_cached():
    assert Catalogue.load(2022, "func") is Catalogue.load(2022, "func")
    # requests that fall back to the same data year share the object
    assert Catalogue.load(2030, "econ") is Catalogue.load(2031, "econ")
    assert Catalogue.load(2022, "econ_dept") is Catalogue.load(2022, "econ")


def test_bad_kind():
    with pytest.raises(ValueError):
        Catalogue.load(2022, "gov_econ")


# --------------------------------------------------------------------------- fixture catalogue

FIXTURE = """code,name,level,parent,valid_from,valid_to,aliases
901,测试支出,类,,,,测试类
90101,新款,款,901,2021,,
90102,旧款,款,901,,2020,旧名|更旧的名
9010201,旧项,项,90102,,2020,
"""


def test_fixture_catalogue():
    cat = Catalogue.from_csv_text("func", 2021, FIXTURE)
    assert len(cat) == 4
    assert cat.status("90101", 2020) == "not_yet_valid"
    assert cat.status("90101", 2021) == "ok"
    assert cat.status("90101") == "ok"  # default: data year 2021
    assert cat.status("90102", 2020) == "ok"
    assert cat.status("90102", 2021) == "retired"
    assert cat.status("9010201", 2022) == "retired"
    assert cat.status("90103", 2021) == "unknown"
    assert [e.code for e in cat.lookup_name("更旧的名（款）")] == ["90102"]
    assert [e.code for e in cat.lookup_name("测试类")] == ["901"]
    assert [e.code for e in cat.lookup_name("旧款", year=2021)] == []
    assert [e.code for e in cat.children("901", year=2021)] == ["90101"]


def test_fixture_rejects_duplicates_and_missing_columns():
    with pytest.raises(ValueError):
        Catalogue.from_csv_text("func", 2021, FIXTURE + "90101,重复,款,901,,,\n")
    with pytest.raises(ValueError):
        Catalogue.from_csv_text("func", 2021, "code,name\n201,x\n")
