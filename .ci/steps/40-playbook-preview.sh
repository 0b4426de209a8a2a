#!/usr/bin/env bash
# The shipped playbook previews through the CLI an admin would use, and a bad segment is refused.
set -uo pipefail
cd "$(dirname "$0")/../.."
out=$(dotnet run --project bot/HandoffBot --no-launch-profile -- playbook preview --segment Enterprise --closed 2026-11-02 --tz America/Chicago 2>&1)
rc=$?
if [ "$rc" -eq 0 ] && grep -q "day-90 post-sale poll" <<<"$out" && grep -q "first weekly digest" <<<"$out"; then
  echo "PASS playbook-preview-cli"
else
  echo "FAIL playbook-preview-cli: exit $rc; output: $(head -c 400 <<<"$out" | tr '\n' ' ')"
fi
dotnet run --project bot/HandoffBot --no-launch-profile --no-build -- playbook preview --segment Nope --closed 2026-11-02 >/dev/null 2>&1
rc=$?
if [ "$rc" -eq 2 ]; then
  echo "PASS playbook-preview-cli-bad-segment"
else
  echo "FAIL playbook-preview-cli-bad-segment: expected exit 2, got $rc"
fi
