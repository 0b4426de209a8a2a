// Validates every card written by `render-cards <dir> --data` with the official tooling and prints
// one line per check, `PASS <name> (…)` or `FAIL <name>: <why>`:
//   adaptivecards-validate    every Teams card: adaptivecards parse + validateProperties() with no
//                             events, version <= 1.5, payload <= 28 KB, no live <at> mention
//   blockkit-limits           every Slack payload: the Block Kit limits, unique action_ids, no live
//                             <!channel>/<@U…> from sample text
//   templating-differential   the official adaptivecards-templating expands each template with the
//                             same data to the same JSON as ours (compared before our finishing pass,
//                             which both sides then get: the ".raw.json" is ours unfinished)
//   templating-engine-cases   cards/tools/engine-cases.json (which the xunit tests hold our engine
//                             to) gives the same JSON through the official engine
//   cards-check-refuses-bad   the checks above fail on broken cards (so a PASS means something)
//   blockkit-html             every Slack payload renders through tools/blockkit.js (the HTML rendering
//                             of the screenshots) with the hostile text escaped: no live tag from a sample
// Usage: node check.js <render-cards dir> <node_modules dir>   Exit 1 on any failure.
const fs = require('fs');
const path = require('path');
const [dir, modules] = process.argv.slice(2);
const req = (m) => require(path.resolve(modules, m));
const AC = req('adaptivecards/dist/adaptivecards.js');
const ACData = req('adaptivecards-templating');
const repo = path.resolve(__dirname, '..');

// Our finishing pass (TemplateCardRenderer.Finish) drops empty optional properties; the same
// documented rule is applied to both engines' output so the comparison is of the templating alone.
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

const versionAbove = (v, max) => {
  const [a, b] = String(v).split('.').map(Number), [c, d] = max.split('.').map(Number);
  return !(a < c || (a === c && b <= d));
};

// Every object in a payload, for the mention checks.
function* objects(node) {
  if (Array.isArray(node)) for (const n of node) yield* objects(n);
  else if (node && typeof node === 'object') { yield node; for (const k of Object.keys(node)) yield* objects(node[k]); }
}
// The texts a platform formats (Teams: TextBlock and Fact texts; Slack: mrkdwn text objects).
// Input values and plain_text are shown as typed, so a mention there is inert.
const teamsMarkdown = (card) => [...objects(card.body)].flatMap((o) =>
  o.type === 'TextBlock' ? [o.text] : Array.isArray(o.facts) ? o.facts.flatMap((f) => [f.title, f.value]) : []);
const slackMrkdwn = (blocks) => [...objects(blocks)].filter((o) => o.type === 'mrkdwn').map((o) => o.text);

function teamsErrors(card) {
  const errors = [];
  const ac = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  ac.parse(card, ctx);
  for (let i = 0; i < ctx.eventCount; i++) errors.push(ctx.getEventAt(i).message);
  errors.push(...ac.validateProperties().validationEvents.map((e) => e.message));
  if (versionAbove(card.version, '1.5')) errors.push(`version ${card.version} above 1.5`);
  const bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
  if (bytes > 28 * 1024) errors.push(`${bytes} bytes (max 28 KB)`);
  if (teamsMarkdown(card).some((s) => /<at\b/i.test(s))) errors.push('a live <at> mention');
  return errors;
}

function slackErrors(card) {
  const errors = [];
  const modal = card.type === 'modal';
  const blocks = card.blocks || [];
  if (blocks.length === 0) errors.push('no blocks');
  if (blocks.length > (modal ? 100 : 50)) errors.push(`${blocks.length} blocks (max ${modal ? 100 : 50})`);
  const ids = new Set();
  for (const b of blocks) {
    if (b.type === 'header' && (b.text.text.length > 150 || b.text.text.length === 0)) errors.push('header empty or over 150');
    if (b.type === 'section' && b.text && (b.text.text.length > 3000 || b.text.text.length === 0)) errors.push('section text empty or over 3000');
    if (b.type === 'section' && !b.text && !b.fields) errors.push('section without text or fields');
    if (b.type === 'section' && b.fields && (b.fields.length > 10 || b.fields.some((f) => f.text.length > 2000 || f.text.length === 0))) errors.push('section fields: over 10, empty or over 2000');
    if (b.type === 'context' && (b.elements.length > 10 || b.elements.some((e) => !e.text))) errors.push('context elements');
    if (b.type === 'actions' && (b.elements.length > 25 || b.elements.length === 0)) errors.push('actions elements');
    const els = [...(b.elements || []), ...(b.accessory ? [b.accessory] : []), ...(b.element ? [b.element] : [])].filter((e) => e.action_id !== undefined);
    for (const e of els) {
      if (ids.has(e.action_id)) errors.push(`duplicate action_id ${e.action_id}`);
      ids.add(e.action_id);
      if (e.action_id.length === 0 || e.action_id.length > 255) errors.push('action_id empty or over 255');
      if (e.type === 'button' && (e.text.text.length > 75 || e.text.text.length === 0)) errors.push('button text empty or over 75');
      if (e.type === 'button' && e.value !== undefined && e.value.length > 2000) errors.push('button value over 2000');
    }
    if (b.type === 'input' && b.block_id !== b.element.action_id) errors.push('input block_id != action_id');
  }
  if (modal && (card.title.text.length > 24 || card.submit.text.length > 24)) errors.push('modal title/submit over 24');
  // Sample text carries <!channel> and <@U0123ABC>: they must arrive escaped, never live.
  if (slackMrkdwn(blocks).some((s) => /<!channel>|<!here>|<!everyone>|<@U/.test(s))) errors.push('a live Slack mention');
  return errors;
}

function differential(platform, file) {
  const { template, data } = JSON.parse(fs.readFileSync(file, 'utf8'));
  const source = JSON.parse(fs.readFileSync(path.join(repo, template + '.json'), 'utf8'));
  const official = finish(new ACData.Template(source).expand({ $root: data }), platform === 'slack');
  const ours = JSON.parse(fs.readFileSync(file.replace(/\.data\.json$/, '.raw.json'), 'utf8'));
  return { template, why: compare(official, finish(ours, platform === 'slack')) };
}

function compare(official, ours) {
  const a = JSON.stringify(official), b = JSON.stringify(ours);
  if (a === b) return null;
  let i = 0; while (i < a.length && a[i] === b[i]) i++;
  return `differs at ${i}: official …${a.slice(Math.max(0, i - 60), i + 60)}… ours …${b.slice(Math.max(0, i - 60), i + 60)}…`;
}

const results = {};
const check = (name, detail, errors) => {
  results[name] = results[name] || { detail, errors: [] };
  results[name].detail = detail;
  results[name].errors.push(...errors);
};

const BlockKit = require('./blockkit.js');
function htmlErrors(card) {
  let html;
  try {
    html = card.type === 'modal' ? BlockKit.modal(card, { zone: 'America/Chicago', now: '2026-11-04T15:30:00Z' }) : BlockKit.message(card, { zone: 'America/Chicago', now: '2026-11-04T15:30:00Z' });
  } catch (e) {
    return [`blockkit.js threw ${e.message}`];
  }
  return liveTag(html);
}
const liveTag = (html) => /<\/?(script|at)\b/i.test(html) ? ['a live <script> or <at> tag from sample text in the HTML'] : [];

let teams = 0, slack = 0, diffs = 0;
const templates = new Set();
const read = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));
let sampleTeams = null, sampleSlack = null;
for (const platform of ['teams', 'slack']) {
  const folder = path.join(dir, platform);
  const files = fs.existsSync(folder) ? fs.readdirSync(folder) : [];
  for (const file of files.filter((f) => f.endsWith('.json') && !f.endsWith('.data.json') && !f.endsWith('.raw.json')).sort()) {
    const name = `${platform}/${file}`;
    const card = read(path.join(folder, file));
    if (platform === 'teams') {
      teams++;
      sampleTeams = sampleTeams || (file.startsWith('context-request.typical') ? card : null);
      check('adaptivecards-validate', '', teamsErrors(card).map((e) => `${name}: ${e}`));
    } else {
      slack++;
      sampleSlack = sampleSlack || (file.startsWith('brief.typical') ? card : null);
      check('blockkit-limits', '', slackErrors(card).map((e) => `${name}: ${e}`));
      check('blockkit-html', '', htmlErrors(card).map((e) => `${name}: ${e}`));
    }
    const dataFile = path.join(folder, file.replace(/\.json$/, '.data.json'));
    if (fs.existsSync(dataFile)) {
      diffs++;
      const { template, why } = differential(platform, dataFile);
      templates.add(template);
      check('templating-differential', '', why ? [`${name}: ${why}`] : []);
    } else {
      check('templating-differential', '', [`${name}: no .data.json (run render-cards with --data)`]);
    }
  }
}
if (teams === 0) check('adaptivecards-validate', '', ['no Teams cards rendered']);
if (slack === 0) check('blockkit-limits', '', ['no Slack payloads rendered']);
const onDisk = ['teams', 'slack'].flatMap((p) => fs.readdirSync(path.join(repo, p)).filter((f) => f.endsWith('.json') && !f.endsWith('.data.json')).map((f) => `${p}/${f.slice(0, -5)}`));
const unrendered = onDisk.filter((t) => !templates.has(t));
if (unrendered.length) check('templating-differential', '', [`templates no sample exercises: ${unrendered.join(', ')}`]);
results['adaptivecards-validate'].detail = `${teams} Teams cards`;
results['blockkit-limits'].detail = `${slack} Slack payloads`;
results['blockkit-html'].detail = `${slack} Slack payloads as HTML`;
results['templating-differential'].detail = `${diffs} template × data pairs over ${[...templates].sort().join(', ')} vs adaptivecards-templating`;

// The engine cases: the official engine must give what the xunit tests hold ours to.
const cases = read(path.join(__dirname, 'engine-cases.json'));
for (const c of cases) {
  let official;
  try { official = new ACData.Template(c.template).expand({ $root: c.data }); } catch (e) { official = `threw ${e.message}`; }
  const why = compare(c.expected, official);
  check('templating-engine-cases', `${cases.length} cases`, why ? [`${c.name}: ${why}`] : []);
}

// The checks must catch broken cards, or their PASS says nothing.
const refuses = [];
if (sampleTeams && sampleSlack) {
  const clone = (x) => JSON.parse(JSON.stringify(x));
  const badTeams = {
    'version 1.6': (c) => { c.version = '1.6'; },
    'unknown element': (c) => { c.body.push({ type: 'Carousel', pages: [] }); },
    'duplicate input id': (c) => { c.body.push({ type: 'Input.Text', id: 'dup' }, { type: 'Input.Text', id: 'dup' }); },
    'over 28 KB': (c) => { c.body.push({ type: 'TextBlock', text: 'x'.repeat(29 * 1024) }); },
    'live mention': (c) => { c.body.push({ type: 'TextBlock', text: 'hi <at>Boss</at>' }); },
  };
  for (const [what, mutate] of Object.entries(badTeams)) {
    const c = clone(sampleTeams); mutate(c);
    if (teamsErrors(c).length === 0) refuses.push(`Teams card with ${what} passed`);
  }
  const badSlack = {
    '51 blocks': (c) => { while (c.blocks.length < 51) c.blocks.push({ type: 'divider' }); },
    'long header': (c) => { c.blocks.unshift({ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }); },
    'long section': (c) => { c.blocks.push({ type: 'section', text: { type: 'mrkdwn', text: 's'.repeat(3001) } }); },
    'long button': (c) => { c.blocks.push({ type: 'actions', elements: [{ type: 'button', action_id: 'x1', text: { type: 'plain_text', text: 'b'.repeat(76) } }] }); },
    'duplicate action_id': (c) => { c.blocks.push({ type: 'actions', elements: [1, 2].map(() => ({ type: 'button', action_id: 'same', text: { type: 'plain_text', text: 'b' } })) }); },
    'live mention': (c) => { c.blocks.push({ type: 'section', text: { type: 'mrkdwn', text: 'hey <!channel>' } }); },
  };
  for (const [what, mutate] of Object.entries(badSlack)) {
    const c = clone(sampleSlack); mutate(c);
    if (slackErrors(c).length === 0) refuses.push(`Slack payload with ${what} passed`);
  }
  if (compare({ a: 1 }, { a: '1' }) === null) refuses.push('the comparison took 1 for "1"');
  if (liveTag('<div><script>x</script></div>').length === 0) refuses.push('a raw <script> in the HTML passed');
  if (htmlErrors({ blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '&lt;script&gt;x&lt;/script&gt; <at>Boss</at>' } }] }).length !== 0) refuses.push('blockkit.js put escaped text in the page as a tag');
  check('cards-check-refuses-bad', `${Object.keys(badTeams).length + Object.keys(badSlack).length} broken cards refused`, refuses);
} else {
  check('cards-check-refuses-bad', '', ['no context-request.typical / brief.typical sample to break']);
}

let failed = 0;
for (const [name, { detail, errors }] of Object.entries(results)) {
  if (errors.length === 0) { console.log(`PASS ${name} (${detail})`); continue; }
  failed++;
  const shown = errors.slice(0, 5).join(' | ');
  console.log(`FAIL ${name}: ${errors.length} problem(s): ${shown}${errors.length > 5 ? ' | …' : ''}`);
}
process.exit(failed ? 1 : 0);
