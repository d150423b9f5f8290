"""SSM Run Command state owned by the emulator (moto has no DescribeInstanceInformation,
ListCommandInvocations or CancelCommand, runs nothing, and sends an InstanceIds command to every
EC2 instance): one partition per account and region (RegionalStore) holding the managed
instances, the outcome rules that say how a command ends on an instance, and the commands sent.
The operations live in ssm_api.py.

A stored instance is {"id", "name" (its Name tag), "computer_name", "platform" (PlatformType),
"platform_name", "platform_version", "ping", "tags" {key: value}, "ip", "agent_version"}.
An outcome rule is {"match", "regex", "pattern", "instances" (ids or Name tags; None: any),
"times" (None: always), "status", "response_code", "stdout", "stderr", "polls" (None: the
region's)}; `uses` counts, per (rule index, instance id), how often a limited rule was used.
"""

from __future__ import annotations

import re

from regional_store import RegionalStore
from regional_store import unknown_keys as _unknown
from regional_store import whole_number as _whole

SSM_KEYS = {"instances", "outcomes", "polls"}
INSTANCE_KEYS = {"id", "name", "computer_name", "platform", "platform_name", "platform_version", "ping", "tags",
                 "ip", "agent_version"}
OUTCOME_KEYS = {"match", "regex", "instances", "times", "status", "response_code", "stdout", "stderr", "polls"}
PLATFORMS = {"Linux": ("Amazon Linux", "2023"), "Windows": ("Microsoft Windows Server 2022 Datacenter",
                                                             "10.0.20348"), "MacOS": ("macOS", "14.4")}
PINGS = ("Online", "ConnectionLost", "Inactive")
OUTCOME_STATUSES = {"Success": 0, "Failed": 1, "TimedOut": -1}
INSTANCE_ID = re.compile(r"^(i|mi)-[0-9a-f]{8,17}$")


def _text(item, key, what, default=""):
    value = item.get(key, default)
    if value is None:
        value = default
    if not isinstance(value, str):
        raise ValueError(f"{what} '{key}' must be a string")
    return value


def build_instance(item: dict, index: int) -> dict:
    _unknown(item, INSTANCE_KEYS, "ssm instance")
    iid = item.get("id")
    if not isinstance(iid, str) or not INSTANCE_ID.match(iid):
        raise ValueError(f"ssm instance id {iid!r} is not an instance id such as i-0123456789abcdef0")
    tags = item.get("tags") or {}
    if not isinstance(tags, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in tags.items()):
        raise ValueError(f"ssm instance {iid}: 'tags' must be an object of strings (key -> value)")
    name = _text(item, "name", f"ssm instance {iid}", tags.get("Name", ""))
    tags = dict(tags)
    if name:
        tags["Name"] = name
    platform = _text(item, "platform", f"ssm instance {iid}", "Linux")
    if platform not in PLATFORMS:
        raise ValueError(f"ssm instance {iid}: platform must be one of {', '.join(PLATFORMS)}")
    ping = _text(item, "ping", f"ssm instance {iid}", "Online")
    if ping not in PINGS:
        raise ValueError(f"ssm instance {iid}: ping must be one of {', '.join(PINGS)}")
    default_name, default_version = PLATFORMS[platform]
    return {"id": iid, "name": name, "tags": tags, "platform": platform, "ping": ping,
            "computer_name": _text(item, "computer_name", f"ssm instance {iid}",
                                   name or f"ip-10-0-{index // 250}-{index % 250 + 4}.ec2.internal"),
            "platform_name": _text(item, "platform_name", f"ssm instance {iid}", default_name),
            "platform_version": _text(item, "platform_version", f"ssm instance {iid}", default_version),
            "ip": _text(item, "ip", f"ssm instance {iid}", f"10.0.{index // 250}.{index % 250 + 4}"),
            "agent_version": _text(item, "agent_version", f"ssm instance {iid}", "3.3.987.0")}


def build_outcome(item: dict) -> dict:
    _unknown(item, OUTCOME_KEYS, "ssm outcome")
    match = item.get("match")
    if not isinstance(match, str) or not match:
        raise ValueError("an ssm outcome needs a non-empty 'match' string (found in the command text)")
    regex = bool(item.get("regex", False))
    try:
        pattern = re.compile(match) if regex else None
    except re.error as exc:
        raise ValueError(f"ssm outcome regex {match!r}: {exc}")
    instances = item.get("instances")
    if instances is not None and (not isinstance(instances, list) or not all(isinstance(i, str) for i in instances)):
        raise ValueError("ssm outcome 'instances' must be a list of instance ids or Name tags")
    status = item.get("status", "Success")
    if status not in OUTCOME_STATUSES:
        raise ValueError(f"ssm outcome status must be one of {', '.join(OUTCOME_STATUSES)}")
    code = item.get("response_code")
    if code is not None and (isinstance(code, bool) or not isinstance(code, int)):
        raise ValueError("ssm outcome 'response_code' must be a whole number")
    times = item.get("times")
    if times is not None:
        _whole(times, "ssm outcome 'times'", 1)
    polls = item.get("polls")
    if polls is not None:
        _whole(polls, "ssm outcome 'polls'")
    return {"match": match, "regex": regex, "pattern": pattern, "instances": instances, "times": times,
            "status": status, "response_code": OUTCOME_STATUSES[status] if code is None else code,
            "stdout": _text(item, "stdout", "ssm outcome"), "stderr": _text(item, "stderr", "ssm outcome"),
            "polls": polls}


DEFAULT_OUTCOME = {"status": "Success", "response_code": 0, "stdout": "", "stderr": "", "polls": None}


class RegionSsm:
    def __init__(self, region: str):
        self.region = region
        self.instances: dict[str, dict] = {}
        self.outcomes: list[dict] = []
        self.uses: dict[tuple[int, str], int] = {}
        self.commands: dict[str, dict] = {}
        self.polls = 2

    def outcome_for(self, text: str, instance: dict) -> dict:
        """The first rule matching the command text and the instance that is not used up (and
        counts its use), else Success with no output."""
        for i, rule in enumerate(self.outcomes):
            found = rule["pattern"].search(text) if rule["regex"] else rule["match"] in text
            if not found:
                continue
            if rule["instances"] is not None and instance["id"] not in rule["instances"] \
                    and (not instance["name"] or instance["name"] not in rule["instances"]):
                continue
            if rule["times"] is not None:
                used = self.uses.get((i, instance["id"]), 0)
                if used >= rule["times"]:
                    continue
                self.uses[(i, instance["id"])] = used + 1
            return rule
        return DEFAULT_OUTCOME


class SsmStore(RegionalStore):
    part_class = RegionSsm

    def seed(self, data: dict, region: str, now: float) -> dict:
        """The `ssm` part of POST /_emulator/seed (validated in full before anything is stored)."""
        _unknown(data, SSM_KEYS, "ssm seed")
        for key in ("instances", "outcomes"):
            if not isinstance(data.get(key) or [], list):
                raise ValueError(f"ssm.{key} must be a list")
        with self.lock:
            start = len(self.region(region).instances)
        instances = [build_instance(item, start + i) for i, item in enumerate(data.get("instances") or [])]
        ids = [i["id"] for i in instances]
        if len(set(ids)) != len(ids):
            raise ValueError("ssm.instances lists the same id twice")
        outcomes = [build_outcome(item) for item in data.get("outcomes") or []]
        if data.get("polls") is not None:
            _whole(data["polls"], "ssm.polls")
        with self.lock:
            rs = self.region(region)
            for inst in instances:
                inst["last_ping"] = now
                rs.instances[inst["id"]] = inst
            rs.outcomes.extend(outcomes)
            if data.get("polls") is not None:
                rs.polls = data["polls"]
        return {"seeded_ssm_instances": len(instances), "seeded_ssm_outcomes": len(outcomes)}
