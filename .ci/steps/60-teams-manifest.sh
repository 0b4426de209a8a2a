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
  if (mode === 'unzip') {
    // A zip's central directory, then each entry (stored or deflated): no unzip/python3 on a bare CI machine.
    const [, , dir] = process.argv.slice(2);
    const b = fs.readFileSync(file);
    let eocd = b.length - 22;
    while (eocd >= 0 && b.readUInt32LE(eocd) !== 0x06054b50) eocd--;
    if (eocd < 0) throw new Error('not a zip');
    let p = b.readUInt32LE(eocd + 16);
    for (let i = 0; i < b.readUInt16LE(eocd + 10); i++) {
      const method = b.readUInt16LE(p + 10), size = b.readUInt32LE(p + 20), nameLen = b.readUInt16LE(p + 28);
      const extraLen = b.readUInt16LE(p + 30), commentLen = b.readUInt16LE(p + 32), local = b.readUInt32LE(p + 42);
      const name = b.toString('utf8', p + 46, p + 46 + nameLen);
      const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
      const data = b.subarray(start, start + size);
      if (name.includes('..') || name.startsWith('/')) throw new Error('unsafe entry ' + name);
      fs.mkdirSync(require('path').dirname(dir + '/' + name), { recursive: true });
      fs.writeFileSync(dir + '/' + name, method === 8 ? zlib.inflateRawSync(data) : data);
      p += 46 + nameLen + extraLen + commentLen;
    }
    console.log('OK');
    return;
  }
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
if [ -f "$work/handoffbot-teams.zip" ] && [ "$(check unzip "$work/handoffbot-teams.zip" "$work/pkg")" = "OK" ]; then
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
