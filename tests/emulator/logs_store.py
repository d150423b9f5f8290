"""CloudWatch Logs Insights state owned by the emulator (moto ignores filter/stats and never
reports Running): one partition per region (from the SigV4 credential scope) holding seeded log
groups with their events, canned-result rules, saved queries (query definitions), the queries
started and the @ptr pointers GetLogRecord resolves. The operations live in logs_insights.py.

A stored group is {"name", "arn", "creationTime" (ms), "retentionInDays" (None: never expires),
"storedBytes", "events": [{"time" (epoch s), "message", "stream", "ptr"}] newest first}.
A rule is {"match", "regex", "pattern" (compiled or None), "rows", "recordsScanned",
"recordsMatched", "bytesScanned", "status"}.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re

import accounts
import timeutil
from regional_store import RegionalStore
from regional_store import unknown_keys as _unknown
from regional_store import whole_number as _whole

LOGS_KEYS = {"groups", "rules", "saved", "polls", "max_concurrent", "malformed", "quirks"}
# How another implementation (LocalStack) shapes GetQueryResults: @timestamp in epoch
# milliseconds ("epoch_ms") instead of "2026-11-23 03:01:12.000" ("aws"), no statistics.
QUIRK_KEYS = {"timestamp_format", "omit_statistics"}
TIMESTAMP_FORMATS = ("aws", "epoch_ms")
GROUP_KEYS = {"name", "retentionInDays", "storedBytes", "creationTime", "events"}
EVENT_KEYS = {"timestamp", "message", "stream"}
RULE_KEYS = {"match", "regex", "rows", "recordsScanned", "recordsMatched", "bytesScanned", "status"}
SAVED_KEYS = {"name", "queryString", "logGroupNames", "queryDefinitionId"}
FINAL_STATUSES = ("Complete", "Failed", "Cancelled", "Timeout")
RETENTION_DAYS = {1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
                  3288, 3653}
NAME = re.compile(r"^[\.\-_/#A-Za-z0-9]{1,512}$")


def make_ptr(*parts) -> str:
    """An opaque, deterministic @ptr (base64, like the real ones)."""
    digest = hashlib.sha256("\n".join(str(p) for p in parts).encode()).digest()
    return base64.b64encode(b"\n\x1e" + digest[:30]).decode()


def group_arn(region: str, name: str) -> str:
    return f"arn:aws:logs:{region}:{accounts.current()}:log-group:{name}"


def insights_time(epoch: float) -> str:
    """2026-11-23 03:01:12.000, the @timestamp style of Insights results."""
    d = timeutil.to_datetime(epoch)
    return d.strftime("%Y-%m-%d %H:%M:%S.") + f"{d.microsecond // 1000:03d}"


def build_group(item: dict, region: str, now: float) -> dict:
    _unknown(item, GROUP_KEYS, "logs group")
    name = item.get("name")
    if not isinstance(name, str) or not NAME.match(name):
        raise ValueError(f"logs group name {name!r} is not a valid log group name")
    retention = item.get("retentionInDays")
    if retention is not None and retention not in RETENTION_DAYS:
        raise ValueError(f"retentionInDays {retention!r} is not one of {sorted(RETENTION_DAYS)}")
    events = item.get("events") or []
    if not isinstance(events, list):
        raise ValueError("logs group 'events' must be a list")
    built = []
    for i, ev in enumerate(events):
        _unknown(ev, EVENT_KEYS, "logs event")
        if "message" not in ev:
            raise ValueError("a logs event needs 'message'")
        message = ev["message"]
        if not isinstance(message, str):
            message = json.dumps(message, separators=(",", ":"))
        when = timeutil.to_epoch(ev["timestamp"]) if ev.get("timestamp") is not None else now
        when = int(when * 1000) / 1000.0
        stream = str(ev.get("stream") or "emulator")
        built.append({"time": when, "message": message, "stream": stream,
                      "ptr": make_ptr(region, name, stream, when, i, message)})
    built.sort(key=lambda e: e["time"], reverse=True)
    stored = item.get("storedBytes")
    stored = _whole(stored, "storedBytes") if stored is not None else sum(len(e["message"]) + 26 for e in built)
    created = item.get("creationTime")
    created = timeutil.to_epoch(created) if created is not None else (
        min([e["time"] for e in built], default=now) - 30 * 86400)
    return {"name": name, "arn": group_arn(region, name), "creationTime": int(created * 1000),
            "retentionInDays": retention, "storedBytes": stored, "events": built}


def build_rule(item: dict) -> dict:
    _unknown(item, RULE_KEYS, "logs rule")
    match = item.get("match")
    if not isinstance(match, str) or not match:
        raise ValueError("a logs rule needs a non-empty 'match' string")
    regex = bool(item.get("regex", False))
    try:
        pattern = re.compile(match) if regex else None
    except re.error as exc:
        raise ValueError(f"logs rule regex {match!r}: {exc}")
    rows = item.get("rows") or []
    if callable(rows):
        # Rows computed when a query runs, fn(startTime, endTime, queryString) -> [row]: only from Python
        # (a scenario), never from a JSON seed.
        rule = {"match": match, "regex": regex, "pattern": pattern, "status": "Complete", "rows": rows}
        rule.update(dict.fromkeys(("recordsScanned", "recordsMatched", "bytesScanned")))
        return rule
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ValueError("logs rule 'rows' must be a list of objects (field -> value)")
    status = item.get("status", "Complete")
    if status not in FINAL_STATUSES:
        raise ValueError(f"logs rule status must be one of {', '.join(FINAL_STATUSES)}")
    rule = {"match": match, "regex": regex, "pattern": pattern, "status": status,
            "rows": [{str(k): ("" if v is None else v if isinstance(v, str) else json.dumps(v)
                               if isinstance(v, (dict, list)) else str(v)) for k, v in r.items()} for r in rows]}
    for key in ("recordsScanned", "recordsMatched", "bytesScanned"):
        rule[key] = _whole(item[key], f"logs rule {key}") if item.get(key) is not None else None
    return rule


class RegionLogs:
    def __init__(self, region: str):
        self.region = region
        self.groups: dict[str, dict] = {}
        self.rules: list[dict] = []
        self.saved: dict[str, dict] = {}        # queryDefinitionId -> definition
        self.queries: dict[str, dict] = {}      # queryId -> query
        self.pointers: dict[str, dict] = {}     # @ptr -> log record
        self.polls = 2
        self.max_concurrent = 30
        self.malformed: str | None = None
        self.quirks = {"timestamp_format": "aws", "omit_statistics": False}

    def add_group(self, group: dict):
        old = self.groups.get(group["name"])
        for e in old["events"] if old else ():
            self.pointers.pop(e["ptr"], None)
        self.groups[group["name"]] = group
        for e in group["events"]:
            self.pointers[e["ptr"]] = record(group["name"], e)

    def rule_for(self, query: str):
        for rule in self.rules:
            if (rule["pattern"].search(query) if rule["regex"] else rule["match"] in query):
                return rule
        return None


def record(group: str, e: dict) -> dict:
    return {"@timestamp": str(int(e["time"] * 1000)), "@message": e["message"], "@logStream": e["stream"],
            "@log": f"{accounts.current()}:{group}", "@ingestionTime": str(int(e["time"] * 1000) + 450)}


class LogsStore(RegionalStore):
    part_class = RegionLogs

    def seed(self, data: dict, region: str, now: float) -> dict:
        """The `logs` part of POST /_emulator/seed (validated in full before anything is stored)."""
        _unknown(data, LOGS_KEYS, "logs seed")
        for key in ("groups", "rules", "saved"):
            if not isinstance(data.get(key) or [], list):
                raise ValueError(f"logs.{key} must be a list")
        groups = [build_group(item, region, now) for item in data.get("groups") or []]
        rules = [build_rule(item) for item in data.get("rules") or []]
        saved = []
        for item in data.get("saved") or []:
            _unknown(item, SAVED_KEYS, "logs saved query")
            if not item.get("name") or not item.get("queryString"):
                raise ValueError("a logs saved query needs 'name' and 'queryString'")
            names = item.get("logGroupNames") or []
            if not isinstance(names, list):
                raise ValueError("logs saved query 'logGroupNames' must be a list")
            qid = str(item.get("queryDefinitionId") or _uuid("saved", region, item["name"]))
            saved.append({"queryDefinitionId": qid, "name": str(item["name"]), "queryString": str(item["queryString"]),
                          "logGroupNames": [str(n) for n in names], "lastModified": int(now * 1000),
                          "queryLanguage": "CWLI"})
        if data.get("polls") is not None:
            _whole(data["polls"], "logs.polls")
        if data.get("max_concurrent") is not None:
            _whole(data["max_concurrent"], "logs.max_concurrent", 1)
        if "malformed" in data and data["malformed"] is not None and not isinstance(data["malformed"], str):
            raise ValueError("logs.malformed must be a string (or null)")
        quirks = data.get("quirks") or {}
        if not isinstance(quirks, dict):
            raise ValueError("logs.quirks must be an object")
        _unknown(quirks, QUIRK_KEYS, "logs quirks")
        if quirks.get("timestamp_format", "aws") not in TIMESTAMP_FORMATS:
            raise ValueError(f"logs.quirks.timestamp_format must be one of {', '.join(TIMESTAMP_FORMATS)}")
        if not isinstance(quirks.get("omit_statistics", False), bool):
            raise ValueError("logs.quirks.omit_statistics must be true or false")
        with self.lock:
            rs = self.region(region)
            for group in groups:
                rs.add_group(group)
            rs.rules.extend(rules)
            for d in saved:
                for old_id in [k for k, v in rs.saved.items() if v["name"] == d["name"]]:
                    del rs.saved[old_id]
                rs.saved[d["queryDefinitionId"]] = d
            if data.get("polls") is not None:
                rs.polls = data["polls"]
            if data.get("max_concurrent") is not None:
                rs.max_concurrent = data["max_concurrent"]
            if "malformed" in data:
                rs.malformed = data["malformed"] or None
            rs.quirks.update(quirks)
            return {"seeded_log_groups": len(groups), "seeded_log_events": sum(len(g["events"]) for g in groups),
                    "seeded_logs_rules": len(rules), "seeded_saved_queries": len(saved)}


def _uuid(*parts) -> str:
    import uuid

    return str(uuid.uuid5(uuid.UUID("0f4a3c2e-7b1d-4e5f-8a9b-2c3d4e5f6a7b"), "\n".join(str(p) for p in parts)))
