// Renders the cards written by `render-cards <dir>` to PNG the way a person sees them, in headless
// Chromium: Teams cards with the official adaptivecards JS renderer (markdown-it for TextBlock
// markdown, as Teams formats it) and a Teams-like host config (teams-host-config.json); Slack
// messages, modals and Home views with blockkit.js, an HTML rendering close to Slack's look.
// Nothing leaves the machine: every request is blocked; the digest's charts are answered with the
// ones render-cards drew (images/*.png).
//
// Usage: node screenshot.js <render-cards dir> <out dir> <node_modules dir> [--gallery <docs/cards.md>] [<platform>/<card>.<set> …]
//   node_modules must hold adaptivecards@3.0.6, markdown-it and playwright-core (see cards/README.md).
//   With no names, the gallery below is rendered: <out dir>/<platform>-<card>.png. With --gallery, the
//   part of that markdown file between "<!-- gallery:start -->" and "<!-- gallery:end -->" is rewritten
//   with every picture. CHROMIUM=/path overrides /usr/bin/chromium; SCALE=2 renders at twice the pixels (default 1).
const fs = require('fs');
const path = require('path');

const args = process.argv.slice(2);
const galleryAt = args.indexOf('--gallery');
const galleryFile = galleryAt >= 0 ? args.splice(galleryAt, 2)[1] : null;
const [dir, out, modules, ...names] = args;
if (!dir || !out || !modules) {
  console.error('Usage: node screenshot.js <render-cards dir> <out dir> <node_modules dir> [--gallery <file.md>] [<platform>/<card>.<set> …]');
  process.exit(2);
}

// Every card, in the order of a handoff; the sample each picture is made from, and what it is.
const GALLERY = [
  ['welcome', 'Welcome', 'What the bot does for each of the person\'s roles, with commands to try (buttons in Teams).'],
  ['context-request', 'Context request (the AE)', 'How complete the deal context is and what is missing; the AI\'s suggestions with the words they came from (Accept or Undo each); in Teams one input per missing field, in Slack a form behind "Fill in…".'],
  ['modal-context', 'Context form (Slack)', 'The AE\'s form in a modal: the right input for each field, in form order, saved values pre-set.'],
  ['brief', 'Handoff brief, waiting for CS', 'Posted in the CS channel: facts, owner and clock, then each part of the deal context with its evidence. Names who may accept.'],
  ['brief-for-csm', 'The same brief, as the CSM sees it', 'Rendered for Casey: "you", her time zone, her buttons (Teams refreshes the card for the people who may act).'],
  ['brief-for-stranger', 'The same brief, for someone who may not act', 'No buttons; times in their own zone.'],
  ['brief-accepted', 'Brief, accepted', 'Who accepted and when, in the reader\'s zone.'],
  ['brief-rejected', 'Brief, sent back', 'Who sent it back, why, and what the AE should fix.'],
  ['modal-reject', 'Reject (Slack)', 'A reason and what is missing.'],
  ['modal-ask', 'Ask the AE (Slack)', 'A question that goes to the AE; the answer comes back to the brief\'s thread.'],
  ['question', 'The AE\'s question card', 'CS asks; the AE answers in the card (Teams) or a modal (Slack).'],
  ['modal-answer', 'Answer (Slack)', ''],
  ['answer', 'The answer, in the brief\'s thread', ''],
  ['internal-handoff', 'Internal handoff', 'AE and CSM meet or do an async Q&A, then both confirm; open questions listed.'],
  ['warm-intro', 'Warm introduction', 'A draft intro to send the customer, kickoff slots in the customer\'s zone and yours, an invite.'],
  ['kickoff', 'Kickoff', 'Book it with the customer, then record it as held; the post-sale checks start from that day.'],
  ['kickoff-held', 'Kickoff, held', 'Once the CSM recorded it: no buttons left.'],
  ['modal-kickoff', 'Kickoff date (Slack)', ''],
  ['reminder', 'SLA reminder', 'To the owner, before the clock runs out.'],
  ['reminder-nudged', 'Reminder after a Nudge', 'Someone the owner answers to asks them to act today.'],
  ['escalation', 'SLA escalation', 'To the manager when a clock ran out: Nudge, Reassign or Snooze.'],
  ['modal-reassign', 'Reassign (Slack)', ''],
  ['poll', 'Post-sale poll', 'Four quick questions at +30/+60/+90 days.'],
  ['modal-poll', 'Poll (Slack)', ''],
  ['poll-thanks', 'Poll: thanks', ''],
  ['poll-alert', 'Poll: deal mismatch alert', 'To the AE and their manager when the deal did not match what was sold.'],
  ['digest', 'Weekly digest', 'Completeness at handoff against early churn in one line and a chart, the numbers one click away (the tables behind "The numbers" in Teams, shown unfolded below; CSV in both), then time per stage, breaches, polls, rejections and churn flags.', 'The numbers'],
  ['my-handoffs', 'My handoffs (and the Slack Home tab)', 'What the person owns, with its clock; buttons only where they can act.'],
  ['status', 'Status', 'One handoff in detail, for the person who asked.'],
  ['who-owns', 'Who owns', 'The one accountable owner, by name and email.'],
  ['no-match', 'Several matches', ''],
  ['help', 'Help', ''],
  ['reassign', 'Reassigned', ''],
  ['text', 'A short message', ''],
  ['error', 'Something did not work', ''],
];

const mod = (p) => path.resolve(modules, p);
const { chromium } = require(mod('playwright-core'));
const hostConfig = fs.readFileSync(path.join(__dirname, 'teams-host-config.json'), 'utf8');
const blockKit = require('./blockkit.js');
// The samples' "now" and the zone of the person reading the Slack cards (Casey, the CSM, in Chicago).
const NOW = '2026-11-04T15:30:00Z';
const SLACK_ZONE = 'America/Chicago';

// Teams' chat canvas around the card: a light page, the card on a white, rounded, shadowed tile.
const teamsCss = `
  body { margin: 0; background: #F5F5F5; font-family: 'Segoe UI', 'Noto Sans', 'DejaVu Sans', sans-serif; }
  #frame { display: inline-block; padding: 20px; background: #F5F5F5; }
  #card { width: 520px; background: #fff; border-radius: 8px; box-shadow: 0 1px 3px rgba(0,0,0,.14); overflow: hidden; }
  .ac-pushButton { font-family: inherit; font-size: 14px; font-weight: 600; padding: 5px 12px; min-height: 32px;
    border-radius: 4px; border: 1px solid #D1D1D1; background: #fff; color: #242424; cursor: pointer; }
  .ac-pushButton.style-positive, .ac-pushButton.primary { background: #5B5FC7; border-color: #5B5FC7; color: #fff; }
  .ac-pushButton.style-destructive { color: #C4314B; border-color: #C4314B; }
  .ac-input, .ac-textInput, .ac-multichoiceInput, .ac-dateInput { font-family: inherit; font-size: 14px; border: 1px solid #D1D1D1;
    border-radius: 4px; padding: 5px 8px; box-sizing: border-box; background: #fff; min-height: 32px; }
  .ac-textBlock p { margin: 0; }
  .ac-textBlock a { color: #5B5FC7; text-decoration: none; }
  .ac-image { border-radius: 4px; }
`;
const slackCss = `
  body { margin: 0; background: #fff; }
  #frame { display: inline-block; padding: 12px 0; background: #fff; width: 640px; }
  #frame.modal { background: rgba(29,28,29,.45); padding: 24px 60px; width: auto; }
` + blockKit.css;

function files(platform) {
  const folder = path.join(dir, platform);
  if (names.length) {
    return names.filter((n) => n.startsWith(platform + '/')).map((n) => n.slice(platform.length + 1) + '.json');
  }
  // The gallery, and the brief filled with hostile text (docs/cards.md shows it is shown as typed).
  return [...GALLERY.map(([card]) => `${card}.typical.json`), 'brief.hostile.json'].filter((f) => fs.existsSync(path.join(folder, f)));
}

async function route(page) {
  await page.route('**/*', (r) => {
    const url = r.request().url();
    if (url.startsWith('data:') || url.startsWith('about:')) return r.continue();
    const chart = url.match(/\/charts\/([a-z-]+)\.png/);
    const file = chart && path.join(dir, 'images', chart[1] + '.png');
    if (file && fs.existsSync(file)) return r.fulfill({ status: 200, contentType: 'image/png', body: fs.readFileSync(file) });
    return r.abort();
  });
}

async function teams(browser) {
  const page = await browser.newPage({ deviceScaleFactor: Number(process.env.SCALE || 1), viewport: { width: 620, height: 800 } });
  await route(page);
  await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>${teamsCss}</style></head><body><div id="frame"><div id="card"></div></div></body></html>`);
  await page.addScriptTag({ path: mod('markdown-it/dist/markdown-it.min.js') }).catch(() => page.addScriptTag({ path: mod('markdown-it/dist/browser/markdown-it.umd.min.js') }));
  await page.addScriptTag({ path: mod('adaptivecards/dist/adaptivecards.min.js') });
  const written = [];
  for (const file of files('teams')) {
    const card = JSON.parse(fs.readFileSync(path.join(dir, 'teams', file), 'utf8'));
    const problems = await page.evaluate(({ card, hostConfig }) => {
      const md = window.markdownit({ linkify: false, breaks: true });
      AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => { result.outputHtml = md.render(text); result.didProcess = true; };
      const ac = new AdaptiveCards.AdaptiveCard();
      ac.hostConfig = new AdaptiveCards.HostConfig(JSON.parse(hostConfig));
      ac.parse(card);
      const target = document.getElementById('card');
      target.innerHTML = '';
      target.appendChild(ac.render());
      for (const img of target.querySelectorAll('img')) {
        img.style.minHeight = '120px'; img.style.background = '#E8EBFA'; img.alt = img.alt || 'image';
      }
      return ac.validateProperties().validationEvents.map((e) => e.message);
    }, { card, hostConfig });
    await page.waitForLoadState('networkidle').catch(() => {});
    const png = path.join(out, `teams-${file.replace(/\.typical\.json$|\.json$/, '')}.png`);
    await (await page.$('#frame')).screenshot({ path: png });
    written.push(png);
    console.log(`${png}${problems.length ? '  (validation: ' + problems.join('; ') + ')' : ''}`);
    // A card whose gallery entry names a button behind which something is folded: shoot it unfolded too.
    const unfold = (GALLERY.find(([card]) => `${card}.typical.json` === file) || [])[3];
    if (unfold) {
      await page.click(`button:has-text("${unfold}")`);
      const open = png.replace(/\.png$/, '-open.png');
      await (await page.$('#frame')).screenshot({ path: open });
      written.push(open);
      console.log(open);
    }
  }
  await page.close();
  return written;
}

async function slack(browser) {
  const page = await browser.newPage({ deviceScaleFactor: Number(process.env.SCALE || 1), viewport: { width: 700, height: 800 } });
  await route(page);
  const written = [];
  for (const file of files('slack')) {
    const payload = JSON.parse(fs.readFileSync(path.join(dir, 'slack', file), 'utf8'));
    const options = { zone: SLACK_ZONE, now: NOW, time: '9:30 AM' };
    const isModal = payload.type === 'modal';
    const html = isModal ? blockKit.modal(payload, options) : blockKit.message(payload, options);
    await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>${slackCss}</style></head><body><div id="frame" class="${isModal ? 'modal' : ''}">${html}</div></body></html>`);
    await page.waitForLoadState('networkidle').catch(() => {});
    const png = path.join(out, `slack-${file.replace(/\.typical\.json$|\.json$/, '')}.png`);
    await (await page.$('#frame')).screenshot({ path: png });
    written.push(png);
    console.log(png);
  }
  await page.close();
  return written;
}

function gallery(written) {
  const rel = (p) => path.relative(path.dirname(galleryFile), p).split(path.sep).join('/');
  const lines = ['<!-- gallery:start -->', '<!-- Written by cards/tools/screenshots.sh: edit the list in cards/tools/screenshot.js, not here. -->', ''];
  for (const [card, title, text] of GALLERY) {
    const shots = ['teams', 'slack'].map((p) => written.find((w) => path.basename(w) === `${p}-${card}.png`)).filter(Boolean);
    if (!shots.length) continue;
    lines.push(`### ${title}`, '');
    if (text) lines.push(text, '');
    lines.push(shots.length === 2 ? '| Teams | Slack |\n|---|---|\n| ' + shots.map((s) => `![${title} in ${path.basename(s).split('-')[0]}](${rel(s)})`).join(' | ') + ' |'
      : `![${title}](${rel(shots[0])})`, '');
    const open = written.find((w) => path.basename(w) === `teams-${card}-open.png`);
    if (open) lines.push(`![${title}, unfolded](${rel(open)})`, '');
  }
  lines.push('<!-- gallery:end -->');
  const doc = fs.readFileSync(galleryFile, 'utf8');
  const start = doc.indexOf('<!-- gallery:start -->');
  const end = doc.indexOf('<!-- gallery:end -->');
  if (start < 0 || end < 0) throw new Error(`${galleryFile} has no <!-- gallery:start --> … <!-- gallery:end --> markers`);
  fs.writeFileSync(galleryFile, doc.slice(0, start) + lines.join('\n') + doc.slice(end + '<!-- gallery:end -->'.length));
  console.log(`${galleryFile}: gallery of ${written.length} pictures`);
}

(async () => {
  fs.mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const written = [...await teams(browser), ...await slack(browser)];
    if (galleryFile) gallery(written);
  } finally {
    await browser.close();
  }
})().catch((e) => { console.error(e); process.exit(1); });
