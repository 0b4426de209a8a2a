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
  for pid in $pg_pid $bot_pid; do
    kill -TERM -- "-$pid" 2>/dev/null
  done
  for pid in $pg_pid $bot_pid; do
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

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
sed 's/platform: slack/platform: teams/' bot/HandoffBot/people.yaml >"$work/people.yaml"
# Enterprise briefs go to the playground team's "Handoffs" channel.
sed "s/^    crmNames: \[Enterprise, Strategic\]\$/    crmNames: [Enterprise, Strategic]\n    csChannel: teams:$channel_id/" bot/HandoffBot/playbook.yaml >"$work/playbook.yaml"
grep -q "csChannel: teams:$channel_id" "$work/playbook.yaml" || { echo "FAIL teams-playground-playbook: could not route Enterprise to the channel"; exit 0; }

# The playground's tenant: the AE is the current user; the CSM, CS lead, a stranger and others are members of the CS team.
mkdir -p "$work/playground"
cat >"$work/playground/.m365agentsplayground.yml" <<YAML
version: "0.1.1"
tenantId: 00000000-0000-0000-0000-0000000000001
bot:
  id: 00000000-0000-0000-0000-00000000000011
  name: HandoffBot
currentUser:
  id: user-avery
  name: Avery Brooks
  userPrincipleName: avery.ae@example.com
  aadObjectId: 00000000-0000-0000-0000-0000000000020
  givenName: Avery
  surname: Brooks
  email: avery.ae@example.com
users:
  - { id: user-casey, name: Casey Lin, userPrincipleName: casey.csm@example.com, aadObjectId: 00000000-0000-0000-0000-0000000000021, givenName: Casey, surname: Lin, email: casey.csm@example.com }
  - { id: user-jordan, name: Jordan Patel, userPrincipleName: cs-lead@example.com, aadObjectId: 00000000-0000-0000-0000-0000000000022, givenName: Jordan, surname: Patel, email: cs-lead@example.com }
  - { id: user-riley, name: Riley Chen, userPrincipleName: vp-sales@example.com, aadObjectId: 00000000-0000-0000-0000-0000000000023, givenName: Riley, surname: Chen, email: vp-sales@example.com }
  - { id: user-sam, name: Sam Okafor, userPrincipleName: revops@example.com, aadObjectId: 00000000-0000-0000-0000-0000000000024, givenName: Sam, surname: Okafor, email: revops@example.com }
  - { id: user-morgan, name: Morgan Diaz, userPrincipleName: morgan.lead@example.com, aadObjectId: 00000000-0000-0000-0000-0000000000025, givenName: Morgan, surname: Diaz, email: morgan.lead@example.com }
personalChat:
  id: personal-avery
groupChat:
  id: group-chat
  name: Group Chat
team:
  id: "19:cs-team@thread.tacv2"
  name: Customer Success
  aadGroupId: 00000000-0000-0000-0000-000000000031
  channels:
    - id: "$channel_id"
      name: $channel_name
YAML

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
  curl -fs "http://127.0.0.1:$bot_port/healthz" >/dev/null 2>&1 && grep -q "Listening on" "$work/playground.log" && break
  kill -0 "$bot_pid" 2>/dev/null && kill -0 "$pg_pid" 2>/dev/null || break
  sleep 0.5
done
if ! curl -fs "http://127.0.0.1:$bot_port/healthz" >/dev/null 2>&1; then
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
