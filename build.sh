#!/usr/bin/env bash
# Graduate's one entry point for building, testing and benchmarking.
#   ./build.sh build        compile everything (warnings are errors)
#   ./build.sh test         run every test against a real Temporal dev server and real sshd, then the real-Dokku
#                           lane against the Dokku lab (GRADUATE_REAL_DOKKU=0 leaves it out)
#   ./build.sh bench [ARGS] graduate 1, 2 and 10 apps on simulated hosts and print what the graduation itself costs
#   ./build.sh demo [ARGS]  build if needed, then `graduate demo ARGS` (embedded Temporal, simulated hosts)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
TEMPORAL_VERSION=1.9.1

die() { echo "build.sh: $*" >&2; exit 1; }

# Why the real-Dokku lab (../shared/tools/dokku/dokku-lab: real Dokku v0.38.27 and a Docker engine) cannot
# run here, in one sentence; nothing when it can.
real_dokku_missing() {
  local lab=$ROOT/../shared/tools/dokku/dokku-lab id="" version=""
  if [[ ! -f $lab ]]; then
    echo "the real-Dokku tests need the Dokku lab at ../shared/tools/dokku/dokku-lab, which is missing: put the shared tools beside this repository, or set GRADUATE_REAL_DOKKU=0 to run everything else."
  elif [[ $(id -u) != 0 ]]; then
    echo "the real-Dokku tests need root (the Dokku lab runs dockerd, nginx and an sshd): run as root, or set GRADUATE_REAL_DOKKU=0 to run everything else."
  else
    [[ -r /etc/os-release ]] && id=$(. /etc/os-release && echo "${ID:-}") && version=$(. /etc/os-release && echo "${VERSION_ID:-}")
    if [[ $id != debian || $version != 12 ]]; then
      echo "the real-Dokku tests need Debian 12 (the Dokku lab's artifacts are built for it), not '${id:-unknown} ${version:-}': run them on Debian 12, or set GRADUATE_REAL_DOKKU=0 to run everything else."
    fi
  fi
}

need_dotnet() {
  command -v dotnet >/dev/null || die "the .NET 10 SDK is not installed: install it from https://dot.net (dotnet-sdk-10.0) and run again."
}

# Finds the Temporal CLI: $TEMPORAL_CLI, else `temporal` on PATH, else the shared tools' copy beside this repository
# (../shared/tools/temporal), else the official release in .tools/.
find_temporal() {
  if [[ -n "${TEMPORAL_CLI:-}" ]]; then
    local cli=$TEMPORAL_CLI
    [[ $cli = /* ]] || cli=$ROOT/$cli
    [[ -x $cli ]] || die "TEMPORAL_CLI=$TEMPORAL_CLI is not an executable file: point it at the temporal CLI binary."
    echo "$cli"; return
  fi
  if command -v temporal >/dev/null; then command -v temporal; return; fi
  local shared_cli=$ROOT/../shared/tools/temporal/temporal
  if [[ -x $shared_cli ]]; then (cd "$(dirname "$shared_cli")" && echo "$PWD/temporal"); return; fi
  local local_cli=$ROOT/.tools/temporal-$TEMPORAL_VERSION/temporal
  if [[ -x $local_cli ]]; then echo "$local_cli"; return; fi
  local arch; case "$(uname -m)" in x86_64) arch=amd64;; aarch64|arm64) arch=arm64;; *) arch=;; esac
  local os; os=$(uname -s | tr '[:upper:]' '[:lower:]')
  if [[ -n $arch ]] && command -v curl >/dev/null; then
    local url="https://github.com/temporalio/cli/releases/download/v$TEMPORAL_VERSION/temporal_cli_${TEMPORAL_VERSION}_${os}_${arch}.tar.gz"
    mkdir -p "$(dirname "$local_cli")"
    if curl -fsSL --max-time 120 "$url" | tar -xz -C "$(dirname "$local_cli")" temporal 2>/dev/null && [[ -x $local_cli ]]; then
      echo "$local_cli"; return
    fi
  fi
  die "no Temporal CLI found: install it (brew install temporal, or the release from https://github.com/temporalio/cli/releases) and put it on PATH or set TEMPORAL_CLI to its path."
}

# Installs a Debian package when its file is missing (as root with apt), else says how.
need_package() { # <file> <package> <why>
  [[ -x $1 ]] && return
  if [[ $(id -u) = 0 ]] && command -v apt-get >/dev/null; then
    echo "build.sh: installing $2 ($3)" >&2
    [[ -n ${APT_UPDATED:-} ]] || { DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null; APT_UPDATED=1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  fi
  [[ -x $1 ]] || die "$1 is missing: install it (sudo apt-get install $2) and run again; $3."
}

cmd=${1:-build}; shift || true
case "$cmd" in
  build)
    need_dotnet
    dotnet build Graduate.sln -nologo -clp:ErrorsOnly "$@"
    ;;
  test)
    need_dotnet
    # The real-Dokku lane (tests/RealDokku.Tests, trait Category=RealDokku) runs against the Dokku lab (real Dokku
    # v0.38.27 and a Docker engine: installed here if needed, under a second once done; brought up by the tests'
    # fixture), after everything else and alone, since real deploys load the machine: all of it by default (about
    # 15 minutes on an idle 2-core machine), none with GRADUATE_REAL_DOKKU=0. What is left out is counted, never
    # reported as passed.
    real=${GRADUATE_REAL_DOKKU:-1}
    case $real in
      0 | 1) ;;
      *) die "GRADUATE_REAL_DOKKU=$real is not 1 (the real-Dokku lane too, the default) or 0 (everything else): set one of those." ;;
    esac
    TEMPORAL_CLI=$(find_temporal); export TEMPORAL_CLI
    need_package /usr/sbin/sshd openssh-server "the SSH tests run a throwaway sshd on loopback"
    need_package /usr/bin/chromium chromium "the Web UI tests look at pages in headless Chromium"
    if [[ $real != 0 ]]; then
      missing=$(real_dokku_missing)
      [[ -z $missing ]] || die "$missing"
      "$ROOT/../shared/tools/dokku/dokku-lab" install >&2 || die "installing the Dokku lab failed (its log: /var/lib/dokku-lab/install.log); fix that, or set GRADUATE_REAL_DOKKU=0 for everything else."
    fi
    echo "build.sh: Temporal CLI: $TEMPORAL_CLI" >&2
    dotnet build Graduate.sln -nologo -clp:ErrorsOnly
    log=$(mktemp) real_log=$(mktemp)
    status=0
    # A --filter of the caller's is combined with each run's own (dotnet test takes one).
    args=() user_filter=""
    while [[ $# -gt 0 ]]; do
      if [[ $1 == --filter && $# -ge 2 ]]; then
        user_filter=$2
        shift 2
      else
        args+=("$1")
        shift
      fi
    done
    with_filter() { # <run's filter>: the --filter argument for it and the caller's
      if [[ -n $user_filter && -n $1 ]]; then echo "($user_filter)&$1"; else echo "${user_filter:-$1}"; fi
    }
    dotnet test Graduate.sln --no-build -nologo --logger "console;verbosity=normal" --filter "$(with_filter "Category!=RealDokku")" "${args[@]}" 2>&1 | tee "$log" || status=$?
    real_run=0
    if [[ $real != 0 ]]; then
      real_filter=$(with_filter "")
      echo "build.sh: the real-Dokku lane${real_filter:+, --filter $real_filter}" >&2
      dotnet test tests/RealDokku.Tests/Graduate.RealDokku.Tests.csproj --no-build -nologo --logger "console;verbosity=detailed" \
        ${real_filter:+--filter "$real_filter"} "${args[@]}" 2>&1 | tee "$real_log" || status=$?
      real_run=$(awk '/^Total tests:/ { n += $3 } END { print n + 0 }' "$real_log")
      cat "$real_log" >>"$log"
    fi
    # One closing line over every test assembly: "N passed, N failed".
    awk '/^Total tests:/ { runs++ } /^ +Passed: [0-9]+$/ { p += $2 } /^ +Failed: [0-9]+$/ { f += $2 }
         END { if (runs == 0) f++; printf "%d passed, %d failed\n", p, f }' "$log"
    # The failures again, last, so that a log read from its end names them: each failed test and the first
    # lines of its message.
    awk '/^  Failed / { n = 12; print "build.sh: FAILED" substr($0, 9); next }
         n > 0 && /^  (Passed|Skipped) / { n = 0 }
         n > 0 && /^  Stack Trace:/ { n = 0 }
         n > 0 { print "build.sh:   " $0; n-- }' "$log"
    rm -f "$log" "$real_log"
    all_real=$(dotnet test tests/RealDokku.Tests/Graduate.RealDokku.Tests.csproj --no-build -nologo --list-tests 2>/dev/null | grep -c '^    ' || true)
    if ((all_real > real_run)); then
      echo "build.sh: $((all_real - real_run)) of $all_real real-Dokku tests (tests/RealDokku.Tests) were not run (GRADUATE_REAL_DOKKU=$real${user_filter:+, --filter $user_filter}); ./build.sh test without either runs them all against the Dokku lab."
    fi
    exit "$status"
    ;;
  bench)
    need_dotnet
    TEMPORAL_CLI=$(find_temporal); export TEMPORAL_CLI
    need_package /usr/sbin/sshd openssh-server "the benchmark's simulated Dokku hosts each run a throwaway sshd on loopback"
    dotnet run --project bench/Graduate.Bench.csproj -c Release -- "$@"
    ;;
  demo)
    need_dotnet
    TEMPORAL_CLI=$(find_temporal); export TEMPORAL_CLI
    need_package /usr/sbin/sshd openssh-server "the demo's simulated Dokku hosts each run a throwaway sshd on loopback"
    cli=src/Cli/bin/Debug/net10.0/graduate
    # Build when the CLI is missing or any source, project or host script is newer than it.
    if [[ ! -x $cli ]] || [[ -n $(find src tests/hosts dokku-plugin Directory.Build.props Directory.Packages.props -newer "$cli" -type f \
        \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -path 'tests/hosts/*' -o -path 'dokku-plugin/*' \) \
        -not -path '*/bin/*' -not -path '*/obj/*' -print -quit) ]]; then
      echo "build.sh: building graduate" >&2
      dotnet build src/Cli/Graduate.Cli.csproj -nologo -clp:ErrorsOnly >&2
      touch "$cli" # an up-to-date build leaves the file as it was; mark when it was last checked
    fi
    exec "$cli" demo "$@"
    ;;
  *)
    die "unknown command '$cmd': use build, test, bench or demo."
    ;;
esac
