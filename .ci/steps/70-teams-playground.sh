#!/usr/bin/env bash
# End to end in a local Teams: the real bot (anonymous, Development intake secret) behind the
# Microsoft 365 Agents Playground, scripted over the playground's HTTP/WebSocket API by
# teams-playground.js (install, a signed deal, the AE's form by Action.Execute, the brief in the CS
# channel, a stranger refused, the CSM accepts, "who owns" answers the CSM). Everything it starts runs
# in its own process group and is ended on exit, whatever happens.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
work=$(mktemp -d)
bot_pid=""
pg_pid=""
cleanup() {
  # Each was started as the leader of its own process group: end the group (and the process itself).
  for pid in $pg_pid $bot_pid; do
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
  done
  for pid in $pg_pid $bot_pid; do
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  rm -rf "$work"
}
trap cleanup EXIT
# Only node, npm and dotnet are certain on a CI machine: no python3 or curl here.
free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }
up() { node -e 'fetch(process.argv[1]).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$1"; }

if ! npm install --prefix .ci --no-save --no-audit --no-fund @microsoft/m365agentsplayground@0.2.28 ws@8.23.0 >"$work/npm.log" 2>&1; then
  echo "FAIL teams-playground-install-tools: npm install failed: $(tail -c 300 "$work/npm.log" | tr '\n' ' ')"
  exit 0
fi
if ! dotnet build bot/HandoffBot -v q -nologo >"$work/build.log" 2>&1; then
  echo "FAIL teams-playground-build: $(grep -m3 -E 'error' "$work/build.log" | tr '\n' ' ')"
  exit 0
fi

channel_id="19:handoffs@thread.tacv2"
channel_name="Handoffs"
secret="playground-intake-secret"

# The seeded people, all on Teams here (the CSM and CS lead are Slack users in the sample directory).
sed 's/platform: slack/platform: teams/' tests/Defaults/people.yaml >"$work/people.yaml"
# Enterprise briefs go to the playground team's "Handoffs" channel.
sed "s/^    crmNames: \[Enterprise, Strategic\]\$/    crmNames: [Enterprise, Strategic]\n    csChannel: teams:$channel_id/" tests/Defaults/playbook.yaml >"$work/playbook.yaml"
grep -q "csChannel: teams:$channel_id" "$work/playbook.yaml" || { echo "FAIL teams-playground-playbook: could not route Enterprise to the channel"; exit 0; }

# The playground's tenant (the sample people; the AE is the current user) from manifest/teams/playground.yml.
mkdir -p "$work/playground"
cp manifest/teams/playground.yml "$work/playground/.m365agentsplayground.yml"
grep -q "id: \"$channel_id\"" "$work/playground/.m365agentsplayground.yml" || { echo "FAIL teams-playground-config-file: no channel $channel_id in manifest/teams/playground.yml"; exit 0; }

bot_port=$(free_port)
pg_port=$(free_port)
mkdir -p "$work/data"
(
  cd bot/HandoffBot || exit 1
  ASPNETCORE_ENVIRONMENT=Development \
  Urls="http://127.0.0.1:$bot_port" \
  Storage__Path="$work/data/handoffbot.db" \
  Playbook__Path="$work/playbook.yaml" \
  People__SeedPath="$work/people.yaml" \
  Intake__SigningSecret="$secret" \
  Teams__Enabled=true Teams__MicrosoftAppId="" \
  Scheduler__PollSeconds=1 Timing__WatchPlaybook=false \
  Timing__PublicBaseUrl="http://127.0.0.1:$bot_port" \
  exec setsid dotnet "$root/bot/HandoffBot/bin/Debug/net10.0/HandoffBot.dll"
) >"$work/bot.log" 2>&1 &
bot_pid=$!
(
  cd "$work/playground" || exit 1
  TEAMSAPPTESTER_BROWSER=none exec setsid node "$root/.ci/node_modules/@microsoft/m365agentsplayground/cli.js" start \
    -e "http://127.0.0.1:$bot_port/api/messages" -c msteams -p "$pg_port" --dt
) >"$work/playground.log" 2>&1 &
pg_pid=$!

for _ in $(seq 1 120); do
  up "http://127.0.0.1:$bot_port/healthz" && grep -q "Listening on" "$work/playground.log" && break
  kill -0 "$bot_pid" 2>/dev/null && kill -0 "$pg_pid" 2>/dev/null || break
  sleep 0.5
done
if ! up "http://127.0.0.1:$bot_port/healthz"; then
  echo "FAIL teams-playground-bot-start: $(tail -c 400 "$work/bot.log" | tr '\n' ' ')"
  exit 0
fi
actual=$(grep -m1 -oE 'Listening on [0-9]+' "$work/playground.log" | grep -oE '[0-9]+$')
if [ -z "$actual" ]; then
  echo "FAIL teams-playground-start: $(tail -c 400 "$work/playground.log" | tr '\n' ' ') $(tail -c 300 "$work/playground/devTools/m365agentsplayground.log" 2>/dev/null | tr '\n' ' ')"
  exit 0
fi
echo "PASS teams-playground-start"

NODE_PATH="$root/.ci/node_modules" node .ci/steps/teams-playground.js "http://127.0.0.1:$actual" "http://127.0.0.1:$bot_port" "$secret" "$channel_name" | tee "$work/driver.out"
if grep -q '^FAIL ' "$work/driver.out"; then
  echo "-- bot log (last lines)"
  grep -E 'fail|warn|error' -i "$work/bot.log" | tail -n 15
fi
if [ -n "${TEAMS_PLAYGROUND_DEBUG:-}" ]; then cat "$work/bot.log" >&2; fi
