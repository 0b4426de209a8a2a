// Renders Block Kit (a message's blocks, a modal, an App Home view) as HTML close to how Slack's
// desktop client shows it: mrkdwn (bold, italic, strike, code, links, Slack's date tokens in the
// reader's zone, escaped text shown as typed), sections with fields and an accessory, context,
// images, dividers, buttons (primary green, danger red), and modal inputs. No network, no Slack:
// used by screenshot.js for docs/cards.md, and meant to be reused by any local page that shows what
// the bot posted. Works in a browser (window.BlockKit) and in Node (require).
// With options.interactive, buttons, selects, date pickers, checkboxes and text inputs are real form
// elements carrying data-bk-action / data-bk-block / data-bk-value, and options.errors ({ block_id:
// message }) shows under each input: the local Slack page of the demo (bot/HandoffBot/Demo/Slack) reads
// them to send what Slack would. Without it the output is the static picture, as before.
//
//   BlockKit.css                              the stylesheet
//   BlockKit.message(payload, options)        HTML of a message ({ blocks }); options: { zone, now, author, time, interactive, errors }
//   BlockKit.modal(view, options)             HTML of a modal view
//   BlockKit.home(view, options)              HTML of an App Home view
//   BlockKit.mrkdwn(text, options)            HTML of one mrkdwn text
(function (root) {
  'use strict';

  const css = `
  .bk { font-family: 'Lato', 'Noto Sans', 'Segoe UI', 'DejaVu Sans', sans-serif; font-size: 15px; line-height: 1.46668; color: #1d1c1d; }
  .bk * { box-sizing: border-box; }
  .bk-msg { display: flex; gap: 8px; padding: 8px 20px; background: #fff; }
  .bk-avatar { width: 36px; height: 36px; border-radius: 6px; flex: none; background: #4a154b; color: #fff; font-weight: 900; display: flex; align-items: center; justify-content: center; font-size: 15px; }
  .bk-body { flex: 1; min-width: 0; }
  .bk-author { font-weight: 900; }
  .bk-app { font-size: 10px; font-weight: 700; background: #e8e8e8; color: #616061; border-radius: 2px; padding: 1px 3px; margin-left: 4px; vertical-align: 2px; }
  .bk-time { color: #616061; font-size: 12px; margin-left: 6px; }
  .bk-block { margin: 4px 0; }
  .bk-header { font-size: 18px; font-weight: 900; line-height: 1.33; margin: 8px 0 4px; }
  .bk-section { display: flex; gap: 12px; align-items: flex-start; }
  .bk-section-main { flex: 1; min-width: 0; }
  .bk-text { white-space: pre-wrap; word-wrap: break-word; }
  .bk-fields { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 16px; margin-top: 4px; }
  .bk-context { display: flex; flex-wrap: wrap; gap: 4px 8px; color: #616061; font-size: 13px; }
  .bk-divider { border: 0; border-top: 1px solid #dddddd; margin: 12px 0; }
  .bk-image img { max-width: 100%; max-height: 380px; border-radius: 8px; border: 1px solid #eee; display: block; }
  .bk-image img.bk-missing { min-height: 120px; background: #f4ede4; }
  .bk-actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 8px; }
  .bk-button { font: inherit; font-size: 13px; font-weight: 700; height: 28px; padding: 0 12px; border-radius: 4px; border: 1px solid #bbbbbb; background: #fff; color: #1d1c1d; display: inline-flex; align-items: center; white-space: nowrap; }
  .bk-button.primary { background: #007a5a; border-color: #007a5a; color: #fff; }
  .bk-button.danger { background: #fff; border-color: #e01e5a; color: #e01e5a; }
  .bk-button.link::after { content: ' ↗'; font-weight: 400; }
  .bk b { font-weight: 900; }
  .bk code { font-family: Monaco, Menlo, 'DejaVu Sans Mono', monospace; font-size: 12px; color: #e01e5a; background: #f8f8f8; border: 1px solid #e8e8e8; border-radius: 3px; padding: 1px 3px; }
  .bk pre { font-family: Monaco, Menlo, 'DejaVu Sans Mono', monospace; font-size: 12px; background: #f8f8f8; border: 1px solid #e8e8e8; border-radius: 4px; padding: 8px; margin: 4px 0; white-space: pre-wrap; }
  .bk blockquote { border-left: 4px solid #dddddd; margin: 0; padding-left: 12px; }
  .bk a { color: #1264a3; text-decoration: none; }
  .bk .bk-mention { color: #1264a3; background: #e8f5fa; border-radius: 3px; padding: 0 2px; }
  .bk-modal { width: 520px; background: #fff; border-radius: 8px; box-shadow: 0 18px 48px rgba(0,0,0,.35); overflow: hidden; }
  .bk-modal-title { display: flex; align-items: center; gap: 10px; padding: 16px 24px; border-bottom: 1px solid #dddddd; font-size: 22px; font-weight: 900; }
  .bk-modal-title .bk-avatar { width: 28px; height: 28px; font-size: 13px; }
  .bk-modal-title .bk-x { margin-left: auto; font-weight: 400; color: #616061; }
  .bk-modal-body { padding: 12px 24px 16px; }
  .bk-modal-foot { display: flex; justify-content: flex-end; gap: 8px; padding: 16px 24px; border-top: 1px solid #dddddd; }
  .bk-modal-foot .bk-button { height: 36px; font-size: 15px; padding: 0 16px; }
  .bk-input { margin: 12px 0; }
  .bk-label { font-weight: 900; margin-bottom: 6px; }
  .bk-optional { color: #616061; font-weight: 400; }
  .bk-hint { color: #616061; font-size: 13px; margin-top: 4px; }
  .bk-field { width: 100%; min-height: 36px; border: 1px solid #bbbbbb; border-radius: 4px; padding: 7px 10px; color: #1d1c1d; background: #fff; white-space: pre-wrap; }
  .bk-field.multiline { min-height: 72px; }
  .bk-field.placeholder { color: #868686; }
  .bk-field.select::after, .bk-field.date::after { float: right; color: #616061; }
  .bk-field.select::after { content: '⌄'; }
  .bk-field.date::after { content: '📅'; }
  .bk-check { display: flex; align-items: center; gap: 8px; }
  .bk-box { width: 16px; height: 16px; border: 1px solid #868686; border-radius: 3px; display: inline-block; }
  .bk-box.on { background: #1264a3; border-color: #1264a3; }
  .bk-home { background: #fff; padding: 8px 24px; }
  .bk button.bk-button { cursor: pointer; }
  .bk button.bk-button:hover { filter: brightness(0.96); }
  .bk button.bk-button.primary:hover { filter: brightness(1.08); }
  .bk select.bk-field, .bk input.bk-field, .bk textarea.bk-field { font: inherit; font-size: 15px; display: block; }
  .bk select.bk-field.select::after, .bk input.bk-field.date::after { content: none; }
  .bk textarea.bk-field { resize: vertical; }
  .bk label.bk-check { cursor: pointer; }
  .bk-error { color: #e01e5a; font-size: 13px; margin-top: 4px; }
  `;

  const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  // Slack sends &, < and > of plain text as entities: show them as the characters they stand for.
  const unescape = (s) => String(s).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

  function ordinal(n) {
    const s = ['th', 'st', 'nd', 'rd'], v = n % 100;
    return n + (s[(v - 20) % 10] || s[v] || s[0]);
  }

  // <!date^ts^format|fallback>: Slack shows the instant in the reader's own time zone.
  function slackDate(ts, format, options) {
    const zone = options.zone || 'UTC';
    const at = new Date(Number(ts) * 1000);
    const part = (o) => new Intl.DateTimeFormat('en-US', { timeZone: zone, ...o }).format(at);
    const dayKey = (d) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(d);
    const now = options.now ? new Date(options.now) : new Date();
    const days = Math.round((Date.parse(dayKey(at)) - Date.parse(dayKey(now))) / 86400000);
    const pretty = days === 0 ? 'Today' : days === 1 ? 'Tomorrow' : days === -1 ? 'Yesterday' : `${part({ month: 'short' })} ${ordinal(Number(part({ day: 'numeric' })))}`;
    return format
      .replace('{date_short_pretty}', pretty)
      .replace('{date_short}', `${part({ month: 'short' })} ${part({ day: 'numeric' })}, ${part({ year: 'numeric' })}`)
      .replace('{date_pretty}', days === 0 ? 'Today' : `${part({ month: 'long' })} ${ordinal(Number(part({ day: 'numeric' })))}`)
      .replace('{time}', part({ hour: 'numeric', minute: '2-digit' }));
  }

  function inline(text) {
    // Formatting marks count only at word edges, as in Slack.
    return text
      .replace(/`([^`\n]+)`/g, '<code>$1</code>')
      .replace(/(^|[\s(>"'“])\*(?!\s)([^*\n]+?)\*(?=$|[\s).,:;!?<"'”])/g, '$1<b>$2</b>')
      .replace(/(^|[\s(>"'“])_(?!\s)([^_\n]+?)_(?=$|[\s).,:;!?<"'”])/g, '$1<i>$2</i>')
      .replace(/(^|[\s(>])~(?!\s)([^~\n]+?)~(?=$|[\s).,:;!?<])/g, '$1<s>$2</s>');
  }

  function mrkdwn(text, options = {}) {
    // <…> tokens (links, mentions, dates) become placeholders first, so formatting marks may span them.
    const rendered = [];
    const plainPart = (s) => inline(esc(unescape(s)));
    const marked = text.replace(/<([^<>]+)>/g, (_, inner) => {
      let html;
      if (inner.startsWith('!date^')) {
        const [spec, fallback] = inner.split('|');
        const [, ts, format] = spec.split('^');
        html = esc(slackDate(ts, format || '{date_short}', options) || unescape(fallback || ''));
      } else if (inner.startsWith('@')) {
        html = `<span class="bk-mention">@${esc(inner.split('|')[1] || inner.slice(1))}</span>`;
      } else if (inner.startsWith('!')) {
        html = `<span class="bk-mention">@${esc(inner.slice(1).split('|')[0])}</span>`;
      } else if (inner.startsWith('#')) {
        html = `<span class="bk-mention">#${esc(inner.split('|')[1] || inner.slice(1))}</span>`;
      } else {
        const [url, label] = inner.split('|');
        html = `<a href="${esc(unescape(url))}">${plainPart(label || url)}</a>`;
      }
      rendered.push(html);
      return `\u0001${rendered.length - 1}\u0002`;
    });
    let html = plainPart(marked).replace(/\u0001(\d+)\u0002/g, (_, i) => rendered[Number(i)]);
    // ```blocks``` and > quotes.
    html = html.replace(/```([\s\S]*?)```/g, '<pre>$1</pre>');
    html = html.split('\n').map((line) => line.startsWith('&gt; ') ? `<blockquote>${line.slice(5)}</blockquote>` : line).join('\n');
    return html;
  }

  const textOf = (t, options) => !t ? '' : t.type === 'mrkdwn' ? mrkdwn(t.text, options) : esc(t.text);

  function button(b, options, blockId) {
    const kind = b.url ? 'link' : b.style === 'primary' ? 'primary' : b.style === 'danger' ? 'danger' : '';
    if (options && options.interactive) {
      return `<button type="button" class="bk-button ${kind}" ${dataOf(b, blockId)} data-bk-value="${esc(b.value || '')}"${b.url ? ` data-bk-url="${esc(b.url)}"` : ''}>${esc(b.text && b.text.text || '')}</button>`;
    }
    return `<span class="bk-button ${kind}">${esc(b.text && b.text.text || '')}</span>`;
  }

  const dataOf = (e, blockId) => `data-bk-action="${esc(e.action_id || '')}" data-bk-block="${esc(blockId || '')}" data-bk-type="${esc(e.type)}"`;

  // The form element a person types into or picks from (options.interactive): what Slack's client shows.
  function live(e, options, blockId) {
    const data = dataOf(e, blockId);
    const placeholder = esc((e.placeholder && e.placeholder.text) || '');
    switch (e.type) {
      case 'static_select': {
        const chosen = e.initial_option && e.initial_option.value;
        const list = (e.options || []).map((o) => `<option value="${esc(o.value)}"${o.value === chosen ? ' selected' : ''}>${esc(o.text.text)}</option>`).join('');
        return `<select class="bk-field select" ${data}><option value=""${chosen ? '' : ' selected'}>${placeholder || 'Select an option'}</option>${list}</select>`;
      }
      case 'datepicker':
        return `<input type="date" class="bk-field date" ${data} value="${esc(e.initial_date || '')}" placeholder="${placeholder}">`;
      case 'checkboxes':
        return `<div ${data}>${(e.options || []).map((o) => {
          const on = (e.initial_options || []).some((i) => i.value === o.value);
          return `<label class="bk-check"><input type="checkbox" value="${esc(o.value)}"${on ? ' checked' : ''}>${textOf(o.text, options)}</label>`;
        }).join('')}</div>`;
      case 'plain_text_input':
        return e.multiline
          ? `<textarea class="bk-field multiline" ${data} placeholder="${placeholder}">${esc(e.initial_value || '')}</textarea>`
          : `<input type="text" class="bk-field" ${data} value="${esc(e.initial_value || '')}" placeholder="${placeholder}">`;
      default:
        return null;
    }
  }

  function element(e, options, blockId) {
    if (options && options.interactive) {
      const html = live(e, options, blockId);
      if (html !== null) return html;
    }
    switch (e.type) {
      case 'button': return button(e, options, blockId);
      case 'image': return `<img src="${esc(e.image_url)}" alt="${esc(e.alt_text || '')}" style="width:20px;height:20px;border-radius:4px">`;
      case 'static_select': {
        const chosen = e.initial_option;
        return `<div class="bk-field select ${chosen ? '' : 'placeholder'}">${esc(chosen ? chosen.text.text : (e.placeholder && e.placeholder.text) || 'Select an option')}</div>`;
      }
      case 'datepicker':
        return `<div class="bk-field date ${e.initial_date ? '' : 'placeholder'}">${esc(e.initial_date || (e.placeholder && e.placeholder.text) || 'Select a date')}</div>`;
      case 'checkboxes':
        return (e.options || []).map((o) => {
          const on = (e.initial_options || []).some((i) => i.value === o.value);
          return `<div class="bk-check"><span class="bk-box ${on ? 'on' : ''}"></span>${textOf(o.text, options)}</div>`;
        }).join('');
      case 'plain_text_input': {
        const value = e.initial_value || '';
        const placeholder = (e.placeholder && e.placeholder.text) || '';
        return `<div class="bk-field ${e.multiline ? 'multiline' : ''} ${value ? '' : 'placeholder'}">${esc(value || placeholder)}</div>`;
      }
      default: return textOf(e, options);
    }
  }

  function block(b, options) {
    switch (b.type) {
      case 'header':
        return `<div class="bk-block bk-header">${esc(b.text.text)}</div>`;
      case 'section': {
        const text = b.text ? `<div class="bk-text">${textOf(b.text, options)}</div>` : '';
        const fields = b.fields ? `<div class="bk-fields">${b.fields.map((f) => `<div class="bk-text">${textOf(f, options)}</div>`).join('')}</div>` : '';
        const accessory = b.accessory ? `<div>${element(b.accessory, options, b.block_id)}</div>` : '';
        return `<div class="bk-block bk-section"><div class="bk-section-main">${text}${fields}</div>${accessory}</div>`;
      }
      case 'context':
        return `<div class="bk-block bk-context">${b.elements.map((e) => `<span class="bk-text">${element(e, options)}</span>`).join('')}</div>`;
      case 'divider':
        return '<hr class="bk-divider">';
      case 'image':
        return `<div class="bk-block bk-image">${b.title ? `<div>${textOf(b.title, options)}</div>` : ''}<img src="${esc(b.image_url)}" alt="${esc(b.alt_text)}"></div>`;
      case 'actions':
        return `<div class="bk-block bk-actions">${b.elements.map((e) => element(e, options, b.block_id)).join('')}</div>`;
      case 'input': {
        const error = options.errors && b.block_id && options.errors[b.block_id] ? `<div class="bk-error">⚠ ${esc(options.errors[b.block_id])}</div>` : '';
        return `<div class="bk-input"${options.interactive ? ` data-bk-input="${esc(b.block_id || '')}"` : ''}><div class="bk-label">${esc(b.label.text)}${b.optional ? ' <span class="bk-optional">(optional)</span>' : ''}</div>${element(b.element, options, b.block_id)}${b.hint ? `<div class="bk-hint">${esc(b.hint.text)}</div>` : ''}${error}</div>`;
      }
      default:
        return `<div class="bk-block bk-context">(${esc(b.type)} block)</div>`;
    }
  }

  const blocks = (list, options) => (list || []).map((b) => block(b, options)).join('');

  function message(payload, options = {}) {
    const author = options.author || 'HandoffBot';
    return `<div class="bk bk-msg"><div class="bk-avatar">${esc(author[0])}</div><div class="bk-body">`
      + `<div><span class="bk-author">${esc(author)}</span><span class="bk-app">APP</span><span class="bk-time">${esc(options.time || '')}</span></div>`
      + `${blocks(payload.blocks, options)}</div></div>`;
  }

  function modal(view, options = {}) {
    const tag = options.interactive ? 'button' : 'span';
    const attr = (what) => options.interactive ? ` type="button" data-bk-modal="${what}"` : '';
    return `<div class="bk bk-modal"><div class="bk-modal-title"><div class="bk-avatar">H</div>${esc(view.title.text)}<span class="bk-x"${options.interactive ? ' data-bk-modal="close" role="button" title="Close"' : ''}>✕</span></div>`
      + `<div class="bk-modal-body">${blocks(view.blocks, options)}</div>`
      + `<div class="bk-modal-foot"><${tag} class="bk-button"${attr('close')}>${esc(view.close ? view.close.text : 'Cancel')}</${tag}>`
      + `${view.submit ? `<${tag} class="bk-button primary"${attr('submit')}>${esc(view.submit.text)}</${tag}>` : ''}</div></div>`;
  }

  function home(view, options = {}) {
    return `<div class="bk bk-home">${blocks(view.blocks, options)}</div>`;
  }

  const api = { css, message, modal, home, mrkdwn };
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
  } else {
    root.BlockKit = api;
  }
})(typeof window !== 'undefined' ? window : this);
