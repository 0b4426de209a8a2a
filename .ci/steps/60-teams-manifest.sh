#!/usr/bin/env bash
# The Teams app package: the manifest template and the package built by `teams-package` validate
# offline against the Teams schema (npm @microsoft/app-manifest), and the icons have Teams' sizes.
set -uo pipefail
cd "$(dirname "$0")/../.."
# fs-extra: @microsoft/app-manifest 1.1.2 requires it without declaring it.
if ! npm install --prefix .ci --no-save --no-audit --no-fund @microsoft/app-manifest@1.1.2 fs-extra@11.3.0 >/dev/null 2>&1; then
  echo "FAIL teams-manifest-tools: npm install @microsoft/app-manifest failed"
  exit 0
fi
work=$(mktemp -d)
cat >"$work/check.js" <<'JS'
const { AppManifestUtils } = require('@microsoft/app-manifest');
const fs = require('fs');
const zlib = require('zlib');
const [mode, file] = process.argv.slice(2);
(async () => {
  if (mode === 'png') {
    const b = fs.readFileSync(file);
    console.log(JSON.stringify({ w: b.readUInt32BE(16), h: b.readUInt32BE(20), colorType: b[25] }));
    return;
  }
  const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  const errors = await AppManifestUtils.validateAgainstSchema(raw);
  console.log(errors.length === 0 ? 'OK' : JSON.stringify(errors).slice(0, 400));
})().catch(e => { console.log('ERROR ' + e.message); });
JS
export NODE_PATH="$PWD/.ci/node_modules"
check() { node "$work/check.js" "$@"; }

out=$(check manifest "manifest/teams/manifest.json")
[ "$out" = "OK" ] && echo "PASS teams-manifest-template" || echo "FAIL teams-manifest-template: $out"

sed 's/"manifestVersion": "1.19"/"manifestVersion": "1.19", "bogus": true/; s/"id": "00000000-0000-0000-0000-000000000000"/"id": "not-a-guid"/' manifest/teams/manifest.json >"$work/bad.json"
out=$(check manifest "$work/bad.json")
[ "$out" != "OK" ] && echo "PASS teams-manifest-refuses-bad" || echo "FAIL teams-manifest-refuses-bad: an invalid manifest passed validation"

color=$(check png manifest/teams/color.png); outline=$(check png manifest/teams/outline.png)
[ "$color" = '{"w":192,"h":192,"colorType":6}' ] && echo "PASS teams-icon-color" || echo "FAIL teams-icon-color: $color"
[ "$outline" = '{"w":32,"h":32,"colorType":6}' ] && echo "PASS teams-icon-outline" || echo "FAIL teams-icon-outline: $outline"

id=3f0c1a52-7d4e-4c4b-9a59-2b1f6f0e9d11
log=$(Teams__MicrosoftAppId=$id dotnet run --project bot/HandoffBot --no-launch-profile -- teams-package --out "$work/handoffbot-teams.zip" 2>&1)
if [ -f "$work/handoffbot-teams.zip" ] && (cd "$work" && python3 -c "import zipfile;zipfile.ZipFile('handoffbot-teams.zip').extractall('pkg')"); then
  out=$(check manifest "$work/pkg/manifest.json")
  if [ "$out" = "OK" ] && grep -q "\"botId\": \"$id\"" "$work/pkg/manifest.json" && [ -f "$work/pkg/color.png" ] && [ -f "$work/pkg/outline.png" ]; then
    echo "PASS teams-package"
  else
    echo "FAIL teams-package: $out"
  fi
else
  echo "FAIL teams-package: no zip written: $(head -c 300 <<<"$log" | tr '\n' ' ')"
fi
rm -rf "$work"
