"""Filler CloudTrail events for `{"cloudtrail": {"generate": {...}}}`: a rotating mix of event
names, users, sources and resources, spread evenly over the last `minutes` minutes (event 0
the newest). Seed items in the shape cloudtrail_store.build_event takes."""

from __future__ import annotations

import uuid

import accounts

_NS = uuid.UUID("0c7f4c3e-2a55-4b8e-b3a1-9d6e5f4a3b21")
USERS = (("IAMUser", "alice", None), ("IAMUser", "bob", None), ("AssumedRole", "gha-run-{n}", "deploy-pipeline"),
         ("IAMUser", "erin", None), ("AssumedRole", "ops-{n}", "ops-admin"))


def _rid(*parts) -> str:
    return str(uuid.uuid5(_NS, "/".join(str(p) for p in parts)))


def _hex(*parts) -> str:
    """17 hex digits, the shape of EC2 resource ids (i-0..., vol-0...)."""
    return "0" + uuid.uuid5(_NS, "/".join(str(p) for p in parts)).hex[:16]


def _write(i: int, region: str) -> dict:
    n = i % 7
    kind = i % 6
    if kind == 0:
        instance = f"i-{_hex('instance', i)}"
        return {"eventName": "CreateTags", "eventSource": "ec2.amazonaws.com",
                "resources": [{"ResourceType": "AWS::EC2::Instance", "ResourceName": instance}],
                "requestParameters": {"resourcesSet": {"items": [{"resourceId": instance}]},
                                      "tagSet": {"items": [{"key": "Owner", "value": f"team-{n}"}]}},
                "responseElements": {"requestId": _rid("req", i), "_return": True}}
    if kind == 1:
        volume, snapshot = f"vol-{_hex('volume', i)}", f"snap-{_hex('snapshot', i)}"
        return {"eventName": "CreateSnapshot", "eventSource": "ec2.amazonaws.com",
                "resources": [{"ResourceType": "AWS::EC2::Volume", "ResourceName": volume},
                              {"ResourceType": "AWS::EC2::Snapshot", "ResourceName": snapshot}],
                "requestParameters": {"volumeId": volume, "description": f"nightly backup {i}"},
                "responseElements": {"requestId": _rid("req", i), "snapshotId": snapshot, "volumeId": volume,
                                     "status": "pending", "ownerId": accounts.current(), "volumeSize": 50,
                                     "encrypted": True}}
    if kind == 2:
        return {"eventName": "CreateLogStream", "eventSource": "logs.amazonaws.com",
                "requestParameters": {"logGroupName": f"/aws/lambda/gen-fn-{n}",
                                      "logStreamName": f"2026/11/23/[$LATEST]{i:032x}"},
                "responseElements": None}
    if kind == 3:
        name = f"/gen/app-{n}/setting-{i % 11}"
        return {"eventName": "PutParameter", "eventSource": "ssm.amazonaws.com",
                "resources": [{"ResourceType": "AWS::SSM::Parameter", "ResourceName": name}],
                "requestParameters": {"name": name, "type": "String", "overwrite": True},
                "responseElements": {"version": 1 + i // 6, "tier": "Standard"}}
    if kind == 4:
        function = f"gen-fn-{n}"
        arn = f"arn:aws:lambda:{region}:{accounts.current()}:function:{function}"
        return {"eventName": "TagResource20170331v2", "eventSource": "lambda.amazonaws.com",
                "resources": [{"ResourceType": "AWS::Lambda::Function", "ResourceName": function, "ARN": arn}],
                "requestParameters": {"resource": arn, "tags": {"Owner": f"team-{n}"}},
                "responseElements": None}
    bucket = f"gen-bucket-{n}"
    return {"eventName": "PutBucketTagging", "eventSource": "s3.amazonaws.com",
            "resources": [{"ResourceType": "AWS::S3::Bucket", "ResourceName": bucket,
                           "ARN": f"arn:aws:s3:::{bucket}"}],
            "requestParameters": {"bucketName": bucket, "Host": f"{bucket}.s3.{region}.amazonaws.com",
                                  "tagging": ""},
            "responseElements": None}


def _read(i: int, region: str) -> dict:
    n = i % 7
    kind = i % 4
    if kind == 0:
        return {"eventName": "DescribeInstances", "eventSource": "ec2.amazonaws.com",
                "requestParameters": {"instancesSet": {}, "filterSet": {}}, "responseElements": None}
    if kind == 1:
        name = f"/gen/app-{n}/setting-{i % 11}"
        return {"eventName": "GetParameter", "eventSource": "ssm.amazonaws.com",
                "resources": [{"ResourceType": "AWS::SSM::Parameter", "ResourceName": name}],
                "requestParameters": {"name": name}, "responseElements": None}
    if kind == 2:
        return {"eventName": "ListFunctions20150331", "eventSource": "lambda.amazonaws.com",
                "requestParameters": None, "responseElements": None}
    return {"eventName": "DescribeLogStreams", "eventSource": "logs.amazonaws.com",
            "requestParameters": {"logGroupName": f"/aws/lambda/gen-fn-{n}", "descending": True,
                                  "orderBy": "LastEventTime"},
            "responseElements": None}


def generated_events(count: int, minutes: float, read_only, now: float, region: str) -> list[dict]:
    """`read_only`: False (writes), True (reads) or "mixed" (every third event a read)."""
    span = minutes * 60.0
    out = []
    for i in range(count):
        reading = read_only is True or (read_only == "mixed" and i % 3 == 2)
        item = _read(i, region) if reading else _write(i, region)
        user_type, name, role = USERS[i % len(USERS)]
        when = now - span * (i + 0.5) / count
        item.update({"eventTime": when, "userType": user_type, "username": name.format(n=i // 50),
                     "readOnly": reading, "awsRegion": region,
                     "eventId": str(uuid.uuid5(_NS, f"{region}/{i}/{int(when)}/{reading}"))})
        if role:
            item["roleName"] = role
        out.append(item)
    return out
