#!/usr/bin/python3
"""Per-host HTTP proxy standing in for Dokku's nginx: one public port per app.

State lives in a directory (argv[1]):
  <app>.want      written by apps:create: please give this app a public port
  <app>.port      written here: the app's public port (kept across restarts)
  <app>.upstream  written by the deploy (atomic rename): "127.0.0.1:<port>" of the live process
Each request reads <app>.upstream, so a deploy switches traffic at the instant of its rename;
requests already forwarded finish against the old process, which is retired later.
"""
import http.client
import http.server
import os
import signal
import socket
import sys
import threading
import time

STATE = sys.argv[1]
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"}
LISTENERS = {}


def upstream_of(app):
    try:
        with open(os.path.join(STATE, app + ".upstream"), encoding="ascii") as handle:
            value = handle.read().strip()
            return value or None
    except FileNotFoundError:
        return None


def handler_for(app):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def forward(self):
            upstream = upstream_of(app)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            if upstream is None:
                return self.reply(502, b"no live release for %s\n" % app.encode())
            host, port = upstream.rsplit(":", 1)
            connection = http.client.HTTPConnection(host, int(port), timeout=30)
            try:
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                headers["X-Forwarded-For"] = self.client_address[0]
                connection.request(self.command, self.path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
            except OSError as error:
                return self.reply(502, ("bad gateway: %s\n" % error).encode())
            finally:
                connection.close()
            self.send_response(response.status, response.reason)
            for key, value in response.getheaders():
                if key.lower() not in HOP_BY_HOP and key.lower() != "content-length":
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def reply(self, status, data):
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = forward

    return Handler


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def listen(app, port):
    server = Server(("127.0.0.1", port), handler_for(app))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    LISTENERS[app] = server
    return server.server_address[1]


def write_atomic(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="ascii") as handle:
        handle.write(text)
    os.replace(tmp, path)


def scan():
    names = os.listdir(STATE)
    wanted = {n[:-5] for n in names if n.endswith(".want")}
    for app in sorted(wanted - set(LISTENERS)):
        port_file = os.path.join(STATE, app + ".port")
        port = 0
        if os.path.exists(port_file):
            with open(port_file, encoding="ascii") as handle:
                port = int(handle.read().strip() or 0)
        try:
            port = listen(app, port)
        except OSError:
            port = listen(app, 0)
        write_atomic(port_file, "%d\n" % port)
    for app in sorted(set(LISTENERS) - wanted):
        LISTENERS.pop(app).shutdown()


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    write_atomic(os.path.join(STATE, "proxy.pid"), "%d\n" % os.getpid())
    while True:
        scan()
        time.sleep(0.05)


if __name__ == "__main__":
    main()
