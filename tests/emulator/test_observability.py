#!/usr/bin/env python3
"""Self checks of CloudWatch cross-account observability (Observability Access Manager) in the
emulator, run by test_emulator.py (or alone: python tests/emulator/test_observability.py): a
monitoring account lists its linked source accounts' log groups (DescribeLogGroups with
includeLinkedAccounts), queries them by ARN, and holds alarms on their metrics
(Metrics[].AccountId).
"""

from __future__ import annotations

import os
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from botocore.exceptions import ClientError  # noqa: E402
from emulator_fixture import EmulatorTestCase  # noqa: E402

MONITORING, STAGING, SHARED = "123456789012", "210987654321", "345678901234"
STAGING_KEY, SHARED_KEY = "AKIASTAGING000000001", "AKIASHARED0000000001"
ACCOUNTS = [{"id": STAGING, "name": "staging", "access_keys": [STAGING_KEY]},
            {"id": SHARED, "name": "shared-services", "access_keys": [SHARED_KEY]}]
APP = "/ecs/checkout-api"
NOW = time.time()


def arn(account, name, region="us-east-1"):
    return f"arn:aws:logs:{region}:{account}:log-group:{name}"


class ObservabilityTest(EmulatorTestCase):
    def seed(self, data):
        status, body = self.emu.control("POST", "seed", data)
        self.assertEqual(status, 200, body)
        return body

    def setUp(self):
        super().setUp()
        self.seed({"accounts": ACCOUNTS, "observability": {"monitoring": MONITORING, "sources": [STAGING]}})
        events = lambda who: [{"timestamp": NOW - 60 * i, "message": f"{who} error {i}"} for i in range(3)]
        self.seed({"logs": {"groups": [{"name": APP, "events": events("production")}]}})
        self.seed({"account": STAGING, "logs": {"groups": [
            {"name": APP, "events": events("staging")}, {"name": "/ecs/staging-only", "events": events("only")}]}})
        self.seed({"account": SHARED, "logs": {"groups": [{"name": "/vpc/flow", "events": events("shared")}]}})

    def logs(self, key="AKIDTEST"):
        return self.emu.boto3("logs", key=key)

    def groups(self, key="AKIDTEST", **params):
        return [(g["logGroupName"], g["logGroupArn"]) for g in self.logs(key).describe_log_groups(**params)["logGroups"]]

    def rows(self, key="AKIDTEST", **params):
        logs = self.logs(key)
        qid = logs.start_query(startTime=int(NOW - 3600), endTime=int(NOW + 60), queryString="fields @message",
                               **params)["queryId"]
        for _ in range(20):
            out = logs.get_query_results(queryId=qid)
            if out["status"] == "Complete":
                return [{f["field"]: f["value"] for f in row} for row in out["results"]]
        self.fail("the query never completed")

    def code(self, call, *args, **kwargs) -> str:
        with self.assertRaises(ClientError) as raised:
            call(*args, **kwargs)
        return raised.exception.response["Error"]["Code"]

    def test_a_monitoring_account_lists_its_linked_sources_groups_with_their_arns(self):
        self.assertEqual(self.groups(), [(APP, arn(MONITORING, APP))])
        self.assertEqual(self.groups(includeLinkedAccounts=True), [
            (APP, arn(MONITORING, APP)), (APP, arn(STAGING, APP)),
            ("/ecs/staging-only", arn(STAGING, "/ecs/staging-only"))])
        self.assertEqual(self.groups(includeLinkedAccounts=True, accountIdentifiers=[STAGING],
                                     logGroupNamePrefix="/ecs/staging"),
                         [("/ecs/staging-only", arn(STAGING, "/ecs/staging-only"))])
        # an account that is not a monitoring account: the flag changes nothing
        self.assertEqual(self.groups(SHARED_KEY, includeLinkedAccounts=True), [("/vpc/flow", arn(SHARED, "/vpc/flow"))])
        self.assertEqual(self.groups(STAGING_KEY, includeLinkedAccounts=True),
                         [(APP, arn(STAGING, APP)), ("/ecs/staging-only", arn(STAGING, "/ecs/staging-only"))])

    def test_a_query_by_arn_reads_the_source_account_s_events(self):
        rows = self.rows(logGroupIdentifiers=[arn(STAGING, APP), arn(MONITORING, APP)])
        self.assertEqual(sorted({r["@log"] for r in rows}), [f"{MONITORING}:{APP}", f"{STAGING}:{APP}"])
        self.assertEqual(len(rows), 6)
        self.assertTrue(any(r["@message"] == "staging error 0" for r in rows), rows)
        own = self.rows(logGroupNames=[APP])
        self.assertEqual({r["@log"] for r in own}, {f"{MONITORING}:{APP}"})
        # a source's group by name is looked for in the caller's own account
        self.assertEqual(self.code(self.logs().start_query, startTime=0, endTime=1, queryString="fields @message",
                                   logGroupNames=["/ecs/staging-only"]), "ResourceNotFoundException")
        # an account that is not linked, or a caller that is not its monitoring account
        self.assertEqual(self.code(self.logs().start_query, startTime=0, endTime=1, queryString="fields @message",
                                   logGroupIdentifiers=[arn(SHARED, "/vpc/flow")]), "ResourceNotFoundException")
        self.assertEqual(self.code(self.logs(SHARED_KEY).start_query, startTime=0, endTime=1,
                                   queryString="fields @message", logGroupIdentifiers=[arn(STAGING, APP)]),
                         "ResourceNotFoundException")
        self.assertEqual(self.code(self.logs().start_query, startTime=0, endTime=1, queryString="fields @message",
                                   logGroupNames=[APP], logGroupIdentifiers=[arn(STAGING, APP)]),
                         "InvalidParameterException")
        self.assertEqual(self.code(self.logs().start_query, startTime=0, endTime=1, queryString="fields @message",
                                   logGroupIdentifiers=[arn(STAGING, f"/g{i}") for i in range(51)]),
                         "InvalidParameterException")
        self.assertEqual(self.code(self.logs().start_query, startTime=0, endTime=1, queryString="fields @message",
                                   logGroupNames=[arn(STAGING, APP)]), "InvalidParameterException")

    def test_an_alarm_on_a_source_account_s_metric_names_that_account(self):
        cw = self.emu.boto3("cloudwatch")
        cw.put_metric_alarm(AlarmName="staging-5xx-from-monitoring", EvaluationPeriods=1, Threshold=10.0,
                            ComparisonOperator="GreaterThanThreshold", Metrics=[
                                {"Id": "m1", "AccountId": STAGING, "ReturnData": True, "MetricStat": {
                                    "Metric": {"Namespace": "AWS/ApplicationELB",
                                               "MetricName": "HTTPCode_Target_5XX_Count"},
                                    "Period": 60, "Stat": "Sum"}}])
        alarm = cw.describe_alarms(AlarmNames=["staging-5xx-from-monitoring"])["MetricAlarms"][0]
        self.assertEqual([(m["Id"], m.get("AccountId")) for m in alarm["Metrics"]], [("m1", STAGING)])
        self.assertIn(f":{MONITORING}:alarm:", alarm["AlarmArn"])

    def test_bad_observability_seeds_are_refused(self):
        for bad in ({"monitoring": "nope"}, {"monitoring": MONITORING, "sources": [MONITORING]},
                    {"monitoring": MONITORING, "sink": "x"}):
            status, body = self.emu.control("POST", "seed", {"observability": bad})
            self.assertEqual(status, 400, body)


if __name__ == "__main__":
    unittest.main()
