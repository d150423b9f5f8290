"""Injected faults and the log of AWS requests received."""

from __future__ import annotations

import re
import threading
import time


class FaultError(ValueError):
    pass


class Fault:
    def __init__(self, spec: dict):
        if not isinstance(spec, dict):
            raise FaultError("a fault is a JSON object")
        operation = spec.get("operation")
        if not operation or not isinstance(operation, str):
            raise FaultError("'operation' (e.g. \"DescribeAlarms\") is required")
        self.operation = operation
        self.service = spec.get("service")  # optional narrowing: "cloudwatch", "logs", ...
        account = spec.get("account")       # optional narrowing: requests whose credentials act in it
        if account is not None and (not isinstance(account, str) or not re.fullmatch(r"\d{12}", account)):
            raise FaultError("'account' must be an account id: a string of 12 digits, like \"210987654321\"")
        self.account = account
        self.delay = float(spec.get("delay_seconds") or 0.0)
        if self.delay < 0:
            raise FaultError("'delay_seconds' must be >= 0")
        err = spec.get("error")
        if err is not None:
            if isinstance(err, str):
                err = {"code": err}
            if not isinstance(err, dict) or not err.get("code"):
                raise FaultError("'error' needs a 'code'")
            err = {
                "code": str(err["code"]),
                "message": str(err.get("message", err["code"])),
                "status": int(err.get("status", 400)),
            }
        self.error = err
        status = spec.get("http_status")
        self.http_status = int(status) if status is not None else None
        # After handling: the operation runs (a SendCommand is accepted, as AWS did), then the
        # answer is held `delay_seconds` and/or replaced by the error or status: an answer that
        # was slow or lost although the call took effect.
        after = spec.get("after_handling", False)
        if not isinstance(after, bool):
            raise FaultError("'after_handling' must be true or false")
        self.after_handling = after
        times = spec.get("times")
        self.remaining = int(times) if times is not None else None  # None: until cleared
        if self.remaining is not None and self.remaining < 1:
            raise FaultError("'times' must be >= 1")
        if not (self.delay or self.error or self.http_status):
            raise FaultError("give at least one of delay_seconds, error, http_status")

    def matches(self, service: str | None, operation: str | None, account: str | None) -> bool:
        if operation != self.operation:
            return False
        if self.account is not None and self.account != account:
            return False
        return self.service is None or self.service == service

    def describe(self) -> dict:
        return {
            "operation": self.operation, "service": self.service, "account": self.account,
            "delay_seconds": self.delay, "error": self.error,
            "http_status": self.http_status, "after_handling": self.after_handling,
            "times_remaining": self.remaining,
        }


class FaultRegistry:
    def __init__(self):
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(self, spec: dict) -> Fault:
        fault = Fault(spec)
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def list(self) -> list[dict]:
        with self._lock:
            return [f.describe() for f in self._faults]

    def take(self, service: str | None, operation: str | None, account: str | None = None) -> dict | None:
        """The fault for this call (consuming one of its `times`), or None."""
        if operation is None:
            return None
        with self._lock:
            for fault in self._faults:
                if fault.matches(service, operation, account):
                    if fault.remaining is not None:
                        fault.remaining -= 1
                        if fault.remaining <= 0:
                            self._faults.remove(fault)
                    return {"delay": fault.delay, "error": fault.error, "http_status": fault.http_status,
                            "after_handling": fault.after_handling}
        return None


class RequestLog:
    def __init__(self):
        self._lock = threading.Lock()
        self._entries: list[dict] = []

    def start(self, service, region, operation, protocol, account=None, fields=None) -> dict:
        """A new entry; `account` is the one the request's credentials act in, `fields` what its
        service adds (AssumeRole: the role and session name)."""
        entry = {
            "time": time.time(), "service": service, "region": region, "account": account,
            "operation": operation, "protocol": protocol, "status": None,
        }
        entry.update(fields or {})
        with self._lock:
            self._entries.append(entry)
        return entry

    def finish(self, entry: dict, status: int) -> None:
        with self._lock:
            entry["status"] = status

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def snapshot(self) -> list[dict]:
        with self._lock:
            return [dict(e) for e in self._entries]
