"""Time helpers shared by the emulator modules.

Inside the emulator every timestamp is a float of epoch seconds (UTC).
"""

from __future__ import annotations

import datetime as _dt
import re
import time

UTC = _dt.timezone.utc
_FRACTION = re.compile(r"\.\d{7,}")


def now() -> float:
    return time.time()


def to_epoch(value) -> float:
    """Epoch seconds from an ISO 8601 string, a number or a datetime."""
    if value is None:
        raise ValueError("missing timestamp")
    if isinstance(value, bool):
        raise ValueError(f"not a timestamp: {value!r}")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.timestamp()
    if isinstance(value, str):
        text = value.strip()
        try:
            return float(text)
        except ValueError:
            pass
        # nanosecond fractions (jiff, Go) -> microseconds, which fromisoformat takes everywhere
        text = _FRACTION.sub(lambda m: m.group(0)[:7], text)
        if text.endswith("Z") or text.endswith("z"):
            text = text[:-1] + "+00:00"
        # "+0000" (AWS reason data style) -> "+00:00"
        if len(text) > 5 and text[-5] in "+-" and text[-4:].isdigit() and "T" in text:
            text = text[:-2] + ":" + text[-2:]
        parsed = _dt.datetime.fromisoformat(text)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed.timestamp()
    raise ValueError(f"not a timestamp: {value!r}")


_RELATIVE = re.compile(r"now(?:\s*-\s*(\d+)\s*([smhd]))?")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_anchor(value, reference: float | None = None) -> float:
    """An anchor: `now`, `now-12m` (also s, h, d) before `reference`, or what to_epoch takes."""
    if isinstance(value, str):
        relative = _RELATIVE.fullmatch(value.strip())
        if relative:
            ago = int(relative.group(1) or 0) * _UNIT[relative.group(2) or "s"]
            return (reference if reference is not None else now()) - ago
    return to_epoch(value)


def to_datetime(epoch: float) -> _dt.datetime:
    return _dt.datetime.fromtimestamp(epoch, tz=UTC)


def iso(epoch: float) -> str:
    """2026-11-23T03:02:00Z (milliseconds only when present)."""
    d = to_datetime(epoch)
    if d.microsecond:
        return d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond // 1000:03d}Z"
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


def aws_reason_time(epoch: float) -> str:
    """The timestamp style AWS uses inside StateReasonData: 2026-11-23T03:02:00.000+0000."""
    d = to_datetime(epoch)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond // 1000:03d}+0000"


def aws_reason_short(epoch: float) -> str:
    """The timestamp style AWS uses inside StateReason text: 23/11/26 03:01:00."""
    return to_datetime(epoch).strftime("%d/%m/%y %H:%M:%S")


def aws_long_date(epoch: float) -> str:
    """Monday 23 November, 2026 03:04:00 UTC (composite alarm reasons)."""
    d = to_datetime(epoch)
    return f"{d.strftime('%A')} {d.day} {d.strftime('%B, %Y %H:%M:%S')} UTC"


def default_anchor(reference: float | None = None) -> float:
    """The whole minute 12 minutes before `reference`: the demo incident is happening now."""
    ref = (reference if reference is not None else now()) - 720
    return float(int(ref // 60) * 60)


def floor_to(epoch: float, step: int) -> int:
    return int(epoch // step) * step
