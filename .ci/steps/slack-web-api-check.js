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
  ['post-with-metadata-found-in-history', async () => {
    const oldest = String(Math.floor(Date.now() / 1000) - 60);
    const metadata = { event_type: 'handoffbot_outbox', event_payload: { key: 'k-' + Date.now() } };
    const posted = await client.chat.postMessage({ channel: 'C0HISTORY', text: 'brief', metadata });
    const plain = await client.conversations.history({ channel: 'C0HISTORY', oldest });
    const withMeta = await client.conversations.history({ channel: 'C0HISTORY', oldest, include_all_metadata: true, limit: 100 });
    const hit = withMeta.messages.find((m) => m.ts === posted.ts);
    return plain.messages.every((m) => m.metadata === undefined) && hit && hit.metadata.event_type === 'handoffbot_outbox'
      && hit.metadata.event_payload.key === metadata.event_payload.key;
  }],
  ['history-pages-with-cursor', async () => {
    for (let i = 0; i < 3; i++) await client.chat.postMessage({ channel: 'C0PAGES', text: 'm' + i });
    const first = await client.conversations.history({ channel: 'C0PAGES', oldest: '0', limit: 2 });
    const second = await client.conversations.history({ channel: 'C0PAGES', oldest: '0', limit: 2, cursor: first.response_metadata.next_cursor });
    return first.has_more === true && first.messages.length === 2 && second.messages.length === 1 && second.has_more === false
      && Number(first.messages[0].ts) > Number(first.messages[1].ts);
  }],
  ['thread-replies-with-metadata', async () => {
    const parent = await client.chat.postMessage({ channel: 'C0THREAD', text: 'brief' });
    const metadata = { event_type: 'handoffbot_outbox', event_payload: { key: 'reply-1' } };
    await client.chat.postMessage({ channel: 'C0THREAD', text: 'answer', thread_ts: parent.ts, metadata });
    const replies = await client.conversations.replies({ channel: 'C0THREAD', ts: parent.ts, oldest: '0', include_all_metadata: true });
    return replies.messages.length === 2 && replies.messages[0].ts === parent.ts && replies.messages[1].metadata.event_payload.key === 'reply-1';
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
