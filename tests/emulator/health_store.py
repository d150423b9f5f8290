"""AWS Health data owned by the emulator (moto has no Health): events, their descriptions and
affected entities, and whether the organizational view is enabled. One store for the whole
emulator: the Health API is global, an event's `region` is just one of its fields.

Records are normalized: timestamps are epoch float seconds. The operations live in health.py.
"""

from __future__ import annotations

import base64
import hashlib
import threading

import accounts
import timeutil
from aws_protocols import DEFAULT_REGION
from regional_store import unknown_keys as _unknown

CATEGORIES = ("issue", "accountNotification", "scheduledChange", "investigation")
STATUSES = ("open", "closed", "upcoming")
SCOPES = ("PUBLIC", "ACCOUNT_SPECIFIC", "NONE")
ENTITY_STATUSES = ("IMPAIRED", "UNIMPAIRED", "UNKNOWN", "PENDING", "RESOLVED")
ACTIONABILITIES = ("ACTION_REQUIRED", "ACTION_MAY_BE_REQUIRED", "INFORMATIONAL")
PERSONAS = ("OPERATIONS", "SECURITY", "BILLING")

HEALTH_KEYS = {"events", "organization", "generate"}
GENERATE_KEYS = {"events"}
EVENT_KEYS = {"arn", "service", "eventTypeCode", "eventTypeCategory", "region", "availabilityZone",
              "startTime", "endTime", "lastUpdatedTime", "statusCode", "eventScopeCode", "actionability",
              "personas", "description", "eventMetadata", "entities", "affectedAccounts"}
ENTITY_KEYS = {"entityValue", "entityArn", "entityUrl", "awsAccountId", "lastUpdatedTime", "statusCode",
               "tags", "entityMetadata"}

# (service, eventTypeCode, category) of generated filler events
GENERATED_TYPES = (
    ("EC2", "AWS_EC2_OPERATIONAL_ISSUE", "issue"),
    ("RDS", "AWS_RDS_MAINTENANCE_SCHEDULED", "scheduledChange"),
    ("LAMBDA", "AWS_LAMBDA_OPERATIONAL_ISSUE", "issue"),
    ("IAM", "AWS_IAM_OPERATIONAL_NOTIFICATION", "accountNotification"),
    ("S3", "AWS_S3_OPERATIONAL_ISSUE", "issue"),
    ("EC2", "AWS_EC2_PERSISTENT_INSTANCE_RETIREMENT_SCHEDULED", "scheduledChange"),
    ("ELASTICLOADBALANCING", "AWS_ELASTICLOADBALANCING_OPERATIONAL_ISSUE", "issue"),
    ("DYNAMODB", "AWS_DYNAMODB_OPERATIONAL_ISSUE", "issue"),
)
GENERATED_REGIONS = ("us-east-1", "us-west-2", "eu-west-1")


def _digest(*parts) -> str:
    return hashlib.sha256("\n".join(str(p) for p in parts).encode()).hexdigest()


def event_arn(region: str, service: str, code: str, ident: str) -> str:
    return f"arn:aws:health:{region}::event/{service}/{code}/{code}_{ident}"


def entity_arn(region: str, account: str, event: str, value: str) -> str:
    raw = hashlib.sha256(f"{event}\n{account}\n{value}".encode()).digest()[:15]
    return f"arn:aws:health:{region}:{account}:entity/{base64.b64encode(raw, altchars=b'Ab').decode()}"


def _check(value, allowed, what):
    if value not in allowed:
        raise ValueError(f"{what} {value!r} is not one of {', '.join(allowed)}")
    return value


def _str_map(value, what) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f"{what} must be an object of strings")
    return {str(k): str(v) for k, v in value.items()}


class HealthStore:
    def __init__(self):
        self.lock = threading.Lock()
        self.events: dict[str, dict] = {}
        self.organization = False

    def clear(self):
        with self.lock:
            self.events.clear()
            self.organization = False

    def set_organization(self, enabled: bool):
        with self.lock:
            self.organization = bool(enabled)

    def snapshot(self) -> tuple[list[dict], bool]:
        """(events, organization enabled); records are replaced, never mutated, once stored."""
        with self.lock:
            return list(self.events.values()), self.organization

    # ------------------------------------------------------------ seeding

    def seed(self, data: dict, default_region: str, now: float) -> dict:
        """The `health` part of POST /_emulator/seed."""
        _unknown(data, HEALTH_KEYS, "health seed")
        events = data.get("events") or []
        if not isinstance(events, list):
            raise ValueError("health.events must be a list")
        records = [self.build_event(item, default_region, now) for item in events]
        generate = data.get("generate") or {}
        _unknown(generate, GENERATE_KEYS, "health.generate")
        count = int(generate.get("events", 0))
        if count < 0:
            raise ValueError("health.generate.events must be >= 0")
        records += [self.build_event(item, default_region, now) for item in generated_events(count, now)]
        with self.lock:
            for record in records:
                self.events[record["arn"]] = record
            if "organization" in data:
                self.organization = bool(data["organization"])
            organization = self.organization
        return {"seeded_health_events": len(events), "generated_health_events": count,
                "health_organization": organization}

    def build_event(self, item: dict, default_region: str, now: float) -> dict:
        _unknown(item, EVENT_KEYS, "health event")
        code, service = item.get("eventTypeCode"), item.get("service")
        if not code and not service:
            raise ValueError("a health event needs 'eventTypeCode' or 'service'")
        if not service:
            parts = code.split("_")
            service = parts[1] if len(parts) > 2 and parts[0] == "AWS" else parts[0]
        code = code or f"AWS_{service}_OPERATIONAL_ISSUE"
        category = item.get("eventTypeCategory") or (
            "scheduledChange" if ("SCHEDULED" in code or "MAINTENANCE" in code) else
            "accountNotification" if "NOTIFICATION" in code else "issue")
        region = item.get("region") or default_region or DEFAULT_REGION
        start = timeutil.to_epoch(item["startTime"]) if item.get("startTime") is not None else now
        end = timeutil.to_epoch(item["endTime"]) if item.get("endTime") is not None else None
        updated = timeutil.to_epoch(item["lastUpdatedTime"]) if item.get("lastUpdatedTime") is not None else start
        status = item.get("statusCode") or (
            "closed" if end is not None and end <= now else "upcoming" if start > now else "open")
        scope = item.get("eventScopeCode") or "ACCOUNT_SPECIFIC"
        arn = item.get("arn") or event_arn(
            region, service, code, _digest(code, region, start, item.get("availabilityZone"))[:10].upper())
        record = {
            "arn": arn, "service": service, "eventTypeCode": code,
            "eventTypeCategory": _check(category, CATEGORIES, "eventTypeCategory"),
            "region": region, "startTime": start, "lastUpdatedTime": updated,
            "statusCode": _check(status, STATUSES, "statusCode"),
            "eventScopeCode": _check(scope, SCOPES, "eventScopeCode"),
            "description": str(item.get("description") or
                               f"{service} {category} {code} in {region}. No further details."),
            "eventMetadata": _str_map(item.get("eventMetadata"), "eventMetadata"),
        }
        if end is not None:
            record["endTime"] = end
        if item.get("availabilityZone"):
            record["availabilityZone"] = str(item["availabilityZone"])
        if item.get("actionability"):
            record["actionability"] = _check(item["actionability"], ACTIONABILITIES, "actionability")
        if item.get("personas"):
            record["personas"] = [_check(p, PERSONAS, "persona") for p in item["personas"]]
        entities = item.get("entities") or []
        if not isinstance(entities, list):
            raise ValueError("health event 'entities' must be a list")
        record["entities"] = [self.build_entity(e, record) for e in entities]
        if scope == "PUBLIC":
            affected = []        # AWS: a PUBLIC event's affectedAccounts is always empty
        elif item.get("affectedAccounts") is not None:
            affected = [str(a) for a in item["affectedAccounts"]]
        else:
            affected = [accounts.current()]
        for entity in record["entities"]:
            if scope != "PUBLIC" and entity["awsAccountId"] not in affected:
                affected.append(entity["awsAccountId"])
        record["affectedAccounts"] = affected
        return record

    @staticmethod
    def build_entity(item: dict, event: dict) -> dict:
        _unknown(item, ENTITY_KEYS, "health entity")
        if not item.get("entityValue"):
            raise ValueError("a health entity needs 'entityValue'")
        account = str(item.get("awsAccountId") or accounts.current())
        value = str(item["entityValue"])
        entity = {
            "eventArn": event["arn"], "entityValue": value, "awsAccountId": account,
            "entityArn": item.get("entityArn") or entity_arn(event["region"], account, event["arn"], value),
            "lastUpdatedTime": timeutil.to_epoch(item["lastUpdatedTime"])
            if item.get("lastUpdatedTime") is not None else event["lastUpdatedTime"],
            "statusCode": _check(item.get("statusCode") or "UNKNOWN", ENTITY_STATUSES, "entity statusCode"),
            "tags": _str_map(item.get("tags"), "entity tags"),
        }
        if item.get("entityUrl"):
            entity["entityUrl"] = str(item["entityUrl"])
        if item.get("entityMetadata"):
            entity["entityMetadata"] = _str_map(item["entityMetadata"], "entityMetadata")
        return entity


def generated_events(count: int, now: float) -> list[dict]:
    """Filler events gen 00000.. across services, regions and statuses; start times strictly
    ordered by index (upcoming ones in the future, the others in the past)."""
    out = []
    for i in range(count):
        service, code, category = GENERATED_TYPES[i % len(GENERATED_TYPES)]
        region = "global" if service == "IAM" else GENERATED_REGIONS[i % len(GENERATED_REGIONS)]
        cycle = i // len(GENERATED_TYPES)
        if category == "scheduledChange":
            status = "upcoming" if cycle % 2 == 0 else "closed"
        elif category == "issue":
            status = "open" if cycle % 4 == 0 else "closed"
        else:
            status = "open" if cycle % 3 == 0 else "closed"
        start = now + (i + 1) * 3600.0 if status == "upcoming" else now - (i + 1) * 7200.0
        item = {"arn": event_arn(region, service, code, f"GEN{i:05d}"), "service": service,
                "eventTypeCode": code, "eventTypeCategory": category, "region": region,
                "startTime": start, "statusCode": status, "lastUpdatedTime": min(start + 600.0, now),
                "eventScopeCode": "PUBLIC" if category == "issue" and cycle % 5 == 4 else "ACCOUNT_SPECIFIC",
                "description": f"Generated filler event {i} ({code}, {status})."}
        if status == "closed":
            item["endTime"] = start + 3600.0
        elif status == "upcoming":
            item["endTime"] = start + 1800.0
        if item["eventScopeCode"] == "ACCOUNT_SPECIFIC":
            item["entities"] = [{"entityValue": f"gen-{service.lower()}-{i:05d}",
                                 "statusCode": "IMPAIRED" if status == "open" else "UNKNOWN"}]
        out.append(item)
    return out
