"""SSM Run Command served from the emulator's SsmStore (ssm_store.py); every other SSM operation
(parameters, documents...) goes to moto.

- DescribeInstanceInformation: the seeded managed instances by id; `Filters` (tag:<key>,
  tag-key, InstanceIds, PingStatus, PlatformTypes, ResourceType, AgentVersion) or the older
  `InstanceInformationFilterList` (not both); MaxResults 5-50 (default 50), NextToken.
- SendCommand: `InstanceIds` (<= 50) or `Targets` (tag:<key>, tag-key, InstanceIds; every key
  must match, any of its values), only the matching instances get invocations (zero is
  allowed); AWS-RunShellScript / AWS-RunPowerShellScript with a `commands` parameter;
  MaxConcurrency, MaxErrors, TimeoutSeconds (30-2592000), Comment (<= 100), AlarmConfiguration.
- ListCommandInvocations (Details): each first page of a listing moves the command on by one
  step: Pending on the first listing, then up to MaxConcurrency invocations at a time go
  InProgress for `polls` listings and end as the first matching outcome rule says. When more
  invocations failed than MaxErrors allows, those not started end Cancelled.
- GetCommandInvocation: stdout cut to 24,000 characters, stderr to 8,000, as SSM does.
- CancelCommand: every invocation not ended goes Cancelled.
- ListCommands: the commands sent, newest first, with their Comment; `CommandId`,
  `InstanceId`, `Filters` (InvokedAfter / InvokedBefore inclusive, Status, ExecutionStage,
  DocumentName; an unknown key is InvalidFilterKey), MaxResults 1-50 (default 50), NextToken.
"""

from __future__ import annotations

import base64
import json
import math
import re
import uuid

import accounts
import timeutil
from aws_protocols import AwsError
from services import Service
from ssm_store import SsmStore
from ssm_filters import command_filters

DOCUMENTS = {"AWS-RunShellScript": "aws:runShellScript", "AWS-RunPowerShellScript": "aws:runPowerShellScript"}
FINAL = ("Success", "Failed", "TimedOut", "Cancelled", "Undeliverable", "Terminated")
ERRORS = ("Failed", "TimedOut", "Undeliverable", "Terminated")
STDOUT_LIMIT, STDERR_LIMIT, LIST_OUTPUT_LIMIT = 24000, 8000, 2500
MAX_CONCURRENCY = re.compile(r"^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$")
MAX_ERRORS = re.compile(r"^([1-9][0-9]*|0|[1-9][0-9]%|[0-9]%|100%)$")
FILTER_KEYS = {"InstanceIds", "PingStatus", "PlatformTypes", "ResourceType", "AgentVersion", "tag-key"}


def _validation(message):
    return AwsError("ValidationException", message)


def _page(items: list, p: dict, limit: int, kind: str):
    start = 0
    if p.get("NextToken"):
        try:
            got, start = json.loads(base64.urlsafe_b64decode(str(p["NextToken"]).encode()))
            if got != kind or not isinstance(start, int):
                raise ValueError(got)
        except Exception:
            raise AwsError("InvalidNextToken", "The specified token is not valid.")
    page = items[start:start + limit]
    token = None
    if start + limit < len(items):
        token = base64.urlsafe_b64encode(json.dumps([kind, start + limit]).encode()).decode()
    return page, token


def _with_token(out, token):
    if token:
        out["NextToken"] = token
    return out


def _limit(p, lo, hi, default):
    value = p.get("MaxResults", default)
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise _validation(f"1 validation error detected: Value '{value}' at 'maxResults' failed to satisfy "
                          f"constraint: Member must have value between {lo} and {hi}")
    return value


def _matches(inst: dict, key: str, values: list) -> bool:
    if key.startswith("tag:"):
        return inst["tags"].get(key[4:]) in values
    if key == "tag-key":
        return any(v in inst["tags"] for v in values)
    if key == "InstanceIds":
        return inst["id"] in values
    if key == "PingStatus":
        return inst["ping"] in values
    if key == "PlatformTypes":
        return inst["platform"] in values
    if key == "ResourceType":
        return "EC2Instance" in values
    if key == "AgentVersion":
        return inst["agent_version"] in values
    return False


def _count(spec: str, total: int, errors: bool) -> int:
    """MaxConcurrency / MaxErrors as a number of instances."""
    if spec.endswith("%"):
        share = int(spec[:-1]) * total / 100.0
        return int(math.floor(share)) if errors else max(1, int(math.ceil(share)))
    return int(spec)


class SsmApi:
    def __init__(self, store, region: str):
        self.store = store
        self.rs = store.region(region)
        self.region = region

    # ------------------------------------------------------------ instances

    def _info(self, inst: dict) -> dict:
        return {"InstanceId": inst["id"], "PingStatus": inst["ping"], "LastPingDateTime": inst["last_ping"],
                "AgentVersion": inst["agent_version"], "IsLatestVersion": True, "PlatformType": inst["platform"],
                "PlatformName": inst["platform_name"], "PlatformVersion": inst["platform_version"],
                "ResourceType": "EC2Instance", "IPAddress": inst["ip"], "ComputerName": inst["computer_name"],
                "AssociationStatus": "Success", "SourceId": inst["id"], "SourceType": "AWS::EC2::Instance"}

    def describe_instance_information(self, p):
        limit = _limit(p, 5, 50, 50)
        filters, legacy = p.get("Filters") or [], p.get("InstanceInformationFilterList") or []
        if filters and legacy:
            raise AwsError("InvalidFilter", "Filters and InstanceInformationFilterList cannot be used together.")
        pairs = [(f.get("Key"), f.get("Values") or []) for f in filters] + \
                [(f.get("key"), f.get("valueSet") or []) for f in legacy]
        for key, values in pairs:
            if not key or (key not in FILTER_KEYS and not (key.startswith("tag:") and len(key) > 4)):
                raise AwsError("InvalidFilterKey", f"The filter key {key!r} is not valid.")
            if not values:
                raise AwsError("InvalidFilterValue", f"The filter {key} needs at least one value.")
        with self.store.lock:
            instances = [self.rs.instances[k] for k in sorted(self.rs.instances)]
            chosen = [self._info(i) for i in instances if all(_matches(i, k, v) for k, v in pairs)]
        page, token = _page(chosen, p, limit, "instances")
        return _with_token({"InstanceInformationList": page}, token)

    # ------------------------------------------------------------ sending

    def _targets(self, p) -> list[dict]:
        ids, targets = p.get("InstanceIds") or [], p.get("Targets") or []
        if ids and targets:
            raise _validation("Specify either InstanceIds or Targets, not both.")
        if not ids and not targets:
            raise _validation("Specify InstanceIds or Targets.")
        if len(ids) > 50:
            raise _validation("1 validation error detected: Value at 'instanceIds' failed to satisfy constraint: "
                              "Member must have length less than or equal to 50")
        if len(targets) > 5:
            raise _validation("At most 5 targets may be given.")
        instances = self.rs.instances
        if ids:
            unknown = [i for i in ids if i not in instances]
            if unknown:
                raise AwsError("InvalidInstanceId",
                               f"Instances [[{', '.join(unknown)}]] not in a valid state for account {accounts.current()}")
            return [instances[i] for i in dict.fromkeys(ids)]
        pairs = []
        for t in targets:
            key, values = t.get("Key"), t.get("Values") or []
            if not key or not (key.startswith("tag:") or key in ("tag-key", "InstanceIds")):
                raise _validation(f"Target key {key!r} is not supported (tag:<key>, tag-key or InstanceIds).")
            if not values:
                raise _validation(f"Target {key} needs at least one value.")
            pairs.append((key, values))
        return [instances[k] for k in sorted(instances) if all(_matches(instances[k], key, v) for key, v in pairs)]

    def send_command(self, p):
        document = p.get("DocumentName")
        if document not in DOCUMENTS:
            raise AwsError("InvalidDocument", f"Document {document} does not exist in the warroom emulator "
                                              f"(it knows {', '.join(DOCUMENTS)}).")
        params = p.get("Parameters") or {}
        commands = params.get("commands")
        if not commands or not isinstance(commands, list):
            raise AwsError("InvalidParameters", "document AWS-RunShellScript needs the parameter 'commands'")
        comment = p.get("Comment") or ""
        if len(comment) > 100:
            raise _validation("1 validation error detected: Value at 'comment' failed to satisfy constraint: "
                              "Member must have length less than or equal to 100")
        timeout = p.get("TimeoutSeconds", 3600)
        if isinstance(timeout, bool) or not isinstance(timeout, int) or not 30 <= timeout <= 2592000:
            raise _validation(f"TimeoutSeconds {timeout} must be between 30 and 2592000.")
        concurrency, max_errors = str(p.get("MaxConcurrency") or "50"), str(p.get("MaxErrors") or "0")
        if not MAX_CONCURRENCY.match(concurrency):
            raise _validation(f"MaxConcurrency {concurrency!r} is not a number or a percentage.")
        if not MAX_ERRORS.match(max_errors):
            raise _validation(f"MaxErrors {max_errors!r} is not a number or a percentage.")
        alarms = p.get("AlarmConfiguration")
        if alarms is not None and not (alarms.get("Alarms") or []):
            raise _validation("AlarmConfiguration needs at least one alarm.")
        text = "\n".join(str(c) for c in commands)
        now = timeutil.now()
        with self.store.lock:
            chosen = self._targets(p)
            cid = str(uuid.uuid4())
            invocations = []
            for inst in chosen:
                rule = self.rs.outcome_for(text, inst)
                polls = rule["polls"] if rule["polls"] is not None else self.rs.polls
                invocations.append({"instance": inst, "status": "Pending", "details": "Pending", "remaining": polls,
                                    "polls": polls, "rule": rule, "start": None, "end": None})
            cmd = {"CommandId": cid, "DocumentName": document, "DocumentVersion": "$DEFAULT", "Comment": comment,
                   "Parameters": {k: list(v) if isinstance(v, list) else v for k, v in params.items()},
                   "InstanceIds": list(p.get("InstanceIds") or []), "Targets": list(p.get("Targets") or []),
                   "RequestedDateTime": now, "ExpiresAfter": now + timeout + 3600,
                   "MaxConcurrency": concurrency, "MaxErrors": max_errors, "TimeoutSeconds": timeout,
                   "text": text, "ticks": 0, "cancelled": False, "invocations": invocations,
                   "concurrency_n": _count(concurrency, len(invocations), False),
                   "errors_n": _count(max_errors, len(invocations), True)}
            if alarms is not None:
                cmd["AlarmConfiguration"] = alarms
            self.rs.commands[cid] = cmd
            return {"Command": self._command(cmd)}

    # ------------------------------------------------------------ following

    def _advance(self, cmd: dict):
        cmd["ticks"] += 1
        if cmd["ticks"] == 1 or cmd["cancelled"]:
            return
        now = timeutil.now()
        invs = cmd["invocations"]
        for inv in invs:
            if inv["status"] == "InProgress":
                if inv["remaining"] <= 1:
                    self._finish(inv, now)
                else:
                    inv["remaining"] -= 1
        errors = sum(1 for i in invs if i["status"] in ERRORS)
        halted = errors > cmd["errors_n"]
        for inv in invs:
            if inv["status"] != "Pending":
                continue
            if halted:
                inv.update(status="Cancelled", details="Cancelled", end=now)
                continue
            if sum(1 for i in invs if i["status"] == "InProgress") >= cmd["concurrency_n"]:
                break
            if inv["instance"]["ping"] != "Online":
                inv.update(status="TimedOut", details="Delivery Timed Out", end=now, code=-1,
                           stdout="", stderr="")
                continue
            inv.update(status="InProgress", details="InProgress", start=now)
            if inv["remaining"] <= 0:
                self._finish(inv, now)

    @staticmethod
    def _finish(inv: dict, now: float):
        rule, inst = inv["rule"], inv["instance"]
        status = rule["status"]
        details = {"Success": "Success", "Failed": "Failed", "TimedOut": "Execution Timed Out"}[status]

        def fill(text):
            return text.replace("{instance_id}", inst["id"]).replace("{instance_name}", inst["name"])

        inv.update(status=status, details=details, end=now, code=rule["response_code"],
                   stdout=fill(rule["stdout"]), stderr=fill(rule["stderr"]))

    @staticmethod
    def _status(cmd: dict) -> str:
        statuses = [i["status"] for i in cmd["invocations"]]
        if not statuses:
            return "Success"
        if any(s not in FINAL for s in statuses):
            return "Cancelling" if cmd["cancelled"] else ("Pending" if all(s == "Pending" for s in statuses)
                                                          else "InProgress")
        if cmd["cancelled"]:
            return "Cancelled"
        if all(s == "Success" for s in statuses):
            return "Success"
        if any(s == "Failed" for s in statuses):
            return "Failed"
        if any(s == "TimedOut" for s in statuses):
            return "TimedOut"
        return "Failed"

    def _command(self, cmd: dict) -> dict:
        invs = cmd["invocations"]
        out = {k: cmd[k] for k in ("CommandId", "DocumentName", "DocumentVersion", "Comment", "Parameters",
                                   "InstanceIds", "Targets", "RequestedDateTime", "ExpiresAfter", "MaxConcurrency",
                                   "MaxErrors", "TimeoutSeconds")}
        status = self._status(cmd)
        out.update(Status=status, StatusDetails=status, TargetCount=len(invs),
                   CompletedCount=sum(1 for i in invs if i["status"] in FINAL),
                   ErrorCount=sum(1 for i in invs if i["status"] in ("Failed", "Undeliverable", "Terminated")),
                   DeliveryTimedOutCount=sum(1 for i in invs if i["details"] == "Delivery Timed Out"))
        if "AlarmConfiguration" in cmd:
            out["AlarmConfiguration"] = cmd["AlarmConfiguration"]
        return out

    def _get(self, cid) -> dict:
        cmd = self.rs.commands.get(cid) if cid else None
        if cmd is None:
            raise AwsError("InvalidCommandId", f"Command {cid} does not exist.")
        return cmd

    def _invocation(self, cmd: dict, inv: dict, details: bool) -> dict:
        inst = inv["instance"]
        out = {"CommandId": cmd["CommandId"], "InstanceId": inst["id"], "InstanceName": inst["computer_name"],
               "Comment": cmd["Comment"], "DocumentName": cmd["DocumentName"], "DocumentVersion": "$DEFAULT",
               "RequestedDateTime": cmd["RequestedDateTime"], "Status": inv["status"],
               "StatusDetails": inv["details"], "StandardOutputUrl": "", "StandardErrorUrl": "",
               "CommandPlugins": []}
        if details:
            plugin = {"Name": DOCUMENTS[cmd["DocumentName"]], "Status": inv["status"],
                      "StatusDetails": inv["details"], "ResponseCode": inv.get("code", -1),
                      "Output": "", "StandardOutputUrl": "", "StandardErrorUrl": ""}
            if inv["start"] is not None:
                plugin["ResponseStartDateTime"] = inv["start"]
            if inv["end"] is not None:
                plugin["ResponseFinishDateTime"] = inv["end"]
            if inv["status"] in FINAL and "stdout" in inv:
                text = inv["stdout"]
                if inv["stderr"]:
                    text += "\n----------ERROR-------\n" + inv["stderr"]
                plugin["Output"] = text[:LIST_OUTPUT_LIMIT]
            out["CommandPlugins"] = [plugin]
        return out

    def list_command_invocations(self, p):
        limit = _limit(p, 1, 50, 50)
        details = bool(p.get("Details", False))
        wanted = p.get("InstanceId")
        with self.store.lock:
            commands = [self._get(p["CommandId"])] if p.get("CommandId") else sorted(
                self.rs.commands.values(), key=lambda c: -c["RequestedDateTime"])
            if not p.get("NextToken"):
                for cmd in commands:
                    self._advance(cmd)
            rows = [self._invocation(c, i, details) for c in commands for i in c["invocations"]
                    if not wanted or i["instance"]["id"] == wanted]
        page, token = _page(rows, p, limit, "invocations")
        return _with_token({"CommandInvocations": page}, token)

    def get_command_invocation(self, p):
        cid, iid = p.get("CommandId"), p.get("InstanceId")
        if not cid or not iid:
            raise _validation("CommandId and InstanceId are required.")
        with self.store.lock:
            cmd = self.rs.commands.get(cid)
            inv = next((i for i in cmd["invocations"] if i["instance"]["id"] == iid), None) if cmd else None
            if inv is None:
                raise AwsError("InvocationDoesNotExist",
                               "An error occurred (InvocationDoesNotExist) when calling the GetCommandInvocation "
                               "operation")
            plugin = DOCUMENTS[cmd["DocumentName"]]
            if p.get("PluginName") and p["PluginName"] != plugin:
                raise AwsError("InvalidPluginName", f"The plugin name {p['PluginName']} is not valid.")
            final = inv["status"] in FINAL
            out = {"CommandId": cid, "InstanceId": iid, "Comment": cmd["Comment"], "DocumentName": cmd["DocumentName"],
                   "DocumentVersion": "$DEFAULT", "PluginName": plugin, "ResponseCode": inv.get("code", -1),
                   "Status": inv["status"], "StatusDetails": inv["details"],
                   "StandardOutputContent": inv.get("stdout", "")[:STDOUT_LIMIT] if final else "",
                   "StandardOutputUrl": "",
                   "StandardErrorContent": inv.get("stderr", "")[:STDERR_LIMIT] if final else "",
                   "StandardErrorUrl": "", "CloudWatchOutputConfig": {"CloudWatchOutputEnabled": False}}
            if inv["start"] is not None:
                out["ExecutionStartDateTime"] = timeutil.iso(inv["start"])
                out["ExecutionElapsedTime"] = f"PT{max(0.0, (inv['end'] or timeutil.now()) - inv['start']):.3f}S"
            if inv["end"] is not None:
                out["ExecutionEndDateTime"] = timeutil.iso(inv["end"])
        return out

    def cancel_command(self, p):
        with self.store.lock:
            cmd = self._get(p.get("CommandId"))
            wanted = set(p.get("InstanceIds") or [])
            now = timeutil.now()
            for inv in cmd["invocations"]:
                if inv["status"] not in FINAL and (not wanted or inv["instance"]["id"] in wanted):
                    inv.update(status="Cancelled", details="Cancelled", end=now)
            if not wanted:
                cmd["cancelled"] = True
        return {}

    def list_commands(self, p):
        limit = _limit(p, 1, 50, 50)
        tests = command_filters(p.get("Filters"))
        with self.store.lock:
            commands = [self._get(p["CommandId"])] if p.get("CommandId") else sorted(
                self.rs.commands.values(), key=lambda c: -c["RequestedDateTime"])
            if p.get("InstanceId"):
                commands = [c for c in commands if any(i["instance"]["id"] == p["InstanceId"]
                                                       for i in c["invocations"])]
            rows = [self._command(c) for c in commands]
        rows = [r for r in rows if all(test(r) for test in tests)]
        page, token = _page(rows, p, limit, "commands")
        return _with_token({"Commands": page}, token)



def handlers(store, region: str) -> dict:
    """SSM operation name -> fn(params) for the operations served from the store."""
    api = SsmApi(store, region)
    return {
        "DescribeInstanceInformation": api.describe_instance_information,
        "SendCommand": api.send_command,
        "ListCommandInvocations": api.list_command_invocations,
        "GetCommandInvocation": api.get_command_invocation,
        "CancelCommand": api.cancel_command,
        "ListCommands": api.list_commands,
    }


SERVICE = Service(
    name="ssm",
    wire={"model": "ssm", "namespace": "com.amazonaws.ssm", "target": "AmazonSSM", "signing": "ssm",
          "json_version": "1.1"},
    protocols=("json",),
    new_store=SsmStore,
    handlers=handlers,
    seed_keys=("ssm",),
)
