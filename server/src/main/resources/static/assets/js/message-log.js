// A station's OCPP message log: the stored history, newest first, then live frames as they cross
// the wire. Answers are named after the call they answer (matched by message id).
import { api, seg } from './api.js';
import { card, h } from './dom.js';
import { time } from './format.js';

const KEEP = 300;
const PAGE = 100;
const KINDS = { 2: 'CALL', 3: 'RESULT', 4: 'ERROR', 5: 'SEND', 6: 'ERROR' };

function parse(inbound, at, text) {
  let frame = null;
  try { frame = JSON.parse(text); } catch { /* shown as text */ }
  const ok = Array.isArray(frame);
  return { inbound, at, text, frame, kind: ok ? KINDS[frame[0]] ?? '?' : '?', id: ok ? frame[1] : undefined };
}

export function messageLogCard(station) {
  const list = h('ol', { class: 'frames', 'aria-label': 'OCPP messages, newest first' });
  const older = h('button', { type: 'button', class: 'small', hidden: true, onclick: () => load() }, 'Show older');
  const actions = new Map(); // message id -> action of its CALL
  // a frame can come both live and in the history loaded right after; it is shown once
  const shown = new Set();
  const keyOf = new WeakMap();
  const key = m => `${m.at}|${m.inbound}|${m.text}`;
  let oldestId = null;

  const remember = m => {
    if ((m.kind === 'CALL' || m.kind === 'SEND') && m.id !== undefined) actions.set(m.id, m.frame[2]);
  };

  const entry = m => {
    const isCall = m.kind === 'CALL' || m.kind === 'SEND';
    const action = isCall ? m.frame[2] : actions.get(m.id) ?? '';
    const detail = m.kind === 'ERROR' ? `${m.frame[2]}${m.frame[3] ? `: ${m.frame[3]}` : ''}` : '';
    const direction = m.inbound ? 'from the station' : 'to the station';
    const li = h('li', { class: `frame ${m.inbound ? 'in' : 'out'} kind-${m.kind.toLowerCase()}`, dataset: { action } },
      h('details', {},
        h('summary', {},
          h('time', { datetime: m.at }, time(m.at)),
          h('span', { class: 'direction', title: direction },
            h('span', { 'aria-hidden': 'true' }, m.inbound ? '←' : '→'), h('span', { class: 'visually-hidden' }, direction)),
          h('span', { class: 'kind' }, m.kind), h('span', { class: 'action' }, action),
          detail && h('span', { class: 'detail' }, detail)),
        h('pre', {}, m.frame ? JSON.stringify(m.frame, null, 2) : m.text)));
    shown.add(key(m));
    keyOf.set(li, key(m));
    return li;
  };

  /** The next page of history (newest first), below what is shown. */
  const load = async () => {
    const frames = await api.get(`/api/v1/stations/${seg(station.id)}/messages?limit=${PAGE}${oldestId ? `&beforeId=${oldestId}` : ''}`);
    const parsed = frames.map(f => parse(f.inbound, f.at, f.frame));
    [...parsed].reverse().forEach(remember); // calls before the answers that name them
    list.append(...parsed.filter(m => !shown.has(key(m))).map(entry));
    if (frames.length) oldestId = frames.at(-1).id;
    older.hidden = frames.length < PAGE;
  };

  const add = event => {
    const m = parse(event.inbound, event.at, event.text);
    remember(m);
    if (shown.has(key(m))) return;
    list.prepend(entry(m));
    while (list.children.length > KEEP) {
      shown.delete(keyOf.get(list.lastElementChild));
      list.lastElementChild.remove();
    }
  };

  const element = card('Message log',
    h('p', { class: 'hint' }, 'OCPP frames from (←) and to (→) the station, newest first; open one to see all of it.'), list, older);
  return { element, add, load };
}
