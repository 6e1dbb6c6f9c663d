#!/usr/bin/python3
"""Helpers for the simulated dokku command: config store, JSON reports, ports and health checks.

Kept in one file so each `dokku` invocation costs one interpreter start at most per step.
"""
import json
import os
import re
import shlex
import socket
import sys
import time


def fail(message, code=1):
    sys.stderr.write(" !     %s\n" % message)
    sys.exit(code)


# --- config: $DOKKU_LIB_ROOT/config/<app>/ENV as Dokku v0.38 writes it (godotenv): one line per key, sorted,
# KEY=<integer> or KEY="<value>" with backslash, newline, carriage return, double quote, !, $ and ` escaped.

def env_path(app):
    return os.path.join(os.environ["DOKKU_LIB_ROOT"], "config", app, "ENV")


ENV_ESCAPES = {"n": "\n", "r": "\r"}


def env_quote(value):
    # godotenv writes what strconv.Atoi takes as a number, so Dokku stores "007" as 7 (and reads it back so).
    if re.fullmatch(r"[+-]?[0-9]+", value) and -2**63 <= int(value) < 2**63:
        return str(int(value))
    escaped = []
    for c in value:
        if c == "\n":
            escaped.append("\\n")
        elif c == "\r":
            escaped.append("\\r")
        elif c in '\\"!$`':
            escaped.append("\\" + c)
        else:
            escaped.append(c)
    return '"%s"' % "".join(escaped)


def env_unquote(raw):
    if not (len(raw) >= 2 and raw[0] == raw[-1] == '"'):
        return raw
    out, i, body = [], 0, raw[1:-1]
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            out.append(ENV_ESCAPES.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def read_env(app):
    values = {}
    try:
        with open(env_path(app), encoding="utf-8") as handle:
            for line in handle:
                line = line.rstrip("\n")
                key, sep, raw = line.partition("=")
                if sep and valid_key(key):
                    values[key] = env_unquote(raw)
    except FileNotFoundError:
        pass
    return values


def write_env(app, values):
    path = env_path(app)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp.%d" % os.getpid()
    with open(tmp, "w", encoding="utf-8") as handle:
        for key in sorted(values):
            handle.write("%s=%s\n" % (key, env_quote(values[key])))
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def valid_key(key):
    return key and (key[0].isalpha() or key[0] == "_") and all(c.isalnum() or c == "_" for c in key)


def cmd_config(args):
    action, app, rest = args[0], args[1], args[2:]
    values = read_env(app)
    if action == "get":
        if rest[0] not in values:
            sys.exit(1)
        print(values[rest[0]])
    elif action == "keys":
        for key in sorted(values):
            print(key)
    elif action == "set":
        encoded = False
        if rest and rest[0] == "--encoded":
            encoded, rest = True, rest[1:]
        changes = {}
        for pair in rest:
            if "=" not in pair:
                fail("Invalid env pair: %s" % pair)
            key, value = pair.split("=", 1)
            if not valid_key(key):
                fail("Invalid env key: %s" % key)
            if encoded:
                import base64
                value = base64.b64decode(value).decode("utf-8")
            changes[key] = value
        values.update(changes)
        write_env(app, values)
        print("-----> Setting config vars")
        width = max(len(k) for k in changes) + 2
        for key in sorted(changes):
            print("       %s%s" % ((key + ":").ljust(width), changes[key]))
    elif action == "unset":
        print("-----> Unsetting config vars")
        for key in rest:
            if key in values:
                del values[key]
                print("       %s" % key)
        write_env(app, values)
    elif action == "export":
        fmt = rest[0] if rest else "exports"
        if fmt == "json":
            print(json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False))
        elif fmt == "json-list":
            print(json.dumps([{"name": k, "value": values[k]} for k in sorted(values)], separators=(",", ":"), ensure_ascii=False))
        elif fmt == "envfile":
            for key in sorted(values):
                print("%s=%s" % (key, json.dumps(values[key], ensure_ascii=False)))
        elif fmt == "shell":
            print(" ".join("%s=%s" % (k, shlex.quote(values[k])) for k in sorted(values)))
        elif fmt == "exports":
            for key in sorted(values):
                print("export %s=%s" % (key, shlex.quote(values[key])))
        else:
            fail("Unknown export format: %s" % fmt)
    elif action == "bundle":
        # As Dokku's config:bundle: a tar with one member per key, holding the raw value.
        import io
        import tarfile
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as bundle:
            for key in sorted(values):
                data = values[key].encode("utf-8")
                info = tarfile.TarInfo(key)
                info.size = len(data)
                info.mode = 0o600
                bundle.addfile(info, io.BytesIO(data))
        sys.stdout.buffer.write(buffer.getvalue())
    elif action == "show":
        print("=====> %s env vars" % app)
        width = max([len(k) for k in values] + [0]) + 2
        for key in sorted(values):
            print("%s%s" % ((key + ":").ljust(width), values[key]))
    else:
        fail("unknown config action %s" % action)


# --- reports: `X:report <app> --format json` maps "--<type>-<prop>" to "<prop>" plus the legacy key.

def cmd_report(args):
    report_type, app, mode = args[0], args[1], args[2]
    pairs = args[3:]
    flags = dict(zip(pairs[0::2], pairs[1::2]))
    if mode == "--format=json":
        prefix = "--%s-" % report_type
        # Dokku v0.38.27 keeps the prefixed ("legacy") keys beside the trimmed ones for apps and ps
        # reports only; git and checks reports carry just the trimmed keys.
        legacy = report_type in ("app", "ps")
        data = {}
        for key, value in flags.items():
            if key.startswith(prefix):
                data[key[len(prefix):]] = value
                if legacy:
                    data[key[2:]] = value
            else:
                data[key[2:]] = value
        print(json.dumps(data, sort_keys=True, separators=(",", ":")))
    elif mode == "":
        print("=====> %s %s information" % (app, report_type))
        width = max(31, max(len(k) for k in flags))
        for key in sorted(flags):
            label = key[2:].replace("-", " ").replace(".", " ")
            label = label[:1].upper() + label[1:]
            print("       " + (label + ":").ljust(width) + flags[key])
    else:
        if mode in flags:
            print(flags[mode])
        else:
            fail("Invalid flag passed, valid flags: %s" % ", ".join(sorted(flags)))


def cmd_apps_json(args):
    print(json.dumps(args, separators=(",", ":")))


# --- processes

def cmd_free_port(_args):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        print(sock.getsockname()[1])


def cmd_wait_port(args):
    """Waits until 127.0.0.1:<port> accepts connections (exit 0) or <pid> dies / <seconds> pass (exit 1)."""
    port, pid, seconds = int(args[0]), int(args[1]), float(args[2])
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            pass
        try:
            os.kill(pid, 0)
            with open("/proc/%d/stat" % pid, encoding="ascii") as handle:
                if handle.read().split(")")[-1].split()[0] == "Z":
                    sys.exit(1)
        except (ProcessLookupError, FileNotFoundError):
            sys.exit(1)
        time.sleep(0.02)
    sys.exit(1)


# --- health checks: app.json "healthchecks" (or a CHECKS file), run against the new process.

def load_checks(release, proc_type):
    app_json = os.path.join(release, "app.json")
    if os.path.exists(app_json):
        with open(app_json, encoding="utf-8") as handle:
            data = json.load(handle)
        checks = (data.get("healthchecks") or {}).get(proc_type) or []
        if checks:
            return [c for c in checks if c.get("type", "startup") == "startup"]
    checks_file = os.path.join(release, "CHECKS")
    if proc_type == "web" and os.path.exists(checks_file):
        settings, checks = {}, []
        with open(checks_file, encoding="utf-8") as handle:
            for line in handle:
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                if "=" in line.split()[0]:
                    key, value = line.split("=", 1)
                    settings[key.strip()] = value.split("#")[0].strip()
                    continue
                parts = line.split(None, 1)
                if parts[0].startswith("/"):
                    checks.append({"path": parts[0], "content": parts[1] if len(parts) > 1 else ""})
        for check in checks:
            check["attempts"] = int(settings.get("ATTEMPTS", 5))
            check["wait"] = float(settings.get("WAIT", 5))
            check["timeout"] = float(settings.get("TIMEOUT", 30))
        return checks
    return None


def run_check(check, port):
    attempts = int(check.get("attempts", 3))
    wait = float(check.get("wait", 5))
    timeout = float(check.get("timeout", 5))
    time.sleep(float(check.get("initialDelay", 0)))
    path = check.get("path", "/")
    url = "http://127.0.0.1:%d%s" % (port, path)
    name = check.get("name", path)
    import http.client  # only here: keeps the other subcommands' start-up cheap

    for attempt in range(1, attempts + 1):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            try:
                connection.request("GET", path, headers={"Host": "localhost"})
                response = connection.getresponse()
                body = response.read().decode("utf-8", "replace")
            finally:
                connection.close()
            if response.status >= 400:
                raise ValueError("HTTP %d from %s" % (response.status, url))
            if check.get("content") and check["content"] not in body:
                raise ValueError("expected content not found: %s" % check["content"])
            print("       Healthcheck succeeded name='%s'" % name, flush=True)
            return True
        except (OSError, ValueError, http.client.HTTPException) as error:
            sys.stderr.write(" !     Healthcheck %s attempt %d/%d failed: %s\n" % (name, attempt, attempts, error))
            if attempt < attempts:
                time.sleep(wait)
    return False


def cmd_healthcheck(args):
    release, proc_type, port = args[0], args[1], int(args[2])
    default_wait = float(read_env(args[3]).get("DOKKU_DEFAULT_CHECKS_WAIT", "10"))
    pid = int(args[4])
    checks = load_checks(release, proc_type)
    if checks is None:
        print("-----> Waiting for %s seconds (no healthchecks defined)" % default_wait, flush=True)
        time.sleep(default_wait)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            fail("App container failed to start")
        print("-----> Default container check successful", flush=True)
        return
    print("-----> Running healthchecks (%d)" % len(checks), flush=True)
    failed = [c for c in checks if not run_check(c, port)]
    if failed:
        fail("Could not start due to %d failed checks" % len(failed))
    print("-----> All checks successful", flush=True)


def cmd_procfile(args):
    """Prints the command of process type args[1] in Procfile args[0] (exit 1 when absent)."""
    try:
        with open(args[0], encoding="utf-8") as handle:
            for line in handle:
                if ":" in line and not line.lstrip().startswith("#"):
                    name, command = line.split(":", 1)
                    if name.strip() == args[1]:
                        print(command.strip())
                        return
    except FileNotFoundError:
        pass
    sys.exit(1)


COMMANDS = {
    "config": cmd_config,
    "report": cmd_report,
    "apps-json": cmd_apps_json,
    "free-port": cmd_free_port,
    "wait-port": cmd_wait_port,
    "healthcheck": cmd_healthcheck,
    "procfile": cmd_procfile,
}

if __name__ == "__main__":
    COMMANDS[sys.argv[1]](sys.argv[2:])
