// A small stand-in for Rasa's REST channel, for the browser tests and screenshots.
//   POST /webhooks/rest/webhook  {"sender","message"} -> [ {recipient_id, text?, buttons?, custom?} ]
//   POST /webhooks/rest/forget   {"sender"}           -> {}
// It records every request (so tests can check what the widget sent, and as what Content-Type),
// answers CORS preflights, and has modes: "normal", "slow" (waits `delayMs`), "error" (HTTP 500),
// "empty" (returns []), "broken" (returns invalid JSON). stop()/start() on the same port.
// refuseNext(status, body): the next webhook request gets that answer instead, as the real
// channel answers a forgotten conversation (410) or one over its message cap (429).
import http from 'node:http';

export const CARD_HELPLINE = {
  type: 'service_card',
  id: 'helpline',
  name: 'Modern Slavery & Exploitation Helpline',
  reason: 'They can talk it through with you and tell you what can be done.',
  phones: [{ label: 'Call free', display: '08000 121 700', tel: 'tel:+448000121700' }], // as actions/routing/render.py sends it
  other_ways: [
    { label: 'Report online', url: 'https://www.modernslaveryhelpline.org/report' },
    { label: 'Bad link', url: 'javascript:alert(1)' },
    { label: 'Plain link', url: 'http://example.com/insecure', detail: 'not https' }
  ],
  hours: '24 hours a day, every day',
  open_now: true,
  open_status: 'Open now',
  anonymous: 'You do not have to give your name.',
  what_happens: 'A trained adviser listens and explains your choices. They can use an interpreter.',
  fallback_text: 'Modern Slavery & Exploitation Helpline: 08000 121 700. Open 24 hours.'
};

export const CARD_FRONT_DOOR = {
  type: 'service_card',
  id: 'front_door',
  name: 'Front Door for Families',
  reason: 'You said the person might be under 18.',
  phones: [
    { label: 'Weekdays', display: '01273 290400', tel: '+441273290400' },
    { label: 'Out of hours', display: '01273 335905', tel: '+441273335905' },
    { label: 'Broken', display: 'not a number', tel: 'javascript:alert(1)' }
  ],
  other_ways: [],
  hours: 'Monday to Friday, 9am to 5pm',
  open_now: false,
  open_status: 'Closed now. Out of hours, call 01273 335905.',
  anonymous: true,
  what_happens: 'A social worker talks to you about the child.',
  // Two paragraphs: Rasa sends them as two text messages before the card.
  fallback_text: 'Front Door for Families: 01273 290400, Monday to Friday 9am to 5pm.\n\nOut of hours: 01273 335905.'
};

const yesNo = (prefix) => [
  { title: 'Yes', payload: `/${prefix}_yes` },
  { title: 'No', payload: `/${prefix}_no` },
  { title: 'Not sure', payload: `/${prefix}_unsure` }
];
const NEXT = [
  { title: 'Spot the signs', payload: '/signs' },
  { title: 'Start again', payload: '/restart' }
];

/** The scripted conversation, as Rasa's REST channel would send it: like Rasa's
 * CollectingOutputChannel, text is split on blank lines into separate messages. */
export function script(message, sender) {
  return conversation(message, sender).flatMap((m) => {
    if (typeof m.text !== 'string' || !m.text.includes('\n\n')) return [m];
    const parts = m.text.split('\n\n');
    return parts.map((text, i) => (i === parts.length - 1 ? Object.assign({}, m, { text }) : { recipient_id: m.recipient_id, text }));
  });
}

function conversation(message, sender) {
  const m = (o) => Object.assign({ recipient_id: sender }, o);
  switch (message) {
    case '/greet':
    case '/restart':
      return [
        m({ text: 'Hello. This chat can help if you are worried about modern slavery, for you or someone else.\nIt is anonymous. Nothing is saved. To leave quickly, use Exit this page.' }),
        m({ text: 'Is anyone in danger right now?', buttons: yesNo('danger') })
      ];
    case '/danger_yes':
      return [
        m({ text: 'Please call 999 now. If you cannot speak: call 999 and listen.' }),
        m({ text: 'When you are safe, we can carry on. Is this about you, or someone else?', buttons: [
          { title: 'Me', payload: '/about_me' }, { title: 'Someone else', payload: '/about_other' }] })
      ];
    case '/danger_no':
    case '/danger_unsure':
      return [m({ text: 'Is this about you, or someone else?', buttons: [
        { title: 'Me', payload: '/about_me' }, { title: 'Someone else', payload: '/about_other' }] })];
    case '/about_me':
    case '/about_other':
      return [m({ text: 'Is the person under 18?', buttons: [
        { title: 'Under 18', payload: '/age_child' },
        { title: '18 or over', payload: '/age_adult' },
        { title: 'Not sure', payload: '/age_unsure' }] })];
    case '/age_child':
    case '/age_adult':
    case '/age_unsure':
      return [
        m({ text: 'Thank you. Here is who can help. You can call them now or later.' }),
        m({ text: CARD_HELPLINE.fallback_text }),
        m({ custom: CARD_HELPLINE }),
        m({ text: CARD_FRONT_DOOR.fallback_text }),
        m({ custom: CARD_FRONT_DOOR }),
        m({ custom: { type: 'poll', question: 'never shown' } }),
        m({ custom: { type: 'future_thing', fallback_text: 'A future message type, shown as text.' } }),
        m({ text: 'What would you like to do next?', buttons: NEXT })
      ];
    case '/signs':
      return [m({ text: 'Signs can include: not being free to leave, someone else holding their passport, and little or no pay.', buttons: NEXT })];
    case 'links please':
      return [m({ text: 'Safe: [the Helpline](https://www.modernslaveryhelpline.org/) or https://www.gov.uk/report-modern-slavery. ' +
        'Call [08000 121 700](tel:+448000121700). Unsafe: [click me](javascript:alert(1)) and [insecure](http://example.com/) ' +
        'and <img src=x id=injected> <b>bold</b> <a href="/evil">html link</a>' })];
    case '/unknown_only':
      return [m({ custom: { type: 'poll' } })];
    default:
      return [m({ text: 'Thank you for telling me. I can help you find the right service. Is anyone in danger right now?', buttons: yesNo('danger') })];
  }
}

export class StubRasa {
  constructor() {
    this.requests = []; // {path, method, origin, type, body}
    this.refusals = [];
    this.mode = 'normal';
    this.delayMs = 0;
    this.port = 0;
    this.server = null;
  }

  get url() { return `http://127.0.0.1:${this.port}`; }

  /** Messages the widget sent to the webhook (in order). */
  get messages() { return this.posts('/webhooks/rest/webhook').map((r) => r.body); }
  get forgets() { return this.posts('/webhooks/rest/forget').map((r) => r.body); }
  /** The POST requests to a path, whole (method, origin, type, body). */
  posts(path) { return this.requests.filter((r) => r.path === path && r.method === 'POST'); }
  /** The CORS preflights the browser sent for a path. */
  preflights(path) { return this.requests.filter((r) => r.path === path && r.method === 'OPTIONS'); }

  setMode(mode, delayMs = 0) { this.mode = mode; this.delayMs = delayMs; }

  refuseNext(status, body) { this.refusals.push({ status, body }); }

  async start(port = this.port) {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', resolve);
    });
    this.port = this.server.address().port;
    return this;
  }

  async stop() {
    if (!this.server) return;
    const s = this.server;
    this.server = null;
    s.closeAllConnections();
    await new Promise((resolve) => s.close(() => resolve()));
  }

  handle(req, res) {
    const cors = {
      'Access-Control-Allow-Origin': req.headers.origin || '*',
      'Access-Control-Allow-Methods': 'POST, OPTIONS',
      'Access-Control-Allow-Headers': 'Content-Type',
      'Access-Control-Max-Age': '5',
      Vary: 'Origin'
    };
    if (req.method === 'OPTIONS') {
      this.requests.push({ path: req.url.split('?')[0], method: 'OPTIONS', origin: req.headers.origin || null, type: null, cookie: req.headers.cookie || null, body: null });
      res.writeHead(204, cors);
      res.end();
      return;
    }
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      let body = null;
      try { body = JSON.parse(raw); } catch { body = raw; }
      const path = req.url.split('?')[0];
      this.requests.push({ path, method: req.method, origin: req.headers.origin || null, type: req.headers['content-type'] || null, cookie: req.headers.cookie || null, body });
      const reply = (status, payload) => {
        if (res.destroyed) return;
        res.writeHead(status, Object.assign({ 'Content-Type': 'application/json' }, cors));
        res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
      };
      if (req.method !== 'POST') return reply(405, { error: 'POST only' });
      if (path === '/webhooks/rest/forget') return reply(200, {});
      if (path !== '/webhooks/rest/webhook') return reply(404, { error: 'not found' });
      if (this.refusals.length) {
        const refusal = this.refusals.shift();
        return reply(refusal.status, refusal.body);
      }
      const answer = () => {
        if (this.mode === 'error') return reply(500, { error: 'boom' });
        if (this.mode === 'empty') return reply(200, []);
        if (this.mode === 'broken') return reply(200, '<html>not json');
        const sender = body && body.sender;
        return reply(200, script(body && body.message, sender));
      };
      if (this.mode === 'slow') setTimeout(answer, this.delayMs);
      else answer();
    });
  }
}

// Run on its own for manual testing: node tests/browser/stub_rasa.mjs [port]
if (import.meta.url === `file://${process.argv[1]}`) {
  const stub = await new StubRasa().start(Number(process.argv[2] || 5005));
  console.log(`stub Rasa listening on ${stub.url}`);
}
