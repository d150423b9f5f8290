#!/usr/bin/env python3
"""Self checks of the emulator's SSM Run Command, run by test_emulator.py (or on their own:
python tests/emulator/test_ssm.py [-v] [-k pattern]).

Client: botocore's ssm client (awsJson 1.1, as aws-sdk-ssm speaks it).
"""

from __future__ import annotations

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from emulator_fixture import EmulatorTestCase  # noqa: E402
import timeutil  # noqa: E402

WEB = [f"i-0aaa00000000000{n}" for n in range(1, 4)]
DB = "i-0bbb000000000001"
LOST = "i-0ccc000000000001"


def sample(**extra):
    instances = [{"id": iid, "name": f"web-{n}", "tags": {"Service": "checkout"}} for n, iid in enumerate(WEB, 1)]
    instances += [{"id": DB, "name": "db-1", "platform": "Windows", "tags": {"Service": "db"}},
                  {"id": LOST, "name": "web-lost", "ping": "ConnectionLost", "tags": {"Service": "lost"}}]
    return {"instances": instances, "polls": 1, "outcomes": [
        {"match": "check-db", "instances": ["web-2"], "status": "Failed", "response_code": 2,
         "stdout": "FAIL on {instance_name}", "stderr": "boom"},
        {"match": "check-db", "stdout": "OK on {instance_id}"},
        {"match": "restart", "instances": [WEB[0]], "times": 1, "status": "Failed"},
        {"match": "big-output", "stdout": "x" * 30000, "stderr": "e" * 9000},
        {"match": "slow", "status": "TimedOut"},
    ], **extra}


class SsmTest(EmulatorTestCase):
    def setUp(self):
        super().setUp()
        self.ssm = self.emu.boto3("ssm")

    def seed(self, ssm, **extra):
        status, body = self.emu.control("POST", "seed", {"ssm": ssm, **extra})
        self.assertEqual(status, 200, body)
        return body

    def error_code(self, call, **kwargs):
        from botocore.exceptions import ClientError

        with self.assertRaises(ClientError) as ctx:
            call(**kwargs)
        return ctx.exception.response["Error"]["Code"]

    def send(self, command, **kw):
        kw.setdefault("Targets", [{"Key": "tag:Service", "Values": ["checkout"]}])
        return self.ssm.send_command(DocumentName="AWS-RunShellScript", Parameters={"commands": [command]},
                                     **kw)["Command"]

    def run_to_end(self, cid, limit=20):
        history = []
        for _ in range(limit):
            invs = self.ssm.list_command_invocations(CommandId=cid, Details=True)["CommandInvocations"]
            history.append({i["InstanceId"]: i["Status"] for i in invs})
            if all(i["Status"] not in ("Pending", "InProgress") for i in invs):
                return history, invs
        self.fail(f"command {cid} never ended: {history[-1]}")

    # ------------------------------------------------------------ instances

    def test_describe_instance_information_filters_and_pages(self):
        self.assertEqual(self.seed(sample())["seeded_ssm_instances"], 5)
        info = self.ssm.describe_instance_information(Filters=[{"Key": "tag:Service", "Values": ["checkout"]}])
        self.assertEqual([i["InstanceId"] for i in info["InstanceInformationList"]], WEB)
        first = info["InstanceInformationList"][0]
        self.assertEqual((first["PingStatus"], first["PlatformType"], first["ComputerName"]),
                         ("Online", "Linux", "web-1"))
        by_id = self.ssm.describe_instance_information(Filters=[{"Key": "InstanceIds", "Values": [DB, LOST]}])
        self.assertEqual([(i["InstanceId"], i["PingStatus"], i["PlatformType"])
                          for i in by_id["InstanceInformationList"]],
                         [(DB, "Online", "Windows"), (LOST, "ConnectionLost", "Linux")])
        page = self.ssm.describe_instance_information(MaxResults=5)
        self.assertEqual(len(page["InstanceInformationList"]), 5)
        self.assertNotIn("NextToken", page)
        self.seed({"instances": [{"id": f"i-0ddd{n:012x}", "tags": {"Service": "many"}} for n in range(12)]})
        many, token, pages = [], None, 0
        while True:
            kw = {"NextToken": token} if token else {}
            out = self.ssm.describe_instance_information(
                Filters=[{"Key": "tag:Service", "Values": ["many"]}], MaxResults=5, **kw)
            many += out["InstanceInformationList"]
            pages += 1
            token = out.get("NextToken")
            if not token:
                break
        self.assertEqual((len(many), pages), (12, 3))
        self.assertEqual(self.error_code(self.ssm.describe_instance_information,
                                         Filters=[{"Key": "Bogus", "Values": ["x"]}]), "InvalidFilterKey")
        self.assertEqual(self.emu.boto3("ssm", region="eu-west-1").describe_instance_information()
                         ["InstanceInformationList"], [])

    def test_seed_is_validated_in_full(self):
        for bad in ({"instance": []}, {"instances": [{"id": "web-1"}]}, {"instances": [{"id": WEB[0], "pin": "x"}]},
                    {"instances": [{"id": WEB[0], "ping": "Asleep"}]},
                    {"outcomes": [{"match": "x", "status": "Exploded"}]}, {"outcomes": [{"status": "Failed"}]},
                    {"outcomes": [{"match": "(", "regex": True}]}, {"polls": -1},
                    {"instances": [{"id": WEB[0]}], "outcomes": [{"match": "x", "times": 0}]}):
            status, body = self.emu.control("POST", "seed", {"ssm": bad})
            self.assertEqual(status, 400, bad)
            self.assertFalse(body["ok"])
        self.assertEqual(self.ssm.describe_instance_information()["InstanceInformationList"], [])

    # ------------------------------------------------------------ commands

    def test_send_by_tag_reaches_only_matching_instances_and_moves_through_states(self):
        self.seed(sample())
        cmd = self.send("check-db", Comment="warroom: checkout-5xx / db", TimeoutSeconds=120,
                        MaxConcurrency="50", MaxErrors="100%")
        self.assertEqual((cmd["Status"], cmd["TargetCount"], cmd["Comment"]), ("Pending", 3, "warroom: checkout-5xx / db"))
        history, invs = self.run_to_end(cmd["CommandId"])
        self.assertEqual(set(history[0].values()), {"Pending"})
        self.assertEqual(set(history[1].values()), {"InProgress"})
        self.assertEqual({i["InstanceId"]: i["Status"] for i in invs},
                         {WEB[0]: "Success", WEB[1]: "Failed", WEB[2]: "Success"})
        failed = next(i for i in invs if i["InstanceId"] == WEB[1])
        plugin = failed["CommandPlugins"][0]
        self.assertEqual((plugin["ResponseCode"], plugin["Name"]), (2, "aws:runShellScript"))
        self.assertIn("FAIL on web-2", plugin["Output"])
        ok = self.ssm.get_command_invocation(CommandId=cmd["CommandId"], InstanceId=WEB[0])
        self.assertEqual((ok["Status"], ok["ResponseCode"], ok["StandardOutputContent"]),
                         ("Success", 0, f"OK on {WEB[0]}"))
        listed = self.ssm.list_commands(CommandId=cmd["CommandId"])["Commands"][0]
        self.assertEqual((listed["Status"], listed["CompletedCount"], listed["ErrorCount"]), ("Failed", 3, 1))

    def test_send_by_instance_ids_reaches_only_those(self):
        self.seed(sample())
        cmd = self.ssm.send_command(
            DocumentName="AWS-RunShellScript", Parameters={"commands": ["hello"]}, InstanceIds=[WEB[2]])["Command"]
        _, invs = self.run_to_end(cmd["CommandId"])
        self.assertEqual([i["InstanceId"] for i in invs], [WEB[2]])
        self.assertEqual(self.error_code(self.ssm.send_command, DocumentName="AWS-RunShellScript",
                                         Parameters={"commands": ["x"]}, InstanceIds=["i-0fff000000000001"]),
                         "InvalidInstanceId")

    def test_zero_matching_targets_is_a_command_with_no_invocations(self):
        self.seed(sample())
        cmd = self.send("hello", Targets=[{"Key": "tag:Service", "Values": ["nothing"]}])
        self.assertEqual(cmd["TargetCount"], 0)
        self.assertEqual(self.ssm.list_command_invocations(CommandId=cmd["CommandId"])["CommandInvocations"], [])

    def test_max_concurrency_one_and_max_errors_zero_stop_after_the_first_failure(self):
        self.seed(sample())
        cmd = self.send("restart", MaxConcurrency="1", MaxErrors="0")
        history, invs = self.run_to_end(cmd["CommandId"])
        self.assertTrue(all(list(h.values()).count("InProgress") <= 1 for h in history), history)
        self.assertEqual({i["InstanceId"]: i["Status"] for i in invs},
                         {WEB[0]: "Failed", WEB[1]: "Cancelled", WEB[2]: "Cancelled"})
        # the outcome was for the first restart only: a retry succeeds
        again = self.send("restart", MaxConcurrency="1", MaxErrors="0")
        _, invs = self.run_to_end(again["CommandId"])
        self.assertEqual({i["Status"] for i in invs}, {"Success"})

    def test_unreachable_instances_time_out_in_delivery(self):
        self.seed(sample())
        cmd = self.send("hello", Targets=[{"Key": "tag:Service", "Values": ["lost"]}])
        _, invs = self.run_to_end(cmd["CommandId"])
        self.assertEqual((invs[0]["Status"], invs[0]["StatusDetails"]), ("TimedOut", "Delivery Timed Out"))
        slow = self.send("slow")
        _, invs = self.run_to_end(slow["CommandId"])
        self.assertEqual({(i["Status"], i["StatusDetails"]) for i in invs}, {("TimedOut", "Execution Timed Out")})

    def test_get_command_invocation_cuts_output_like_ssm(self):
        self.seed(sample())
        cmd = self.ssm.send_command(
            DocumentName="AWS-RunShellScript", Parameters={"commands": ["big-output"]}, InstanceIds=[WEB[0]])["Command"]
        pending = self.ssm.get_command_invocation(CommandId=cmd["CommandId"], InstanceId=WEB[0])
        self.assertEqual((pending["Status"], pending["StandardOutputContent"]), ("Pending", ""))
        _, invs = self.run_to_end(cmd["CommandId"])
        self.assertEqual(len(invs[0]["CommandPlugins"][0]["Output"]), 2500)
        out = self.ssm.get_command_invocation(CommandId=cmd["CommandId"], InstanceId=WEB[0])
        self.assertEqual((len(out["StandardOutputContent"]), len(out["StandardErrorContent"])), (24000, 8000))
        self.assertEqual(self.error_code(self.ssm.get_command_invocation, CommandId=cmd["CommandId"],
                                         InstanceId=WEB[1]), "InvocationDoesNotExist")

    def test_cancel_command_cancels_what_has_not_ended(self):
        self.seed(sample(polls=5))
        cmd = self.send("hello", MaxConcurrency="1")
        self.ssm.list_command_invocations(CommandId=cmd["CommandId"])
        self.ssm.list_command_invocations(CommandId=cmd["CommandId"])
        self.ssm.cancel_command(CommandId=cmd["CommandId"])
        _, invs = self.run_to_end(cmd["CommandId"])
        self.assertEqual({i["Status"] for i in invs}, {"Cancelled"})
        self.assertEqual(self.ssm.list_commands(CommandId=cmd["CommandId"])["Commands"][0]["Status"], "Cancelled")
        self.assertEqual(self.error_code(self.ssm.cancel_command, CommandId="00000000-0000-4000-8000-000000000000"), "InvalidCommandId")

    def test_send_command_validates_like_ssm(self):
        self.seed(sample())
        base = {"DocumentName": "AWS-RunShellScript", "Parameters": {"commands": ["x"]},
                "Targets": [{"Key": "tag:Service", "Values": ["checkout"]}]}
        for change, code in (({"Comment": "c" * 101}, "ValidationException"),
                             ({"DocumentName": "My-Doc"}, "InvalidDocument"),
                             ({"Parameters": {}}, "InvalidParameters"),
                             ({"MaxConcurrency": "0"}, "ValidationException"),
                             ({"InstanceIds": [WEB[0]]}, "ValidationException")):
            self.assertEqual(self.error_code(self.ssm.send_command, **{**base, **change}), code, change)
        alarms = {"Alarms": [{"Name": "checkout-customer-impact"}], "IgnorePollAlarmFailure": False}
        cmd = self.ssm.send_command(**base, AlarmConfiguration=alarms)["Command"]
        self.assertEqual(cmd["AlarmConfiguration"]["Alarms"][0]["Name"], "checkout-customer-impact")

    def test_faults_apply_to_ssm(self):
        self.seed(sample())
        self.emu.control("POST", "faults", {"operation": "SendCommand", "times": 1,
                                             "error": {"code": "AccessDeniedException", "message": "no ssm:SendCommand"}})
        self.assertEqual(self.error_code(self.send, command="hello"), "AccessDeniedException")
        self.assertEqual(self.send("hello")["TargetCount"], 3)

    def test_a_fault_after_handling_accepts_the_command_and_answers_late_or_with_an_error(self):
        import time

        from botocore.config import Config

        self.seed(sample())
        self.emu.control("POST", "faults", {"operation": "SendCommand", "times": 1, "after_handling": True,
                                             "delay_seconds": 2.0})
        import boto3

        # one attempt (botocore's max_attempts counts retries): a retry would be a second command
        impatient = boto3.client("ssm", endpoint_url=self.emu.url, region_name="us-east-1",
                                 aws_access_key_id="AKIDTEST", aws_secret_access_key="secret",
                                 config=Config(read_timeout=0.5, retries={"total_max_attempts": 1}))
        from botocore.exceptions import ReadTimeoutError

        with self.assertRaises(ReadTimeoutError):
            impatient.send_command(DocumentName="AWS-RunShellScript", Parameters={"commands": ["slow answer"]},
                                   Targets=[{"Key": "tag:Service", "Values": ["checkout"]}], Comment="warroom id-1 a")
        time.sleep(2.0)
        listed = self.ssm.list_commands()["Commands"]
        self.assertEqual([c["Comment"] for c in listed], ["warroom id-1 a"], "the command was taken")
        self.emu.control("POST", "faults", {"operation": "SendCommand", "times": 1, "after_handling": True,
                                             "error": {"code": "InternalServerError", "message": "lost", "status": 500}})
        self.assertEqual(self.error_code(impatient.send_command, DocumentName="AWS-RunShellScript",
                                         Parameters={"commands": ["answered 500"]}, Comment="warroom id-2 b",
                                         Targets=[{"Key": "tag:Service", "Values": ["checkout"]}]),
                         "InternalServerError")
        self.assertEqual(len(self.ssm.list_commands()["Commands"]), 2, "taken, though the answer was an error")
        # before handling (the default), an error means nothing was taken
        self.emu.control("POST", "faults", {"operation": "SendCommand", "times": 1,
                                             "error": {"code": "InternalServerError", "message": "x", "status": 500}})
        self.assertEqual(self.error_code(impatient.send_command, DocumentName="AWS-RunShellScript",
                                         Parameters={"commands": ["refused"]},
                                         Targets=[{"Key": "tag:Service", "Values": ["checkout"]}]),
                         "InternalServerError")
        self.assertEqual(len(self.ssm.list_commands()["Commands"]), 2)
        self.assertEqual(self.emu.control("GET", "faults")[1], [])
        status, body = self.emu.control("POST", "faults", {"operation": "SendCommand", "after_handling": "yes",
                                                            "delay_seconds": 1})
        self.assertEqual(status, 400, body)

    def test_list_commands_honours_filters_returns_the_comment_and_pages(self):
        import datetime
        import time

        self.seed(sample())
        first = self.send("one", Comment="warroom early one")
        time.sleep(1.1)
        middle = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        time.sleep(1.1)
        later = [self.send(f"n{n}", Comment=f"warroom later {n}") for n in range(3)]

        def listed(**kw):
            return [c["Comment"] for c in self.ssm.list_commands(**kw)["Commands"]]

        self.assertEqual(listed(Filters=[{"key": "InvokedAfter", "value": middle}]),
                         ["warroom later 2", "warroom later 1", "warroom later 0"])
        self.assertEqual(listed(Filters=[{"key": "InvokedBefore", "value": middle}]), ["warroom early one"])
        self.assertEqual(listed(Filters=[{"key": "InvokedAfter", "value": middle},
                                         {"key": "DocumentName", "value": "AWS-RunPowerShellScript"}]), [])
        self.assertEqual(len(listed(Filters=[{"key": "Status", "value": "Pending"}])), 4)
        self.assertEqual(listed(Filters=[{"key": "ExecutionStage", "value": "Complete"}]), [])
        self.run_to_end(first["CommandId"])
        self.assertEqual(listed(Filters=[{"key": "ExecutionStage", "value": "Complete"}]), ["warroom early one"])
        # pages of MaxResults, newest first, the filter applied before paging
        after = [{"key": "InvokedAfter", "value": middle}]
        page = self.ssm.list_commands(Filters=after, MaxResults=2)
        self.assertEqual([c["CommandId"] for c in page["Commands"]], [later[2]["CommandId"], later[1]["CommandId"]])
        rest = self.ssm.list_commands(Filters=after, MaxResults=2, NextToken=page["NextToken"])
        self.assertEqual([c["CommandId"] for c in rest["Commands"]], [later[0]["CommandId"]])
        self.assertNotIn("NextToken", rest)
        self.assertEqual(self.error_code(self.ssm.list_commands, Filters=[{"key": "Nope", "value": "x"}]),
                         "InvalidFilterKey")
        self.assertEqual(self.error_code(self.ssm.list_commands, Filters=[{"key": "InvokedAfter", "value": "soon"}]),
                         "ValidationException")

    def test_demo_checkout_hosts_fail_the_db_check_then_one_fails_the_first_restart(self):
        status, body = self.emu.control("POST", "seed", {"scenario": "demo"})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["ssm_instances"], 5)
        info = self.ssm.describe_instance_information(Filters=[{"Key": "tag:Service", "Values": ["checkout"]}])
        self.assertEqual([i["ComputerName"] for i in info["InstanceInformationList"]],
                         [f"checkout-api-{n}" for n in range(1, 5)])
        repo = os.path.dirname(os.path.dirname(HERE))
        with open(os.path.join(repo, "runbooks", "checkout-5xx.md")) as f:
            text = f.read()
        # The restart's {{service}} is filled in with its default, as warroom sends it (raw=true).
        blocks = {name: text.split(f'"name":"{name}"', 1)[1].split("\n", 1)[1].split("```", 1)[0]
                  .replace("{{service}}", "checkout-api")
                  for name in ("service-status", "db-connectivity", "restart")}
        cmd = self.send(blocks["service-status"])
        _, invs = self.run_to_end(cmd["CommandId"])
        self.assertEqual({i["Status"] for i in invs}, {"Success"})
        self.assertIn("healthz: HTTP 503", invs[0]["CommandPlugins"][0]["Output"])
        self.assertIn("checkout-api-1 checkout-api[2214]: ERROR", invs[0]["CommandPlugins"][0]["Output"])
        cmd = self.send(blocks["db-connectivity"], MaxErrors="100%")
        _, invs = self.run_to_end(cmd["CommandId"])
        self.assertEqual({i["Status"] for i in invs}, {"Failed"})
        self.assertTrue(all("FAIL: no TCP connection" in i["CommandPlugins"][0]["Output"] for i in invs))
        cmd = self.send(blocks["db-connectivity"], MaxErrors="100%")
        _, invs = self.run_to_end(cmd["CommandId"])
        self.assertTrue(all("OK: TCP connection" in i["CommandPlugins"][0]["Output"] for i in invs))
        cmd = self.send(blocks["restart"], MaxConcurrency="1", MaxErrors="0")
        _, invs = self.run_to_end(cmd["CommandId"])
        self.assertEqual([i["Status"] for i in invs], ["Success", "Success", "Failed", "Cancelled"])
        cmd = self.send(blocks["restart"], MaxConcurrency="1", MaxErrors="0")
        _, invs = self.run_to_end(cmd["CommandId"])
        self.assertEqual([i["Status"] for i in invs], ["Success"] * 4)

    def test_demo_runbook_queries_show_the_last_hour_and_the_errors_gone_after_the_restart(self):
        import time
        status, body = self.emu.control("POST", "seed", {"scenario": "demo", "anchor": "now-12m"})
        self.assertEqual(status, 200, body)
        logs = self.emu.boto3("logs")
        repo = os.path.dirname(os.path.dirname(HERE))
        with open(os.path.join(repo, "runbooks", "checkout-5xx.md")) as f:
            text = f.read()

        def block(name):
            return text.split(f'"name":"{name}"', 1)[1].split("\n", 1)[1].split("```", 1)[0]

        def query(name, seconds):
            now = int(time.time())
            qid = logs.start_query(logGroupName="/aws/ecs/checkout-api", startTime=now - seconds, endTime=now,
                                   queryString=block(name))["queryId"]
            while True:
                out = logs.get_query_results(queryId=qid)
                if out["status"] not in ("Scheduled", "Running"):
                    return [{c["field"]: c["value"] for c in row} for row in out["results"]]

        def total(rows):
            return sum(int(r["count(*)"]) for r in rows)

        hour = query("errors-per-5m", 3600)
        self.assertTrue(1 <= len(hour) <= 13, hour)             # five-minute bins of one hour
        # newest first; the newest bin may have only begun, the one before is whole: 5 timeouts a minute
        self.assertGreaterEqual(int(hour[1]["count(*)"]), 25, hour)
        top = query("top-errors", 3600)
        self.assertEqual(top[0]["msg"], "timeout connecting to database")
        self.assertIn("errors", top[0], "the column carries the name the query gives it")
        self.assertNotIn("count(*)", top[0])
        before = query("errors-after", 900)
        self.assertGreaterEqual(len(before), 11, before)         # errors every minute of the last 15
        restart = block("restart").replace("{{service}}", "checkout-api")
        for statuses in (["Success", "Success", "Failed", "Cancelled"], ["Success"] * 4):
            cmd = self.send(restart, MaxConcurrency="1", MaxErrors="0")
            _, invs = self.run_to_end(cmd["CommandId"])
            self.assertEqual([i["Status"] for i in invs], statuses)
        restarted = time.time()
        time.sleep(2)                                            # the query's end is a whole second
        at_restart = total(query("errors-after", 900))
        time.sleep(30)                                           # two or more timeouts a host would log
        after = query("errors-after", 900)
        self.assertLessEqual(total(after), at_restart, after)
        newest = timeutil.to_epoch(after[0]["bin(1m)"].replace(" ", "T") + "Z")
        self.assertLessEqual(newest, restarted, "no minute after the restart has errors")



if __name__ == "__main__":
    unittest.main()
