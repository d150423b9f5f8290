#!/usr/bin/env python3
"""Self checks of the emulator: python tests/emulator/test_emulator.py [-v] [-k pattern]

Starts server.py as a subprocess (emulator_fixture.py) and talks to it with raw rpc-v2-cbor
requests (cbor2 + http.client), with boto3 (awsJson and query protocols) and with the control
API. The AWS Health checks live in test_health.py, the CloudTrail checks in test_cloudtrail.py,
the Logs Insights checks in test_logs.py, the SSM Run Command checks in test_ssm.py; all run
from here too (load_tests below).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import sys
import threading
import time
import unittest

import cbor2

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from emulator_fixture import UTC, Emulator, EmulatorTestCase, ts  # noqa: E402


class EmulatorTest(EmulatorTestCase):
    def seed(self, data):
        status, body = self.emu.control("POST", "seed", data)
        self.assertEqual(status, 200, body)
        return body

    def ok_cbor(self, operation, params=None, **kw):
        status, headers, raw, body = self.emu.cbor(operation, params, **kw)
        self.assertEqual(status, 200, body)
        self.assertEqual(headers.get("smithy-protocol"), "rpc-v2-cbor")
        self.assertEqual(headers.get("Content-Type"), "application/cbor")
        return body, raw

    # ------------------------------------------------------------ control API

    def test_health_and_unknown_route(self):
        self.assertEqual(self.emu.control("GET", "health"), (200, {"ok": True}))
        self.assertEqual(self.emu.control("GET", "nope")[0], 404)
        status, body = self.emu.control("POST", "seed", {"metric_alarm": []})
        self.assertEqual(status, 400)
        self.assertIn("unknown seed keys", body["error"])

    def test_seed_shapes_the_rust_tests_use(self):
        now = dt.datetime.now(UTC)
        jiff = lambda minutes: (now - dt.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%S.%f") + "123Z"
        self.seed({"region": "us-west-2", "metric_alarms": [{"AlarmName": "oregon-only", "StateValue": "OK"}]})
        self.seed({"metric_alarms": [{"AlarmName": "a", "StateValue": "ALARM", "StateUpdatedTimestamp": jiff(20)}],
                   "metric_data": [{"Namespace": "N", "MetricName": "M",
                                    "points": [[jiff(m), 400.0 if m < 22 else 3.0] for m in range(120)]}]})
        body, _ = self.ok_cbor("DescribeAlarms", {}, region="us-west-2")
        self.assertEqual([a["AlarmName"] for a in body["MetricAlarms"]], ["oregon-only"])
        body, _ = self.ok_cbor("GetMetricData", {
            "MetricDataQueries": [{"Id": "m", "MetricStat": {"Metric": {"Namespace": "N", "MetricName": "M"},
                                                             "Period": 60, "Stat": "Sum"}}],
            "StartTime": now - dt.timedelta(hours=3), "EndTime": now})
        self.assertEqual(len(body["MetricDataResults"][0]["Values"]), 120)
        self.assertEqual(self.emu.control("GET", "seed")[0], 405)
        status, body = self.emu.control("POST", "seed", {"generate": {"metric_alarms": 1, "state": "RED"}})
        self.assertEqual(status, 400, body)

    # ------------------------------------------------------------ DescribeAlarms

    def test_describe_alarms_pages_of_generated_alarms(self):
        self.seed({"generate": {"metric_alarms": 250, "state": "ALARM"}})
        names, token, pages = [], None, 0
        while True:
            params = {"MaxRecords": 100, "StateValue": "ALARM"}
            if token:
                params["NextToken"] = token
            body, raw = self.ok_cbor("DescribeAlarms", params)
            pages += 1
            names += [a["AlarmName"] for a in body["MetricAlarms"]]
            token = body.get("NextToken")
            if not token:
                break
        self.assertEqual(pages, 3)
        self.assertEqual(len(names), 250)
        self.assertEqual(names, sorted(names))
        self.assertEqual(names[0], "gen-alarm-00001")
        # timestamps travel as CBOR tag 1 holding a float64
        self.assertIn(b"\xc1\xfb", raw)
        self.assertIsInstance(body["MetricAlarms"][0]["StateUpdatedTimestamp"], dt.datetime)
        body, _ = self.ok_cbor("DescribeAlarms", {})
        self.assertEqual(len(body["MetricAlarms"]), 50)

    def test_alarm_types_and_default_metric_only(self):
        self.seed({
            "metric_alarms": [{"AlarmName": "b-metric", "Namespace": "N", "MetricName": "M"}],
            "composite_alarms": [{"AlarmName": "a-composite", "AlarmRule": 'ALARM("b-metric")',
                                  "StateValue": "ALARM", "StateUpdatedTimestamp": "2026-11-23T03:04:00Z"}],
        })
        body, _ = self.ok_cbor("DescribeAlarms", {})
        self.assertEqual([a["AlarmName"] for a in body["MetricAlarms"]], ["b-metric"])
        self.assertEqual(body.get("CompositeAlarms", []), [])
        body, _ = self.ok_cbor("DescribeAlarms", {"AlarmTypes": ["MetricAlarm", "CompositeAlarm"], "MaxRecords": 1})
        self.assertEqual([a["AlarmName"] for a in body["CompositeAlarms"]], ["a-composite"])
        self.assertEqual(body["MetricAlarms"], [])
        self.assertEqual(body["CompositeAlarms"][0]["StateUpdatedTimestamp"], ts("2026-11-23T03:04:00Z"))
        body, _ = self.ok_cbor("DescribeAlarms", {"AlarmTypes": ["MetricAlarm", "CompositeAlarm"],
                                                  "MaxRecords": 1, "NextToken": body["NextToken"]})
        self.assertEqual([a["AlarmName"] for a in body["MetricAlarms"]], ["b-metric"])
        self.assertNotIn("NextToken", body)
        alarm = body["MetricAlarms"][0]
        self.assertEqual(alarm["AlarmArn"], "arn:aws:cloudwatch:us-east-1:123456789012:alarm:b-metric")
        self.assertEqual((alarm["StateValue"], alarm["Period"], alarm["Statistic"], alarm["Threshold"]),
                         ("OK", 60, "Average", 0.0))
        # regions are separate stores
        body, _ = self.ok_cbor("DescribeAlarms", {}, region="eu-west-1")
        self.assertEqual(body["MetricAlarms"], [])

    def test_errors_in_cbor(self):
        status, headers, _, body = self.emu.cbor("DescribeAlarms", {"NextToken": "garbage"})
        self.assertEqual(status, 400)
        self.assertEqual(body["__type"], "com.amazonaws.cloudwatch#InvalidNextToken")
        self.assertEqual(headers.get("smithy-protocol"), "rpc-v2-cbor")
        status, _, _, body = self.emu.cbor("SetAlarmState", {"AlarmName": "nope", "StateValue": "OK",
                                                             "StateReason": "x"})
        self.assertEqual((status, body["__type"]), (404, "com.amazonaws.cloudwatch#ResourceNotFound"))
        status, _, _, body = self.emu.cbor("NoSuchOperation", {})
        self.assertEqual(status, 404)
        status, _, _, body = self.emu.cbor("DescribeAlarmContributors", {"AlarmName": "x"})
        self.assertEqual((status, body["__type"]), (501, "com.amazonaws.cloudwatch#NotImplemented"))

    # ------------------------------------------------------------ history and state

    def test_set_alarm_state_and_history(self):
        self.seed({"metric_alarms": [{"AlarmName": "api-5xx", "Namespace": "N", "MetricName": "M"},
                                     {"AlarmName": "api-latency", "Namespace": "N", "MetricName": "L",
                                      "StateValue": "ALARM"}],
                   "composite_alarms": [{"AlarmName": "impact",
                                         "AlarmRule": 'ALARM("api-5xx") AND ALARM("api-latency")'}]})
        self.ok_cbor("SetAlarmState", {"AlarmName": "api-5xx", "StateValue": "ALARM",
                                       "StateReason": "testing", "StateReasonData": '{"a":1}'})
        body, _ = self.ok_cbor("DescribeAlarmHistory", {"AlarmName": "api-5xx"})
        item = body["AlarmHistoryItems"][0]
        self.assertEqual(item["HistorySummary"], "Alarm updated from OK to ALARM")
        self.assertEqual(item["HistoryItemType"], "StateUpdate")
        self.assertEqual(item["AlarmType"], "MetricAlarm")
        self.assertIsInstance(item["Timestamp"], dt.datetime)
        data = json.loads(item["HistoryData"])
        self.assertEqual((data["version"], data["oldState"]["stateValue"], data["newState"]["stateValue"]),
                         ("1.0", "OK", "ALARM"))
        self.assertEqual(data["newState"]["stateReasonData"], {"a": 1})
        # the composite followed its children; its history needs AlarmTypes
        body, _ = self.ok_cbor("DescribeAlarmHistory", {"AlarmName": "impact"})
        self.assertEqual(body["AlarmHistoryItems"], [])
        body, _ = self.ok_cbor("DescribeAlarmHistory", {"AlarmName": "impact", "AlarmTypes": ["CompositeAlarm"]})
        self.assertEqual(body["AlarmHistoryItems"][0]["HistorySummary"], "Alarm updated from OK to ALARM")
        # control API state change with an explicit timestamp
        status, _ = self.emu.control("POST", "alarm-state", {"AlarmName": "api-5xx", "StateValue": "OK",
                                                             "Timestamp": "2026-11-23T04:00:00Z"})
        self.assertEqual(status, 200)
        body, _ = self.ok_cbor("DescribeAlarms", {"AlarmNames": ["api-5xx"]})
        self.assertEqual(body["MetricAlarms"][0]["StateUpdatedTimestamp"], ts("2026-11-23T04:00:00Z"))
        self.assertEqual(self.emu.control("POST", "alarm-state", {"AlarmName": "x", "StateValue": "OK"})[0], 404)

    def test_history_paging_and_filters(self):
        base = ts("2026-11-23T00:00:00Z").timestamp()
        self.seed({"metric_alarms": [{"AlarmName": "a", "Namespace": "N", "MetricName": "M"}],
                   "alarm_history": [{"AlarmName": "a", "Timestamp": base + i * 60,
                                      "HistorySummary": f"item {i}"} for i in range(250)]})
        seen, token = [], None
        while True:
            params = {"AlarmName": "a", **({"NextToken": token} if token else {})}
            body, _ = self.ok_cbor("DescribeAlarmHistory", params)
            self.assertLessEqual(len(body["AlarmHistoryItems"]), 100)
            seen += [h["HistorySummary"] for h in body["AlarmHistoryItems"]]
            token = body.get("NextToken")
            if not token:
                break
        self.assertEqual(seen, [f"item {i}" for i in reversed(range(250))])
        body, _ = self.ok_cbor("DescribeAlarmHistory", {
            "StartDate": dt.datetime.fromtimestamp(base + 60, UTC),
            "EndDate": dt.datetime.fromtimestamp(base + 180, UTC), "ScanBy": "TimestampAscending"})
        self.assertEqual([h["HistorySummary"] for h in body["AlarmHistoryItems"]], ["item 1", "item 2", "item 3"])

    # ------------------------------------------------------------ metrics

    def test_get_metric_data_buckets(self):
        dims = [{"Name": "LoadBalancer", "Value": "app/x/1"}]
        start = ts("2026-11-23T03:00:00Z").timestamp()
        self.seed({"metric_data": [{"Namespace": "AWS/ApplicationELB", "MetricName": "RequestCount",
                                    "Dimensions": dims, "Unit": "Count",
                                    "points": [[start + i * 60, float(i + 1)] for i in range(10)]}]})
        metric = {"Namespace": "AWS/ApplicationELB", "MetricName": "RequestCount", "Dimensions": dims}

        def query(qid, period, stat):
            return {"Id": qid, "MetricStat": {"Metric": metric, "Period": period, "Stat": stat}}

        body, raw = self.ok_cbor("GetMetricData", {
            "MetricDataQueries": [query("sum1", 60, "Sum"), query("sum5", 300, "Sum"),
                                  query("avg5", 300, "Average"), query("max5", 300, "Maximum"),
                                  query("min5", 300, "Minimum"), query("n5", 300, "SampleCount"),
                                  query("p99", 300, "p99"), query("p50", 300, "p50"),
                                  {"Id": "math", "Expression": "sum1 * 2"}],
            "StartTime": cbor2.CBORTag(1, start), "EndTime": cbor2.CBORTag(1, start + 600)})
        results = {r["Id"]: r for r in body["MetricDataResults"]}
        self.assertEqual(results["sum1"]["Values"], [float(v) for v in range(10, 0, -1)])
        self.assertEqual(results["sum1"]["Timestamps"][0], dt.datetime.fromtimestamp(start + 540, UTC))
        self.assertEqual(results["sum1"]["Label"], "RequestCount")
        self.assertEqual(results["sum5"]["Values"], [40.0, 15.0])
        self.assertEqual(results["sum5"]["Timestamps"],
                         [dt.datetime.fromtimestamp(start + 300, UTC), dt.datetime.fromtimestamp(start, UTC)])
        self.assertEqual(results["avg5"]["Values"], [8.0, 3.0])
        self.assertEqual(results["max5"]["Values"], [10.0, 5.0])
        self.assertEqual(results["min5"]["Values"], [6.0, 1.0])
        self.assertEqual(results["n5"]["Values"], [5.0, 5.0])
        self.assertEqual(results["p99"]["Values"], [10.0, 5.0])
        self.assertEqual(results["p50"]["Values"], [8.0, 3.0])
        self.assertEqual(results["math"]["Values"], [])
        self.assertTrue(all(r["StatusCode"] == "Complete" for r in results.values()))
        # ascending; a bucket that starts before EndTime is returned whole (points 3+4, 5+6, 7+8)
        body, _ = self.ok_cbor("GetMetricData", {
            "MetricDataQueries": [query("s", 120, "Sum")], "ScanBy": "TimestampAscending",
            "StartTime": cbor2.CBORTag(1, start + 120), "EndTime": cbor2.CBORTag(1, start + 360.5)})
        self.assertEqual(body["MetricDataResults"][0]["Values"], [7.0, 11.0, 15.0])

    def test_put_metric_data_gzip_and_boto3(self):
        now = time.time()
        body, _ = self.ok_cbor("PutMetricData", {"Namespace": "App", "MetricData": [
            {"MetricName": "Jobs", "Value": 4.0, "Timestamp": cbor2.CBORTag(1, now - 30)},
            {"MetricName": "Jobs", "Values": [1.0, 2.0], "Counts": [1.0, 3.0],
             "Timestamp": cbor2.CBORTag(1, now - 30)}]}, gzip_body=True)
        cw = self.emu.boto3("cloudwatch")
        got = cw.get_metric_data(
            MetricDataQueries=[{"Id": "j", "MetricStat": {"Metric": {"Namespace": "App", "MetricName": "Jobs"},
                                                          "Period": 3600, "Stat": "Sum"}}],
            StartTime=dt.datetime.fromtimestamp(now - 7200, UTC), EndTime=dt.datetime.fromtimestamp(now + 60, UTC))
        self.assertEqual(got["MetricDataResults"][0]["Values"], [11.0])
        cw.put_metric_data(Namespace="App", MetricData=[{"MetricName": "Jobs", "Value": 1.0}])
        listed = cw.list_metrics(Namespace="App")["Metrics"]
        self.assertEqual([m["MetricName"] for m in listed], ["Jobs"])

    # ------------------------------------------------------------ boto3 (awsJson / query) paths

    def test_boto3_paths(self):
        sts = self.emu.boto3("sts")
        self.assertEqual(sts.get_caller_identity()["Account"], "123456789012")
        cw = self.emu.boto3("cloudwatch")
        cw.put_metric_alarm(AlarmName="boto-alarm", Namespace="N", MetricName="M", Statistic="Sum",
                            Period=60, EvaluationPeriods=1, Threshold=1.0,
                            ComparisonOperator="GreaterThanThreshold")
        cw.put_composite_alarm(AlarmName="boto-composite", AlarmRule='ALARM("boto-alarm")')
        alarms = cw.describe_alarms(AlarmTypes=["MetricAlarm", "CompositeAlarm"])
        self.assertEqual(alarms["MetricAlarms"][0]["StateValue"], "INSUFFICIENT_DATA")
        self.assertEqual(alarms["CompositeAlarms"][0]["AlarmName"], "boto-composite")
        cw.set_alarm_state(AlarmName="boto-alarm", StateValue="ALARM", StateReason="boto")
        history = cw.describe_alarm_history(AlarmName="boto-alarm", HistoryItemType="StateUpdate")
        self.assertEqual(history["AlarmHistoryItems"][0]["HistorySummary"],
                         "Alarm updated from INSUFFICIENT_DATA to ALARM")
        self.assertEqual(cw.describe_alarms(AlarmNames=["boto-composite"], AlarmTypes=["CompositeAlarm"])
                         ["CompositeAlarms"][0]["StateValue"], "ALARM")
        cw.delete_alarms(AlarmNames=["boto-alarm"])
        self.assertEqual(cw.describe_alarms()["MetricAlarms"], [])
        logs = self.emu.boto3("logs")
        logs.create_log_group(logGroupName="/app/checkout")
        self.assertEqual([g["logGroupName"] for g in logs.describe_log_groups()["logGroups"]], ["/app/checkout"])
        ct = self.emu.boto3("cloudtrail")
        self.assertEqual(ct.lookup_events(LookupAttributes=[
            {"AttributeKey": "EventName", "AttributeValue": "RevokeSecurityGroupIngress"}])["Events"], [])
        ssm = self.emu.boto3("ssm")
        self.assertIn("Commands", ssm.list_commands())
        health = self.emu.boto3("health")
        self.assertEqual(health.describe_events()["events"], [])
        body, _ = self.ok_cbor("DescribeEvents", {"filter": {"eventTypeCategories": ["issue"]}}, service="health")
        self.assertEqual(body["events"], [])
        log = self.emu.control("GET", "requests")[1]
        protocols = {(e["service"], e["operation"]): (e["protocol"], e["status"]) for e in log}
        self.assertEqual(protocols[("sts", "GetCallerIdentity")], ("query", 200))
        self.assertEqual(protocols[("cloudwatch", "PutMetricAlarm")], ("json", 200))
        self.assertEqual(protocols[("logs", "CreateLogGroup")], ("json", 200))
        self.assertEqual(protocols[("health", "DescribeEvents")], ("rpc-v2-cbor", 200))
        self.assertEqual(log[0]["region"], "us-east-1")
        times = [e["time"] for e in log]
        self.assertEqual(times, sorted(times))

    def test_botocore_cbor_client(self):
        """botocore's own rpc-v2-cbor serializer and parser, an independent implementation."""
        import botocore.model

        saved = botocore.model.PRIORITY_ORDERED_SUPPORTED_PROTOCOLS
        botocore.model.PRIORITY_ORDERED_SUPPORTED_PROTOCOLS = ("smithy-rpc-v2-cbor",) + tuple(
            p for p in saved if p != "smithy-rpc-v2-cbor")
        try:
            cw = self.emu.boto3("cloudwatch", retries=1)
        finally:
            botocore.model.PRIORITY_ORDERED_SUPPORTED_PROTOCOLS = saved
        self.assertEqual(cw.meta.service_model.resolved_protocol, "smithy-rpc-v2-cbor")
        self.seed({"generate": {"metric_alarms": 7, "state": "ALARM"},
                   "composite_alarms": [{"AlarmName": "gen-composite", "AlarmRule": "TRUE"}]})
        pages = list(cw.get_paginator("describe_alarms").paginate(
            AlarmTypes=["MetricAlarm", "CompositeAlarm"], PaginationConfig={"PageSize": 3}))
        self.assertEqual([len(p["MetricAlarms"]) + len(p["CompositeAlarms"]) for p in pages], [3, 3, 2])
        alarm = pages[0]["MetricAlarms"][0]
        self.assertIsInstance(alarm["StateUpdatedTimestamp"], dt.datetime)
        self.assertIsInstance(alarm["Threshold"], float)
        from botocore.exceptions import ClientError

        with self.assertRaises(ClientError) as ctx:
            cw.delete_alarms(AlarmNames=["missing"])
        self.assertEqual(ctx.exception.response["Error"]["Code"], "ResourceNotFound")
        # a CloudWatch operation the emulator does not own goes through moto
        cw.put_dashboard(DashboardName="checkout", DashboardBody='{"widgets": []}')
        self.assertEqual([d["DashboardName"] for d in cw.list_dashboards()["DashboardEntries"]], ["checkout"])

    # ------------------------------------------------------------ faults

    def test_delay_does_not_block_other_requests(self):
        self.emu.control("POST", "faults", {"operation": "DescribeAlarms", "delay_seconds": 2.0, "times": 1})
        done = {}

        def slow():
            t0 = time.monotonic()
            self.emu.cbor("DescribeAlarms", {})
            done["slow"] = time.monotonic() - t0

        thread = threading.Thread(target=slow)
        thread.start()
        time.sleep(0.3)
        t0 = time.monotonic()
        self.ok_cbor("DescribeAlarmHistory", {})
        fast = time.monotonic() - t0
        thread.join()
        self.assertLess(fast, 1.0)
        self.assertGreaterEqual(done["slow"], 2.0)
        t0 = time.monotonic()
        self.ok_cbor("DescribeAlarms", {})
        self.assertLess(time.monotonic() - t0, 1.0)

    def test_error_fault_n_times_then_served(self):
        self.emu.control("POST", "faults", {"operation": "DescribeAlarms", "times": 2, "error": {
            "code": "ThrottlingException", "message": "Rate exceeded", "status": 400}})
        for _ in range(2):
            status, headers, _, body = self.emu.cbor("DescribeAlarms", {})
            self.assertEqual(status, 400)
            self.assertEqual(body, {"__type": "com.amazonaws.cloudwatch#ThrottlingException",
                                    "message": "Rate exceeded"})
        self.ok_cbor("DescribeAlarms", {})
        # query protocol error, formatted as XML, seen by boto3
        self.emu.control("POST", "faults", {"operation": "GetCallerIdentity", "times": 1,
                                            "error": {"code": "ExpiredToken", "message": "expired"}})
        from botocore.exceptions import ClientError

        with self.assertRaises(ClientError) as ctx:
            self.emu.boto3("sts").get_caller_identity()
        self.assertEqual(ctx.exception.response["Error"]["Code"], "ExpiredToken")
        # awsJson error with X-Amzn-ErrorType
        self.emu.control("POST", "faults", {"operation": "DescribeLogGroups",
                                            "error": {"code": "AccessDeniedException", "message": "no"}})
        with self.assertRaises(ClientError) as ctx:
            self.emu.boto3("logs").describe_log_groups()
        self.assertEqual(ctx.exception.response["Error"]["Code"], "AccessDeniedException")
        self.assertEqual(self.emu.control("DELETE", "faults"), (200, {"ok": True}))
        self.emu.boto3("logs").describe_log_groups()

    def test_http_status_fault(self):
        self.emu.control("POST", "faults", {"operation": "GetMetricData", "http_status": 503, "times": 1})
        status, _, raw = self.emu.http("POST", "/service/GraniteServiceVersion20100801/operation/GetMetricData",
                                       cbor2.dumps({}), {"smithy-protocol": "rpc-v2-cbor",
                                                         "Content-Type": "application/cbor"})
        self.assertEqual(status, 503)
        log = self.emu.control("GET", "requests")[1]
        self.assertEqual((log[-1]["operation"], log[-1]["status"]), ("GetMetricData", 503))

    # ------------------------------------------------------------ reset

    def test_reset_clears_everything(self):
        self.seed({"generate": {"metric_alarms": 3}})
        self.emu.boto3("logs").create_log_group(logGroupName="/gone")
        self.emu.control("POST", "faults", {"operation": "ListMetrics", "delay_seconds": 5})
        self.emu.control("POST", "reset")
        self.assertEqual(self.emu.control("GET", "requests")[1], [])
        self.assertEqual(self.emu.control("GET", "faults")[1], [])
        body, _ = self.ok_cbor("DescribeAlarms", {})
        self.assertEqual(body["MetricAlarms"], [])
        self.assertEqual(self.emu.boto3("logs").describe_log_groups()["logGroups"], [])


class ProcessTest(unittest.TestCase):
    def test_restart_on_the_same_port(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        first = Emulator(port=port)
        self.assertEqual(first.port, port)
        first.cbor("DescribeAlarms", {})        # leave a connection behind in TIME_WAIT
        self.assertEqual(first.stop(signal.SIGKILL), -signal.SIGKILL)
        second = Emulator(port=port)
        try:
            self.assertEqual(second.control("GET", "health"), (200, {"ok": True}))
        finally:
            self.assertEqual(second.stop(), 0)

    def test_seed_demo(self):
        emu = Emulator("--seed", "demo", "--anchor", "2026-11-23T03:02:00Z")
        try:
            status, _, _, body = emu.cbor("DescribeAlarms", {"StateValue": "ALARM",
                                                             "AlarmTypes": ["MetricAlarm", "CompositeAlarm"]})
            self.assertEqual(status, 200)
            self.assertEqual([a["AlarmName"] for a in body["MetricAlarms"]],
                             ["checkout-api-5xx", "checkout-p99-latency"])
            self.assertEqual([a["AlarmName"] for a in body["CompositeAlarms"]], ["checkout-customer-impact"])
            five_xx = body["MetricAlarms"][0]
            self.assertEqual(five_xx["StateUpdatedTimestamp"], ts("2026-11-23T03:02:00Z"))
            self.assertTrue(five_xx["StateReason"].startswith("Threshold Crossed: 3 out of the last 3 datapoints"))
            status, _, _, body = emu.cbor("DescribeAlarms", {"AlarmTypes": ["MetricAlarm", "CompositeAlarm"]})
            self.assertEqual(len(body["MetricAlarms"]) + len(body["CompositeAlarms"]), 11)
            status, _, _, body = emu.cbor("DescribeAlarmHistory", {
                "AlarmTypes": ["MetricAlarm", "CompositeAlarm"], "HistoryItemType": "StateUpdate"})
            summaries = [(h["AlarmName"], h["HistorySummary"]) for h in body["AlarmHistoryItems"]]
            self.assertIn(("checkout-api-5xx", "Alarm updated from OK to ALARM"), summaries)
            self.assertIn(("checkout-customer-impact", "Alarm updated from OK to ALARM"), summaries)
            anchor = ts("2026-11-23T03:02:00Z").timestamp()
            status, _, _, body = emu.cbor("GetMetricData", {
                "MetricDataQueries": [{"Id": "e", "MetricStat": {"Metric": {
                    "Namespace": "AWS/ApplicationELB", "MetricName": "HTTPCode_Target_5XX_Count",
                    "Dimensions": [{"Name": "LoadBalancer", "Value": "app/checkout-alb/5f1c2d3e4a6b7c8d"}]},
                    "Period": 60, "Stat": "Sum"}}],
                "StartTime": cbor2.CBORTag(1, anchor - 600), "EndTime": cbor2.CBORTag(1, anchor + 600)})
            values = body["MetricDataResults"][0]["Values"]
            self.assertEqual(len(values), 20)
            after, before = values[:13], values[13:]        # descending: 03:11 .. 02:59, then 02:58 ..
            self.assertTrue(all(300 <= v <= 500 for v in after), after)
            self.assertTrue(all(v < 50 for v in before), before)
            status, _, _, body = emu.cbor("DescribeEvents", {"filter": {"eventStatusCodes": ["open"]}},
                                          service="health")
            self.assertEqual([e["eventTypeCode"] for e in body["events"]], ["AWS_EC2_OPERATIONAL_ISSUE"])
            status, _, _, body = emu.cbor("DescribeHealthServiceStatusForOrganization", None, service="health")
            self.assertEqual(body["healthServiceAccessStatusForOrganization"], "ENABLED")
        finally:
            self.assertEqual(emu.stop(), 0)


def load_tests(loader, tests, pattern):
    """unittest hook: add the Health checks of test_health.py, the CloudTrail checks of
    test_cloudtrail.py, the Logs Insights checks of test_logs.py, the Live Tail checks of
    test_logs_tail.py, the SSM checks of test_ssm.py, the accounts checks of test_accounts.py and
    the cross-account observability checks of test_observability.py."""
    if HERE not in sys.path:
        sys.path.insert(0, HERE)
    import test_accounts
    import test_cloudtrail
    import test_health
    import test_logs
    import test_logs_tail
    import test_observability
    import test_ssm

    tests.addTests(loader.loadTestsFromModule(test_health))
    tests.addTests(loader.loadTestsFromModule(test_cloudtrail))
    tests.addTests(loader.loadTestsFromModule(test_logs))
    tests.addTests(loader.loadTestsFromModule(test_logs_tail))
    tests.addTests(loader.loadTestsFromModule(test_ssm))
    tests.addTests(loader.loadTestsFromModule(test_accounts))
    tests.addTests(loader.loadTestsFromModule(test_observability))
    return tests


if __name__ == "__main__":
    unittest.main()
