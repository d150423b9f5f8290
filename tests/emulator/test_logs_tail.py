#!/usr/bin/env python3
"""Self checks of the emulator's Live Tail (StartLiveTail), run by test_emulator.py (or on their own:
python tests/emulator/test_logs_tail.py [-v]).

Client: botocore's logs client, whose awsJson event-stream parser decodes every frame (prelude and
message CRCs included); the host prefix is not injected, as warroom skips it against an endpoint.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from emulator_fixture import EmulatorTestCase  # noqa: E402

GROUP = "/aws/ecs/checkout-api"


class LiveTailTest(EmulatorTestCase):
    def setUp(self):
        super().setUp()
        import boto3
        from botocore.config import Config

        self.logs = boto3.client("logs", endpoint_url=self.emu.url, region_name="us-east-1",
                                 aws_access_key_id="AKIDTEST", aws_secret_access_key="secret",
                                 config=Config(inject_host_prefix=False, read_timeout=20,
                                               retries={"total_max_attempts": 1, "mode": "standard"}))
        self.logs.create_log_group(logGroupName=GROUP)
        for stream in ("web/1", "worker/1"):
            self.logs.create_log_stream(logGroupName=GROUP, logStreamName=stream)

    def pace(self, **settings):
        status, body = self.emu.control("POST", "logs/tail", settings)
        self.assertEqual(status, 200, body)

    def put(self, *messages, stream="web/1", delay=0.0):
        def send():
            time.sleep(delay)
            now = int(time.time() * 1000)
            self.logs.put_log_events(logGroupName=GROUP, logStreamName=stream,
                                     logEvents=[{"timestamp": now, "message": m} for m in messages])
        if delay:
            threading.Thread(target=send, daemon=True).start()
        else:
            send()

    def events(self, stream, until):
        """(seconds since start, event) until `until(events)` is true or the stream ends."""
        seen, t0 = [], time.time()
        for ev in stream:
            seen.append((time.time() - t0, ev))
            if until(seen):
                break
        return seen

    def test_session_start_then_updates_with_new_events_only(self):
        self.put("before the tail")
        out = self.logs.start_live_tail(logGroupIdentifiers=[GROUP])
        self.put("after the tail", delay=0.2)
        seen = self.events(out["responseStream"], lambda s: any(
            e.get("sessionUpdate", {}).get("sessionResults") for _, e in s))
        start = seen[0][1]["sessionStart"]
        self.assertEqual(start["logGroupIdentifiers"], [f"arn:aws:logs:us-east-1:123456789012:log-group:{GROUP}"])
        self.assertEqual(start["logStreamNames"], [])
        results = [r for _, e in seen for r in e.get("sessionUpdate", {}).get("sessionResults", [])]
        self.assertEqual([r["message"] for r in results], ["after the tail"])
        self.assertEqual(results[0]["logStreamName"], "web/1")
        self.assertIn("ingestionTime", results[0])
        self.assertLess(seen[-1][0], 2.0)

    def test_a_tail_sees_only_its_own_accounts_events(self):
        import boto3
        from botocore.config import Config

        status, body = self.emu.control("POST", "seed", {"accounts": [
            {"id": "210987654321", "name": "staging", "access_keys": ["AKIASTAGINGTAIL00001"]}]})
        self.assertEqual(status, 200, body)
        staging = boto3.client("logs", endpoint_url=self.emu.url, region_name="us-east-1",
                               aws_access_key_id="AKIASTAGINGTAIL00001", aws_secret_access_key="secret",
                               config=Config(inject_host_prefix=False))
        staging.create_log_group(logGroupName=GROUP)
        staging.create_log_stream(logGroupName=GROUP, logStreamName="web/1")
        out = self.logs.start_live_tail(logGroupIdentifiers=[GROUP])

        def put_both():
            time.sleep(0.2)
            now = int(time.time() * 1000)
            staging.put_log_events(logGroupName=GROUP, logStreamName="web/1",
                                   logEvents=[{"timestamp": now, "message": "in staging"}])
            self.put("in production")
        threading.Thread(target=put_both, daemon=True).start()
        seen = self.events(out["responseStream"], lambda s: any(
            r["message"] == "in production" for _, e in s for r in e.get("sessionUpdate", {}).get("sessionResults", [])))
        results = [r for _, e in seen for r in e.get("sessionUpdate", {}).get("sessionResults", [])]
        self.assertEqual([r["message"] for r in results], ["in production"])
        self.assertIn(":123456789012:", results[0]["logGroupIdentifier"])

    def test_raw_frames_decode_with_botocores_parser_and_carry_the_headers(self):
        import http.client
        import json

        from botocore.eventstream import EventStreamBuffer

        conn = http.client.HTTPConnection(self.emu.host, self.emu.port, timeout=10)
        conn.request("POST", "/", body=json.dumps({"logGroupIdentifiers": [GROUP]}), headers={
            "X-Amz-Target": "Logs_20140328.StartLiveTail", "Content-Type": "application/x-amz-json-1.1",
            "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDTEST/20261123/us-east-1/logs/aws4_request, "
                             "SignedHeaders=host, Signature=0"})
        resp = conn.getresponse()
        self.assertEqual(resp.status, 200)
        self.assertEqual(resp.getheader("Content-Type"), "application/vnd.amazon.eventstream")
        buffer, frames = EventStreamBuffer(), []
        while len(frames) < 3:
            buffer.add_data(resp.read1(65536))
            frames.extend(buffer)
        conn.close()
        kinds = [(f.headers[":message-type"], f.headers[":event-type"], f.headers[":content-type"]) for f in frames]
        self.assertEqual(kinds, [("event", "initial-response", "application/json"),
                                 ("event", "sessionStart", "application/json"),
                                 ("event", "sessionUpdate", "application/json")])
        self.assertEqual(json.loads(frames[2].payload), {"sessionMetadata": {"sampled": False}, "sessionResults": []})

    def test_updates_come_at_most_once_a_second(self):
        out = self.logs.start_live_tail(logGroupIdentifiers=[GROUP])
        for i in range(6):
            self.put(f"line {i}", delay=0.3 * i)
        seen = self.events(out["responseStream"], lambda s: len(s) >= 4)
        times = [t for t, e in seen if "sessionUpdate" in e]
        gaps = [b - a for a, b in zip(times, times[1:])]
        self.assertTrue(all(g > 0.9 for g in gaps), gaps)

    def test_sampled_above_the_seeded_rate(self):
        self.pace(sample_rate=5, update_seconds=0.3)
        out = self.logs.start_live_tail(logGroupIdentifiers=[GROUP])
        self.put(*[f"burst {i}" for i in range(12)])
        seen = self.events(out["responseStream"], lambda s: any(
            e.get("sessionUpdate", {}).get("sessionResults") for _, e in s))
        update = seen[-1][1]["sessionUpdate"]
        self.assertTrue(update["sessionMetadata"]["sampled"])
        self.assertEqual(len(update["sessionResults"]), 5)

    def test_filter_pattern_and_stream_prefix(self):
        self.pace(update_seconds=0.2)
        out = self.logs.start_live_tail(logGroupIdentifiers=[GROUP], logStreamNamePrefixes=["web/"],
                                        logEventFilterPattern="ERROR")
        self.put("ERROR on web", "INFO on web")
        self.put("ERROR on worker", stream="worker/1")
        time.sleep(0.5)
        self.emu.control("POST", "logs/tail", {"exception": "SessionStreamingException"})
        messages, error = [], None
        try:
            for ev in out["responseStream"]:
                messages += [r["message"] for r in ev.get("sessionUpdate", {}).get("sessionResults", [])]
        except Exception as exc:  # botocore raises the exception frame
            error = exc
        self.assertEqual(messages, ["ERROR on web"])
        self.assertIn("SessionStreamingException", str(type(error).__name__) + str(error))

    def test_session_limit_ends_with_timeout_exception(self):
        self.pace(session_seconds=1.0, update_seconds=0.3)
        out = self.logs.start_live_tail(logGroupIdentifiers=[GROUP])
        t0 = time.time()
        with self.assertRaises(Exception) as caught:
            for _ in out["responseStream"]:
                pass
        self.assertIn("SessionTimeoutException", type(caught.exception).__name__ + str(caught.exception))
        self.assertLess(time.time() - t0, 3.0)

    def test_dropped_connection_cuts_the_stream(self):
        self.pace(update_seconds=0.2)
        out = self.logs.start_live_tail(logGroupIdentifiers=[GROUP])
        stream = out["responseStream"]
        next(iter(stream))
        self.assertEqual(self.emu.control("POST", "logs/tail", {"drop": True})[1]["sessions_ended"], 1)
        with self.assertRaises(Exception):
            for _ in stream:
                pass

    def test_limits_and_faults_answer_before_the_stream(self):
        from botocore.exceptions import ClientError

        with self.assertRaises(ClientError) as caught:
            self.logs.start_live_tail(logGroupIdentifiers=[f"/g/{i}" for i in range(11)])
        self.assertEqual(caught.exception.response["Error"]["Code"], "InvalidParameterException")
        with self.assertRaises(ClientError) as caught:
            self.logs.start_live_tail(logGroupIdentifiers=["/no/such/group"])
        self.assertEqual(caught.exception.response["Error"]["Code"], "ResourceNotFoundException")
        self.emu.control("POST", "faults", {"operation": "StartLiveTail", "times": 1,
                                            "error": {"code": "AccessDeniedException", "status": 400}})
        with self.assertRaises(ClientError) as caught:
            self.logs.start_live_tail(logGroupIdentifiers=[GROUP])
        self.assertEqual(caught.exception.response["Error"]["Code"], "AccessDeniedException")


if __name__ == "__main__":
    unittest.main()
