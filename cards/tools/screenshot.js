// Renders Teams cards written by `render-cards <dir>` to PNG, the way a person sees them: the
// official adaptivecards JS renderer (with markdown-it for TextBlock markdown, as Teams formats it)
// and a Teams-like host config (teams-host-config.json), in headless Chromium. Not run by CI.
//
// Usage: node screenshot.js <render-cards dir> <out dir> <node_modules dir> [<card>.<set> …]
//   node_modules must hold adaptivecards@3.0.6, markdown-it and playwright-core (see cards/README.md);
//   with no names, every *.typical card is rendered. Writes <out dir>/<card>.<set>.png.
//   CHROMIUM=/path/to/chromium overrides /usr/bin/chromium; SCALE=2 renders at twice the pixels (default 1.5).
const fs = require('fs');
const path = require('path');
const [dir, out, modules, ...names] = process.argv.slice(2);
if (!dir || !out || !modules) {
  console.error('Usage: node screenshot.js <render-cards dir> <out dir> <node_modules dir> [<card>.<set> …]');
  process.exit(2);
}
const mod = (p) => path.resolve(modules, p);
const { chromium } = require(mod('playwright-core'));
const hostConfig = fs.readFileSync(path.join(__dirname, 'teams-host-config.json'), 'utf8');

// Teams' chat canvas around the card: a light page, the card on a white, rounded, shadowed tile.
const css = `
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

(async () => {
  fs.mkdirSync(out, { recursive: true });
  const folder = path.join(dir, 'teams');
  const files = names.length
    ? names.map((n) => `${n}.json`)
    : fs.readdirSync(folder).filter((f) => f.endsWith('.typical.json')).sort();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ deviceScaleFactor: Number(process.env.SCALE || 1.5), viewport: { width: 620, height: 800 } });
    // Nothing leaves the machine: fonts, chart images and links are not fetched.
    // The digest chart is answered with the one render-cards drew (images/digest-chart.png).
    const chart = path.join(dir, 'images', 'digest-chart.png');
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('data:')) return route.continue();
      if (/\/charts\//.test(url) && fs.existsSync(chart)) return route.fulfill({ status: 200, contentType: 'image/png', body: fs.readFileSync(chart) });
      return route.abort();
    });
    await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>${css}</style></head><body><div id="frame"><div id="card"></div></div></body></html>`);
    await page.addScriptTag({ path: mod('markdown-it/dist/markdown-it.min.js') }).catch(() => page.addScriptTag({ path: mod('markdown-it/dist/browser/markdown-it.umd.min.js') }));
    await page.addScriptTag({ path: mod('adaptivecards/dist/adaptivecards.min.js') });
    for (const file of files) {
      const card = JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8'));
      const problems = await page.evaluate(({ card, hostConfig }) => {
        const md = window.markdownit({ linkify: false, breaks: true });
        AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => { result.outputHtml = md.render(text); result.didProcess = true; };
        const ac = new AdaptiveCards.AdaptiveCard();
        ac.hostConfig = new AdaptiveCards.HostConfig(JSON.parse(hostConfig));
        ac.parse(card);
        const target = document.getElementById('card');
        target.innerHTML = '';
        target.appendChild(ac.render());
        // A chart the page may not fetch still shows where it sits.
        for (const img of target.querySelectorAll('img')) {
          img.style.minHeight = '120px'; img.style.background = '#E8EBFA'; img.alt = img.alt || 'image';
        }
        return ac.validateProperties().validationEvents.map((e) => e.message);
      }, { card, hostConfig });
      const png = path.join(out, file.replace(/\.json$/, '.png'));
      await (await page.$('#frame')).screenshot({ path: png });
      console.log(`${png}${problems.length ? '  (validation: ' + problems.join('; ') + ')' : ''}`);
    }
  } finally {
    await browser.close();
  }
})().catch((e) => { console.error(e); process.exit(1); });
