"""The demo incident, anchored at T (03:02 UTC of the anchor day), account 123456789012.

checkout-api runs behind an ALB. At 02:58 alice revoked the security-group ingress rule that
let the app reach the checkout database; from 02:59 requests fail and time out. The 5xx alarm
fires at 03:02 (3 of 3 one-minute datapoints 02:59-03:01 above 50), the p99 latency alarm at
03:04 (5 of 5 datapoints 02:59-03:03 above 1.5 s), and the composite customer-impact alarm
with it. Everything else stays OK or INSUFFICIENT_DATA.

Metric values are a pure function of (metric, timestamp), so any run yields the same numbers
for the same minutes, and the series keep growing minute by minute while the emulator runs.
"""

from __future__ import annotations

import json
import random
import uuid

import accounts
import timeutil

ALB = "app/checkout-alb/5f1c2d3e4a6b7c8d"
TARGET_GROUP = "targetgroup/checkout-api/0a1b2c3d4e5f6a7b"
ORDERS_ALB = "app/orders-alb/7a8b9c0d1e2f3a4b"
AUTH_ALB = "app/auth-alb/1c2d3e4f5a6b7c8d"
AUTH_TARGET_GROUP = "targetgroup/auth-api/9f8e7d6c5b4a3f2e"
MINUTE, HOUR, DAY = 60, 3600, 86400
COMPARE = {
    "GreaterThanThreshold": "greater than",
    "GreaterThanOrEqualToThreshold": "greater than or equal to",
    "LessThanThreshold": "less than",
    "LessThanOrEqualToThreshold": "less than or equal to",
}


def _rng(key: str, ts: float) -> random.Random:
    return random.Random(f"{key}@{int(ts)}")


def generators(anchor: float) -> dict:
    """Metric name -> fn(ts) -> value. Breakage starts at 02:59, one minute after the SG change."""
    broken = anchor - 3 * MINUTE           # 02:59
    flap = (anchor - 112 * MINUTE, anchor - 107 * MINUTE)   # 01:10 .. 01:15 inclusive

    def checkout_5xx(ts):
        r = _rng("checkout-5xx", ts)
        return float(r.randint(300, 500)) if ts >= broken else float(r.choice([0, 0, 0, 1, 1, 2, 3]))

    def checkout_p99(ts):
        r = _rng("checkout-p99", ts)
        if ts >= broken:
            return round(r.uniform(2.0, 4.0), 3)
        if flap[0] <= ts <= flap[1]:
            return round(r.uniform(1.55, 1.95), 3)
        return round(r.uniform(0.22, 0.48), 3)

    def db_cpu(ts):
        r = _rng("checkout-db-cpu", ts)
        return round(r.uniform(5.0, 10.0) if ts >= broken - MINUTE else r.uniform(28.0, 42.0), 2)

    def orders_5xx(ts):
        return float(_rng("orders-5xx", ts).choice([0, 0, 1, 1, 2, 3]))

    def payments_depth(ts):
        r = _rng("payments-depth", ts)
        return float(r.randint(5, 25) if ts >= broken else r.randint(20, 90))

    def auth_p99(ts):
        return round(_rng("auth-p99", ts).uniform(0.15, 0.35), 3)

    def free_storage(ts):
        noise = _rng("free-storage", ts).uniform(-5e6, 5e6)
        return round(62.4e9 - (ts - anchor) * 1500.0 + noise, 0)

    return {
        "checkout_5xx": checkout_5xx, "checkout_p99": checkout_p99, "db_cpu": db_cpu,
        "orders_5xx": orders_5xx, "payments_depth": payments_depth, "auth_p99": auth_p99,
        "free_storage": free_storage,
    }


def _point_times(anchor: float, now: float) -> list[float]:
    """1-minute points for T-3h..T+3h and for the last 3 hours; coarser in between."""
    start = timeutil.floor_to(anchor - 3 * HOUR, MINUTE)
    last = timeutil.floor_to(now, MINUTE)
    times = set()
    for lo, hi in ((start, min(anchor + 3 * HOUR, last)), (max(start, last - 3 * HOUR), last)):
        times.update(range(int(lo), int(hi) + 1, MINUTE))
    gap_lo, gap_hi = anchor + 3 * HOUR, last - 3 * HOUR
    if gap_hi > gap_lo:
        step = 5 * MINUTE
        while (gap_hi - gap_lo) / step > 3000:
            step *= 2
        times.update(range(timeutil.floor_to(gap_lo, step) + step, int(gap_hi), step))
    return sorted(float(t) for t in times if t <= last)


def _threshold_reason(alarm: dict, gen, at: float, state: str, statistic_key="statistic"):
    """StateReason text and StateReasonData like CloudWatch writes for threshold alarms."""
    period = alarm["Period"]
    n = alarm["EvaluationPeriods"]
    last = timeutil.floor_to(at, period) - period
    stamps = [last - i * period for i in range(n)]           # newest first
    values = [gen(ts) for ts in stamps]
    points = ", ".join(f"{v} ({timeutil.aws_reason_short(ts)})" for v, ts in zip(values, stamps))
    threshold = float(alarm["Threshold"])
    compare = COMPARE[alarm["ComparisonOperator"]]
    if state == "ALARM":
        text = (f"Threshold Crossed: {n} out of the last {n} datapoints [{points}] were {compare} "
                f"the threshold ({threshold}) (minimum {alarm.get('DatapointsToAlarm', n)} datapoints "
                f"for OK -> ALARM transition).")
    else:
        verb = "was" if n == 1 else "were"
        text = (f"Threshold Crossed: {n} datapoint{'s' if n > 1 else ''} [{points}] {verb} not "
                f"{compare} the threshold ({threshold}).")
    stat = alarm.get("ExtendedStatistic") or alarm.get("Statistic")
    data = {
        "version": "1.0", "queryDate": timeutil.aws_reason_time(at + 0.512),
        "startDate": timeutil.aws_reason_time(stamps[-1]),
        ("extendedStatistic" if alarm.get("ExtendedStatistic") else "statistic"): stat,
        "period": period, "recentDatapoints": list(reversed(values)), "threshold": threshold,
        "evaluatedDatapoints": [{"timestamp": timeutil.aws_reason_time(ts), "sampleCount": 60.0,
                                 "value": v} for v, ts in zip(values, stamps)],
    }
    return text, json.dumps(data, separators=(",", ":"))


def _insufficient_reason(alarm: dict, at: float):
    n = alarm["EvaluationPeriods"]
    data = {"version": "1.0", "queryDate": timeutil.aws_reason_time(at + 0.318),
            "statistic": alarm.get("Statistic", "Average"), "period": alarm["Period"],
            "recentDatapoints": [], "threshold": float(alarm["Threshold"])}
    return f"Insufficient Data: {n} datapoint{'s were' if n > 1 else ' was'} unknown.", \
        json.dumps(data, separators=(",", ":"))


def _state_item(name, kind, ts, old, new):
    def state(s):
        out = {"stateValue": s[0], "stateReason": s[1]}
        if s[2]:
            out["stateReasonData"] = json.loads(s[2])
        return out

    return {"AlarmName": name, "AlarmType": kind, "Timestamp": ts, "HistoryItemType": "StateUpdate",
            "HistorySummary": f"Alarm updated from {old[0]} to {new[0]}",
            "HistoryData": json.dumps({"version": "1.0", "oldState": state(old), "newState": state(new)},
                                      separators=(",", ":"))}


def _action_item(name, kind, ts, topic):
    message_id = str(uuid.UUID(int=random.Random(f"{name}{ts}").getrandbits(128)))
    return {"AlarmName": name, "AlarmType": kind, "Timestamp": ts + 0.734, "HistoryItemType": "Action",
            "HistorySummary": f"Successfully executed action {topic}",
            "HistoryData": json.dumps({"actionState": "Succeeded", "stateUpdateTimestamp": int(ts * 1000),
                                       "notificationResource": topic,
                                       "publishedMessage": {"messageId": message_id,
                                                            "notificationResource": topic}},
                                      separators=(",", ":"))}


def load(region_state, region: str, anchor: float, now: float) -> dict:
    T = float(timeutil.floor_to(anchor, MINUTE))
    topic = f"arn:aws:sns:{region}:{accounts.current()}:oncall-page"
    arn = region_state.alarms.arn
    gens = generators(T)
    alb = [{"Name": "LoadBalancer", "Value": ALB}]
    alb_tg = [{"Name": "TargetGroup", "Value": TARGET_GROUP}, {"Name": "LoadBalancer", "Value": ALB}]
    db = [{"Name": "DBInstanceIdentifier", "Value": "checkout-db"}]

    def metric_alarm(name, desc, ns, metric, dims, gen_key, unit, stat, period, n, threshold,
                     compare="GreaterThanThreshold", state="OK", since=T - 7 * DAY, config=T - 30 * DAY,
                     actions=True, missing="missing"):
        alarm = {"AlarmName": name, "AlarmDescription": desc, "Namespace": ns, "MetricName": metric,
                 "Dimensions": dims, "Period": period, "EvaluationPeriods": n, "DatapointsToAlarm": n,
                 "Threshold": threshold, "ComparisonOperator": compare, "TreatMissingData": missing,
                 "ActionsEnabled": True, "AlarmActions": [topic] if actions else [],
                 "OKActions": [topic] if actions else [], "InsufficientDataActions": [],
                 "StateValue": state, "StateUpdatedTimestamp": since, "StateTransitionedTimestamp": since,
                 "AlarmConfigurationUpdatedTimestamp": config,
                 "_gen": gen_key, "_unit": unit}
        alarm["ExtendedStatistic" if stat.startswith("p") else "Statistic"] = stat
        return alarm

    alarms = [
        metric_alarm("checkout-api-5xx", "Checkout API targets return 5xx. Runbook: checkout-5xx",
                     "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", alb, "checkout_5xx", "Count",
                     "Sum", 60, 3, 50.0, state="ALARM", since=T, missing="notBreaching"),
        metric_alarm("checkout-p99-latency", "Checkout API p99 target response time above 1.5 s",
                     "AWS/ApplicationELB", "TargetResponseTime", alb_tg, "checkout_p99", "Seconds",
                     "p99", 60, 5, 1.5, state="ALARM", since=T + 2 * MINUTE),
        metric_alarm("checkout-db-cpu", "checkout-db CPU above 80% for 15 minutes", "AWS/RDS",
                     "CPUUtilization", db, "db_cpu", "Percent", "Average", 300, 3, 80.0,
                     since=T - 3 * DAY),
        metric_alarm("orders-api-5xx", "Orders API targets return 5xx", "AWS/ApplicationELB",
                     "HTTPCode_Target_5XX_Count", [{"Name": "LoadBalancer", "Value": ORDERS_ALB}],
                     "orders_5xx", "Count", "Sum", 60, 3, 25.0, since=T - 2 * DAY, missing="notBreaching"),
        metric_alarm("payments-queue-depth", "payments-events backlog", "AWS/SQS",
                     "ApproximateNumberOfMessagesVisible", [{"Name": "QueueName", "Value": "payments-events"}],
                     "payments_depth", "Count", "Maximum", 60, 5, 1000.0, since=T - 5 * DAY,
                     config=T - 3 * HOUR - 22 * MINUTE),
        metric_alarm("auth-api-p99-latency", "Auth API p99 target response time above 1 s",
                     "AWS/ApplicationELB", "TargetResponseTime",
                     [{"Name": "TargetGroup", "Value": AUTH_TARGET_GROUP},
                      {"Name": "LoadBalancer", "Value": AUTH_ALB}],
                     "auth_p99", "Seconds", "p99", 60, 5, 1.0, since=T - 6 * DAY),
        metric_alarm("checkout-db-free-storage", "checkout-db free storage below 10 GiB", "AWS/RDS",
                     "FreeStorageSpace", db, "free_storage", "Bytes", "Minimum", 300, 1, 10737418240.0,
                     compare="LessThanThreshold", since=T - 20 * DAY),
        metric_alarm("search-indexer-lag", "Search indexer lag above 5 minutes", "Search/Indexer",
                     "IndexLagSeconds", [{"Name": "Cluster", "Value": "search-prod"}], None, "Seconds",
                     "Maximum", 60, 5, 300.0, state="INSUFFICIENT_DATA", since=T - 5 * HOUR - 32 * MINUTE),
        metric_alarm("nightly-batch-errors", "Nightly reconcile job reported errors", "Batch/Nightly",
                     "JobErrors", [{"Name": "JobName", "Value": "nightly-reconcile"}], None, "Count",
                     "Sum", 3600, 1, 0.0, state="INSUFFICIENT_DATA", since=T - 10 * DAY, actions=False),
    ]
    by_name = {a["AlarmName"]: a for a in alarms}

    # ---- states and reasons
    for alarm in alarms:
        gen = gens.get(alarm["_gen"])
        at = alarm["StateUpdatedTimestamp"]
        if alarm["StateValue"] == "INSUFFICIENT_DATA" or gen is None:
            alarm["StateReason"], alarm["StateReasonData"] = _insufficient_reason(alarm, at)
        else:
            alarm["StateReason"], alarm["StateReasonData"] = _threshold_reason(alarm, gen, at, alarm["StateValue"])

    impact_reason = (f"{arn('checkout-p99-latency')} transitioned to ALARM at "
                     f"{timeutil.aws_long_date(T + 2 * MINUTE)}")
    impact_data = json.dumps({"triggeringAlarms": [{"arn": arn("checkout-p99-latency"), "state": {
        "value": "ALARM", "timestamp": timeutil.aws_reason_time(T + 2 * MINUTE)}}]}, separators=(",", ":"))
    platform_reason = (f"{arn('orders-api-5xx')} transitioned to OK at "
                       f"{timeutil.aws_long_date(T - 2 * DAY)}")
    composites = [
        {"AlarmName": "checkout-customer-impact",
         "AlarmDescription": "Customers cannot check out: 5xx AND slow. Pages the incident commander.",
         "AlarmRule": 'ALARM("checkout-api-5xx") AND ALARM("checkout-p99-latency")',
         "ActionsEnabled": True, "AlarmActions": [topic], "OKActions": [topic], "InsufficientDataActions": [],
         "StateValue": "ALARM", "StateReason": impact_reason, "StateReasonData": impact_data,
         "StateUpdatedTimestamp": T + 2 * MINUTE, "StateTransitionedTimestamp": T + 2 * MINUTE,
         "AlarmConfigurationUpdatedTimestamp": T - 30 * DAY},
        {"AlarmName": "platform-degraded",
         "AlarmDescription": "Orders or auth degraded",
         "AlarmRule": 'ALARM("orders-api-5xx") OR ALARM("auth-api-p99-latency")',
         "ActionsEnabled": True, "AlarmActions": [topic], "OKActions": [], "InsufficientDataActions": [],
         "StateValue": "OK", "StateReason": platform_reason,
         "StateReasonData": json.dumps({"triggeringAlarms": [{"arn": arn("orders-api-5xx"), "state": {
             "value": "OK", "timestamp": timeutil.aws_reason_time(T - 2 * DAY)}}]}, separators=(",", ":")),
         "StateUpdatedTimestamp": T - 2 * DAY, "StateTransitionedTimestamp": T - 2 * DAY,
         "AlarmConfigurationUpdatedTimestamp": T - 30 * DAY},
    ]

    # ---- history
    def reason(name, state, at):
        alarm = by_name[name]
        if state == "INSUFFICIENT_DATA":
            return (state,) + _insufficient_reason(alarm, at)
        return (state,) + _threshold_reason(alarm, gens[alarm["_gen"]], at, state)

    p99 = "checkout-p99-latency"
    deploy_gap, deploy_ok = T - 4 * HOUR - 58 * MINUTE, T - 4 * HOUR - 52 * MINUTE   # 22:04, 22:10
    flap_on, flap_off = T - 107 * MINUTE, T - 105 * MINUTE                          # 01:15, 01:17
    five_xx_ok = reason("checkout-api-5xx", "OK", T - 7 * DAY)
    history = [
        _state_item("search-indexer-lag", "MetricAlarm", T - 5 * HOUR - 32 * MINUTE,
                    ("OK", "Threshold Crossed: 5 datapoints were not greater than the threshold (300.0).",
                     None),
                    reason("search-indexer-lag", "INSUFFICIENT_DATA", T - 5 * HOUR - 32 * MINUTE)),
        _state_item(p99, "MetricAlarm", deploy_gap, reason(p99, "OK", T - 6 * DAY),
                    reason(p99, "INSUFFICIENT_DATA", deploy_gap)),
        _state_item(p99, "MetricAlarm", deploy_ok, reason(p99, "INSUFFICIENT_DATA", deploy_gap),
                    reason(p99, "OK", deploy_ok)),
        {"AlarmName": "payments-queue-depth", "AlarmType": "MetricAlarm",
         "Timestamp": T - 3 * HOUR - 22 * MINUTE, "HistoryItemType": "ConfigurationUpdate",
         "HistorySummary": 'Alarm "payments-queue-depth" updated',
         "HistoryData": json.dumps({"type": "Update", "version": "1.0",
                                    "originalAlarm": {"threshold": 500.0}, "updatedAlarm": {"threshold": 1000.0},
                                    "updatedBy": f"arn:aws:sts::{accounts.current()}:assumed-role/oncall/bob"},
                                   separators=(",", ":"))},
        _state_item(p99, "MetricAlarm", flap_on, reason(p99, "OK", deploy_ok), reason(p99, "ALARM", flap_on)),
        _action_item(p99, "MetricAlarm", flap_on, topic),
        _state_item(p99, "MetricAlarm", flap_off, reason(p99, "ALARM", flap_on), reason(p99, "OK", flap_off)),
        _action_item(p99, "MetricAlarm", flap_off, topic),
        _state_item("checkout-api-5xx", "MetricAlarm", T, five_xx_ok, reason("checkout-api-5xx", "ALARM", T)),
        _action_item("checkout-api-5xx", "MetricAlarm", T, topic),
        _state_item(p99, "MetricAlarm", T + 2 * MINUTE, reason(p99, "OK", flap_off),
                    reason(p99, "ALARM", T + 2 * MINUTE)),
        _action_item(p99, "MetricAlarm", T + 2 * MINUTE, topic),
        _state_item("checkout-customer-impact", "CompositeAlarm", T + 2 * MINUTE,
                    ("OK", f"{arn('checkout-api-5xx')} transitioned to OK at "
                           f"{timeutil.aws_long_date(T - 7 * DAY)}", None),
                    ("ALARM", impact_reason, impact_data)),
        _action_item("checkout-customer-impact", "CompositeAlarm", T + 2 * MINUTE, topic),
    ]

    # ---- load
    store = region_state.alarms
    for alarm in alarms:
        store.seed_metric_alarm({k: v for k, v in alarm.items() if not k.startswith("_")}, now)
    for composite in composites:
        store.seed_composite_alarm(composite, now)
    for item in history:
        store.seed_history(item, now)

    times = _point_times(T, now)
    points = 0
    for alarm in alarms:
        gen = gens.get(alarm["_gen"])
        if gen is None:
            continue
        with region_state.metrics.lock:
            series = region_state.metrics.get_or_create(alarm["Namespace"], alarm["MetricName"],
                                                        alarm["Dimensions"], alarm["_unit"])
            series.replace_points([(ts, gen(ts)) for ts in times])
            series.generator, series.generator_step = gen, MINUTE
            series.generated_until = times[-1] if times else timeutil.floor_to(now, MINUTE)
        points += len(times)
    return {"scenario": "demo", "anchor": timeutil.iso(T), "metric_alarms": len(alarms),
            "composite_alarms": len(composites), "alarm_history": len(history), "metric_points": points}
