"""AWS Health operations served from the emulator's HealthStore (health_store.py).

Account view (DescribeEvents and friends): PUBLIC events, and ACCOUNT_SPECIFIC events whose
affectedAccounts include the caller's account (123456789012 unless its credentials name
another, accounts.py); entities of that account only. Organization view (*ForOrganization):
every event and entity, but only while the organizational view is enabled
(DescribeHealthServiceStatusForOrganization says ENABLED) and only for the organization's
management account; otherwise valid empty answers.
Lists are ordered newest startTime first (ties by ARN), entities in seeded order; nextToken is
an opaque key of the last item returned, so paging is stable. The other Health operations
(tags, event types, service lifecycle...), which moto lacks entirely, answer valid empty results
so the SDK neither retries nor fails.
"""

from __future__ import annotations

import base64
import json
from collections import Counter

import accounts
from aws_protocols import AwsError, empty_output, operation_model
from health_store import HealthStore
from services import Service

EVENT_FIELDS = ("arn", "service", "eventTypeCode", "eventTypeCategory", "region", "availabilityZone",
                "startTime", "endTime", "lastUpdatedTime", "statusCode", "eventScopeCode", "actionability",
                "personas")
ORG_EVENT_FIELDS = tuple(f for f in EVENT_FIELDS if f != "availabilityZone")
ENTITY_FIELDS = ("entityArn", "eventArn", "entityValue", "entityUrl", "awsAccountId", "lastUpdatedTime",
                 "statusCode", "entityMetadata")
NOT_FOUND = "EventNotFound"


# ---------------------------------------------------------------- paging and validation

def _invalid(message: str):
    return AwsError("ValidationException", f"1 validation error detected: {message}")


def _token(kind: str, key) -> str:
    return base64.urlsafe_b64encode(json.dumps([kind, key]).encode()).decode()


def _page(kind: str, keyed: list, p: dict, lo: int = 1, hi: int = 100, default: int = 100):
    """(items of this page, nextToken or None) of [(key list, item)], ascending by key."""
    limit = p.get("maxResults", default)
    if not isinstance(limit, int) or isinstance(limit, bool) or not lo <= limit <= hi:
        raise _invalid(f"Value '{limit}' at 'maxResults' failed to satisfy constraint: "
                       f"Member must have value between {lo} and {hi}")
    keyed = sorted(keyed, key=lambda kv: kv[0])
    if p.get("nextToken"):
        try:
            got, after = json.loads(base64.urlsafe_b64decode(p["nextToken"].encode()))
            if got != kind:
                raise ValueError(got)
            keyed = [kv for kv in keyed if kv[0] > after]
        except Exception:
            raise AwsError("InvalidPaginationToken", "Invalid pagination token.")
    page = keyed[:limit]
    return [item for _, item in page], (_token(kind, page[-1][0]) if len(keyed) > limit else None)


def _with_token(out: dict, token) -> dict:
    if token:
        out["nextToken"] = token
    return out


def _locale(p: dict):
    locale = p.get("locale")
    if locale and not str(locale).lower().replace("_", "-").split("-")[0] == "en":
        raise AwsError("UnsupportedLocale", f"The locale '{locale}' is not supported. Use 'en'.")


def _required_list(p: dict, name: str, most: int) -> list:
    value = p.get(name)
    if not value:
        raise _invalid(f"Value null at '{name}' failed to satisfy constraint: Member must not be null")
    if len(value) > most:
        raise _invalid(f"Value at '{name}' failed to satisfy constraint: Member must have length less "
                       f"than or equal to {most}")
    return value


# ---------------------------------------------------------------- matching

def _in(values, value) -> bool:
    return not values or value in values


def _in_ranges(ranges, value) -> bool:
    if not ranges:
        return True
    if value is None:
        return False
    return any((r.get("from") is None or value >= r["from"]) and (r.get("to") is None or value <= r["to"])
               for r in ranges)


def _tags_match(tag_filter, tags: dict) -> bool:
    """At least one key of the filter present with one of its values (any value if none listed)."""
    if not tag_filter:
        return True
    return any(key in tags and (not values or tags[key] in values) for key, values in tag_filter.items())


def _match_event(e: dict, f: dict, entities: list) -> bool:
    for field, name in (("arn", "eventArns"), ("eventTypeCode", "eventTypeCodes"), ("service", "services"),
                        ("region", "regions"), ("eventTypeCategory", "eventTypeCategories"),
                        ("statusCode", "eventStatusCodes"), ("availabilityZone", "availabilityZones"),
                        ("actionability", "actionabilities")):
        if not _in(f.get(name), e.get(field)):
            return False
    if f.get("personas") and not set(f["personas"]) & set(e.get("personas") or ()):
        return False
    for field, name in (("startTime", "startTimes"), ("endTime", "endTimes"),
                        ("lastUpdatedTime", "lastUpdatedTimes")):
        if not _in_ranges(f.get(name), e.get(field)):
            return False
    if f.get("awsAccountIds") and not set(f["awsAccountIds"]) & set(e["affectedAccounts"]):
        return False
    for field, name in (("entityArn", "entityArns"), ("entityValue", "entityValues")):
        if f.get(name) and not any(x[field] in f[name] for x in entities):
            return False
    if f.get("tags") and not any(_tags_match(f["tags"], x["tags"]) for x in entities):
        return False
    return True


def _match_entity(x: dict, f: dict) -> bool:
    return (_in(f.get("entityArns"), x["entityArn"]) and _in(f.get("entityValues"), x["entityValue"])
            and _in(f.get("statusCodes"), x["statusCode"]) and _in_ranges(f.get("lastUpdatedTimes"),
                                                                          x["lastUpdatedTime"])
            and _tags_match(f.get("tags"), x["tags"]))


def _event_key(e: dict) -> list:
    return [-e["startTime"], e["arn"]]


def _visible(e: dict) -> bool:
    return e["eventScopeCode"] != "ACCOUNT_SPECIFIC" or accounts.current() in e["affectedAccounts"]


def _own(e: dict) -> list:
    return [x for x in e["entities"] if x["awsAccountId"] == accounts.current()]


def _event(e: dict, fields=EVENT_FIELDS) -> dict:
    return {k: e[k] for k in fields if k in e}


def _entity(x: dict) -> dict:
    out = {k: x[k] for k in ENTITY_FIELDS if k in x}
    out["tags"] = dict(x["tags"])
    if x["tags"]:
        out["resourceTags"] = dict(sorted(x["tags"].items())[:10])
    return out


def _details(e: dict) -> dict:
    return {"event": _event(e), "eventDescription": {"latestDescription": e["description"]},
            "eventMetadata": dict(e["eventMetadata"])}


def _statuses(entities: list) -> dict:
    return dict(Counter(x["statusCode"] for x in entities))


# ---------------------------------------------------------------- operations

class HealthApi:
    def __init__(self, store):
        self.store = store

    def _account_events(self):
        events, _ = self.store.snapshot()
        return [e for e in events if _visible(e)]

    def describe_events(self, p):
        _locale(p)
        f = p.get("filter") or {}
        keyed = [(_event_key(e), e) for e in self._account_events() if _match_event(e, f, _own(e))]
        page, token = _page("events", keyed, p)
        return _with_token({"events": [_event(e) for e in page]}, token)

    def describe_event_aggregates(self, p):
        if p.get("aggregateField") != "eventTypeCategory":
            raise _invalid(f"Value '{p.get('aggregateField')}' at 'aggregateField' failed to satisfy "
                           "constraint: Member must satisfy enum value set: [eventTypeCategory]")
        f = p.get("filter") or {}
        counts = Counter(e["eventTypeCategory"] for e in self._account_events() if _match_event(e, f, _own(e)))
        keyed = [([value], {"aggregateValue": value, "count": n}) for value, n in counts.items()]
        page, token = _page("event-aggregates", keyed, p, lo=10)
        return _with_token({"eventAggregates": page}, token)

    def describe_event_details(self, p):
        _locale(p)
        arns = _required_list(p, "eventArns", 10)
        by_arn = {e["arn"]: e for e in self._account_events()}
        ok, failed = [], []
        for arn in arns:
            if arn in by_arn:
                ok.append(_details(by_arn[arn]))
            else:
                failed.append({"eventArn": arn, "errorName": NOT_FOUND,
                               "errorMessage": f"Event {arn} was not found for account {accounts.current()}."})
        return {"successfulSet": ok, "failedSet": failed}

    def describe_affected_entities(self, p):
        _locale(p)
        f = p.get("filter") or {}
        arns = _required_list(f, "eventArns", 10)
        by_arn = {e["arn"]: e for e in self._account_events()}
        keyed = []
        for i, arn in enumerate(dict.fromkeys(arns)):
            for j, x in enumerate(by_arn[arn]["entities"] if arn in by_arn else ()):
                if x["awsAccountId"] == accounts.current() and _match_entity(x, f):
                    keyed.append(([i, j], x))
        page, token = _page("entities", keyed, p)
        return _with_token({"entities": [_entity(x) for x in page]}, token)

    def describe_entity_aggregates(self, p):
        tags = (p.get("filter") or {}).get("tags")
        events = sorted(self._account_events(), key=_event_key)
        by_arn = {e["arn"]: e for e in events}
        out = []
        for arn in p.get("eventArns") or list(by_arn):
            if arn in by_arn:
                entities = [x for x in _own(by_arn[arn]) if _tags_match(tags, x["tags"])]
                out.append({"eventArn": arn, "count": len(entities), "statuses": _statuses(entities)})
        return {"entityAggregates": out}

    # ------------------------------------------------------------ organization view

    @staticmethod
    def _enabled(enabled: bool) -> bool:
        return enabled and accounts.caller().organization_view

    def _organization(self, operation):
        events, enabled = self.store.snapshot()
        enabled = self._enabled(enabled)
        return ({e["arn"]: e for e in events} if enabled else None), empty_output("health", operation)

    def describe_events_for_organization(self, p):
        _locale(p)
        by_arn, empty = self._organization("DescribeEventsForOrganization")
        if by_arn is None:
            return empty
        f = dict(p.get("filter") or {})
        for single, many in (("startTime", "startTimes"), ("endTime", "endTimes"),
                             ("lastUpdatedTime", "lastUpdatedTimes")):
            if f.get(single):
                f[many] = [f.pop(single)]
        keyed = [(_event_key(e), e) for e in by_arn.values() if _match_event(e, f, e["entities"])]
        page, token = _page("org-events", keyed, p)
        return _with_token({"events": [_event(e, ORG_EVENT_FIELDS) for e in page]}, token)

    def describe_affected_accounts_for_organization(self, p):
        arn = p.get("eventArn") or (p.get("filter") or {}).get("eventArn")
        if not arn:
            raise _invalid("Value null at 'eventArn' failed to satisfy constraint: Member must not be null")
        by_arn, empty = self._organization("DescribeAffectedAccountsForOrganization")
        if by_arn is None:
            return empty
        event = by_arn.get(arn)
        if event is None:
            _page("accounts", [], p, lo=10)        # still validates maxResults and nextToken
            return {"affectedAccounts": [], "affectedAccountEntities": [], "eventScopeCode": "NONE"}
        keyed = [([i], a) for i, a in enumerate(event["affectedAccounts"])]
        page, token = _page("accounts", keyed, p, lo=10)
        return _with_token({"affectedAccounts": page, "affectedAccountEntities": [{"accountId": a} for a in page],
                            "eventScopeCode": event["eventScopeCode"]}, token)

    def describe_event_details_for_organization(self, p):
        _locale(p)
        filters = _required_list(p, "organizationEventDetailFilters", 10)
        by_arn, empty = self._organization("DescribeEventDetailsForOrganization")
        if by_arn is None:
            return empty
        ok, failed = [], []
        for flt in filters:
            arn, account = flt.get("eventArn"), flt.get("awsAccountId")
            event = by_arn.get(arn)
            error = None
            if event is None:
                error = (NOT_FOUND, f"Event {arn} was not found.")
            elif event["eventScopeCode"] == "PUBLIC" and account:
                error = ("ValidationException", "awsAccountId must be empty for a public event.")
            elif event["eventScopeCode"] == "ACCOUNT_SPECIFIC" and not account:
                error = ("ValidationException", "awsAccountId is required for an account-specific event.")
            elif account and account not in event["affectedAccounts"]:
                error = (NOT_FOUND, f"Event {arn} was not found for account {account}.")
            if error:
                item = {"eventArn": arn, "errorName": error[0], "errorMessage": error[1]}
                if account:
                    item["awsAccountId"] = account
                failed.append(item)
            else:
                ok.append({**({"awsAccountId": account} if account else {}), **_details(event)})
        return {"successfulSet": ok, "failedSet": failed}

    def describe_affected_entities_for_organization(self, p):
        _locale(p)
        name = "organizationEntityAccountFilters" if p.get("organizationEntityAccountFilters") \
            else "organizationEntityFilters"
        filters = _required_list(p, name, 10)
        by_arn, empty = self._organization("DescribeAffectedEntitiesForOrganization")
        if by_arn is None:
            return empty
        keyed, failed = [], []
        for i, flt in enumerate(filters):
            event, account = by_arn.get(flt.get("eventArn")), flt.get("awsAccountId")
            if event is None:
                failed.append({"eventArn": flt.get("eventArn"), "errorName": NOT_FOUND,
                               "errorMessage": f"Event {flt.get('eventArn')} was not found.",
                               **({"awsAccountId": account} if account else {})})
                continue
            for j, x in enumerate(event["entities"]):
                if (not account or x["awsAccountId"] == account) and _match_entity(x, flt):
                    keyed.append(([i, j], x))
        page, token = _page("org-entities", keyed, p)
        out = {"entities": [_entity(x) for x in page], "failedSet": [] if p.get("nextToken") else failed}
        return _with_token(out, token)

    def describe_entity_aggregates_for_organization(self, p):
        arns = _required_list(p, "eventArns", 25)
        by_arn, empty = self._organization("DescribeEntityAggregatesForOrganization")
        if by_arn is None:
            return empty
        accounts, tags = p.get("awsAccountIds"), (p.get("filter") or {}).get("tags")
        out = []
        for arn in arns:
            if arn not in by_arn:
                continue
            entities = [x for x in by_arn[arn]["entities"]
                        if _in(accounts, x["awsAccountId"]) and _tags_match(tags, x["tags"])]
            per_account = {}
            for x in entities:
                per_account.setdefault(x["awsAccountId"], []).append(x)
            out.append({"eventArn": arn, "count": len(entities), "statuses": _statuses(entities),
                        "accounts": [{"accountId": a, "count": len(xs), "statuses": _statuses(xs)}
                                     for a, xs in sorted(per_account.items())]})
        return {"organizationEntityAggregates": out}

    def service_status(self, _p):
        _, enabled = self.store.snapshot()
        return {"healthServiceAccessStatusForOrganization": "ENABLED" if self._enabled(enabled) else "DISABLED"}

    def set_service_access(self, enabled: bool):
        def handle(_p):
            self.store.set_organization(enabled)
            return {}
        return handle


def handlers(store) -> dict:
    """Health operation name -> fn(params) for the operations served from the store."""
    api = HealthApi(store)
    return {
        "DescribeEvents": api.describe_events,
        "DescribeEventAggregates": api.describe_event_aggregates,
        "DescribeEventDetails": api.describe_event_details,
        "DescribeAffectedEntities": api.describe_affected_entities,
        "DescribeEntityAggregates": api.describe_entity_aggregates,
        "DescribeEventsForOrganization": api.describe_events_for_organization,
        "DescribeAffectedAccountsForOrganization": api.describe_affected_accounts_for_organization,
        "DescribeEventDetailsForOrganization": api.describe_event_details_for_organization,
        "DescribeAffectedEntitiesForOrganization": api.describe_affected_entities_for_organization,
        "DescribeEntityAggregatesForOrganization": api.describe_entity_aggregates_for_organization,
        "DescribeHealthServiceStatusForOrganization": api.service_status,
        "EnableHealthServiceAccessForOrganization": api.set_service_access(True),
        "DisableHealthServiceAccessForOrganization": api.set_service_access(False),
    }


def empty_answer(operation: str):
    """A handler answering the operation's empty output, or None for an unknown operation."""
    if operation_model("health", operation) is None:
        return None

    def handle(params: dict) -> dict:
        return empty_output("health", operation)

    return handle


SERVICE = Service(
    name="health",
    wire={"model": "health", "namespace": "com.amazonaws.health", "target": "AWSHealth_20160804",
          "signing": "health", "json_version": "1.1"},
    protocols=("rpc-v2-cbor", "json"),
    new_store=HealthStore,           # global, like the Health API
    handlers=lambda store, region: handlers(store),
    unserved=empty_answer,
    seed_keys=("health",),
    moto_backend=False,
)
