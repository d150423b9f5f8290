#!/usr/bin/env python3
"""Self checks of the emulator's accounts: stores per account, STS AssumeRole and
GetCallerIdentity, Organizations ListAccounts, faults per account and the demo's organization.
Run by test_emulator.py (or on their own: python tests/emulator/test_accounts.py [-v] [-k pattern]).

Clients: botocore's sts (query), organizations, cloudwatch, cloudtrail, logs and health clients
with the keys of each account, and hand-built CBOR requests as aws-sdk-cloudwatch sends them.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
import unittest
import urllib.parse
from xml.etree import ElementTree

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from botocore.exceptions import ClientError  # noqa: E402
from emulator_fixture import UTC, EmulatorTestCase  # noqa: E402

PRODUCTION, STAGING, SHARED, SANDBOX = "123456789012", "210987654321", "345678901234", "456789012345"
STAGING_KEY, SHARED_KEY = "AKIASTAGING000000001", "AKIASHARED0000000001"
ACCOUNTS = [{"id": STAGING, "name": "staging", "email": "staging@example.com", "access_keys": [STAGING_KEY]},
            {"id": SHARED, "name": "shared-services", "email": "shared@example.com", "access_keys": [SHARED_KEY]},
            {"id": SANDBOX, "name": "sandbox", "email": "sandbox@example.com", "assume": "deny"}]
ALARM = {"AlarmName": "staging-only", "Namespace": "Test", "MetricName": "M", "StateValue": "ALARM"}


def role(account, name="OrganizationAccountAccessRole"):
    return f"arn:aws:iam::{account}:role/{name}"


class AccountsTest(EmulatorTestCase):
    def seed(self, data):
        status, body = self.emu.control("POST", "seed", data)
        self.assertEqual(status, 200, body)
        return body

    def refused_seed(self, data):
        status, body = self.emu.control("POST", "seed", data)
        self.assertEqual(status, 400, body)
        return body["error"]

    def alarm_names(self, **client):
        return [a["AlarmName"] for a in self.emu.boto3("cloudwatch", **client).describe_alarms()["MetricAlarms"]]

    def error_of(self, call, *args, **kwargs) -> ClientError:
        with self.assertRaises(ClientError) as raised:
            call(*args, **kwargs)
        return raised.exception

    def assume(self, account, session="warroom-alice", **kwargs):
        sts = self.emu.boto3("sts", key=kwargs.pop("key", "AKIDTEST"), token=kwargs.pop("token", None))
        return sts.assume_role(RoleArn=role(account), RoleSessionName=session, **kwargs)

    def session_client(self, service, answer, region="us-east-1"):
        creds = answer["Credentials"]
        return self.emu.boto3(service, region=region, key=creds["AccessKeyId"], secret=creds["SecretAccessKey"],
                              token=creds["SessionToken"])

    # ------------------------------------------------------------ partitions

    def test_a_static_key_sees_only_its_accounts_partition(self):
        self.seed({"accounts": ACCOUNTS})
        self.seed({"account": STAGING, "metric_alarms": [ALARM],
                   "cloudtrail": {"events": [{"eventName": "UpdateService", "eventSource": "ecs.amazonaws.com"}]}})
        self.seed({"metric_alarms": [dict(ALARM, AlarmName="production-only")]})
        self.assertEqual(self.alarm_names(key=STAGING_KEY), ["staging-only"])
        self.assertEqual(self.alarm_names(), ["production-only"])
        self.assertEqual(self.alarm_names(key=SHARED_KEY), [])
        # the CBOR protocol of aws-sdk-cloudwatch reads the same key
        status, _, _, body = self.emu.cbor("DescribeAlarms", {}, key=STAGING_KEY)
        self.assertEqual((status, [a["AlarmName"] for a in body["MetricAlarms"]]), (200, ["staging-only"]))
        arn = self.emu.boto3("cloudwatch", key=STAGING_KEY).describe_alarms()["MetricAlarms"][0]["AlarmArn"]
        self.assertEqual(arn, f"arn:aws:cloudwatch:us-east-1:{STAGING}:alarm:staging-only")
        names = lambda **c: [e["EventName"] for e in self.emu.boto3("cloudtrail", **c).lookup_events()["Events"]]
        self.assertEqual(names(key=STAGING_KEY), ["UpdateService"])
        self.assertEqual(names(), [])
        # and a region is still a partition of its own inside the account
        self.assertEqual(self.alarm_names(key=STAGING_KEY, region="eu-west-1"), [])

    def test_operations_moto_serves_are_kept_per_account_too(self):
        self.seed({"accounts": ACCOUNTS})
        self.emu.boto3("logs", key=STAGING_KEY).create_log_group(logGroupName="/staging/app")
        groups = lambda **c: [g["logGroupName"] for g in self.emu.boto3("logs", **c).describe_log_groups()["logGroups"]]
        self.assertEqual(groups(key=STAGING_KEY), ["/staging/app"])
        self.assertEqual(groups(), [])

    def test_the_request_log_names_each_requests_account(self):
        self.seed({"accounts": ACCOUNTS})
        self.alarm_names(key=STAGING_KEY)
        self.alarm_names()
        log = [(e["operation"], e["account"]) for e in self.emu.control("GET", "requests")[1]]
        self.assertEqual(log, [("DescribeAlarms", STAGING), ("DescribeAlarms", PRODUCTION)])

    def test_seeding_into_an_account_needs_the_account(self):
        self.assertIn("account 999999999999 is not seeded", self.refused_seed({"account": "999999999999",
                                                                                "metric_alarms": [ALARM]}))
        self.assertIn("12 digits", self.refused_seed({"account": "21098765432", "metric_alarms": [ALARM]}))
        self.assertIn("12 digits", self.refused_seed({"accounts": [{"id": 210987654321}]}))
        self.assertIn("unknown accounts[0] keys: role", self.refused_seed({"accounts": [{"id": STAGING, "role": "x"}]}))
        self.assertIn("assume", self.refused_seed({"accounts": [{"id": STAGING, "assume": "maybe"}]}))
        self.seed({"accounts": ACCOUNTS})
        self.assertIn(f"already the key of account {STAGING}",
                      self.refused_seed({"accounts": [{"id": "567890123456", "access_keys": [STAGING_KEY]}]}))
        self.assertEqual(self.seed({"account": PRODUCTION, "metric_alarms": [ALARM]})["account"], PRODUCTION)
        self.assertEqual(self.alarm_names(), ["staging-only"])

    # ------------------------------------------------------------ STS

    def test_assume_role_gives_credentials_of_the_roles_account(self):
        self.seed({"accounts": ACCOUNTS})
        self.seed({"account": STAGING, "metric_alarms": [ALARM]})
        before = dt.datetime.now(UTC)
        answer = self.assume(STAGING, "warroom-alice")
        creds = answer["Credentials"]
        self.assertRegex(creds["AccessKeyId"], r"^ASIA[A-Z2-7]{16}$")
        self.assertEqual(len(creds["SecretAccessKey"]), 40)
        self.assertTrue(creds["SessionToken"])
        lifetime = (creds["Expiration"] - before).total_seconds()
        self.assertTrue(3595 <= lifetime <= 3605, lifetime)
        arn = f"arn:aws:sts::{STAGING}:assumed-role/OrganizationAccountAccessRole/warroom-alice"
        self.assertEqual(answer["AssumedRoleUser"]["Arn"], arn)
        self.assertRegex(answer["AssumedRoleUser"]["AssumedRoleId"], r"^AROA[0-9A-F]{17}:warroom-alice$")
        self.assertEqual([a["AlarmName"] for a in self.session_client("cloudwatch", answer).describe_alarms()
                          ["MetricAlarms"]], ["staging-only"])
        me = self.session_client("sts", answer).get_caller_identity()
        self.assertEqual((me["Account"], me["Arn"], me["UserId"]),
                         (STAGING, arn, answer["AssumedRoleUser"]["AssumedRoleId"]))
        # a role of the caller's own account, for the shortest session
        own = self.assume(PRODUCTION, "ops", DurationSeconds=900)
        lifetime = (own["Credentials"]["Expiration"] - dt.datetime.now(UTC)).total_seconds()
        self.assertTrue(890 <= lifetime <= 901, lifetime)
        self.assertEqual(self.session_client("sts", own).get_caller_identity()["Account"], PRODUCTION)
        self.assertEqual([a["AlarmName"] for a in self.session_client("cloudwatch", own).describe_alarms()
                          ["MetricAlarms"]], [])
        log = [e for e in self.emu.control("GET", "requests")[1] if e["operation"] == "AssumeRole"]
        self.assertEqual([(e["role_arn"], e["role_session_name"], e["account"], e["status"]) for e in log],
                         [(role(STAGING), "warroom-alice", PRODUCTION, 200),
                          (role(PRODUCTION), "ops", PRODUCTION, 200)])

    def test_assume_role_refuses_a_denying_or_unknown_account(self):
        self.seed({"accounts": ACCOUNTS})
        for account in (SANDBOX, "567890123456"):
            err = self.error_of(self.assume, account)
            self.assertEqual(err.response["ResponseMetadata"]["HTTPStatusCode"], 403)
            self.assertEqual(err.response["Error"]["Code"], "AccessDenied")
            self.assertEqual(err.response["Error"]["Message"],
                             f"User: arn:aws:iam::{PRODUCTION}:user/moto is not authorized to perform: "
                             f"sts:AssumeRole on resource: {role(account)}")
        # from assumed credentials the message names the assumed role
        staging = self.assume(STAGING, "hop")["Credentials"]
        err = self.error_of(self.assume, SANDBOX, key=staging["AccessKeyId"], token=staging["SessionToken"])
        self.assertIn(f"User: arn:aws:sts::{STAGING}:assumed-role/OrganizationAccountAccessRole/hop is not "
                      f"authorized", err.response["Error"]["Message"])
        log = [(e["account"], e["status"]) for e in self.emu.control("GET", "requests")[1]
               if e["operation"] == "AssumeRole"]
        self.assertEqual(log, [(PRODUCTION, 403), (PRODUCTION, 403), (PRODUCTION, 200), (STAGING, 403)])

    def test_assume_role_validates_its_input(self):
        self.seed({"accounts": ACCOUNTS})
        cases = [({"RoleSessionName": "a"}, "at 'roleSessionName' failed to satisfy constraint: Member must have "
                                            "length greater than or equal to 2"),
                 ({"RoleSessionName": "x" * 65}, "Member must have length less than or equal to 64"),
                 ({"RoleSessionName": "alice smith"}, "Member must satisfy regular expression pattern: [\\w+=,.@-]*"),
                 ({"DurationSeconds": 899}, "at 'durationSeconds' failed to satisfy constraint: Member must have "
                                            "value greater than or equal to 900"),
                 ({"DurationSeconds": 43201}, "Member must have value less than or equal to 43200"),
                 ({"RoleArn": "arn:aws:iam::staging:role/x"}, "arn:aws:iam::staging:role/x is invalid")]
        for change, message in cases:
            status, code, text = self.raw_assume_role({"RoleArn": role(STAGING), "RoleSessionName": "warroom",
                                                       **change})
            self.assertEqual((status, code), (400, "ValidationError"), change)
            self.assertIn(message, text)
        status, code, text = self.raw_assume_role({"RoleArn": role(STAGING)})
        self.assertEqual((status, code), (400, "ValidationError"))
        self.assertIn("Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null", text)
        self.assertEqual(self.raw_assume_role({"RoleArn": role(STAGING), "RoleSessionName": "a-b_c=d,e.f@g+h"})[0],
                         200)

    def raw_assume_role(self, params):
        """(status, error code, error message) of an AssumeRole sent without botocore's own checks."""
        body = urllib.parse.urlencode({"Action": "AssumeRole", "Version": "2011-06-15", **params})
        status, _, raw = self.emu.http("POST", "/", body, {
            "Content-Type": "application/x-www-form-urlencoded",
            "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDTEST/20261123/us-east-1/sts/aws4_request, "
                             "SignedHeaders=host, Signature=0"})
        root = ElementTree.fromstring(raw)
        return status, root.findtext("Error/Code"), root.findtext("Error/Message")

    def test_session_credentials_need_their_token(self):
        self.seed({"accounts": ACCOUNTS})
        creds = self.assume(STAGING)["Credentials"]
        sts = self.emu.boto3("sts", key=creds["AccessKeyId"], secret=creds["SecretAccessKey"], token="forged")
        err = self.error_of(sts.get_caller_identity)
        self.assertEqual((err.response["Error"]["Code"], err.response["ResponseMetadata"]["HTTPStatusCode"]),
                         ("InvalidClientTokenId", 403))
        logs = self.emu.boto3("logs", key=creds["AccessKeyId"], secret=creds["SecretAccessKey"])
        err = self.error_of(logs.describe_log_groups)
        self.assertEqual(err.response["Error"]["Code"], "UnrecognizedClientException")

    def test_reset_forgets_the_accounts_and_their_sessions(self):
        self.seed({"accounts": ACCOUNTS})
        creds = self.assume(STAGING)["Credentials"]
        self.assertEqual(self.emu.control("POST", "reset"), (200, {"ok": True}))
        self.seed({"metric_alarms": [dict(ALARM, AlarmName="production-only")]})
        self.assertEqual(self.alarm_names(key=STAGING_KEY), ["production-only"])
        err = self.error_of(self.emu.boto3("organizations").list_accounts)
        self.assertEqual(err.response["Error"]["Code"], "AWSOrganizationsNotInUseException")
        # a session of before the reset is refused, never taken for a key of 123456789012
        cw = self.emu.boto3("cloudwatch", key=creds["AccessKeyId"], secret=creds["SecretAccessKey"],
                            token=creds["SessionToken"])
        self.assertEqual(self.error_of(cw.describe_alarms).response["Error"]["Code"], "InvalidClientTokenId")

    def test_caller_identity_of_static_keys(self):
        me = self.emu.boto3("sts").get_caller_identity()
        self.assertEqual((me["Account"], me["Arn"]), (PRODUCTION, f"arn:aws:sts::{PRODUCTION}:user/moto"))
        self.seed({"accounts": ACCOUNTS})
        me = self.emu.boto3("sts", key=SHARED_KEY).get_caller_identity()
        self.assertEqual((me["Account"], me["Arn"]), (SHARED, f"arn:aws:sts::{SHARED}:user/moto"))

    # ------------------------------------------------------------ Organizations

    def test_list_accounts_pages_through_the_organization(self):
        org = self.emu.boto3("organizations")
        err = self.error_of(org.list_accounts)
        self.assertEqual(err.response["Error"]["Code"], "AWSOrganizationsNotInUseException")
        self.assertEqual(self.seed({"accounts": ACCOUNTS})["organization_management"], PRODUCTION)
        seen, token, pages = [], None, 0
        while True:
            page = org.list_accounts(MaxResults=1, **({"NextToken": token} if token else {}))
            pages += 1
            self.assertEqual(len(page["Accounts"]), 1)
            seen += page["Accounts"]
            token = page.get("NextToken")
            if token is None:
                break
        self.assertEqual(pages, 4)
        self.assertEqual([(a["Id"], a["Name"], a["JoinedMethod"]) for a in seen],
                         [(PRODUCTION, "management", "INVITED"), (STAGING, "staging", "CREATED"),
                          (SHARED, "shared-services", "CREATED"), (SANDBOX, "sandbox", "CREATED")])
        staging = seen[1]
        self.assertRegex(staging["Arn"], rf"^arn:aws:organizations::{PRODUCTION}:account/o-[a-z0-9]{{10}}/{STAGING}$")
        self.assertEqual((staging["Email"], staging["Status"], staging["State"]),
                         ("staging@example.com", "ACTIVE", "ACTIVE"))
        self.assertIsInstance(staging["JoinedTimestamp"], dt.datetime)
        self.assertEqual([a["Id"] for a in org.list_accounts()["Accounts"]], [PRODUCTION, STAGING, SHARED, SANDBOX])
        self.assertNotIn("NextToken", org.list_accounts())

    def test_list_accounts_refuses_members_and_bad_paging(self):
        self.seed({"accounts": ACCOUNTS})
        err = self.error_of(self.emu.boto3("organizations", key=STAGING_KEY).list_accounts)
        self.assertEqual(err.response["Error"]["Code"], "AccessDeniedException")
        assumed = self.session_client("organizations", self.assume(SHARED))
        self.assertEqual(self.error_of(assumed.list_accounts).response["Error"]["Code"], "AccessDeniedException")
        org = self.emu.boto3("organizations")
        for params in ({"MaxResults": 21}, {"NextToken": "bm90LWEtdG9rZW4="}):
            self.assertEqual(self.error_of(org.list_accounts, **params).response["Error"]["Code"],
                             "InvalidInputException", params)
        status, _, raw = self.emu.http("POST", "/", b'{"MaxResults": 0}', {
            "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AWSOrganizationsV20161128.ListAccounts",
            "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDTEST/20261123/us-east-1/organizations/aws4_request, "
                             "SignedHeaders=host, Signature=0"})
        self.assertEqual(status, 400)
        self.assertIn(b"InvalidInputException", raw)

    def test_another_management_account(self):
        self.seed({"accounts": ACCOUNTS, "organization": {"management": SHARED}})
        names = [a["Name"] for a in self.emu.boto3("organizations", key=SHARED_KEY).list_accounts()["Accounts"]]
        self.assertEqual(names, ["shared-services", "staging", "sandbox"])
        err = self.error_of(self.emu.boto3("organizations").list_accounts)
        self.assertEqual(err.response["Error"]["Code"], "AWSOrganizationsNotInUseException")

    # ------------------------------------------------------------ faults, Health

    def test_a_fault_for_one_account_hits_only_that_account(self):
        self.seed({"accounts": ACCOUNTS})
        self.seed({"account": STAGING, "metric_alarms": [ALARM]})
        status, body = self.emu.control("POST", "faults", {"operation": "DescribeAlarms", "account": STAGING,
                                                           "error": {"code": "ThrottlingException", "status": 400}})
        self.assertEqual((status, body["faults"][0]["account"]), (200, STAGING))
        self.assertEqual(self.alarm_names(), [])
        self.assertEqual(self.alarm_names(key=SHARED_KEY), [])
        err = self.error_of(self.alarm_names, key=STAGING_KEY)
        self.assertEqual(err.response["Error"]["Code"], "ThrottlingException")
        # assumed credentials act in the role's account, so the fault hits them too
        cw = self.session_client("cloudwatch", self.assume(STAGING))
        self.assertEqual(self.error_of(cw.describe_alarms).response["Error"]["Code"], "ThrottlingException")
        status, body = self.emu.control("POST", "faults", {"operation": "DescribeAlarms", "account": "staging",
                                                           "delay_seconds": 1})
        self.assertEqual(status, 400)
        self.assertIn("12 digits", body["error"])

    def test_health_shows_each_account_its_own_events(self):
        self.seed({"accounts": ACCOUNTS})
        self.seed({"health": {"organization": True, "events": [
            {"eventTypeCode": "AWS_EC2_OPERATIONAL_ISSUE", "affectedAccounts": [STAGING],
             "entities": [{"entityValue": "i-staging", "awsAccountId": STAGING}]}]}})
        health = lambda **c: self.emu.boto3("health", **c)
        self.assertEqual(health().describe_events()["events"], [])
        events = health(key=STAGING_KEY).describe_events()["events"]
        self.assertEqual(len(events), 1)
        entities = health(key=STAGING_KEY).describe_affected_entities(filter={"eventArns": [events[0]["arn"]]})
        self.assertEqual([e["entityValue"] for e in entities["entities"]], ["i-staging"])
        # the organization view belongs to the management account
        status = lambda **c: health(**c).describe_health_service_status_for_organization()[
            "healthServiceAccessStatusForOrganization"]
        self.assertEqual((status(), status(key=STAGING_KEY)), ("ENABLED", "DISABLED"))
        self.assertEqual(len(health().describe_events_for_organization()["events"]), 1)
        self.assertEqual(health(key=STAGING_KEY).describe_events_for_organization()["events"], [])

    def test_health_delegated_administrator_has_the_organization_view_and_lists_accounts(self):
        self.seed({"accounts": ACCOUNTS, "organization": {
            "management": PRODUCTION, "delegated_administrators": {"health.amazonaws.com": [SHARED]}}})
        self.seed({"health": {"organization": True, "events": [
            {"eventTypeCode": "AWS_EC2_OPERATIONAL_ISSUE", "affectedAccounts": [STAGING]}]}})
        health = lambda **c: self.emu.boto3("health", **c)
        status = lambda **c: health(**c).describe_health_service_status_for_organization()[
            "healthServiceAccessStatusForOrganization"]
        self.assertEqual((status(key=SHARED_KEY), status(key=STAGING_KEY)), ("ENABLED", "DISABLED"))
        self.assertEqual(len(health(key=SHARED_KEY).describe_events_for_organization()["events"]), 1)
        listed = self.emu.boto3("organizations", key=SHARED_KEY).list_accounts()["Accounts"]
        self.assertEqual(len(listed), len(ACCOUNTS) + 1)          # and the management account
        refused = self.error_of(self.emu.boto3("organizations", key=STAGING_KEY).list_accounts)
        self.assertEqual(refused.response["Error"]["Code"], "AccessDeniedException")
        self.seed({"health": {"organization": False}})
        self.assertEqual(status(key=SHARED_KEY), "DISABLED")
        status, body = self.emu.control("POST", "seed", {"organization": {
            "delegated_administrators": {"health.amazonaws.com": ["nope"]}}})
        self.assertEqual(status, 400)
        self.assertIn("12 digits", body["error"])

    # ------------------------------------------------------------ the demo

    def test_the_demo_organization(self):
        summary = self.seed({"scenario": "demo"})
        self.assertEqual((summary["demo_accounts"], summary["demo_other_account_alarms"],
                          summary["demo_other_account_changes"]), (4, 10, 5))
        org = self.emu.boto3("organizations", key="testing")
        self.assertEqual([(a["Id"], a["Name"]) for a in org.list_accounts()["Accounts"]],
                         [(PRODUCTION, "production"), (STAGING, "staging"), (SHARED, "shared-services"),
                          (SANDBOX, "sandbox")])
        self.assertEqual(self.error_of(self.assume, SANDBOX).response["Error"]["Code"], "AccessDenied")
        states = {}
        for account, key in ((STAGING, STAGING_KEY), (SHARED, SHARED_KEY)):
            for region in ("us-east-1", "eu-west-1"):
                alarms = self.emu.boto3("cloudwatch", key=key, region=region).describe_alarms()["MetricAlarms"]
                self.assertGreaterEqual(len(alarms), 2, (account, region))
                states[account, region] = sorted(a["StateValue"] for a in alarms if a["StateValue"] != "OK")
                self.assertTrue(all(a["AlarmArn"].split(":")[4] == account for a in alarms))
                changes = self.emu.boto3("cloudtrail", key=key, region=region).lookup_events()["Events"]
                self.assertGreaterEqual(len(changes), 1, (account, region))
        self.assertEqual(states, {(STAGING, "us-east-1"): ["ALARM"], (STAGING, "eu-west-1"): [],
                                  (SHARED, "us-east-1"): [], (SHARED, "eu-west-1"): []})
        fired = self.emu.boto3("cloudwatch", key=STAGING_KEY).describe_alarms(StateValue="ALARM")["MetricAlarms"][0]
        self.assertEqual(fired["AlarmName"], "staging-checkout-api-5xx")
        self.assertTrue(fired["StateReason"].startswith("Threshold Crossed: 3 out of the last 3 datapoints"))
        # assumed into staging, the same alarms
        cw = self.session_client("cloudwatch", self.assume(STAGING, key="testing"))
        self.assertIn("staging-checkout-api-5xx", [a["AlarmName"] for a in cw.describe_alarms()["MetricAlarms"]])
        # production is the demo as before: none of the other accounts' alarms
        production = self.alarm_names(key="testing")
        self.assertIn("checkout-api-5xx", production)
        self.assertFalse([n for n in production if n.startswith(("staging", "shared"))])
        # production monitors the others: staging's log group is listed, by its ARN, and read
        logs = self.emu.boto3("logs", key="testing")
        listed = {g["logGroupArn"] for g in logs.describe_log_groups(includeLinkedAccounts=True)["logGroups"]}
        staging_group = f"arn:aws:logs:us-east-1:{STAGING}:log-group:/aws/ecs/staging-checkout-api"
        self.assertIn(staging_group, listed)
        self.assertNotIn(staging_group, {g["logGroupArn"] for g in logs.describe_log_groups()["logGroups"]})
        qid = logs.start_query(logGroupIdentifiers=[staging_group], queryString="fields @message",
                               startTime=0, endTime=int(time.time()) + 3600)["queryId"]
        for _ in range(10):
            out = logs.get_query_results(queryId=qid)
            if out["status"] == "Complete":
                break
        self.assertEqual(out["status"], "Complete")
        self.assertTrue(any("upstream returned 502" in f["value"] for row in out["results"] for f in row))


class SessionExpiryTest(unittest.TestCase):
    """The registry alone: a session's keys stop working at its Expiration (no test waits 900 s)."""

    def test_a_session_is_refused_from_its_expiration_on(self):
        import accounts

        registry = accounts.Accounts()
        registry.seed({"accounts": ACCOUNTS}, 1_000_000.0)
        session = registry.issue(accounts.Caller(PRODUCTION), STAGING, role(STAGING),
                                 "OrganizationAccountAccessRole", "warroom", 1_000_900.0)
        who, refusal = registry.caller_for(session["key"], session["token"], 1_000_899.0)
        self.assertEqual((who.account, refusal), (STAGING, None))
        self.assertEqual(registry.caller_for(session["key"], session["token"], 1_000_900.0)[1], "expired")
        self.assertEqual(registry.caller_for(session["key"], "other", 1_000_000.0)[1], "invalid")
        member = accounts.Caller(STAGING, STAGING_KEY, organization_view=False)
        self.assertEqual(registry.caller_for(STAGING_KEY, None, 1_000_000.0), (member, None))


if __name__ == "__main__":
    unittest.main()
