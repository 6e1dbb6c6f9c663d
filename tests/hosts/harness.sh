#!/usr/bin/env bash
# Simulated Dokku hosts: create, start, stop and seed N hosts under one directory (SIMDIR).
#
#   harness.sh up <simdir> <name>...            create + start hosts (writes <simdir>/hosts.json)
#   harness.sh down <simdir>                    stop everything the hosts started
#   (GRADUATE_SIM_OWNER_PID=<pid> harness.sh up ...: the hosts are stopped and removed when <pid> exits)
#   harness.sh seed-example <simdir> <staging> <production>
#   harness.sh seed-host <simdir> <host> <version>   the example apps on one host at v1 or v2
#   harness.sh deploy <simdir> <host> <app> <git-rev> [--force]
#   harness.sh ssh <simdir> <host> <dokku args...>
#   harness.sh stop-sshd|start-sshd <simdir> <host>   make a host unreachable over SSH / reachable again
#
# Requires only bash, git, python3 (/usr/bin/python3) and openssh-server (/usr/sbin/sshd).
# As root, hosts run as a system user `dokku` (created if missing), so `dokku@<alias>` works
# as on real hosts; as another user they run as that user (use `<alias>:<app>` remotes then).
set -eo pipefail
HERE="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
LIB="$HERE/lib"
PLUGIN_SRC="${GRADUATE_PLUGIN_SRC:-$(readlink -f "$HERE/../../dokku-plugin")}"
SSHD=/usr/sbin/sshd
PY=/usr/bin/python3

die() {
  echo "harness: $*" >&2
  exit 1
}

sim_user() {
  if [[ "$(id -u)" == "0" ]]; then echo dokku; else id -un; fi
}

# Runs "$@" as the simulated hosts' user.
as_user() {
  if [[ "$(id -u)" == "0" ]]; then
    setpriv --reuid=dokku --regid=dokku --init-groups --reset-env -- env PATH=/usr/local/bin:/usr/bin:/bin "$@"
  else
    "$@"
  fi
}

ensure_prerequisites() {
  [[ -x "$SSHD" ]] || die "sshd is missing ($SSHD): install it with 'apt-get install -y openssh-server'"
  [[ -x "$PY" ]] || die "python3 is missing ($PY): install it with 'apt-get install -y python3'"
  command -v git >/dev/null || die "git is missing: install it with 'apt-get install -y git'"
  if [[ "$(id -u)" == "0" ]]; then
    mkdir -p /run/sshd && chmod 755 /run/sshd
    if ! id dokku >/dev/null 2>&1; then
      # flock: parallel harness instances may race to create the user.
      (
        flock 7
        id dokku >/dev/null 2>&1 || useradd --system --user-group --no-create-home --home-dir /var/lib/graduate-sim-home --shell /bin/bash -p '*' dokku
      ) 7>/run/graduate-sim-user.lock
    fi
    # sshd chdirs to the home directory; the hosts never use it (their ssh is pinned with -F).
    local home
    home="$(getent passwd dokku | cut -d: -f6)"
    [[ "$home" == /nonexistent ]] && usermod -d /var/lib/graduate-sim-home dokku && home=/var/lib/graduate-sim-home
    [[ -d "$home" ]] || mkdir -p "$home"
  fi
}

free_port() { "$PY" "$LIB/simtool.py" free-port; }

wait_tcp() {
  local port="$1" i
  for ((i = 0; i < 400; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.01
  done
  return 1
}

# ------------------------------------------------------------------ create
create_host() {
  local simdir="$1" name="$2" alias="$3" port="$4" instance="$5"
  local host="$simdir/hosts/$name"
  mkdir -p "$host"/{bin,etc,run/proxy,home/dokku/.ssh} "$host"/var/lib/dokku/{plugins/available,plugins/enabled,core-plugins/available,config,data/sim,data/apps}
  local tool
  for tool in dokku dokku-ssh plugn docker; do
    cat >"$host/bin/$tool" <<EOF
#!/usr/bin/env bash
export SIM_HOST="$host" SIM_INSTANCE="$instance" SIM_USER="$(sim_user)"
exec "$LIB/$tool" "\$@"
EOF
  done
  # ssh reads ~/.ssh from the passwd home, not \$HOME: point it at this host's dokku home.
  cat >"$host/bin/ssh" <<EOF
#!/usr/bin/env bash
exec /usr/bin/ssh -F "$host/home/dokku/.ssh/config" "\$@"
EOF
  chmod +x "$host"/bin/*
  ssh-keygen -q -t ed25519 -N "" -C "host-$alias" -f "$host/etc/ssh_host_ed25519_key" </dev/null
  ssh-keygen -q -t ed25519 -N "" -C "dokku@$alias" -f "$host/home/dokku/.ssh/id_ed25519" </dev/null
  : >"$host/etc/authorized_keys"
  write_sshd_config "$host" "$port"
  ln -s "$LIB/core-plugins/scheduler-docker-local" "$host/var/lib/dokku/core-plugins/available/scheduler-docker-local"
  ln -s "$host/var/lib/dokku/core-plugins/available/scheduler-docker-local" "$host/var/lib/dokku/plugins/available/scheduler-docker-local"
  ln -s "$host/var/lib/dokku/plugins/available/scheduler-docker-local" "$host/var/lib/dokku/plugins/enabled/scheduler-docker-local"
  printf '%s\n' "$name" >"$host/etc/name"
  printf '%s\n' "$alias" >"$host/etc/alias"
}

write_sshd_config() {
  local host="$1" port="$2" use_pam=no
  # As root the hosts log in as the system user dokku. With real Dokku installed beside us that
  # user's password is locked ('!'), and sshd without PAM refuses locked accounts even for
  # public keys; through PAM (as Dokku's own sshd runs) the account check lets key logins in.
  [[ "$(id -u)" == "0" ]] && use_pam=yes
  printf '%s\n' "$port" >"$host/etc/port"
  cat >"$host/etc/sshd_config" <<EOF
Port $port
ListenAddress 127.0.0.1
HostKey $host/etc/ssh_host_ed25519_key
PidFile $host/run/sshd.pid
AuthorizedKeysFile $host/etc/authorized_keys
AuthenticationMethods publickey
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM $use_pam
PermitUserEnvironment no
PermitRootLogin no
StrictModes no
AllowUsers $(sim_user)
X11Forwarding no
AllowTcpForwarding no
AllowAgentForwarding no
PermitTTY yes
PrintMotd no
UseDNS no
MaxStartups 200
MaxSessions 100
LogLevel ERROR
EOF
}

# Starts the host's sshd; sshd exits non-zero before daemonizing when it cannot bind, so a port
# taken since it was picked is retried with another one (ssh configs are written afterwards).
start_sshd() {
  local simdir="$1" name="$2" instance="$3" attempt
  local host="$simdir/hosts/$name"
  for attempt in 1 2 3 4 5; do
    if SIM_INSTANCE="$instance" setsid "$SSHD" -f "$host/etc/sshd_config" -E "$host/run/sshd.log" </dev/null >/dev/null 2>&1; then
      wait_tcp "$(cat "$host/etc/port")" && return 0
    fi
    write_sshd_config "$host" "$(free_port)"
  done
  die "sshd of $name did not start: $(tail -n 3 "$host/run/sshd.log" 2>/dev/null)"
}

ssh_entry() {
  local alias="$1" name="$2" port="$3" identity="$4" known="$5"
  cat <<EOF
Host $alias $name
  HostName 127.0.0.1
  Port $port
  User $(sim_user)
  IdentityFile $identity
  IdentitiesOnly yes
  UserKnownHostsFile $known
  HostKeyAlias $alias
  StrictHostKeyChecking yes
  BatchMode yes
  KexAlgorithms curve25519-sha256,sntrup761x25519-sha512@openssh.com
  LogLevel ERROR
  ConnectTimeout 10

EOF
}

start_host() {
  local simdir="$1" name="$2" instance="$3"
  local host="$simdir/hosts/$name"
  as_user env SIM_INSTANCE="$instance" setsid "$PY" "$LIB/proxy.py" "$host/run/proxy" </dev/null >>"$host/run/proxy.log" 2>&1 &
  local i
  for ((i = 0; i < 400; i++)); do
    [[ -s "$host/run/proxy/proxy.pid" ]] && return 0
    sleep 0.01
  done
  die "proxy of $name did not start: $(cat "$host/run/proxy.log")"
}

cmd_up() {
  local simdir="$1"
  shift
  [[ -n "$simdir" && $# -gt 0 ]] || die "usage: harness.sh up <simdir> <name>..."
  ensure_prerequisites
  mkdir -p "$simdir/hosts" "$simdir/client"
  simdir="$(readlink -f "$simdir")"
  chmod 755 "$simdir"
  local instance
  instance="$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
  echo "$instance" >"$simdir/instance"
  ssh-keygen -q -t ed25519 -N "" -C "graduate-tests" -f "$simdir/client/id_ed25519" </dev/null
  local name alias port names=("$@")
  for name in "${names[@]}"; do
    [[ "$name" =~ ^[a-z0-9][a-z0-9-]*$ ]] || die "invalid host name '$name'"
    alias="$name-$instance"
    port="$(free_port)"
    create_host "$simdir" "$name" "$alias" "$port" "$instance"
  done
  for name in "${names[@]}"; do
    start_sshd "$simdir" "$name" "$instance" &
  done
  local started=0
  for name in "${names[@]}"; do wait -n || started=1; done
  [[ $started -eq 0 ]] || {
    cmd_down "$simdir"
    die "a host's sshd failed to start"
  }
  # known_hosts + ssh configs: the test client and every host reach every host by alias.
  : >"$simdir/known_hosts"
  for name in "${names[@]}"; do
    echo "$(cat "$simdir/hosts/$name/etc/alias") $(cut -d' ' -f1,2 "$simdir/hosts/$name/etc/ssh_host_ed25519_key.pub")" >>"$simdir/known_hosts"
  done
  : >"$simdir/client/ssh_config"
  local peer host
  for name in "${names[@]}"; do
    host="$simdir/hosts/$name"
    cp "$simdir/known_hosts" "$host/home/dokku/.ssh/known_hosts"
    : >"$host/home/dokku/.ssh/config"
    for peer in "${names[@]}"; do
      ssh_entry "$(cat "$simdir/hosts/$peer/etc/alias")" "$peer" "$(cat "$simdir/hosts/$peer/etc/port")" \
        "$host/home/dokku/.ssh/id_ed25519" "$host/home/dokku/.ssh/known_hosts" >>"$host/home/dokku/.ssh/config"
    done
    ssh_entry "$(cat "$host/etc/alias")" "$name" "$(cat "$host/etc/port")" "$simdir/client/id_ed25519" "$simdir/known_hosts" >>"$simdir/client/ssh_config"
    {
      printf 'command="NAME=\\"admin\\" %s",no-agent-forwarding,no-user-rc,no-X11-forwarding,no-port-forwarding %s\n' "$host/bin/dokku-ssh" "$(cat "$simdir/client/id_ed25519.pub")"
      for peer in "${names[@]}"; do
        printf 'command="NAME=\\"graduate-%s\\" %s",no-agent-forwarding,no-user-rc,no-X11-forwarding,no-port-forwarding %s\n' "$peer" "$host/bin/dokku-ssh" "$(cat "$simdir/hosts/$peer/home/dokku/.ssh/id_ed25519.pub")"
      done
    } >"$host/etc/authorized_keys"
  done
  [[ "$(id -u)" != "0" ]] || chown -R dokku:dokku "$simdir/hosts"
  for name in "${names[@]}"; do
    start_host "$simdir" "$name" "$instance" &
  done
  local failed=0
  for name in "${names[@]}"; do wait -n || failed=1; done
  [[ $failed -eq 0 ]] || {
    cmd_down "$simdir"
    die "a host failed to start"
  }
  for name in "${names[@]}"; do
    as_user "$simdir/hosts/$name/bin/dokku" plugin:install "$PLUGIN_SRC" --name graduate >/dev/null ||
      die "installing the graduate plugin on $name failed"
  done
  if [[ -n "$GRADUATE_SIM_OWNER_PID" ]]; then
    # If the owner (e.g. the test process) dies without calling down, stop the hosts anyway.
    SIM_INSTANCE="$instance" setsid bash "$HERE/harness.sh" reap "$simdir" "$GRADUATE_SIM_OWNER_PID" </dev/null >/dev/null 2>&1 &
  fi
  {
    printf '{"instance": "%s", "clientSshConfig": "%s", "hosts": [' "$instance" "$simdir/client/ssh_config"
    local first=1
    for name in "${names[@]}"; do
      [[ $first -eq 1 ]] || printf ', '
      first=0
      printf '{"name": "%s", "alias": "%s", "sshPort": %s, "root": "%s"}' "$name" \
        "$(cat "$simdir/hosts/$name/etc/alias")" "$(cat "$simdir/hosts/$name/etc/port")" "$simdir/hosts/$name"
    done
    printf '], "sshUser": "%s"}\n' "$(sim_user)"
  } >"$simdir/hosts.json"
  cat "$simdir/hosts.json"
}

# ------------------------------------------------------------------ down
# Every process the hosts start carries SIM_INSTANCE=<instance> in its environment (sshd sessions
# get it from the forced command's wrapper), so this finds exactly this harness's processes.
instance_pids() {
  local instance="$1" environ pid
  for environ in /proc/[0-9]*/environ; do
    pid="${environ#/proc/}"
    pid="${pid%/environ}"
    [[ "$pid" != "$$" && "$pid" != "$BASHPID" ]] || continue
    if tr '\0' '\n' 2>/dev/null <"$environ" | grep -qx "SIM_INSTANCE=$instance"; then
      echo "$pid"
    fi
  done
}

cmd_down() {
  local simdir="$1" instance name pid pids i
  [[ -d "$simdir" ]] || return 0
  instance="$(cat "$simdir/instance" 2>/dev/null || true)"
  for name in "$simdir"/hosts/*/; do
    [[ -f "$name/run/sshd.pid" ]] && kill -TERM "$(cat "$name/run/sshd.pid")" 2>/dev/null || true
  done
  [[ -n "$instance" ]] || return 0
  for i in 1 2 3 4 5 6 7 8 9 10; do
    pids="$(instance_pids "$instance")"
    [[ -n "$pids" ]] || return 0
    # shellcheck disable=SC2086
    if [[ $i -lt 8 ]]; then kill -TERM $pids 2>/dev/null || true; else kill -KILL $pids 2>/dev/null || true; fi
    sleep 0.1
  done
}

# ------------------------------------------------------------------ seeding
host_dir() { echo "$1/hosts/$2"; }
host_alias() { cat "$1/hosts/$2/etc/alias"; }
client_ssh() {
  local simdir="$1" host="$2"
  shift 2
  /usr/bin/ssh -F "$simdir/client/ssh_config" "$(host_alias "$simdir" "$host")" "$@"
}

cmd_deploy() {
  local simdir="$1" host="$2" app="$3" rev="$4" force=""
  [[ "$5" == "--force" ]] && force="+"
  local sha
  sha="$(git -C "$simdir/sources/$app" rev-parse "$rev^{commit}")"
  GIT_SSH_COMMAND="/usr/bin/ssh -F $simdir/client/ssh_config" \
    git -C "$simdir/sources/$app" push -q "$(host_alias "$simdir" "$host"):$app" "$force$sha:refs/heads/master"
}

write_source_version() {
  local dir="$1" app="$2" version="$3" requires="$4" healthy="$5"
  cp "$HERE/example/app.py" "$dir/app.py"
  echo "$app" >"$dir/APP"
  echo "$version" >"$dir/VERSION"
  echo "$requires" >"$dir/REQUIRES_SCHEMA"
  echo "$healthy" >"$dir/HEALTHY"
  echo "web: /usr/bin/python3 app.py" >"$dir/Procfile"
  # Real Dokku builds this Dockerfile (the simulator ignores it), so one source deploys on both.
  cat >"$dir/Dockerfile" <<EOF
FROM local/debian:bookworm
WORKDIR /app
COPY . /app
ENV BIND_ADDRESS=0.0.0.0
CMD ["/usr/bin/python3", "app.py"]
EOF
  cat >"$dir/app.json" <<EOF
{
  "name": "$app",
  "healthchecks": {
    "web": [
      {"type": "startup", "name": "$app health", "path": "/health", "attempts": 2, "wait": 1, "timeout": 2}
    ]
  }
}
EOF
  if [[ "$requires" == "2" && "$app" == "portal" ]]; then
    cp "$HERE/example/migrate" "$dir/migrate"
  fi
  git -C "$dir" add -A
  # Fixed author, committer and dates: every harness (and the real-Dokku lane) gets the same shas,
  # so a release pushed from one harness's sources is the same commit on any other host.
  GIT_AUTHOR_DATE="$SOURCE_DATE" GIT_COMMITTER_DATE="$SOURCE_DATE" \
    git -C "$dir" -c user.name=sim -c user.email=sim@localhost -c commit.gpgsign=false commit -q -m "$app $version"
  git -C "$dir" tag "$version"
}

create_sources() {
  local simdir="$1" app dir
  for app in portal webservices; do
    dir="$simdir/sources/$app"
    [[ -d "$dir/.git" ]] && continue
    mkdir -p "$dir"
    git -C "$dir" init -q -b main
    SOURCE_DATE="2026-01-01T00:00:01Z" write_source_version "$dir" "$app" v1 1 yes
    SOURCE_DATE="2026-01-01T00:00:02Z" write_source_version "$dir" "$app" v2 2 yes
    # Off the main line: v3 fails its healthcheck.
    git -C "$dir" checkout -q -b broken
    SOURCE_DATE="2026-01-01T00:00:03Z" write_source_version "$dir" "$app" v3-unhealthy 2 no
    git -C "$dir" checkout -q main
  done
}

seed_host() {
  local simdir="$1" host="$2" version="$3" dir app peer port_file db
  dir="$(host_dir "$simdir" "$host")"
  db="$dir/var/lib/dokku/data/sim-db/schema"
  for app in portal webservices; do
    client_ssh "$simdir" "$host" apps:create "$app" >/dev/null
  done
  for app in portal webservices; do
    peer=webservices
    [[ "$app" == "webservices" ]] && peer=portal
    port_file="$dir/run/proxy/$peer.port"
    client_ssh "$simdir" "$host" config:set --no-restart "$app" "DATABASE_URL=file://$db" "PEER_URL=http://127.0.0.1:$(cat "$port_file")" >/dev/null
  done
  as_user bash -c 'mkdir -p "${1%/*}" && echo 1 >"$1"' schema "$db"
  for app in portal webservices; do
    cmd_deploy "$simdir" "$host" "$app" "$version" 2>/dev/null &
  done
  local failed=0
  wait -n || failed=1
  wait -n || failed=1
  [[ $failed -eq 0 ]] || die "deploying $version to $host failed"
  if [[ "$version" == "v2" ]]; then
    client_ssh "$simdir" "$host" run portal ./migrate >/dev/null
  fi
}

cmd_seed_example() {
  local simdir="$1" staging="$2" production="$3"
  [[ -d "$(host_dir "$simdir" "$staging")" && -d "$(host_dir "$simdir" "$production")" ]] || die "usage: harness.sh seed-example <simdir> <staging-host> <production-host>"
  create_sources "$simdir"
  seed_host "$simdir" "$staging" v2 &
  seed_host "$simdir" "$production" v1 &
  local failed=0
  wait -n || failed=1
  wait -n || failed=1
  [[ $failed -eq 0 ]] || die "seeding failed"
}

# Makes a host unreachable over SSH (its apps and proxy keep running, like a network partition).
cmd_stop_sshd() {
  local host="$1/hosts/$2" pid
  [[ -d "$host" ]] || die "no host $2"
  pid="$(cat "$host/run/sshd.pid" 2>/dev/null || true)"
  if [[ -n "$pid" ]]; then
    # Its established connections too (one sshd child each), as a partition would: a client's shared ssh
    # connection (ControlMaster) would otherwise keep reaching the host.
    # shellcheck disable=SC2046
    kill -TERM "$pid" $(ps -o pid= --ppid "$pid" 2>/dev/null) 2>/dev/null || true
  fi
  local i
  for ((i = 0; i < 200; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$(cat "$host/etc/port")") 2>/dev/null || return 0
    sleep 0.01
  done
  die "sshd of $2 did not stop"
}

# Starts a stopped host's sshd again on the same port (ssh configs stay valid).
cmd_start_sshd() {
  local host="$1/hosts/$2"
  [[ -d "$host" ]] || die "no host $2"
  SIM_INSTANCE="$(cat "$1/instance")" setsid "$SSHD" -f "$host/etc/sshd_config" -E "$host/run/sshd.log" </dev/null >/dev/null 2>&1 ||
    die "sshd of $2 did not start (port $(cat "$host/etc/port") taken?)"
  wait_tcp "$(cat "$host/etc/port")" || die "sshd of $2 did not start"
}

cmd_reap() {
  local simdir="$1" owner="$2"
  tail --pid="$owner" -f /dev/null
  cmd_down "$simdir"
  rm -rf "$simdir"
}

case "$1" in
  up) cmd_up "${@:2}" ;;
  reap) cmd_reap "${@:2}" ;;
  stop-sshd) cmd_stop_sshd "${@:2}" ;;
  start-sshd) cmd_start_sshd "${@:2}" ;;
  down) cmd_down "$2" ;;
  seed-example) cmd_seed_example "${@:2}" ;;
  seed-host)
    [[ -d "$(host_dir "$2" "$3")" && -n "$4" ]] || die "usage: harness.sh seed-host <simdir> <host> <version>"
    create_sources "$2"
    seed_host "$2" "$3" "$4"
    ;;
  sources) create_sources "$2" ;;
  deploy) cmd_deploy "${@:2}" ;;
  ssh) client_ssh "${@:2}" ;;
  *) die "usage: harness.sh up|down|seed-example|sources|deploy|ssh|stop-sshd|start-sshd <simdir> ..." ;;
esac
