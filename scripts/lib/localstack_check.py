#!/usr/bin/env python3
"""Seeds an AWS endpoint with boto3, runs warroom's headless commands against it and says, per
command, whether it worked, differed from what AWS would answer, or hit a service the endpoint
does not emulate, with the wall time of each. Used by scripts/localstack-check.

    localstack_check.py --endpoint URL --warroom PATH --label LocalStack [--results FILE]
    localstack_check.py --compare A.json B.json      (what differs between two runs)

Per command: `ok`; `differs` (the endpoint answered otherwise than AWS would, e.g. a query
filter it ignores: warroom showed what it got); `not emulated` (warroom said in words that
the service failed, with the documented exit code, within 2 s); `failed` (warroom itself went
wrong: a panic, a hang, a wrong exit code, no words, too slow, output that does not parse).
Exit code 1 when any command failed, else 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import localstack_seed as seed  # noqa: E402

TIMEOUT_S = 120
# A command whose only failing source is an unemulated one should still answer quickly.
SLOW_S = 2.0
AWS_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$")


class Check:
    def __init__(self, service: str, args: list[str]):
        self.service, self.args = service, args
        self.status, self.notes, self.seconds, self.rc = "ok", [], 0.0, None
        self.stdout = self.stderr = ""

    def differ(self, note: str):
        if self.status == "ok":
            self.status = "differs"
        self.notes.append(note)

    def fail(self, note: str):
        self.status = "failed"
        self.notes.append(note)

    def not_emulated(self, note: str):
        if self.status == "ok":
            self.status = "not emulated"
        self.notes.append(note)

    def as_json(self):
        return {"service": self.service, "command": "warroom " + " ".join(self.args),
                "status": self.status, "notes": self.notes, "seconds": round(self.seconds, 2),
                "exit_code": self.rc}


def run(check: Check, warroom: str, endpoint: str, region: str, env: dict) -> Check:
    argv = [warroom, *check.args, "--endpoint-url", endpoint, "--region", region]
    started = time.monotonic()
    try:
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=TIMEOUT_S,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        check.seconds = time.monotonic() - started
        check.fail(f"no answer within {TIMEOUT_S} s (killed)")
        return check
    check.seconds = time.monotonic() - started
    check.rc, check.stdout, check.stderr = done.returncode, done.stdout, done.stderr
    if "panicked" in done.stderr:
        check.fail("warroom panicked: " + first_line(done.stderr, "panicked"))
    return check


def first_line(text: str, containing: str = "") -> str:
    for line in text.splitlines():
        if containing in line and line.strip():
            return line.strip()[:300]
    return ""


def stderr_words(check: Check) -> str:
    return " | ".join(line.strip() for line in check.stderr.splitlines() if line.strip())[:400]


def load_json(check: Check):
    try:
        return json.loads(check.stdout)
    except ValueError as exc:
        check.fail(f"stdout is not JSON ({exc})")
        return None


def load_jsonl(check: Check):
    rows = []
    for number, line in enumerate(check.stdout.splitlines(), 1):
        try:
            rows.append(json.loads(line))
        except ValueError as exc:
            check.fail(f"line {number} is not JSON ({exc})")
    return rows


def expect_unemulated_failure(check: Check, what: str, rc: int = 1):
    """A call to a service the endpoint lacks: words on stderr, the documented exit code, fast."""
    if check.status == "failed":
        return
    words = stderr_words(check)
    if check.rc != rc:
        check.fail(f"exit code {check.rc}, documented {rc} when {what} fails")
    if not words:
        check.fail("nothing on stderr says why it failed")
    check.not_emulated(f"{what} not served; warroom said: {words or '(nothing)'}")
    if check.seconds > SLOW_S:
        check.fail(f"took {check.seconds:.1f} s to give up on {what} (over {SLOW_S:.0f} s)")


def judge_alarms_table(check: Check):
    if check.rc != 0:
        return check.fail(f"exit code {check.rc}: {stderr_words(check)}")
    for name, state in seed.EXPECTED_STATES.items():
        tokens = next((ln.split() for ln in check.stdout.splitlines() if name in ln.split()), [])
        if not tokens:
            check.differ(f"{name} missing from the table")
        elif tokens[tokens.index(name) - 1] != state:
            check.differ(f"{name} is shown {tokens[tokens.index(name) - 1]}, seeded to be {state}")


def judge_alarms_json(check: Check):
    if check.rc != 0:
        return check.fail(f"exit code {check.rc}: {stderr_words(check)}")
    alarms = load_json(check)
    if not isinstance(alarms, list):
        return
    by_name = {a.get("name"): a for a in alarms}
    for name, state in seed.EXPECTED_STATES.items():
        got = by_name.get(name)
        if got is None:
            check.differ(f"{name} missing")
        elif got.get("state") != state:
            check.differ(f"{name} is {got.get('state')}, seeded to be {state}")
    latency = by_name.get(seed.ALARM_LATENCY, {}).get("kind", {})
    if latency and latency.get("statistic") != "p99":
        check.differ(f"{seed.ALARM_LATENCY}'s statistic reads {latency.get('statistic')!r}, not 'p99'")
    composite = by_name.get(seed.ALARM_COMPOSITE, {}).get("kind", {})
    if composite and composite.get("type") != "composite":
        check.differ(f"{seed.ALARM_COMPOSITE} is not read as a composite alarm: {composite.get('type')}")


def judge_alarms_firing(check: Check):
    if check.rc != 0:
        return check.fail(f"exit code {check.rc}: {stderr_words(check)}")
    alarms = load_json(check)
    if not isinstance(alarms, list):
        return
    got = sorted(a.get("name") for a in alarms)
    want = sorted(n for n, s in seed.EXPECTED_STATES.items() if s == "ALARM")
    if got != want:
        check.differ(f"--state ALARM gave {got}, seeded {want}")


def judge_query_filter(check: Check):
    if check.rc != 0:
        return check.fail(f"exit code {check.rc}: {stderr_words(check)}")
    rows = load_json(check)
    if not isinstance(rows, list):
        return
    messages = [str(r.get("@message", "")) for r in rows if isinstance(r, dict)]
    if seed.ERROR_MESSAGE not in messages:
        check.differ(f"the ERROR event is not among the {len(rows)} rows")
    others = [m for m in messages if "ERROR" not in m]
    if others:
        check.differ(f"`filter @message like /ERROR/` not applied: {len(others)} of {len(rows)} rows are not ERROR")
    stamps = [str(r.get("@timestamp", "")) for r in rows if isinstance(r, dict)]
    if "" in stamps:
        check.differ("rows without @timestamp")
    odd = [t for t in stamps if t and not AWS_TIMESTAMP.match(t)]
    if odd:
        check.differ(f"@timestamp not in AWS's form YYYY-MM-DD HH:MM:SS.mmm: {odd[0]!r}"
                     + (" (epoch milliseconds)" if odd[0].isdigit() else ""))
    if stamps != sorted(stamps, reverse=True):
        check.differ("`sort @timestamp desc` not applied: the rows are not newest first")


def judge_query_stats(check: Check):
    if check.rc != 0:
        return check.fail(f"exit code {check.rc}: {stderr_words(check)}")
    rows = load_json(check)
    if not isinstance(rows, list):
        return
    counted = [r for r in rows if isinstance(r, dict) and "count" in r]
    if not counted:
        fields = sorted({k for r in rows if isinstance(r, dict) for k in r})
        check.differ(f"`stats count(*) as count by bin(5m)` not computed: {len(rows)} rows with fields {fields}")
    elif sum(int(float(r["count"])) for r in counted) != len(seed.LOG_EVENTS):
        check.differ(f"counts add up to {sum(int(float(r['count'])) for r in counted)}, "
                     f"not the {len(seed.LOG_EVENTS)} events seeded")


def judge_query_csv(check: Check):
    if check.rc != 0:
        return check.fail(f"exit code {check.rc}: {stderr_words(check)}")
    lines = check.stdout.splitlines()
    if not lines or "@message" not in lines[0]:
        check.differ(f"no header naming @message: {lines[:1]}")
    if not any(seed.ERROR_MESSAGE in line for line in lines[1:]):
        check.differ("the ERROR event is not in the CSV")


def judge_triage(check: Check, cloudtrail: bool, health: bool):
    if check.status == "failed":
        return
    if check.rc != 2:
        check.fail(f"exit code {check.rc}, documented 2 when an alarm is in ALARM")
    report = load_json(check)
    if not isinstance(report, dict):
        return
    firing = [a.get("name") for a in report.get("alarms", {}).get("items", []) or []]
    if seed.ALARM_ERRORS not in firing:
        check.differ(f"{seed.ALARM_ERRORS} not among the alarms in ALARM: {firing}")
    for section, served, what in (("risky_changes", cloudtrail, "CloudTrail"),
                                  ("health_issues", health, "AWS Health")):
        part = report.get(section, {})
        error = part.get("error") if isinstance(part, dict) else None
        if served and error:
            check.differ(f"{section} failed: {error}")
        elif not served and not error:
            check.differ(f"{section} shows no error although {what} is not served")
        elif not served:
            check.not_emulated(f"{what} section: {str(error)[:200]}")
    if check.seconds > SLOW_S:
        check.fail(f"took {check.seconds:.1f} s (over {SLOW_S:.0f} s)")


def judge_timeline(check: Check, cloudtrail: bool, health: bool):
    if check.status == "failed":
        return
    want_rc = 0 if cloudtrail and health else 1
    if check.rc != want_rc:
        check.fail(f"exit code {check.rc}, documented {want_rc}")
    rows = load_jsonl(check)
    alarm_rows = [r for r in rows if r.get("source") == "alarm" and seed.ALARM_ERRORS in str(r.get("what"))]
    if not alarm_rows:
        check.differ(f"no alarm state change of {seed.ALARM_ERRORS} (DescribeAlarmHistory) among {len(rows)} rows")
    for row in rows:
        missing = [k for k in ("message", "datetime", "timestamp_desc") if k not in row]
        if missing:
            check.differ(f"a row lacks {missing}: {str(row)[:120]}")
            break
    if not (cloudtrail and health):
        check.not_emulated("sources that failed: " + stderr_words(check))
    if check.seconds > SLOW_S:
        check.fail(f"took {check.seconds:.1f} s (over {SLOW_S:.0f} s)")


def judge_timeline_md(check: Check, account: str):
    if check.status == "failed":
        return
    header = first_line(check.stdout, "**Account:**")
    if account not in header:
        check.differ(f"the header's account is {header!r}, STS says {account}")


def main_check(args) -> int:
    c = seed.clients(args.endpoint, args.region)
    now = dt.datetime.now(dt.timezone.utc)
    print(f"Seeding {args.label} at {args.endpoint} ({args.region}) with boto3:")
    for line in seed.seed(c, now):
        print(f"  - {line}")
    account = c["sts"].get_caller_identity()["Account"]
    print(f"  - STS GetCallerIdentity: account {account}")
    composite = seed.composite_state(c)
    print(f"  - the composite alarm reads {composite} right after seeding")
    ssm_ok, ssm_said = seed.ssm_probe(c)
    print(f"  - SSM: {ssm_said}")
    cloudtrail, health = args.cloudtrail == "yes", args.health == "yes"

    state = tempfile.mkdtemp(prefix="warroom-localstack-check.")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test", AWS_CONFIG_FILE="/dev/null",
               AWS_SHARED_CREDENTIALS_FILE="/dev/null", AWS_EC2_METADATA_DISABLED="true",
               XDG_STATE_HOME=state, XDG_CONFIG_HOME=os.path.join(state, "config"))
    env.pop("WARROOM_CONFIG", None)
    env.pop("WARROOM_READ_ONLY", None)
    group = seed.LOG_GROUP
    plan = [
        (Check("CloudWatch", ["alarms"]), judge_alarms_table),
        (Check("CloudWatch", ["alarms", "--format", "json"]), judge_alarms_json),
        (Check("CloudWatch", ["alarms", "--state", "ALARM", "--format", "json"]), judge_alarms_firing),
        (Check("Logs", ["query", "fields @timestamp, @message | filter @message like /ERROR/ | sort @timestamp desc | limit 20",
                        "--log-group", group, "--since", "1h", "--format", "json"]), judge_query_filter),
        (Check("Logs", ["query", "stats count(*) as count by bin(5m)", "--log-group", group, "--since", "1h",
                        "--format", "json"]), judge_query_stats),
        (Check("Logs", ["query", "fields @timestamp, @message | limit 50", "--log-group", group, "--since", "1h",
                        "--format", "csv"]), judge_query_csv),
        (Check("CloudTrail", ["changes", "--since", "1h"]),
         (lambda ch: expect_unemulated_failure(ch, "CloudTrail LookupEvents")) if not cloudtrail
         else (lambda ch: None if ch.rc == 0 else ch.fail(f"exit code {ch.rc}: {stderr_words(ch)}"))),
        (Check("Health", ["health"]),
         (lambda ch: expect_unemulated_failure(ch, "AWS Health DescribeEvents")) if not health
         else (lambda ch: None if ch.rc == 0 else ch.fail(f"exit code {ch.rc}: {stderr_words(ch)}"))),
        (Check("all", ["triage", "--format", "json"]), lambda ch: judge_triage(ch, cloudtrail, health)),
        (Check("all", ["timeline", "--since", "1h", "--format", "jsonl"]),
         lambda ch: judge_timeline(ch, cloudtrail, health)),
        (Check("STS", ["timeline", "--since", "1h"]), lambda ch: judge_timeline_md(ch, account)),
    ]
    results = []
    print(f"\nwarroom against {args.label}:")
    for check, judge in plan:
        run(check, args.warroom, args.endpoint, args.region, env)
        if check.status != "failed":
            judge(check)
        results.append(check)
        print(f"  {check.status:<13} {check.seconds:6.2f} s  exit {str(check.rc):<4} {check.service:<10} "
              f"warroom {' '.join(shorten(a) for a in check.args)}")
        for note in check.notes:
            print(f"{'':16}- {note}")
    ssm = {"service": "SSM", "command": "(boto3) ssm describe_instance_information",
           "status": "ok" if ssm_ok else "not emulated", "notes": [ssm_said], "seconds": 0, "exit_code": None}
    print(f"  {ssm['status']:<13} {'':8}  {'':9} SSM        {ssm_said}")
    want = seed.EXPECTED_STATES[seed.ALARM_COMPOSITE]
    later = seed.composite_state(c)
    waited = (dt.datetime.now(dt.timezone.utc) - now).total_seconds()
    if composite != want or later != want:
        print(f"  note: the composite alarm {seed.ALARM_COMPOSITE} read {composite} right after seeding and "
              f"{later} {waited:.0f} s later; its rule holds, so AWS would show {want}")
    if args.results:
        with open(args.results, "w", encoding="utf-8") as out:
            json.dump({"label": args.label, "account": account, "composite_after_seed": composite,
                       "composite_at_end": later,
                       "results": [r.as_json() for r in results] + [ssm]}, out, indent=1)
    count = {s: sum(r.status == s for r in results) for s in ("ok", "differs", "not emulated", "failed")}
    print(f"\n{args.label}: {len(results)} commands: {count['ok']} ok, {count['differs']} showed data "
          f"{args.label} answers otherwise than AWS, {count['not emulated']} met a service it does not "
          f"emulate, {count['failed']} failed; {sum(r.seconds for r in results):.1f} s in all")
    return 1 if count["failed"] else 0


def shorten(arg: str) -> str:
    return repr(arg) if " " in arg else arg


def main_compare(a_path: str, b_path: str) -> int:
    with open(a_path, encoding="utf-8") as f:
        a = json.load(f)
    with open(b_path, encoding="utf-8") as f:
        b = json.load(f)
    print(f"\nWhere {a['label']} and {b['label']} differ for warroom:")
    b_by = {r["command"]: r for r in b["results"]}
    same = 0
    for ra in a["results"]:
        rb = b_by.get(ra["command"])
        if rb is None:
            continue
        if ra["status"] == rb["status"] and ra["exit_code"] == rb["exit_code"] and ra["notes"] == rb["notes"]:
            same += 1
            continue
        print(f"  {ra['command']}")
        for label, r in ((a["label"], ra), (b["label"], rb)):
            print(f"      {label:<11} {r['status']:<13} exit {r['exit_code']}  {r['seconds']:.2f} s")
            for note in r["notes"]:
                print(f"{'':18}- {note}")
    print(f"  ({same} commands behaved the same on both)")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint")
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--warroom")
    parser.add_argument("--label", default="the endpoint")
    parser.add_argument("--cloudtrail", choices=["yes", "no"], default="no", help="does the endpoint serve CloudTrail")
    parser.add_argument("--health", choices=["yes", "no"], default="no", help="does the endpoint serve AWS Health")
    parser.add_argument("--results", help="write the results as JSON to this file")
    parser.add_argument("--compare", nargs=2, metavar=("A", "B"))
    args = parser.parse_args(argv)
    if args.compare:
        return main_compare(*args.compare)
    if not args.endpoint or not args.warroom:
        parser.error("--endpoint and --warroom are needed")
    return main_check(args)


if __name__ == "__main__":
    sys.exit(main())
