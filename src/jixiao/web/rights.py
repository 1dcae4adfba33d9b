"""Who may do what: the one table of rights, used by the pages and the API alike.

A unit's users (单位填报员, 单位负责人) reach only their own unit; a reviewer (财政复核员) reaches the
units of their region (the unit's region equals it or lies inside it); the administrator (管理员)
manages users and units and reaches no filing.  A filing the user cannot reach is answered 404 (its
existence is not revealed); one they can see but may not act on is answered 403.
"""
from __future__ import annotations

from jixiao.store import models as m

#: action → the roles that may do it on a filing they can reach
FILING_ACTIONS: dict[str, tuple[str, ...]] = {
    "view": (m.FILER, m.HEAD, m.REVIEWER),
    "download": (m.FILER, m.HEAD, m.REVIEWER),
    "upload": (m.FILER, m.HEAD),
    "edit": (m.FILER, m.HEAD),
    "explain": (m.FILER, m.HEAD),
    "submit": (m.HEAD,),
    "publish": (m.HEAD,),
    "render": (m.FILER, m.HEAD, m.REVIEWER),
    "comment": (m.FILER, m.HEAD, m.REVIEWER),
    "return": (m.REVIEWER,),
    "approve": (m.REVIEWER,),
    "judge": (m.REVIEWER,),
    "risk": (m.REVIEWER,),           # the bureau's risk score and warning flags (jixiao review triage)
}

#: pages and API routes that are not about one filing → the roles that may use them
AREAS: dict[str, tuple[str, ...]] = {
    "tasks": (m.REVIEWER,),          # issue and cancel tasks
    "review": (m.REVIEWER,),         # the list of all units of the region, batch approve
    "audits": (m.REVIEWER,),         # bulk upload and audit of published reports
    "admin": (m.ADMIN,),             # users and units
    "trail": (m.REVIEWER, m.ADMIN, m.FILER, m.HEAD),   # the audit trail, limited to what the user reaches
    "mine": (m.FILER, m.HEAD),       # a unit's own filings
}


class NotFound(Exception):
    pass


class Forbidden(Exception):
    pass


def covers(region: str | None, unit_region: str) -> bool:
    return bool(region) and (unit_region == region or unit_region.startswith(region))


def reaches(user: m.User, unit: m.Unit) -> bool:
    if user.role in m.UNIT_ROLES:
        return user.unit_id == unit.id
    if user.role == m.REVIEWER:
        return covers(user.region, unit.region)
    return False


def check_filing(user: m.User, action: str, unit: m.Unit) -> None:
    if not reaches(user, unit):
        raise NotFound()
    if user.role not in FILING_ACTIONS[action]:
        raise Forbidden()


def check_area(user: m.User, area: str) -> None:
    if user.role not in AREAS[area]:
        raise Forbidden()


def may(user: m.User, action: str, unit: m.Unit) -> bool:
    return reaches(user, unit) and user.role in FILING_ACTIONS[action]
