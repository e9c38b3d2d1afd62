/*!
 * Help chat widget for the modern slavery chatbot (Rasa REST channel).
 * No dependencies. Stores nothing: no cookies, no Web Storage, no IndexedDB.
 * Server text is always shown as text (textContent), never as HTML.
 * Works under a strict Content-Security-Policy (no inline script or style, no eval).
 * Embed and options: docs/widget.md
 */
(function () {
  'use strict';

  /* ------------------------------------------------------------------------
   * BUILT-IN HELP NUMBERS, shown when the chat server cannot answer.
   * These must always be right. Check them before every release against
   * DESIGN.md section 5 and the services' own pages.
   *   999: silent call, worded as in domain.yml (listen, cough or tap, 5 5 if asked, stay on).
   *   Modern Slavery & Exploitation Helpline: 08000 121 700, free, 24 hours,
   *   any language (interpreters).
   * ---------------------------------------------------------------------- */
  const HELP_NUMBERS = Object.freeze({
    emergency: { name: 'danger_now', label: 'call_999', tel: '999', detail: 'silent_999' },
    helpline: { name: 'helpline_name', label: '08000 121 700', tel: '+448000121700', detail: 'helpline_detail' }
  });

  /* The widget's own words in English, by key (languages/widget.py has the same). Another
   * language's words come from lang/<code>.json next to this script, fetched only when that
   * language is chosen (data/languages/, `python -m languages.widget`). */
  const WORDS = {
    title: 'Help chat',
    subtitle: 'An automatic chat, not a person. It stores nothing on this device.',
    exit: 'Exit this page',
    exit_prefix: 'Emergency',
    close: 'Close',
    close_suffix: 'chat',
    language: 'Language',
    conversation: 'Conversation',
    type_message: 'Type a message',
    no_names: 'Please do not type names or addresses.',
    send: 'Send',
    danger_now: 'In danger now?',
    call_999: 'Call 999',
    silent_999: 'If you cannot speak: call 999 and listen. Cough or tap if you can. If a recorded voice asks, press 5 5. Stay on the line.',
    helpline_name: 'Modern Slavery & Exploitation Helpline',
    helpline_detail: 'Free. Open 24 hours. Any language. You do not have to give your name.',
    you: 'You:',
    chat: 'Chat:',
    choose_answer: 'Choose an answer',
    more_about: 'More about {name}',
    opening_hours: 'Opening hours:',
    what_happens: 'What happens when you call:',
    anonymous_question: 'Can I stay anonymous?',
    anonymous_yes: 'Yes. You do not have to give your name.',
    other_ways: 'Other ways to get help:',
    help_title: 'Get help now',
    help_sorry: 'Sorry, the chat is not working right now. You can still get help.',
    try_again: 'Try again',
    loading: 'Loading.',
    your_answer: '(your answer)',
    new_tab: '(opens in a new tab)',
    new_chat: 'That chat has ended. A new chat has started.',
    offer: 'This chat can also be in {name}.',
    offer_yes: 'Use {name}'
  };
  const LANGS = ['ro', 'pl', 'sq', 'vi']; // those with a lang/<code>.json (data-languages to change)

  const DEFAULT_EXIT_URL = 'https://www.bbc.co.uk/weather'; // GOV.UK's default
  const SHIFT_TIMEOUT_MS = 5000; // GOV.UK "Exit this page": 3 presses, 5 s apart at most

  if (document.querySelector('[data-chat-widget-root]')) return; // loaded twice

  const script = document.currentScript || document.querySelector('script[data-server-url]');
  const attr = (name, def) => {
    const v = script && script.getAttribute('data-' + name);
    return v == null || v.trim() === '' ? def : v.trim();
  };

  // A URL we may navigate to: http(s) only, resolved against the page.
  const navUrl = (value, fallback) => {
    try {
      const u = new URL(value, document.baseURI);
      if (u.protocol === 'https:' || u.protocol === 'http:') return u.href;
    } catch (e) { /* fall through */ }
    return fallback;
  };

  const serverAttr = attr('server-url', '');
  const timeoutNum = parseInt(attr('timeout-ms', '8000'), 10);
  const cfg = {
    server: /^https?:\/\//i.test(serverAttr) ? serverAttr.replace(/\/+$/, '') : '',
    launcherText: attr('launcher-text', 'Help chat'),
    exitUrl: navUrl(attr('exit-url', DEFAULT_EXIT_URL), DEFAULT_EXIT_URL),
    timeoutMs: timeoutNum >= 500 && timeoutNum <= 60000 ? timeoutNum : 8000,
    greet: attr('greet-payload', '/greet'),
    langs: attr('languages', LANGS.join(' ')).split(/\s+/).filter((c) => /^[a-z]{2,3}$/.test(c))
  };
  const customTitle = attr('title', null);

  /* ---------------- words: English, or the chosen language's ---------------- */
  let words = WORDS;
  let lang = 'en';
  const loaded = { en: { lang: 'en', dir: 'ltr', words: WORDS } };
  const w = (key, name) => (words[key] || WORDS[key] || '').replace('{name}', name || '');
  const bound = []; // [element, key, attribute or null]: re-worded when the language changes
  const say = (el, key, attrName) => {
    bound.push([el, key, attrName || null]);
    if (attrName) el.setAttribute(attrName, w(key)); else el.textContent = w(key);
    return el;
  };
  const fetchLang = (code) => {
    if (loaded[code]) return Promise.resolve(loaded[code]);
    if (cfg.langs.indexOf(code) < 0 || !script || !script.src) return Promise.reject(new Error('no ' + code));
    const url = script.src.replace(/[^/]*$/, 'lang/' + code + '.json');
    return fetch(url, { credentials: 'omit', cache: 'force-cache', referrerPolicy: 'no-referrer' })
      .then((r) => { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
      .then((d) => { if (!d || !d.words || d.lang !== code) throw new Error('bad file'); loaded[code] = d; return d; });
  };
  // The conversation's language changed (the server said so): the widget's own words follow.
  const useLanguage = (code) => fetchLang(code).then((d) => {
    words = d.words;
    lang = d.lang;
    panel.lang = lang;
    panel.dir = d.dir === 'rtl' ? 'rtl' : 'ltr';
    bound.forEach((b) => { if (b[2]) b[0].setAttribute(b[2], w(b[1])); else b[0].textContent = w(b[1]); });
    if (customTitle) title.textContent = customTitle;
  }).catch(() => { /* keep the words we have: English is always there */ });

  /* ---------------- state: page memory only ---------------- */
  const newId = () => {
    const c = window.crypto;
    if (c && c.randomUUID) return c.randomUUID();
    const b = new Uint8Array(16);
    c.getRandomValues(b);
    return Array.prototype.map.call(b, (x) => ('0' + x.toString(16)).slice(-2)).join('');
  };
  let senderId = newId();
  let started = false; // the greeting was asked for
  let contacted = false; // a request reached out to the server
  let exiting = false;
  let queue = Promise.resolve();
  let seq = 0;
  let shiftCount = 0;
  let shiftTimer = null;
  let lastKeyWasModified = false;

  /* ---------------- DOM helpers (no innerHTML anywhere) ---------------- */
  const h = (tag, props, kids) => {
    const el = document.createElement(tag);
    Object.keys(props || {}).forEach((k) => {
      const v = props[k];
      if (v == null || v === false) return;
      if (k === 'text') el.textContent = v;
      else if (k === 'class') el.className = v;
      else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    });
    (kids || []).forEach((c) => {
      if (c != null) el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return el;
  };
  const vh = (text) => h('span', { class: 'cw-vh', text: text });
  const nextId = (p) => 'cw-' + p + '-' + (++seq);
  const ICONS = {
    chat: 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z',
    close: 'M6 6l12 12M18 6L6 18',
    globe: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 0c2.5 2.7 4 6.2 4 10s-1.5 7.3-4 10c-2.5-2.7-4-6.2-4-10s1.5-7.3 4-10zM2 12h20',
    phone: 'M6.6 10.8a15 15 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z'
  };
  const icon = (name) => {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    svg.setAttribute('class', 'cw-icon cw-icon--' + name);
    const p = document.createElementNS(ns, 'path');
    p.setAttribute('d', ICONS[name]);
    svg.appendChild(p);
    return svg;
  };

  // Only tel: (digits) and https: links are ever made.
  const safeHref = (url) => {
    if (typeof url !== 'string') return null;
    const t = url.trim();
    if (/^tel:\+?[0-9]{3,15}$/.test(t)) return t;
    try {
      const u = new URL(t);
      if (u.protocol === 'https:' && !u.username && !u.password) return u.href;
    } catch (e) { /* not a URL */ }
    return null;
  };
  const link = (href, kids, cls) => {
    const ext = href.slice(0, 6) === 'https:';
    const a = h('a', {
      href: href,
      class: cls,
      target: ext ? '_blank' : null,
      rel: ext ? 'noopener noreferrer' : null
    }, kids);
    if (ext) a.appendChild(vh(' ' + w('new_tab')));
    return a;
  };

  // Text with [label](https:|tel:) links and bare https:// links; the rest stays text.
  const LINK_RE = /\[([^\]\n]{1,200})\]\(([^()\s]{1,2000})\)|https:\/\/[^\s<>"'()[\]]+/g;
  const richText = (el, text) => {
    let last = 0;
    let m;
    LINK_RE.lastIndex = 0;
    while ((m = LINK_RE.exec(text))) {
      let whole = m[0];
      let label = m[1];
      let url = m[2];
      if (!label) { // bare URL: leave trailing punctuation out of the link
        whole = whole.replace(/[.,;:!?]+$/, '');
        url = label = whole;
      }
      const href = safeHref(url);
      if (!href) continue;
      el.appendChild(document.createTextNode(text.slice(last, m.index)));
      el.appendChild(link(href, [label]));
      last = m.index + whole.length;
      LINK_RE.lastIndex = last;
    }
    el.appendChild(document.createTextNode(text.slice(last)));
    return el;
  };

  /* ---------------- build the widget ---------------- */
  const root = h('aside', { class: 'cw', 'aria-label': cfg.launcherText, 'data-chat-widget-root': true });
  const status = h('span', { class: 'cw-vh', role: 'status' }); // Shift x3 announcements
  const launcher = h('button', {
    type: 'button',
    class: 'cw-launcher',
    'aria-expanded': 'false',
    'aria-controls': 'cw-panel',
    onclick: () => openPanel()
  }, [icon('chat'), h('span', { text: cfg.launcherText })]);

  const dots = () => h('span', { class: 'cw-dots', 'aria-hidden': 'true' }, [h('span'), h('span'), h('span')]);
  const exitBtn = h('button', { type: 'button', class: 'cw-exit', 'data-chat-widget-exit': true },
    [say(vh(''), 'exit_prefix'), ' ', say(h('span'), 'exit'), dots()]);
  const closeBtn = h('button', { type: 'button', class: 'cw-close', onclick: () => closePanel() },
    [icon('close'), say(h('span'), 'close'), ' ', say(vh(''), 'close_suffix')]);
  // Another language, any time: the server answers with the languages to choose from.
  const langBtn = h('button', {
    type: 'button',
    class: 'cw-lang',
    onclick: () => { if (!exiting) { disableChoices(null); send('/choose_language', { title: w('language') }); } }
  }, [icon('globe'), say(vh(''), 'language')]);

  const log = say(h('div', { class: 'cw-log', role: 'log', tabindex: '0' }), 'conversation', 'aria-label');
  const typing = h('div', { class: 'cw-typing', 'aria-hidden': 'true' }, [h('span'), h('span'), h('span')]);
  const input = h('input', {
    id: 'cw-input',
    class: 'cw-input',
    type: 'text',
    autocomplete: 'off',
    autocapitalize: 'sentences',
    maxlength: '1000',
    'aria-describedby': 'cw-hint'
  });
  const form = h('form', { class: 'cw-form', novalidate: true, onsubmit: onSubmit }, [
    say(h('label', { class: 'cw-label', for: 'cw-input' }), 'type_message'),
    say(h('p', { class: 'cw-hint', id: 'cw-hint' }), 'no_names'),
    h('div', { class: 'cw-row' }, [input, langBtn, say(h('button', { type: 'submit', class: 'cw-send' }), 'send')])
  ]);

  let bar;
  const title = customTitle ? h('h2', { class: 'cw-title', id: 'cw-title', text: customTitle })
    : say(h('h2', { class: 'cw-title', id: 'cw-title' }), 'title');
  const panel = h('div', {
    id: 'cw-panel',
    class: 'cw-panel',
    role: 'dialog',
    'aria-labelledby': 'cw-title',
    hidden: true,
    onkeydown: (e) => {
      if ((e.key === 'Escape' || e.key === 'Esc') && !e.isComposing) { e.preventDefault(); closePanel(); }
    }
  }, [
    h('div', { class: 'cw-head' }, [
      h('div', { class: 'cw-titles' }, [title, say(h('p', { class: 'cw-sub' }), 'subtitle')]),
      closeBtn
    ]),
    bar = h('div', { class: 'cw-bar' }, [
      h('p', { class: 'cw-danger' }, [
        say(h('strong'), 'danger_now'), ' ',
        link('tel:999', [icon('phone'), say(h('span'), 'call_999')], 'cw-danger-link')
      ]),
      exitBtn
    ]),
    log,
    form
  ]);

  root.appendChild(status);
  root.appendChild(launcher);
  root.appendChild(panel);

  /* ---------------- open / close ---------------- */
  function openPanel() {
    if (exiting) return;
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute('aria-expanded', 'true');
    input.focus();
    if (!started) {
      started = true;
      offerLanguage();
      send(cfg.greet, { silent: true });
    }
  }
  // The page's or the browser's language, when the chat has it: offered in that language, with
  // a button; never switched to without asking.
  function offerLanguage() {
    const wanted = [document.documentElement.lang].concat(navigator.languages || [navigator.language])
      .map((l) => String(l || '').toLowerCase().split('-')[0])
      .filter((c) => c && c !== 'en' && cfg.langs.indexOf(c) >= 0)[0];
    if (!wanted) return;
    fetchLang(wanted).then((d) => {
      const its = (k) => (d.words[k] || WORDS[k]).replace('{name}', d.name); // in that language
      const b = botText(its('offer'), wanted);
      const payload = '/set_language{"language":"' + wanted + '"}';
      log.insertBefore(b, log.firstChild);
      b.parentNode.insertBefore(choices([{ title: its('offer_yes'), payload: payload }], b.id,
        (el, btn) => pick(el, btn.payload, btn.title)), b.nextSibling);
    }).catch(() => { /* no offer: English it is */ });
  }
  function closePanel() {
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  }

  /* ---------------- transcript ---------------- */
  // The log scrolls on its own; on short screens (200% zoom) the whole panel scrolls
  // instead, under a sticky "In danger now?" bar and above a sticky text box.
  const scroller = () => (log.scrollHeight > log.clientHeight + 1 ? log : panel);
  const scrollToNode = (node) => {
    const sc = scroller();
    const top = sc === log ? log.getBoundingClientRect().top : bar.getBoundingClientRect().bottom;
    sc.scrollTop += node.getBoundingClientRect().top - top - 8;
  };
  const addUser = (text) => {
    const b = h('div', { class: 'cw-msg cw-msg--user' }, [vh(w('you') + ' '), h('span', { class: 'cw-text', text: text })]);
    log.insertBefore(b, typing.parentNode === log ? typing : null);
    const sc = scroller();
    sc.scrollTop = sc.scrollHeight;
  };
  // Each message says its own language (the server's "lang"), so screen readers read it right.
  const langOf = (code) => (typeof code === 'string' && /^[a-z]{2,3}$/.test(code) ? code : null);
  const botText = (text, code) => {
    const id = nextId('m');
    return h('div', { class: 'cw-msg cw-msg--bot', id: id, lang: langOf(code) },
      [vh(w('chat') + ' '), richText(h('span', { class: 'cw-text' }), text)]);
  };

  // Answer buttons of older turns are disabled, so stale answers are never sent.
  const disableChoices = (chosen) => {
    Array.prototype.forEach.call(log.querySelectorAll('.cw-choices button:not([disabled])'), (b) => {
      b.disabled = true;
      if (b === chosen) {
        b.classList.add('cw-chosen');
        b.appendChild(vh(' ' + w('your_answer')));
      }
    });
  };
  // An answer button was used: disable its turn, keep focus on its group (not the text
  // box, so phones do not pop up the keyboard), and send the payload (or retry).
  const pick = (el, message, title) => {
    const group = el.parentNode;
    disableChoices(el);
    group.tabIndex = -1;
    group.focus({ preventScroll: true });
    send(message, title == null ? { retry: true, from: group } : { title: title, from: group });
  };
  const choices = (buttons, labelId, onPick) => {
    const group = h('div', {
      class: 'cw-choices',
      role: 'group',
      'aria-labelledby': labelId || null,
      'aria-label': labelId ? null : w('choose_answer')
    });
    buttons.forEach((btn) => {
      const b = h('button', { type: 'button', class: 'cw-choice', text: btn.title });
      b.addEventListener('click', () => { if (!b.disabled && !exiting) onPick(b, btn); });
      group.appendChild(b);
    });
    return group;
  };

  const line = (label, value) => {
    if (typeof value !== 'string' || !value.trim()) return null;
    return h('p', { class: 'cw-fact' }, [h('strong', { text: label + ' ' }), richText(h('span'), value)]);
  };
  const serviceCard = (c) => {
    const id = nextId('card');
    const card = h('article', { class: 'cw-card', 'aria-labelledby': id, lang: langOf(c.lang) });
    const str = (v) => (typeof v === 'string' && v.trim() ? v : null);
    card.appendChild(h('h3', { class: 'cw-card-title', id: id, text: str(c.name) || 'Service' }));
    const openText = str(c.open_status) || (c.open_now === true ? 'Open now' : c.open_now === false ? 'Closed now' : null);
    if (openText) {
      const state = c.open_now === true ? 'open' : c.open_now === false ? 'closed' : 'unknown';
      card.appendChild(h('p', { class: 'cw-open cw-open--' + state }, [h('span', { class: 'cw-open-dot', 'aria-hidden': 'true' }), openText]));
    }
    if (str(c.reason)) card.appendChild(richText(h('p', { class: 'cw-reason' }), c.reason));
    const phones = (Array.isArray(c.phones) ? c.phones : []).filter((p) => p && typeof p === 'object');
    if (phones.length) {
      const ul = h('ul', { class: 'cw-phones' });
      phones.forEach((p) => {
        const num = str(p.display) || str(p.tel) || '';
        const label = str(p.label);
        // "+448000121700" or "tel:+448000121700"
        const href = typeof p.tel === 'string' ? safeHref('tel:' + p.tel.replace(/^tel:/i, '').replace(/[\s()-]/g, '')) : null;
        const kids = [label ? h('span', { class: 'cw-call-label', text: label + ': ' }) : null, h('span', { class: 'cw-call-num', text: num })];
        ul.appendChild(h('li', null, [href ? link(href, [icon('phone')].concat(kids), 'cw-call') : h('span', { class: 'cw-call cw-call--text' }, kids)]));
      });
      card.appendChild(ul);
    }
    // Short first (name, open or not, why, the number); the rest behind "More about ...", so a
    // frightened reader sees one short block per service.
    const more = h('details', { class: 'cw-more' });
    more.appendChild(h('summary', { text: w('more_about', str(c.short_name) || str(c.name) || '') }));
    [[w('opening_hours'), c.hours], [w('what_happens'), c.what_happens]].forEach((f) => {
      const p = line(f[0], f[1]);
      if (p) more.appendChild(p);
    });
    if (c.anonymous === true) more.appendChild(line(w('anonymous_question'), w('anonymous_yes')));
    else if (str(c.anonymous)) more.appendChild(line(w('anonymous_question'), c.anonymous));
    const ways = (Array.isArray(c.other_ways) ? c.other_ways : []).filter((w) => w && str(w.label));
    if (ways.length) {
      const ul = h('ul', { class: 'cw-ways' });
      ways.forEach((w) => {
        const href = safeHref(w.url);
        const li = h('li', null, [href && href.slice(0, 6) === 'https:' ? link(href, [w.label]) : h('span', { text: w.label })]);
        if (str(w.detail)) li.appendChild(document.createTextNode(': ' + w.detail));
        ul.appendChild(li);
      });
      more.appendChild(h('p', { class: 'cw-fact' }, [h('strong', { text: w('other_ways') })]));
      more.appendChild(ul);
    }
    if (more.childNodes.length > 1) card.appendChild(more);
    return card;
  };

  // The built-in "Get help now" card, for when the server cannot answer.
  const helpCard = (onRetry) => {
    const id = nextId('help');
    const e = HELP_NUMBERS.emergency;
    const l = HELP_NUMBERS.helpline;
    return h('div', { class: 'cw-card cw-help', role: 'group', 'aria-labelledby': id, lang: lang }, [
      h('h3', { class: 'cw-card-title', id: id, text: w('help_title') }),
      h('p', { text: w('help_sorry') }),
      h('p', { class: 'cw-help-item' }, [h('strong', { text: w(e.name) + ' ' }), link('tel:' + e.tel, [icon('phone'), w(e.label)], 'cw-call cw-call--999')]),
      h('p', { text: w(e.detail) }),
      h('p', { class: 'cw-help-item' }, [h('strong', { text: w(l.name) + ': ' }), link('tel:' + l.tel, [icon('phone'), l.label], 'cw-call')]),
      h('p', { text: w(l.detail) }),
      choices([{ title: w('try_again') }], id, onRetry)
    ]);
  };

  /* ---------------- talking to Rasa ---------------- */
  const post = (path, body, extra) => fetch(cfg.server + path, Object.assign({
    method: 'POST',
    mode: 'cors',
    credentials: 'omit',
    cache: 'no-store',
    referrerPolicy: 'no-referrer',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body)
  }, extra || {}));

  function send(message, opts) {
    if (!opts.silent && !opts.retry) addUser(opts.title || message);
    queue = queue.then(() => request(message, opts));
  }

  // The server ended the conversation: forgotten (410) or too long (429 conversation_too_long).
  // Any other failure (nginx's 429 too_many_requests too) gets the help card.
  const ENDED = 'ended';
  const failure = (r) => r.json().catch(() => null).then((b) => {
    throw new Error(r.status === 410 || (b && b.error === 'conversation_too_long') ? ENDED : 'HTTP ' + r.status);
  });

  function request(message, opts) {
    if (exiting) return null;
    const sender = senderId;
    log.appendChild(typing);
    contacted = true;
    const ctrl = window.AbortController ? new AbortController() : null;
    let timer;
    const timeout = new Promise((resolve, reject) => {
      timer = setTimeout(() => { if (ctrl) ctrl.abort(); reject(new Error('timeout')); }, cfg.timeoutMs);
    });
    const call = cfg.server
      ? post('/webhooks/rest/webhook', { sender: sender, message: message }, ctrl ? { signal: ctrl.signal } : null)
        .then((r) => (r.ok ? r.json() : failure(r)))
      : Promise.reject(new Error('no server'));
    return Promise.race([call, timeout])
      .then((data) => {
        clearTimeout(timer);
        if (exiting || sender !== senderId) return null;
        finish();
        if (!Array.isArray(data) || !renderReply(data, opts)) throw new Error('empty reply');
        return null;
      })
      .catch((err) => {
        clearTimeout(timer);
        if (exiting || sender !== senderId) return null;
        finish();
        if (err && err.message === ENDED && !opts.restarted) return startAfresh(message, opts);
        place([helpCard((b) => pick(b, message, null))], opts);
        return null;
      });
  }

  // A new id, a line saying so, then what was typed again (it may be about danger), or, after
  // a button of the old conversation, the welcome.
  function startAfresh(message, opts) {
    senderId = newId();
    disableChoices(null);
    place([botText(w('new_chat'), lang)], {});
    const typed = typeof message === 'string' && message.charAt(0) !== '/';
    return request(typed ? message : cfg.greet, { restarted: true, from: opts.from });
  }
  function finish() {
    if (typing.parentNode) typing.parentNode.removeChild(typing);
  }

  // Add a reply to the log in one go (one announcement), then settle focus and scroll.
  function place(nodes, opts) {
    if (!nodes.length) return false;
    const frag = document.createDocumentFragment();
    nodes.forEach((n) => frag.appendChild(n));
    log.appendChild(frag);
    const firstButton = nodes.map((n) => n.querySelector('.cw-choices button')).filter(Boolean)[0];
    scrollToNode(nodes[0]);
    // Focus policy (docs/widget.md): after an answer given with a button, and only if
    // focus has not moved since, go to the first new answer button (its group is named
    // by the question), but only when the whole reply is in view; a longer reply (such as
    // service cards) is shown from its start and Tab goes on through it. After typing,
    // or when the panel first opens, focus stays where it is.
    if (opts.from && firstButton && document.activeElement === opts.from &&
        firstButton.getBoundingClientRect().bottom <= form.getBoundingClientRect().top) {
      firstButton.focus({ preventScroll: true });
    }
    return true;
  }

  function renderReply(msgs, opts) {
    const items = msgs.filter((m) => m && typeof m === 'object');
    const str = (v) => typeof v === 'string' && v.trim() !== '';
    // A card's plain-text copy comes just before it (Rasa splits text on blank lines, so
    // it may be several messages): show only the card.
    const drop = {};
    items.forEach((m, i) => {
      const c = m.custom;
      if (!c || c.type !== 'service_card' || !str(c.fallback_text)) return;
      const want = c.fallback_text.trim();
      let got = '';
      for (let j = i - 1; j >= 0 && str(items[j].text) && !items[j].custom && !drop[j]; j--) {
        got = got ? items[j].text.trim() + '\n\n' + got : items[j].text.trim();
        if (got === want) { for (let k = j; k < i; k++) drop[k] = true; return; }
        if (got.length >= want.length) return;
      }
    });
    const nodes = [];
    let labelId = null;
    items.forEach((m, i) => {
      if (str(m.text) && !drop[i]) {
        const b = botText(m.text, m.lang);
        labelId = b.id;
        nodes.push(b);
      }
      const c = m.custom;
      if (c && typeof c === 'object') {
        if (c.type === 'language') {
          if (langOf(c.language)) useLanguage(c.language);
        } else if (c.type === 'service_card') {
          const card = serviceCard(c);
          labelId = card.getAttribute('aria-labelledby');
          nodes.push(card);
        } else if (str(c.fallback_text)) {
          const b = botText(c.fallback_text, m.lang);
          labelId = b.id;
          nodes.push(b);
        }
      }
      const buttons = (Array.isArray(m.buttons) ? m.buttons : []).filter((b) => b && str(b.title));
      if (buttons.length) {
        nodes.push(choices(buttons, labelId, (el, btn) => pick(el, str(btn.payload) ? btn.payload : btn.title, btn.title)));
      }
    });
    return place(nodes, opts);
  }

  function onSubmit(e) {
    e.preventDefault();
    const text = input.value.trim();
    if (!text || exiting) return;
    input.value = '';
    disableChoices(null);
    send(text, {});
  }

  /* ---------------- forgetting: on Exit, and when the page goes ---------------- */
  // A beacon is sent even as the page unloads; as text/plain it needs no CORS preflight (the
  // forget route takes text/plain). Else a keepalive fetch.
  function forget(id) {
    if (!id || !contacted || !cfg.server) return;
    try {
      if (navigator.sendBeacon(cfg.server + '/webhooks/rest/forget', JSON.stringify({ sender: id }))) return;
    } catch (err) { /* no beacon */ }
    try {
      post('/webhooks/rest/forget', { sender: id }, { keepalive: true }).catch(() => {});
    } catch (err) { /* ignore */ }
  }

  // Tab closed or page left: the id lives only in this page, so nobody can come back to the
  // conversation. If the page is shown again from the cache, it starts clean (pageshow).
  let left = false;
  function onPageHide() {
    if (exiting || left || !contacted) return;
    left = true;
    forget(senderId);
  }

  /* ---------------- Exit this page ---------------- */
  function exitNow(e) {
    if (e && e.preventDefault) e.preventDefault();
    if (exiting) return;
    exiting = true;
    // 1. Hide the page at once.
    document.documentElement.classList.add('cw-exiting');
    document.title = 'Loading';
    if (document.body) document.body.appendChild(h('div', { class: 'cw-exit-overlay', role: 'alert', text: w('loading') }));
    // 2. Ask the server to forget this conversation (a beacon: sent even as the page goes).
    forget(senderId);
    // 3. Throw the conversation away.
    senderId = null;
    queue = Promise.resolve();
    while (log.firstChild) log.removeChild(log.firstChild);
    input.value = '';
    // 4. Replace this page, so Back does not return to it.
    window.location.replace(cfg.exitUrl);
  }

  const announce = (text) => { status.textContent = text; };
  function resetShift(say) {
    clearTimeout(shiftTimer);
    shiftTimer = null;
    shiftCount = 0;
    document.documentElement.removeAttribute('data-cw-shift');
    if (say) announce(say);
  }
  function onKeyUp(e) {
    if ((e.key === 'Shift' || e.keyCode === 16) && !lastKeyWasModified) {
      shiftCount += 1;
      clearTimeout(shiftTimer);
      document.documentElement.setAttribute('data-cw-shift', String(shiftCount));
      if (shiftCount >= 3) {
        resetShift(null);
        exitNow();
      } else {
        announce(shiftCount === 1 ? 'Shift, press 2 more times to exit.' : 'Shift, press 1 more time to exit.');
        shiftTimer = setTimeout(() => resetShift('Exit this page expired.'), SHIFT_TIMEOUT_MS);
      }
    } else if (shiftTimer) {
      resetShift(null);
    }
    lastKeyWasModified = e.shiftKey;
  }

  /* ---------------- start ---------------- */
  function start() {
    const body = document.body;
    // A skip link for assistive technology, unless the page already has its own exit controls.
    if (!document.querySelector('[data-chat-widget-exit]')) {
      body.insertBefore(h('a', { class: 'cw-skip', href: cfg.exitUrl, 'data-chat-widget-exit': true, rel: 'nofollow noreferrer' },
        [vh('Emergency '), 'Exit this page']), body.firstChild);
    }
    Array.prototype.forEach.call(document.querySelectorAll('[data-chat-widget-exit]'), (el) => {
      if (el !== exitBtn && !el.querySelector('.cw-dots') && !el.classList.contains('cw-skip')) el.appendChild(dots());
    });
    body.appendChild(root);
    document.addEventListener('click', (e) => {
      const t = e.target && e.target.closest && e.target.closest('[data-chat-widget-exit]');
      if (t) exitNow(e);
    }, true);
    document.addEventListener('keyup', onKeyUp, true);
    window.addEventListener('pagehide', onPageHide);
    // Shown again from the cache after Exit or leaving (forgotten): start clean, with a new id.
    window.addEventListener('pageshow', (e) => {
      if (!e.persisted || !(exiting || left)) return;
      const o = document.querySelector('.cw-exit-overlay');
      if (o) o.parentNode.removeChild(o);
      document.documentElement.classList.remove('cw-exiting');
      while (log.firstChild) log.removeChild(log.firstChild);
      queue = Promise.resolve();
      exiting = false;
      left = false;
      started = false;
      contacted = false;
      senderId = newId();
      closePanel();
    });
    // A stylesheet next to this script, unless the page links one already.
    if (!document.querySelector('link[href*="chat-widget"]') && script && script.src) {
      root.hidden = true;
      const css = h('link', { rel: 'stylesheet', href: script.src.replace(/\.js(\?.*)?$/, '.css') });
      const show = () => { root.hidden = false; };
      css.addEventListener('load', show);
      css.addEventListener('error', show);
      document.head.appendChild(css);
    }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
