"""The web workspace (``jixiao serve``): server-rendered Chinese pages and a JSON API under /api/ for
units (upload, see findings beside their fields, explain warnings, submit, publish) and their finance
bureau (issue and cancel tasks, review, return, approve, batch approve, judge findings, audit published
reports).  ``app.py`` the routes; ``rights.py`` who may do what; ``actions.py`` the filing actions
shared by pages and API; ``security.py`` passwords, sessions, CSRF, rate limit, headers; ``uploads.py``
upload limits; ``checking.py`` the CLI's check pipeline on an upload, with the bureau's risk score
(review triage); ``changes.py`` the figures a filing states and 与上年比较; ``editing.py`` a figure edited in
the page; ``tasks.py`` the long work and
``work.py`` the one seam to a job queue; ``setup.py`` the first administrator and the demo.
Storage is :mod:`jixiao.store`.  See docs/web.md.
"""
