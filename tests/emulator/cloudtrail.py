"""CloudTrail LookupEvents served from the emulator's CloudTrailStore (cloudtrail_store.py), with
the real service's quirks:

- only the FIRST LookupAttribute filters; the others are validated but silently ignored;
- matching is exact and case-sensitive (ReadOnly: "true"/"false", case-insensitive);
  ResourceType / ResourceName match any of the event's resources;
- StartTime <= EventTime <= EndTime, defaults now-90d .. now; nothing older than 90 days;
- newest first, pages of MaxResults (1-50, default 50); NextToken is bound to the query (region,
  first attribute, StartTime, EndTime, EventCategory): reused with another query it fails;
- the optional rate limit (seed `rate_limit`) answers ThrottlingException "Rate exceeded".
"""

from __future__ import annotations

import base64
import hashlib
import json

import timeutil
from aws_protocols import AwsError
from cloudtrail_store import CloudTrailStore
from services import Service

KEYS = ("EventId", "EventName", "ReadOnly", "Username", "ResourceType", "ResourceName", "EventSource",
        "AccessKeyId")
RETENTION = 90 * 86400.0
FIELD = {"EventId": "eventId", "EventName": "eventName", "Username": "username", "EventSource": "eventSource",
         "AccessKeyId": "accessKeyId"}


def _attribute(p: dict):
    """The (key, value) that filters, or None; every attribute given is validated."""
    attrs = p.get("LookupAttributes") or []
    if not isinstance(attrs, list):
        raise AwsError("InvalidLookupAttributesException", "LookupAttributes must be a list.")
    for attr in attrs:
        key = attr.get("AttributeKey") if isinstance(attr, dict) else None
        if key not in KEYS:
            raise AwsError("InvalidLookupAttributesException",
                           f"Invalid attribute key: {key}. Valid keys: {', '.join(KEYS)}.")
        value = attr.get("AttributeValue")
        if not isinstance(value, str) or not 1 <= len(value) <= 2000:
            raise AwsError("InvalidLookupAttributesException",
                           f"The attribute value of {key} must be 1 to 2000 characters long.")
    return (attrs[0]["AttributeKey"], attrs[0]["AttributeValue"]) if attrs else None


def _matcher(attr):
    if attr is None:
        return lambda e: True
    key, value = attr
    if key == "ReadOnly":
        wanted = value.lower()
        return lambda e: wanted == ("true" if e["readOnly"] else "false")
    if key == "ResourceType":
        return lambda e: any(r["ResourceType"] == value for r in e["resources"])
    if key == "ResourceName":
        return lambda e: any(r["ResourceName"] == value for r in e["resources"])
    field = FIELD[key]
    return lambda e: e[field] == value


def _time(p: dict, name: str):
    value = p.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise AwsError("InvalidTimeRangeException", f"{name} is not a valid timestamp.")
    return float(value)


def _fingerprint(region, attr, start, end, category) -> str:
    text = json.dumps([region, list(attr) if attr else None, start, end, category])
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _token(fingerprint: str, event: dict) -> str:
    raw = json.dumps({"v": 1, "q": fingerprint, "t": event["time"], "id": event["eventId"]})
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _cursor(token, fingerprint: str):
    try:
        data = json.loads(base64.urlsafe_b64decode(str(token).encode()))
        if data.get("v") == 1 and data.get("q") == fingerprint:
            return float(data["t"]), str(data["id"])
    except Exception:
        pass
    raise AwsError("InvalidNextTokenException",
                   "Invalid NextToken: it is not valid, or was issued for a request with other parameters.")


def summary(event: dict) -> dict:
    out = {"EventId": event["eventId"], "EventName": event["eventName"],
           "ReadOnly": "true" if event["readOnly"] else "false"}
    if event["accessKeyId"]:
        out["AccessKeyId"] = event["accessKeyId"]
    out.update({"EventTime": event["time"], "EventSource": event["eventSource"], "Username": event["username"],
                "Resources": [dict(r) for r in event["resources"]], "CloudTrailEvent": event["json"]})
    return out


def lookup_events(store, region: str, p: dict, now: float | None = None) -> dict:
    now = timeutil.now() if now is None else now
    if not store.admit(region, now):
        raise AwsError("ThrottlingException", "Rate exceeded")
    limit = p.get("MaxResults", 50)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 50:
        raise AwsError("InvalidMaxResultsException", "MaxResults must be between 1 and 50.")
    attr = _attribute(p)
    category = p.get("EventCategory")
    if category is not None and category != "insight":
        raise AwsError("InvalidEventCategoryException", f"Event category {category} is not valid.")
    start, end = _time(p, "StartTime"), _time(p, "EndTime")
    lo = max(start if start is not None else now - RETENTION, now - RETENTION)
    hi = end if end is not None else now
    if start is not None and end is not None and start > end:
        raise AwsError("InvalidTimeRangeException", "Start time must be equal to or earlier than end time.")
    fingerprint = _fingerprint(region, attr, start, end, category)
    after = _cursor(p["NextToken"], fingerprint) if p.get("NextToken") else None
    if category == "insight":
        return {"Events": []}          # no Insights events are ever recorded here
    match = _matcher(attr)
    page, more = [], False
    for event in store.events(region):          # newest first
        if after is not None and (event["time"], event["eventId"]) >= after:
            continue
        if event["time"] > hi:
            continue
        if event["time"] < lo:
            break
        if not match(event):
            continue
        if len(page) == limit:
            more = True
            break
        page.append(event)
    out = {"Events": [summary(e) for e in page]}
    if more:
        out["NextToken"] = _token(fingerprint, page[-1])
    return out


def handlers(store, region: str) -> dict:
    """CloudTrail operation name -> fn(params) for the operations served from the store."""
    return {"LookupEvents": lambda p: lookup_events(store, region, p)}


SERVICE = Service(
    name="cloudtrail",
    wire={"model": "cloudtrail", "namespace": "com.amazonaws.cloudtrail",
          "target": "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101",
          "signing": "cloudtrail", "json_version": "1.1"},
    protocols=("json",),
    new_store=CloudTrailStore,
    handlers=handlers,
    seed_keys=("cloudtrail",),
)
