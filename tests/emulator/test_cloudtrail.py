#!/usr/bin/env python3
"""Self checks of the emulator's CloudTrail LookupEvents, run by test_emulator.py (or on their
own: python tests/emulator/test_cloudtrail.py [-v] [-k pattern]).

Clients: botocore's cloudtrail client (awsJson 1.1, as aws-sdk-cloudtrail speaks it) and raw
awsJson requests (http.client).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from emulator_fixture import UTC, EmulatorTestCase, ts  # noqa: E402

TARGET = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
DB_SG, APP_SG = "sg-0db5e1c7a9f3b2d41", "sg-0a1b2c3d4e5f60718"


def iso(when: dt.datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def attr(key, value):
    return {"AttributeKey": key, "AttributeValue": value}


class CloudTrailTest(EmulatorTestCase):
    def setUp(self):
        super().setUp()
        self.ct = self.client()
        self.now = dt.datetime.now(UTC).replace(microsecond=0)

    def client(self, region="us-east-1", validate=True):
        import boto3
        from botocore.config import Config

        return boto3.client("cloudtrail", endpoint_url=self.emu.url, region_name=region,
                            aws_access_key_id="AKIDTEST", aws_secret_access_key="secret",
                            config=Config(retries={"total_max_attempts": 1, "mode": "standard"},   # no retries
                                          parameter_validation=validate))

    def seed(self, cloudtrail, **extra):
        status, body = self.emu.control("POST", "seed", {"cloudtrail": cloudtrail, **extra})
        self.assertEqual(status, 200, body)
        return body

    def raw(self, params, region="us-east-1"):
        headers = {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": TARGET,
                   "Authorization": f"AWS4-HMAC-SHA256 Credential=AKID/20261123/{region}/cloudtrail/aws4_request, "
                                    "SignedHeaders=host, Signature=0"}
        status, resp_headers, raw = self.emu.http("POST", "/", json.dumps(params).encode(), headers)
        return status, resp_headers, json.loads(raw)

    def error_code(self, call, **kwargs):
        from botocore.exceptions import ClientError

        with self.assertRaises(ClientError) as ctx:
            call(**kwargs)
        return ctx.exception.response["Error"]["Code"]

    def ago(self, minutes):
        return iso(self.now - dt.timedelta(minutes=minutes))

    def sample(self):
        """Six hand-made events, 10..60 minutes old, newest first in this list."""
        events = [
            {"eventName": "RevokeSecurityGroupIngress", "eventSource": "ec2.amazonaws.com", "eventTime": self.ago(10),
             "username": "alice", "accessKeyId": "AKIAALICE00000000001", "sourceIPAddress": "198.51.100.23",
             "resources": [{"ResourceType": "AWS::EC2::SecurityGroup", "ResourceName": DB_SG}],
             "requestParameters": {"groupId": DB_SG}, "responseElements": {"_return": True}},
            {"eventName": "DescribeSecurityGroups", "eventSource": "ec2.amazonaws.com", "eventTime": self.ago(20),
             "username": "bob", "readOnly": True,
             "resources": [{"ResourceType": "AWS::EC2::SecurityGroup", "ResourceName": DB_SG}]},
            {"eventName": "UpdateFunctionCode20150331v2", "eventSource": "lambda.amazonaws.com",
             "eventTime": self.ago(30), "userType": "AssumedRole", "roleName": "deploy-pipeline",
             "username": "gha-checkout-1234",
             "resources": [{"ResourceType": "AWS::Lambda::Function", "ResourceName": "checkout-receipts"}]},
            {"eventName": "PutBucketPolicy", "eventSource": "s3.amazonaws.com", "eventTime": self.ago(40),
             "username": "dave", "errorCode": "AccessDenied", "errorMessage": "Access Denied",
             "resources": [{"ResourceType": "AWS::S3::Bucket", "ResourceName": "checkout-receipts-prod"}]},
            {"eventName": "ConsoleLogin", "eventSource": "signin.amazonaws.com", "eventTime": self.ago(50),
             "username": "carol", "responseElements": {"ConsoleLogin": "Success"},
             "additionalEventData": {"MFAUsed": "No"}},
            {"eventName": "SetDesiredCapacity", "eventSource": "autoscaling.amazonaws.com", "eventTime": self.ago(60),
             "userType": "AWSService", "invokedBy": "autoscaling.amazonaws.com",
             "resources": [{"ResourceType": "AWS::AutoScaling::AutoScalingGroup", "ResourceName": "checkout-api-asg"}]},
        ]
        self.seed({"events": events})
        return self.ct.lookup_events()["Events"]

    def names(self, **kwargs):
        return [e["EventName"] for e in self.ct.lookup_events(**kwargs)["Events"]]

    # ------------------------------------------------------------ paging

    def test_paging_1000_generated_events(self):
        body = self.seed({"generate": {"events": 1000, "minutes": 180, "readOnly": False}})
        self.assertEqual(body["generated_cloudtrail_events"], 1000)
        pages, token = [], None
        while True:
            page = self.ct.lookup_events(MaxResults=50, **({"NextToken": token} if token else {}))
            pages.append(page["Events"])
            token = page.get("NextToken")
            if not token:
                break
        self.assertEqual([len(p) for p in pages], [50] * 20)
        events = [e for p in pages for e in p]
        self.assertEqual(len({e["EventId"] for e in events}), 1000)
        times = [e["EventTime"] for e in events]
        self.assertEqual(times, sorted(times, reverse=True))
        self.assertIsInstance(times[0], dt.datetime)
        self.assertGreater(times[-1], self.now - dt.timedelta(minutes=181))
        self.assertLessEqual(times[0], dt.datetime.now(UTC))
        self.assertTrue(all(e["ReadOnly"] == "false" for e in events))
        self.assertGreater(len({e["EventName"] for e in events}), 4)
        self.assertGreater(len({e["Username"] for e in events}), 4)
        self.assertGreater(len({e["EventSource"] for e in events}), 3)
        # the paginator gets the same, and the default page size is 50
        paged = list(self.ct.get_paginator("lookup_events").paginate())
        self.assertEqual([e["EventId"] for p in paged for e in p["Events"]], [e["EventId"] for e in events])
        log = [e for e in self.emu.control("GET", "requests")[1] if e["operation"] == "LookupEvents"]
        self.assertEqual(len(log), 40)
        self.assertEqual({(e["service"], e["region"], e["protocol"], e["status"]) for e in log},
                         {("cloudtrail", "us-east-1", "json", 200)})

    def test_next_token_bound_to_query_and_region(self):
        self.seed({"generate": {"events": 120, "readOnly": "mixed"}})
        first = self.ct.lookup_events(LookupAttributes=[attr("ReadOnly", "false")], MaxResults=10)
        token = first["NextToken"]
        # the same query with a second (ignored) attribute may use it
        again = self.ct.lookup_events(LookupAttributes=[attr("ReadOnly", "false"), attr("Username", "x")],
                                      MaxResults=10, NextToken=token)
        self.assertEqual(len(again["Events"]), 10)
        self.assertFalse({e["EventId"] for e in again["Events"]} & {e["EventId"] for e in first["Events"]})
        self.assertEqual(self.error_code(self.ct.lookup_events, NextToken=token), "InvalidNextTokenException")
        self.assertEqual(self.error_code(self.ct.lookup_events, LookupAttributes=[attr("ReadOnly", "true")],
                                         NextToken=token), "InvalidNextTokenException")
        self.assertEqual(self.error_code(self.client("us-west-2").lookup_events,
                                         LookupAttributes=[attr("ReadOnly", "false")], NextToken=token),
                         "InvalidNextTokenException")
        self.assertEqual(self.error_code(self.ct.lookup_events, NextToken="bm90LWEtdG9rZW4="),
                         "InvalidNextTokenException")

    # ------------------------------------------------------------ lookup attributes

    def test_only_the_first_attribute_filters(self):
        self.sample()
        by_name = self.names(LookupAttributes=[attr("EventName", "PutBucketPolicy")])
        self.assertEqual(by_name, ["PutBucketPolicy"])
        both = self.names(LookupAttributes=[attr("EventName", "PutBucketPolicy"), attr("Username", "alice")])
        self.assertEqual(both, by_name)
        swapped = self.names(LookupAttributes=[attr("Username", "alice"), attr("EventName", "PutBucketPolicy")])
        self.assertEqual(swapped, ["RevokeSecurityGroupIngress"])
        three = self.names(LookupAttributes=[attr("ReadOnly", "true"), attr("Username", "alice"),
                                             attr("EventSource", "s3.amazonaws.com")])
        self.assertEqual(three, ["DescribeSecurityGroups"])

    def test_each_attribute_key(self):
        events = self.sample()
        self.assertEqual(len(events), 6)
        revoke = events[0]
        cases = {
            ("EventId", revoke["EventId"]): ["RevokeSecurityGroupIngress"],
            ("EventName", "ConsoleLogin"): ["ConsoleLogin"],
            ("EventName", "consolelogin"): [],                       # exact, case-sensitive
            ("ReadOnly", "true"): ["DescribeSecurityGroups"],
            ("ReadOnly", "false"): [e["EventName"] for e in events if e["EventName"] != "DescribeSecurityGroups"],
            ("Username", "alice"): ["RevokeSecurityGroupIngress"],
            ("Username", "gha-checkout-1234"): ["UpdateFunctionCode20150331v2"],   # the session name
            ("Username", "autoscaling.amazonaws.com"): ["SetDesiredCapacity"],
            ("Username", "Alice"): [],
            ("ResourceType", "AWS::EC2::SecurityGroup"): ["RevokeSecurityGroupIngress", "DescribeSecurityGroups"],
            ("ResourceName", DB_SG): ["RevokeSecurityGroupIngress", "DescribeSecurityGroups"],
            ("ResourceName", "sg-0db5e1c7"): [],                     # no substring match
            ("EventSource", "signin.amazonaws.com"): ["ConsoleLogin"],
            ("AccessKeyId", "AKIAALICE00000000001"): ["RevokeSecurityGroupIngress"],
        }
        for (key, value), expected in cases.items():
            with self.subTest(key=key, value=value):
                self.assertEqual(self.names(LookupAttributes=[attr(key, value)]), expected)

    def test_read_only_filter_over_generated_mix(self):
        self.seed({"generate": {"events": 90, "minutes": 60, "readOnly": "mixed"}})
        every = [e for p in self.ct.get_paginator("lookup_events").paginate() for e in p["Events"]]
        reads = [e for p in self.ct.get_paginator("lookup_events").paginate(
            LookupAttributes=[attr("ReadOnly", "true")]) for e in p["Events"]]
        writes = [e for p in self.ct.get_paginator("lookup_events").paginate(
            LookupAttributes=[attr("ReadOnly", "false")]) for e in p["Events"]]
        self.assertEqual((len(every), len(reads), len(writes)), (90, 30, 60))
        self.assertTrue(all(e["ReadOnly"] == "true" for e in reads))
        self.assertTrue(all(json.loads(e["CloudTrailEvent"])["readOnly"] is True for e in reads))
        self.assertEqual({e["EventId"] for e in reads} | {e["EventId"] for e in writes}, {e["EventId"] for e in every})

    # ------------------------------------------------------------ time range

    def test_time_range(self):
        self.sample()
        start, end = self.now - dt.timedelta(minutes=40), self.now - dt.timedelta(minutes=20)
        self.assertEqual(self.names(StartTime=start, EndTime=end),          # both ends inclusive
                         ["DescribeSecurityGroups", "UpdateFunctionCode20150331v2", "PutBucketPolicy"])
        self.assertEqual(self.names(StartTime=self.now - dt.timedelta(minutes=15)), ["RevokeSecurityGroupIngress"])
        self.assertEqual(self.names(EndTime=self.now - dt.timedelta(minutes=55)), ["SetDesiredCapacity"])
        self.assertEqual(self.names(StartTime=start, EndTime=end, LookupAttributes=[attr("Username", "dave")]),
                         ["PutBucketPolicy"])
        self.assertEqual(self.error_code(self.ct.lookup_events, StartTime=end, EndTime=start),
                         "InvalidTimeRangeException")
        # older than 90 days: never returned, whatever StartTime says; future events wait for EndTime
        self.seed({"events": [
            {"eventName": "DeleteBucket", "eventSource": "s3.amazonaws.com", "username": "old",
             "eventTime": iso(self.now - dt.timedelta(days=91))},
            {"eventName": "CreateBucket", "eventSource": "s3.amazonaws.com", "username": "old",
             "eventTime": iso(self.now - dt.timedelta(days=89))},
            {"eventName": "TagResource", "eventSource": "s3.amazonaws.com", "username": "future",
             "eventTime": iso(self.now + dt.timedelta(hours=1))}]})
        self.assertEqual(self.names(LookupAttributes=[attr("Username", "old")]), ["CreateBucket"])
        self.assertEqual(self.names(LookupAttributes=[attr("Username", "old")],
                                    StartTime=self.now - dt.timedelta(days=365)), ["CreateBucket"])
        self.assertEqual(self.names(LookupAttributes=[attr("Username", "future")]), [])
        self.assertEqual(self.names(LookupAttributes=[attr("Username", "future")],
                                    EndTime=self.now + dt.timedelta(hours=2)), ["TagResource"])

    # ------------------------------------------------------------ errors

    def test_errors(self):
        loose = self.client(validate=False)
        self.assertEqual(self.error_code(loose.lookup_events, LookupAttributes=[attr("SourceIPAddress", "1.2.3.4")]),
                         "InvalidLookupAttributesException")
        self.assertEqual(self.error_code(loose.lookup_events, LookupAttributes=[
            attr("EventName", "X"), attr("Nope", "y")]), "InvalidLookupAttributesException")
        self.assertEqual(self.error_code(loose.lookup_events, LookupAttributes=[attr("EventName", "")]),
                         "InvalidLookupAttributesException")
        for bad in (0, 51, 1000):
            with self.subTest(MaxResults=bad):
                self.assertEqual(self.error_code(loose.lookup_events, MaxResults=bad), "InvalidMaxResultsException")
        self.assertEqual(self.error_code(loose.lookup_events, EventCategory="management"),
                         "InvalidEventCategoryException")
        self.assertEqual(self.ct.lookup_events(EventCategory="insight")["Events"], [])
        self.assertEqual(self.ct.lookup_events(MaxResults=1)["Events"], [])
        status, headers, body = self.raw({"StartTime": 2000, "EndTime": 1000})
        self.assertEqual((status, body["__type"]), (400, "InvalidTimeRangeException"))
        self.assertEqual(headers.get("X-Amzn-ErrorType"), "InvalidTimeRangeException")
        self.assertTrue(body["message"])

    # ------------------------------------------------------------ throttling and faults

    def test_rate_limit_throttling(self):
        self.assertEqual(self.seed({"rate_limit": 2})["cloudtrail_rate_limit"], 2)
        self.ct.lookup_events()
        self.ct.lookup_events()
        status, headers, body = self.raw({})
        self.assertEqual((status, body), (400, {"__type": "ThrottlingException", "message": "Rate exceeded"}))
        self.assertEqual(self.error_code(self.ct.lookup_events), "ThrottlingException")
        # per region: another region has its own window
        self.client("eu-west-1").lookup_events()
        time.sleep(1.05)
        self.ct.lookup_events()
        # a client pacing itself at 2 calls a second is never throttled
        time.sleep(1.05)
        for _ in range(6):
            self.ct.lookup_events()
            time.sleep(0.55)
        log = [e for e in self.emu.control("GET", "requests")[1] if e["operation"] == "LookupEvents"]
        self.assertEqual([e["status"] for e in log], [200, 200, 400, 400, 200, 200] + [200] * 6)
        # reset drops the limit
        self.assertEqual(self.emu.control("POST", "reset"), (200, {"ok": True}))
        for _ in range(5):
            self.ct.lookup_events()
        self.assertEqual(self.seed({"rate_limit": 1})["cloudtrail_rate_limit"], 1)
        self.assertEqual(self.seed({"rate_limit": None})["cloudtrail_rate_limit"], None)
        for _ in range(3):
            self.ct.lookup_events()

    def test_faults_still_apply(self):
        self.sample()
        self.emu.control("POST", "faults", {"operation": "LookupEvents", "service": "cloudtrail", "times": 2,
                                            "error": {"code": "ThrottlingException", "message": "Rate exceeded"}})
        self.assertEqual(self.error_code(self.ct.lookup_events), "ThrottlingException")
        self.assertEqual(self.error_code(self.ct.lookup_events), "ThrottlingException")
        self.assertEqual(len(self.ct.lookup_events()["Events"]), 6)
        self.emu.control("POST", "faults", {"operation": "LookupEvents", "http_status": 503, "times": 1})
        status, _, _ = self.emu.http("POST", "/", b"{}", {"X-Amz-Target": TARGET,
                                                         "Content-Type": "application/x-amz-json-1.1"})
        self.assertEqual(status, 503)
        self.emu.control("POST", "faults", {"operation": "LookupEvents", "delay_seconds": 1.0, "times": 1})
        started = time.monotonic()
        self.assertEqual(len(self.ct.lookup_events()["Events"]), 6)
        self.assertGreaterEqual(time.monotonic() - started, 1.0)
        self.assertEqual(self.emu.control("GET", "faults")[1], [])

    # ------------------------------------------------------------ records

    def test_cloudtrail_event_records(self):
        events = {e["EventName"]: e for e in self.sample()}
        records = {name: json.loads(e["CloudTrailEvent"]) for name, e in events.items()}
        for name, record in records.items():
            with self.subTest(name=name):
                self.assertEqual(record["eventVersion"], "1.09")
                self.assertEqual(record["eventName"], name)
                self.assertEqual(record["eventID"], events[name]["EventId"])
                self.assertRegex(record["eventID"], UUID)
                self.assertEqual(ts(record["eventTime"]), events[name]["EventTime"])
                self.assertRegex(record["eventTime"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
                self.assertEqual(record["awsRegion"], "us-east-1")
                self.assertEqual((record["recipientAccountId"], record["eventCategory"], record["managementEvent"]),
                                 ("123456789012", "Management", True))
                self.assertEqual(record["readOnly"], events[name]["ReadOnly"] == "true")
                self.assertIn("requestParameters", record)
                self.assertIn("responseElements", record)
        revoke = records["RevokeSecurityGroupIngress"]
        self.assertEqual(revoke["userIdentity"], {
            "type": "IAMUser", "principalId": revoke["userIdentity"]["principalId"],
            "arn": "arn:aws:iam::123456789012:user/alice", "accountId": "123456789012",
            "accessKeyId": "AKIAALICE00000000001", "userName": "alice"})
        self.assertEqual((revoke["sourceIPAddress"], revoke["eventType"]), ("198.51.100.23", "AwsApiCall"))
        self.assertEqual(revoke["requestParameters"], {"groupId": DB_SG})
        self.assertTrue(revoke["userAgent"].startswith("aws-cli/2.17.0 "))
        deploy = records["UpdateFunctionCode20150331v2"]["userIdentity"]
        self.assertEqual(deploy["type"], "AssumedRole")
        self.assertEqual(deploy["arn"], "arn:aws:sts::123456789012:assumed-role/deploy-pipeline/gha-checkout-1234")
        self.assertTrue(deploy["accessKeyId"].startswith("ASIA"))
        self.assertEqual(deploy["principalId"].split(":")[1], "gha-checkout-1234")
        issuer = deploy["sessionContext"]["sessionIssuer"]
        self.assertEqual((issuer["type"], issuer["arn"], issuer["userName"]),
                         ("Role", "arn:aws:iam::123456789012:role/deploy-pipeline", "deploy-pipeline"))
        self.assertEqual(events["UpdateFunctionCode20150331v2"]["Username"], "gha-checkout-1234")
        denied = records["PutBucketPolicy"]
        self.assertEqual((denied["errorCode"], denied["errorMessage"], denied["responseElements"]),
                         ("AccessDenied", "Access Denied", None))
        self.assertTrue(events["PutBucketPolicy"]["AccessKeyId"].startswith("AKIA"))    # derived from the user
        login = records["ConsoleLogin"]
        self.assertEqual((login["eventType"], login["additionalEventData"], login["responseElements"]),
                         ("AwsConsoleSignIn", {"MFAUsed": "No"}, {"ConsoleLogin": "Success"}))
        self.assertNotIn("AccessKeyId", events["ConsoleLogin"])
        service = records["SetDesiredCapacity"]
        self.assertEqual(service["userIdentity"], {"type": "AWSService", "invokedBy": "autoscaling.amazonaws.com"})
        self.assertEqual(service["sourceIPAddress"], "autoscaling.amazonaws.com")
        self.assertEqual(events["SetDesiredCapacity"]["Username"], "autoscaling.amazonaws.com")
        self.seed({"events": [{"eventName": "CreateUser", "eventSource": "iam.amazonaws.com", "userType": "Root",
                               "eventTime": self.ago(5)}]})
        root = self.ct.lookup_events(LookupAttributes=[attr("Username", "root")])["Events"][0]
        self.assertEqual(json.loads(root["CloudTrailEvent"])["userIdentity"]["arn"], "arn:aws:iam::123456789012:root")
        # the wire: EventTime is epoch seconds, CloudTrailEvent a JSON string, ReadOnly a string
        status, _, body = self.raw({"LookupAttributes": [attr("EventName", "RevokeSecurityGroupIngress")]})
        self.assertEqual(status, 200)
        event = body["Events"][0]
        self.assertIsInstance(event["EventTime"], (int, float))
        self.assertEqual(event["EventTime"], ts(revoke["eventTime"]).timestamp())
        self.assertIsInstance(event["CloudTrailEvent"], str)
        self.assertEqual(event["ReadOnly"], "false")
        self.assertEqual(event["Resources"], [{"ResourceType": "AWS::EC2::SecurityGroup", "ResourceName": DB_SG}])

    def test_regions_and_seed_validation(self):
        self.seed({"events": [{"eventName": "CreateTags", "eventSource": "ec2.amazonaws.com", "username": "w"}]},
                  region="us-west-2")
        self.assertEqual(self.names(), [])
        west = self.client("us-west-2").lookup_events()["Events"]
        self.assertEqual([e["EventName"] for e in west], ["CreateTags"])
        record = json.loads(west[0]["CloudTrailEvent"])
        self.assertEqual(record["awsRegion"], "us-west-2")
        self.assertRegex(west[0]["EventId"], UUID)
        self.assertRegex(west[0]["AccessKeyId"], r"^AKIA[A-Z2-7]{16}$")
        self.assertEqual(west[0]["ReadOnly"], "false")
        self.assertTrue(record["userAgent"].startswith("aws-cli/2.17.0"))
        self.assertLess(abs(west[0]["EventTime"] - dt.datetime.now(UTC)), dt.timedelta(seconds=30))
        for bad in ({"nope": 1}, {"generate": {"events": 5, "hours": 3}}, {"rate_limit": -1},
                    {"events": [{"eventName": "X"}]},
                    {"events": [{"eventName": "X", "eventSource": "s", "user": "alice"}]},
                    {"events": [{"eventName": "X", "eventSource": "s", "userType": "Robot"}]},
                    {"events": [{"eventName": "X", "eventSource": "s", "resources": [{"ResourceName": "r"}]}]},
                    {"events": [{"eventName": "X", "eventSource": "s",
                                 "resources": [{"ResourceType": "t", "ResourceName": "r", "Arn": "a"}]}]}):
            with self.subTest(bad=bad):
                status, body = self.emu.control("POST", "seed", {"cloudtrail": bad})
                self.assertEqual(status, 400, body)
                self.assertFalse(body["ok"])
        self.assertEqual(len(self.client("us-west-2").lookup_events()["Events"]), 1)

    def test_global_service_events_are_recorded_in_us_east_1_only(self):
        self.seed({"events": [
            {"eventName": "PutRolePolicy", "eventSource": "iam.amazonaws.com", "username": "bob"},
            {"eventName": "AssumeRole", "eventSource": "sts.amazonaws.com", "username": "bob"},
            {"eventName": "ChangeResourceRecordSets", "eventSource": "route53.amazonaws.com", "username": "bob"},
            {"eventName": "CreateTags", "eventSource": "ec2.amazonaws.com", "username": "bob"}]}, region="eu-west-1")
        west = [e["EventName"] for e in self.client("eu-west-1").lookup_events()["Events"]]
        self.assertEqual(west, ["CreateTags"])
        east = {e["EventName"]: json.loads(e["CloudTrailEvent"])["awsRegion"] for e in self.ct.lookup_events()["Events"]}
        self.assertEqual(east, {"PutRolePolicy": "us-east-1", "AssumeRole": "us-east-1",
                                "ChangeResourceRecordSets": "us-east-1"})

    # ------------------------------------------------------------ demo

    def test_demo_changes(self):
        import timeutil

        anchor = timeutil.default_anchor()
        body = self.seed({"events": []}, scenario="demo", anchor=timeutil.iso(anchor))
        self.assertEqual(body["cloudtrail_events"], 31)  # with the PutRolePolicy on checkout-api
        T = dt.datetime.fromtimestamp(anchor, UTC)
        revoke = self.ct.lookup_events(LookupAttributes=[attr("EventName", "RevokeSecurityGroupIngress")])["Events"]
        self.assertEqual(len(revoke), 1)
        event = revoke[0]
        self.assertEqual(event["EventTime"], T - dt.timedelta(minutes=4))
        self.assertEqual((event["Username"], event["EventSource"], event["ReadOnly"]),
                         ("alice", "ec2.amazonaws.com", "false"))
        self.assertEqual(event["Resources"], [{"ResourceType": "AWS::EC2::SecurityGroup", "ResourceName": DB_SG}])
        record = json.loads(event["CloudTrailEvent"])
        self.assertEqual(record["requestParameters"], {"groupId": DB_SG, "ipPermissions": {"items": [
            {"ipProtocol": "tcp", "fromPort": 5432, "toPort": 5432, "groups": {"items": [{"groupId": APP_SG}]}}]}})
        self.assertIs(record["responseElements"]["_return"], True)
        self.assertEqual((record["userIdentity"]["type"], record["sourceIPAddress"]), ("IAMUser", "198.51.100.23"))
        every = [e for p in self.ct.get_paginator("lookup_events").paginate() for e in p["Events"]]
        self.assertEqual(len(every), 31)
        self.assertTrue(all(T - dt.timedelta(hours=6) <= e["EventTime"] <= T + dt.timedelta(minutes=3) for e in every))
        by_name = {}
        for e in every:
            by_name.setdefault(e["EventName"], []).append(e)
        expect = {"UpdateFunctionCode20150331v2": (-82, "gha-checkout-1234"),
                  "UpdateStack": (-52, "gha-checkout-1234"), "AttachRolePolicy": (-127, "bob"),
                  "ConsoleLogin": (-22, "carol"), "SetDesiredCapacity": (3, "autoscaling.amazonaws.com"),
                  "PutBucketPolicy": (-42, "dave"), "PutRolePolicy": (-31, "bob")}
        for name, (minutes, user) in expect.items():
            with self.subTest(name=name):
                e = by_name[name][0]
                self.assertLess(abs(e["EventTime"] - (T + dt.timedelta(minutes=minutes))), dt.timedelta(minutes=1))
                self.assertEqual(e["Username"], user)
        self.assertEqual(json.loads(by_name["PutBucketPolicy"][0]["CloudTrailEvent"])["errorCode"], "AccessDenied")
        login = json.loads(by_name["ConsoleLogin"][0]["CloudTrailEvent"])
        self.assertEqual((login["eventType"], login["additionalEventData"]["MFAUsed"]), ("AwsConsoleSignIn", "No"))
        attach = json.loads(by_name["AttachRolePolicy"][0]["CloudTrailEvent"])
        self.assertEqual(attach["requestParameters"]["policyArn"], "arn:aws:iam::aws:policy/AmazonS3FullAccess")
        # the previous hour, as warroom asks for it: the SG change comes out first among writes
        recent = self.ct.lookup_events(LookupAttributes=[attr("ReadOnly", "false")],
                                       StartTime=T - dt.timedelta(hours=1), EndTime=T)["Events"]
        self.assertEqual(recent[0]["EventName"], "RevokeSecurityGroupIngress")
        self.assertEqual(self.names(LookupAttributes=[attr("ResourceName", DB_SG)]), ["RevokeSecurityGroupIngress"])
        # demo in another region: regional events there, IAM and sign-in in us-east-1
        self.assertEqual(self.emu.control("POST", "reset"), (200, {"ok": True}))
        self.seed({}, scenario="demo", anchor=timeutil.iso(anchor), region="eu-west-1")
        east = {e["EventName"] for e in self.ct.lookup_events()["Events"]}
        self.assertEqual(east, {"AttachRolePolicy", "ConsoleLogin", "PutRolePolicy"})
        self.assertEqual(len(self.client("eu-west-1").lookup_events()["Events"]), 28)


if __name__ == "__main__":
    unittest.main()
