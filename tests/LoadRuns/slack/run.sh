#!/usr/bin/env bash
# Slack acknowledgement load run: HandoffBot (Release, durable inbox, signature verification) and
# Bolt for JavaScript (app.action that only acks, signature verification on), both on loopback,
# measured one after the other in the same run with the same wrk script:
#   wrk -t2 -c16 -d30s --latency -s signed-block-actions.lua <url>
# Needs: wrk (apt-get install -y wrk), Node 20 + npm (installs @slack/bolt from package.json).
# Usage: tests/LoadRuns/slack/run.sh [duration, default 30s]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
duration="${1:-30s}"
secret="load-run-signing-secret-$(date +%s)"
bot_port=5391
bolt_port=5392
work="$(mktemp -d "${LOAD_RUN_DIR:-/tmp}/slack-load.XXXXXX")"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)"; exit 1; }
[ -d "$here/node_modules/@slack/bolt" ] || npm install --prefix "$here" --no-audit --no-fund >/dev/null
dotnet build "$root/bot/HandoffBot" -c Release -v q -nologo >/dev/null
out="$root/bot/HandoffBot/bin/Release/net10.0"

wait_for() { # url log
  for _ in $(seq 1 120); do
    curl -s -o /dev/null "$1" && return 0
    sleep 0.5
  done
  echo "did not start: $1"; tail -20 "$2"; exit 1
}

# The bot, from its project folder (playbook.yaml and people.yaml are found there): the durable inbox is always on (every acknowledged request is in LiteDB first); the
# job runner is off so the run measures the acknowledgement path, as Bolt's only-ack listener does.
(cd "$root/bot/HandoffBot" && exec env \
  ASPNETCORE_ENVIRONMENT=Production \
  Urls="http://127.0.0.1:$bot_port" \
  Slack__SigningSecret="$secret" \
  Storage__Path="$work/load.db" \
  Scheduler__Enabled=false \
  Teams__Enabled=false \
  Logging__LogLevel__Default=Warning \
  Logging__LogLevel__Microsoft.Hosting.Lifetime=Warning \
  dotnet "$out/HandoffBot.dll" >"$work/bot.log" 2>&1) &
pids+=($!)
(cd "$here" && exec env NODE_ENV=production SLACK_SIGNING_SECRET="$secret" node bolt-app.js "$bolt_port" >"$work/bolt.log" 2>&1) &
pids+=($!)
wait_for "http://127.0.0.1:$bot_port/healthz" "$work/bot.log"
wait_for "http://127.0.0.1:$bolt_port/" "$work/bolt.log"

export SLACK_SIGNING_SECRET="$secret"
run() { # name url duration
  wrk -t2 -c16 -d"$3" --latency -s "$here/signed-block-actions.lua" "$2" >"$work/$1.txt"
  if grep -q "Non-2xx" "$work/$1.txt"; then echo "$1: some answers were not 2xx:"; cat "$work/$1.txt"; exit 1; fi
}
summary() { # name
  local f="$work/$1.txt"
  printf '%-10s %10s req/s   p50 %8s   p99 %8s   (%s)\n' "$1" \
    "$(awk '/Requests\/sec/ {print $2}' "$f")" \
    "$(awk '$1=="50%" {print $2}' "$f")" \
    "$(awk '$1=="99%" {print $2}' "$f")" \
    "$(awk '/requests in/ {print $1 " requests"}' "$f")"
}

echo "machine: $(nproc) cores, $(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2}'), $(free -g | awk '/Mem:/ {print $2}') GiB; $(dotnet --version) / node $(node --version) / bolt $(node -p "require('$here/node_modules/@slack/bolt/package.json').version")"
# The bot keeps moving acknowledged requests into its job store after a run; measure each server
# only when the other one is idle, so neither pays for the other's work.
wait_idle() { # pid: until it used < 5% of a core over a second
  local before after
  for _ in $(seq 1 300); do
    before=$(awk '{print $14+$15}' "/proc/$1/stat"); sleep 1; after=$(awk '{print $14+$15}' "/proc/$1/stat")
    [ $((after - before)) -lt 5 ] && return 0
  done
}
bot_pid=$(pgrep -f "$out/HandoffBot.dll" | head -1)
bolt_pid=$(pgrep -f "bolt-app.js $bolt_port" | head -1)
# Warm-up (JIT, connection pools, LiteDB file growth), not reported.
run bolt-warmup "http://127.0.0.1:$bolt_port/slack/events" 10s
run bolt "http://127.0.0.1:$bolt_port/slack/events" "$duration"
wait_idle "$bolt_pid"
run bot-warmup "http://127.0.0.1:$bot_port/api/slack/interactions" 10s
wait_idle "$bot_pid"
run handoffbot "http://127.0.0.1:$bot_port/api/slack/interactions" "$duration"
start=$(date +%s); wait_idle "$bot_pid"
echo "the bot's job store caught up with the run about $(( $(date +%s) - start )) s after it ended"
summary handoffbot
summary bolt
for name in handoffbot bolt; do echo "--- $name"; cat "$work/$name.txt"; done
