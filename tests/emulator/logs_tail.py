"""CloudWatch Logs Live Tail (StartLiveTail) as AWS serves it: an `application/vnd.amazon.eventstream`
response of binary frames (prelude CRC, message CRC; headers `:message-type`, `:event-type` or
`:exception-type`, `:content-type`).

- Frames: `initial-response` (`{}`, what botocore's awsJson parser reads first), `sessionStart`
  (requestId, sessionId, logGroupIdentifiers, logStreamNames, logStreamNamePrefixes,
  logEventFilterPattern), then a `sessionUpdate` every `update_seconds` (default 1) with the events
  PutLogEvents added to the session's groups since the last one (logStreamName, logGroupIdentifier,
  message, timestamp, ingestionTime, oldest first) and `sessionMetadata.sampled`: true when more than
  `sample_rate` events (default 500, as AWS) arrived in that update, which then carries
  `sample_rate` of them.
- The filter pattern is moto's FilterLogEvents filter (`EventMessageFilter`).
- Limits: 1..10 log group identifiers (names or ARNs), logStreamNames or logStreamNamePrefixes (not
  both, one group only), unknown group: ResourceNotFoundException. A session lasts
  `session_seconds` (default 3 hours) and ends with a `SessionTimeoutException` frame.
- Control (`POST /_emulator/logs/tail`): {"sample_rate", "session_seconds", "update_seconds"} set the
  pace of sessions started afterwards; {"exception": "SessionStreamingException" | "SessionTimeoutException",
  "message"} ends every open session with that frame; {"drop": true} closes every open session's
  connection mid-stream (no final frame, no end of the chunked body). `GET /_emulator/logs/tail`
  lists the open sessions. Faults on operation StartLiveTail answer before the stream starts.
"""

from __future__ import annotations

import binascii
import json
import socket
import struct
import threading
import time
import uuid

import accounts
from aws_protocols import AwsError
from services import ControlError

CONTENT_TYPE = "application/vnd.amazon.eventstream"
DEFAULTS = {"sample_rate": 500, "session_seconds": 3 * 3600.0, "update_seconds": 1.0}
EXCEPTIONS = ("SessionStreamingException", "SessionTimeoutException")
STRING = 7


def _header(name: str, value: str) -> bytes:
    n, v = name.encode(), value.encode()
    return struct.pack("!B", len(n)) + n + struct.pack("!BH", STRING, len(v)) + v


def frame(headers: dict, payload: bytes) -> bytes:
    """One event-stream message: prelude (total length, headers length, CRC), headers, payload, CRC."""
    raw_headers = b"".join(_header(k, v) for k, v in headers.items())
    total = 12 + len(raw_headers) + len(payload) + 4
    prelude = struct.pack("!II", total, len(raw_headers))
    prelude += struct.pack("!I", binascii.crc32(prelude) & 0xFFFFFFFF)
    message = prelude + raw_headers + payload
    return message + struct.pack("!I", binascii.crc32(message) & 0xFFFFFFFF)


def event(kind: str, body: dict) -> bytes:
    return frame({":message-type": "event", ":event-type": kind, ":content-type": "application/json"},
                 json.dumps(body).encode())


def exception(kind: str, message: str) -> bytes:
    return frame({":message-type": "exception", ":exception-type": kind, ":content-type": "application/json"},
                 json.dumps({"message": message}).encode())


def _invalid(message):
    return AwsError("InvalidParameterException", message)


def _group_name(identifier: str) -> str:
    """A log group name from a name or an ARN (with or without `:*`)."""
    if identifier.startswith("arn:"):
        parts = identifier.split(":log-group:", 1)
        if len(parts) == 2:
            return parts[1][:-2] if parts[1].endswith(":*") else parts[1]
    return identifier


def _group_arn(account: str, region: str, name: str) -> str:
    return f"arn:aws:logs:{region}:{account}:log-group:{name}"


def _matcher(pattern: str):
    from moto.logs.utils import EventMessageFilter

    flt = EventMessageFilter(pattern or "")
    return flt.matches


class Session:
    def __init__(self, region, groups, names, prefixes, pattern, settings):
        self.id = str(uuid.uuid4())
        self.account = accounts.current()      # the caller's, as every store keeps it
        self.region = region
        self.groups = groups            # {name: identifier as asked}
        self.names = names
        self.prefixes = prefixes
        self.pattern = pattern
        self.matches = _matcher(pattern)
        self.settings = dict(settings)
        self.pending: list[dict] = []
        self.ending = None              # ("exception", kind, message) | ("drop",)
        self.updates = 0
        self.started = time.time()

    def wants(self, account: str, region: str, group: str, stream: str) -> bool:
        if (account, region) != (self.account, self.region) or group not in self.groups:
            return False
        if self.names:
            return stream in self.names
        if self.prefixes:
            return any(stream.startswith(p) for p in self.prefixes)
        return True

    def describe(self) -> dict:
        return {"sessionId": self.id, "account": self.account, "region": self.region, "logGroups": sorted(self.groups),
                "updates": self.updates, "pending": len(self.pending), "filter": self.pattern}


class TailHub:
    """The open Live Tail sessions and the events PutLogEvents hands them."""

    def __init__(self):
        self.cond = threading.Condition()
        self.sessions: list[Session] = []
        self.settings = dict(DEFAULTS)

    def clear(self):
        with self.cond:
            for s in self.sessions:
                s.ending = ("exception", "SessionStreamingException", "The emulator was reset.")
            self.settings = dict(DEFAULTS)
            self.cond.notify_all()

    # ------------------------------------------------------------ control

    def control(self, data: dict) -> dict:
        if not isinstance(data, dict):
            raise ControlError("logs/tail body must be a JSON object")
        known = set(DEFAULTS) | {"exception", "message", "drop"}
        extra = set(data) - known
        if extra:
            raise ControlError(f"unknown logs/tail keys: {', '.join(sorted(extra))}; known: {', '.join(sorted(known))}")
        with self.cond:
            for key in DEFAULTS:
                if key in data:
                    value = data[key]
                    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                        raise ControlError(f"logs/tail {key} must be a number > 0")
                    self.settings[key] = int(value) if key == "sample_rate" else float(value)
            if data.get("exception") is not None:
                kind = data["exception"]
                if kind not in EXCEPTIONS:
                    raise ControlError(f"logs/tail exception must be one of {', '.join(EXCEPTIONS)}")
                message = str(data.get("message") or f"{kind} injected by the emulator")
                for s in self.sessions:
                    s.ending = ("exception", kind, message)
            if data.get("drop"):
                for s in self.sessions:
                    s.ending = ("drop",)
            ended = len(self.sessions) if (data.get("exception") or data.get("drop")) else 0
            self.cond.notify_all()
            return {"ok": True, "settings": dict(self.settings), "sessions_ended": ended}

    def list(self, _data=None) -> dict:
        with self.cond:
            return {"sessions": [s.describe() for s in self.sessions], "settings": dict(self.settings)}

    # ------------------------------------------------------------ PutLogEvents

    def put(self, region: str, params: dict):
        """Events PutLogEvents stored (moto accepted them): to every session that follows their group."""
        group = _group_name(str(params.get("logGroupName") or params.get("logGroupIdentifier") or ""))
        stream = str(params.get("logStreamName") or "")
        events = params.get("logEvents") or []
        ingestion = int(time.time() * 1000)
        account = accounts.current()
        with self.cond:
            for s in self.sessions:
                if not s.wants(account, region, group, stream):
                    continue
                for e in events:
                    message = str(e.get("message", ""))
                    if not s.matches(message):
                        continue
                    s.pending.append({"logStreamName": stream, "logGroupIdentifier": _group_arn(account, region, group),
                                      "message": message, "timestamp": int(e.get("timestamp") or 0),
                                      "ingestionTime": ingestion})
            self.cond.notify_all()

    # ------------------------------------------------------------ StartLiveTail

    def start(self, region: str, p: dict, known_groups: set, environ) -> tuple:
        identifiers = p.get("logGroupIdentifiers")
        if not isinstance(identifiers, list) or not 1 <= len(identifiers) <= 10:
            count = len(identifiers) if isinstance(identifiers, list) else 0
            raise _invalid(f"1 validation error detected: Value at 'logGroupIdentifiers' failed to satisfy "
                           f"constraint: Member must have length between 1 and 10 (got {count})")
        names, prefixes = p.get("logStreamNames"), p.get("logStreamNamePrefixes")
        if names and prefixes:
            raise _invalid("Only one of logStreamNames or logStreamNamePrefixes can be provided.")
        if (names or prefixes) and len(identifiers) != 1:
            raise _invalid("logStreamNames and logStreamNamePrefixes can only be used with a single log group.")
        pattern = p.get("logEventFilterPattern") or ""
        groups = {}
        for identifier in identifiers:
            name = _group_name(str(identifier))
            if name not in known_groups:
                raise AwsError("ResourceNotFoundException",
                               f"The specified log group does not exist: {identifier}")
            groups[name] = str(identifier)
        try:
            _matcher(pattern)
        except Exception as exc:
            raise _invalid(f"Invalid filter pattern: {exc}")
        with self.cond:
            session = Session(region, groups, list(names or []), list(prefixes or []), pattern, self.settings)
            self.sessions.append(session)
        start = {"requestId": str(uuid.uuid4()), "sessionId": session.id,
                 "logGroupIdentifiers": [_group_arn(session.account, region, g) for g in groups],
                 "logStreamNames": session.names, "logStreamNamePrefixes": session.prefixes,
                 "logEventFilterPattern": pattern}
        headers = [("Content-Type", CONTENT_TYPE), ("x-amzn-RequestId", start["requestId"])]
        return 200, headers, self._stream(session, start, environ.get("werkzeug.socket"))

    def _stream(self, s: Session, start: dict, sock):
        try:
            yield event("initial-response", {})
            yield event("sessionStart", start)
            interval = s.settings["update_seconds"]
            ends_at = s.started + s.settings["session_seconds"]
            next_update = time.time() + interval
            while True:
                with self.cond:
                    while s.ending is None and time.time() < min(next_update, ends_at):
                        self.cond.wait(max(0.0, min(next_update, ends_at) - time.time()))
                    ending, now = s.ending, time.time()
                    batch, s.pending = (s.pending, []) if now >= next_update or ending else ([], s.pending)
                if ending and ending[0] == "drop":
                    _drop(sock)
                    return
                if batch or (not ending and now < ends_at):
                    yield self._update(s, batch)
                    next_update = max(next_update + interval, now)
                if ending:
                    yield exception(ending[1], ending[2])
                    return
                if now >= ends_at:
                    yield exception("SessionTimeoutException",
                                    f"The Live Tail session reached its limit of {s.settings['session_seconds']:g} "
                                    "seconds. Start a new session to keep tailing.")
                    return
        finally:
            with self.cond:
                if s in self.sessions:
                    self.sessions.remove(s)

    def _update(self, s: Session, batch: list) -> bytes:
        rate = s.settings["sample_rate"]
        batch.sort(key=lambda e: (e["timestamp"], e["ingestionTime"]))
        sampled = len(batch) > rate
        if sampled:
            step = len(batch) / rate
            batch = [batch[int(i * step)] for i in range(rate)]
        s.updates += 1
        return event("sessionUpdate", {"sessionMetadata": {"sampled": sampled}, "sessionResults": batch})


def _drop(sock):
    """Closes the connection under the response: the client sees the stream cut mid-body."""
    if sock is None:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def accepted(params: dict, answer: bytes) -> dict:
    """PutLogEvents' parameters without the events its answer says were rejected."""
    try:
        info = json.loads(answer or b"{}").get("rejectedLogEventsInfo") or {}
    except ValueError:
        info = {}
    events = list(params.get("logEvents") or [])
    low = max(info.get("tooOldLogEventEndIndex", -1), info.get("expiredLogEventEndIndex", -1)) + 1
    high = info.get("tooNewLogEventStartIndex", len(events))
    return dict(params, logEvents=events[low:high])
