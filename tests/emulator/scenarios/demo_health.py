"""The demo's AWS Health side, anchored at T (03:02 UTC of the anchor day) like scenarios/demo.py.

- An open EC2 operational issue in a single AZ (use1-az4) since 02:50, updated 03:07: two of the
  four checkout-api instances are IMPAIRED. A red herring: checkout broke because of the
  security-group change at 02:58, not because of it. It also touches account 210987654321.
- An upcoming RDS maintenance of checkout-db, three days out.
- A closed, public Lambda issue of the day before (01:02-02:32).
- A closed ACM account notification (certificate renewed) five days ago.
The organizational view is enabled.
"""

from __future__ import annotations

import accounts
import timeutil

MINUTE, HOUR, DAY = 60, 3600, 86400
OTHER_ACCOUNT = "210987654321"
CHECKOUT_INSTANCES = ("i-0c4e1a2b3c4d5e601", "i-0c4e1a2b3c4d5e602", "i-0c4e1a2b3c4d5e603", "i-0c4e1a2b3c4d5e604")
SEARCH_INSTANCE = "i-0a7f3e9d2c1b40511"
CERTIFICATE_ID = "4d1f3b2a-8c6e-4f0a-9b7d-2e5c1a3f6b80"


def event_arns(region: str = "us-east-1") -> dict:
    """The demo's event ARNs by short name (fixed, whatever the anchor)."""
    def arn(service, code, ident):
        return f"arn:aws:health:{region}::event/{service}/{code}/{code}_{ident}"

    return {
        "ec2": arn("EC2", "AWS_EC2_OPERATIONAL_ISSUE", "B7C2E_1A4F90D3C6"),
        "rds": arn("RDS", "AWS_RDS_MAINTENANCE_SCHEDULED", "3F9A1_C27E5B8D04"),
        "lambda": arn("LAMBDA", "AWS_LAMBDA_OPERATIONAL_ISSUE", "8D0B4_5E6F7A9C21"),
        "acm": arn("ACM", "AWS_ACM_RENEWAL_STATE_CHANGE", "E41C7_0B9D2F6A83"),
    }


def _hm(ts: float) -> str:
    return timeutil.to_datetime(ts).strftime("%I:%M %p UTC")


def _day(ts: float) -> str:
    d = timeutil.to_datetime(ts)
    return f"{d.strftime('%A, %B')} {d.day}, {d.year} at {d.strftime('%H:%M')} UTC"


def events(region: str, T: float) -> list[dict]:
    arns = event_arns(region)
    upper = region.upper()
    ec2_start, ec2_update = T - 12 * MINUTE, T + 5 * MINUTE
    ec2_description = (
        f"[{_hm(ec2_start)}] We are investigating increased network connectivity errors affecting "
        f"instances in a single Availability Zone (use1-az4) in the {upper} Region.\n\n"
        f"[{_hm(ec2_update)}] We have identified the cause of the increased network connectivity errors "
        f"and packet loss affecting EC2 instances in a single Availability Zone (use1-az4) in the {upper} "
        "Region. A subset of the networking devices in the affected Availability Zone is degraded, and we "
        "are shifting traffic away from them. Affected instances may see intermittent connection "
        "timeouts and elevated latency to other instances, to AWS services and to the internet. "
        "Instances in other Availability Zones are not affected.\n\n"
        "Where possible, we recommend shifting traffic away from the affected Availability Zone, for "
        "example by deregistering instances in use1-az4 from load balancer target groups. We will "
        f"provide another update by {_hm(ec2_update + 38 * MINUTE)}, or sooner if we have additional "
        "information to share.")
    checkout = [{"entityValue": instance, "statusCode": "IMPAIRED" if n <= 2 else "UNIMPAIRED",
                 "lastUpdatedTime": ec2_update if n <= 2 else T - 8 * MINUTE,
                 "entityUrl": f"https://{region}.console.aws.amazon.com/ec2/home?region={region}"
                              f"#InstanceDetails:instanceId={instance}",
                 "tags": {"Service": "checkout", "Name": f"checkout-api-{n}"}}
                for n, instance in enumerate(CHECKOUT_INSTANCES, start=1)]
    search = {"entityValue": SEARCH_INSTANCE, "awsAccountId": OTHER_ACCOUNT, "statusCode": "IMPAIRED",
              "lastUpdatedTime": ec2_update, "tags": {"Service": "search", "Name": "search-worker-1"}}

    rds_start = T + 3 * DAY
    rds_description = (
        f"Amazon RDS has scheduled required maintenance for your DB instance checkout-db in the {upper} "
        "Region. The maintenance applies an operating system update with security patches and "
        "reliability improvements.\n\n"
        f"The maintenance is scheduled to start on {_day(rds_start)}, in the DB instance's maintenance "
        "window, and to take about 30 minutes. A Multi-AZ DB instance fails over to its standby during "
        "the update, which typically causes less than 60 seconds of downtime; a Single-AZ DB instance "
        "is unavailable for several minutes.\n\n"
        "To apply the update at a time of your choosing before then, run:\n"
        f"aws rds apply-pending-maintenance-action --resource-identifier "
        f"arn:aws:rds:{region}:{accounts.current()}:db:checkout-db --apply-action system-update "
        "--opt-in-type immediate\n\n"
        "The affected DB instance is listed on the Affected resources tab. If you have questions, "
        "contact AWS Support.")

    lambda_start, lambda_end = T - 26 * HOUR, T - 24 * HOUR - 30 * MINUTE
    lambda_description = (
        f"[{_hm(lambda_start + 12 * MINUTE)}] We are investigating increased error rates and latencies "
        f"for Lambda function invocations in the {upper} Region.\n\n"
        f"[{_hm(lambda_start + 46 * MINUTE)}] We have identified the cause of the increased invocation "
        "error rates and latencies and are working towards recovery. Asynchronous invocations and event "
        "source mappings are being processed with delays.\n\n"
        f"[{_hm(lambda_end + 9 * MINUTE)}] Between {_hm(lambda_start)[:-4]} and {_hm(lambda_end)}, we "
        f"experienced increased invocation error rates and latencies for Lambda functions in the {upper} "
        "Region. The issue has been resolved and the service is operating normally. Queued asynchronous "
        "invocations have been processed.")

    acm_end = T - 5 * DAY
    certificate = f"arn:aws:acm:{region}:{accounts.current()}:certificate/{CERTIFICATE_ID}"
    acm_description = (
        "AWS Certificate Manager (ACM) has successfully renewed the certificate for checkout.example.com "
        f"(and *.checkout.example.com) in the {upper} Region. The renewed certificate is valid until "
        f"{_day(acm_end + 395 * DAY)}; the resources that use it, such as the load balancer checkout-alb, "
        "use the renewed certificate automatically. No action is required on your part.\n\n"
        "The certificate is listed on the Affected resources tab.")

    return [
        {"arn": arns["ec2"], "service": "EC2", "eventTypeCode": "AWS_EC2_OPERATIONAL_ISSUE",
         "eventTypeCategory": "issue", "region": region,
         **({"availabilityZone": "use1-az4"} if region == "us-east-1" else {}),
         "startTime": ec2_start, "lastUpdatedTime": ec2_update, "statusCode": "open",
         "eventScopeCode": "ACCOUNT_SPECIFIC", "description": ec2_description,
         "entities": checkout + [search], "affectedAccounts": [accounts.current(), OTHER_ACCOUNT]},
        {"arn": arns["rds"], "service": "RDS", "eventTypeCode": "AWS_RDS_MAINTENANCE_SCHEDULED",
         "eventTypeCategory": "scheduledChange", "region": region, "startTime": rds_start,
         "endTime": rds_start + 30 * MINUTE, "lastUpdatedTime": T - 2 * DAY, "statusCode": "upcoming",
         "eventScopeCode": "ACCOUNT_SPECIFIC", "description": rds_description,
         "eventMetadata": {"maintenance_type": "system-update"},
         "entities": [{"entityValue": "checkout-db", "statusCode": "PENDING",
                       "tags": {"Service": "checkout"}}]},
        {"arn": arns["lambda"], "service": "LAMBDA", "eventTypeCode": "AWS_LAMBDA_OPERATIONAL_ISSUE",
         "eventTypeCategory": "issue", "region": region, "startTime": lambda_start, "endTime": lambda_end,
         "lastUpdatedTime": lambda_end + 9 * MINUTE, "statusCode": "closed", "eventScopeCode": "PUBLIC",
         "description": lambda_description},
        {"arn": arns["acm"], "service": "ACM", "eventTypeCode": "AWS_ACM_RENEWAL_STATE_CHANGE",
         "eventTypeCategory": "accountNotification", "region": region, "startTime": acm_end - 2 * HOUR,
         "endTime": acm_end, "lastUpdatedTime": acm_end, "statusCode": "closed",
         "eventScopeCode": "ACCOUNT_SPECIFIC", "description": acm_description,
         "entities": [{"entityValue": certificate, "statusCode": "RESOLVED", "tags": {"Service": "checkout"}}]},
    ]


def load(store, region: str, anchor: float, now: float) -> dict:
    T = float(timeutil.floor_to(anchor, MINUTE))
    summary = store.seed({"events": events(region, T), "organization": True}, region, now)
    return {"health_events": summary["seeded_health_events"], "health_organization": True}
