"""The demo's organization, anchored at T like scenarios/demo.py. The incident account is
production (123456789012, the management account); beside it:

- staging 210987654321 (static key AKIASTAGING000000001): a deploy of checkout-api at 02:54
  (T-8 min) by the CI role makes staging-checkout-api-5xx fire at 02:58; its other alarms,
  and all of eu-west-1, stay OK;
- shared-services 345678901234 (static key AKIASHARED0000000001): network changes, every alarm OK;
- sandbox 456789012345: its role trusts nobody, AssumeRole into it is AccessDenied.

Production is also the CloudWatch monitoring account of staging and shared-services
(cross-account observability): its Logs picker lists staging's `/aws/ecs/staging-checkout-api`
log group, whose 5xx lines start with the staging deploy.

Staging and shared-services hold alarms and CloudTrail changes in us-east-1 and eu-west-1
whatever region the demo's production part is seeded in.
"""

from __future__ import annotations

import accounts
import timeutil
from scenarios.demo import _threshold_reason

MINUTE, DAY = 60, 86400
REGIONS = ("us-east-1", "eu-west-1")
PRODUCTION = {"id": accounts.DEFAULT_ACCOUNT, "name": "production", "email": "aws-production@example.com",
              "access_keys": ["testing"]}
STAGING = {"id": "210987654321", "name": "staging", "email": "aws-staging@example.com",
           "access_keys": ["AKIASTAGING000000001"]}
SHARED = {"id": "345678901234", "name": "shared-services", "email": "aws-shared-services@example.com",
          "access_keys": ["AKIASHARED0000000001"]}
SANDBOX = {"id": "456789012345", "name": "sandbox", "email": "aws-sandbox@example.com", "assume": "deny"}

STAGING_ALB = "app/staging-checkout-alb/3c4d5e6f7a8b9c0d"
CI = {"userType": "AssumedRole", "roleName": "deploy-pipeline", "username": "gha-checkout-staging-88",
      "sourceIPAddress": "192.0.2.44"}
BOB = {"userType": "IAMUser", "username": "bob", "sourceIPAddress": "198.51.100.71"}
FRANK = {"userType": "AssumedRole", "roleName": "network-admin", "username": "frank",
         "sourceIPAddress": "198.51.100.19"}


def _alarm(name: str, desc: str, ns: str, metric: str, dims: list, stat: str, threshold: float, since: float,
           topic: str, n: int = 1, calm: float = 0.0, compare: str = "GreaterThanThreshold") -> dict:
    """An OK alarm whose last evaluation, at `since`, saw `calm`."""
    alarm = {"AlarmName": name, "AlarmDescription": desc, "Namespace": ns, "MetricName": metric,
             "Dimensions": dims, "Statistic": stat, "Period": 60, "EvaluationPeriods": n, "DatapointsToAlarm": n,
             "Threshold": threshold, "ComparisonOperator": compare, "TreatMissingData": "notBreaching",
             "AlarmActions": [topic], "OKActions": [topic], "StateValue": "OK",
             "StateUpdatedTimestamp": since, "StateTransitionedTimestamp": since,
             "AlarmConfigurationUpdatedTimestamp": since - 30 * DAY}
    alarm["StateReason"], alarm["StateReasonData"] = _threshold_reason(alarm, lambda _ts: calm, since, "OK")
    return alarm


def _staging_5xx(T: float):
    """Staging's 5xx per minute: a few before the deploy, a few hundred from 02:55."""
    start = T - 7 * MINUTE
    return lambda ts: 3.0 if ts < start else 180.0 + (int(ts) // 60 % 7) * 11.0


def _alarms(account: str, region: str, T: float) -> tuple[list, list, list]:
    """(metric alarms, alarm history, metric data) of the account in the region."""
    topic = f"arn:aws:sns:{region}:{account}:oncall-page"
    ok_since = T - 3 * DAY
    if account == STAGING["id"] and region == "us-east-1":
        alb = [{"Name": "LoadBalancer", "Value": STAGING_ALB}]
        errors = _staging_5xx(T)
        fired = _alarm("staging-checkout-api-5xx", "Staging checkout API targets return 5xx", "AWS/ApplicationELB",
                       "HTTPCode_Target_5XX_Count", alb, "Sum", 50.0, T - 4 * MINUTE, topic, n=3)
        fired["StateValue"] = "ALARM"
        fired["StateReason"], fired["StateReasonData"] = _threshold_reason(fired, errors, T - 4 * MINUTE, "ALARM")
        history = [{"AlarmName": fired["AlarmName"], "AlarmType": "MetricAlarm", "Timestamp": T - 4 * MINUTE,
                    "HistoryItemType": "StateUpdate", "HistorySummary": "Alarm updated from OK to ALARM",
                    "HistoryData": {"version": "1.0", "oldState": {"stateValue": "OK"},
                                    "newState": {"stateValue": "ALARM", "stateReason": fired["StateReason"]}}}]
        points = [{"Namespace": "AWS/ApplicationELB", "MetricName": "HTTPCode_Target_5XX_Count", "Dimensions": alb,
                   "Unit": "Count", "points": [[ts, errors(ts)] for ts in
                                               (T - m * MINUTE for m in range(60, 0, -1))]}]
        db = [{"Name": "DBInstanceIdentifier", "Value": "staging-checkout-db"}]
        queue = [{"Name": "QueueName", "Value": "staging-orders"}]
        return [fired,
                _alarm("staging-checkout-db-cpu", "staging-checkout-db CPU above 80%", "AWS/RDS", "CPUUtilization",
                       db, "Average", 80.0, ok_since, topic, n=5, calm=21.5),
                _alarm("staging-orders-queue-age", "Oldest staging order waits over 10 minutes", "AWS/SQS",
                       "ApproximateAgeOfOldestMessage", queue, "Maximum", 600.0, ok_since, topic, calm=14.0)], \
            history, points
    if account == STAGING["id"]:
        queue = [{"Name": "QueueName", "Value": "staging-eu-orders"}]
        fn = [{"Name": "FunctionName", "Value": "staging-eu-receipts"}]
        return [_alarm("staging-eu-orders-queue-age", "Oldest staging EU order waits over 10 minutes", "AWS/SQS",
                       "ApproximateAgeOfOldestMessage", queue, "Maximum", 600.0, ok_since, topic, calm=9.0),
                _alarm("staging-eu-receipts-errors", "staging-eu-receipts Lambda errors", "AWS/Lambda", "Errors",
                       fn, "Sum", 5.0, ok_since, topic)], [], []
    nat = [{"Name": "NatGatewayId", "Value": "nat-0a1b2c3d4e5f60789" if region == "us-east-1"
            else "nat-0f9e8d7c6b5a40321"}]
    prefix = "shared" if region == "us-east-1" else "shared-eu"
    alarms = [_alarm(f"{prefix}-nat-port-allocation-errors", "NAT gateway cannot allocate source ports",
                     "AWS/NATGateway", "ErrorPortAllocation", nat, "Sum", 0.0, ok_since, topic),
              _alarm(f"{prefix}-nat-packets-dropped", "NAT gateway drops packets", "AWS/NATGateway",
                     "PacketsDropCount", nat, "Sum", 100.0, ok_since, topic, n=3, calm=2.0)]
    if region == "us-east-1":
        vpn = [{"Name": "VpnId", "Value": "vpn-0c1d2e3f4a5b6c7d8"}]
        alarms.append(_alarm("shared-vpn-tunnel-down", "Office VPN tunnel down", "AWS/VPN", "TunnelState", vpn,
                             "Minimum", 0.5, ok_since, topic, calm=1.0, compare="LessThanThreshold"))
    return alarms, [], []


def _changes(account: str, region: str, T: float) -> list[dict]:
    def ev(minutes, name, source, who, **fields):
        return {"eventName": name, "eventSource": source, "eventTime": T + minutes * MINUTE,
                "awsRegion": region, **who, **fields}

    if account == STAGING["id"] and region == "us-east-1":
        return [ev(-8, "UpdateService", "ecs.amazonaws.com", CI,
                   resources=[{"ResourceType": "AWS::ECS::Service", "ResourceName": "checkout-api"}],
                   requestParameters={"cluster": "staging", "service": "checkout-api",
                                      "taskDefinition": "checkout-api:412", "forceNewDeployment": True}),
                ev(-35, "PutParameter", "ssm.amazonaws.com", BOB,
                   resources=[{"ResourceType": "AWS::SSM::Parameter",
                               "ResourceName": "/staging/checkout/feature-flags"}],
                   requestParameters={"name": "/staging/checkout/feature-flags", "type": "String",
                                      "overwrite": True},
                   responseElements={"version": 17, "tier": "Standard"})]
    if account == STAGING["id"]:
        return [ev(-20, "UpdateFunctionCode20150331v2", "lambda.amazonaws.com", CI,
                   resources=[{"ResourceType": "AWS::Lambda::Function", "ResourceName": "staging-eu-receipts"}],
                   requestParameters={"functionName": "staging-eu-receipts", "publish": True})]
    if region == "us-east-1":
        return [ev(-25, "ModifyTransitGatewayVpcAttachment", "ec2.amazonaws.com", FRANK,
                   resources=[{"ResourceType": "AWS::EC2::TransitGatewayAttachment",
                               "ResourceName": "tgw-attach-0b1c2d3e4f5a6b7c8"}],
                   requestParameters={"transitGatewayAttachmentId": "tgw-attach-0b1c2d3e4f5a6b7c8",
                                      "options": {"dnsSupport": "enable"}})]
    return [ev(-40, "UpdateResolverRule", "route53resolver.amazonaws.com", FRANK,
               resources=[{"ResourceType": "AWS::Route53Resolver::ResolverRule",
                           "ResourceName": "rslvr-rr-0a1b2c3d4e5f67890"}],
               requestParameters={"resolverRuleId": "rslvr-rr-0a1b2c3d4e5f67890",
                                  "config": {"targetIps": [{"ip": "10.20.0.2", "port": 53}]}})]


STAGING_LOG_GROUP = "/aws/ecs/staging-checkout-api"


def _staging_logs(T: float) -> dict:
    """Staging checkout-api's log group (us-east-1): a 502 a minute from the deploy at T-8 on."""
    events = [{"timestamp": T - m * MINUTE, "stream": "checkout-api/web/412",
               "message": f'{{"level":"ERROR","msg":"upstream returned 502","task_definition":"checkout-api:412",'
                          f'"n":{m}}}'} for m in range(7, -1, -1)]
    events.append({"timestamp": T - 20 * MINUTE, "stream": "checkout-api/web/411",
                   "message": '{"level":"INFO","msg":"healthy","task_definition":"checkout-api:411"}'})
    return {"groups": [{"name": STAGING_LOG_GROUP, "retentionInDays": 14, "events": events}]}


def load(stores: dict, anchor: float, now: float) -> dict:
    """The accounts, the organization and production's monitoring of the others, then
    staging's and shared-services' own data."""
    registry = stores["sts"]
    registry.seed({"accounts": [PRODUCTION, STAGING, SHARED, SANDBOX],
                   "organization": {"management": accounts.DEFAULT_ACCOUNT},
                   "observability": {"monitoring": accounts.DEFAULT_ACCOUNT,
                                     "sources": [STAGING["id"], SHARED["id"]]}}, now)
    T = float(timeutil.floor_to(anchor, MINUTE))
    with accounts.acting_as(STAGING["id"]):
        stores["logs"].seed(_staging_logs(T), "us-east-1", now)
    alarms = changes = 0
    for account in (STAGING["id"], SHARED["id"]):
        with accounts.acting_as(account):
            for region in REGIONS:
                metric_alarms, history, points = _alarms(account, region, T)
                rs = stores["cloudwatch"].region(region)
                for item in metric_alarms:
                    rs.alarms.seed_metric_alarm(item, now)
                for item in history:
                    rs.alarms.seed_history(item, now)
                for item in points:
                    rs.metrics.seed(item)
                events = _changes(account, region, T)
                stores["cloudtrail"].seed({"events": events}, region, now)
                alarms += len(metric_alarms)
                changes += len(events)
    return {"demo_accounts": 4, "demo_other_account_alarms": alarms, "demo_other_account_changes": changes}
