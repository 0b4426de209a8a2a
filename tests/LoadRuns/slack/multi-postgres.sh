#!/usr/bin/env bash
# Slack acknowledgements on several instances sharing one PostgreSQL database (issue 16):
# N bots (Release build, Storage__Provider=postgres, durable database inbox: an ack waits until its job
# is committed in the shared job table), each loaded by its own wrk with 16 connections, all at once,
# with the same signed block_actions script as run.sh. Prints each instance's acks/s, p50 and p99.
#   tests/LoadRuns/slack/multi-postgres.sh [instances=3] [duration=20s]
# Needs wrk (apt-get install -y wrk) and a server: HANDOFFBOT_TEST_POSTGRES, or .ci/postgres.sh starts one.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
instances="${1:-3}"
duration="${2:-20s}"
secret="load-run-signing-secret-$(date +%s)"
work="$(mktemp -d "${LOAD_RUN_DIR:-/tmp}/slack-multi.XXXXXX")"
pids=()
own=""
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "$own" ] && bash "$root/.ci/postgres.sh" stop "$own"
  rm -rf "$work"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)"; exit 1; }
if [ -z "${HANDOFFBOT_TEST_POSTGRES:-}" ]; then
  pg_env=$(bash "$root/.ci/postgres.sh")
  HANDOFFBOT_TEST_POSTGRES="$(printf '%s\n' "$pg_env" | sed -n 's/^HANDOFFBOT_TEST_POSTGRES=//p')"
  own="$(printf '%s\n' "$pg_env" | sed -n 's/^HANDOFFBOT_TEST_POSTGRES_DIR=//p')"
fi
connection="${HANDOFFBOT_TEST_POSTGRES%;};Search Path=slack_load_$(date +%s)"
dotnet build "$root/bot/HandoffBot" -c Release -v q -nologo >/dev/null
out="$root/bot/HandoffBot/bin/Release/net10.0"

for i in $(seq 1 "$instances"); do
  port=$((5400 + i))
  (cd "$root/bot/HandoffBot" && exec env \
    ASPNETCORE_ENVIRONMENT=Production \
    Urls="http://127.0.0.1:$port" \
    Slack__SigningSecret="$secret" \
    Storage__Provider=postgres \
    Storage__ConnectionString="$connection" \
    Scheduler__Enabled=false \
    Teams__Enabled=false \
    Logging__LogLevel__Default=Warning \
    Logging__LogLevel__Microsoft.Hosting.Lifetime=Warning \
    dotnet "$out/HandoffBot.dll" >"$work/bot$i.log" 2>&1) &
  pids+=($!)
  for _ in $(seq 1 240); do curl -s -o /dev/null "http://127.0.0.1:$port/readyz" && break; sleep 0.5; done
done

export SLACK_SIGNING_SECRET="$secret"
failed=0
load() { # tag duration: every instance at once
  local wrks=()
  for i in $(seq 1 "$instances"); do
    wrk -t1 -c16 -d"$2" --latency -s "$here/signed-block-actions.lua" "http://127.0.0.1:$((5400 + i))/api/slack/interactions" >"$work/$1-$i.txt" &
    wrks+=($!)
  done
  for w in "${wrks[@]}"; do wait "$w"; done
  for i in $(seq 1 "$instances"); do
    if grep -q "Non-2xx" "$work/$1-$i.txt"; then
      echo "instance $i ($1): some answers were not 2xx:"; grep -E "Non-2xx|timeout|Requests/sec|99%" "$work/$1-$i.txt"
      grep -m3 -iE "fail|exception" "$work/bot$i.log" | cut -c1-400
      failed=1
    fi
  done
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $instances instances on one database, 16 connections each, $duration"
load warmup 10s
load run "$duration"
total=0
for i in $(seq 1 "$instances"); do
  f="$work/run-$i.txt"
  printf 'instance %s: %10s acks/s   p50 %8s   p99 %8s   (%s)\n' "$i" \
    "$(awk '/Requests\/sec/ {print $2}' "$f")" "$(awk '$1=="50%" {print $2}' "$f")" "$(awk '$1=="99%" {print $2}' "$f")" \
    "$(awk '/requests in/ {print $1 " requests"}' "$f")"
done
stored=$(psql "$(printf '%s' "$HANDOFFBOT_TEST_POSTGRES" | sed 's/;/ /g; s/Host=/host=/; s/Port=/port=/; s/Username=/user=/; s/Database=/dbname=/; s/Pooling=[a-z]*//')" -tAc \
  "SELECT count(*) FROM \"$(printf '%s' "$connection" | sed 's/.*Search Path=//')\".jobs" 2>/dev/null || echo "?")
[ "$failed" -eq 0 ] || echo "NOT ALL ANSWERS WERE 2xx (above): those requests were not acknowledged (Slack would retry them)"
echo "jobs stored in the shared table (warm-up and run): $stored; load after: $(cut -d' ' -f1-3 /proc/loadavg)"
