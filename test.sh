#!/usr/bin/env bash
# Runs every test: installs what the tests need when it is missing (Node/npm, Debian Chromium, PostgreSQL, maildev),
# starts PostgreSQL and maildev on loopback, runs every test project (the integration tests on SQLite and on
# PostgreSQL) and ends with one line: "N passed, N failed, N skipped".
# ./test.sh PATTERN runs only the test projects whose name contains PATTERN (e.g. ./test.sh Portfolios).
set -uo pipefail
only="${1:-}"
cd "$(dirname "$0")"
root=$(pwd)
out="$root/.test-output"
rm -rf "$out/results"
mkdir -p "$out/results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '\n== %s\n' "$*"; }

# --- What the tests need -------------------------------------------------------------------------------
need_apt=()
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need_apt+=(chromium fonts-liberation)
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || need_apt+=(postgresql)
if [ ${#need_apt[@]} -gt 0 ]; then
  say "Installing ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
fi
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

# --- PostgreSQL on loopback, in a throwaway cluster ------------------------------------------------------
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pg_port=${ACCREDITATION_PG_PORT:-25432}
while ! port_free "$pg_port"; do pg_port=$((pg_port + 1)); done # another run may hold the port
pg_data=$(mktemp -d)
pg_user=$(id -un)
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop_pg() { run_pg "$pg_bin/pg_ctl" -D "$pg_data/db" -m immediate stop >/dev/null 2>&1; rm -rf "$pg_data"; }
maildev_pid=""
stop_maildev() { [ -n "$maildev_pid" ] && kill "$maildev_pid" >/dev/null 2>&1; maildev_pid=""; }
cleanup() { stop_maildev; stop_pg; }
trap cleanup EXIT
if [ "$(id -u)" -eq 0 ]; then chown postgres "$pg_data"; pg_user=postgres; fi
say "Starting PostgreSQL on 127.0.0.1:$pg_port"
run_pg "$pg_bin/initdb" -D "$pg_data/db" -U postgres --auth=trust -E UTF8 >/dev/null
run_pg "$pg_bin/pg_ctl" -D "$pg_data/db" -l "$pg_data/log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$pg_data -c fsync=off -c max_connections=200" start >/dev/null
export ACCREDITATION_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"

# --- maildev (a real SMTP server with an HTTP API) on loopback, for the email tests ---------------------
maildev_version=2.2.1
maildev_bin="$out/tools/node_modules/.bin/maildev"
if [ ! -x "$maildev_bin" ] || ! grep -q "\"version\": \"$maildev_version\"" "$out/tools/node_modules/maildev/package.json" 2>/dev/null; then
  say "Installing maildev $maildev_version into .test-output/tools"
  mkdir -p "$out/tools"
  npm install --prefix "$out/tools" --no-audit --no-fund --loglevel=error "maildev@$maildev_version" >/dev/null
fi
smtp_port=${ACCREDITATION_TEST_SMTP_PORT:-25025}
while ! port_free "$smtp_port"; do smtp_port=$((smtp_port + 1)); done
maildev_web_port=${ACCREDITATION_TEST_MAILDEV_WEB_PORT:-25080}
while ! port_free "$maildev_web_port" || [ "$maildev_web_port" = "$smtp_port" ]; do maildev_web_port=$((maildev_web_port + 1)); done
say "Starting maildev: SMTP 127.0.0.1:$smtp_port, API http://127.0.0.1:$maildev_web_port"
"$maildev_bin" --smtp "$smtp_port" --web "$maildev_web_port" --ip 127.0.0.1 --silent >"$out/maildev.log" 2>&1 &
maildev_pid=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$maildev_web_port/email" >/dev/null 2>&1 && break
  kill -0 "$maildev_pid" 2>/dev/null || break
  sleep 0.2
done
if ! curl -sf "http://127.0.0.1:$maildev_web_port/email" >/dev/null 2>&1; then
  echo "maildev did not start; see .test-output/maildev.log"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
export ACCREDITATION_TEST_SMTP_PORT=$smtp_port
export ACCREDITATION_TEST_MAILDEV_URL="http://127.0.0.1:$maildev_web_port"

# --- Build once -----------------------------------------------------------------------------------------
say "Building"
if ! dotnet build Accreditation.sln -c Debug -nologo -clp:ErrorsOnly; then
  echo "Build failed."
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

# --- Run every test project ------------------------------------------------------------------------------
status=0
run_tests() { # name project [env...]
  local name=$1 project=$2; shift 2
  say "Tests: $name"
  env "$@" dotnet test "$project" -c Debug --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$out/results" \
    --logger "console;verbosity=minimal" || status=1
}

for project in $(ls tests/*/*.csproj | sort); do
  name=$(basename "$project" .csproj)
  case "$name" in
    Accreditation.Testing|Accreditation.Benchmarks) continue ;;
  esac
  [ -z "$only" ] || [[ "$name" == *"$only"* ]] || continue
  if grep -q 'Accreditation.Testing' "$project" && [ "$name" != "Accreditation.BrowserTests" ]; then
    # Tests that host the site run on both providers.
    run_tests "$name.Sqlite" "$project" ACCREDITATION_TEST_PROVIDER=Sqlite
    run_tests "$name.PostgreSql" "$project" ACCREDITATION_TEST_PROVIDER=PostgreSql
  else
    run_tests "$name" "$project"
  fi
done

# --- One summary line -----------------------------------------------------------------------------------
passed=0; failed=0; skipped=0
for trx in "$out"/results/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout); a=$(get aborted)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi # a test run that crashed without counting
if [ "$failed" -ne 0 ]; then
  # Name what failed right above the summary, so the tail of a CI log is enough to start from.
  echo
  echo "Failed tests:"
  for trx in "$out"/results/*.trx; do
    [ -f "$trx" ] || continue
    grep -o '<UnitTestResult [^>]*outcome="\(Failed\|Error\|Timeout\|Aborted\)"[^>]*>' "$trx" \
      | sed -n 's/.* testName="\([^"]*\)".*/\1/p' \
      | sed "s|^|  $(basename "$trx" .trx): |" | head -n 20
  done
fi
echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
