"""CloudWatch Logs Insights (and DescribeLogGroups) served from the emulator's LogsStore
(logs_store.py); every other Logs operation goes to moto.

- DescribeLogGroups: the seeded groups merged with moto's (CreateLogGroup), by name; prefix or
  case-insensitive substring pattern, limit 1-50 (default 50), nextToken. With
  `includeLinkedAccounts` in a monitoring account (cross-account observability, the seed's
  `observability`), the linked source accounts' groups too (only those of `accountIdentifiers`,
  at most 20, when given), sorted by name then ARN, each with its `logGroupArn`; in any other
  account the flag changes nothing, as AWS answers an account that is not a monitoring account.
- StartQuery: one of logGroupName / logGroupNames (names only) / logGroupIdentifiers (names or
  ARNs), <= 50; an ARN of a linked source account reads that account's events, one of any other
  account is ResourceNotFoundException;
  startTime <= endTime (epoch seconds), queryString <= 10,000 characters. Errors:
  MalformedQueryException (empty, unbalanced quotes or parentheses, the seeded `malformed`
  marker), ResourceNotFoundException (unknown group), LimitExceededException (more than
  `max_concurrent` queries Scheduled/Running).
- GetQueryResults: Scheduled for the first poll, Running for `polls` polls with growing partial
  statistics and rows, then the final status (Complete unless the rule says otherwise).
  Rows: the first seeded rule matching the query text, else the groups' events (seeded, or put
  with PutLogEvents) in the time range
  as @timestamp, @message, @logStream, @log, @ptr, newest first; both cut to the query's limit.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import re
import uuid

import accounts
import timeutil
from aws_protocols import AwsError
from logs_store import LogsStore, insights_time, make_ptr, record
from services import Service

ACTIVE = ("Scheduled", "Running")
DEFAULT_LIMIT = 10000
ARN_GROUP = re.compile(r"^arn:aws[\w-]*:logs:[^:]*:(\d*):log-group:([^:]+)(:\*)?$")
LIMIT_CMD = re.compile(r"\|\s*limit\s+(\d+)")


_ALIAS = re.compile(r"([A-Za-z_]\w*\s*\((?:[^()]|\([^()]*\))*\))\s+as\s+([A-Za-z_@][\w.]*)", re.IGNORECASE)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def aliases(query: str) -> dict:
    """`count(*) as errors` -> {"count(*)": "errors"}: a result column carries the name the query
    gives it, as Logs Insights answers."""
    return {_squeeze(m.group(1)): m.group(2) for m in _ALIAS.finditer(query)}


def _invalid(message):
    return AwsError("InvalidParameterException", message)


def _epoch_ms(value: str) -> str:
    """2026-11-23 03:01:12.000 as LocalStack writes it: 1795402872000; anything else as it is."""
    try:
        d = datetime.datetime.strptime(value, "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        return value
    return str(int(d.timestamp() * 1000))


def _int(p, name, lo, hi, default):
    value = p.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise _invalid(f"1 validation error detected: Value '{value}' at '{name}' failed to satisfy constraint: "
                       f"Member must have value between {lo} and {hi}")
    return value


def _page(keyed: list, p: dict, limit: int, kind: str):
    """keyed: [(sort key, item)] already sorted; (page, next token or None)."""
    if p.get("nextToken"):
        try:
            got, after = json.loads(base64.urlsafe_b64decode(str(p["nextToken"]).encode()))
            if got != kind:
                raise ValueError(got)
        except Exception:
            raise _invalid("The specified nextToken is invalid.")
        keyed = [kv for kv in keyed if kv[0] > after]
    page = keyed[:limit]
    token = None
    if len(keyed) > limit:
        token = base64.urlsafe_b64encode(json.dumps([kind, page[-1][0]]).encode()).decode()
    return [item for _, item in page], token


def _with_token(out, token):
    if token:
        out["nextToken"] = token
    return out


def _ms(value) -> int:
    return int(value) if isinstance(value, (int, float)) else int(timeutil.to_epoch(value) * 1000)


def _moto_groups(region: str) -> dict:
    try:
        from moto.logs.models import logs_backends

        backend = logs_backends[accounts.current()][region]
        return {name: {"name": name, "arn": str(g.arn)[:-2] if str(g.arn).endswith(":*") else str(g.arn),
                       "creationTime": _ms(g.creation_time), "retentionInDays": g.retention_in_days,
                       "storedBytes": 0, "events": _moto_events(region, name, g)}
                for name, g in backend.groups.items()}
    except Exception:
        return {}


def _moto_events(region: str, group: str, g) -> list[dict]:
    """The events put with PutLogEvents, as Insights reads them (newest first)."""
    built = []
    for stream_name, stream in g.streams.items():
        for i, ev in enumerate(stream.events):
            when = int(ev.timestamp) / 1000.0
            built.append({"time": when, "message": ev.message, "stream": stream_name,
                          "ptr": make_ptr(region, group, stream_name, when, i, ev.message)})
    built.sort(key=lambda e: e["time"], reverse=True)
    return built


class LogsApi:
    def __init__(self, store, region: str):
        self.store = store
        self.rs = store.region(region)
        self.region = region

    def _groups(self, account: str | None = None) -> dict:
        """The log groups of `account` (default: the caller's) in this region, by name."""
        with accounts.acting_as(account or accounts.current()):
            groups = _moto_groups(self.region)
            groups.update(self.store.region(self.region).groups)
        return groups

    def _visible_accounts(self, p) -> list:
        """The accounts whose groups DescribeLogGroups lists: the caller's, and with
        includeLinkedAccounts in a monitoring account its linked sources (those named)."""
        own = accounts.current()
        if not p.get("includeLinkedAccounts"):
            return [own]
        named = p.get("accountIdentifiers") or []
        if len(named) > 20:
            raise _invalid("1 validation error detected: Value at 'accountIdentifiers' failed to satisfy "
                           "constraint: Member must have length less than or equal to 20")
        every = [own] + list(accounts.caller().sources)
        return [a for a in every if not named or a in named]

    # ------------------------------------------------------------ log groups

    def describe_log_groups(self, p):
        limit = _int(p, "limit", 1, 50, 50)
        prefix, pattern = p.get("logGroupNamePrefix"), p.get("logGroupNamePattern")
        if prefix and pattern:
            raise _invalid("LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.")
        wanted = set(p.get("logGroupIdentifiers") or ()) or None
        keyed = []
        for account in self._visible_accounts(p):
            for name, g in self._groups(account).items():
                if prefix and not name.startswith(prefix):
                    continue
                if pattern and pattern.lower() not in name.lower():
                    continue
                if wanted and name not in wanted and g["arn"] not in wanted:
                    continue
                item = {"logGroupName": name, "creationTime": g["creationTime"], "metricFilterCount": 0,
                        "arn": g["arn"] + ":*", "storedBytes": g["storedBytes"], "logGroupClass": "STANDARD",
                        "logGroupArn": g["arn"]}
                if g["retentionInDays"]:
                    item["retentionInDays"] = g["retentionInDays"]
                keyed.append(([name, g["arn"]], item))
        keyed.sort(key=lambda kv: kv[0])
        page, token = _page(keyed, p, limit, "groups")
        return _with_token({"logGroups": page}, token)

    # ------------------------------------------------------------ queries

    def _targets(self, p) -> list:
        """[(account, group name)] a StartQuery names: a name is the caller's; an ARN names its
        account, which must be the caller's or one of its linked sources."""
        given = [k for k in ("logGroupName", "logGroupNames", "logGroupIdentifiers") if p.get(k)]
        if len(given) != 1:
            raise _invalid("Exactly one of logGroupName, logGroupNames or logGroupIdentifiers must be specified.")
        names = [p["logGroupName"]] if given[0] == "logGroupName" else list(p[given[0]])
        if len(names) > 50:
            raise _invalid(f"A query can reference at most 50 log groups; got {len(names)}.")
        own = accounts.current()
        readable = {own, *accounts.caller().sources}
        out = []
        for name in names:
            m = ARN_GROUP.match(str(name))
            if m and given[0] != "logGroupIdentifiers":
                raise _invalid(f"1 validation error detected: Value '{name}' at '{given[0]}' failed to satisfy "
                               "constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+ "
                               "(an ARN goes in logGroupIdentifiers)")
            account = (m.group(1) or own) if m else own
            if account not in readable:
                raise AwsError("ResourceNotFoundException",
                               f"Log group '{name}' does not exist for account ID '{own}'")
            out.append((account, m.group(2) if m else str(name)))
        return list(dict.fromkeys(out))

    def _check_query(self, text: str):
        if not text.strip():
            raise AwsError("MalformedQueryException", "The query string is empty.")
        if self.rs.malformed and self.rs.malformed in text:
            raise AwsError("MalformedQueryException",
                           f"unexpected symbol found {self.rs.malformed} at line 1 and position "
                           f"{text.index(self.rs.malformed) + 1}")
        for quote in ('"', "'", "`"):
            if text.count(quote) % 2:
                raise AwsError("MalformedQueryException", f"unbalanced {quote} in the query string")
        depth = 0
        for c in re.sub(r"\"[^\"]*\"|'[^']*'|`[^`]*`", "", text):
            depth += (c == "(") - (c == ")")
            if depth < 0:
                break
        if depth:
            raise AwsError("MalformedQueryException", "unbalanced parentheses in the query string")

    def start_query(self, p):
        text = p.get("queryString")
        if text is None:
            raise _invalid("1 validation error detected: Value null at 'queryString' failed to satisfy "
                           "constraint: Member must not be null")
        if len(text) > 10000:
            raise _invalid("1 validation error detected: Value at 'queryString' failed to satisfy constraint: "
                           "Member must have length less than or equal to 10000")
        for key in ("startTime", "endTime"):
            if p.get(key) is None:
                raise _invalid(f"1 validation error detected: Value null at '{key}' failed to satisfy "
                               "constraint: Member must not be null")
        start, end = int(p["startTime"]), int(p["endTime"])
        if start > end:
            raise _invalid("End time must be greater than or equal to start time.")
        limit = _int(p, "limit", 1, 100000, DEFAULT_LIMIT)
        targets = self._targets(p)
        self._check_query(text)
        for account, name in targets:
            if name not in self._groups(account):
                raise AwsError("ResourceNotFoundException",
                               f"Log group '{name}' does not exist for account ID '{account}'")
        names = [name for _, name in targets]
        with self.store.lock:
            active = sum(1 for q in self.rs.queries.values() if q["status"] in ACTIVE)
            if active >= self.rs.max_concurrent:
                raise AwsError("LimitExceededException",
                               f"Account maximum query concurrency limit of [{self.rs.max_concurrent}] reached.")
            cmd = LIMIT_CMD.search(text)
            if cmd:
                limit = min(limit, max(1, int(cmd.group(1))))
            qid = str(uuid.uuid4())
            self.rs.queries[qid] = {"queryId": qid, "queryString": text, "logGroupNames": names, "targets": targets, "startTime": start,
                                    "endTime": end, "limit": limit, "status": "Scheduled", "polls": 0,
                                    "createTime": int(timeutil.now() * 1000), "result": None}
        return {"queryId": qid}

    def _result(self, q: dict) -> dict:
        """rows, statistics and final status of a query (computed once, at StartQuery's first poll)."""
        groups = {target: self._groups(target[0])[target[1]] for target in q["targets"]}
        rule = self.rs.rule_for(q["queryString"])
        if rule is not None:
            source = rule["rows"](q["startTime"], q["endTime"], q["queryString"]) if callable(rule["rows"]) else rule["rows"]
            names = aliases(q["queryString"])
            rows = []
            for i, row in enumerate(source[:q["limit"]]):
                row = {names.get(_squeeze(k), k): v for k, v in row.items()}
                if "@ptr" not in row and ("@message" in row or "@timestamp" in row):
                    row["@ptr"] = make_ptr(self.region, q["queryString"], i, json.dumps(row, sort_keys=True))
                if "@ptr" in row:
                    rec = {k: v for k, v in row.items() if k != "@ptr"}
                    rec.setdefault("@log", "{}:{}".format(*q["targets"][0]))
                    self.rs.pointers.setdefault(row["@ptr"], rec)
                rows.append(row)
            matched = rule["recordsMatched"] if rule["recordsMatched"] is not None else len(source)
            scanned = rule["recordsScanned"] if rule["recordsScanned"] is not None else max(matched, sum(
                len(g["events"]) for g in groups.values()))
            scanned_bytes = rule["bytesScanned"] if rule["bytesScanned"] is not None else scanned * 180
            return {"rows": rows, "matched": matched, "scanned": scanned, "bytes": scanned_bytes,
                    "status": rule["status"]}
        events, scanned_bytes = [], 0
        for (account, name), group in groups.items():
            for e in group["events"]:
                if q["startTime"] <= e["time"] <= q["endTime"]:
                    events.append((e, account, name))
                    scanned_bytes += len(e["message"])
        events.sort(key=lambda en: en[0]["time"], reverse=True)
        rows = []
        for e, account, name in events[:q["limit"]]:
            rows.append({"@timestamp": insights_time(e["time"]), "@message": e["message"],
                         "@logStream": e["stream"], "@log": f"{account}:{name}", "@ptr": e["ptr"]})
            self.rs.pointers.setdefault(e["ptr"], record(name, e))
        return {"rows": rows, "matched": len(events), "scanned": len(events), "bytes": scanned_bytes,
                "status": "Complete"}

    def _query(self, p) -> dict:
        qid = p.get("queryId")
        q = self.rs.queries.get(qid) if qid else None
        if q is None:
            raise AwsError("ResourceNotFoundException", f"Query {qid} does not exist.")
        return q

    def get_query_results(self, p):
        with self.store.lock:
            q = self._query(p)
            if q["result"] is None:
                q["result"] = self._result(q)
            res, polls = q["result"], self.rs.polls
            if q["status"] in ACTIVE:
                q["polls"] += 1
                n = q["polls"]
                q["status"] = "Scheduled" if n == 1 else "Running" if n <= 1 + polls else res["status"]
            status = q["status"]
            if status == "Scheduled":
                frac = 0.0
            elif status == "Running":
                frac = (q["polls"] - 1) / (polls + 1)
            elif status == "Cancelled":
                frac = min(1.0, max(0, q["polls"] - 1) / (polls + 1))
            else:
                frac = 1.0
        shown = res["rows"] if frac >= 1.0 else res["rows"][:int(len(res["rows"]) * frac)]
        if status in ("Failed", "Timeout"):
            shown = []
        stats = {"recordsMatched": float(int(res["matched"] * frac)),
                 "recordsScanned": float(int(res["scanned"] * frac)),
                 "bytesScanned": float(int(res["bytes"] * frac))}
        quirks = self.rs.quirks
        if quirks["timestamp_format"] == "epoch_ms":
            shown = [{k: _epoch_ms(v) if k == "@timestamp" else v for k, v in row.items()} for row in shown]
        answer = {"queryLanguage": "CWLI", "status": status, "statistics": stats,
                  "results": [[{"field": k, "value": v} for k, v in row.items()] for row in shown]}
        if quirks["omit_statistics"]:
            del answer["statistics"]
        return answer

    def stop_query(self, p):
        with self.store.lock:
            q = self._query(p)
            if q["status"] not in ACTIVE:
                return {"success": False}
            if q["result"] is None:
                q["result"] = self._result(q)
            q["status"] = "Cancelled"
        return {"success": True}

    def describe_queries(self, p):
        limit = _int(p, "maxResults", 1, 1000, 1000)
        status, group = p.get("status"), p.get("logGroupName")
        with self.store.lock:
            queries = list(self.rs.queries.values())
        keyed = []
        for q in sorted(queries, key=lambda q: (-q["createTime"], q["queryId"])):
            if (status and q["status"] != status) or (group and group not in q["logGroupNames"]):
                continue
            keyed.append(([-q["createTime"], q["queryId"]],
                          {"queryLanguage": "CWLI", "queryId": q["queryId"], "queryString": q["queryString"],
                           "status": q["status"], "createTime": q["createTime"],
                           "logGroupName": q["logGroupNames"][0]}))
        page, token = _page(keyed, p, limit, "queries")
        return _with_token({"queries": page}, token)

    # ------------------------------------------------------------ saved queries

    def describe_query_definitions(self, p):
        limit = _int(p, "maxResults", 1, 1000, 1000)
        prefix = p.get("queryDefinitionNamePrefix") or ""
        with self.store.lock:
            defs = list(self.rs.saved.values())
        keyed = [([d["name"], d["queryDefinitionId"]], dict(d, logGroupNames=list(d["logGroupNames"])))
                 for d in sorted(defs, key=lambda d: (d["name"], d["queryDefinitionId"])) if d["name"].startswith(prefix)]
        page, token = _page(keyed, p, limit, "definitions")
        return _with_token({"queryDefinitions": page}, token)

    def put_query_definition(self, p):
        name, text = p.get("name"), p.get("queryString")
        if not name or not text:
            raise _invalid("name and queryString are required.")
        if len(text) > 10000:
            raise _invalid("queryString must be at most 10000 characters.")
        with self.store.lock:
            qid = p.get("queryDefinitionId")
            if qid and qid not in self.rs.saved:
                raise AwsError("ResourceNotFoundException", f"Query definition {qid} does not exist.")
            qid = qid or str(uuid.uuid4())
            self.rs.saved[qid] = {"queryDefinitionId": qid, "name": name, "queryString": text,
                                  "logGroupNames": list(p.get("logGroupNames") or []),
                                  "lastModified": int(timeutil.now() * 1000), "queryLanguage": "CWLI"}
        return {"queryDefinitionId": qid}

    def get_log_record(self, p):
        ptr = p.get("logRecordPointer")
        if not ptr:
            raise _invalid("logRecordPointer is required.")
        try:
            base64.b64decode(str(ptr), validate=True)
        except (binascii.Error, ValueError):
            raise _invalid("The specified log record pointer is not valid.")
        with self.store.lock:
            rec = self.rs.pointers.get(ptr)
        if rec is None:
            raise AwsError("ResourceNotFoundException", "The specified log record does not exist.")
        return {"logRecord": dict(rec)}


def handlers(store, region: str) -> dict:
    """Logs operation name -> fn(params) for the operations served from the store."""
    api = LogsApi(store, region)
    return {
        "DescribeLogGroups": api.describe_log_groups,
        "StartQuery": api.start_query,
        "GetQueryResults": api.get_query_results,
        "StopQuery": api.stop_query,
        "DescribeQueries": api.describe_queries,
        "DescribeQueryDefinitions": api.describe_query_definitions,
        "PutQueryDefinition": api.put_query_definition,
        "GetLogRecord": api.get_log_record,
    }


SERVICE = Service(
    name="logs",
    wire={"model": "logs", "namespace": "com.amazonaws.cloudwatchlogs", "target": "Logs_20140328",
          "signing": "logs", "json_version": "1.1"},
    protocols=("json",),
    new_store=LogsStore,
    handlers=handlers,
    seed_keys=("logs",),
)
