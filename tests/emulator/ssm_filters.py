"""ListCommands `Filters` as AWS applies them (ssm_api.py serves the operation)."""

from __future__ import annotations

import timeutil
from aws_protocols import AwsError

COMMAND_STATUSES = ("Pending", "InProgress", "Success", "Cancelled", "Failed", "TimedOut", "Cancelling")
COMPLETE = ("Success", "Cancelled", "Failed", "TimedOut")


def command_filters(filters) -> list:
    """ListCommands `Filters` ({key, value}, 1-5 of them) as tests of a listed command:
    InvokedAfter / InvokedBefore (ISO 8601, inclusive), Status, ExecutionStage (Executing,
    Complete), DocumentName."""
    if filters is None:
        return []
    if not isinstance(filters, list) or not 1 <= len(filters) <= 5:
        raise AwsError("ValidationException", "Filters must hold between 1 and 5 filters.")
    tests = []
    for f in filters:
        key, value = (f or {}).get("key"), (f or {}).get("value")
        if not isinstance(value, str) or not 1 <= len(value) <= 128:
            raise AwsError("ValidationException", f"The value of filter {key} must be 1 to 128 characters.")
        if key in ("InvokedAfter", "InvokedBefore"):
            try:
                moment = timeutil.to_epoch(value)
            except ValueError:
                raise AwsError("ValidationException", f"{key} {value!r} is not a timestamp such as 2021-07-07T00:00:00Z.")
            if key == "InvokedAfter":
                tests.append(lambda r, m=moment: r["RequestedDateTime"] >= m)
            else:
                tests.append(lambda r, m=moment: r["RequestedDateTime"] <= m)
        elif key == "Status":
            if value not in COMMAND_STATUSES:
                raise AwsError("ValidationException", f"Status {value!r} is not one of {', '.join(COMMAND_STATUSES)}.")
            tests.append(lambda r, v=value: r["Status"] == v)
        elif key == "ExecutionStage":
            if value not in ("Executing", "Complete"):
                raise AwsError("ValidationException", f"ExecutionStage {value!r} is not Executing or Complete.")
            tests.append(lambda r, v=value: (r["Status"] in COMPLETE) == (v == "Complete"))
        elif key == "DocumentName":
            tests.append(lambda r, v=value: r["DocumentName"] == v)
        else:
            raise AwsError("InvalidFilterKey", f"The filter key {key!r} is not valid.")
    return tests
