#!/usr/bin/env python3
"""warroom's local AWS emulator: moto plus rpc-v2-cbor, owned CloudWatch alarms and metrics,
fault injection and a control API, on one HTTP port.

    python tests/emulator/server.py [--host 127.0.0.1] [--port 0] [--seed demo]
                                    [--anchor 2026-11-23T03:02:00Z | now-12m] [--verbose]

Prints exactly one line to stdout when ready: READY http://HOST:PORT
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

# stdout carries the READY line only: anything else printed (moto prints) goes to stderr.
_REAL_STDOUT = sys.stdout
sys.stdout = sys.stderr


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 = a free port chosen by the OS")
    parser.add_argument("--seed", choices=["demo"], help="load a scenario at start")
    parser.add_argument("--anchor", help="the demo incident's 03:02 moment: ISO 8601, or now-12m (12 minutes "
                                         "before the emulator starts; also s, h, d) (default: the whole "
                                         "minute 12 minutes before the seed)")
    parser.add_argument("--verbose", action="store_true", help="log every AWS request to stderr")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING,
                        format="emulator %(levelname)s %(name)s: %(message)s")
    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    import timeutil
    from app import EmulatorApp
    from moto.moto_server.werkzeug_app import MotoRequestHandler
    from werkzeug.serving import make_server

    try:
        anchor = timeutil.parse_anchor(args.anchor) if args.anchor else None
    except ValueError as exc:
        print(f"emulator: --anchor {args.anchor!r} is not a time ({exc}): use 2026-11-23T03:02:00Z or now-12m",
              file=sys.stderr)
        return 2

    class QuietHandler(MotoRequestHandler):
        def log_request(self, code="-", size="-"):
            pass

        def log_message(self, format, *args):  # noqa: A002 - stdlib signature
            sys.stderr.write("emulator http: " + (format % args) + "\n")

    app = EmulatorApp(default_anchor=anchor, verbose=args.verbose)
    if args.seed:
        summary = app.seed({"scenario": args.seed})
        print(f"emulator: seeded {summary}", file=sys.stderr)

    try:
        server = make_server(args.host, args.port, app, threaded=True, request_handler=QuietHandler)
    except OSError as exc:
        print(f"emulator: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 2
    server.daemon_threads = True
    # Import moto's service backends in the background: the first request of a service
    # that is still loading waits for it instead of paying for all of them before READY.
    threading.Thread(target=app.warm_up, name="warm-up", daemon=True).start()

    def stop(signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    host = args.host
    if host in ("0.0.0.0", ""):
        host = "127.0.0.1"
    elif ":" in host:
        host = f"[{host}]"
    _REAL_STDOUT.write(f"READY http://{host}:{server.server_port}\n")
    _REAL_STDOUT.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
