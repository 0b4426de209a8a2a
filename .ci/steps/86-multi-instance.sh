#!/usr/bin/env bash
# Several instances on one PostgreSQL database (tests/HandoffBot.Chaos, scenario "multi"): three bot
# processes (Release build) on different ports, 200 deals spread over them, an instance killed with
# SIGKILL and restarted three times; every context request and brief at the fake Slack exactly once,
# no job stuck or failed, the CS channel's pacing held across instances. Uses the cluster .ci/run
# started (HANDOFFBOT_TEST_POSTGRES), or starts its own. CHAOS_SEED reruns a printed seed.
set -uo pipefail
cd "$(dirname "$0")/../.."
own=""
if [ -z "${HANDOFFBOT_TEST_POSTGRES:-}" ]; then
  if ! pg_env=$(bash .ci/postgres.sh 2>/tmp/multi-pg.err); then
    echo "FAIL multi-instance-postgres: could not start PostgreSQL: $(tr '\n' ' ' < /tmp/multi-pg.err | cut -c1-300)"
    exit 0
  fi
  HANDOFFBOT_TEST_POSTGRES="$(printf '%s\n' "$pg_env" | sed -n 's/^HANDOFFBOT_TEST_POSTGRES=//p')"
  own="$(printf '%s\n' "$pg_env" | sed -n 's/^HANDOFFBOT_TEST_POSTGRES_DIR=//p')"
  trap 'bash .ci/postgres.sh stop "$own"' EXIT
fi
if ! dotnet build bot/HandoffBot -c Release -v q -nologo >/tmp/multi-build.log 2>&1; then
  echo "FAIL multi-instance-build-bot: $(grep -m3 -E 'error' /tmp/multi-build.log | tr '\n' ' ' | cut -c1-300)"
  exit 0
fi
if ! dotnet build tests/HandoffBot.Chaos -c Release -v q -nologo >/tmp/multi-build.log 2>&1; then
  echo "FAIL multi-instance-build-driver: $(grep -m3 -E 'error' /tmp/multi-build.log | tr '\n' ' ' | cut -c1-300)"
  exit 0
fi
seed="${CHAOS_SEED:-$(( $(date +%s) % 100000 ))}"
dotnet tests/HandoffBot.Chaos/bin/Release/net10.0/HandoffBot.Chaos.dll \
  --bot "$PWD/bot/HandoffBot/bin/Release/net10.0/HandoffBot.dll" --repo "$PWD" --seed "$seed" --scenario multi \
  --postgres "$HANDOFFBOT_TEST_POSTGRES"
