"""Readings the mutation bench (bench/audit_mutants.py, fifth round) showed were missing in real
phrasings, each tested in sentences written for these tests (never copied from real reports)."""
from __future__ import annotations

from jixiao.audit.engine import Auditor, audit_text

AUDITOR = Auditor()


def found(text: str) -> set[tuple[str, str, str | None]]:
    return {(f.rule_id, f.severity.value, f.claimed) for f in audit_text(text, AUDITOR).findings}


# -- a part's own parts in parentheses do not make the list two levels deep ---------------------

NESTED = ("本年度本级“三公”经费预算为{total}万元，其中：公务接待费12万元，因公出国（境）费3万元，"
          "公务用车购置及运行维护费40万元（其中：公务用车购置费25万元，公务用车运行维护费15万元）。")


def test_a_list_with_a_parenthesised_sub_list_that_adds_up_says_nothing():
    assert not found(NESTED.format(total="55"))


def test_a_list_with_a_parenthesised_sub_list_is_checked_against_its_whole():
    assert found(NESTED.format(total="59")) == {("AUDIT-SUM", "error", "59万元")}
    assert found(NESTED.format(total="51")) == {("AUDIT-SUM", "error", "51万元")}


def test_a_list_whose_parts_each_hold_a_list_of_amounts_is_still_not_read():
    # two levels written without parentheses: which amount is an item cannot be told
    text = ("本年支出合计90万元，其中：基本支出60万元，其中人员经费50万元、公用经费10万元；"
            "项目支出38万元，其中专项业务费38万元。")
    assert not any(r == "AUDIT-SUM" for r, _, _ in found(text))


# -- ``与上年基本持平`` between a whole and its list says nothing of another subject --------------

LEVEL = ("本年本级“三公”经费支出预算为{total}万元，与上年预算基本持平，其中：因公出国（境）费8万元，"
         "公务接待费30万元，公务用车购置及运行维护费62万元。")


def test_a_list_after_a_flat_comparison_is_read():
    assert not found(LEVEL.format(total="100"))
    assert found(LEVEL.format(total="107")) == {("AUDIT-SUM", "error", "107万元")}


def test_other_words_between_a_whole_and_a_list_still_stop_it():
    text = ("本年收入为107万元，支出包括：因公出国（境）费8万元，公务接待费30万元，公务用车购置及运行维护费62万元。")
    assert not any(r == "AUDIT-SUM" for r, _, _ in found(text))
