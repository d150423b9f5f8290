"""The services the emulator knows. Each service module registers itself by declaring
`SERVICE = Service(...)`: how its requests are recognised (wire facts for aws_protocols), which
of them it answers from its store, how a seed body reaches that store, and the control-API
entries it adds. app.py only walks the loaded list.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Callable

import aws_protocols

# The order is the order of seeding and of the counts in a seed answer.
SERVICE_MODULES = ("health", "cloudtrail", "logs_insights", "ssm_api", "cloudwatch", "sts", "organizations")


class ControlError(Exception):
    """A control-API call refused, answered {"ok": false, "error": ...} with `status`."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Service:
    name: str
    # aws_protocols.SERVICES facts: model, namespace, signing, and target / json_version /
    # query_compatible where the service speaks awsJson or rpc-v2-cbor
    wire: dict
    # the request protocols ("rpc-v2-cbor", "json", "query") whose operations `handlers` may answer
    protocols: tuple = ()
    new_store: Callable[[], object] | None = None
    # whether its store is the emulator's accounts registry (accounts.Accounts) instead of its own
    accounts: bool = False
    # (store, region) -> {operation: fn(params) -> output}; operations not listed go to moto
    handlers: Callable[[object, str], dict] | None = None
    # operation -> fn(params) for an operation `handlers` lacks and moto does not have, or None
    unserved: Callable[[str], Callable | None] | None = None
    # the keys of a seed body this service reads
    seed_keys: tuple = ()
    # (store, seed body, region, now) -> counts for the seed answer; None: the body's one seed
    # key, when present and not null, goes to store.seed(part, region, now)
    seed: Callable[[object, dict, str, float], dict] | None = None
    # (method, path) -> fn(store, body) -> answer
    routes: dict = field(default_factory=dict)
    # whether moto has a backend to import at warm-up
    moto_backend: bool = True
    # (operation, decoded wire input) -> fields the request log keeps for the request
    log_fields: Callable[[str, dict], dict] | None = None

    def seed_from(self, store, data: dict, region: str, now: float) -> dict:
        if self.seed is not None:
            return self.seed(store, data, region, now)
        if not self.seed_keys:
            return {}
        (key,) = self.seed_keys
        return store.seed(data[key], region, now) if data.get(key) is not None else {}

    def handler(self, store, region: str, protocol: str, operation: str):
        """The emulator's own handler for the request, or None (then moto answers)."""
        if protocol not in self.protocols:
            return None
        handler = self.handlers(store, region).get(operation) if self.handlers is not None else None
        if handler is None and self.unserved is not None:
            handler = self.unserved(operation)
        return handler


def load() -> tuple[Service, ...]:
    """Every service, in SERVICE_MODULES order, its requests made recognisable to aws_protocols."""
    loaded = tuple(importlib.import_module(module).SERVICE for module in SERVICE_MODULES)
    for service in loaded:
        aws_protocols.add_service(service.name, service.wire)
    return loaded
