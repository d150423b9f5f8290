"""What the emulator's stores share: a container of per-region parts, made on first use, and the
check that a seed item carries only known keys."""

from __future__ import annotations

import threading

import accounts


def unknown_keys(item, known, what):
    """Refuse a seed item that is not an object or has keys outside `known`."""
    if not isinstance(item, dict):
        raise ValueError(f"{what} must be a JSON object")
    extra = set(item) - known
    if extra:
        raise ValueError(f"unknown {what} keys: {', '.join(sorted(extra))}; known: {', '.join(sorted(known))}")


def whole_number(value, what, lo=0):
    if isinstance(value, bool) or not isinstance(value, int) or value < lo:
        raise ValueError(f"{what} must be a whole number >= {lo}")
    return value


class RegionalStore:
    """State kept apart per account and region (the account from the request's credentials,
    accounts.py; the region from its SigV4 credential scope): `part_class(region)` for each pair
    asked for, made while serving that account, so a part may read `accounts.current()` once."""

    part_class: type

    def __init__(self):
        self.lock = threading.RLock()
        self.parts: dict[tuple, object] = {}

    @staticmethod
    def key(region: str) -> tuple:
        return (accounts.current(), region)

    def region(self, name: str):
        with self.lock:
            key = self.key(name)
            part = self.parts.get(key)
            if part is None:
                part = self.parts[key] = self.part_class(name)
            return part

    def clear(self):
        with self.lock:
            self.parts.clear()
