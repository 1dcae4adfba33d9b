"""Synthetic unit filings, for measuring ``jixiao batch render`` at province scale (not real units).

Each filing is one of two bundled examples with a new identity: half are the size of S0
(examples/zhanyi-xinfang-2023.yaml: a Yunnan unit, 3 projects on the 2020 form), half the size of S4
(examples/yanjiang-xinfang-2022.yaml: a Sichuan 决算公开 with 8 project scorecards).  The unit's
name and code and the project names are drawn from a seeded generator; the figures, texts and
structure stay those of the example, so every filing validates and renders exactly as its
example does (the same relations hold, the same gaps are reported).  Each file says at its top that
it is synthetic.  Same seed, same files.
"""
from __future__ import annotations

import os
import random
from dataclasses import dataclass

PLACES = ("雁江区", "沾益区", "安州区", "渠县", "江阳区", "龙马潭区", "麒麟区", "宣威市", "会泽县", "乐至县", "安岳县",
          "简阳市", "富顺县", "荣县", "仁寿县", "青神县", "旌阳区", "罗江区", "广汉市", "什邡市")
UNITS = ("信访局", "教育局", "卫生健康局", "民政局", "农业农村局", "交通运输局", "自然资源局", "司法局", "文化旅游局",
         "水务局", "统计局", "审计局", "档案馆", "退役军人事务局", "应急管理局", "市场监督管理局")
TASKS = ("专项经费", "运行保障经费", "信息化建设经费", "业务培训经费", "设备购置经费", "维修改造经费", "宣传经费",
         "专项补助资金", "工作经费", "服务外包经费", "调研经费", "督查经费")
LEADS = ("年度", "重点", "综合", "日常", "专项", "基层")
HEADER = "# 合成填报文件：仅供测速（jixiao batch render），不是真实单位的数据。据 {example} 示例改写（种子 {seed}，第 {n} 个）。\n"


@dataclass(frozen=True)
class Example:
    path: str                   # the example filing
    label: str                  # S0 | S4
    text: str                   # its canonical YAML (ingest.yaml_out.dump_filing)
    unit_name: str
    unit_code: str | None
    projects: tuple[str, ...]


def load_example(path: str, label: str) -> Example:
    from jixiao.ingest.load import load_filing
    from jixiao.ingest.yaml_out import dump_filing

    filing, _ = load_filing(path)
    return Example(path, label, dump_filing(filing), filing.unit.name or "", filing.unit.code,
                   tuple(p.name for p in filing.projects if p.name))


def synthesise_filings(out_dir: str, count: int, seed: int, examples: tuple[Example, Example]) -> list[str]:
    """Write ``count`` filings ``00001-S0.yaml``, ``00002-S4.yaml``, … into ``out_dir`` (alternating, so
    half are each size) and return their paths."""
    from jixiao.io_util import atomic_write_text

    rng = random.Random(seed)
    os.makedirs(out_dir, exist_ok=True)
    names: set[str] = set()
    codes: set[str] = set()
    paths = []
    width = max(5, len(str(count)))
    for n in range(1, count + 1):
        example = examples[(n - 1) % 2]
        name = _unique(f"{rng.choice(PLACES)}{rng.choice(UNITS)}", names)
        code = _unique(f"{rng.randrange(100000, 1000000)}", codes, numeric=True, rng=rng)
        tasks = rng.sample(TASKS, k=min(len(TASKS), len(example.projects)))
        projects = [f"{rng.choice(LEADS)}{task}" for task in tasks]
        text = _renamed(example, name, code, projects)
        path = os.path.join(out_dir, f"{n:0{width}d}-{example.label}.yaml")
        atomic_write_text(path, HEADER.format(example=example.label, seed=seed, n=n) + text)
        paths.append(path)
    return paths


def _unique(value: str, taken: set[str], numeric: bool = False, rng: random.Random | None = None) -> str:
    candidate, k = value, 2
    while candidate in taken:
        if numeric and rng is not None:
            candidate = f"{rng.randrange(100000, 1000000)}"
        else:
            candidate, k = f"{value}{k}号", k + 1
    taken.add(candidate)
    return candidate


def _renamed(example: Example, name: str, code: str, projects: list[str]) -> str:
    text = example.text
    # through placeholders, longest name first: a name inside another name, or inside a new name,
    # is never replaced in part
    pairs = list(zip(example.projects, projects)) + ([(example.unit_name, name)] if example.unit_name else [])
    olds = sorted(pairs, key=lambda pair: -len(pair[0]))
    for k, (old, _) in enumerate(olds):
        text = text.replace(old, f"\x00{k}\x00")
    for k, (_, new) in enumerate(olds):
        text = text.replace(f"\x00{k}\x00", new)
    if example.unit_code:
        text = text.replace(f"'{example.unit_code}'", f"'{code}'")
    return text
