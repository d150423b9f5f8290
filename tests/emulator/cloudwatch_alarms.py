"""CloudWatch alarms owned by the emulator (moto 5.2 has no composite alarms, no alarm
history and no DescribeAlarms paging). One AlarmStore per region."""

from __future__ import annotations

import base64
import copy
import json
import threading

import accounts
import composite_rules
import timeutil
from aws_protocols import AwsError

METRIC = "MetricAlarm"
COMPOSITE = "CompositeAlarm"
STATES = ("OK", "ALARM", "INSUFFICIENT_DATA")

METRIC_CONFIG_KEYS = (
    "AlarmDescription", "ActionsEnabled", "OKActions", "AlarmActions", "InsufficientDataActions",
    "MetricName", "Namespace", "Statistic", "ExtendedStatistic", "Dimensions", "Period", "Unit",
    "EvaluationPeriods", "DatapointsToAlarm", "Threshold", "ComparisonOperator", "TreatMissingData",
    "EvaluateLowSampleCountPercentile", "Metrics", "ThresholdMetricId",
)
COMPOSITE_CONFIG_KEYS = (
    "AlarmDescription", "AlarmRule", "ActionsEnabled", "OKActions", "AlarmActions",
    "InsufficientDataActions", "ActionsSuppressor", "ActionsSuppressorWaitPeriod",
    "ActionsSuppressorExtensionPeriod",
)
STATE_KEYS = ("StateValue", "StateReason", "StateReasonData", "StateUpdatedTimestamp",
              "StateTransitionedTimestamp")


def _token(kind: str, value: str) -> str:
    return base64.urlsafe_b64encode(f"{kind}\n{value}".encode()).decode()


def _untoken(kind: str, token: str) -> str:
    try:
        got_kind, value = base64.urlsafe_b64decode(token.encode()).decode().split("\n", 1)
    except Exception:
        got_kind, value = None, None
    if got_kind != kind:
        raise AwsError("InvalidNextToken", "The service returned an invalid next token.")
    return value


def _max_records(params, default, limit=100) -> int:
    value = params.get("MaxRecords", default)
    if not isinstance(value, int) or not 1 <= value <= limit:
        raise AwsError("InvalidParameterValue",
                       f"The value {value} for parameter MaxRecords is not valid: 1 to {limit}.")
    return value


def _reason_data_json(value):
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"))


class AlarmStore:
    def __init__(self, region: str):
        self.region = region
        self.account = accounts.current()
        self.lock = threading.RLock()
        self.alarms: dict[str, dict] = {}      # name -> record ("_type" says which kind)
        self.history: list[dict] = []
        self.tags: dict[str, dict] = {}        # ARN -> {key: value}
        self._seq = 0

    def arn(self, name: str) -> str:
        return f"arn:aws:cloudwatch:{self.region}:{self.account}:alarm:{name}"

    # ------------------------------------------------------------ records

    def _base_record(self, kind, item, now):
        name = item.get("AlarmName")
        if not name or not isinstance(name, str):
            raise AwsError("MissingParameter", "The parameter AlarmName is required.")
        state = item.get("StateValue", "OK")
        if state not in STATES:
            raise AwsError("InvalidParameterValue", f"Invalid StateValue {state!r}.")
        updated = timeutil.to_epoch(item["StateUpdatedTimestamp"]) if item.get("StateUpdatedTimestamp") is not None else now
        return {
            "_type": kind, "AlarmName": name, "AlarmArn": self.arn(name),
            "AlarmDescription": item.get("AlarmDescription"),
            "AlarmConfigurationUpdatedTimestamp": timeutil.to_epoch(
                item.get("AlarmConfigurationUpdatedTimestamp", updated)),
            "ActionsEnabled": bool(item.get("ActionsEnabled", True)),
            "OKActions": list(item.get("OKActions") or []),
            "AlarmActions": list(item.get("AlarmActions") or []),
            "InsufficientDataActions": list(item.get("InsufficientDataActions") or []),
            "StateValue": state,
            "StateReason": item.get("StateReason") or f"Alarm seeded by the warroom emulator in state {state}",
            "StateReasonData": _reason_data_json(item.get("StateReasonData")),
            "StateUpdatedTimestamp": updated,
            "StateTransitionedTimestamp": timeutil.to_epoch(item.get("StateTransitionedTimestamp", updated)),
        }

    def seed_metric_alarm(self, item: dict, now: float) -> None:
        record = self._base_record(METRIC, item, now)
        for key in METRIC_CONFIG_KEYS:
            if key in item and key not in record:
                record[key] = copy.deepcopy(item[key])
        record.setdefault("Dimensions", [])
        record.setdefault("Period", 60)
        record.setdefault("EvaluationPeriods", 1)
        record.setdefault("ComparisonOperator", "GreaterThanThreshold")
        record.setdefault("Threshold", 0.0)
        record.setdefault("TreatMissingData", "missing")
        if not record.get("ExtendedStatistic") and not record.get("Metrics"):
            record.setdefault("Statistic", "Average")
        if record.get("Metrics"):
            for key in ("Period", "Dimensions", "Statistic"):
                if key not in item:
                    record.pop(key, None)
        record["Threshold"] = float(record["Threshold"])
        with self.lock:
            self.alarms[record["AlarmName"]] = record

    def seed_composite_alarm(self, item: dict, now: float) -> None:
        if not item.get("AlarmRule"):
            raise AwsError("MissingParameter", "The parameter AlarmRule is required.")
        record = self._base_record(COMPOSITE, item, now)
        for key in COMPOSITE_CONFIG_KEYS:
            if key in item and key not in record:
                record[key] = copy.deepcopy(item[key])
        with self.lock:
            self.alarms[record["AlarmName"]] = record

    def seed_history(self, item: dict, now: float) -> None:
        name = item.get("AlarmName")
        if not name:
            raise AwsError("MissingParameter", "alarm_history items need AlarmName")
        with self.lock:
            kind = item.get("AlarmType") or self.alarms.get(name, {}).get("_type", METRIC)
            ts = timeutil.to_epoch(item.get("Timestamp", now))
            entry = {
                "AlarmName": name, "AlarmType": kind, "Timestamp": ts,
                "HistoryItemType": item.get("HistoryItemType", "StateUpdate"),
                "HistorySummary": item.get("HistorySummary", ""),
                "HistoryData": _reason_data_json(item.get("HistoryData")) or "{}",
            }
            duplicate = any(
                h["AlarmName"] == name and h["Timestamp"] == ts
                and h["HistoryItemType"] == entry["HistoryItemType"]
                and h["HistorySummary"] == entry["HistorySummary"] for h in self.history)
            if not duplicate:
                self._append_history(entry)

    def _append_history(self, entry: dict) -> None:
        self._seq += 1
        entry["_seq"] = self._seq
        self.history.append(entry)

    def generate(self, count: int, state: str, now: float) -> None:
        for i in range(1, count + 1):
            suffix = f"{i:05d}"
            self.seed_metric_alarm({
                "AlarmName": f"gen-alarm-{suffix}",
                "AlarmDescription": "Generated filler alarm",
                "Namespace": "Warroom/Generated", "MetricName": "Filler",
                "Dimensions": [{"Name": "Index", "Value": suffix}],
                "Statistic": "Average", "Period": 60, "EvaluationPeriods": 1,
                "Threshold": 100.0, "ComparisonOperator": "GreaterThanThreshold",
                "StateValue": state,
            }, now)

    @staticmethod
    def public(record: dict) -> dict:
        return {k: copy.deepcopy(v) for k, v in record.items() if not k.startswith("_") and v is not None}

    # ------------------------------------------------------------ state changes

    def set_state(self, name, state, reason, reason_data=None, ts=None, _depth=0):
        """SetAlarmState semantics: update state, append a StateUpdate history item and
        re-evaluate composite alarms that reference this alarm."""
        if state not in STATES:
            raise AwsError("InvalidParameterValue", f"Invalid StateValue {state!r}.")
        if reason_data is not None and not isinstance(reason_data, str):
            reason_data = _reason_data_json(reason_data)
        if reason_data:
            try:
                json.loads(reason_data)
            except ValueError:
                raise AwsError("InvalidFormat", "StateReasonData is not valid JSON.")
        ts = timeutil.now() if ts is None else ts
        with self.lock:
            record = self.alarms.get(name)
            if record is None:
                raise AwsError("ResourceNotFound", f"Alarm {name} not found", 404)
            old = {"stateValue": record["StateValue"], "stateReason": record.get("StateReason", "")}
            if record.get("StateReasonData"):
                old["stateReasonData"] = _loads(record["StateReasonData"])
            new = {"stateValue": state, "stateReason": reason or ""}
            if reason_data:
                new["stateReasonData"] = _loads(reason_data)
            changed = record["StateValue"] != state
            record["StateValue"] = state
            record["StateReason"] = reason or ""
            record["StateReasonData"] = reason_data
            record["StateUpdatedTimestamp"] = ts
            if changed:
                record["StateTransitionedTimestamp"] = ts
            self._append_history({
                "AlarmName": name, "AlarmType": record["_type"], "Timestamp": ts,
                "HistoryItemType": "StateUpdate",
                "HistorySummary": f"Alarm updated from {old['stateValue']} to {state}",
                "HistoryData": json.dumps({"version": "1.0", "oldState": old, "newState": new},
                                          separators=(",", ":")),
            })
            if changed and _depth < 10:
                self._reevaluate_parents(name, ts, _depth)

    def _reevaluate_parents(self, child, ts, depth):
        states = {n: r["StateValue"] for n, r in self.alarms.items()}
        child_record = self.alarms[child]
        for record in list(self.alarms.values()):
            if record["_type"] != COMPOSITE:
                continue
            if child not in composite_rules.referenced_alarms(record.get("AlarmRule", "")):
                continue
            result = composite_rules.evaluate(record["AlarmRule"], states)
            if result is None:
                continue
            target = "ALARM" if result else "OK"
            if target == record["StateValue"]:
                continue
            reason = (f"{child_record['AlarmArn']} transitioned to {child_record['StateValue']} "
                      f"at {timeutil.aws_long_date(ts)}")
            data = {"triggeringAlarms": [{"arn": child_record["AlarmArn"], "state": {
                "value": child_record["StateValue"], "timestamp": timeutil.aws_reason_time(ts)}}]}
            self.set_state(record["AlarmName"], target, reason, data, ts, depth + 1)

    def _config_history(self, name, kind, verb, data):
        self._append_history({
            "AlarmName": name, "AlarmType": kind, "Timestamp": timeutil.now(),
            "HistoryItemType": "ConfigurationUpdate",
            "HistorySummary": f'Alarm "{name}" {verb}',
            "HistoryData": json.dumps(data, separators=(",", ":"), default=str),
        })

    # ------------------------------------------------------------ API operations

    def describe_alarms(self, p: dict) -> dict:
        max_records = _max_records(p, 50)
        if p.get("AlarmNames") and p.get("AlarmNamePrefix"):
            raise AwsError("InvalidParameterCombination",
                           "AlarmNames and AlarmNamePrefix cannot be used together.")
        types = set(p.get("AlarmTypes") or [METRIC])
        with self.lock:
            records = list(self.alarms.values())
            if p.get("ChildrenOfAlarmName"):
                parent = self.alarms.get(p["ChildrenOfAlarmName"])
                children = set(composite_rules.referenced_alarms(parent.get("AlarmRule", ""))) if parent else set()
                records = [r for r in records if r["AlarmName"] in children]
                types = {METRIC, COMPOSITE}
            if p.get("ParentsOfAlarmName"):
                child = p["ParentsOfAlarmName"]
                records = [r for r in records if r["_type"] == COMPOSITE
                           and child in composite_rules.referenced_alarms(r.get("AlarmRule", ""))]
                types = {METRIC, COMPOSITE}
            if p.get("AlarmNames"):
                wanted = set(p["AlarmNames"])
                records = [r for r in records if r["AlarmName"] in wanted]
            if p.get("AlarmNamePrefix"):
                records = [r for r in records if r["AlarmName"].startswith(p["AlarmNamePrefix"])]
            if p.get("StateValue"):
                records = [r for r in records if r["StateValue"] == p["StateValue"]]
            if p.get("ActionPrefix"):
                prefix = p["ActionPrefix"]
                records = [r for r in records if any(
                    a.startswith(prefix) for key in ("AlarmActions", "OKActions", "InsufficientDataActions")
                    for a in r.get(key) or [])]
            records = sorted((r for r in records if r["_type"] in types), key=lambda r: r["AlarmName"])
            if p.get("NextToken"):
                after = _untoken("alarms", p["NextToken"])
                records = [r for r in records if r["AlarmName"] > after]
            page = records[:max_records]
            out = {
                "MetricAlarms": [self.public(r) for r in page if r["_type"] == METRIC],
                "CompositeAlarms": [self.public(r) for r in page if r["_type"] == COMPOSITE],
            }
        if len(records) > max_records:
            out["NextToken"] = _token("alarms", page[-1]["AlarmName"])
        return out

    def describe_alarm_history(self, p: dict) -> dict:
        max_records = _max_records(p, 100)
        types = set(p.get("AlarmTypes") or [METRIC])
        descending = p.get("ScanBy", "TimestampDescending") != "TimestampAscending"
        with self.lock:
            items = [h for h in self.history if h["AlarmType"] in types]
        if p.get("AlarmName"):
            items = [h for h in items if h["AlarmName"] == p["AlarmName"]]
        if p.get("HistoryItemType"):
            items = [h for h in items if h["HistoryItemType"] == p["HistoryItemType"]]
        if p.get("StartDate") is not None:
            items = [h for h in items if h["Timestamp"] >= p["StartDate"]]
        if p.get("EndDate") is not None:
            items = [h for h in items if h["Timestamp"] <= p["EndDate"]]
        items.sort(key=lambda h: (h["Timestamp"], h["_seq"]), reverse=descending)
        if p.get("NextToken"):
            ts, seq = _untoken("history", p["NextToken"]).split(" ")
            last = (float(ts), int(seq))
            if descending:
                items = [h for h in items if (h["Timestamp"], h["_seq"]) < last]
            else:
                items = [h for h in items if (h["Timestamp"], h["_seq"]) > last]
        page = items[:max_records]
        out = {"AlarmHistoryItems": [self.public(h) for h in page]}
        if len(items) > max_records:
            out["NextToken"] = _token("history", f"{page[-1]['Timestamp']!r} {page[-1]['_seq']}")
        return out

    def put_metric_alarm(self, p: dict) -> dict:
        for key in ("AlarmName", "EvaluationPeriods", "ComparisonOperator"):
            if p.get(key) is None:
                raise AwsError("MissingParameter", f"The parameter {key} is required.")
        if p.get("Statistic") and p.get("ExtendedStatistic"):
            raise AwsError("InvalidParameterCombination",
                           "Statistic and ExtendedStatistic cannot both be specified.")
        if not p.get("Metrics") and not (p.get("MetricName") and p.get("Namespace")):
            raise AwsError("ValidationError", "MetricName and Namespace, or Metrics, are required.")
        return self._put(METRIC, p, METRIC_CONFIG_KEYS)

    def put_composite_alarm(self, p: dict) -> dict:
        for key in ("AlarmName", "AlarmRule"):
            if not p.get(key):
                raise AwsError("MissingParameter", f"The parameter {key} is required.")
        if composite_rules.evaluate(p["AlarmRule"], {n: "OK" for n in
                                                     composite_rules.referenced_alarms(p["AlarmRule"])}) is None:
            raise AwsError("ValidationError", f"Invalid AlarmRule: {p['AlarmRule']}")
        return self._put(COMPOSITE, p, COMPOSITE_CONFIG_KEYS)

    def _put(self, kind, p, keys):
        now = timeutil.now()
        name = p["AlarmName"]
        with self.lock:
            existing = self.alarms.get(name)
            if existing is not None and existing["_type"] != kind:
                raise AwsError("InvalidParameterValue", f"An alarm of another type is named {name}.")
            item = {k: p[k] for k in keys if k in p}
            item.update({"AlarmName": name, "AlarmConfigurationUpdatedTimestamp": now})
            if existing is not None:
                item.update({k: existing.get(k) for k in STATE_KEYS})
            else:
                item.update({"StateValue": "INSUFFICIENT_DATA", "StateUpdatedTimestamp": now,
                             "StateReason": "Unchecked: Initial alarm creation"})
            if kind == METRIC:
                self.seed_metric_alarm(item, now)
            else:
                self.seed_composite_alarm(item, now)
            record = self.public(self.alarms[name])
            if existing is None:
                self._config_history(name, kind, "created",
                                     {"type": "Create", "version": "1.0", "createdAlarm": record})
            else:
                self._config_history(name, kind, "updated", {
                    "type": "Update", "version": "1.0",
                    "originalAlarm": self.public(existing), "updatedAlarm": record})
            if p.get("Tags"):
                self.tags.setdefault(self.arn(name), {}).update(
                    {t["Key"]: t.get("Value", "") for t in p["Tags"]})
            if kind == COMPOSITE:
                self._evaluate_composite(name, now)
        return {}

    def _evaluate_composite(self, name, ts):
        record = self.alarms[name]
        states = {n: r["StateValue"] for n, r in self.alarms.items()}
        result = composite_rules.evaluate(record["AlarmRule"], states)
        if result is not None and ("ALARM" if result else "OK") != record["StateValue"]:
            self.set_state(name, "ALARM" if result else "OK",
                           "Composite alarm evaluated on creation or update", None, ts)

    def delete_alarms(self, p: dict) -> dict:
        names = p.get("AlarmNames") or []
        with self.lock:
            missing = [n for n in names if n not in self.alarms]
            if missing:
                raise AwsError("ResourceNotFound", f"Alarm(s) not found: {', '.join(missing)}", 404)
            for name in names:
                record = self.alarms.pop(name)
                self.tags.pop(record["AlarmArn"], None)
                self._config_history(name, record["_type"], "deleted", {
                    "type": "Delete", "version": "1.0", "deletedAlarm": self.public(record)})
        return {}

    def set_alarm_state(self, p: dict) -> dict:
        for key in ("AlarmName", "StateValue", "StateReason"):
            if not p.get(key):
                raise AwsError("MissingParameter", f"The parameter {key} is required.")
        self.set_state(p["AlarmName"], p["StateValue"], p["StateReason"], p.get("StateReasonData"))
        return {}

    def set_actions_enabled(self, p: dict, enabled: bool) -> dict:
        with self.lock:
            for name in p.get("AlarmNames") or []:
                if name in self.alarms:
                    self.alarms[name]["ActionsEnabled"] = enabled
        return {}

    def describe_alarms_for_metric(self, p: dict) -> dict:
        from cloudwatch_metrics import dims_key

        want_dims = dims_key(p.get("Dimensions"))
        with self.lock:
            out = []
            for r in sorted(self.alarms.values(), key=lambda r: r["AlarmName"]):
                if r["_type"] != METRIC or r.get("MetricName") != p.get("MetricName") \
                        or r.get("Namespace") != p.get("Namespace"):
                    continue
                if p.get("Dimensions") is not None and dims_key(r.get("Dimensions")) != want_dims:
                    continue
                if any(p.get(k) is not None and r.get(k) != p.get(k)
                       for k in ("Statistic", "ExtendedStatistic", "Period", "Unit")):
                    continue
                out.append(self.public(r))
        return {"MetricAlarms": out}

    def list_tags(self, p: dict) -> dict:
        with self.lock:
            tags = self.tags.get(p.get("ResourceARN", ""), {})
            return {"Tags": [{"Key": k, "Value": v} for k, v in sorted(tags.items())]}

    def tag_resource(self, p: dict) -> dict:
        with self.lock:
            self.tags.setdefault(p.get("ResourceARN", ""), {}).update(
                {t["Key"]: t.get("Value", "") for t in p.get("Tags") or []})
        return {}

    def untag_resource(self, p: dict) -> dict:
        with self.lock:
            tags = self.tags.get(p.get("ResourceARN", ""), {})
            for key in p.get("TagKeys") or []:
                tags.pop(key, None)
        return {}


def _loads(text):
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text
