"""The demo's SSM Run Command side, anchored at T (03:02 UTC of the anchor day) like scenarios/demo.py.

- Four checkout-api instances (i-0c4e1a2b3c4d5e601..604, Name checkout-api-1..4, Service=checkout,
  Amazon Linux 2023, Online) and search-worker-1 (i-0a7f3e9d2c1b40512, Service=search), the same
  hosts the Health event names.
- Outcomes for the commands of runbooks/checkout-5xx.md: `service-status` says active but
  /healthz answers 503 with the database timeouts in the journal; `db-connectivity` prints FAIL on
  every host the first time it runs on it (the security group still blocks 5432), OK after;
  `restart` fails the first time on checkout-api-3 (not healthy 30 s after the restart) and
  succeeds everywhere else and on a retry.
"""

from __future__ import annotations

import timeutil

CHECKOUT = [("i-0c4e1a2b3c4d5e601", "checkout-api-1", "10.0.1.21"),
            ("i-0c4e1a2b3c4d5e602", "checkout-api-2", "10.0.1.22"),
            ("i-0c4e1a2b3c4d5e603", "checkout-api-3", "10.0.2.23"),
            ("i-0c4e1a2b3c4d5e604", "checkout-api-4", "10.0.2.24")]
SEARCH = ("i-0a7f3e9d2c1b40512", "search-worker-1", "10.0.3.31")
DB = "checkout-db.cluster-c1a2b3.us-east-1.rds.amazonaws.com"


def _journal(T: float) -> str:
    lines = []
    for i, second in enumerate((12, 19, 31, 44, 58)):
        stamp = timeutil.to_datetime(T - 60 + second).strftime("%b %d %H:%M:%S")
        lines.append(f"{stamp} {{instance_name}} checkout-api[2214]: ERROR checkout.db timeout connecting to "
                     f"database host={DB} timeout_ms=5000 request_id=7f3a{i:02d}c1")
    return "\n".join(lines)


def outcomes(T: float) -> list[dict]:
    started = timeutil.to_datetime(T - 6600).strftime("%a %Y-%m-%d %H:%M:%S UTC")
    journal = _journal(T)
    return [
        {"match": "systemctl is-active checkout-api", "status": "Success",
         "stdout": f"active\nActiveEnterTimestamp={started}\nNRestarts=0\n{journal}\n"
                   "healthz: HTTP 503 in 5.004s\n"},
        {"match": "/dev/tcp/", "times": 1, "status": "Failed", "response_code": 1,
         "stdout": f"database: {DB}:5432\nFAIL: no TCP connection to {DB}:5432 within 5s\n"},
        {"match": "/dev/tcp/", "status": "Success",
         "stdout": f"database: {DB}:5432\nOK: TCP connection to {DB}:5432\n"},
        {"match": "systemctl restart checkout-api", "instances": ["i-0c4e1a2b3c4d5e603"], "times": 1,
         "status": "Failed", "response_code": 1,
         "stdout": "checkout-api is not healthy 30s after the restart\n" + journal + "\n",
         "stderr": "curl: (7) Failed to connect to 127.0.0.1 port 8080 after 0 ms: Connection refused\n"},
        {"match": "systemctl restart checkout-api", "status": "Success", "stdout": "healthy after 4s\n"},
    ]


def restarted(ssm_store, region: str) -> dict:
    """checkout host id -> when checkout-api was first restarted on it successfully (the end of
    the invocation of a `systemctl restart checkout-api` command), for the hosts restarted so far."""
    checkout = {iid for iid, _, _ in CHECKOUT}
    out = {}
    with ssm_store.lock:
        for cmd in ssm_store.region(region).commands.values():
            if "systemctl restart checkout-api" not in cmd["text"]:
                continue
            for inv in cmd["invocations"]:
                iid = inv["instance"]["id"]
                if iid in checkout and inv["status"] == "Success" and inv["end"] is not None:
                    out[iid] = min(out.get(iid, inv["end"]), inv["end"])
    return out


def load(ssm_store, region: str, anchor: float, now: float) -> dict:
    instances = [{"id": iid, "name": name, "ip": ip, "tags": {"Service": "checkout", "Team": "payments"}}
                 for iid, name, ip in CHECKOUT]
    instances.append({"id": SEARCH[0], "name": SEARCH[1], "ip": SEARCH[2], "tags": {"Service": "search"}})
    summary = ssm_store.seed({"instances": instances, "outcomes": outcomes(anchor), "polls": 2}, region, now)
    return {"ssm_instances": summary["seeded_ssm_instances"], "ssm_outcomes": summary["seeded_ssm_outcomes"]}
