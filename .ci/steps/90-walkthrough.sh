#!/usr/bin/env bash
# The README's walkthrough as a person does it, in headless Chromium (walkthrough.js): the one-command
# demo (`dotnet run --project bot/HandoffBot -- demo`, here its built dll), the URL it prints opened in
# the browser, the AE's form typed into, Act as the CSM and Accept, Act as the sales leader and the
# digest — once through the Microsoft 365 Agents Playground (Teams; the demo starts it itself through
# npx), once through the bot's local Slack page (`-- demo slack`). Saves the screenshots the README
# shows (docs/walkthrough/) and prints "walkthrough: accepted in N s" (from the demo's start, build
# excluded; must be <= 180). Installs chromium (apt, as root) and playwright-core + the playground (npm).
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
work=$(mktemp -d)
bot_pid=""
stop_bot() {
  # Started as the leader of its own process group (with the playground it starts): end the group.
  [ -n "$bot_pid" ] || return 0
  kill -INT -- "-$bot_pid" 2>/dev/null || kill -INT "$bot_pid" 2>/dev/null
  for _ in $(seq 1 40); do kill -0 "$bot_pid" 2>/dev/null || break; sleep 0.25; done
  kill -KILL -- "-$bot_pid" 2>/dev/null
  wait "$bot_pid" 2>/dev/null
  bot_pid=""
}
cleanup() { stop_bot; rm -rf "$work"; }
trap cleanup EXIT
free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }

if ! command -v "${CHROMIUM:-chromium}" >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >"$work/apt.log" 2>&1
    apt-get install -y -qq chromium fonts-noto-core fonts-noto-color-emoji >>"$work/apt.log" 2>&1
  fi
  command -v "${CHROMIUM:-chromium}" >/dev/null 2>&1 || { echo "FAIL walkthrough-install-chromium: $(tail -c 300 "$work/apt.log" 2>/dev/null | tr '\n' ' ')"; exit 0; }
fi
chromium_path=$(command -v "${CHROMIUM:-chromium}")
# playwright-core drives the browser; installing the playground here fills npm's cache for the demo's own npx.
if ! npm install --prefix .ci --no-save --no-audit --no-fund playwright-core@1.65.1 @microsoft/m365agentsplayground@0.2.28 >"$work/npm.log" 2>&1; then
  echo "FAIL walkthrough-install-tools: npm install failed: $(tail -c 300 "$work/npm.log" | tr '\n' ' ')"
  exit 0
fi
if ! dotnet build bot/HandoffBot -v q -nologo >"$work/build.log" 2>&1; then
  echo "FAIL walkthrough-build: $(grep -m3 -E 'error' "$work/build.log" | tr '\n' ' ')"
  exit 0
fi
mkdir -p docs/walkthrough

# One walkthrough: start the demo as the README says, open the URL it prints, drive it.
walk() {
  local platform=$1 port log url started
  port=$(free_port)
  log="$work/demo-$platform.log"
  started=$(node -e 'console.log(Date.now())')
  (
    cd bot/HandoffBot || exit 1
    # `dotnet run` sets Development from launchSettings.json; the built dll is told so here.
    ASPNETCORE_ENVIRONMENT=Development exec setsid dotnet "$root/bot/HandoffBot/bin/Debug/net10.0/HandoffBot.dll" demo "$platform" --urls "http://127.0.0.1:$port"
  ) >"$log" 2>&1 &
  bot_pid=$!
  url=""
  for _ in $(seq 1 360); do
    url=$(grep -m1 -oE 'Demo ready — open http://[^ ]+' "$log" | sed 's/.* open //')
    [ -n "$url" ] && break
    kill -0 "$bot_pid" 2>/dev/null || break
    sleep 0.5
  done
  if [ -z "$url" ]; then
    echo "FAIL walkthrough-$platform-start: the demo printed no URL to open: $(tail -c 500 "$log" | tr '\n' ' ')"
    stop_bot
    return
  fi
  echo "PASS walkthrough-$platform-start"
  CHROMIUM="$chromium_path" NODE_PATH="$root/.ci/node_modules" node .ci/steps/walkthrough.js "$platform" "$url" "$started" docs/walkthrough | tee "$work/driver-$platform.out"
  if grep -q '^FAIL ' "$work/driver-$platform.out"; then
    echo "-- demo log (last lines)"
    tail -n 25 "$log"
  fi
  # Calm logs: the demo's expected states are info lines, never a stack trace.
  if grep -qE '^\s+at [A-Za-z_.]+\(|Unhandled exception|^fail:' "$log"; then
    echo "FAIL walkthrough-$platform-calm-log: $(grep -m2 -E -B2 '^\s+at |Unhandled exception|^fail:' "$log" | tr '\n' ' ' | cut -c1-300)"
  else
    echo "PASS walkthrough-$platform-calm-log"
  fi
  stop_bot
}

walk teams
walk slack
