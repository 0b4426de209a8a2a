// Drives the Microsoft 365 Agents Playground over its HTTP/WebSocket API (no browser) through the
// handoff scenario: install, a signed deal, the AE's form (partial, then complete) by Action.Execute,
// the brief in the CS channel, a stranger refused, the CSM accepts, "who owns" answers the CSM.
// Prints "PASS <name>" / "FAIL <name>: <why>" per step (the .ci/run contract); a failed step ends the run.
// Usage: node teams-playground.js <playground url> <bot url> <intake secret> <channel name>
'use strict';
const crypto = require('crypto');
const WebSocket = require('ws');

const [playground, bot, secret, channelName] = process.argv.slice(2);
const frames = [];
const waiters = [];
const timeoutMs = 20000;

function pass(name) { console.log(`PASS teams-playground-${name}`); }
function fail(name, why) {
  console.log(`FAIL teams-playground-${name}: ${String(why).replace(/\s+/g, ' ').slice(0, 400)}`);
  process.exit(0);
}

async function http(method, url, body, headers = {}) {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { status: res.status, text, json };
}

/** The next frame (after those already consumed by `from`) matching `pred`, or null after the timeout. */
function next(pred, from = 0) {
  const hit = frames.slice(from).find(pred);
  if (hit) return Promise.resolve(hit);
  return new Promise(resolve => {
    const w = { pred, from, resolve };
    waiters.push(w);
    setTimeout(() => { waiters.splice(waiters.indexOf(w), 1); resolve(null); }, timeoutMs);
  });
}

// Frames look like {action: "createMessage" | "updateMessage" | "typing", actionConversationId, message: {messageId, text, attachments}}.
function activityOf(frame) { return frame.message ?? {}; }
function conversationOf(frame) { return frame.actionConversationId ?? ''; }
function cardOf(frame) {
  const a = activityOf(frame);
  return (a.attachments ?? []).find(x => x.contentType === 'application/vnd.microsoft.card.adaptive')?.content ?? null;
}
function walk(node, out = []) {
  if (Array.isArray(node)) node.forEach(n => walk(n, out));
  else if (node && typeof node === 'object') { out.push(node); Object.values(node).forEach(v => walk(v, out)); }
  return out;
}
function verbs(card) { return walk(card?.body ?? []).concat(walk(card?.actions ?? [])).filter(n => n.type === 'Action.Execute').map(n => n.verb); }
function inputIds(card) { return walk(card).filter(n => typeof n.type === 'string' && n.type.startsWith('Input.')).map(n => n.id); }
function readable(x) { return walk(x).flatMap(n => Object.values(n)).filter(v => typeof v === 'string').join('\n'); }
function isCreate(f) { return f.action === 'createMessage'; }
function isUpdate(f) { return f.action === 'updateMessage'; }
function messageIdOf(f) { return activityOf(f).messageId; }

async function invoke(conversation, from, replyToId, verb, data) {
  return http('POST', `${playground}/_conversation/v1/invoke`, {
    name: 'adaptiveCard/action',
    conversation: { id: conversation },
    from: { id: from },
    replyToId,
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  });
}
/** The invoke response as the playground hands it back: { statusCode, type, value } (maybe wrapped in body). */
function invokeBody(res) { const j = res.json ?? {}; return j.body ?? j.value?.type ? j.body ?? j : j; }

/** The current user's channel message that @mentions the bot (in channels the bot only hears mentions). */
function say(conversation, text) {
  const at = `<at>${config.bot.name}</at>`;
  return http('POST', `${playground}/_conversation/v1/conversations/${encodeURIComponent(conversation)}/messages`, {
    from: { id: config.currentUser.id }, text: `${at} ${text}`, textFormat: 'plain', mentions: [{ mentioned: { id: config.bot.id }, text: at }],
  });
}

/** Another user's @mention in the channel thread, as Teams would send it. */
async function sayAs(user, text) {
  const { json: activity } = await http('GET', `${playground}/_internal/v1/customActivities/template?conversationId=${encodeURIComponent(thread)}`);
  const at = `<at>${config.bot.name}</at>`;
  const team = config.teams[0];
  const channelId = thread.split(';')[0];
  Object.assign(activity, {
    type: 'message',
    id: crypto.randomUUID(),
    text: `${at} ${text}`,
    textFormat: 'plain',
    from: { id: user.id, aadObjectId: user.aadObjectId, name: user.name },
    entities: [{ type: 'mention', text: at, mentioned: { id: config.bot.id, name: config.bot.name } }],
    channelData: { tenant: { id: config.tenantId }, team: { id: team.id, name: team.name }, channel: { id: channelId } },
  });
  return http('POST', `${playground}/_internal/v1/customActivities`, activity);
}

let thread;
let config;
(async () => {
  // --- the playground's world
  const { json: cfg } = await http('GET', `${playground}/_internal/v1/config`);
  config = cfg?.config;
  if (!config) fail('config', 'GET /_internal/v1/config answered no config');
  const byEmail = email => [config.currentUser, ...config.users].find(u => (u.email ?? '').toLowerCase() === email);
  const ae = config.currentUser;
  const csm = byEmail('casey.csm@example.com');
  const stranger = byEmail('vp-sales@example.com');
  const team = config.teams?.[0];
  const channel = team?.channels?.find(c => c.name === channelName);
  const personal = config.personalChat?.id;
  if (!csm || !stranger || !team || !channel || !personal) fail('config', `expected users, a team and channel "${channelName}": ${JSON.stringify(config).slice(0, 300)}`);
  pass('config');

  const ws = new WebSocket(`${playground.replace(/^http/, 'ws')}/_ws_conversation/v1/conversations/stream`);
  ws.on('message', data => {
    let f;
    try { f = JSON.parse(data.toString()); } catch { return; }
    for (const x of Array.isArray(f) ? f : [f]) {
      frames.push(x);
      if (process.env.TEAMS_PLAYGROUND_DEBUG) console.error('frame ' + JSON.stringify(x).slice(0, 700));
      for (const w of [...waiters]) {
        if (w.pred(x)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(x); }
      }
    }
  });
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); }).catch(e => fail('websocket', e.message));

  // --- install: personal (the AE) and in the team (records its channels)
  let mark = frames.length;
  let r = await http('POST', `${playground}/_debug/conversation/${encodeURIComponent(personal)}/installation`, {});
  if (r.status !== 200) fail('install-personal', `installation answered ${r.status} ${r.text}`);
  const welcome = await next(f => isCreate(f) && conversationOf(f) === personal && cardOf(f), mark);
  if (!welcome) fail('install-personal', 'no welcome card in the personal chat');
  pass('install-personal');

  mark = frames.length;
  r = await http('POST', `${playground}/_debug/conversation/${encodeURIComponent(team.id)}/installation`, {});
  if (r.status !== 200) fail('install-team', `installation answered ${r.status} ${r.text}`);
  const teamWelcome = await next(f => isCreate(f) && conversationOf(f).startsWith(team.id), mark);
  if (!teamWelcome) fail('install-team', 'the bot said nothing in the team after being added');
  pass('install-team');

  // --- in the CS channel: the AE @mentions the bot (a new post; the bot answers in its thread), then the
  // CSM asks in that thread. The playground posts messages only as its current user, so the CSM's message
  // is a crafted activity forwarded by /_internal/v1/customActivities. The bot links the CSM's Teams
  // account to the directory, so the brief's Universal Actions refresh can name them.
  mark = frames.length;
  r = await say(channel.id, 'help');
  if (r.status !== 200 || !r.json?.postConversationId) fail('channel-mention', `posting in the channel answered ${r.status} ${r.text}`);
  thread = r.json.postConversationId;
  if (!await next(f => isCreate(f) && conversationOf(f).startsWith(channel.id), mark)) fail('channel-mention', 'no answer to an @mention in the channel');
  pass('channel-mention');
  mark = frames.length;
  r = await sayAs(csm, 'help');
  if (r.status !== 200) fail('csm-in-thread', `the custom activity answered ${r.status} ${r.text}`);
  const csmHelp = await next(f => isCreate(f) && conversationOf(f).startsWith(channel.id), mark);
  if (!csmHelp || /people directory/.test(readable(activityOf(csmHelp)))) fail('csm-in-thread', `the CSM got no answer or was not recognised: ${csmHelp ? readable(activityOf(csmHelp)).slice(0, 200) : 'nothing'}`);
  pass('csm-in-thread');

  // --- a deal with gaps arrives, signed like a CRM signs it
  const deal = {
    crmId: `PG-${Date.now()}`, accountName: 'Playground Freight', arr: 150000, currency: 'USD', segment: 'Enterprise',
    closeDate: new Date(Date.now() - 86400000).toISOString().slice(0, 10), aeEmail: ae.email, csmEmail: csm.email, customerTimeZone: 'America/Chicago',
    context: {
      whatWasSold: [{ product: 'Route Planner', seats: 120 }],
      commitments: [{ what: 'SSO before go-live', due: '2027-02-01', promisedBy: ae.email }],
      stakeholders: [{ name: 'Dana Ruiz', email: 'dana@freight.example', role: 'champion', title: 'VP Operations' }],
      risks: [{ category: 'timeline', severity: 'medium', description: 'Peak season freeze' }],
      specialTerms: [{ kind: 'discount', text: '10% year one' }],
      expansionPotential: 'Two more depots',
    },
  };
  const body = JSON.stringify(deal);
  const ts = Math.floor(Date.now() / 1000).toString();
  const signature = 'v1=' + crypto.createHmac('sha256', secret).update(`v1:${ts}:${body}`).digest('hex');
  mark = frames.length;
  r = await http('POST', `${bot}/api/deals`, body, { 'x-handoffbot-timestamp': ts, 'x-handoffbot-signature': signature });
  if (r.status >= 300 || !r.json?.id) fail('deal-intake', `POST /api/deals answered ${r.status} ${r.text}`);
  const handoffId = r.json.id;
  const formFrame = await next(f => isCreate(f) && conversationOf(f) === personal && verbs(cardOf(f)).includes('context.submit'), mark);
  if (!formFrame) fail('ae-gets-form', 'no context form with a "context.submit" button reached the AE\'s chat');
  const form = cardOf(formFrame);
  const missing = ['goals', 'successCriteria', 'targetGoLive'].filter(id => !inputIds(form).includes(id));
  if (missing.length) fail('ae-gets-form', `the form has no input for ${missing.join(', ')}; inputs: ${inputIds(form).join(', ')}`);
  pass('ae-gets-form');
  const formId = messageIdOf(formFrame);

  // --- the AE fills the card: partial first (errors in place), then complete
  r = await invoke(personal, ae.id, formId, 'context.submit', { handoffId, goals: 'On-time deliveries' });
  let res = invokeBody(r);
  if (r.status !== 200 || res.type !== 'application/vnd.microsoft.card.adaptive' || !/needed before the handoff goes to CS/.test(readable(res.value)))
    fail('form-partial-errors', `expected the form back with per-field errors; got ${r.status} ${r.text.slice(0, 300)}`);
  pass('form-partial-errors');

  mark = frames.length;
  r = await invoke(personal, ae.id, formId, 'context.submit', { handoffId, goals: 'On-time deliveries', successCriteria: 'Late deliveries below 3%', targetGoLive: '2027-03-01' });
  res = invokeBody(r);
  if (r.status !== 200 || !/Sent to CS/.test(readable(res.value)) || verbs(res.value).length)
    fail('form-submitted', `expected the read-only "Sent to CS" summary; got ${r.status}: ${walk(res.value).filter(n => n.color === 'Attention' || n.weight === 'Bolder').map(n => n.text).filter(Boolean).join(' | ').slice(0, 400)}`);
  pass('form-submitted');

  // --- the brief in the CS channel
  const briefFrame = await next(f => isCreate(f) && conversationOf(f).startsWith(channel.id) && /Playground Freight/.test(readable(cardOf(f))), mark);
  if (!briefFrame) fail('brief-in-channel', `no brief for Playground Freight in channel "${channelName}"`);
  const brief = cardOf(briefFrame);
  if (brief.refresh?.action?.verb !== 'card.refresh' || !(brief.refresh.userIds ?? []).includes(csm.id))
    fail('brief-in-channel', `the brief has no Universal Actions refresh for the CSM: ${JSON.stringify(brief.refresh ?? null)}`);
  pass('brief-in-channel');
  const briefId = messageIdOf(briefFrame);
  // A channel post is its own conversation ("<channel>;messageid=<id>"): card actions name it.
  const briefConversation = activityOf(briefFrame).postConversationId ?? conversationOf(briefFrame);

  // --- Universal Actions refresh: the CSM's client gets the buttons, a stranger's the state only
  r = await invoke(briefConversation, csm.id, briefId, 'card.refresh', { handoffId });
  const refreshAnswer = r.text;
  const forCsm = invokeBody(r).value;
  r = await invoke(briefConversation, stranger.id, briefId, 'card.refresh', { handoffId });
  const forStranger = invokeBody(r).value;
  if (!verbs(forCsm).includes('brief.accept') || verbs(forStranger).length)
    fail('brief-refresh', `CSM verbs [${verbs(forCsm)}], stranger verbs [${verbs(forStranger)}]; the CSM's refresh: ${refreshAnswer.slice(0, 300)}`);
  pass('brief-refresh');

  // --- a stranger presses Accept: refused, nothing changes
  r = await invoke(briefConversation, stranger.id, briefId, 'brief.accept', { handoffId });
  res = invokeBody(r);
  if (r.status !== 200 || res.type !== 'application/vnd.microsoft.activity.message')
    fail('stranger-refused', `expected a message-only answer; got ${r.status} ${r.text.slice(0, 300)}`);
  pass('stranger-refused');

  // --- the CSM accepts: the card says by whom (to her: "you"), the channel's brief is updated for everyone (by name)
  mark = frames.length;
  r = await invoke(briefConversation, csm.id, briefId, 'brief.accept', { handoffId });
  res = invokeBody(r);
  if (r.status !== 200 || !readable(res.value).includes('Accepted by you'))
    fail('csm-accepts', `expected "Accepted by you"; got ${r.status} ${r.text.slice(0, 300)}`);
  const updated = await next(f => isUpdate(f) && readable(activityOf(f)).includes(`Accepted by ${csm.name}`), mark);
  if (!updated) fail('csm-accepts', 'the brief in the channel was not updated to show the acceptance');
  pass('csm-accepts');

  // --- "who owns" asked by the CSM in the channel thread: the answer comes back to them. After Accept the
  // handoff is in stage 4 (internal handoff: AE + CSM, the AE accountable), so the AE is the stage owner;
  // "status" then shows the CSM as the customer's owner (accepted by them).
  mark = frames.length;
  r = await sayAs(csm, 'who owns Playground Freight');
  if (r.status !== 200) fail('who-owns', `the custom activity answered ${r.status} ${r.text}`);
  const answer = await next(f => isCreate(f) && conversationOf(f).startsWith(channel.id) && /Who owns Playground Freight/.test(readable(activityOf(f))), mark);
  const said = answer ? readable(activityOf(answer)) : '';
  if (!answer || !said.includes(`**${ae.name}** owns Internal handoff`))
    fail('who-owns', `expected "${ae.name} owns Internal handoff" in the CSM's thread: ${said.slice(0, 300) || 'nothing came back'}`);
  if (!/\nCustomer success\nyou(\n|$)/.test(said))
    fail('who-owns', `expected the account's CSM (the CSM who asked: "you") on the answer: ${said.slice(0, 300)}`);
  pass('who-owns');
  mark = frames.length;
  r = await sayAs(csm, 'status Playground Freight');
  // (Other messages about the handoff, e.g. the internal-handoff prompt, may arrive in between.)
  const status = await next(f => isCreate(f) && conversationOf(f).startsWith(channel.id) && readable(activityOf(f)).includes('Accepted by you'), mark);
  if (r.status !== 200 || !status) fail('status-after-accept', `no status answer showing "Accepted by you" to the CSM who asked (${r.status})`);
  pass('status-after-accept');
  ws.close();
  process.exit(0);
})().catch(e => fail('driver', e.stack ?? e));
