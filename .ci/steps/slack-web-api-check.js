// Drives the fake Slack Web API with the official @slack/web-api client; one PASS/FAIL line per check.
const path = require('path');
const { WebClient, ErrorCode } = require(path.resolve('.ci/node_modules/@slack/web-api'));

const [base, token] = process.argv.slice(2);
const slackApiUrl = base + '/api/';
const quiet = { logLevel: 'error' };
const client = new WebClient(token, { slackApiUrl, ...quiet, retryConfig: { retries: 0 } });

async function fail(method, status, error, retryAfter) {
  await fetch(base + '/_fake/fail', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method, status, error, retryAfter }) });
}

const checks = [
  ['auth-test', async () => {
    const r = await client.auth.test();
    return r.ok === true && r.user_id === 'U0BOT' && r.team_id === 'T0FAKE';
  }],
  ['post-and-update-with-blocks', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Acme*' } }];
    const posted = await client.chat.postMessage({ channel: 'C0CSBRIEF', text: 'brief', blocks });
    const updated = await client.chat.update({ channel: 'C0CSBRIEF', ts: posted.ts, text: 'accepted', blocks });
    return posted.ok && typeof posted.ts === 'string' && posted.message.blocks[0].type === 'section' && updated.ts === posted.ts;
  }],
  ['update-unknown-message-is-platform-error', async () => {
    try { await client.chat.update({ channel: 'C0CSBRIEF', ts: '1.2', text: 'x' }); return false; }
    catch (e) { return e.code === ErrorCode.PlatformError && e.data.error === 'message_not_found'; }
  }],
  ['post-ephemeral', async () => (await client.chat.postEphemeral({ channel: 'C0CSBRIEF', user: 'U0CASEY', text: 'only you' })).message_ts !== undefined],
  ['conversations-open', async () => (await client.conversations.open({ users: 'U0CASEY' })).channel.id === 'D0CASEY'],
  ['users-lookup-by-email', async () => (await client.users.lookupByEmail({ email: 'casey.csm@example.com' })).user.id === 'U0CASEY'],
  ['users-lookup-unknown-is-users-not-found', async () => {
    try { await client.users.lookupByEmail({ email: 'nobody@example.com' }); return false; }
    catch (e) { return e.code === ErrorCode.PlatformError && e.data.error === 'users_not_found'; }
  }],
  ['users-info', async () => (await client.users.info({ user: 'U0CASEY' })).user.profile.email === 'casey.csm@example.com'],
  ['views-open-update-publish', async () => {
    const view = { type: 'modal', callback_id: 'brief.reject', title: { type: 'plain_text', text: 'Reject' }, blocks: [] };
    const opened = await client.views.open({ trigger_id: '1.2.abc', view });
    const updated = await client.views.update({ view_id: opened.view.id, view });
    const home = await client.views.publish({ user_id: 'U0CASEY', view: { type: 'home', blocks: [] } });
    return opened.view.callback_id === 'brief.reject' && updated.ok && home.view.type === 'home';
  }],
  ['schedule-and-delete', async () => {
    const at = Math.floor(Date.now() / 1000) + 3600;
    const s = await client.chat.scheduleMessage({ channel: 'C0CSBRIEF', post_at: at, text: 'later' });
    const d = await client.chat.deleteScheduledMessage({ channel: 'C0CSBRIEF', scheduled_message_id: s.scheduled_message_id });
    return s.post_at === at && d.ok;
  }],
  ['wrong-token-is-invalid-auth', async () => {
    try { await new WebClient('xoxb-wrong', { slackApiUrl, ...quiet }).auth.test(); return false; }
    catch (e) { return e.code === ErrorCode.PlatformError && e.data.error === 'invalid_auth'; }
  }],
  ['rate-limited-429-retry-after', async () => {
    await fail('chat.postMessage', 429, null, 7);
    const strict = new WebClient(token, { slackApiUrl, ...quiet, rejectRateLimitedCalls: true });
    try { await strict.chat.postMessage({ channel: 'C0CSBRIEF', text: 'x' }); return false; }
    catch (e) { return e.code === ErrorCode.RateLimitedError && e.retryAfter === 7; }
  }],
  ['rate-limited-then-retried-by-the-client', async () => {
    await fail('chat.postMessage', 429, null, 1);
    const patient = new WebClient(token, { slackApiUrl, ...quiet });
    return (await patient.chat.postMessage({ channel: 'C0CSBRIEF', text: 'x' })).ok === true;
  }],
  ['server-error-is-http-error', async () => {
    await fail('chat.postMessage', 500);
    try { await client.chat.postMessage({ channel: 'C0CSBRIEF', text: 'x' }); return false; }
    catch (e) { return e.code === ErrorCode.HTTPError && e.statusCode === 500; }
  }],
];

(async () => {
  for (const [name, check] of checks) {
    try {
      const ok = await check();
      console.log(ok ? `PASS slack-fake-web-api-${name}` : `FAIL slack-fake-web-api-${name}: unexpected answer`);
    } catch (e) {
      console.log(`FAIL slack-fake-web-api-${name}: ${(e && (e.code + ' ' + (e.data ? JSON.stringify(e.data) : e.message))) || e}`.slice(0, 300));
    }
  }
})();
