"""CloudWatch as the emulator serves it (CBOR or awsJson): per region, the alarm store
(cloudwatch_alarms.py) and the metric store (cloudwatch_metrics.py); their seed keys and the
alarm-state control call. Other CloudWatch operations go to moto."""

from __future__ import annotations

import accounts
import timeutil
from aws_protocols import DEFAULT_REGION, AwsError
from cloudwatch_alarms import AlarmStore
from cloudwatch_metrics import MetricStore
from regional_store import RegionalStore
from services import ControlError, Service

SEED_KEYS = ("metric_alarms", "composite_alarms", "alarm_history", "metric_data", "generate")


class RegionCloudWatch:
    def __init__(self, region: str):
        self.region = region
        self.alarms = AlarmStore(region)
        self.metrics = MetricStore()


class CloudWatchStore(RegionalStore):
    part_class = RegionCloudWatch


def handlers(region_state: RegionCloudWatch) -> dict:
    """CloudWatch operation name -> fn(params) for the region's stores."""
    alarms, metrics = region_state.alarms, region_state.metrics
    return {
        "DescribeAlarms": alarms.describe_alarms,
        "DescribeAlarmHistory": alarms.describe_alarm_history,
        "PutMetricAlarm": alarms.put_metric_alarm,
        "PutCompositeAlarm": alarms.put_composite_alarm,
        "DeleteAlarms": alarms.delete_alarms,
        "SetAlarmState": alarms.set_alarm_state,
        "EnableAlarmActions": lambda p: alarms.set_actions_enabled(p, True),
        "DisableAlarmActions": lambda p: alarms.set_actions_enabled(p, False),
        "DescribeAlarmsForMetric": alarms.describe_alarms_for_metric,
        "ListTagsForResource": alarms.list_tags,
        "TagResource": alarms.tag_resource,
        "UntagResource": alarms.untag_resource,
        "PutMetricData": metrics.put_metric_data,
        "GetMetricData": metrics.get_metric_data,
        "GetMetricStatistics": metrics.get_metric_statistics,
        "ListMetrics": metrics.list_metrics,
    }


def seed(store: CloudWatchStore, data: dict, region: str, now: float) -> dict:
    """The CloudWatch keys of POST /_emulator/seed."""
    rs = store.region(region)
    for item in data.get("metric_alarms") or []:
        rs.alarms.seed_metric_alarm(item, now)
    for item in data.get("composite_alarms") or []:
        rs.alarms.seed_composite_alarm(item, now)
    for item in data.get("alarm_history") or []:
        rs.alarms.seed_history(item, now)
    points = sum(rs.metrics.seed(item) for item in data.get("metric_data") or [])
    generate = data.get("generate") or {}
    count = int(generate.get("metric_alarms", 0))
    if count:
        rs.alarms.generate(count, generate.get("state", "OK"), now)
    return {
        "seeded_metric_alarms": len(data.get("metric_alarms") or []),
        "seeded_composite_alarms": len(data.get("composite_alarms") or []),
        "seeded_alarm_history": len(data.get("alarm_history") or []),
        "seeded_metric_points": points, "generated_metric_alarms": count,
    }


def alarm_state(store: CloudWatchStore, data: dict) -> dict:
    """POST /_emulator/alarm-state: like SetAlarmState, with an optional Timestamp (and `account`)."""
    for key in ("AlarmName", "StateValue"):
        if not data.get(key):
            raise ControlError(f"'{key}' is required")
    account = data.get("account")
    with accounts.acting_as(accounts.account_id(account, "account") if account is not None
                            else accounts.DEFAULT_ACCOUNT):
        rs = store.region(data.get("region") or DEFAULT_REGION)
    ts = timeutil.to_epoch(data["Timestamp"]) if data.get("Timestamp") is not None else None
    try:
        rs.alarms.set_state(data["AlarmName"], data["StateValue"],
                            data.get("StateReason") or "State set through the warroom emulator control API",
                            data.get("StateReasonData"), ts)
    except AwsError as err:
        raise ControlError(err.message, 404 if err.code == "ResourceNotFound" else 400)
    return {"ok": True}


SERVICE = Service(
    name="cloudwatch",
    wire={"model": "cloudwatch", "namespace": "com.amazonaws.cloudwatch",
          "target": "GraniteServiceVersion20100801", "signing": "monitoring",
          "json_version": "1.0", "query_compatible": True},
    protocols=("rpc-v2-cbor", "json"),
    new_store=CloudWatchStore,
    handlers=lambda store, region: handlers(store.region(region)),
    seed_keys=SEED_KEYS,
    seed=seed,
    routes={("POST", "/_emulator/alarm-state"): alarm_state},
)
