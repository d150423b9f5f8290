"""The data scripts/localstack-check puts into an AWS endpoint with boto3 before it runs warroom.

Everything here goes through the public AWS APIs (no emulator control API), so the same seed
works on LocalStack, on the project's emulator and on a scratch AWS account.
"""

from __future__ import annotations

import datetime as dt

NAMESPACE = "WarroomCheck"
DIMENSIONS = [{"Name": "Service", "Value": "checkout-api"}]
LOG_GROUP = "/warroom-check/checkout-api"
LOG_STREAM = "i-0check"

# The alarms and the state each must show once seeded.
ALARM_ERRORS = "check-api-5xx"
ALARM_LATENCY = "check-api-latency-p99"
ALARM_QUIET = "check-api-throttles"
ALARM_COMPOSITE = "check-checkout-degraded"
EXPECTED_STATES = {
    ALARM_ERRORS: "ALARM",
    ALARM_LATENCY: "OK",
    ALARM_QUIET: "OK",
    ALARM_COMPOSITE: "ALARM",
}
COMPOSITE_RULE = f'ALARM("{ALARM_ERRORS}") OR ALARM("{ALARM_LATENCY}")'

# The log events: (minutes ago, message). One ERROR among INFO and WARN lines.
ERROR_MESSAGE = "ERROR checkout failed: upstream payments returned 503 (order 4711)"
LOG_EVENTS = [
    (14, "INFO request served path=/checkout status=200 ms=41"),
    (12, "INFO request served path=/cart status=200 ms=12"),
    (9, "WARN retrying payments call attempt=2"),
    (7, ERROR_MESSAGE),
    (5, "INFO request served path=/checkout status=200 ms=38"),
    (3, "INFO health check ok"),
]


def clients(endpoint: str, region: str):
    import boto3

    kwargs = dict(endpoint_url=endpoint, region_name=region,
                  aws_access_key_id="test", aws_secret_access_key="test")
    return {name: boto3.client(name, **kwargs) for name in ("cloudwatch", "logs", "sts", "ssm")}


def seed(c, now: dt.datetime) -> list[str]:
    """Puts the metrics, alarms and log events; returns one line per thing seeded."""
    cw, logs = c["cloudwatch"], c["logs"]
    said = []

    # Metric data: 5xx counts that cross the threshold, latencies well under it.
    points = []
    for minute in range(1, 31):
        at = now - dt.timedelta(minutes=minute)
        points.append({"MetricName": "5xx", "Dimensions": DIMENSIONS, "Timestamp": at,
                       "Value": 40.0 + minute % 7, "Unit": "Count"})
        points.append({"MetricName": "Latency", "Dimensions": DIMENSIONS, "Timestamp": at,
                       "Value": 120.0 + minute, "Unit": "Milliseconds"})
    for start in range(0, len(points), 20):
        cw.put_metric_data(Namespace=NAMESPACE, MetricData=points[start:start + 20])
    said.append(f"{len(points)} metric points in {NAMESPACE} (5xx, Latency) over the last 30 minutes")

    metric = dict(Namespace=NAMESPACE, Dimensions=DIMENSIONS, Period=60, EvaluationPeriods=1,
                  ComparisonOperator="GreaterThanThreshold", TreatMissingData="notBreaching")
    cw.put_metric_alarm(AlarmName=ALARM_ERRORS, MetricName="5xx", Statistic="Sum", Threshold=10.0,
                        AlarmDescription="checkout-api answers 5xx", **metric)
    cw.put_metric_alarm(AlarmName=ALARM_LATENCY, MetricName="Latency", ExtendedStatistic="p99",
                        Threshold=2000.0, **metric)
    cw.put_metric_alarm(AlarmName=ALARM_QUIET, MetricName="Throttles", Statistic="Sum",
                        Threshold=100.0, **metric)
    cw.put_composite_alarm(AlarmName=ALARM_COMPOSITE, AlarmRule=COMPOSITE_RULE,
                           AlarmDescription="checkout is degraded")
    # States set after the composite exists, so its rule is evaluated on them.
    cw.set_alarm_state(AlarmName=ALARM_ERRORS, StateValue="ALARM",
                       StateReason="Threshold Crossed: 1 datapoint [46.0] was greater than the threshold (10.0).")
    cw.set_alarm_state(AlarmName=ALARM_LATENCY, StateValue="OK", StateReason="p99 under 2000 ms")
    cw.set_alarm_state(AlarmName=ALARM_QUIET, StateValue="OK", StateReason="no throttles")
    said.append(f"4 alarms: {ALARM_ERRORS} (ALARM), {ALARM_LATENCY} (p99, OK), {ALARM_QUIET} (OK), "
                f"composite {ALARM_COMPOSITE} = {COMPOSITE_RULE}")

    logs.create_log_group(logGroupName=LOG_GROUP)
    logs.create_log_stream(logGroupName=LOG_GROUP, logStreamName=LOG_STREAM)
    events = [{"timestamp": int((now - dt.timedelta(minutes=m)).timestamp() * 1000), "message": msg}
              for m, msg in LOG_EVENTS]
    logs.put_log_events(logGroupName=LOG_GROUP, logStreamName=LOG_STREAM, logEvents=events)
    said.append(f"log group {LOG_GROUP}: {len(events)} events in the last 15 minutes, one ERROR")
    return said


def composite_state(c) -> str:
    alarms = c["cloudwatch"].describe_alarms(AlarmNames=[ALARM_COMPOSITE], AlarmTypes=["CompositeAlarm"])
    found = alarms.get("CompositeAlarms", [])
    return found[0].get("StateValue", "?") if found else "missing"


def ssm_probe(c) -> tuple[bool, str]:
    """Whether the endpoint serves DescribeInstanceInformation, and what it answered."""
    try:
        answer = c["ssm"].describe_instance_information()
    except Exception as exc:  # noqa: BLE001 - any failure is the answer we report
        return False, f"DescribeInstanceInformation failed: {type(exc).__name__}: {str(exc)[:200]}"
    return True, f"DescribeInstanceInformation answered {len(answer.get('InstanceInformationList', []))} managed instances"
