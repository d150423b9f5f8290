"""Accounts, as STS and Organizations keep them: which account a request acts in (from the access
key id of its SigV4 credential), the accounts a seed declares with their static keys and whether
they let themselves be assumed, the organization, and the session credentials AssumeRole issues.

The account of the request being served is a context variable: the stores read it
(`RegionalStore.key` widens every part to (account, region)), so no handler passes it on.
"""

from __future__ import annotations

import base64
import contextlib
import contextvars
import hashlib
import re
import secrets
import threading
from dataclasses import dataclass

import regional_store

DEFAULT_ACCOUNT = "123456789012"
ACCOUNT_KEYS = {"id", "name", "email", "access_keys", "assume"}
ORGANIZATION_KEYS = {"management", "delegated_administrators"}
OBSERVABILITY_KEYS = {"monitoring", "sources"}
MAX_SOURCES = 100000     # AWS: a monitoring account links up to 100,000 source accounts
HEALTH_PRINCIPAL = "health.amazonaws.com"
_ACCOUNT_ID = re.compile(r"\d{12}")


@dataclass(frozen=True)
class Caller:
    """Who signed the request: the account it acts in, the access key id, for session keys the
    session AssumeRole issued, and whether the account may use Health's organization view (the
    management account, Health's delegated administrator, or any account while there is no
    organization)."""

    account: str
    key: str | None = None
    session: dict | None = None
    organization_view: bool = True
    # for a CloudWatch monitoring account (Observability Access Manager): its linked source accounts
    sources: tuple = ()

    @property
    def arn(self) -> str:
        """The principal as AWS names it in an AccessDenied message."""
        if self.session is not None:
            return self.session["arn"]
        return f"arn:aws:iam::{self.account}:user/moto"


_caller: contextvars.ContextVar[Caller] = contextvars.ContextVar("caller", default=Caller(DEFAULT_ACCOUNT))


def current() -> str:
    """The account of the request (or seed) being served."""
    return _caller.get().account


def caller() -> Caller:
    return _caller.get()


@contextlib.contextmanager
def acting_as(who: Caller | str):
    """Serve the block as `who` (a Caller, or an account id)."""
    token = _caller.set(who if isinstance(who, Caller) else Caller(who))
    try:
        yield
    finally:
        _caller.reset(token)


def account_id(value, what: str) -> str:
    if not isinstance(value, str) or not _ACCOUNT_ID.fullmatch(value):
        raise ValueError(f"{what} must be an account id: a string of 12 digits, like \"210987654321\"")
    return value


def _ident(prefix: str, length: int) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    return prefix + "".join(secrets.choice(alphabet) for _ in range(length))


class Accounts:
    """The seeded accounts, the organization and the issued sessions."""

    def __init__(self):
        self.lock = threading.RLock()
        self.retired: set[str] = set()                # session keys of before a reset: refused
        self.sessions: dict[str, dict] = {}
        self.clear()

    def clear(self):
        with self.lock:
            self.retired.update(self.sessions)
            self.accounts: dict[str, dict] = {}      # id -> {id, name, email, access_keys, assume, joined}
            self.keys: dict[str, str] = {}           # static access key id -> account id
            self.sessions: dict[str, dict] = {}      # ASIA... -> session
            self.management: str | None = None       # set by "organization"
            self.delegated: dict[str, list[str]] = {}  # service principal -> delegated administrators
            self.links: dict[str, list[str]] = {}      # monitoring account -> its linked source accounts

    # ------------------------------------------------------------ seed

    def seed(self, data: dict, now: float) -> dict:
        """The `accounts`, `organization` and `observability` keys of POST /_emulator/seed."""
        items = data.get("accounts")
        org = data.get("organization")
        links = self._links(data.get("observability"))
        if items is not None and not isinstance(items, list):
            raise ValueError("accounts must be a list of {\"id\", \"name\", \"email\", \"access_keys\", \"assume\"}")
        built = [self._build(item, i) for i, item in enumerate(items or [])]
        management = delegated = None
        if org is not None:
            regional_store.unknown_keys(org, ORGANIZATION_KEYS, "organization")
            management = account_id(org.get("management", DEFAULT_ACCOUNT), "organization.management")
            delegated = self._delegated(org.get("delegated_administrators"))
        with self.lock:
            for account in built:
                for key in account["access_keys"]:
                    owner = self.keys.get(key)
                    if owner is not None and owner != account["id"]:
                        raise ValueError(f"access key {key} is already the key of account {owner}")
            for account in built:
                old = self.accounts.get(account["id"])
                for key in (old or {}).get("access_keys", ()):
                    self.keys.pop(key, None)
                account["joined"] = old["joined"] if old else int(now)
                self.accounts[account["id"]] = account
                for key in account["access_keys"]:
                    self.keys[key] = account["id"]
            if management is not None:
                self.management = management
            if delegated is not None:
                self.delegated = delegated
            self.links.update(links)
        out = {}
        if links:
            out["observability_links"] = sum(len(v) for v in links.values())
        if items is not None:
            out["seeded_accounts"] = len(built)
        if org is not None or items:
            out["organization_management"] = self.organization_management()
        return out

    @staticmethod
    def _delegated(value) -> dict[str, list[str]]:
        """`{"health.amazonaws.com": ["345678901234"]}`: each service principal's delegated
        administrators (Organizations RegisterDelegatedAdministrator)."""
        if value is None:
            return {}
        if not isinstance(value, dict) or not all(isinstance(v, list) for v in value.values()):
            raise ValueError("organization.delegated_administrators must map a service principal "
                             "(\"health.amazonaws.com\") to a list of account ids")
        return {str(principal): [account_id(a, f"organization.delegated_administrators[{principal!r}]")
                                 for a in ids] for principal, ids in value.items()}

    @staticmethod
    def _links(value) -> dict[str, list[str]]:
        """`{"monitoring": id, "sources": [ids]}` (or a list of them): a CloudWatch monitoring
        account and the source accounts linked to it (OAM sinks and links)."""
        if value is None:
            return {}
        items = value if isinstance(value, list) else [value]
        links = {}
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise ValueError("observability must be {\"monitoring\": id, \"sources\": [ids]} or a list of them")
            regional_store.unknown_keys(item, OBSERVABILITY_KEYS, f"observability[{i}]")
            monitoring = account_id(item.get("monitoring"), f"observability[{i}].monitoring")
            sources = item.get("sources") or []
            if not isinstance(sources, list) or len(sources) > MAX_SOURCES:
                raise ValueError(f"observability[{i}].sources must be a list of account ids")
            sources = [account_id(a, f"observability[{i}].sources") for a in sources]
            if monitoring in sources:
                raise ValueError(f"observability[{i}]: a monitoring account cannot be its own source")
            links[monitoring] = list(dict.fromkeys(sources))
        return links

    def delegated_administrator(self, account: str, principal: str | None = None) -> bool:
        """Whether `account` is a delegated administrator of `principal` (of any service: None)."""
        with self.lock:
            return any(account in ids for p, ids in self.delegated.items() if principal in (None, p))

    @staticmethod
    def _build(item, index: int) -> dict:
        regional_store.unknown_keys(item, ACCOUNT_KEYS, f"accounts[{index}]")
        ident = account_id(item.get("id"), f"accounts[{index}].id")
        name = item.get("name", ident)
        if not isinstance(name, str) or not name:
            raise ValueError(f"accounts[{index}].name must be a non-empty string")
        email = item.get("email", f"aws+{ident}@example.com")
        if not isinstance(email, str) or "@" not in email:
            raise ValueError(f"accounts[{index}].email must be an email address")
        keys = item.get("access_keys", [])
        if not isinstance(keys, list) or not all(isinstance(k, str) and k for k in keys):
            raise ValueError(f"accounts[{index}].access_keys must be a list of access key ids")
        assume = item.get("assume", "allow")
        if assume not in ("allow", "deny"):
            raise ValueError(f"accounts[{index}].assume must be \"allow\" or \"deny\", not {assume!r}")
        return {"id": ident, "name": name, "email": email, "access_keys": list(dict.fromkeys(keys)),
                "assume": assume}

    def seed_target(self, value) -> str:
        """The account a seed's `"account"` names (default: 123456789012); it must exist."""
        if value is None:
            return DEFAULT_ACCOUNT
        ident = account_id(value, "account")
        with self.lock:
            if ident != DEFAULT_ACCOUNT and ident not in self.accounts:
                raise ValueError(f"account {ident} is not seeded: add it to \"accounts\" (in this seed or "
                                 "an earlier one) before seeding data into it")
        return ident

    # ------------------------------------------------------------ credentials

    def caller_for(self, key: str | None, token: str | None, now: float) -> tuple[Caller, str | None]:
        """The caller of a request signed with `key` (and session `token`), and the reason to refuse
        it ("expired", "invalid") or None."""
        with self.lock:
            session = self.sessions.get(key) if key else None
            account = session["account"] if session is not None else self.keys.get(key, DEFAULT_ACCOUNT)
            management = self.organization_management()
            health_admin = account in self.delegated.get(HEALTH_PRINCIPAL, ())
            who = Caller(account, key, session, management is None or management == account or health_admin,
                         tuple(self.links.get(account, ())))
            if key in self.retired or (session is not None and token != session["token"]):
                return who, "invalid"
            if session is not None and now >= session["expiration"]:
                return who, "expired"
            return who, None

    def is_static(self, key: str | None) -> bool:
        with self.lock:
            return key in self.keys

    def assumable(self, account: str) -> bool:
        with self.lock:
            seeded = self.accounts.get(account)
            if seeded is None:
                return account == DEFAULT_ACCOUNT
            return seeded["assume"] == "allow"

    def issue(self, who: Caller, account: str, role_arn: str, role: str, session_name: str,
              expiration: float) -> dict:
        """New session credentials for `role` in `account`, requested by `who`."""
        role_id = "AROA" + hashlib.sha256(f"{account}:{role}".encode()).hexdigest()[:17].upper()
        session = {
            "account": account, "role_arn": role_arn, "session_name": session_name,
            "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session_name}",
            "role_id": f"{role_id}:{session_name}", "caller_account": who.account,
            "key": _ident("ASIA", 16), "secret": secrets.token_urlsafe(30)[:40],
            "token": "FwoGZXIvYXdzE" + base64.b64encode(secrets.token_bytes(180)).decode(),
            "expiration": expiration,
        }
        with self.lock:
            self.sessions[session["key"]] = session
        return session

    # ------------------------------------------------------------ organization

    def organization_management(self) -> str | None:
        """The organization's management account, or None while there is no organization."""
        with self.lock:
            if self.management is not None:
                return self.management
            return DEFAULT_ACCOUNT if self.accounts else None

    def organization_id(self) -> str:
        return "o-" + hashlib.sha256(f"org:{self.organization_management()}".encode()).hexdigest()[:10]

    def members(self) -> list[dict]:
        """Every account of the organization, the management account first, then as seeded."""
        with self.lock:
            management = self.organization_management()
            if management is None:
                return []
            first = self.accounts.get(management) or {
                "id": management, "name": "management", "email": f"aws+{management}@example.com",
                "joined": min((a["joined"] for a in self.accounts.values()), default=0)}
            rest = [a for a in self.accounts.values() if a["id"] != management]
            return [dict(first, method="INVITED")] + [dict(a, method="CREATED") for a in rest]
