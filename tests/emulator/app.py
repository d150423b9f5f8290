"""The emulator's WSGI application: control API, faults, request log, the operations the
registered services own (services.py), and moto for everything else."""

from __future__ import annotations

import functools
import gzip
import io
import json
import sys
import time
import traceback
import zlib

import accounts
import aws_protocols as proto
import logs_tail
import scenarios
import services
import timeutil
from aws_protocols import AwsError, AwsRequest
from faults import FaultError, FaultRegistry, RequestLog
from services import ControlError

HOP_BY_HOP = {"content-length", "transfer-encoding", "connection", "keep-alive", "server", "date"}
SEED_KEYS = {"scenario", "anchor", "region", "account", "accounts", "organization", "observability"}   # and the services' own
# A request refused before any service sees it, for its session credentials: (code, HTTP status) in the
# query protocol (and query-compatible CloudWatch), in awsJson, and the message.
REFUSALS = {
    "invalid": (("InvalidClientTokenId", 403), ("UnrecognizedClientException", 400),
                "The security token included in the request is invalid."),
    "expired": (("ExpiredToken", 400), ("ExpiredTokenException", 400),
                "The security token included in the request is expired"),
}


class EmulatorState:
    def __init__(self, known_services):
        self.faults = FaultRegistry()
        self.requests = RequestLog()
        self.accounts = accounts.Accounts()
        self.stores = {s.name: self.accounts if s.accounts else s.new_store()
                       for s in known_services if s.accounts or s.new_store is not None}
        self.tail = logs_tail.TailHub()

    def clear(self):
        for store in {id(store): store for store in self.stores.values()}.values():
            store.clear()
        self.tail.clear()
        self.faults.clear()
        self.requests.clear()


def _read_body(environ) -> bytes:
    stream = environ.get("wsgi.input")
    if stream is None:
        return b""
    length = environ.get("CONTENT_LENGTH")
    if length:
        return stream.read(int(length))
    if environ.get("wsgi.input_terminated") or "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
        return stream.read()
    return b""


def _decompress(body: bytes, encoding: str) -> bytes:
    encoding = (encoding or "").lower()
    if "gzip" in encoding:
        return gzip.decompress(body)
    if "deflate" in encoding:
        return zlib.decompress(body)
    return body


class EmulatorApp:
    def __init__(self, default_anchor: float | None = None, verbose: bool = False):
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

        self.services = {s.name: s for s in services.load()}
        self.seed_keys = SEED_KEYS.union(*(s.seed_keys for s in self.services.values()))
        self.state = EmulatorState(self.services.values())
        self.moto = DomainDispatcherApplication(create_backend_app)
        self.default_anchor = default_anchor
        self.verbose = verbose

    # ------------------------------------------------------------ warm-up

    def warm_up(self):
        """Import moto's backends and botocore's models now, not on the first request."""
        for service in self.services.values():
            proto.service_model(service.name)
            if service.moto_backend:
                environ = {"PATH_INFO": "/", "REQUEST_METHOD": "POST",
                           "HTTP_AUTHORIZATION": proto.authorization_for(service.name, proto.DEFAULT_REGION)}
                self.moto.get_application(environ)

    # ------------------------------------------------------------ WSGI entry

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "") or "/"
        if path.startswith("/_emulator"):
            status, headers, body = self.control(environ, path)
        elif path.startswith("/moto-api"):
            return self.moto(environ, start_response)
        else:
            status, headers, body = self.aws(environ, path)
        from http import HTTPStatus

        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "Unknown"
        headers = [h for h in headers if h[0].lower() not in HOP_BY_HOP]
        if not isinstance(body, (bytes, bytearray)):  # an event stream, sent as it goes
            start_response(f"{status} {phrase}", headers)
            return body
        headers.append(("Content-Length", str(len(body))))
        start_response(f"{status} {phrase}", headers)
        return [body]

    # ------------------------------------------------------------ AWS requests

    def aws(self, environ, path):
        method = environ.get("REQUEST_METHOD", "GET")
        headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        body = _read_body(environ)
        try:
            body = _decompress(body, headers.get("content-encoding", ""))
        except (OSError, zlib.error):
            pass
        caller, refusal = self.state.accounts.caller_for(proto.access_key_id(headers),
                                                         headers.get("x-amz-security-token"), time.time())
        with accounts.acting_as(caller):
            return self.aws_as(caller, refusal, method, path, headers, body, environ)

    def aws_as(self, caller, refusal, method, path, headers, body, environ):
        try:
            req = proto.classify(method, path, headers, body)
        except Exception as exc:  # undecodable CBOR and the like
            match = proto.CBOR_PATH.search(path)
            service = proto.TARGET_TO_SERVICE.get(match.group(1)) if match else None
            operation = match.group(2) if match else None
            req = AwsRequest("rpc-v2-cbor", service, operation, proto.DEFAULT_REGION, body, headers)
            entry = self.state.requests.start(service, req.region, operation, req.protocol, caller.account)
            result = proto.error(req, "SerializationException", f"cannot decode request: {exc}", 400)
            self.state.requests.finish(entry, result[0])
            return result
        service = self.services.get(req.service)
        fields = service.log_fields(req.operation, req.raw) if service is not None and service.log_fields else None
        entry = self.state.requests.start(req.service, req.region, req.operation, req.protocol, caller.account,
                                          fields)
        try:
            result = self.refuse(req, refusal) if refusal else self.dispatch(req, environ)
        except AwsError as err:
            result = proto.error(req, err.code, err.message, err.status, err.sender)
        except Exception as exc:
            traceback.print_exc(file=sys.stderr)
            result = proto.error(req, "InternalFailure", f"emulator error: {exc}", 500, sender=False)
        self.state.requests.finish(entry, result[0])
        if self.verbose:
            print(f"{req.protocol} {req.service} {caller.account} {req.region} {req.operation} -> {result[0]}",
                  file=sys.stderr)
        return result

    @staticmethod
    def refuse(req: AwsRequest, refusal: str):
        query, json_style, message = REFUSALS[refusal]
        query_like = req.protocol == "query" or proto.SERVICES.get(req.service or "", {}).get("query_compatible")
        code, status = query if query_like else json_style
        return proto.error(req, code, message, status)

    def dispatch(self, req: AwsRequest, environ):
        fault = self.state.faults.take(req.service, req.operation, accounts.current())
        if fault and not fault["after_handling"]:
            answer = self.fault_answer(req, fault)
            if answer is not None:
                return answer
        result = self.handle(req, environ)
        if fault and fault["after_handling"]:
            answer = self.fault_answer(req, fault)
            if answer is not None:
                return answer
        return result

    @staticmethod
    def fault_answer(req: AwsRequest, fault: dict):
        """Waits the fault's delay; its error or bare status, if it has one."""
        if fault["delay"]:
            time.sleep(fault["delay"])
        if fault["error"]:
            err = fault["error"]
            return proto.error(req, err["code"], err["message"], err["status"], sender=err["status"] < 500)
        if fault["http_status"]:
            return proto.bare_status(req, fault["http_status"])
        return None

    def handle(self, req: AwsRequest, environ):
        if req.service == "logs" and req.operation == "StartLiveTail":
            return self.state.tail.start(req.region, proto.parse_params(req), self.log_groups(req.region), environ)
        handler = self.own_handler(req)
        if handler is not None:
            return proto.success(req, handler(proto.parse_params(req)))
        if req.protocol == "rpc-v2-cbor":
            if req.service not in proto.SERVICES or "target" not in proto.SERVICES[req.service] \
                    or proto.operation_model(req.service, req.operation) is None:
                raise AwsError("UnknownOperationException",
                               f"unknown operation {req.operation} of {req.service}", 404)
            return self.moto_cbor(req, environ)
        result = self.call_moto(req, environ, req.body, {})
        if req.service == "logs" and req.operation == "PutLogEvents" and result[0] == 200:
            self.state.tail.put(req.region, logs_tail.accepted(proto.parse_params(req), result[2]))
        return result

    def log_groups(self, region: str) -> set:
        """The log groups of a region: moto's (CreateLogGroup) and the seeded ones."""
        from logs_insights import _moto_groups

        seeded = self.state.stores["logs"].region(region).groups if "logs" in self.state.stores else {}
        return set(_moto_groups(region)) | set(seeded)

    def own_handler(self, req: AwsRequest):
        service = self.services.get(req.service)
        if service is None:
            return None
        return service.handler(self.state.stores.get(service.name), req.region, req.protocol, req.operation)

    def moto_cbor(self, req: AwsRequest, environ):
        headers, body = proto.moto_json_request(req)
        status, _headers, out = self.call_moto(req, environ, body, headers, path="/")
        return proto.moto_json_to_cbor(req, status, out)

    def call_moto(self, req: AwsRequest, environ, body: bytes, extra_headers: dict, path=None):
        env = dict(environ)
        env["wsgi.input"] = io.BytesIO(body)
        env["CONTENT_LENGTH"] = str(len(body))
        env.pop("HTTP_CONTENT_ENCODING", None)
        env.pop("HTTP_TRANSFER_ENCODING", None)
        if path is not None:
            env["PATH_INFO"], env["QUERY_STRING"], env["REQUEST_METHOD"] = path, "", "POST"
            env.pop("HTTP_SMITHY_PROTOCOL", None)
            env["HTTP_ACCEPT"] = "application/json"
        for name, value in extra_headers.items():
            if name.lower() == "content-type":
                env["CONTENT_TYPE"] = value
            else:
                env["HTTP_" + name.upper().replace("-", "_")] = value
        if not env.get("HTTP_AUTHORIZATION") and req.service in proto.SERVICES:
            env["HTTP_AUTHORIZATION"] = proto.authorization_for(req.service, req.region)
        if accounts.current() != accounts.DEFAULT_ACCOUNT:
            env["HTTP_X_MOTO_ACCOUNT_ID"] = accounts.current()
        captured = {}

        def start_response(status, headers, exc_info=None):
            captured["status"] = int(status.split(" ", 1)[0])
            captured["headers"] = headers
            return lambda data: None

        try:
            chunks = self.moto(env, start_response)
            try:
                out = b"".join(chunks)
            finally:
                if hasattr(chunks, "close"):
                    chunks.close()
        except NotImplementedError as exc:
            raise AwsError("NotImplemented",
                           f"warroom emulator: {req.service} {req.operation} is not implemented "
                           f"(moto lacks it: {exc})", 501)
        return captured.get("status", 500), list(captured.get("headers", [])), out

    # ------------------------------------------------------------ control API

    def control(self, environ, path):
        method = environ.get("REQUEST_METHOD", "GET")
        route = path.rstrip("/")
        try:
            body = _read_body(environ)
            data = json.loads(body) if body.strip() else {}
        except ValueError as exc:
            return _json(400, {"ok": False, "error": f"body is not JSON: {exc}"})
        routes = {
            ("GET", "/_emulator/health"): lambda d: {"ok": True},
            ("POST", "/_emulator/reset"): self.reset,
            ("POST", "/_emulator/seed"): self.seed,
            ("POST", "/_emulator/faults"): self.add_fault,
            ("GET", "/_emulator/faults"): lambda d: self.state.faults.list(),
            ("DELETE", "/_emulator/faults"): self.clear_faults,
            ("GET", "/_emulator/requests"): lambda d: self.state.requests.snapshot(),
            ("POST", "/_emulator/logs/tail"): self.state.tail.control,
            ("GET", "/_emulator/logs/tail"): self.state.tail.list,
        }
        for service in self.services.values():
            store = self.state.stores.get(service.name)
            for key, entry in service.routes.items():
                routes[key] = functools.partial(entry, store)
        handler = routes.get((method, route))
        if handler is None:
            known = any(r == route for _, r in routes)
            return _json(405 if known else 404, {"ok": False, "error": f"no control route {method} {route}"})
        try:
            return _json(200, handler(data))
        except ControlError as exc:
            return _json(exc.status, {"ok": False, "error": str(exc)})
        except (AwsError, FaultError, ValueError, KeyError, TypeError) as exc:
            return _json(400, {"ok": False, "error": getattr(exc, "message", None) or str(exc)})

    def reset(self, _data=None):
        from moto.moto_api._internal.models import moto_api_backend

        moto_api_backend.reset()
        self.state.clear()
        return {"ok": True}

    def clear_faults(self, _data=None):
        self.state.faults.clear()
        return {"ok": True}

    def add_fault(self, data):
        specs = data if isinstance(data, list) else [data]
        for spec in specs:
            self.state.faults.add(spec)
        return {"ok": True, "faults": self.state.faults.list()}

    def seed(self, data):
        if not isinstance(data, dict):
            raise ControlError("seed body must be a JSON object")
        unknown = set(data) - self.seed_keys
        if unknown:
            raise ControlError(f"unknown seed keys: {', '.join(sorted(unknown))}; "
                               f"known: {', '.join(sorted(self.seed_keys))}")
        region = data.get("region") or proto.DEFAULT_REGION
        now = timeutil.now()
        summary = {"ok": True, "region": region}
        summary.update(self.state.accounts.seed(data, now))
        account = self.state.accounts.seed_target(data.get("account"))
        if data.get("account") is not None:
            summary["account"] = account
        with accounts.acting_as(account):
            if data.get("scenario"):
                anchor = data.get("anchor")
                anchor = timeutil.parse_anchor(anchor, now) if anchor is not None else (
                    self.default_anchor if self.default_anchor is not None else timeutil.default_anchor(now))
                summary.update(scenarios.load(data["scenario"], self.state.stores, region, anchor, now))
            for service in self.services.values():
                summary.update(service.seed_from(self.state.stores.get(service.name), data, region, now))
        return summary


def _json(status, data):
    return status, [("Content-Type", "application/json")], json.dumps(data).encode()
