#!/usr/bin/env bash
# The fake Slack Web API the tests use answers the official Node client (@slack/web-api) the way
# Slack does, so the fake is faithful: ok answers, ok:false codes, 429 with Retry-After, 5xx.
set -uo pipefail
cd "$(dirname "$0")/../.."
port=3871
if ! npm install --prefix .ci --no-save --no-audit --no-fund @slack/web-api@8.2.0 >/dev/null 2>&1; then
  echo "FAIL slack-web-api-install: npm install @slack/web-api@8.2.0 failed"
  exit 0
fi
if ! dotnet build tests/HandoffBot.FakeSlack -v q -nologo >/dev/null 2>&1; then
  echo "FAIL slack-fake-build: tests/HandoffBot.FakeSlack does not build"
  exit 0
fi
log=$(mktemp)
dotnet tests/HandoffBot.FakeSlack/bin/Debug/net10.0/HandoffBot.FakeSlack.dll "$port" xoxb-ci-token >"$log" 2>&1 &
pid=$!
trap 'kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 120); do
  grep -q "listening" "$log" && break
  sleep 0.5
done
if ! grep -q "listening" "$log"; then
  echo "FAIL slack-fake-start: $(head -c 300 "$log" | tr '\n' ' ')"
  exit 0
fi
node .ci/steps/slack-web-api-check.js "http://127.0.0.1:$port" xoxb-ci-token
