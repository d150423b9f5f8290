"""Composite alarm rules: ALARM("a") AND (OK(b) OR NOT INSUFFICIENT_DATA("c")), TRUE, FALSE."""

from __future__ import annotations

import re

_TOKEN = re.compile(
    r"\s*(?:(?P<fn>ALARM|OK|INSUFFICIENT_DATA)\s*\(\s*(?P<arg>\"[^\"]*\"|'[^']*'|[^)]*?)\s*\)"
    r"|(?P<kw>AND|OR|NOT|TRUE|FALSE)\b|(?P<paren>[()]))"
)


def alarm_name(reference: str) -> str:
    """An alarm name or an alarm ARN -> the alarm name."""
    ref = reference.strip().strip("\"'")
    if ":alarm:" in ref:
        return ref.split(":alarm:", 1)[1]
    return ref


def tokenize(rule: str) -> list[tuple]:
    tokens, pos = [], 0
    rule = rule or ""
    while pos < len(rule):
        if rule[pos:].strip() == "":
            break
        match = _TOKEN.match(rule, pos)
        if not match:
            raise ValueError(f"cannot parse alarm rule at {rule[pos:pos + 20]!r}")
        if match.group("fn"):
            tokens.append(("STATE", match.group("fn"), alarm_name(match.group("arg"))))
        elif match.group("kw"):
            tokens.append(("KW", match.group("kw")))
        else:
            tokens.append(("PAREN", match.group("paren")))
        pos = match.end()
    return tokens


def referenced_alarms(rule: str) -> list[str]:
    try:
        return [t[2] for t in tokenize(rule) if t[0] == "STATE"]
    except ValueError:
        return []


def evaluate(rule: str, states: dict[str, str]) -> bool | None:
    """True/False, or None when the rule cannot be evaluated (syntax or unknown alarm)."""
    try:
        tokens = tokenize(rule)
    except ValueError:
        return None
    if not tokens:
        return None
    pos = 0
    missing = False

    def peek():
        return tokens[pos] if pos < len(tokens) else None

    def take():
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def parse_or():
        value = parse_and()
        while peek() == ("KW", "OR"):
            take()
            right = parse_and()
            value = value or right
        return value

    def parse_and():
        value = parse_not()
        while peek() == ("KW", "AND"):
            take()
            right = parse_not()
            value = value and right
        return value

    def parse_not():
        if peek() == ("KW", "NOT"):
            take()
            return not parse_not()
        return parse_atom()

    def parse_atom():
        nonlocal missing
        token = take() if peek() else None
        if token is None:
            raise ValueError("unexpected end of rule")
        if token[0] == "STATE":
            state = states.get(token[2])
            if state is None:
                missing = True
            return state == token[1]
        if token == ("KW", "TRUE"):
            return True
        if token == ("KW", "FALSE"):
            return False
        if token == ("PAREN", "("):
            value = parse_or()
            if take() != ("PAREN", ")"):
                raise ValueError("missing )")
            return value
        raise ValueError(f"unexpected {token}")

    try:
        result = parse_or()
    except (ValueError, IndexError):
        return None
    if pos != len(tokens) or missing:
        return None
    return result
