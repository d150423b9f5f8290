#!/usr/bin/env python3
"""Self checks of the emulator's CloudWatch Logs Insights, run by test_emulator.py (or on their
own: python tests/emulator/test_logs.py [-v] [-k pattern]).

Client: botocore's logs client (awsJson 1.1, as aws-sdk-cloudwatchlogs speaks it).
"""

from __future__ import annotations

import json
import os
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from emulator_fixture import EmulatorTestCase  # noqa: E402

APP = "/aws/ecs/checkout-api"
T0 = 1795402920          # 2026-11-23T03:02:00Z


def sample(**extra):
    return {"groups": [
        {"name": APP, "retentionInDays": 30, "storedBytes": 123456,
         "events": [{"timestamp": T0 - 60 * i, "message": json.dumps({"level": "INFO", "i": i}),
                     "stream": "checkout-api/web/abc"} for i in range(5)]},
        {"name": "/aws/lambda/checkout-receipts", "events": [{"timestamp": "2026-11-23T03:00:00Z", "message": "START"}]},
        {"name": "/aws/rds/cluster/checkout-db/postgresql", "retentionInDays": 7},
    ], "rules": [
        {"match": "stats count(*) by bin(5m)", "recordsScanned": 120000,
         "rows": [{"bin(5m)": "2026-11-23 03:00:00.000", "count(*)": "30"},
                  {"bin(5m)": "2026-11-23 02:55:00.000", "count(*)": 3}]},
        {"match": r"filter\s+level", "regex": True, "rows": [{"@timestamp": "2026-11-23 03:01:00.000",
                                                               "@message": "boom", "@logStream": "s"}]},
    ], "saved": [{"name": "errors by 5m", "queryString": "stats count(*) by bin(5m)", "logGroupNames": [APP]}],
        **extra}


class LogsTest(EmulatorTestCase):
    def setUp(self):
        super().setUp()
        self.logs = self.client()

    def client(self, region="us-east-1"):
        import boto3
        from botocore.config import Config

        return boto3.client("logs", endpoint_url=self.emu.url, region_name=region,
                            aws_access_key_id="AKIDTEST", aws_secret_access_key="secret",
                            config=Config(retries={"total_max_attempts": 1, "mode": "standard"}))

    def seed(self, logs, **extra):
        status, body = self.emu.control("POST", "seed", {"logs": logs, **extra})
        self.assertEqual(status, 200, body)
        return body

    def error_code(self, call, **kwargs):
        from botocore.exceptions import ClientError

        with self.assertRaises(ClientError) as ctx:
            call(**kwargs)
        return ctx.exception.response["Error"]["Code"]

    def start(self, query, group=APP, **kw):
        return self.logs.start_query(logGroupName=group, startTime=T0 - 3600, endTime=T0 + 3600,
                                     queryString=query, **kw)["queryId"]

    def run_query(self, qid):
        seen = []
        while True:
            out = self.logs.get_query_results(queryId=qid)
            seen.append(out["status"])
            if out["status"] not in ("Scheduled", "Running"):
                return seen, out

    # ------------------------------------------------------------ log groups

    def test_describe_log_groups(self):
        body = self.seed(sample())
        self.assertEqual(body["seeded_log_groups"], 3)
        groups = self.logs.describe_log_groups()["logGroups"]
        self.assertEqual([g["logGroupName"] for g in groups],
                         ["/aws/ecs/checkout-api", "/aws/lambda/checkout-receipts",
                          "/aws/rds/cluster/checkout-db/postgresql"])
        app = groups[0]
        self.assertEqual(app["retentionInDays"], 30)
        self.assertEqual(app["storedBytes"], 123456)
        self.assertEqual(app["arn"], f"arn:aws:logs:us-east-1:123456789012:log-group:{APP}:*")
        self.assertIsInstance(app["creationTime"], int)
        self.assertNotIn("retentionInDays", groups[1])
        self.assertEqual(len(self.logs.describe_log_groups(logGroupNamePrefix="/aws/l")["logGroups"]), 1)
        self.assertEqual(len(self.logs.describe_log_groups(logGroupNamePattern="CHECKOUT")["logGroups"]), 3)
        page = self.logs.describe_log_groups(limit=2)
        self.assertEqual(len(page["logGroups"]), 2)
        rest = self.logs.describe_log_groups(limit=2, nextToken=page["nextToken"])
        self.assertEqual([g["logGroupName"] for g in rest["logGroups"]], ["/aws/rds/cluster/checkout-db/postgresql"])
        self.assertNotIn("nextToken", rest)
        self.logs.create_log_group(logGroupName="/moto/made")          # moto's groups are merged
        self.assertIn("/moto/made", [g["logGroupName"] for g in self.logs.describe_log_groups()["logGroups"]])
        self.assertEqual(self.client("eu-west-1").describe_log_groups()["logGroups"], [])

    def test_seed_rejects_unknown_keys(self):
        for bad in ({"grups": []}, {"groups": [{"name": APP, "retention": 3}]},
                    {"rules": [{"match": "x", "rowz": []}]}, {"groups": [{"name": APP, "retentionInDays": 4}]}):
            status, body = self.emu.control("POST", "seed", {"logs": bad})
            self.assertEqual(status, 400, bad)
            self.assertFalse(body["ok"])

    # ------------------------------------------------------------ queries

    def test_query_lifecycle_with_rule(self):
        self.seed(sample())
        qid = self.start("fields @timestamp | stats count(*) by bin(5m)")
        first = self.logs.get_query_results(queryId=qid)
        self.assertEqual(first["status"], "Scheduled")
        self.assertEqual(first["statistics"]["recordsScanned"], 0)
        running = [self.logs.get_query_results(queryId=qid) for _ in range(2)]
        self.assertEqual([r["status"] for r in running], ["Running", "Running"])
        scanned = [r["statistics"]["recordsScanned"] for r in running]
        self.assertTrue(0 < scanned[0] < scanned[1] < 120000, scanned)
        done = self.logs.get_query_results(queryId=qid)
        self.assertEqual(done["status"], "Complete")
        self.assertEqual(done["statistics"]["recordsScanned"], 120000)
        self.assertEqual(done["results"][0], [{"field": "bin(5m)", "value": "2026-11-23 03:00:00.000"},
                                              {"field": "count(*)", "value": "30"}])
        self.assertEqual(done["results"][1][1]["value"], "3")
        self.assertEqual(self.logs.get_query_results(queryId=qid)["status"], "Complete")

    def test_default_rows_and_log_record(self):
        self.seed(sample(polls=0))
        qid = self.start("fields @timestamp, @message | sort @timestamp desc", limit=3)
        seen, out = self.run_query(qid)
        self.assertEqual(seen, ["Scheduled", "Complete"])
        self.assertEqual(len(out["results"]), 3)
        row = {f["field"]: f["value"] for f in out["results"][0]}
        self.assertEqual(row["@timestamp"], "2026-11-23 03:02:00.000")
        self.assertEqual(json.loads(row["@message"]), {"level": "INFO", "i": 0})
        self.assertEqual(row["@logStream"], "checkout-api/web/abc")
        record = self.logs.get_log_record(logRecordPointer=row["@ptr"])["logRecord"]
        self.assertEqual(record["@message"], row["@message"])
        self.assertEqual(record["@log"], f"123456789012:{APP}")
        self.assertEqual(record["@timestamp"], str(T0 * 1000))
        self.assertEqual(self.error_code(self.logs.get_log_record, logRecordPointer="AAAAbm9wZQ=="),
                         "ResourceNotFoundException")
        # rule rows with @message get a pointer GetLogRecord resolves
        _, out = self.run_query(self.start('filter level = "ERROR"'))
        row = {f["field"]: f["value"] for f in out["results"][0]}
        self.assertEqual(self.logs.get_log_record(logRecordPointer=row["@ptr"])["logRecord"]["@message"], "boom")
        # several groups: newest first across them
        qid = self.logs.start_query(logGroupNames=[APP, "/aws/lambda/checkout-receipts"], startTime=T0 - 3600,
                                    endTime=T0 + 3600, queryString="fields @message")["queryId"]
        _, out = self.run_query(qid)
        self.assertEqual(len(out["results"]), 6)
        self.assertEqual(out["statistics"]["recordsMatched"], 6)

    def test_events_put_with_put_log_events_are_queried(self):
        self.seed({"polls": 0})
        group, stream = "/warroom-check/put", "web-1"
        self.logs.create_log_group(logGroupName=group)
        self.logs.create_log_stream(logGroupName=group, logStreamName=stream)
        self.logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=[
            {"timestamp": (T0 - 120) * 1000, "message": "GET / 200"},
            {"timestamp": (T0 - 60) * 1000, "message": "ERROR upstream timeout"},
        ])
        _, out = self.run_query(self.start("fields @timestamp, @message", group=group))
        rows = [{f["field"]: f["value"] for f in r} for r in out["results"]]
        self.assertEqual([r["@message"] for r in rows], ["ERROR upstream timeout", "GET / 200"])
        self.assertEqual(rows[0]["@timestamp"], "2026-11-23 03:01:00.000")
        self.assertEqual(rows[0]["@logStream"], stream)
        record = self.logs.get_log_record(logRecordPointer=rows[0]["@ptr"])["logRecord"]
        self.assertEqual(record["@message"], "ERROR upstream timeout")
        # outside the window: nothing
        qid = self.logs.start_query(logGroupName=group, startTime=T0, endTime=T0 + 60,
                                    queryString="fields @message")["queryId"]
        self.assertEqual(self.run_query(qid)[1]["results"], [])

    def test_localstack_quirks(self):
        self.seed(sample(polls=0, quirks={"timestamp_format": "epoch_ms", "omit_statistics": True}))
        _, out = self.run_query(self.start("fields @timestamp, @message | sort @timestamp desc", limit=1))
        self.assertNotIn("statistics", out)
        row = {f["field"]: f["value"] for f in out["results"][0]}
        self.assertEqual(row["@timestamp"], str(T0 * 1000))
        # a rule's rows too; other fields as they are
        _, out = self.run_query(self.start("stats count(*) by bin(5m)"))
        self.assertEqual(out["results"][0][0]["value"], "2026-11-23 03:00:00.000")
        status, body = self.emu.control("POST", "seed", {"logs": {"quirks": {"timestamp_format": "iso"}}})
        self.assertEqual(status, 400, body)
        self.seed({"quirks": {"timestamp_format": "aws", "omit_statistics": False}})
        _, out = self.run_query(self.start("fields @timestamp", limit=1))
        self.assertIn("statistics", out)
        self.assertEqual(out["results"][0][0]["value"], "2026-11-23 03:02:00.000")

    def test_stop_query(self):
        self.seed(sample())
        qid = self.start("stats count(*) by bin(5m)")
        self.logs.get_query_results(queryId=qid)
        self.assertTrue(self.logs.stop_query(queryId=qid)["success"])
        self.assertEqual(self.logs.get_query_results(queryId=qid)["status"], "Cancelled")
        self.assertFalse(self.logs.stop_query(queryId=qid)["success"])
        self.assertEqual(self.error_code(self.logs.get_query_results, queryId="nope"), "ResourceNotFoundException")

    def test_errors(self):
        self.seed(sample(max_concurrent=2, malformed="BROKEN"))
        self.start("fields @message")
        self.start("fields @message")
        self.assertEqual(self.error_code(self.start, query="fields @message"), "LimitExceededException")
        self.seed({"max_concurrent": 30})
        for bad in ("fields @message | BROKEN", "   ", 'filter msg = "oops', "stats count(* by msg"):
            self.assertEqual(self.error_code(self.start, query=bad), "MalformedQueryException", bad)
        self.assertEqual(self.error_code(self.start, query="fields @message", group="/no/such"),
                         "ResourceNotFoundException")
        self.assertEqual(self.error_code(self.logs.start_query, logGroupNames=[APP] * 51, startTime=1, endTime=2,
                                         queryString="fields @message"), "InvalidParameterException")
        self.assertEqual(self.error_code(self.logs.start_query, logGroupName=APP, startTime=5, endTime=2,
                                         queryString="fields @message"), "InvalidParameterException")
        # faults still apply to the operations the emulator owns
        self.emu.control("POST", "faults", {"service": "logs", "operation": "StartQuery", "times": 1,
                                            "error": {"code": "ThrottlingException", "message": "Rate exceeded"}})
        self.assertEqual(self.error_code(self.start, query="fields @message"), "ThrottlingException")
        self.start("fields @message")

    def test_describe_queries(self):
        self.seed(sample(polls=0))
        a = self.start("fields @message")
        time.sleep(0.01)
        b = self.start("stats count(*) by bin(5m)", group="/aws/lambda/checkout-receipts")
        self.run_query(a)
        queries = self.logs.describe_queries()["queries"]
        self.assertEqual([q["queryId"] for q in queries], [b, a])
        self.assertEqual(queries[1]["status"], "Complete")
        self.assertEqual(queries[0]["logGroupName"], "/aws/lambda/checkout-receipts")
        self.assertEqual([q["queryId"] for q in self.logs.describe_queries(status="Scheduled")["queries"]], [b])
        self.assertEqual([q["queryId"] for q in self.logs.describe_queries(logGroupName=APP)["queries"]], [a])
        page = self.logs.describe_queries(maxResults=1)
        self.assertEqual(self.logs.describe_queries(maxResults=1, nextToken=page["nextToken"])["queries"][0]["queryId"],
                         a)

    def test_saved_queries(self):
        self.seed(sample())
        defs = self.logs.describe_query_definitions()["queryDefinitions"]
        self.assertEqual([(d["name"], d["logGroupNames"]) for d in defs], [("errors by 5m", [APP])])
        qid = self.logs.put_query_definition(name="slow", queryString="fields @duration",
                                             logGroupNames=[APP])["queryDefinitionId"]
        self.logs.put_query_definition(name="slowest", queryDefinitionId=qid, queryString="fields @duration | limit 5")
        defs = self.logs.describe_query_definitions(queryDefinitionNamePrefix="slow")["queryDefinitions"]
        self.assertEqual([(d["name"], d["queryString"], d["queryDefinitionId"]) for d in defs],
                         [("slowest", "fields @duration | limit 5", qid)])
        page = self.logs.describe_query_definitions(maxResults=1)
        self.assertEqual(len(page["queryDefinitions"]), 1)
        self.assertIn("nextToken", page)
        self.assertEqual(self.error_code(self.logs.put_query_definition, name="x", queryString="y",
                                         queryDefinitionId="missing"), "ResourceNotFoundException")

    # ------------------------------------------------------------ the demo

    def test_demo_logs(self):
        import timeutil

        # two minutes past a five-minute bin, as 03:02 is: the spike from 03:00 fills its bin
        anchor = timeutil.floor_to(timeutil.default_anchor(), 300) + 120
        body = self.seed({}, scenario="demo", anchor=timeutil.iso(anchor))
        self.assertEqual(body["log_groups"], 3)
        groups = {g["logGroupName"]: g for g in self.logs.describe_log_groups()["logGroups"]}
        self.assertEqual(groups[APP]["retentionInDays"], 30)
        self.assertNotIn("retentionInDays", groups["/aws/lambda/checkout-receipts"])
        self.assertEqual(groups["/aws/rds/cluster/checkout-db/postgresql"]["retentionInDays"], 7)
        names = [d["name"] for d in self.logs.describe_query_definitions()["queryDefinitions"]]
        self.assertEqual(names, ["checkout 5xx by 5m", "slowest checkout endpoints"])
        # errors by type: the timeout dominates
        _, out = self.run_query(self.start('filter level = "ERROR" | stats count(*) by msg'))
        top = {f["field"]: f["value"] for f in out["results"][0]}
        self.assertEqual(top["msg"], "timeout connecting to database")
        # the spike from 03:00
        _, out = self.run_query(self.start("stats count(*) by bin(5m)"))
        bins = {r[0]["value"]: int(r[1]["value"]) for r in out["results"]}
        from logs_store import insights_time

        self.assertGreater(bins[insights_time(anchor - 120)], 4 * bins[insights_time(anchor - 720)])
        # the error lines, newest first (the timeouts), with pointers to the real events
        _, out = self.run_query(self.start('fields @timestamp, @message | filter level = "ERROR" | sort @timestamp desc'))
        row = {f["field"]: f["value"] for f in out["results"][0]}
        self.assertIn('"db_host":"checkout-db.cluster-c1a2b3.us-east-1.rds.amazonaws.com"', row["@message"])
        record = self.logs.get_log_record(logRecordPointer=row["@ptr"])["logRecord"]
        self.assertEqual(record["@message"], row["@message"])
        self.assertGreaterEqual(record["@timestamp"], str((anchor - 60) * 1000))
        # the saved queries have canned answers too
        for d in self.logs.describe_query_definitions()["queryDefinitions"]:
            qid = self.logs.start_query(logGroupNames=d["logGroupNames"], startTime=anchor - 3600,
                                        endTime=anchor + 600, queryString=d["queryString"])["queryId"]
            _, out = self.run_query(qid)
            self.assertTrue(out["results"], d["name"])
        # no rule: the raw events, newest first
        _, out = self.run_query(self.logs.start_query(
            logGroupName="/aws/rds/cluster/checkout-db/postgresql", startTime=anchor - 300, endTime=anchor,
            queryString="fields @timestamp, @message | sort @timestamp desc")["queryId"])
        self.assertTrue(any("Connection reset by peer" in r[1]["value"] for r in out["results"]))


if __name__ == "__main__":
    unittest.main()
