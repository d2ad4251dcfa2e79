#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""GET /v1/reports/conversations: periods (day, week from Monday, month) in
the account's timezone, zero rows, totals, the six-month window and its
edges, and agreement with the exports."""

import datetime
import json
import sys

from mcservice import check, check_equal, money, run_tests
from mcusage import (UTC, clock_env, conversation, create_account, expect_error, fund, strict_csv)

CATEGORIES = ("free", "business_initiated", "user_initiated")


def at(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def cells(row):
    return {k: (row[k]["count"], row[k]["cost"]) for k in CATEGORIES}


def zero():
    return {k: (0, "0.00") for k in CATEGORIES}


def with_cells(**changes):
    result = zero()
    result.update(changes)
    return result


def report(c, frm, to, group="day"):
    resp = c.get(f"/v1/reports/conversations?from={frm}&to={to}&group={group}")
    check_equal(resp.status, 200, f"report {frm}..{to} by {group}: {resp}")
    return resp.json


def test_periods_across_a_month_boundary(t):
    env = clock_env(at("2028-08-30T10:00:00Z"))
    acc, token = create_account(t, "USD", env=env)
    fund(t, acc, "50", env=env)

    # Three visits of the clock: conversations on 29, 30, 31 August and on
    # 1 and 4 September (UTC, the account's zone).
    svc = t.serve(env=env)
    c = svc.client(token)
    conversation(c, "a1", "business_initiated")
    conversation(c, "a2", "business_initiated")
    conversation(c, "a3", "user_initiated", started_at="2028-08-29T12:00:00Z")
    svc.stop()
    svc = t.serve(env=clock_env(at("2028-09-01T10:00:00Z")))
    c = svc.client(token)
    conversation(c, "b1", "free", started_at="2028-08-31T23:00:00Z")
    for n in range(3):
        check_equal(conversation(c, f"b2-{n}", "business_initiated").status, 201)
    svc.stop()
    svc = t.serve(env=clock_env(at("2028-09-04T09:00:00Z")))
    c = svc.client(token)
    conversation(c, "c1", "user_initiated")

    days = report(c, "2028-08-30", "2028-09-04")
    check_equal((days["currency"], days["from"], days["to"], days["group"]),
                ("USD", "2028-08-30", "2028-09-04", "day"))
    check_equal([r["period"] for r in days["rows"]],
                ["2028-08-30", "2028-08-31", "2028-09-01", "2028-09-02", "2028-09-03", "2028-09-04"],
                "one row per day, oldest first, empty days included")
    check_equal([cells(r) for r in days["rows"]], [
        with_cells(business_initiated=(2, "0.0294")),
        with_cells(free=(1, "0.00")),
        with_cells(business_initiated=(3, "0.0441")),
        zero(),
        zero(),
        with_cells(user_initiated=(1, "0.006")),
    ])
    check_equal(cells(days["totals"]), with_cells(free=(1, "0.00"), business_initiated=(5, "0.0735"),
                                                  user_initiated=(1, "0.006")),
                "29 August is outside the range")

    weeks = report(c, "2028-08-30", "2028-09-04", "week")
    check_equal([r["period"] for r in weeks["rows"]], ["2028-08-28", "2028-09-04"],
                "weeks start on Monday, even before `from`")
    check_equal([cells(r) for r in weeks["rows"]], [
        with_cells(free=(1, "0.00"), business_initiated=(5, "0.0735")),
        with_cells(user_initiated=(1, "0.006")),
    ], "a week across the month boundary counts only days inside the range")
    check_equal(weeks["totals"], days["totals"])

    wider = report(c, "2028-08-29", "2028-09-03", "week")
    check_equal([cells(r) for r in wider["rows"]],
                [with_cells(free=(1, "0.00"), business_initiated=(5, "0.0735"), user_initiated=(1, "0.006"))])

    months = report(c, "2028-08-29", "2028-09-04", "month")
    check_equal([r["period"] for r in months["rows"]], ["2028-08-01", "2028-09-01"])
    check_equal([cells(r) for r in months["rows"]], [
        with_cells(free=(1, "0.00"), business_initiated=(2, "0.0294"), user_initiated=(1, "0.006")),
        with_cells(business_initiated=(3, "0.0441"), user_initiated=(1, "0.006")),
    ])

    empty = report(c, "2028-09-02", "2028-09-03", "month")
    check_equal([(r["period"], cells(r)) for r in empty["rows"]], [("2028-09-01", zero())])
    check_equal(cells(empty["totals"]), zero())


def test_days_are_the_accounts_own(t):
    # 20:00 UTC on 31 August is 01:30 on 1 September in Kolkata.
    env = clock_env(at("2028-08-31T20:00:00Z"))
    inr, inr_token = create_account(t, "INR", env=env)
    usd, usd_token = create_account(t, "USD", name="Globex", email="o@globex.example", env=env)
    fund(t, inr, "100", env=env)
    svc = t.serve(env=env)
    c = svc.client(inr_token)
    conversation(c, "late", "user_initiated", started_at="2028-08-31T18:00:00Z")   # 23:30 IST, 31 Aug
    conversation(c, "after", "user_initiated", started_at="2028-08-31T18:45:00Z")  # 00:15 IST, 1 Sep
    days = report(c, "2028-08-31", "2028-09-01")
    check_equal([(r["period"], r["user_initiated"]["count"]) for r in days["rows"]],
                [("2028-08-31", 1), ("2028-09-01", 1)], "split at midnight in Asia/Kolkata")

    # "Today" is the account's too: 1 September in Kolkata, still 31 August in UTC.
    u = svc.client(usd_token)
    check_equal(u.get("/v1/reports/conversations?from=2028-08-31&to=2028-08-31").status, 200)
    expect_error(u.get("/v1/reports/conversations?from=2028-08-31&to=2028-09-01"), 422, "range_invalid", "to")
    check_equal(c.get("/v1/reports/conversations?from=2028-09-01&to=2028-09-01").status, 200)
    # Six months back from 1 September is 1 March in Kolkata, 29 February in UTC.
    expect_error(c.get("/v1/reports/conversations?from=2028-02-29&to=2028-03-31"), 422, "range_too_old", "from")
    check_equal(u.get("/v1/reports/conversations?from=2028-02-29&to=2028-03-31").status, 200)


def test_window_edges(t):
    # (today, the earliest day a range may start): the day is clamped to the
    # month's end, leap years included.
    cases = [
        ("2028-08-31T12:00:00Z", "2028-02-29"),
        ("2027-08-31T12:00:00Z", "2027-02-28"),
        ("2028-03-31T12:00:00Z", "2027-09-30"),
        ("2028-01-15T12:00:00Z", "2027-07-15"),
    ]
    for now, earliest in cases:
        env = clock_env(at(now))
        acc, token = create_account(t, "USD", name="Edge", email=f"e{earliest}@edge.example", env=env)
        svc = t.serve(env=env)
        c = svc.client(token)
        today = now[:10]
        before = (datetime.date.fromisoformat(earliest) - datetime.timedelta(days=1)).isoformat()
        tomorrow = (datetime.date.fromisoformat(today) + datetime.timedelta(days=1)).isoformat()
        for path in ("/v1/reports/conversations?group=month&", "/v1/usage/export?kind=daily&"):
            ok = c.get(f"{path}from={earliest}&to={today}")
            check_equal(ok.status, 200, f"{earliest}..{today} is allowed on {today}: {ok}")
            expect_error(c.get(f"{path}from={before}&to={today}"), 422, "range_too_old", "from")
            expect_error(c.get(f"{path}from={earliest}&to={tomorrow}"), 422, "range_invalid", "to")
            expect_error(c.get(f"{path}from={today}&to={earliest}"), 422, "range_invalid")
            check(earliest in c.get(f"{path}from={before}&to={today}").json["error"]["message"],
                  "the message names the earliest day")
        rows = c.get(f"/v1/reports/conversations?group=month&from={earliest}&to={today}").json["rows"]
        check_equal(rows[0]["period"], earliest[:8] + "01", "the first month row starts on the 1st")
        check_equal(len(rows), 7, "six months back, seven calendar months")
        svc.stop()


def test_bad_parameters(t):
    acc, token = create_account(t, )
    svc = t.serve()
    c = svc.client(token)
    today = datetime.datetime.now(UTC).date().isoformat()
    base = "/v1/reports/conversations"
    expect_error(c.get(f"{base}?to={today}"), 400, "invalid_request", "from")
    expect_error(c.get(f"{base}?from={today}"), 400, "invalid_request", "to")
    for bad in ("2026-02-30", "26-11-2026", "2026-1-5", "today", "2026-11-26T00:00:00Z", ""):
        expect_error(c.get(f"{base}?from={bad}&to={today}"), 400, "invalid_date", "from")
    expect_error(c.get(f"{base}?from={today}&to={today}&group=year"), 400, "invalid_request", "group")
    expect_error(c.get(f"{base}?from={today}&to={today}", token="mct_nope"), 401, "unauthorized")
    check_equal(c.get(f"{base}?from={today}&to={today}").json["group"], "day", "day by default")


def test_totals_match_the_exports(t):
    env = clock_env(at("2028-08-31T12:00:00Z"))
    seeded = json.loads(t.cli("bench-seed", "--db", t.db, "--conversations", "20000", env=env).stdout)
    svc = t.serve(env=env)
    c = svc.client(seeded["token"])

    for frm, to in (("2028-03-01", "2028-08-31"), ("2028-05-29", "2028-06-04"), ("2028-07-13", "2028-07-13")):
        rep = report(c, frm, to)
        for group in ("week", "month"):
            check_equal(report(c, frm, to, group)["totals"], rep["totals"], f"{group} totals equal day totals")

        raw = c.get(f"/v1/usage/export?kind=conversations&from={frm}&to={to}").body
        rows = strict_csv(raw, ["conversation_id", "started_at", "category", "wa_id", "cost", "currency"])
        counts = {k: 0 for k in CATEGORIES}
        costs = {k: 0 for k in CATEGORIES}
        for row in rows:
            counts[row[2]] += 1
            costs[row[2]] += money(row[4])
        check_equal({k: (rep["totals"][k]["count"], money(rep["totals"][k]["cost"])) for k in CATEGORIES},
                    {k: (counts[k], costs[k]) for k in CATEGORIES}, f"report totals = export rows, {frm}..{to}")
        check(sum(counts.values()) > 0, "the range has conversations")

        daily = strict_csv(c.get(f"/v1/usage/export?kind=daily&from={frm}&to={to}").body,
                           ["date", "category", "count", "cost", "currency"])
        by_day = {(r["period"], k): (r[k]["count"], money(r[k]["cost"])) for r in rep["rows"] for k in CATEGORIES}
        check_equal({(d, k): (int(n), money(cost)) for d, k, n, cost, _ in daily}, by_day,
                    "the daily export is the day report")


if __name__ == "__main__":
    sys.exit(run_tests([
        ("days, weeks and months across a month boundary", test_periods_across_a_month_boundary),
        ("days and today are the account's own", test_days_are_the_accounts_own),
        ("the six-month window's edges", test_window_edges),
        ("bad parameters", test_bad_parameters),
        ("report totals equal the exported rows", test_totals_match_the_exports),
    ]))
