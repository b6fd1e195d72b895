#!/usr/bin/env bash
# A cluster on one machine: a throwaway PostgreSQL, maildev, N site processes on that one database and a proxy in
# front that sends each request to the next node. Prints the address; Ctrl-C stops everything it started (the
# database goes with it).
#   scripts/cluster.sh [NODES (default 2)] [PORT (default 5080)]
# Needs what ./test.sh installs (PostgreSQL from Debian, Node.js for maildev); run ./test.sh once, or install them.
set -uo pipefail
nodes="${1:-2}"
port="${2:-5080}"
cd "$(dirname "$0")/.."
root=$(pwd)
out="$root/.test-output"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then echo "PostgreSQL is not installed (apt-get install postgresql, or run ./test.sh once)."; exit 1; fi
maildev_bin="$out/tools/node_modules/.bin/maildev"
if [ ! -x "$maildev_bin" ]; then
  mkdir -p "$out/tools"
  npm install --prefix "$out/tools" --no-audit --no-fund --loglevel=error "maildev@2.2.1" >/dev/null || { echo "Could not install maildev."; exit 1; }
fi

pg_port=35432; while ! port_free "$pg_port"; do pg_port=$((pg_port + 1)); done
smtp_port=35025; while ! port_free "$smtp_port"; do smtp_port=$((smtp_port + 1)); done
mail_port=35080; while ! port_free "$mail_port" || [ "$mail_port" = "$smtp_port" ]; do mail_port=$((mail_port + 1)); done
work=$(mktemp -d)
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
maildev_pid=""
cleanup() {
  [ -n "$maildev_pid" ] && kill "$maildev_pid" >/dev/null 2>&1
  run_pg "$pg_bin/pg_ctl" -D "$work/db" -m fast stop >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
[ "$(id -u)" -eq 0 ] && chown postgres "$work"
run_pg "$pg_bin/initdb" -D "$work/db" -U postgres --auth=trust -E UTF8 >/dev/null
run_pg "$pg_bin/pg_ctl" -D "$work/db" -l "$work/db.log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$work -c max_connections=300" start >/dev/null \
  || { echo "PostgreSQL did not start; see $work/db.log"; exit 1; }
run_pg "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres accreditation || { echo "Could not create the database."; exit 1; }
"$maildev_bin" --smtp "$smtp_port" --web "$mail_port" --ip 127.0.0.1 --silent >"$work/maildev.log" 2>&1 &
maildev_pid=$!
mkdir -p "$work/app-data"

echo "PostgreSQL on 127.0.0.1:$pg_port, maildev (read the mail) on http://127.0.0.1:$mail_port, nodes' data in $work/app-data (node-N each, files shared)"
dotnet build src/Accreditation.Web -nologo -clp:ErrorsOnly || exit 1
cd src/Accreditation.Web
# A local trial: plain http on loopback, readable logs (Development); set ASPNETCORE_ENVIRONMENT to try another.
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
dotnet bin/Debug/net10.0/Accreditation.Web.dll cluster --nodes "$nodes" --port "$port" \
  --Database:Provider=PostgreSql \
  "--ConnectionStrings:Accreditation=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=accreditation" \
  "--AppData:Path=$work/app-data" \
  --Email:Smtp:Host=127.0.0.1 --Email:Smtp:Port="$smtp_port" --Email:Smtp:Security=None &
cluster_pid=$!
# Ctrl-C reaches every process of the terminal; a plain kill of this script is passed on to the cluster.
trap 'kill -TERM "$cluster_pid" 2>/dev/null' INT TERM
wait "$cluster_pid"
wait "$cluster_pid" 2>/dev/null
