#!/usr/bin/python3
"""Example app of the simulated hosts (portal / webservices of the dokku-graduate example).

GET /        {"app", "version", "schema", "requiresSchema", "compatible", "peer"}
GET /version {"app", "version"}   (what a peer asks; no further calls)
GET /health  200 unless the release ships HEALTHY=no
The "database" is a file holding the schema version (DATABASE_URL=file:///path); missing means 1.
"""
import http.server
import json
import os
import signal
import sys
import threading
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))


def read(name, default=""):
    try:
        with open(os.path.join(HERE, name), encoding="utf-8") as handle:
            return handle.read().strip()
    except FileNotFoundError:
        return default


APP = read("APP", "app")
VERSION = read("VERSION", "v0")
REQUIRES_SCHEMA = int(read("REQUIRES_SCHEMA", "1"))
HEALTHY = read("HEALTHY", "yes") == "yes"


def schema():
    url = os.environ.get("DATABASE_URL", "")
    path = url[len("file://"):] if url.startswith("file://") else url
    try:
        with open(path, encoding="utf-8") as handle:
            return int(handle.read().strip() or 1)
    except (FileNotFoundError, ValueError):
        return 1


def peer_version():
    url = os.environ.get("PEER_URL")
    if not url:
        return None
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/version", timeout=2) as response:
            return json.loads(response.read()).get("version")
    except (OSError, ValueError):
        return None


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/health":
            return self.reply(200 if HEALTHY else 500, {"healthy": HEALTHY})
        if self.path == "/version":
            return self.reply(200, {"app": APP, "version": VERSION})
        current = schema()
        return self.reply(200, {
            "app": APP, "version": VERSION, "schema": current, "requiresSchema": REQUIRES_SCHEMA,
            "compatible": current == REQUIRES_SCHEMA, "peer": peer_version(),
        })

    def reply(self, status, payload):
        data = (json.dumps(payload) + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


if __name__ == "__main__":
    # Simulated hosts run the app on loopback; in a real Dokku container it must listen on every interface.
    server = Server((os.environ.get("BIND_ADDRESS", "127.0.0.1"), int(os.environ["PORT"])), Handler)
    # As an app behind a proxy should: on SIGTERM it keeps answering for a moment (real Dokku sends it right
    # after switching nginx, whose old workers may still be sending it requests), then stops.
    drain = float(os.environ.get("DRAIN_SECONDS", "2"))
    signal.signal(signal.SIGTERM, lambda *_: threading.Timer(drain, server.shutdown).start())
    server.serve_forever()
    sys.exit(0)
