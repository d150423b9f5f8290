"""Operations moto 5.2 lacks entirely, answered with valid empty results so the SDK neither
retries nor fails: the AWS Health operations health.py does not serve from its store (tags,
event types, service lifecycle...). (CloudTrail LookupEvents is served by cloudtrail.py.)

Later work can replace these with seeded stores; the handler signature is fn(params) -> dict.
"""

from __future__ import annotations

from aws_protocols import empty_output, operation_model


def health_handler(operation: str):
    if operation_model("health", operation) is None:
        return None

    def handle(params: dict) -> dict:
        return empty_output("health", operation)

    return handle


def own_handler(service: str | None, operation: str | None):
    """The handler for operations this module owns, or None."""
    if service == "health" and operation:
        return health_handler(operation)
    return None
