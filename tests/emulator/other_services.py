"""Operations moto 5.2 lacks entirely, answered with valid empty results so the SDK neither
retries nor fails: the AWS Health operations health.py does not serve from its store (tags,
event types, service lifecycle...), and CloudTrail LookupEvents.

Later work can replace these with seeded stores; the handler signature is fn(params) -> dict.
"""

from __future__ import annotations

from aws_protocols import AwsError, empty_output, operation_model


def health_handler(operation: str):
    if operation_model("health", operation) is None:
        return None

    def handle(params: dict) -> dict:
        return empty_output("health", operation)

    return handle


def cloudtrail_lookup_events(params: dict) -> dict:
    max_results = params.get("MaxResults", 50)
    if not isinstance(max_results, int) or not 1 <= max_results <= 50:
        raise AwsError("InvalidMaxResultsException", "MaxResults must be between 1 and 50.")
    return {"Events": []}


def own_handler(service: str | None, operation: str | None):
    """The handler for operations this module owns, or None."""
    if service == "health" and operation:
        return health_handler(operation)
    if service == "cloudtrail" and operation == "LookupEvents":
        return cloudtrail_lookup_events
    return None
