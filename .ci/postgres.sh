#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests (no containers): installs Debian's
# `postgresql` when it is missing, runs initdb into a temporary folder as a non-root user, starts
# it on a free port with its socket in that folder, creates the database and prints one line:
#   HANDOFFBOT_TEST_POSTGRES=<connection string>
# Stop it with: .ci/postgres.sh stop <folder>   (the folder is the "Host" of the connection string)
set -euo pipefail

if [ "${1:-}" = "stop" ]; then
  dir="$2"
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  if [ "$(id -u)" = 0 ]; then runas=(runuser -u postgres --); else runas=(); fi
  "${runas[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 0
fi

if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  # Debian's package starts a cluster of its own as a service where it can; ours is separate.
  apt-get install -y -qq postgresql >/dev/null
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

dir=$(mktemp -d /tmp/handoffbot-pg.XXXXXX)
chmod 755 "$dir"
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$dir" postgres
  chown postgres "$dir"
  runas=(runuser -u postgres --)
  user=postgres
else
  runas=()
  user=$(id -un)
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"${runas[@]}" "$bin/initdb" -D "$dir/data" -U "$user" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${runas[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=on" start >/dev/null
"${runas[@]}" "$bin/createdb" -h "$dir" -p "$port" -U "$user" handoffbot_tests
echo "HANDOFFBOT_TEST_POSTGRES=Host=127.0.0.1;Port=$port;Username=$user;Database=handoffbot_tests;Pooling=true"
echo "HANDOFFBOT_TEST_POSTGRES_DIR=$dir"
