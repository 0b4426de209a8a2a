#!/usr/bin/env bash
# Cards: every template × sample data set, rendered by the bot's own `render-cards` (which fails
# when any card fell back: a binding without data is an error here), checked with the official
# tooling (npm adaptivecards, adaptivecards-templating): Adaptive Card validation, Block Kit limits,
# the differential test of our templating engine against the official one over every template ×
# sample, and the HTML rendering of every Slack payload (cards/tools/blockkit.js).
set -uo pipefail
cd "$(dirname "$0")/../.."
if ! npm install --prefix .ci --no-save --no-audit --no-fund adaptivecards@3.0.6 adaptivecards-templating@2.3.1 >/dev/null 2>&1; then
  echo "FAIL cards-tools-install: npm install adaptivecards adaptivecards-templating failed"
  exit 0
fi
if ! log=$(dotnet build bot/HandoffBot -v q -nologo 2>&1); then
  echo "FAIL cards-build: $(grep -m3 'error' <<<"$log" | tr '\n' ' ' | head -c 400)"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The dll the build just wrote (what `dotnet run --project bot/HandoffBot --no-build` would start).
if out=$(dotnet bot/HandoffBot/bin/Debug/net10.0/HandoffBot.dll render-cards "$work/cards" --data 2>&1); then
  echo "PASS render-cards-cli ($(tr -d '\n' <<<"$out"))"
else
  echo "FAIL render-cards-cli: $(head -c 400 <<<"$out" | tr '\n' ' ')"
  exit 0
fi
node cards/tools/check.js "$work/cards" "$PWD/.ci/node_modules"
exit 0
