"""The demo's CloudWatch Logs side, anchored at T (03:02 UTC of the anchor day) like scenarios/demo.py.

- /aws/ecs/checkout-api (retention 30 days): JSON request logs, one INFO line a minute from
  T-3h until now (at most T+26h); from 03:01 (T-1 min) five ERROR "timeout connecting to
  database" lines a minute (checkout-db unreachable since alice's 02:58 security-group change),
  plus a rare "payment provider returned 502" ERROR before the incident.
- /aws/lambda/checkout-receipts (no retention policy: it never expires, the cost pitfall):
  START / END / REPORT lines every 10 minutes.
- /aws/rds/cluster/checkout-db/postgresql (retention 7 days): checkpoints every 5 minutes, and
  the app's connections dropping at 02:58.
- Rules with canned results for the likely queries, computed from those very events, and two
  saved queries (query definitions). ERROR counts by bin(Nm) are computed when the query runs,
  over its time range: five timeouts a minute from 03:01 until checkout-api is restarted on the
  fleet (the SSM store knows when), falling by a quarter for each host restarted.
Event times, messages and @ptr values are a pure function of (anchor, minute).
"""

from __future__ import annotations

import hashlib
import json
import re

import timeutil
from logs_store import insights_time

MINUTE = 60
APP, LAMBDA, RDS = "/aws/ecs/checkout-api", "/aws/lambda/checkout-receipts", "/aws/rds/cluster/checkout-db/postgresql"
DB_HOST = "checkout-db.cluster-c1a2b3.us-east-1.rds.amazonaws.com"
TASKS = ("3f9c2a1b7d4e4c0a8b1e2d3c4f5a6b7c", "8e7d6c5b4a394817a6b5c4d3e2f1a0b9", "c0ffee12d34e4a5b9c8d7e6f5a4b3c2d")
PATHS = (("GET", "/products/{id}", 35), ("GET", "/cart", 48), ("POST", "/checkout", 180), ("GET", "/health", 3))
TIMEOUT = "timeout connecting to database"
SAVED = [
    {"name": "checkout 5xx by 5m", "logGroupNames": [APP],
     "queryString": "fields @timestamp, status\n| filter status >= 500\n| stats count(*) as errors by bin(5m)"},
    {"name": "slowest checkout endpoints", "logGroupNames": [APP],
     "queryString": "filter ispresent(latency_ms)\n| stats avg(latency_ms) as avg_ms, pct(latency_ms, 99) as p99_ms, "
                    "count(*) as requests by path\n| sort p99_ms desc\n| limit 10"},
]


def _h(*parts) -> int:
    return int(hashlib.sha256("\n".join(str(p) for p in parts).encode()).hexdigest()[:12], 16)


def _line(when: float, **fields) -> str:
    return json.dumps({"timestamp": timeutil.iso(when), **fields}, separators=(",", ":"))


def app_events(T: float, end: float) -> list[dict]:
    out = []
    minute = T - 180 * MINUTE
    while minute <= end:
        n = _h("app", minute)
        when = minute + (n % 57000) / 1000.0
        method, path, base = PATHS[n % len(PATHS)]
        task = TASKS[n % len(TASKS)]
        out.append({"timestamp": when, "stream": f"checkout-api/web/{task}", "message": _line(
            when, level="INFO", logger="http", msg="request completed", method=method,
            path=path.replace("{id}", str(1000 + n % 900)), status=200, latency_ms=base + n % (base + 7),
            request_id=f"{n:012x}-req")})
        if minute < T - MINUTE and n % 97 == 0:
            out.append({"timestamp": when + 1.5, "stream": f"checkout-api/web/{task}", "message": _line(
                when + 1.5, level="ERROR", logger="payments", msg="payment provider returned 502",
                path="/checkout", status=502, latency_ms=812, request_id=f"{n:012x}-pay")})
        if minute >= T - MINUTE:
            for k in range(5):
                at = minute + 3 + k * 11.3 + (n >> (k * 4)) % 5
                if at > end:
                    break
                task = TASKS[(n + k) % len(TASKS)]
                out.append({"timestamp": at, "stream": f"checkout-api/web/{task}", "message": _line(
                    at, level="ERROR", logger="checkout.db", msg=TIMEOUT, db_host=DB_HOST, timeout_ms=5000,
                    method="POST", path="/checkout", status=503, latency_ms=5000 + (n >> k) % 40,
                    request_id=f"{_h('err', at):012x}-req", trace_id=f"1-{int(at):08x}-{_h('trace', at):024x}")})
        minute += MINUTE
    return out


def lambda_events(T: float, end: float) -> list[dict]:
    out, at = [], T - 180 * MINUTE + 137
    while at <= end:
        rid = f"{_h('lambda', at):032x}"
        rid = f"{rid[:8]}-{rid[8:12]}-{rid[12:16]}-{rid[16:20]}-{rid[20:]}"
        d = timeutil.to_datetime(at)
        stream = f"{d:%Y/%m/%d}/[42]8c9d0e1f2a3b44c5d6e7f8a9b0c1d2e3"
        ms = 180 + _h("dur", at) % 400
        for off, text in ((0, f"START RequestId: {rid} Version: 42"),
                          (0.2, f"{timeutil.iso(at + 0.2)}\t{rid}\tINFO\treceipt rendered for order "
                                f"{_h('order', at) % 900000 + 100000}"),
                          (ms / 1000, f"END RequestId: {rid}"),
                          (ms / 1000 + 0.001, f"REPORT RequestId: {rid}\tDuration: {ms}.41 ms\tBilled Duration: "
                                              f"{ms + 1} ms\tMemory Size: 512 MB\tMax Memory Used: 141 MB")):
            out.append({"timestamp": at + off, "stream": stream, "message": text})
        at += 10 * MINUTE
    return out


def rds_events(T: float, end: float) -> list[dict]:
    out, at = [], T - 180 * MINUTE
    while at <= end:
        d = timeutil.to_datetime(at)
        out.append({"timestamp": at, "stream": "checkout-db-instance-1",
                    "message": f"{d:%Y-%m-%d %H:%M:%S} UTC::@:[571]:LOG:  checkpoint starting: time"})
        at += 5 * MINUTE
    for i, pid in enumerate((20931, 20944, 21007)):
        at = T - 4 * MINUTE + 2 + i
        d = timeutil.to_datetime(at)
        out.append({"timestamp": at, "stream": "checkout-db-instance-1",
                    "message": f"{d:%Y-%m-%d %H:%M:%S} UTC:10.0.3.{41 + i}(5{4211 + i * 7}):checkout_app@checkout:"
                               f"[{pid}]:LOG:  could not receive data from client: Connection reset by peer"})
    return [e for e in out if e["timestamp"] <= end]


def _bin(epoch: float) -> str:
    return insights_time(timeutil.floor_to(epoch, 5 * MINUTE))


ERRORS_BY_BIN = r'level\s*=\s*"ERROR"[\s\S]*stats\s+count\(\*\)(\s+as\s+\w+)?\s+by\s+bin\((\d+)m\)'


def error_bins(T: float, app: list[dict], restarts=lambda: {}, clock=timeutil.now):
    """fn(start, end, query) -> ERROR counts by bin(Nm) over [start, end] up to now (newest
    first, bins with none left out, as Logs Insights does): the rare errors before the incident,
    then from 03:01 the five timeouts a minute of app_events, each from one of the checkout
    hosts in turn, none from a host after checkout-api was restarted on it."""
    from scenarios.demo_ssm import CHECKOUT
    before = [e["timestamp"] for e in app if '"level":"ERROR"' in e["message"] and e["timestamp"] < T - MINUTE]

    def timeouts(minute: float, done: dict):
        n = _h("app", minute)
        for k in range(5):
            host = CHECKOUT[int(minute // MINUTE + k) % len(CHECKOUT)][0]
            at = minute + 3 + k * 11.3 + (n >> (k * 4)) % 5
            if host not in done or at < done[host]:
                yield at

    def rows(start: float, end: float, query: str = "") -> list[dict]:
        m = re.search(ERRORS_BY_BIN, query)
        size = int(m.group(2)) * MINUTE if m else 5 * MINUTE
        done, last = restarts(), min(end, clock())
        times = [t for t in before if start <= t <= last]
        minute = max(timeutil.floor_to(start, MINUTE), T - MINUTE)
        while minute <= last:
            times.extend(t for t in timeouts(minute, done) if start <= t <= last)
            minute += MINUTE
        bins = {}
        for t in times:
            key = timeutil.floor_to(t, size)
            bins[key] = bins.get(key, 0) + 1
        return [{f"bin({size // MINUTE}m)": insights_time(k), "count(*)": str(v)}
                for k, v in sorted(bins.items(), reverse=True)]

    return rows


def rules(T: float, end: float, app: list[dict], restarts=lambda: {}) -> list[dict]:
    parsed = [(e, json.loads(e["message"])) for e in app]
    window = [(e, m) for e, m in parsed if T - 60 * MINUTE <= e["timestamp"] < T + 30 * MINUTE]
    bins = {}
    for e, m in window:
        row = bins.setdefault(_bin(e["timestamp"]), [0, 0])
        row[0] += 1
        row[1] += m["status"] >= 500
    keys = sorted(bins, reverse=True)
    errors = [(e, m) for e, m in parsed if m["level"] == "ERROR"]
    by_msg = {}
    for _, m in errors:
        by_msg[m["msg"]] = by_msg.get(m["msg"], 0) + 1
    paths = {}
    for _, m in parsed:
        path = "/products/{id}" if m["path"].startswith("/products/") else m["path"]
        paths.setdefault(path, []).append(m["latency_ms"])
    slow = []
    for path, values in paths.items():
        values.sort()
        slow.append({"path": path, "avg_ms": f"{sum(values) / len(values):.2f}",
                     "p99_ms": str(values[min(len(values) - 1, int(len(values) * 0.99))]),
                     "requests": str(len(values))})
    slow.sort(key=lambda r: -int(r["p99_ms"]))
    total = len(app)
    newest = sorted(errors, key=lambda em: em[0]["timestamp"], reverse=True)
    return [
        {"match": ERRORS_BY_BIN, "regex": True, "rows": error_bins(T, app, restarts)},
        {"match": r"status\s*>=\s*500", "regex": True, "recordsScanned": total,
         "rows": [{"bin(5m)": k, "errors": str(bins[k][1])} for k in keys if bins[k][1]]},
        {"match": "stats count(*) by bin(5m)", "recordsScanned": total,
         "rows": [{"bin(5m)": k, "count(*)": str(bins[k][0])} for k in keys]},
        {"match": r"stats\s+count\(\*\)\s*(as\s+\w+\s*)?by\s+msg", "regex": True, "recordsScanned": total,
         "recordsMatched": len(errors),
         "rows": [{"msg": k, "count(*)": str(v)} for k, v in sorted(by_msg.items(), key=lambda kv: -kv[1])]},
        {"match": r"by\s+path", "regex": True, "recordsScanned": total, "recordsMatched": total, "rows": slow},
        {"match": 'filter level = "ERROR"', "recordsScanned": total, "recordsMatched": len(errors),
         "rows": [{"@timestamp": insights_time(e["timestamp"]), "@message": e["message"], "@logStream": e["stream"],
                   "@log": f"123456789012:{APP}", "level": m["level"], "msg": m["msg"]} for e, m in newest[:200]]},
    ]


def load(store, region: str, anchor: float, now: float, restarts=lambda: {}) -> dict:
    """`restarts()`: checkout host id -> when checkout-api was restarted on it (scenarios/demo_ssm)."""
    T = float(timeutil.floor_to(anchor, MINUTE))
    end = min(now, T + 26 * 3600)
    app = app_events(T, end)
    created = T - 400 * 86400
    groups = [
        {"name": APP, "retentionInDays": 30, "storedBytes": 48_318_233_120, "creationTime": created, "events": app},
        {"name": LAMBDA, "storedBytes": 1_942_117_806_512, "creationTime": created - 300 * 86400,
         "events": lambda_events(T, end)},
        {"name": RDS, "retentionInDays": 7, "storedBytes": 3_221_225_472, "creationTime": created,
         "events": rds_events(T, end)},
    ]
    summary = store.seed({"groups": groups, "rules": rules(T, end, app, restarts), "saved": SAVED}, region, now)
    _attach_ptrs(store, region)
    return {"log_groups": summary["seeded_log_groups"], "log_events": summary["seeded_log_events"],
            "logs_rules": summary["seeded_logs_rules"], "saved_queries": summary["seeded_saved_queries"]}


def _attach_ptrs(store, region: str):
    """Give the filter-ERROR rule's rows the @ptr of the very events they show (GetLogRecord works)."""
    rs = store.region(region)
    with store.lock:
        by_key = {(e["stream"], e["message"]): e["ptr"] for e in rs.groups[APP]["events"]}
        for rule in rs.rules:
            for row in [] if callable(rule["rows"]) else rule["rows"]:
                if "@message" in row and "@ptr" not in row:
                    ptr = by_key.get((row.get("@logStream"), row["@message"]))
                    if ptr:
                        row["@ptr"] = ptr
