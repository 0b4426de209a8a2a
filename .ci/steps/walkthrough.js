// The README's walkthrough, done the way a person does it: in headless Chromium, through the Microsoft
// 365 Agents Playground's web UI (Teams) or the bot's local Slack page, typing into the cards and
// clicking their buttons — AE fills in the sample deal, acts as the CSM and accepts, acts as the sales
// leader and reads the digest. Asserts each card, saves the screenshots the README shows, and prints
// "PASS walkthrough-<platform>-<step>" / "FAIL …" lines (the .ci/run contract) and
// "walkthrough: accepted in N s" (N: from the demo's start to the accepted brief).
// Usage: node walkthrough.js teams|slack <url to open> <started at, ms since epoch> <screenshot dir>
'use strict';
const path = require('path');
const { chromium } = require('playwright-core');

const [platform, url, startedAt, shots] = process.argv.slice(2);
const limitS = 180;
const waitMs = 60000;
let page;

function pass(name) { console.log(`PASS walkthrough-${platform}-${name}`); }
async function fail(name, why) {
  console.log(`FAIL walkthrough-${platform}-${name}: ${String(why && why.message || why).split('\n')[0].slice(0, 300)}`);
  if (page) await page.screenshot({ path: path.join(shots, `failed-${platform}-${name}.png`) }).catch(() => {});
  process.exit(0);
}
async function step(name, fn) {
  try { await fn(); } catch (e) { await fail(name, e); }
  pass(name);
}
const shot = (name) => page.screenshot({ path: path.join(shots, `${platform}-${name}.png`) });
/** Brings a part of the page into view for a picture; the chat may redraw meanwhile, so it tries again and never fails the run. */
async function show(locator) {
  for (let i = 0; i < 3; i++) {
    try { await locator.scrollIntoViewIfNeeded({ timeout: 5000 }); return; } catch { /* redrawn: find it again */ }
  }
}
const seconds = () => Math.round((Date.now() - Number(startedAt)) / 1000);

async function teams() {
  // Cards render as .ac-adaptiveCard; the one wanted is the newest holding the text.
  const card = (text) => page.locator('.ac-adaptiveCard').filter({ hasText: text }).last();
  const messageBox = page.locator('[role=textbox][contenteditable]').last();

  await step('context-form', async () => {
    await card('Deal context for Acme Logistics').waitFor({ timeout: waitMs });
    await card('Welcome').waitFor({ timeout: waitMs });
    if (!(await card('Deal context for Acme Logistics').innerText()).includes('Missing')) throw new Error('the form does not say which field is missing');
  });
  const form = card('Deal context for Acme Logistics');
  await show(form.locator('textarea').first());
  await shot('1-context-form');

  await step('sent-to-cs', async () => {
    await form.locator('textarea').first().fill('Late deliveries under 3% within 90 days of go-live');
    await form.getByRole('button', { name: 'Send to CS' }).click();
    await card('Sent to CS').waitFor({ timeout: waitMs });
  });
  await shot('2-sent-to-cs');

  await step('brief-in-channel', async () => {
    await page.getByRole('treeitem', { name: 'Customer Success - Handoffs' }).click();
    await card('Handoff brief · Acme Logistics').getByRole('button', { name: /Act as Casey Lin \(CSM\)/ }).waitFor({ timeout: waitMs });
  });
  await show(card('Handoff brief · Acme Logistics').getByRole('button', { name: /Act as Casey Lin \(CSM\)/ }));
  await shot('3-brief-in-channel');

  let accepted;
  await step('accepted-as-csm', async () => {
    await card('Handoff brief · Acme Logistics').getByRole('button', { name: /Act as Casey Lin \(CSM\)/ }).click();
    const asCsm = card('You now act as Casey Lin (CSM)');
    await asCsm.waitFor({ timeout: waitMs });
    await asCsm.getByRole('button', { name: 'Accept', exact: true }).click();
    // The CSM's click answers with the brief as she sees it ("Accepted by you"); the channel's copy then names her.
    await card(/Accepted by (you|Casey Lin)/).waitFor({ timeout: waitMs });
    accepted = seconds();
    if (await card('Handoff brief · Acme Logistics').getByRole('button', { name: 'Accept', exact: true }).count()) throw new Error('Accept is still offered');
  });
  await card('Accepted by Casey Lin').waitFor({ timeout: 10000 }).catch(() => {}); // the channel's copy, for the picture
  await show(card(/Accepted by/).locator('text=/Accepted by/').first());
  await shot('4-accepted');

  await step('leader-digest', async () => {
    await page.getByRole('treeitem', { name: 'Personal Chat' }).click();
    await messageBox.waitFor({ timeout: waitMs });
    await messageBox.click();
    await messageBox.pressSequentially('act as riley');
    await messageBox.press('Enter');
    const leader = card('You now act as Riley Chen (sales leader)');
    await leader.waitFor({ timeout: waitMs });
    await leader.getByRole('button', { name: 'digest', exact: true }).click();
    await card('Handoff digest').waitFor({ timeout: waitMs });
  });
  await show(card('Handoff digest'));
  await shot('5-leader-digest');
  return accepted;
}

async function slack() {
  const message = (text) => page.locator('#feed .item').filter({ hasText: text }).last();
  const modal = page.locator('#overlay .bk-modal');
  const as = (label) => page.selectOption('#as', { label });

  await step('context-request', async () => {
    await message('Deal context for Acme Logistics').waitFor({ timeout: waitMs });
    if (!(await message('Deal context for Acme Logistics').innerText()).includes('Missing')) throw new Error('the request does not say which field is missing');
  });
  await shot('1-context-request');

  await step('form-saved', async () => {
    await message('Deal context for Acme Logistics').getByRole('button', { name: /Fill in/ }).click();
    await modal.waitFor({ timeout: waitMs });
    const field = modal.locator('[data-bk-input="successCriteria"] textarea');
    await show(field);
    await field.fill('Late deliveries under 3% within 90 days of go-live');
    await shot('2-form');
    await modal.getByRole('button', { name: 'Save', exact: true }).click();
    await modal.waitFor({ state: 'detached', timeout: waitMs });
    await message('Everything CS needs is there').waitFor({ timeout: waitMs });
  });

  await step('sent-to-cs', async () => {
    await message('Deal context for Acme Logistics').getByRole('button', { name: 'Send to CS', exact: true }).click();
    await message('Sent to CS').waitFor({ timeout: waitMs });
  });

  await step('brief-in-channel', async () => {
    await as('Casey Lin (CSM)');
    await page.locator('#nav-channel.on').waitFor({ timeout: waitMs });
    await message('Handoff brief').getByRole('button', { name: 'Accept', exact: true }).waitFor({ timeout: waitMs });
  });
  await shot('3-brief-in-channel');

  let accepted;
  await step('accepted-as-csm', async () => {
    await message('Handoff brief').getByRole('button', { name: 'Accept', exact: true }).click();
    await message('You accepted the handoff').waitFor({ timeout: waitMs });
    // The brief in the channel is updated for everyone: who accepted, and no buttons to accept it again.
    await page.locator('#feed .item').filter({ hasText: 'Handoff brief' }).filter({ hasText: /Accepted by Casey Lin/ }).waitFor({ timeout: waitMs });
    if (await message('Handoff brief').getByRole('button', { name: 'Accept', exact: true }).count()) throw new Error('Accept is still offered');
    accepted = seconds();
  });
  await shot('4-accepted');

  await step('leader-digest', async () => {
    await as('Riley Chen (sales leader)');
    await page.locator('#nav-channel.on').waitFor({ timeout: waitMs });
    await page.locator('#text').fill('/handoff digest');
    await page.locator('#text').press('Enter');
    await message('Handoff digest').waitFor({ timeout: waitMs });
  });
  await shot('5-leader-digest');

  await step('app-home', async () => {
    await page.locator('#nav-home').click();
    await page.locator('#feed .bk-home').waitFor({ timeout: waitMs });
  });
  await shot('6-home');
  return accepted;
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    // Nothing leaves the machine (the playground asks a CDN for fonts).
    await page.route('**/*', (r) => /^https?:\/\/(localhost|127\.0\.0\.1)[:/]/.test(r.request().url()) ? r.continue() : r.abort());
    await step('open', () => page.goto(url, { waitUntil: 'domcontentloaded', timeout: waitMs }));
    const accepted = platform === 'teams' ? await teams() : await slack();
    console.log(`walkthrough${platform === 'teams' ? '' : ' (slack)'}: accepted in ${accepted} s`);
    if (accepted <= limitS) pass('time');
    else await fail('time', `accepted after ${accepted} s, more than ${limitS} s`);
  } finally {
    await browser.close();
  }
})().catch((e) => fail('driver', e));
