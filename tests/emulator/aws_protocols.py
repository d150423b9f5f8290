"""The three wire protocols warroom's SDK clients speak, driven by botocore's service models.

* rpc-v2-cbor (CloudWatch, Health): POST /service/{Shape}/operation/{Op}, CBOR bodies.
* awsJson 1.0/1.1 (CloudWatch via boto3, Logs, CloudTrail, SSM, Health via boto3): X-Amz-Target.
* query (STS): form-encoded Action=...

Parsed input handed to the emulator's own handlers is "normalized": timestamps are epoch
float seconds, blobs are bytes, everything else as in the JSON shape of the API.
"""

from __future__ import annotations

import base64
import json
import re
import threading
import uuid
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import cbor2

import timeutil

ACCOUNT_ID = "123456789012"     # the account of every request whose credentials name no other
DEFAULT_REGION = "us-east-1"

# service key -> facts about it (model, namespace, signing; target, json_version and
# query_compatible for awsJson / rpc-v2-cbor), filled by add_service from each service module
SERVICES: dict[str, dict] = {}
TARGET_TO_SERVICE: dict[str, str] = {}
SIGNING_TO_SERVICE: dict[str, str] = {}

CBOR_PATH = re.compile(r"/service/([^/]+)/operation/([^/?]+)$")
_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/(\d{8})/([^/,\s]+)/([^/,\s]+)/aws4_request")


def add_service(name: str, facts: dict) -> None:
    """Make a service's requests recognisable: by X-Amz-Target or CBOR shape, and SigV4 scope."""
    SERVICES[name] = facts
    if "target" in facts:
        TARGET_TO_SERVICE[facts["target"]] = name
    SIGNING_TO_SERVICE[facts["signing"]] = name


class AwsError(Exception):
    """An AWS error answered in the protocol of the request."""

    def __init__(self, code: str, message: str, status: int = 400, sender: bool = True):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.sender = sender


# ---------------------------------------------------------------- models

_models: dict = {}
_models_lock = threading.Lock()


def service_model(service: str):
    with _models_lock:
        model = _models.get(service)
        if model is None:
            import botocore.session

            name = SERVICES.get(service, {}).get("model", service)
            model = botocore.session.get_session().get_service_model(name)
            _models[service] = model
        return model


def operation_model(service: str, operation: str):
    model = service_model(service)
    if operation not in model.operation_names:
        return None
    return model.operation_model(operation)


# ---------------------------------------------------------------- shape walking

def _to_float(value):
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        return float(value)
    return value


def _to_int(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    return value


def normalize(shape, value):
    """Wire-decoded value (JSON or CBOR) -> normalized form (timestamps as epoch floats)."""
    if value is None or shape is None:
        return value
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            return value
        members = shape.members
        return {k: normalize(members.get(k), v) for k, v in value.items() if v is not None}
    if kind == "list":
        return [normalize(shape.member, v) for v in value] if isinstance(value, list) else value
    if kind == "map":
        if not isinstance(value, dict):
            return value
        return {k: normalize(shape.value, v) for k, v in value.items()}
    if kind == "timestamp":
        try:
            return timeutil.to_epoch(value)
        except (ValueError, TypeError):
            return value
    if kind == "blob":
        if isinstance(value, str):
            try:
                return base64.b64decode(value)
            except ValueError:
                return value.encode()
        return value
    if kind in ("double", "float"):
        return _to_float(value)
    if kind in ("integer", "long", "short", "byte"):
        return _to_int(value)
    return value


def _generic(value, mode):
    """Values outside the model (unknown members) still have to be encodable."""
    if isinstance(value, dict):
        return {k: _generic(v, mode) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_generic(v, mode) for v in value]
    if isinstance(value, bytes) and mode == "json":
        return base64.b64encode(value).decode()
    return value


def serialize(shape, value, mode: str):
    """Normalized value -> JSON-ready (mode "json") or CBOR-ready (mode "cbor") value."""
    if value is None:
        return None
    if shape is None:
        return _generic(value, mode)
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            return _generic(value, mode)
        out = {}
        members = shape.members
        for k, v in value.items():
            if v is None:
                continue
            out[k] = serialize(members.get(k), v, mode)
        return out
    if kind == "list":
        if not isinstance(value, (list, tuple)):
            return _generic(value, mode)
        return [serialize(shape.member, v, mode) for v in value]
    if kind == "map":
        if not isinstance(value, dict):
            return _generic(value, mode)
        return {k: serialize(shape.value, v, mode) for k, v in value.items() if v is not None}
    if kind == "timestamp":
        epoch = timeutil.to_epoch(value)
        return cbor2.CBORTag(1, float(epoch)) if mode == "cbor" else epoch
    if kind == "blob":
        if isinstance(value, str):
            value = value.encode()
        return value if mode == "cbor" else base64.b64encode(value).decode()
    if kind in ("double", "float"):
        return _to_float(value)
    if kind in ("integer", "long", "short", "byte"):
        return _to_int(value)
    if kind == "boolean":
        return bool(value)
    return value


def empty_output(service: str, operation: str) -> dict:
    """A valid, empty answer: every list member of the output shape as []."""
    op = operation_model(service, operation)
    out = {}
    if op is not None and op.output_shape is not None:
        for name, member in op.output_shape.members.items():
            if member.type_name == "list":
                out[name] = []
    return out


# ---------------------------------------------------------------- requests

@dataclass
class AwsRequest:
    protocol: str            # "rpc-v2-cbor" | "json" | "query" | "other"
    service: str | None      # key of SERVICES, or the signing name when unknown
    operation: str | None
    region: str
    body: bytes
    headers: dict
    params: dict = field(default_factory=dict)   # normalized input (own handlers)
    raw: object = None                            # decoded wire input (dict / form dict)
    request_id: str = field(default_factory=lambda: str(uuid.uuid4()))


def credential_scope(headers: dict) -> tuple[str | None, str | None]:
    """(region, signing service) from the SigV4 Authorization header."""
    match = _CREDENTIAL.search(headers.get("authorization", ""))
    if not match:
        return None, None
    return match.group(3), match.group(4)


def access_key_id(headers: dict) -> str | None:
    """The access key id of the SigV4 Authorization header."""
    match = _CREDENTIAL.search(headers.get("authorization", ""))
    return match.group(1) if match else None


def classify(method: str, path: str, headers: dict, body: bytes) -> AwsRequest:
    """Work out protocol, service, operation and region of an AWS request."""
    region, signing = credential_scope(headers)
    region = region or DEFAULT_REGION
    service = SIGNING_TO_SERVICE.get(signing, signing)

    match = CBOR_PATH.search(path)
    if method == "POST" and match and (
        headers.get("smithy-protocol", "").lower() == "rpc-v2-cbor"
        or "cbor" in headers.get("content-type", "")
    ):
        shape_name, operation = match.group(1), match.group(2)
        service = TARGET_TO_SERVICE.get(shape_name, service)
        req = AwsRequest("rpc-v2-cbor", service, operation, region, body, headers)
        req.raw = cbor2.loads(body) if body else {}
        if req.raw is None:
            req.raw = {}
        return req

    target = headers.get("x-amz-target")
    if target and "." in target:
        prefix, operation = target.rsplit(".", 1)
        service = TARGET_TO_SERVICE.get(prefix, service)
        req = AwsRequest("json", service, operation, region, body, headers)
        try:
            req.raw = json.loads(body) if body.strip() else {}
        except ValueError:
            req.raw = {}
        return req

    ctype = headers.get("content-type", "")
    if method == "POST" and ctype.startswith("application/x-www-form-urlencoded"):
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        if "Action" in form:
            req = AwsRequest("query", service, form["Action"], region, body, headers)
            req.raw = form
            return req

    return AwsRequest("other", service, None, region, body, headers)


def parse_params(req: AwsRequest) -> dict:
    """Normalized input of a CBOR or JSON request, by the service model."""
    if req.service not in SERVICES or req.protocol not in ("rpc-v2-cbor", "json"):
        return dict(req.raw or {}) if isinstance(req.raw, dict) else {}
    op = operation_model(req.service, req.operation)
    if op is None or op.input_shape is None:
        return dict(req.raw or {})
    return normalize(op.input_shape, req.raw or {})


# ---------------------------------------------------------------- responses
# A response is (status, [(header, value)], body bytes).

def _json_content_type(service: str | None) -> str:
    return f"application/x-amz-json-{SERVICES.get(service or '', {}).get('json_version', '1.1')}"


def success(req: AwsRequest, output: dict):
    op = operation_model(req.service, req.operation) if req.service in SERVICES else None
    shape = op.output_shape if op is not None else None
    if req.protocol == "rpc-v2-cbor":
        body = cbor2.dumps(serialize(shape, output or {}, "cbor") if shape else _generic(output or {}, "cbor"))
        headers = [("smithy-protocol", "rpc-v2-cbor"), ("Content-Type", "application/cbor")]
    elif req.protocol == "query":
        body = _query_response(req, shape, output or {}).encode()
        headers = [("Content-Type", "text/xml")]
    else:
        data = serialize(shape, output or {}, "json") if shape else _generic(output or {}, "json")
        body = json.dumps(data).encode()
        headers = [("Content-Type", _json_content_type(req.service))]
    headers.append(("x-amzn-RequestId", req.request_id))
    return 200, headers, body


def error(req: AwsRequest, code: str, message: str, status: int = 400, sender: bool = True):
    rid = req.request_id
    namespace = SERVICES.get(req.service or "", {}).get("namespace", "com.amazonaws.emulator")
    fault = "Sender" if sender else "Receiver"
    if req.protocol == "rpc-v2-cbor":
        body = cbor2.dumps({"__type": f"{namespace}#{code}", "message": message})
        headers = [("smithy-protocol", "rpc-v2-cbor"), ("Content-Type", "application/cbor")]
        if SERVICES.get(req.service or "", {}).get("query_compatible"):
            headers.append(("x-amzn-query-error", f"{code};{fault}"))
    elif req.protocol == "query":
        body = (
            "<ErrorResponse><Error>"
            f"<Type>{fault}</Type><Code>{_xml(code)}</Code><Message>{_xml(message)}</Message>"
            f"</Error><RequestId>{rid}</RequestId></ErrorResponse>"
        ).encode()
        headers = [("Content-Type", "text/xml")]
    else:
        body = json.dumps({"__type": code, "message": message}).encode()
        headers = [("Content-Type", _json_content_type(req.service)), ("X-Amzn-ErrorType", code)]
        if SERVICES.get(req.service or "", {}).get("query_compatible"):
            headers.append(("x-amzn-query-error", f"{code};{fault}"))
    headers.append(("x-amzn-RequestId", rid))
    return status, headers, body


def bare_status(req: AwsRequest, status: int, text: str | None = None):
    from http import HTTPStatus

    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    body = (text or f"{status} {phrase}\n").encode()
    return status, [("Content-Type", "text/plain"), ("x-amzn-RequestId", req.request_id)], body


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _query_xml(shape, value) -> str:
    """A normalized value as the query protocol's XML (members in model order, lists as <member>)."""
    kind = shape.type_name if shape is not None else None
    if kind == "structure":
        return "".join(f"<{name}>{_query_xml(member, value[name])}</{name}>"
                       for name, member in shape.members.items() if value.get(name) is not None)
    if kind == "list":
        return "".join(f"<member>{_query_xml(shape.member, v)}</member>" for v in value)
    if kind == "timestamp":
        return timeutil.iso(timeutil.to_epoch(value))
    if kind == "boolean":
        return "true" if value else "false"
    return _xml(str(value))


def _query_response(req: AwsRequest, shape, output: dict) -> str:
    xmlns = service_model(req.service).metadata.get("xmlNamespace", "")
    op = req.operation
    result = f"<{op}Result>{_query_xml(shape, output)}</{op}Result>" if shape is not None else ""
    return (f'<{op}Response xmlns="{xmlns}">{result}'
            f"<ResponseMetadata><RequestId>{req.request_id}</RequestId></ResponseMetadata></{op}Response>")


def moto_json_request(req: AwsRequest) -> tuple[dict, bytes]:
    """Headers and body of the awsJson request moto understands for a CBOR request."""
    info = SERVICES[req.service]
    op = operation_model(req.service, req.operation)
    shape = op.input_shape if op is not None else None
    params = normalize(shape, req.raw or {}) if shape is not None else (req.raw or {})
    data = serialize(shape, params, "json") if shape is not None else _generic(params, "json")
    headers = {
        "Content-Type": f"application/x-amz-json-{info.get('json_version', '1.1')}",
        "X-Amz-Target": f"{info['target']}.{req.operation}",
    }
    return headers, json.dumps(data).encode()


def moto_json_to_cbor(req: AwsRequest, status: int, body: bytes):
    """moto's awsJson answer -> rpc-v2-cbor answer."""
    try:
        data = json.loads(body) if body.strip() else {}
    except ValueError:
        data = None
    if status >= 300:
        if isinstance(data, dict) and data.get("__type"):
            code = str(data["__type"]).split("#")[-1].split(":")[0]
            message = data.get("message") or data.get("Message") or ""
            return error(req, code, message, status)
        return bare_status(req, status, body.decode("utf-8", "replace")[:500])
    op = operation_model(req.service, req.operation)
    shape = op.output_shape if op is not None else None
    normalized = normalize(shape, data or {}) if shape is not None else (data or {})
    return success(req, normalized)


def authorization_for(service: str, region: str) -> str:
    signing = SERVICES.get(service, {}).get("signing", service)
    return (
        f"AWS4-HMAC-SHA256 Credential=AKIAEMULATOR/20260101/{region}/{signing}/aws4_request, "
        "SignedHeaders=host, Signature=0"
    )
