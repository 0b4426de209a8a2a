#!/usr/bin/env bash
# Regenerates every card picture in docs/cards/ and the gallery in docs/cards.md, in one command:
#   bash cards/tools/screenshots.sh
# Renders every card with its typical sample exactly as the bot sends it (render-cards), then shoots
# the Teams cards with the official adaptivecards renderer and the Slack ones with blockkit.js in
# headless Chromium (Debian's chromium; installed here with apt-get when missing and run as root).
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v "${CHROMIUM:-chromium}" >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq chromium fonts-noto-core fonts-noto-color-emoji >/dev/null
  else
    echo "Chromium is needed: apt-get install -y chromium fonts-noto-core fonts-noto-color-emoji" >&2
    exit 1
  fi
fi

tools=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$tools" "$work"' EXIT
npm install --prefix "$tools" --no-save --no-audit --no-fund adaptivecards@3.0.6 markdown-it@15.0.3 playwright-core@1.65.1 >/dev/null
dotnet build bot/HandoffBot -v q -nologo >/dev/null
dotnet bot/HandoffBot/bin/Debug/net10.0/HandoffBot.dll render-cards "$work/cards"
rm -f docs/cards/teams-*.png docs/cards/slack-*.png
CHROMIUM="$(command -v "${CHROMIUM:-chromium}")" node cards/tools/screenshot.js "$work/cards" docs/cards "$tools/node_modules" --gallery docs/cards.md
