"""The emulator's WSGI application: control API, faults, request log, the operations the
emulator owns, and moto for everything else."""

from __future__ import annotations

import gzip
import io
import json
import sys
import threading
import time
import traceback
import zlib

import aws_protocols as proto
import cloudtrail
import cloudwatch_alarms
import health
import logs_insights
import other_services
import scenarios
import ssm_api
import timeutil
from aws_protocols import AwsError, AwsRequest
from cloudtrail_store import CloudTrailStore
from cloudwatch_alarms import AlarmStore
from cloudwatch_metrics import MetricStore
from faults import FaultError, FaultRegistry, RequestLog
from health_store import HealthStore
from logs_store import LogsStore
from ssm_store import SsmStore

HOP_BY_HOP = {"content-length", "transfer-encoding", "connection", "keep-alive", "server", "date"}
SEED_KEYS = {"scenario", "anchor", "region", "metric_alarms", "composite_alarms", "alarm_history",
             "metric_data", "generate", "health", "cloudtrail", "logs", "ssm"}


class RegionState:
    def __init__(self, region: str):
        self.region = region
        self.alarms = AlarmStore(region)
        self.metrics = MetricStore()


class EmulatorState:
    def __init__(self):
        self.lock = threading.Lock()
        self.regions: dict[str, RegionState] = {}
        self.faults = FaultRegistry()
        self.requests = RequestLog()
        self.health = HealthStore()     # global, like the Health API
        self.cloudtrail = CloudTrailStore()   # partitioned by the recording region
        self.logs = LogsStore()               # Logs Insights, partitioned by region
        self.ssm = SsmStore()                 # SSM Run Command, partitioned by region

    def region(self, name: str) -> RegionState:
        with self.lock:
            state = self.regions.get(name)
            if state is None:
                state = self.regions[name] = RegionState(name)
            return state

    def clear(self):
        with self.lock:
            self.regions.clear()
        self.health.clear()
        self.cloudtrail.clear()
        self.logs.clear()
        self.ssm.clear()
        self.faults.clear()
        self.requests.clear()


class ControlError(Exception):
    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


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

        self.state = EmulatorState()
        self.moto = DomainDispatcherApplication(create_backend_app)
        self.default_anchor = default_anchor
        self.verbose = verbose

    # ------------------------------------------------------------ warm-up

    def warm_up(self):
        """Import moto's backends and botocore's models now, not on the first request."""
        for service in ("cloudwatch", "health", "logs", "cloudtrail", "ssm", "sts"):
            proto.service_model(service)
            if service != "health":
                environ = {"PATH_INFO": "/", "REQUEST_METHOD": "POST",
                           "HTTP_AUTHORIZATION": proto.authorization_for(service, proto.DEFAULT_REGION)}
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
        try:
            req = proto.classify(method, path, headers, body)
        except Exception as exc:  # undecodable CBOR and the like
            match = proto.CBOR_PATH.search(path)
            service = proto.TARGET_TO_SERVICE.get(match.group(1)) if match else None
            operation = match.group(2) if match else None
            req = AwsRequest("rpc-v2-cbor", service, operation, proto.DEFAULT_REGION, body, headers)
            entry = self.state.requests.start(service, req.region, operation, req.protocol)
            result = proto.error(req, "SerializationException", f"cannot decode request: {exc}", 400)
            self.state.requests.finish(entry, result[0])
            return result
        entry = self.state.requests.start(req.service, req.region, req.operation, req.protocol)
        try:
            result = self.dispatch(req, environ)
        except AwsError as err:
            result = proto.error(req, err.code, err.message, err.status, err.sender)
        except Exception as exc:
            traceback.print_exc(file=sys.stderr)
            result = proto.error(req, "InternalFailure", f"emulator error: {exc}", 500, sender=False)
        self.state.requests.finish(entry, result[0])
        if self.verbose:
            print(f"{req.protocol} {req.service} {req.region} {req.operation} -> {result[0]}", file=sys.stderr)
        return result

    def dispatch(self, req: AwsRequest, environ):
        fault = self.state.faults.take(req.service, req.operation)
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
        handler = self.own_handler(req)
        if handler is not None:
            return proto.success(req, handler(proto.parse_params(req)))
        if req.protocol == "rpc-v2-cbor":
            if req.service not in proto.SERVICES or "target" not in proto.SERVICES[req.service] \
                    or proto.operation_model(req.service, req.operation) is None:
                raise AwsError("UnknownOperationException",
                               f"unknown operation {req.operation} of {req.service}", 404)
            return self.moto_cbor(req, environ)
        return self.call_moto(req, environ, req.body, {})

    def own_handler(self, req: AwsRequest):
        if req.service == "cloudwatch" and req.protocol in ("rpc-v2-cbor", "json"):
            return cloudwatch_alarms.handlers(self.state.region(req.region)).get(req.operation)
        if req.service == "health" and req.protocol in ("rpc-v2-cbor", "json"):
            handler = health.handlers(self.state.health).get(req.operation)
            if handler is not None:
                return handler
        if req.service == "cloudtrail" and req.protocol == "json":
            handler = cloudtrail.handlers(self.state.cloudtrail, req.region).get(req.operation)
            if handler is not None:
                return handler
        if req.service == "logs" and req.protocol == "json":
            handler = logs_insights.handlers(self.state.logs, req.region).get(req.operation)
            if handler is not None:
                return handler
        if req.service == "ssm" and req.protocol == "json":
            handler = ssm_api.handlers(self.state.ssm, req.region).get(req.operation)
            if handler is not None:
                return handler
        if req.protocol in ("rpc-v2-cbor", "json"):
            return other_services.own_handler(req.service, req.operation)
        return None

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
            ("POST", "/_emulator/alarm-state"): self.alarm_state,
            ("POST", "/_emulator/faults"): self.add_fault,
            ("GET", "/_emulator/faults"): lambda d: self.state.faults.list(),
            ("DELETE", "/_emulator/faults"): self.clear_faults,
            ("GET", "/_emulator/requests"): lambda d: self.state.requests.snapshot(),
        }
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
        unknown = set(data) - SEED_KEYS
        if unknown:
            raise ControlError(f"unknown seed keys: {', '.join(sorted(unknown))}; known: {', '.join(sorted(SEED_KEYS))}")
        region = data.get("region") or proto.DEFAULT_REGION
        rs = self.state.region(region)
        now = timeutil.now()
        summary = {"ok": True, "region": region}
        if data.get("scenario"):
            anchor = data.get("anchor")
            anchor = timeutil.to_epoch(anchor) if anchor is not None else (
                self.default_anchor if self.default_anchor is not None else timeutil.default_anchor(now))
            summary.update(self.load_scenario(data["scenario"], region, anchor, now))
        for item in data.get("metric_alarms") or []:
            rs.alarms.seed_metric_alarm(item, now)
        for item in data.get("composite_alarms") or []:
            rs.alarms.seed_composite_alarm(item, now)
        for item in data.get("alarm_history") or []:
            rs.alarms.seed_history(item, now)
        points = sum(rs.metrics.seed(item) for item in data.get("metric_data") or [])
        if data.get("health") is not None:
            summary.update(self.state.health.seed(data["health"], region, now))
        if data.get("cloudtrail") is not None:
            summary.update(self.state.cloudtrail.seed(data["cloudtrail"], region, now))
        if data.get("logs") is not None:
            summary.update(self.state.logs.seed(data["logs"], region, now))
        if data.get("ssm") is not None:
            summary.update(self.state.ssm.seed(data["ssm"], region, now))
        generate = data.get("generate") or {}
        count = int(generate.get("metric_alarms", 0))
        if count:
            rs.alarms.generate(count, generate.get("state", "OK"), now)
        summary.update({
            "seeded_metric_alarms": len(data.get("metric_alarms") or []),
            "seeded_composite_alarms": len(data.get("composite_alarms") or []),
            "seeded_alarm_history": len(data.get("alarm_history") or []),
            "seeded_metric_points": points, "generated_metric_alarms": count,
        })
        return summary

    def load_scenario(self, name, region, anchor, now):
        return scenarios.load(name, self.state.region(region), region, anchor, now, health=self.state.health,
                              cloudtrail=self.state.cloudtrail, logs=self.state.logs,
                              ssm=self.state.ssm)

    def alarm_state(self, data):
        for key in ("AlarmName", "StateValue"):
            if not data.get(key):
                raise ControlError(f"'{key}' is required")
        rs = self.state.region(data.get("region") or proto.DEFAULT_REGION)
        ts = timeutil.to_epoch(data["Timestamp"]) if data.get("Timestamp") is not None else None
        try:
            rs.alarms.set_state(data["AlarmName"], data["StateValue"],
                                data.get("StateReason") or "State set through the warroom emulator control API",
                                data.get("StateReasonData"), ts)
        except AwsError as err:
            raise ControlError(err.message, 404 if err.code == "ResourceNotFound" else 400)
        return {"ok": True}


def _json(status, data):
    return status, [("Content-Type", "application/json")], json.dumps(data).encode()
