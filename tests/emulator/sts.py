"""STS (query protocol): AssumeRole and GetCallerIdentity from the accounts registry
(accounts.py); moto keeps the other operations, and GetCallerIdentity for keys the registry does
not know (its answer for them is the one it always gave)."""

from __future__ import annotations

import re

import accounts
import timeutil
from aws_protocols import AwsError
from services import Service

ROLE_ARN = re.compile(r"arn:aws:iam::(\d{12}):role/(?:[\x21-\x7e]*/)?([\w+=,.@-]{1,64})")
SESSION_NAME = re.compile(r"[\w+=,.@-]*")
DURATION = (900, 43200)
DEFAULT_DURATION = 3600


def _invalid(value, member: str, constraint: str) -> AwsError:
    shown = "null" if value is None else f"'{value}'"
    return AwsError("ValidationError", f"1 validation error detected: Value {shown} at '{member}' failed to "
                                       f"satisfy constraint: Member must {constraint}")


def _session_name(form: dict) -> str:
    name = form.get("RoleSessionName")
    if name is None:
        raise _invalid(None, "roleSessionName", "not be null")
    if len(name) < 2:
        raise _invalid(name, "roleSessionName", "have length greater than or equal to 2")
    if len(name) > 64:
        raise _invalid(name, "roleSessionName", "have length less than or equal to 64")
    if not SESSION_NAME.fullmatch(name):
        raise _invalid(name, "roleSessionName", "satisfy regular expression pattern: [\\w+=,.@-]*")
    return name


def _duration(form: dict) -> int:
    text = form.get("DurationSeconds")
    if text is None:
        return DEFAULT_DURATION
    if not re.fullmatch(r"-?\d+", text):
        raise AwsError("ValidationError", f"Value '{text}' for parameter DurationSeconds is invalid: "
                                          "it must be a whole number of seconds")
    value = int(text)
    if value < DURATION[0]:
        raise _invalid(text, "durationSeconds", f"have value greater than or equal to {DURATION[0]}")
    if value > DURATION[1]:
        raise _invalid(text, "durationSeconds", f"have value less than or equal to {DURATION[1]}")
    return value


def assume_role(registry: accounts.Accounts, form: dict) -> dict:
    role_arn = form.get("RoleArn")
    if role_arn is None:
        raise _invalid(None, "roleArn", "not be null")
    session_name = _session_name(form)
    duration = _duration(form)
    match = ROLE_ARN.fullmatch(role_arn)
    if match is None:
        raise AwsError("ValidationError", f"{role_arn} is invalid")
    account, role = match.group(1), match.group(2)
    who = accounts.caller()
    if not registry.assumable(account):
        raise AwsError("AccessDenied", f"User: {who.arn} is not authorized to perform: sts:AssumeRole on "
                                       f"resource: {role_arn}", 403)
    expiration = int(timeutil.now()) + duration
    session = registry.issue(who, account, role_arn, role, session_name, expiration)
    return {
        "Credentials": {"AccessKeyId": session["key"], "SecretAccessKey": session["secret"],
                        "SessionToken": session["token"], "Expiration": float(expiration)},
        "AssumedRoleUser": {"AssumedRoleId": session["role_id"], "Arn": session["arn"]},
    }


def get_caller_identity(_form: dict) -> dict:
    who = accounts.caller()
    if who.session is not None:
        return {"UserId": who.session["role_id"], "Account": who.account, "Arn": who.session["arn"]}
    # a seeded static key: moto's answer for a key it did not issue, in the key's account
    return {"UserId": "AKIAIOSFODNN7EXAMPLE", "Account": who.account, "Arn": f"arn:aws:sts::{who.account}:user/moto"}


def handlers(registry: accounts.Accounts, _region: str) -> dict:
    ops = {"AssumeRole": lambda form: assume_role(registry, form)}
    who = accounts.caller()
    if who.session is not None or registry.is_static(who.key):
        ops["GetCallerIdentity"] = get_caller_identity
    return ops


def log_fields(operation: str, form: dict) -> dict:
    """AssumeRole's role and session name, as sent, for GET /_emulator/requests."""
    if operation != "AssumeRole" or not isinstance(form, dict):
        return {}
    return {"role_arn": form.get("RoleArn"), "role_session_name": form.get("RoleSessionName")}


SERVICE = Service(
    name="sts",
    wire={"model": "sts", "namespace": "com.amazonaws.sts", "signing": "sts"},
    protocols=("query",),
    accounts=True,
    handlers=handlers,
    log_fields=log_fields,
)
