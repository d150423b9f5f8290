"""STS, which moto serves alone: registered for its wire facts only (recognising its requests,
signing the ones passed to moto, errors in its protocol)."""

from __future__ import annotations

from services import Service

SERVICE = Service(
    name="sts",
    wire={"model": "sts", "namespace": "com.amazonaws.sts", "signing": "sts"},
)
