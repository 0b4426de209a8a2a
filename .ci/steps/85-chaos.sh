#!/usr/bin/env bash
# Chaos over real processes: the bot (Release build) against the fake Slack behind a TCP proxy the
# driver controls (tests/HandoffBot.Chaos). (a) 50 deals' messages while the bot is killed with
# SIGKILL 20 times and restarted on the same data file; (b) a 60 s stall between the bot and Slack,
# with a /handoff answered within 3 s meanwhile. Each ends with every message in Slack exactly once
# and no message job pending, running or failed. CHAOS_SEED reruns a printed seed.
set -uo pipefail
cd "$(dirname "$0")/../.."
if ! dotnet build bot/HandoffBot -c Release -v q -nologo >/tmp/chaos-build.log 2>&1; then
  echo "FAIL chaos-build-bot: $(grep -m3 -E 'error' /tmp/chaos-build.log | tr '\n' ' ' | cut -c1-300)"
  exit 0
fi
if ! dotnet build tests/HandoffBot.Chaos -c Release -v q -nologo >/tmp/chaos-build.log 2>&1; then
  echo "FAIL chaos-build-driver: $(grep -m3 -E 'error' /tmp/chaos-build.log | tr '\n' ' ' | cut -c1-300)"
  exit 0
fi
seed="${CHAOS_SEED:-$(( $(date +%s) % 100000 ))}"
dotnet tests/HandoffBot.Chaos/bin/Release/net10.0/HandoffBot.Chaos.dll \
  --bot "$PWD/bot/HandoffBot/bin/Release/net10.0/HandoffBot.dll" --repo "$PWD" --seed "$seed" --scenario all
