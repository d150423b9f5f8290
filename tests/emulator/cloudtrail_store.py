"""CloudTrail management events owned by the emulator (moto has no LookupEvents): one store,
partitioned by the region that recorded each event (`awsRegion`), plus the optional
LookupEvents rate limit. The operation lives in cloudtrail.py.

A stored event is {"eventId", "eventName", "eventSource", "time" (epoch seconds, whole),
"readOnly" (bool), "accessKeyId" (str, may be ""), "username", "resources" ([{ResourceType,
ResourceName}]), "record" (the CloudTrail record dict), "json" (the record as compact JSON)}.
Records are replaced, never mutated, once stored.
"""

from __future__ import annotations

import collections
import hashlib
import json
import uuid

import accounts
import timeutil
from regional_store import RegionalStore
from regional_store import unknown_keys as _unknown

CLOUDTRAIL_KEYS = {"events", "generate", "rate_limit"}
GENERATE_KEYS = {"events", "minutes", "readOnly"}
EVENT_KEYS = {"eventId", "eventName", "eventSource", "eventTime", "awsRegion", "username", "userType",
              "roleName", "invokedBy", "accessKeyId", "sourceIPAddress", "userAgent", "readOnly",
              "resources", "requestParameters", "responseElements", "errorCode", "errorMessage",
              "additionalEventData", "eventType", "requestID"}
RESOURCE_KEYS = {"ResourceType", "ResourceName", "ARN"}
USER_TYPES = ("IAMUser", "AssumedRole", "Root", "AWSService")
EVENT_TYPES = ("AwsApiCall", "AwsConsoleSignIn", "AwsServiceEvent", "AwsConsoleAction")
# Recorded in us-east-1 only, whatever region the seed names (as AWS does since 2021-11-22).
GLOBAL_SOURCES = ("iam.amazonaws.com", "sts.amazonaws.com", "signin.amazonaws.com", "organizations.amazonaws.com",
                  "cloudfront.amazonaws.com", "route53.amazonaws.com")
GLOBAL_REGION = "us-east-1"
SIGN_IN_EVENTS = ("ConsoleLogin", "CheckMfa", "SwitchRole", "ExitRole", "RenewRole")
CONSOLE_AGENT = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
                 "Chrome/130.0.0.0 Safari/537.36")
_NS = uuid.UUID("5b0c7a52-1f0e-4d6e-9a57-63c3a1d2e8f4")
_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def _ident(prefix: str, *parts, length: int = 16) -> str:
    """AWS-style identifier (AKIA..., AIDA..., AROA...) derived from `parts`."""
    digest = hashlib.sha256("\n".join(str(p) for p in parts).encode()).digest()
    return prefix + "".join(_B32[b % 32] for b in digest[:length])


def _uuid(*parts) -> str:
    return str(uuid.uuid5(_NS, "\n".join(str(p) for p in parts)))


def _kebab(name: str) -> str:
    name = name.rstrip("0123456789v")       # UpdateFunctionCode20150331v2 -> UpdateFunctionCode
    return "".join("-" + c.lower() if c.isupper() and i else c.lower() for i, c in enumerate(name))


def cli_agent(source: str, name: str) -> str:
    service = source.split(".", 1)[0]
    return ("aws-cli/2.17.0 md/awscrt#0.20.11 ua/2.0 os/linux#6.8.0-1016-aws md/arch#x86_64 lang/python#3.11.9 "
            f"md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off "
            f"md/command#{service}.{_kebab(name)}")


def _bool(value, what) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise ValueError(f"{what} must be true or false")


def user_identity(user_type: str, username: str, role: str | None, key: str, invoked_by: str | None,
                  when: str) -> dict:
    account = accounts.current()
    if user_type == "IAMUser":
        ident = {"type": "IAMUser", "principalId": _ident("AIDA", "user", username, length=17),
                 "arn": f"arn:aws:iam::{account}:user/{username}", "accountId": account,
                 "accessKeyId": key, "userName": username}
    elif user_type == "AssumedRole":
        role_id = _ident("AROA", "role", role, length=17)
        ident = {"type": "AssumedRole", "principalId": f"{role_id}:{username}",
                 "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{username}", "accountId": account,
                 "accessKeyId": key,
                 "sessionContext": {
                     "sessionIssuer": {"type": "Role", "principalId": role_id,
                                       "arn": f"arn:aws:iam::{account}:role/{role}", "accountId": account,
                                       "userName": role},
                     "attributes": {"creationDate": when, "mfaAuthenticated": "false"}}}
    elif user_type == "Root":
        ident = {"type": "Root", "principalId": account, "arn": f"arn:aws:iam::{account}:root",
                 "accountId": account, "accessKeyId": key}
    else:
        return {"type": "AWSService", "invokedBy": invoked_by}
    if not key:
        del ident["accessKeyId"]
    if invoked_by:
        ident["invokedBy"] = invoked_by
    return ident


def build_event(item: dict, default_region: str, now: float) -> tuple[str, dict]:
    """(recording region, stored event) of one seed item."""
    _unknown(item, EVENT_KEYS, "cloudtrail event")
    name, source = item.get("eventName"), item.get("eventSource")
    if not name or not source:
        raise ValueError("a cloudtrail event needs 'eventName' and 'eventSource'")
    region = GLOBAL_REGION if source in GLOBAL_SOURCES else (item.get("awsRegion") or default_region)
    when = float(int(timeutil.to_epoch(item["eventTime"]) if item.get("eventTime") is not None else now))
    stamp = timeutil.iso(when)
    user_type = item.get("userType") or "IAMUser"
    if user_type not in USER_TYPES:
        raise ValueError(f"userType {user_type!r} is not one of {', '.join(USER_TYPES)}")
    event_type = item.get("eventType") or ("AwsConsoleSignIn" if name in SIGN_IN_EVENTS else "AwsApiCall")
    if event_type not in EVENT_TYPES:
        raise ValueError(f"eventType {event_type!r} is not one of {', '.join(EVENT_TYPES)}")
    invoked_by = item.get("invokedBy")
    if user_type == "AWSService":
        invoked_by = invoked_by or item.get("username") or source
        username = item.get("username") or invoked_by
    elif user_type == "Root":
        username = item.get("username") or "root"
    else:
        username = item.get("username") or ("emulator-session" if user_type == "AssumedRole" else "emulator-user")
    role = item.get("roleName") or "emulator-role"
    if "accessKeyId" in item:
        key = str(item["accessKeyId"] or "")
    elif user_type == "AWSService" or event_type == "AwsConsoleSignIn":
        key = ""
    elif user_type == "AssumedRole":
        key = _ident("ASIA", "session", role, username)
    else:
        key = _ident("AKIA", "key", username)
    if item.get("sourceIPAddress"):
        ip = str(item["sourceIPAddress"])
    elif user_type == "AWSService" or (invoked_by and user_type == "AssumedRole"):
        ip = invoked_by
    else:
        ip = f"203.0.113.{10 + int(hashlib.sha256(username.encode()).hexdigest(), 16) % 200}"
    if item.get("userAgent"):
        agent = str(item["userAgent"])
    elif user_type == "AWSService" or (invoked_by and user_type == "AssumedRole"):
        agent = invoked_by
    elif event_type == "AwsConsoleSignIn":
        agent = CONSOLE_AGENT
    else:
        agent = cli_agent(source, name)
    read_only = _bool(item.get("readOnly", False), "readOnly")
    resources = item.get("resources") or []
    if not isinstance(resources, list):
        raise ValueError("cloudtrail event 'resources' must be a list")
    for res in resources:
        _unknown(res, RESOURCE_KEYS, "cloudtrail resource")
        if not res.get("ResourceType") or not res.get("ResourceName"):
            raise ValueError("a cloudtrail resource needs 'ResourceType' and 'ResourceName'")
    if "requestParameters" in item:         # an explicit null stays null (ListFunctions, ConsoleLogin)
        request = item["requestParameters"]
    else:
        request = None if event_type == "AwsConsoleSignIn" else {}
    identity = dict(item, eventTime=stamp, awsRegion=region)
    event_id = str(item.get("eventId") or _uuid("event", json.dumps(identity, sort_keys=True, default=str)))
    record = {
        "eventVersion": "1.09",
        "userIdentity": user_identity(user_type, username, role, key, invoked_by, stamp),
        "eventTime": stamp, "eventSource": source, "eventName": name, "awsRegion": region,
        "sourceIPAddress": ip, "userAgent": agent,
    }
    if item.get("errorCode"):
        record["errorCode"] = str(item["errorCode"])
        record["errorMessage"] = str(item.get("errorMessage") or item["errorCode"])
    record["requestParameters"] = request
    record["responseElements"] = None if item.get("errorCode") and "responseElements" not in item \
        else item.get("responseElements")
    if item.get("additionalEventData") is not None:
        record["additionalEventData"] = item["additionalEventData"]
    if event_type != "AwsConsoleSignIn":
        response = record["responseElements"]
        echoed = response.get("requestId") if isinstance(response, dict) else None   # EC2 echoes it
        record["requestID"] = str(item.get("requestID") or echoed or _uuid("request", event_id))
    record["eventID"] = event_id
    record["readOnly"] = read_only
    account = accounts.current()
    arns = [{"accountId": account, "type": r["ResourceType"], "ARN": r["ARN"]} for r in resources if r.get("ARN")]
    if arns:
        record["resources"] = arns
    record.update({"eventType": event_type, "managementEvent": True, "recipientAccountId": account,
                   "eventCategory": "Management"})
    if event_type == "AwsApiCall" and user_type != "AWSService" and not invoked_by:
        service = source.split(".", 1)[0]
        host = f"{service}.amazonaws.com" if service in ("iam", "sts") else f"{service}.{region}.amazonaws.com"
        record["tlsDetails"] = {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256",
                                "clientProvidedHostHeader": host}
    return region, {
        "eventId": event_id, "eventName": name, "eventSource": source, "time": when, "readOnly": read_only,
        "accessKeyId": key, "username": username,
        "resources": [{"ResourceType": r["ResourceType"], "ResourceName": r["ResourceName"]} for r in resources],
        "record": record, "json": json.dumps(record, separators=(",", ":")),
    }


class RegionTrail:
    def __init__(self, region: str):
        self.region = region
        self.events: dict[str, dict] = {}        # eventId -> event
        self.newest_first: list[dict] | None = None
        self.calls: collections.deque = collections.deque()   # accepted LookupEvents, last second


class CloudTrailStore(RegionalStore):
    part_class = RegionTrail

    def __init__(self):
        super().__init__()
        self.rate_limit: int | None = None

    def clear(self):
        with self.lock:
            super().clear()
            self.rate_limit = None

    def events(self, region: str) -> list[dict]:
        """The region's events, newest first (ties by eventId descending)."""
        with self.lock:
            trail = self.region(region)
            if trail.newest_first is None:
                trail.newest_first = sorted(trail.events.values(),
                                            key=lambda e: (e["time"], e["eventId"]), reverse=True)
            return trail.newest_first

    def admit(self, region: str, now: float) -> bool:
        """Whether a LookupEvents call at `now` stays within the rate limit (and count it if so)."""
        with self.lock:
            if not self.rate_limit:
                return True
            window = self.region(region).calls
            while window and window[0] <= now - 1.0:
                window.popleft()
            if len(window) >= self.rate_limit:
                return False
            window.append(now)
            return True

    def add(self, built: list[tuple[str, dict]]):
        with self.lock:
            for region, event in built:
                trail = self.region(region)
                trail.events[event["eventId"]] = event
                trail.newest_first = None

    def seed(self, data: dict, default_region: str, now: float) -> dict:
        """The `cloudtrail` part of POST /_emulator/seed."""
        _unknown(data, CLOUDTRAIL_KEYS, "cloudtrail seed")
        events = data.get("events") or []
        if not isinstance(events, list):
            raise ValueError("cloudtrail.events must be a list")
        built = [build_event(item, default_region, now) for item in events]
        generate = data.get("generate") or {}
        _unknown(generate, GENERATE_KEYS, "cloudtrail.generate")
        count, minutes = int(generate.get("events", 0)), float(generate.get("minutes", 180))
        if count < 0 or minutes <= 0:
            raise ValueError("cloudtrail.generate needs events >= 0 and minutes > 0")
        read_only = generate.get("readOnly", False)
        if read_only != "mixed":
            read_only = _bool(read_only, "cloudtrail.generate.readOnly")
        from cloudtrail_generate import generated_events

        built += [build_event(item, default_region, now)
                  for item in generated_events(count, minutes, read_only, now, default_region)]
        if "rate_limit" in data:
            limit = data["rate_limit"]
            if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
                raise ValueError("cloudtrail.rate_limit must be a whole number >= 0 (0 or null: no limit)")
        self.add(built)
        with self.lock:
            if "rate_limit" in data:
                self.rate_limit = data["rate_limit"] or None
                for trail in self.parts.values():
                    trail.calls.clear()
            limit = self.rate_limit
        return {"seeded_cloudtrail_events": len(events), "generated_cloudtrail_events": count,
                "cloudtrail_rate_limit": limit}
