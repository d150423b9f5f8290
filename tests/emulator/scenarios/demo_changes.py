"""The demo's CloudTrail side, anchored at T (03:02 UTC of the anchor day) like scenarios/demo.py.

The cause of the incident: at 02:58 (T-4 min) alice (IAMUser, aws-cli from 198.51.100.23) runs
RevokeSecurityGroupIngress on checkout-db's security group sg-0db5e1c7a9f3b2d41, removing the
tcp 5432 rule from checkout-api's group sg-0a1b2c3d4e5f60718. Around it, six hours of ordinary
change: a Lambda deploy by the CI role (deploy-pipeline / gha-checkout-1234) at 01:40, a
CloudFormation UpdateStack of checkout-api-prod at 02:10, bob attaching AmazonS3FullAccess to
reporting-etl at 00:55, carol's console sign-in without MFA at 02:40, dave's denied
PutBucketPolicy at 02:20, Auto Scaling raising checkout-api-asg at 03:05, backups, tags,
parameters and log streams. Regional events are recorded in the demo's region, IAM and sign-in
events in us-east-1 (as AWS does).
"""

from __future__ import annotations

import accounts
import timeutil
from cloudtrail_store import CONSOLE_AGENT

MINUTE = 60
GLOBAL_REGION = "us-east-1"
DB_SG, APP_SG = "sg-0db5e1c7a9f3b2d41", "sg-0a1b2c3d4e5f60718"
FUNCTION, STACK, ASG = "checkout-receipts", "checkout-api-prod", "checkout-api-asg"
STACK_UUID = "e3b1c2d4-5f6a-11ef-9c2b-0affd3c4b5a7"
LAUNCH_TEMPLATE = "lt-0c4a1b2c3d4e5f607"
BUCKET = "checkout-receipts-prod"
REVOKE_REQUEST = "c7e1f0a2-9b3d-4c5e-8f6a-1b2c3d4e5f60"
CAROL_CONSOLE_KEY = "ASIAQ7K2CAROL5CNSL8Z"
S3_FULL_ACCESS = "arn:aws:iam::aws:policy/AmazonS3FullAccess"
LAMBDA_AGENT = "awslambda-worker/1.0 rusoto/0.48.0 rust/1.69.0 linux"
CI_AGENT = ("aws-cli/2.17.0 md/awscrt#0.20.11 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 lang/python#3.11.9 "
            "md/pyimpl#CPython exec-env/GitHubActions cfg/retry-mode#standard md/installer#exe md/prompt#off "
            "md/command#{command}")
ALICE_AGENT = ("aws-cli/2.17.0 md/awscrt#0.20.11 ua/2.0 os/macos#23.5.0 md/arch#arm64 lang/python#3.11.9 "
               "md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off "
               "md/command#ec2.revoke-security-group-ingress")

# who did it: seed fields of the caller
ALICE = {"userType": "IAMUser", "username": "alice", "sourceIPAddress": "198.51.100.23"}
BOB = {"userType": "IAMUser", "username": "bob", "sourceIPAddress": "198.51.100.71"}
CAROL = {"userType": "IAMUser", "username": "carol", "sourceIPAddress": "203.0.113.77"}
DAVE = {"userType": "IAMUser", "username": "dave", "sourceIPAddress": "198.51.100.142"}
CI = {"userType": "AssumedRole", "roleName": "deploy-pipeline", "username": "gha-checkout-1234",
      "sourceIPAddress": "192.0.2.44"}
CI_EARLIER = dict(CI, username="gha-checkout-1219", sourceIPAddress="192.0.2.61")
LAMBDA_ROLE = {"userType": "AssumedRole", "roleName": "checkout-receipts-role", "username": FUNCTION,
               "sourceIPAddress": "192.0.2.201", "userAgent": LAMBDA_AGENT}
BACKUP = {"userType": "AssumedRole", "roleName": "AWSBackupDefaultServiceRole",
          "username": "AWSBackup-AWSBackupDefaultServiceRole", "invokedBy": "backup.amazonaws.com"}


def _res(kind: str, name: str, arn: str | None = None) -> dict:
    return {"ResourceType": kind, "ResourceName": name, **({"ARN": arn} if arn else {})}


def events(region: str, T: float) -> list[dict]:
    fn_arn = f"arn:aws:lambda:{region}:{accounts.current()}:function:{FUNCTION}"
    fn_res = _res("AWS::Lambda::Function", FUNCTION, fn_arn)
    stack_arn = f"arn:aws:cloudformation:{region}:{accounts.current()}:stack/{STACK}/{STACK_UUID}"
    asg_res = _res("AWS::AutoScaling::AutoScalingGroup", ASG)
    out = []

    def ev(minutes: float, name: str, source: str, who: dict, **fields):
        item = {"eventName": name, "eventSource": source, "eventTime": T + minutes * MINUTE, "awsRegion": region,
                **who, **fields}
        if source in ("iam.amazonaws.com", "signin.amazonaws.com"):
            item["awsRegion"] = GLOBAL_REGION
        out.append(item)

    def ci(command):
        return {"userAgent": CI_AGENT.format(command=command)}

    def log_stream(minutes, stream):
        ev(minutes, "CreateLogStream", "logs.amazonaws.com", LAMBDA_ROLE,
           requestParameters={"logGroupName": f"/aws/lambda/{FUNCTION}", "logStreamName": stream},
           responseElements=None)

    def snapshot(minutes, volume, snap):
        ev(minutes, "CreateSnapshot", "ec2.amazonaws.com", BACKUP,
           resources=[_res("AWS::EC2::Volume", volume), _res("AWS::EC2::Snapshot", snap)],
           requestParameters={"volumeId": volume, "description": "This snapshot is created by the AWS Backup service."},
           responseElements={"snapshotId": snap, "volumeId": volume, "status": "pending",
                             "volumeSize": 50, "ownerId": accounts.current(), "encrypted": True})

    def parameter(minutes, who, name, version, **fields):
        ev(minutes, "PutParameter", "ssm.amazonaws.com", who, resources=[_res("AWS::SSM::Parameter", name)],
           requestParameters={"name": name, "type": "String", "overwrite": True},
           responseElements={"version": version, "tier": "Standard"}, **fields)

    snapshot(-357, "vol-0c4e1a2b3c4d5e6a1", "snap-0d1e2f3a4b5c6d7e1")
    parameter(-341, BOB, "/checkout/prod/feature-flags", 14)
    log_stream(-322, "2026/11/22/[$LATEST]4f1a9c2e7b3d4e5f8a6b1c0d2e3f4a5b")
    ev(-290, "TagResource20170331v2", "lambda.amazonaws.com", BOB, resources=[fn_res],
       requestParameters={"resource": fn_arn, "tags": {"CostCenter": "payments"}}, responseElements=None)
    ev(-268, "CreateTags", "ec2.amazonaws.com", CI_EARLIER, **ci("ec2.create-tags"),
       resources=[_res("AWS::EC2::Instance", "i-0c4e1a2b3c4d5e603")],
       requestParameters={"resourcesSet": {"items": [{"resourceId": "i-0c4e1a2b3c4d5e603"}]},
                          "tagSet": {"items": [{"key": "Release", "value": "3f0a1b9"}]}},
       responseElements={"_return": True})
    ev(-246, "PutRetentionPolicy", "logs.amazonaws.com", BOB,
       requestParameters={"logGroupName": f"/aws/lambda/{FUNCTION}", "retentionInDays": 30}, responseElements=None)
    log_stream(-229, "2026/11/22/[$LATEST]9b8a7c6d5e4f40312a1b2c3d4e5f6a7b")
    parameter(-211, CI_EARLIER, "/checkout/prod/release", 37, **ci("ssm.put-parameter"))
    snapshot(-190, "vol-0c4e1a2b3c4d5e6a2", "snap-0d1e2f3a4b5c6d7e2")
    ev(-174, "AddTagsToResource", "rds.amazonaws.com", BOB,
       resources=[_res("AWS::RDS::DBInstance", f"arn:aws:rds:{region}:{accounts.current()}:db:checkout-db")],
       requestParameters={"resourceName": f"arn:aws:rds:{region}:{accounts.current()}:db:checkout-db",
                          "tags": [{"key": "DataClass", "value": "confidential"}]}, responseElements=None)
    log_stream(-158, "2026/11/23/[$LATEST]0c1d2e3f4a5b46c7d8e9f0a1b2c3d4e5")
    parameter(-141, ALICE, "/checkout/prod/db-pool-size", 6)
    ev(-127, "AttachRolePolicy", "iam.amazonaws.com", BOB,
       resources=[_res("AWS::IAM::Policy", S3_FULL_ACCESS),
                  _res("AWS::IAM::Role", "reporting-etl", f"arn:aws:iam::{accounts.current()}:role/reporting-etl")],
       requestParameters={"roleName": "reporting-etl", "policyArn": S3_FULL_ACCESS}, responseElements=None)
    ev(-114, "CreateTags", "ec2.amazonaws.com", BOB, resources=[_res("AWS::EC2::Snapshot", "snap-0d1e2f3a4b5c6d7e2")],
       requestParameters={"resourcesSet": {"items": [{"resourceId": "snap-0d1e2f3a4b5c6d7e2"}]},
                          "tagSet": {"items": [{"key": "Retain", "value": "30d"}]}},
       responseElements={"_return": True})
    log_stream(-96, "2026/11/23/[$LATEST]5a6b7c8d9e0f41a2b3c4d5e6f7a8b9c0")
    code = {"functionName": FUNCTION, "functionArn": fn_arn, "runtime": "python3.12",
            "role": f"arn:aws:iam::{accounts.current()}:role/checkout-receipts-role", "handler": "app.handler",
            "codeSize": 48213, "timeout": 15, "memorySize": 256, "version": "$LATEST", "state": "Active",
            "codeSha256": "q9Xb0W3lJ1S8vQ2kY7eR4tU6iO5pA3sD1fG8hJ0kL2M=", "packageType": "Zip",
            "architectures": ["arm64"], "lastUpdateStatus": "InProgress"}
    ev(-82 + 6 / 60, "UpdateFunctionCode20150331v2", "lambda.amazonaws.com", CI, resources=[fn_res],
       **ci("lambda.update-function-code"),
       requestParameters={"functionName": FUNCTION, "s3Bucket": f"checkout-artifacts-{accounts.current()}",
                          "s3Key": "checkout-receipts/3f9c2ab.zip", "publish": False, "dryRun": False},
       responseElements=code)
    ev(-81 + 2 / 60, "UpdateFunctionConfiguration20150331v2", "lambda.amazonaws.com", CI, resources=[fn_res],
       **ci("lambda.update-function-configuration"),
       requestParameters={"functionName": FUNCTION, "timeout": 20, "memorySize": 512},
       responseElements=dict(code, timeout=20, memorySize=512))
    ev(-80 + 10 / 60, "PublishVersion20150331", "lambda.amazonaws.com", CI, resources=[fn_res],
       **ci("lambda.publish-version"), requestParameters={"functionName": FUNCTION, "description": "gha-checkout-1234"},
       responseElements=dict(code, version="42", functionArn=f"{fn_arn}:42", lastUpdateStatus="Successful"))
    ev(-80 + 40 / 60, "UpdateAlias20150331", "lambda.amazonaws.com", CI, resources=[fn_res],
       **ci("lambda.update-alias"),
       requestParameters={"functionName": FUNCTION, "name": "live", "functionVersion": "42"},
       responseElements={"aliasArn": f"{fn_arn}:live", "name": "live", "functionVersion": "42",
                         "revisionId": "7d0b6a2e-3c4f-4e5a-9b8c-1d2e3f4a5b6c"})
    log_stream(-63, "2026/11/23/[42]7e8f9a0b1c2d43e4f5a6b7c8d9e0f1a2")
    ev(-52, "UpdateStack", "cloudformation.amazonaws.com", CI, **ci("cloudformation.update-stack"),
       resources=[_res("AWS::CloudFormation::Stack", stack_arn)],
       requestParameters={"stackName": STACK, "capabilities": ["CAPABILITY_NAMED_IAM"],
                          "templateURL": f"https://checkout-artifacts-{accounts.current()}.s3.amazonaws.com"
                                         "/cfn/checkout-api/3f9c2ab.yaml",
                          "parameters": [{"parameterKey": "ImageTag", "parameterValue": "3f9c2ab"},
                                         {"parameterKey": "DesiredCapacity", "usePreviousValue": True}]},
       responseElements={"stackId": stack_arn})
    via_cfn = dict(CI, invokedBy="cloudformation.amazonaws.com", sourceIPAddress="cloudformation.amazonaws.com",
                   userAgent="cloudformation.amazonaws.com")
    ev(-51 + 5 / 60, "CreateLaunchTemplateVersion", "ec2.amazonaws.com", via_cfn,
       resources=[_res("AWS::EC2::LaunchTemplate", LAUNCH_TEMPLATE)],
       requestParameters={"CreateLaunchTemplateVersionRequest": {
           "LaunchTemplateId": LAUNCH_TEMPLATE, "SourceVersion": "7",
           "LaunchTemplateData": {"ImageId": "ami-0f3c9e1a2b4d6c8e0"}}},
       responseElements={"CreateLaunchTemplateVersionResponse": {"launchTemplateVersion": {
           "launchTemplateId": LAUNCH_TEMPLATE, "launchTemplateName": "checkout-api", "versionNumber": 8,
           "defaultVersion": False}}})
    ev(-51 + 40 / 60, "UpdateAutoScalingGroup", "autoscaling.amazonaws.com", via_cfn, resources=[asg_res],
       requestParameters={"autoScalingGroupName": ASG, "minSize": 2, "maxSize": 8,
                          "launchTemplate": {"launchTemplateId": LAUNCH_TEMPLATE, "version": "8"}},
       responseElements=None)
    ev(-42, "PutBucketPolicy", "s3.amazonaws.com", DAVE,
       resources=[_res("AWS::S3::Bucket", BUCKET, f"arn:aws:s3:::{BUCKET}")],
       requestParameters={"bucketName": BUCKET, "Host": f"{BUCKET}.s3.amazonaws.com", "policy": ""},
       errorCode="AccessDenied", errorMessage="Access Denied",
       additionalEventData={"SignatureVersion": "SigV4", "CipherSuite": "TLS_AES_128_GCM_SHA256",
                            "bytesTransferredIn": 412, "AuthenticationMethod": "AuthHeader",
                            "x-amz-id-2": "b3JkZXJzLWVtdWxhdG9yLXJlcXVlc3QtaWQtMg==", "bytesTransferredOut": 243})
    log_stream(-34, "2026/11/23/[42]1b2c3d4e5f6a47b8c9d0e1f2a3b4c5d6")
    ev(-22, "ConsoleLogin", "signin.amazonaws.com", CAROL, eventType="AwsConsoleSignIn", userAgent=CONSOLE_AGENT,
       requestParameters=None, responseElements={"ConsoleLogin": "Success"},
       additionalEventData={"LoginTo": "https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true"
                                       "&state=hashArgsFromTB_us-east-1_5f0c1d2e3a4b5c6d",
                            "MobileVersion": "No", "MFAUsed": "No"})
    ev(-16, "PutDashboard", "monitoring.amazonaws.com", CAROL, userAgent=CONSOLE_AGENT, accessKeyId=CAROL_CONSOLE_KEY,
       requestParameters={"dashboardName": "checkout-overview"}, responseElements=None)
    log_stream(-9, "2026/11/23/[42]8c9d0e1f2a3b44c5d6e7f8a9b0c1d2e3")
    ev(-4, "RevokeSecurityGroupIngress", "ec2.amazonaws.com", ALICE, userAgent=ALICE_AGENT, requestID=REVOKE_REQUEST,
       resources=[_res("AWS::EC2::SecurityGroup", DB_SG)],
       requestParameters={"groupId": DB_SG, "ipPermissions": {"items": [
           {"ipProtocol": "tcp", "fromPort": 5432, "toPort": 5432,
            "groups": {"items": [{"groupId": APP_SG}]}}]}},
       responseElements={"requestId": REVOKE_REQUEST, "_return": True,
                         "revokedSecurityGroupRuleSet": {"items": [
                             {"groupId": DB_SG, "securityGroupRuleId": "sgr-0f3e2d1c0b9a87654",
                              "isEgress": False, "ipProtocol": "tcp", "fromPort": 5432, "toPort": 5432,
                              "referencedGroupId": APP_SG}]}})
    ev(3, "SetDesiredCapacity", "autoscaling.amazonaws.com",
       {"userType": "AWSService", "invokedBy": "autoscaling.amazonaws.com"}, resources=[asg_res],
       requestParameters={"autoScalingGroupName": ASG, "desiredCapacity": 6, "honorCooldown": False},
       responseElements=None)

    # An inline policy put on checkout-api's role (IAM: recorded in us-east-1 only, so a view of
    # another region finds it only by asking there).
    ev(-31, "PutRolePolicy", "iam.amazonaws.com", BOB,
       resources=[_res("AWS::IAM::Role", "checkout-api", f"arn:aws:iam::{accounts.current()}:role/checkout-api")],
       requestParameters={"roleName": "checkout-api", "policyName": "checkout-api-receipts-s3",
                          "policyDocument": '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
                                            '"Action":"s3:*","Resource":"*"}]}'},
       responseElements=None)
    return out


def load(store, region: str, anchor: float, now: float) -> dict:
    T = float(timeutil.floor_to(anchor, MINUTE))
    summary = store.seed({"events": events(region, T)}, region, now)
    return {"cloudtrail_events": summary["seeded_cloudtrail_events"]}
