#!/usr/bin/env python3
"""Self checks of the emulator's AWS Health store, run by test_emulator.py (or on their own:
python tests/emulator/test_health.py [-v] [-k pattern]).

Clients: botocore's awsJson client (its default for health), botocore's rpc-v2-cbor client
(forced), and hand-built CBOR requests (cbor2 + http.client).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import unittest

import cbor2

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from emulator_fixture import UTC, EmulatorTestCase, ts  # noqa: E402

ANCHOR = "2026-11-23T03:02:00Z"
EC2 = "arn:aws:health:us-east-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/AWS_EC2_OPERATIONAL_ISSUE_B7C2E_1A4F90D3C6"
RDS = ("arn:aws:health:us-east-1::event/RDS/AWS_RDS_MAINTENANCE_SCHEDULED/"
       "AWS_RDS_MAINTENANCE_SCHEDULED_3F9A1_C27E5B8D04")
LAMBDA = ("arn:aws:health:us-east-1::event/LAMBDA/AWS_LAMBDA_OPERATIONAL_ISSUE/"
          "AWS_LAMBDA_OPERATIONAL_ISSUE_8D0B4_5E6F7A9C21")
ACM = ("arn:aws:health:us-east-1::event/ACM/AWS_ACM_RENEWAL_STATE_CHANGE/"
       "AWS_ACM_RENEWAL_STATE_CHANGE_E41C7_0B9D2F6A83")
MISSING = "arn:aws:health:us-east-1::event/EC2/AWS_EC2_X/AWS_EC2_X_NOPE"


def at(text):
    return ts(text).timestamp()


class HealthTest(EmulatorTestCase):
    def setUp(self):
        super().setUp()
        self.json = self.emu.boto3("health")
        self.assertEqual(self.json.meta.service_model.resolved_protocol, "json")

    def seed(self, health, **extra):
        status, body = self.emu.control("POST", "seed", {"health": health, **extra})
        self.assertEqual(status, 200, body)
        return body

    def cbor_client(self):
        """botocore's own rpc-v2-cbor serializer and parser."""
        import botocore.model

        saved = botocore.model.PRIORITY_ORDERED_SUPPORTED_PROTOCOLS
        botocore.model.PRIORITY_ORDERED_SUPPORTED_PROTOCOLS = ("smithy-rpc-v2-cbor",) + tuple(
            p for p in saved if p != "smithy-rpc-v2-cbor")
        try:
            client = self.emu.boto3("health")
        finally:
            botocore.model.PRIORITY_ORDERED_SUPPORTED_PROTOCOLS = saved
        self.assertEqual(client.meta.service_model.resolved_protocol, "smithy-rpc-v2-cbor")
        return client

    def raw(self, operation, params):
        status, headers, raw, body = self.emu.cbor(operation, params, service="health")
        return status, headers, raw, body

    # ------------------------------------------------------------ DescribeEvents

    def test_describe_events_paging_over_generated_events(self):
        self.seed({"generate": {"events": 120}})
        cbor = self.cbor_client()
        pages = list(cbor.get_paginator("describe_events").paginate(PaginationConfig={"PageSize": 25}))
        self.assertEqual([len(p["events"]) for p in pages], [25, 25, 25, 25, 20])
        events = [e for p in pages for e in p["events"]]
        arns = [e["arn"] for e in events]
        self.assertEqual(len(set(arns)), 120)
        starts = [e["startTime"] for e in events]
        self.assertEqual(starts, sorted(starts, reverse=True))
        self.assertIsInstance(starts[0], dt.datetime)
        # the same pages over awsJson, default page size 100
        first = self.json.describe_events()
        self.assertEqual([e["arn"] for e in first["events"]], arns[:100])
        second = self.json.describe_events(nextToken=first["nextToken"])
        self.assertEqual([e["arn"] for e in second["events"]], arns[100:])
        self.assertNotIn("nextToken", second)
        from botocore.exceptions import ClientError

        with self.assertRaises(ClientError) as ctx:
            self.json.describe_events(nextToken="bm90LWEtdG9rZW4=")
        self.assertEqual(ctx.exception.response["Error"]["Code"], "InvalidPaginationToken")
        status, _, _, body = self.raw("DescribeEvents", {"maxResults": 101})
        self.assertEqual((status, body["__type"]), (400, "com.amazonaws.health#ValidationException"))

    def test_describe_events_filters(self):
        now = dt.datetime.now(UTC)
        self.seed({"generate": {"events": 48}, "events": [
            {"eventTypeCode": "AWS_EC2_OPERATIONAL_ISSUE", "region": "us-east-1", "availabilityZone": "use1-az4",
             "startTime": "2020-01-12T02:50:00Z", "statusCode": "open",
             "entities": [{"entityValue": "i-0aaa", "tags": {"Service": "checkout"}}]},
            {"eventTypeCode": "AWS_EC2_OPERATIONAL_ISSUE", "region": "us-east-1",
             "startTime": "2020-01-10T01:00:00Z", "endTime": "2020-01-10T02:00:00Z", "statusCode": "closed"}]})
        everything = self.json.describe_events()["events"]
        self.assertEqual(len(everything), 50)

        def arns(**filt):
            return {e["arn"] for e in self.json.describe_events(filter=filt)["events"]}

        def expect(pred):
            return {e["arn"] for e in everything if pred(e)}

        upcoming = arns(eventStatusCodes=["upcoming"])
        self.assertTrue(upcoming)
        self.assertEqual(upcoming, expect(lambda e: e["statusCode"] == "upcoming"))
        self.assertEqual(arns(eventStatusCodes=["open", "closed"]), expect(lambda e: e["statusCode"] != "upcoming"))
        west = arns(regions=["us-west-2", "global"])
        self.assertEqual(west, expect(lambda e: e["region"] in ("us-west-2", "global")))
        self.assertTrue(any("/IAM/" in a for a in west))
        self.assertEqual(arns(eventTypeCategories=["scheduledChange"], eventStatusCodes=["upcoming"]),
                         expect(lambda e: e["eventTypeCategory"] == "scheduledChange"
                                and e["statusCode"] == "upcoming"))
        self.assertEqual(arns(services=["LAMBDA"]), expect(lambda e: e["service"] == "LAMBDA"))
        # endTimes: an event without endTime never matches; any of the ranges may match
        lo, hi = ts("2020-01-10T00:00:00Z"), ts("2020-01-11T00:00:00Z")
        self.assertEqual(len(arns(endTimes=[{"from": lo, "to": hi}])), 1)
        recent = now - dt.timedelta(hours=30)
        closed_recent = expect(lambda e: "endTime" in e and e["endTime"] >= recent)
        self.assertTrue(closed_recent)
        self.assertEqual(arns(endTimes=[{"from": recent}]), closed_recent)
        self.assertEqual(arns(endTimes=[{"from": lo, "to": hi}, {"from": recent}]),
                         closed_recent | arns(endTimes=[{"from": lo, "to": hi}]))
        self.assertFalse(arns(endTimes=[{"to": lo}]))
        self.assertEqual(arns(startTimes=[{"from": ts("2020-01-12T02:00:00Z"), "to": ts("2020-01-12T03:00:00Z")}]),
                         expect(lambda e: e.get("availabilityZone") == "use1-az4"))
        self.assertEqual(len(arns(availabilityZones=["use1-az4"])), 1)
        self.assertEqual(len(arns(entityValues=["i-0aaa"])), 1)
        self.assertEqual(len(arns(tags={"Service": ["checkout"]})), 1)
        self.assertEqual(len(arns(lastUpdatedTimes=[{"to": ts("2020-01-12T02:50:00Z")}])), 2)
        body = self.json.describe_event_aggregates(aggregateField="eventTypeCategory",
                                                   filter={"eventStatusCodes": ["open"]})
        counts = {a["aggregateValue"]: a["count"] for a in body["eventAggregates"]}
        self.assertEqual(sum(counts.values()), len(expect(lambda e: e["statusCode"] == "open")))

    def test_hand_built_cbor_describe_events(self):
        self.seed({"events": [{"arn": EC2, "eventTypeCode": "AWS_EC2_OPERATIONAL_ISSUE",
                               "startTime": "2026-11-23T02:50:00Z", "lastUpdatedTime": "2026-11-23T03:07:00.250Z",
                               "statusCode": "open", "availabilityZone": "use1-az4"},
                              {"eventTypeCode": "AWS_RDS_MAINTENANCE_SCHEDULED", "startTime": "2026-11-26T03:02:00Z",
                               "statusCode": "upcoming"}]})
        status, headers, raw, body = self.raw("DescribeEvents", {
            "filter": {"eventStatusCodes": ["open"],
                       "startTimes": [{"from": cbor2.CBORTag(1, at("2026-11-23T02:00:00Z")),
                                       "to": cbor2.CBORTag(1, at("2026-11-23T03:00:00.5Z"))}]},
            "maxResults": 10})
        self.assertEqual(status, 200, body)
        self.assertEqual((headers.get("smithy-protocol"), headers.get("Content-Type")),
                         ("rpc-v2-cbor", "application/cbor"))
        self.assertIn(b"\xc1\xfb", raw)          # timestamps: CBOR tag 1 holding a float64
        self.assertEqual(len(body["events"]), 1)
        event = body["events"][0]
        self.assertEqual(event, {
            "arn": EC2, "service": "EC2", "eventTypeCode": "AWS_EC2_OPERATIONAL_ISSUE", "eventTypeCategory": "issue",
            "region": "us-east-1", "availabilityZone": "use1-az4", "startTime": ts("2026-11-23T02:50:00Z"),
            "lastUpdatedTime": ts("2026-11-23T03:07:00.250Z"), "statusCode": "open",
            "eventScopeCode": "ACCOUNT_SPECIFIC"})
        self.assertNotIn("nextToken", body)
        log = self.emu.control("GET", "requests")[1]
        self.assertEqual((log[-1]["operation"], log[-1]["protocol"], log[-1]["status"]),
                         ("DescribeEvents", "rpc-v2-cbor", 200))

    # ------------------------------------------------------------ details and entities

    def test_event_details_and_failed_set(self):
        self.seed({"events": [{"arn": EC2, "eventTypeCode": "AWS_EC2_OPERATIONAL_ISSUE",
                               "startTime": "2026-11-23T02:50:00Z", "description": "one\n\ntwo",
                               "eventMetadata": {"k": "v"}},
                              {"arn": RDS, "eventTypeCode": "AWS_RDS_MAINTENANCE_SCHEDULED",
                               "affectedAccounts": ["210987654321"]}]})
        body = self.cbor_client().describe_event_details(eventArns=[EC2, MISSING, RDS])
        self.assertEqual(len(body["successfulSet"]), 1)
        details = body["successfulSet"][0]
        self.assertEqual(details["event"]["arn"], EC2)
        self.assertEqual(details["event"]["lastUpdatedTime"], ts("2026-11-23T02:50:00Z"))   # = startTime
        self.assertEqual(details["eventDescription"]["latestDescription"], "one\n\ntwo")
        self.assertEqual(details["eventMetadata"], {"k": "v"})
        # RDS affects another account only: not visible in the account view
        self.assertEqual([(f["eventArn"], f["errorName"]) for f in body["failedSet"]],
                         [(MISSING, "EventNotFound"), (RDS, "EventNotFound")])
        status, _, _, err = self.raw("DescribeEventDetails", {"eventArns": [MISSING] * 11})
        self.assertEqual((status, err["__type"]), (400, "com.amazonaws.health#ValidationException"))
        status, _, _, err = self.raw("DescribeEventDetails", {"eventArns": [EC2], "locale": "fr"})
        self.assertEqual((status, err["__type"]), (400, "com.amazonaws.health#UnsupportedLocale"))

    def test_affected_entities_paging_and_aggregates(self):
        entities = [{"entityValue": f"i-{n:017x}", "statusCode": ("IMPAIRED", "UNIMPAIRED", "UNKNOWN")[n % 3],
                     "tags": {"Service": "checkout" if n % 2 else "search"}} for n in range(250)]
        entities.append({"entityValue": "i-0other", "awsAccountId": "210987654321", "statusCode": "IMPAIRED"})
        self.seed({"events": [{"arn": EC2, "eventTypeCode": "AWS_EC2_OPERATIONAL_ISSUE", "entities": entities,
                               "lastUpdatedTime": "2026-11-23T03:07:00Z"}]})
        pages = list(self.json.get_paginator("describe_affected_entities").paginate(filter={"eventArns": [EC2]}))
        self.assertEqual([len(p["entities"]) for p in pages], [100, 100, 50])
        got = [e for p in pages for e in p["entities"]]
        self.assertEqual([e["entityValue"] for e in got], [e["entityValue"] for e in entities[:250]])
        first = got[0]
        self.assertEqual(first["eventArn"], EC2)
        self.assertEqual(first["awsAccountId"], "123456789012")
        self.assertTrue(first["entityArn"].startswith("arn:aws:health:us-east-1:123456789012:entity/"))
        self.assertEqual(first["lastUpdatedTime"], ts("2026-11-23T03:07:00Z"))
        self.assertEqual((first["statusCode"], first["tags"]), ("IMPAIRED", {"Service": "search"}))
        self.assertEqual(len({e["entityArn"] for e in got}), 250)
        body = self.json.describe_affected_entities(filter={"eventArns": [EC2], "statusCodes": ["IMPAIRED"],
                                                            "tags": {"Service": ["checkout"]}}, maxResults=10)
        self.assertEqual(len(body["entities"]), 10)
        self.assertTrue(all(e["statusCode"] == "IMPAIRED" and e["tags"]["Service"] == "checkout"
                            for e in body["entities"]))
        body = self.json.describe_affected_entities(filter={"eventArns": [EC2], "entityValues": ["i-0other"]})
        self.assertEqual(body["entities"], [])          # another account's entity
        body = self.json.describe_entity_aggregates(eventArns=[EC2, MISSING])
        self.assertEqual(body["entityAggregates"], [{"eventArn": EC2, "count": 250, "statuses": {
            "IMPAIRED": 84, "UNIMPAIRED": 83, "UNKNOWN": 83}}])

    # ------------------------------------------------------------ organization view

    def test_organization_view(self):
        self.seed({"events": [
            {"arn": EC2, "eventTypeCode": "AWS_EC2_OPERATIONAL_ISSUE", "startTime": "2026-11-23T02:50:00Z",
             "affectedAccounts": ["123456789012", "210987654321"],
             "entities": [{"entityValue": "i-1", "statusCode": "IMPAIRED"},
                          {"entityValue": "i-2", "awsAccountId": "210987654321", "statusCode": "IMPAIRED"}]},
            {"arn": LAMBDA, "eventTypeCode": "AWS_LAMBDA_OPERATIONAL_ISSUE", "eventScopeCode": "PUBLIC",
             "startTime": "2026-11-22T01:02:00Z", "endTime": "2026-11-22T02:32:00Z"}]})
        client = self.cbor_client()
        status = client.describe_health_service_status_for_organization()
        self.assertEqual(status["healthServiceAccessStatusForOrganization"], "DISABLED")
        self.assertEqual(client.describe_events_for_organization()["events"], [])
        self.assertEqual(client.describe_affected_accounts_for_organization(eventArn=EC2)["affectedAccounts"], [])

        self.seed({"organization": True})
        self.assertEqual(self.json.describe_health_service_status_for_organization()
                         ["healthServiceAccessStatusForOrganization"], "ENABLED")
        events = client.describe_events_for_organization()["events"]
        self.assertEqual([e["arn"] for e in events], [EC2, LAMBDA])
        self.assertNotIn("availabilityZone", events[0])
        self.assertEqual(events[1]["eventScopeCode"], "PUBLIC")
        only_other = client.describe_events_for_organization(filter={"awsAccountIds": ["210987654321"]})
        self.assertEqual([e["arn"] for e in only_other["events"]], [EC2])
        closed = client.describe_events_for_organization(filter={"endTime": {"from": ts("2026-11-22T00:00:00Z")}})
        self.assertEqual([e["arn"] for e in closed["events"]], [LAMBDA])
        accounts = client.describe_affected_accounts_for_organization(eventArn=EC2)
        self.assertEqual((accounts["affectedAccounts"], accounts["eventScopeCode"]),
                         (["123456789012", "210987654321"], "ACCOUNT_SPECIFIC"))
        public = client.describe_affected_accounts_for_organization(eventArn=LAMBDA)
        self.assertEqual((public["affectedAccounts"], public["eventScopeCode"]), ([], "PUBLIC"))
        self.assertEqual(client.describe_affected_accounts_for_organization(eventArn=MISSING)["eventScopeCode"],
                         "NONE")
        details = client.describe_event_details_for_organization(organizationEventDetailFilters=[
            {"eventArn": EC2, "awsAccountId": "210987654321"}, {"eventArn": LAMBDA},
            {"eventArn": MISSING, "awsAccountId": "123456789012"}, {"eventArn": LAMBDA, "awsAccountId": "123456789012"},
            {"eventArn": EC2}])
        self.assertEqual([(d.get("awsAccountId"), d["event"]["arn"]) for d in details["successfulSet"]],
                         [("210987654321", EC2), (None, LAMBDA)])
        self.assertEqual([(f["eventArn"], f["errorName"]) for f in details["failedSet"]],
                         [(MISSING, "EventNotFound"), (LAMBDA, "ValidationException"), (EC2, "ValidationException")])
        entities = client.describe_affected_entities_for_organization(organizationEntityFilters=[
            {"eventArn": EC2, "awsAccountId": "210987654321"}, {"eventArn": MISSING, "awsAccountId": "1"}])
        self.assertEqual([(e["entityValue"], e["awsAccountId"]) for e in entities["entities"]],
                         [("i-2", "210987654321")])
        self.assertEqual([f["eventArn"] for f in entities["failedSet"]], [MISSING])
        by_status = client.describe_affected_entities_for_organization(organizationEntityAccountFilters=[
            {"eventArn": EC2, "statusCodes": ["IMPAIRED"]}])
        self.assertEqual([e["entityValue"] for e in by_status["entities"]], ["i-1", "i-2"])
        aggregates = client.describe_entity_aggregates_for_organization(eventArns=[EC2])
        self.assertEqual(aggregates["organizationEntityAggregates"][0]["count"], 2)
        self.assertEqual(len(aggregates["organizationEntityAggregates"][0]["accounts"]), 2)
        # the required filter list left out (what an SDK sends for an event without affected accounts)
        status, _, _, err = self.raw("DescribeEventDetailsForOrganization", {})
        self.assertEqual((status, err["__type"]), (400, "com.amazonaws.health#ValidationException"))
        client.disable_health_service_access_for_organization()
        self.assertEqual(client.describe_health_service_status_for_organization()
                         ["healthServiceAccessStatusForOrganization"], "DISABLED")

    # ------------------------------------------------------------ faults, seed, demo

    def test_subscription_required_fault(self):
        self.seed({"generate": {"events": 3}})
        self.emu.control("POST", "faults", {"operation": "DescribeEvents", "times": 2, "error": {
            "code": "SubscriptionRequiredException",
            "message": "The AWS Premium Support Subscription is required to use this service.", "status": 400}})
        status, headers, _, body = self.raw("DescribeEvents", {})
        self.assertEqual(status, 400)
        self.assertEqual(headers.get("smithy-protocol"), "rpc-v2-cbor")
        self.assertEqual(body, {"__type": "com.amazonaws.health#SubscriptionRequiredException",
                                "message": "The AWS Premium Support Subscription is required to use this service."})
        from botocore.exceptions import ClientError

        with self.assertRaises(ClientError) as ctx:
            self.cbor_client().describe_events()
        self.assertEqual(ctx.exception.response["Error"]["Code"], "SubscriptionRequiredException")
        self.assertEqual(len(self.json.describe_events()["events"]), 3)

    def test_seed_defaults_validation_and_reset(self):
        body = self.seed({"events": [{"service": "EC2", "startTime": "2026-11-23T02:50:00Z",
                                      "entities": [{"entityValue": "i-1"}]}], "organization": True})
        self.assertEqual((body["seeded_health_events"], body["health_organization"]), (1, True))
        event = self.json.describe_events()["events"][0]
        self.assertRegex(event["arn"], r"^arn:aws:health:us-east-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/"
                                       r"AWS_EC2_OPERATIONAL_ISSUE_[0-9A-F]{10}$")
        self.assertEqual((event["eventTypeCategory"], event["statusCode"], event["eventScopeCode"]),
                         ("issue", "open", "ACCOUNT_SPECIFIC"))
        self.assertEqual(event["lastUpdatedTime"], event["startTime"])
        for bad in ({"event": []}, {"events": [{"service": "EC2", "colour": "red"}]},
                    {"events": [{"service": "EC2", "statusCode": "resolved"}]},
                    {"events": [{"service": "EC2", "entities": [{"entityValue": "x", "state": "IMPAIRED"}]}]},
                    {"events": [{"startTime": "2026-11-23T02:50:00Z"}]}, {"generate": {"entities": 3}}):
            status, err = self.emu.control("POST", "seed", {"health": bad})
            self.assertEqual(status, 400, bad)
        self.emu.control("POST", "reset")
        self.assertEqual(self.json.describe_events()["events"], [])
        self.assertEqual(self.json.describe_health_service_status_for_organization()
                         ["healthServiceAccessStatusForOrganization"], "DISABLED")
        # operations the store does not serve still answer valid empty results
        self.assertEqual(self.json.describe_event_types()["eventTypes"], [])

    def test_demo_seed(self):
        status, body = self.emu.control("POST", "seed", {"scenario": "demo", "anchor": ANCHOR})
        self.assertEqual(status, 200, body)
        self.assertEqual((body["health_events"], body["health_organization"]), (4, True))
        events = self.json.describe_events()["events"]
        self.assertEqual([e["arn"] for e in events], [RDS, EC2, LAMBDA, ACM])
        ec2 = events[1]
        self.assertEqual((ec2["statusCode"], ec2["availabilityZone"], ec2["startTime"], ec2["lastUpdatedTime"]),
                         ("open", "use1-az4", ts("2026-11-23T02:50:00Z"), ts("2026-11-23T03:07:00Z")))
        self.assertNotIn("endTime", ec2)
        self.assertEqual((events[0]["statusCode"], events[0]["eventTypeCategory"], events[0]["startTime"]),
                         ("upcoming", "scheduledChange", ts("2026-11-26T03:02:00Z")))
        self.assertEqual((events[2]["startTime"], events[2]["endTime"], events[2]["statusCode"]),
                         (ts("2026-11-22T01:02:00Z"), ts("2026-11-22T02:32:00Z"), "closed"))
        self.assertEqual((events[3]["eventTypeCategory"], events[3]["endTime"]),
                         ("accountNotification", ts("2026-11-18T03:02:00Z")))
        text = self.json.describe_event_details(eventArns=[EC2])["successfulSet"][0]["eventDescription"][
            "latestDescription"]
        self.assertTrue(text.startswith("[02:50 AM UTC] We are investigating increased network connectivity "
                                        "errors affecting instances in a single Availability Zone (use1-az4)"), text)
        self.assertGreaterEqual(text.count("\n\n"), 2)
        entities = self.json.describe_affected_entities(filter={"eventArns": [EC2]})["entities"]
        self.assertEqual([(e["entityValue"], e["statusCode"], e["tags"]["Name"]) for e in entities], [
            ("i-0c4e1a2b3c4d5e601", "IMPAIRED", "checkout-api-1"), ("i-0c4e1a2b3c4d5e602", "IMPAIRED", "checkout-api-2"),
            ("i-0c4e1a2b3c4d5e603", "UNIMPAIRED", "checkout-api-3"),
            ("i-0c4e1a2b3c4d5e604", "UNIMPAIRED", "checkout-api-4")])
        self.assertTrue(all(e["tags"]["Service"] == "checkout" for e in entities))
        rds = self.json.describe_affected_entities(filter={"eventArns": [RDS]})["entities"]
        self.assertEqual([(e["entityValue"], e["statusCode"]) for e in rds], [("checkout-db", "PENDING")])
        # what warroom asks: open+upcoming, then closed within 7 days of "now" (the anchor here)
        current = self.json.describe_events(filter={"regions": ["us-east-1", "global"],
                                                    "eventStatusCodes": ["open", "upcoming"]})["events"]
        self.assertEqual([e["arn"] for e in current], [RDS, EC2])
        closed = self.json.describe_events(filter={"eventStatusCodes": ["closed"], "endTimes": [
            {"from": ts(ANCHOR) - dt.timedelta(days=7)}]})["events"]
        self.assertEqual([e["arn"] for e in closed], [LAMBDA, ACM])
        status = self.json.describe_health_service_status_for_organization()
        self.assertEqual(status["healthServiceAccessStatusForOrganization"], "ENABLED")
        accounts = self.json.describe_affected_accounts_for_organization(eventArn=EC2)["affectedAccounts"]
        self.assertEqual(accounts, ["123456789012", "210987654321"])
        other = self.json.describe_affected_entities_for_organization(organizationEntityFilters=[
            {"eventArn": EC2, "awsAccountId": "210987654321"}])["entities"]
        self.assertEqual([e["entityValue"] for e in other], ["i-0a7f3e9d2c1b40511"])


if __name__ == "__main__":
    unittest.main()
