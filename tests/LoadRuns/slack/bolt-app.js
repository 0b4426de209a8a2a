// The baseline: Bolt for JavaScript with its default HTTP receiver, signature verification on
// (its default), and one action listener that only acknowledges.
// Usage: SLACK_SIGNING_SECRET=... node bolt-app.js <port>
const { App, LogLevel } = require('@slack/bolt');

const app = new App({
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  // What a single-workspace app learns from auth.test once, given up front: there is no Slack here
  // (with a plain token Bolt would call auth.test on the first request).
  authorize: async () => ({ botToken: 'xoxb-load-run', botId: 'B0LOAD', botUserId: 'U0LOADBOT', teamId: 'T0LOAD' }),
  logLevel: process.env.BOLT_LOG_LEVEL || LogLevel.ERROR,
});

app.action(process.env.ACTION_ID || 'brief.accept', async ({ ack }) => {
  await ack();
});

(async () => {
  const port = Number(process.argv[2] || 3001);
  await app.start(port);
  console.log(`bolt listening on ${port}`);
})();
