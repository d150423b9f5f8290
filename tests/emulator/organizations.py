"""Organizations (awsJson 1.1): ListAccounts over the seeded accounts (accounts.py), only for the
organization's management account and the delegated administrators of a service, as AWS has it.
Other Organizations operations go to moto."""

from __future__ import annotations

import base64

import accounts
from aws_protocols import AwsError
from services import Service

MAX_RESULTS = (1, 20)


def _token(last_id: str) -> str:
    return base64.b64encode(f"accounts-after:{last_id}".encode()).decode()


def _after(token: str, ids: list[str]) -> int:
    """The index after the account a NextToken names."""
    try:
        text = base64.b64decode(token.encode(), validate=True).decode()
    except (ValueError, UnicodeDecodeError):
        text = ""
    prefix, _, last_id = text.partition(":")
    if prefix != "accounts-after" or last_id not in ids:
        raise AwsError("InvalidInputException", "The NextToken you provided is not valid: pass the NextToken "
                                                "of the previous ListAccounts answer unchanged.")
    return ids.index(last_id) + 1


def list_accounts(registry: accounts.Accounts, p: dict) -> dict:
    who = accounts.current()
    management = registry.organization_management()
    members = registry.members()
    if management is None or who not in {m["id"] for m in members}:
        raise AwsError("AWSOrganizationsNotInUseException", "Your account is not a member of an organization.")
    if who != management and not registry.delegated_administrator(who):
        raise AwsError("AccessDeniedException", "You don't have permissions to access this resource.")
    limit = p.get("MaxResults", MAX_RESULTS[1])
    if isinstance(limit, bool) or not isinstance(limit, int) or not MAX_RESULTS[0] <= limit <= MAX_RESULTS[1]:
        raise AwsError("InvalidInputException", f"MaxResults must be between {MAX_RESULTS[0]} and "
                                                f"{MAX_RESULTS[1]}, not {limit!r}.")
    ids = [m["id"] for m in members]
    start = _after(p["NextToken"], ids) if p.get("NextToken") else 0
    page = members[start:start + limit]
    org = registry.organization_id()
    out = {"Accounts": [{"Id": m["id"], "Arn": f"arn:aws:organizations::{management}:account/{org}/{m['id']}",
                         "Email": m["email"], "Name": m["name"], "Status": "ACTIVE", "State": "ACTIVE",
                         "JoinedMethod": m["method"], "JoinedTimestamp": float(m["joined"])} for m in page]}
    if start + limit < len(members):
        out["NextToken"] = _token(page[-1]["id"])
    return out


SERVICE = Service(
    name="organizations",
    wire={"model": "organizations", "namespace": "com.amazonaws.organizations",
          "target": "AWSOrganizationsV20161128", "signing": "organizations", "json_version": "1.1"},
    protocols=("json",),
    accounts=True,
    handlers=lambda registry, _region: {"ListAccounts": lambda p: list_accounts(registry, p)},
)
