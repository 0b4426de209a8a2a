// The local Slack page of the demo (/demo/slack): draws what the bot posted to the demo workspace with
// cards/tools/blockkit.js (interactive), as the person chosen at the top sees it, and sends what they
// click or type to the bot through the page's own endpoints (DemoSlackPage.cs), which sign it as Slack
// does. It asks /demo/slack/state again whenever the workspace changes (long polling).
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const esc = (s) => String(s == null ? '' : s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const style = document.createElement('style');
  style.textContent = BlockKit.css;
  document.head.appendChild(style);

  const params = new URLSearchParams(location.search);
  let me = params.get('as') || '';
  let view = params.get('view') || '';
  let state = null;
  let shownModal = '';    // id + hash of the modal on screen: redrawn only when the bot changes it (what was typed stays)
  let modalErrors = {};
  let feedKey = '';
  let busy = 0;

  async function post(path, body) {
    busy++;
    try {
      const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body || {}) });
      const json = await res.json().catch(() => ({}));
      if (!res.ok || (json.status && json.status >= 400)) toast(`The bot answered ${json.status || res.status}${json.error ? ': ' + json.error : ''}`);
      return json;
    } catch (e) {
      toast('The bot is not answering: is it still running?');
      return {};
    } finally {
      busy--;
      document.body.dataset.busy = String(busy);
    }
  }

  function toast(text) {
    const t = $('toast');
    t.textContent = text;
    t.classList.add('show');
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => t.classList.remove('show'), 5000);
  }

  const person = () => (state && state.users.find((u) => u.id === state.me)) || {};
  const zone = () => person().timeZone || 'UTC';
  const timeOf = (ts) => new Date(Number(ts) * 1000).toLocaleTimeString('en-US', { timeZone: zone(), hour: 'numeric', minute: '2-digit' });
  const channelOf = (v) => v === 'channel' ? state.channel.id : state.dm;

  /** What to look at next, for the role the person plays: the story in one line. */
  function guide() {
    const role = person().role;
    const tips = {
      'AE': 'As the AE: the sample deal is waiting in your <b>HandoffBot</b> DM — press <b>Fill in…</b>, add what is missing, <b>Submit</b>. Then switch to Casey Lin (CSM) at the top right.',
      'CSM': 'As the CSM: the brief is in <b>#cs-handoffs</b> — press <b>Accept</b> (or Reject / Ask AE). Then switch to Riley Chen (sales leader).',
      'CS lead': 'As the CS lead: briefs without a CSM are yours to accept in <b>#cs-handoffs</b>.',
      'sales leader': 'As the sales leader: type <code>/handoff digest</code> (or <code>digest</code> in the HandoffBot DM) for the last seven days; <b>Home</b> lists what you follow.',
    };
    return tips[role] || 'Type <code>/handoff help</code> to see what HandoffBot understands.';
  }

  function renderPeople() {
    const select = $('as');
    const options = state.users.map((u) => `<option value="${esc(u.id)}"${u.id === state.me ? ' selected' : ''}>${esc(u.name)}${u.role ? ' (' + esc(u.role) + ')' : ''}</option>`).join('');
    if (select.innerHTML !== options) select.innerHTML = options;
    const p = person();
    $('me').innerHTML = `You are<br><b>${esc(p.name || '')}</b><br>${esc(p.role || '')} · ${esc(p.timeZone || '')}<br>${esc(p.email || '')}`;
  }

  function textBlocks(m) {
    return m.blocks && m.blocks.length ? m.blocks : [{ type: 'section', text: { type: 'mrkdwn', text: m.text || '' } }];
  }

  function messageHtml(m) {
    const options = { zone: zone(), now: new Date().toISOString(), author: m.author, time: timeOf(m.ts) + (m.edited ? ' (edited)' : ''), interactive: true };
    let html = BlockKit.message({ blocks: textBlocks(m) }, options);
    if (!m.bot_id) html = html.replace('<span class="bk-app">APP</span>', '').replace('class="bk bk-msg"', 'class="bk bk-msg user-msg"');
    const flag = m.ephemeral ? '<div class="flag">👁 Only visible to you</div>' : '';
    return `<div class="item" data-channel="${esc(m.channel)}" data-ts="${esc(m.ts)}">${html}${flag}</div>`;
  }

  function renderFeed() {
    const feed = $('feed');
    if (view === 'home') {
      const key = 'home:' + state.me + ':' + JSON.stringify(state.home);
      if (key === feedKey) return;
      feedKey = key;
      feed.innerHTML = state.home
        ? `<div class="home-wrap" data-view-id="${esc(state.home.id)}">${BlockKit.home(state.home, { zone: zone(), now: new Date().toISOString(), interactive: true })}</div>`
        : '<div class="empty">Opening Home…</div>';
      return;
    }

    const channel = channelOf(view);
    const mine = state.messages.filter((m) => m.channel === channel);
    const key = view + ':' + state.me + ':' + JSON.stringify(mine) + JSON.stringify(state.scheduled);
    if (key === feedKey) return;
    feedKey = key;
    const top = mine.filter((m) => !m.thread_ts || m.thread_ts === m.ts);
    const replies = (ts) => mine.filter((m) => m.thread_ts === ts && m.ts !== ts);
    let html = top.map((m) => {
      const thread = replies(m.ts);
      return messageHtml(m) + (thread.length ? `<div class="thread">${thread.map(messageHtml).join('')}</div>` : '');
    }).join('');
    const later = state.scheduled.filter((s) => s.channel === channel);
    html += later.map((s) => `<div class="scheduled">🕒 Scheduled by HandoffBot for ${esc(new Date(s.postAt * 1000).toLocaleString('en-US', { timeZone: zone(), weekday: 'short', hour: 'numeric', minute: '2-digit' }))}: ${esc((s.text || '').slice(0, 120))}</div>`).join('');
    const atBottom = feed.scrollHeight - feed.scrollTop - feed.clientHeight < 80;
    feed.innerHTML = html || `<div class="empty">${view === 'dm' ? 'Nothing from HandoffBot yet.' : 'No briefs in #cs-handoffs yet.'}</div>`;
    if (atBottom || !renderFeed.scrolled) { feed.scrollTop = feed.scrollHeight; renderFeed.scrolled = true; }
  }

  function renderModal() {
    const overlay = $('overlay');
    const modal = state.modal;
    const key = modal ? modal.id + ':' + JSON.stringify(modal) + ':' + JSON.stringify(modalErrors) : '';
    if (key === shownModal) return;
    shownModal = key;
    if (!modal) {
      overlay.classList.remove('open');
      overlay.innerHTML = '';
      return;
    }

    overlay.innerHTML = `<div data-view-id="${esc(modal.id)}">${BlockKit.modal(modal, { zone: zone(), now: new Date().toISOString(), interactive: true, errors: modalErrors })}</div>`;
    overlay.classList.add('open');
    const first = overlay.querySelector('input[type=text], textarea');
    if (first) first.focus();
  }

  function render() {
    renderPeople();
    if (!view) view = person().role === 'AE' ? 'dm' : 'channel';
    for (const v of ['channel', 'dm', 'home']) $('nav-' + v).classList.toggle('on', v === view);
    const names = { channel: ['# cs-handoffs', 'the CS channel: handoff briefs for Accept'], dm: ['HandoffBot', 'your direct messages with the bot'], home: ['HandoffBot · Home', 'App Home: your open handoffs and their clocks'] };
    $('head').innerHTML = `${esc(names[view][0])} <span class="sub">${esc(names[view][1])}</span>`;
    $('guide').innerHTML = guide();
    $('composer').style.display = view === 'home' ? 'none' : '';
    $('text').placeholder = view === 'channel' ? 'Message #cs-handoffs (/handoff …, or @HandoffBot …)' : 'Message HandoffBot (e.g. my handoffs, status Acme, digest)';
    $('hint').innerHTML = view === 'channel'
      ? 'The bot reads the channel only when @mentioned. <code>/handoff help</code> answers only you.'
      : 'Commands: <code>my handoffs</code>, <code>status Acme</code>, <code>who owns Acme</code>, <code>digest</code>, <code>help</code> — or <code>/handoff …</code> anywhere.';
    renderFeed();
    renderModal();
    document.body.dataset.version = String(state.version);
  }

  async function load(since) {
    const asked = me;
    const url = `/demo/slack/state?user=${encodeURIComponent(asked)}${since == null ? '' : '&since=' + since}`;
    const res = await fetch(url);
    if (!res.ok) throw new Error(String(res.status));
    const answer = await res.json();
    if (asked !== me) return; // the person was switched meanwhile: this answer is theirs no more
    state = answer;
    if (!me) me = state.me;
    render();
  }

  async function poll() {
    for (;;) {
      try {
        await load(state ? state.version : null);
      } catch (e) {
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  }

  function go(v) {
    view = v || (person().role === 'AE' ? 'dm' : 'channel');
    feedKey = '';
    renderFeed.scrolled = false;
    const url = new URL(location.href);
    url.searchParams.set('view', view);
    url.searchParams.set('as', me);
    history.replaceState(null, '', url);
    if (view === 'home') post('/demo/slack/home?user=' + encodeURIComponent(me));
    render();
  }

  /** state.values of the inputs inside a view (a modal or Home), as Slack sends them. */
  function valuesOf(root) {
    const values = {};
    root.querySelectorAll('[data-bk-action]').forEach((el) => {
      const block = el.dataset.bkBlock;
      const action = el.dataset.bkAction;
      const type = el.dataset.bkType;
      if (!block || !action || type === 'button') return;
      let value;
      if (type === 'plain_text_input') value = { type, value: el.value === '' ? null : el.value };
      else if (type === 'static_select') value = { type, selected_option: el.value ? { text: { type: 'plain_text', text: el.selectedOptions[0].textContent, emoji: true }, value: el.value } : null };
      else if (type === 'datepicker') value = { type, selected_date: el.value || null };
      else if (type === 'checkboxes') value = { type, selected_options: [...el.querySelectorAll('input:checked')].map((c) => ({ text: { type: 'mrkdwn', text: c.parentElement.textContent.trim() }, value: c.value })) };
      else return;
      (values[block] = values[block] || {})[action] = value;
    });
    return values;
  }

  function actionOf(el) {
    const type = el.dataset.bkType;
    const action = { action_id: el.dataset.bkAction, block_id: el.dataset.bkBlock, type };
    if (type === 'button') {
      action.text = { type: 'plain_text', text: el.textContent, emoji: true };
      if (el.dataset.bkValue) action.value = el.dataset.bkValue;
      if (el.dataset.bkUrl) action.url = el.dataset.bkUrl;
    } else if (type === 'static_select') {
      action.selected_option = el.value ? { text: { type: 'plain_text', text: el.selectedOptions[0].textContent, emoji: true }, value: el.value } : null;
    } else if (type === 'datepicker') {
      action.selected_date = el.value;
    }
    return action;
  }

  /** A button pressed or an option chosen: block_actions for the message, Home or modal it is in. */
  async function act(el) {
    const viewRoot = el.closest('[data-view-id]');
    const item = el.closest('.item');
    const body = { user: me, action: actionOf(el) };
    if (el.dataset.bkUrl) window.open(el.dataset.bkUrl, '_blank', 'noopener');
    if (viewRoot) {
      body.viewId = viewRoot.dataset.viewId;
      body.values = valuesOf(viewRoot);
    } else if (item) {
      body.channel = item.dataset.channel;
      body.ts = item.dataset.ts;
    } else {
      return;
    }

    await post('/demo/slack/click', body);
  }

  async function submit() {
    const root = $('overlay').querySelector('[data-view-id]');
    if (!root) return;
    const answer = await post('/demo/slack/submit', { user: me, viewId: root.dataset.viewId, values: valuesOf(root) });
    if (answer.errors) {
      modalErrors = answer.errors;
      // Keep what was typed: only the error lines change.
      root.querySelectorAll('.bk-error').forEach((e) => e.remove());
      for (const [block, message] of Object.entries(modalErrors)) {
        const input = root.querySelector(`[data-bk-input="${CSS.escape(block)}"]`);
        if (input) input.insertAdjacentHTML('beforeend', `<div class="bk-error">⚠ ${esc(message)}</div>`);
      }
      shownModal = state.modal ? state.modal.id + ':' + JSON.stringify(state.modal) + ':' + JSON.stringify(modalErrors) : '';
    } else {
      modalErrors = {};
    }
  }

  document.addEventListener('click', (e) => {
    const nav = e.target.closest('button.nav');
    if (nav) return go(nav.dataset.view);
    const modalButton = e.target.closest('[data-bk-modal]');
    if (modalButton) {
      if (modalButton.dataset.bkModal === 'submit') return submit();
      modalErrors = {};
      return post('/demo/slack/close?user=' + encodeURIComponent(me));
    }
    const button = e.target.closest('button[data-bk-action]');
    if (button) act(button);
  });

  document.addEventListener('change', (e) => {
    const el = e.target.closest('select[data-bk-action], input[type=date][data-bk-action]');
    // In a modal's input block the value is read at Submit; elsewhere (a message, Home, an actions block) choosing is acting.
    if (el && !el.closest('[data-bk-input]')) act(el);
  });

  $('as').addEventListener('change', (e) => {
    me = e.target.value;
    state.me = me;
    view = person().role === 'AE' ? 'dm' : 'channel';
    shownModal = '';
    modalErrors = {};
    feedKey = '';
    const url = new URL(location.href);
    url.searchParams.set('as', me);
    url.searchParams.delete('view');
    history.replaceState(null, '', url);
    load().then(async () => { while (state.modal) { await post('/demo/slack/close?user=' + encodeURIComponent(me)); await load(); } }).then(() => go(view));
  });

  $('say').addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = $('text').value.trim();
    if (!text) return;
    $('text').value = '';
    await post('/demo/slack/say', { user: me, channel: channelOf(view), text });
  });

  // As in Slack, a modal does not outlive the page: one left open by an earlier visit is closed.
  load()
    .then(async () => { while (state.modal) { await post('/demo/slack/close?user=' + encodeURIComponent(me)); await load(); } })
    .then(() => go(view)).then(poll, poll);
})();
