"""Kinds of job used only by the tests (imported by the tests and by the worker subprocesses they start):
``slow`` reports progress item by item with a pause, so a test can kill its worker part-way;
``boom`` is a bug (ZeroDivisionError)."""
from __future__ import annotations

import time

from jixiao.jobs.tasks import Outcome, register


@register("slow", {"items": ((int,), True), "pause": ((int, float), True), "out": ((str,), False)})
def slow(payload, report):
    for n in range(payload["items"]):
        report(n, payload["items"], f"第{n + 1}项")
        time.sleep(payload["pause"])
    if payload.get("out"):                     # proof of each completed run, appended
        with open(payload["out"], "a", encoding="utf-8") as fh:
            fh.write("done\n")
    return Outcome({"items": payload["items"]}, payload.get("out"))


@register("boom", {})
def boom(payload, report):
    report(0, 1, "x")
    return Outcome({"ratio": 1 // 0})
