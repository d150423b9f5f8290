"""The emulator as a test fixture: server.py started as a subprocess on a free port, with
clients for its wire protocols and control API, and the TestCase base the self checks share.
"""

from __future__ import annotations

import datetime as dt
import gzip
import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import unittest

import cbor2

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.join(HERE, "server.py")
UTC = dt.timezone.utc
SHAPES = {"cloudwatch": ("GraniteServiceVersion20100801", "monitoring"),
          "health": ("AWSHealth_20160804", "health")}


class Emulator:
    def __init__(self, *args, port=0):
        self.proc = subprocess.Popen(
            [sys.executable, SERVER, "--port", str(port), *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self._readline(timeout=30)
        if not line.startswith("READY http://"):
            self.stop()
            raise RuntimeError(f"emulator did not start: {line!r} {self.proc.stderr.read()}")
        self.url = line.split()[1]
        host_port = self.url.split("//", 1)[1]
        self.host, port_text = host_port.rsplit(":", 1)
        self.port = int(port_text)
        # keep draining stderr so the pipe never fills; EMULATOR_STDERR=1 echoes it
        self.stderr_lines = []
        self._drain = threading.Thread(target=self._drain_stderr, daemon=True)
        self._drain.start()

    def _drain_stderr(self):
        for line in self.proc.stderr:
            self.stderr_lines.append(line)
            if os.environ.get("EMULATOR_STDERR"):
                sys.stderr.write("[emulator] " + line)

    def _readline(self, timeout):
        result = []
        reader = threading.Thread(target=lambda: result.append(self.proc.stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout)
        return result[0].strip() if result else ""

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        if getattr(self, "_drain", None) is not None:
            self._drain.join(5)
        self.proc.stderr.close()
        return self.proc.returncode

    # ------------------------------------------------------------ clients

    def http(self, method, path, body=None, headers=None, timeout=30):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            return resp.status, dict(resp.getheaders()), resp.read()
        finally:
            conn.close()

    def control(self, method, path, data=None):
        body = json.dumps(data).encode() if data is not None else None
        status, _, raw = self.http(method, "/_emulator/" + path, body, {"Content-Type": "application/json"})
        return status, json.loads(raw)

    def cbor(self, operation, params=None, service="cloudwatch", region="us-east-1", gzip_body=False, key="AKID",
             token=None):
        shape, signing = SHAPES[service]
        body = cbor2.dumps(params) if params is not None else b""
        headers = {
            "smithy-protocol": "rpc-v2-cbor", "Content-Type": "application/cbor", "Accept": "application/cbor",
            "Authorization": f"AWS4-HMAC-SHA256 Credential={key}/20261123/{region}/{signing}/aws4_request, "
                             "SignedHeaders=host, Signature=0",
        }
        if token is not None:
            headers["X-Amz-Security-Token"] = token
        if gzip_body:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        status, resp_headers, raw = self.http("POST", f"/service/{shape}/operation/{operation}", body, headers)
        return status, resp_headers, raw, (cbor2.loads(raw) if raw else None)

    def boto3(self, service, region="us-east-1", retries=1, key="AKIDTEST", secret="secret", token=None):
        """A boto3 client signing with `key` (any unseeded key acts in account 123456789012)."""
        import boto3
        from botocore.config import Config

        return boto3.client(service, endpoint_url=self.url, region_name=region,
                            aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token,
                            config=Config(retries={"max_attempts": retries, "mode": "standard"}))


def ts(text):
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))



class EmulatorTestCase(unittest.TestCase):
    """One emulator for the test class, reset before every test."""

    emu: Emulator

    @classmethod
    def setUpClass(cls):
        cls.emu = Emulator()

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()

    def setUp(self):
        self.assertEqual(self.emu.control("POST", "reset"), (200, {"ok": True}))
