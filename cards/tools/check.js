// Validates every card written by `render-cards <dir> --data` with the official tooling:
//   adaptivecards: parse + validateProperties() with no errors (Teams)
//   Block Kit limits (Slack), and
//   adaptivecards-templating: the official engine expands each template with the same data to
//   the same JSON as ours (compared before our finishing pass: the ".data.json" holds the raw data).
// Usage: node check.js <dir> <node_modules dir>   Prints PASS/FAIL lines; exit 1 on any failure.
const fs = require('fs');
const path = require('path');
const [dir, modules] = process.argv.slice(2);
const req = (m) => require(path.join(modules, m));
const AC = req('adaptivecards/dist/adaptivecards.js');
const ACData = req('adaptivecards-templating');
const repo = path.resolve(__dirname, '..');

// Our finishing pass (TemplateCardRenderer.Finish) drops empty optional properties; apply the same
// documented rule to the official engine's output so the comparison is of the templating alone.
function finish(node, slack) {
  if (Array.isArray(node)) { node.forEach((n) => finish(n, slack)); return node; }
  if (node && typeof node === 'object') {
    for (const key of Object.keys(node)) {
      const v = node[key];
      const drop =
        (['value', 'placeholder', 'initial_value', 'item', 'style', 'color', 'subtitle'].includes(key) && v === '') ||
        (['maxLength', 'max_length'].includes(key) && v === 0) ||
        (slack && ['hint', 'placeholder'].includes(key) && v && typeof v === 'object' && v.text === '') ||
        (key === 'actions' && Array.isArray(v) && v.length === 0) ||
        (['multiline', 'separator', 'isMultiline'].includes(key) && v === false);
      if (drop) delete node[key]; else finish(v, slack);
    }
    if (!slack) {
      for (const key of Object.keys(node)) {
        if (Array.isArray(node[key])) {
          node[key] = node[key].filter((x) => !(x && typeof x === 'object' && ((Array.isArray(x.items) && x.items.length === 0) || (Array.isArray(x.facts) && x.facts.length === 0))));
        }
      }
    }
  }
  return node;
}

let failures = 0;
const fail = (name, why) => { failures++; console.log(`FAIL ${name}: ${why}`); };
let teams = 0, slack = 0, diffs = 0;

for (const platform of ['teams', 'slack']) {
  const folder = path.join(dir, platform);
  for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.json') && !f.endsWith('.data.json') && !f.endsWith('.raw.json')).sort()) {
    const name = `${platform}/${file}`;
    const card = JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8'));
    const dataFile = path.join(folder, file.replace(/\.json$/, '.data.json'));
    if (platform === 'teams') {
      teams++;
      const ac = new AC.AdaptiveCard();
      const ctx = new AC.SerializationContext();
      ac.parse(card, ctx);
      const events = [];
      for (let i = 0; i < ctx.eventCount; i++) events.push(ctx.getEventAt(i));
      events.push(...ac.validateProperties().validationEvents);
      const errors = events.filter((e) => e.message);
      if (errors.length) fail(`adaptivecards ${name}`, errors.map((e) => e.message).join('; '));
      if (card.version > '1.5') fail(`version ${name}`, card.version);
      const bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
      if (bytes > 28 * 1024) fail(`size ${name}`, `${bytes} bytes`);
    } else {
      slack++;
      const modal = card.type === 'modal';
      const blocks = card.blocks || [];
      if (blocks.length > (modal ? 100 : 50)) fail(`blockkit ${name}`, `${blocks.length} blocks`);
      const ids = new Set();
      for (const b of blocks) {
        if (b.type === 'header' && b.text.text.length > 150) fail(`blockkit ${name}`, 'header over 150');
        if (b.type === 'section' && b.text && (b.text.text.length > 3000 || b.text.text.length === 0)) fail(`blockkit ${name}`, 'section text empty or over 3000');
        if (b.type === 'section' && b.fields && (b.fields.length > 10 || b.fields.some((f) => f.text.length > 2000 || f.text.length === 0))) fail(`blockkit ${name}`, 'fields');
        const els = [...(b.elements || []), ...(b.accessory ? [b.accessory] : []), ...(b.element ? [b.element] : [])].filter((e) => e.action_id);
        for (const e of els) {
          if (ids.has(e.action_id)) fail(`blockkit ${name}`, `duplicate action_id ${e.action_id}`);
          ids.add(e.action_id);
          if (e.type === 'button' && (e.text.text.length > 75 || e.text.text.length === 0)) fail(`blockkit ${name}`, 'button text');
        }
        if (b.type === 'input' && (b.block_id !== b.element.action_id)) fail(`blockkit ${name}`, 'input block_id != action_id');
      }
      if (modal && (card.title.text.length > 24 || card.submit.text.length > 24)) fail(`blockkit ${name}`, 'modal title/submit over 24');
    }
    if (fs.existsSync(dataFile)) {
      diffs++;
      const { template, data } = JSON.parse(fs.readFileSync(dataFile, 'utf8'));
      const source = JSON.parse(fs.readFileSync(path.join(repo, template + '.json'), 'utf8'));
      const official = finish(new ACData.Template(source).expand({ $root: data }), platform === 'slack');
      const ours = JSON.parse(fs.readFileSync(dataFile.replace(/\.data\.json$/, '.raw.json'), 'utf8'));
      const a = JSON.stringify(official), b = JSON.stringify(finish(ours, platform === 'slack'));
      if (a !== b) {
        let i = 0; while (i < a.length && a[i] === b[i]) i++;
        fail(`templating-differential ${name}`, `differs at ${i}: official …${a.slice(Math.max(0, i - 60), i + 60)}… ours …${b.slice(Math.max(0, i - 60), i + 60)}…`);
      }
    }
  }
}
if (teams === 0 || slack === 0) fail('cards-rendered', `teams ${teams}, slack ${slack}`);
if (failures === 0) {
  console.log(`PASS adaptivecards-validate (${teams} Teams cards)`);
  console.log(`PASS blockkit-limits (${slack} Slack payloads)`);
  console.log(`PASS templating-differential (${diffs} template × data pairs vs adaptivecards-templating)`);
}
process.exit(failures ? 1 : 0);
