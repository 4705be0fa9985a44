// The driver's "my charging" page: live state of the user's charge points (polled), start/stop,
// presets, sessions and the CSV/PDF log, all through the app API (/api/app/v1) with the user's log-in.
const API = '/api/app/v1';
const $ = (id) => document.getElementById(id);

function el(tag, { dataset, ...props } = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  Object.assign(node.dataset, dataset ?? {});
  for (const c of children) node.append(c);
  return node;
}

function csrf() {
  const m = document.cookie.match(/(?:^|; )XSRF-TOKEN=([^;]*)/);
  return m ? decodeURIComponent(m[1]) : '';
}

async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-XSRF-TOKEN'] = csrf();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(API + path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  const json = text ? JSON.parse(text) : null;
  if (!r.ok) throw new Error((json && json.message) || `${r.status} ${r.statusText}`);
  return json;
}

function say(id, text, error = false) {
  const p = $(id);
  p.textContent = text;
  p.classList.toggle('error', error);
}

// --- charge points (live state by polling; start/stop answered with the station's result)

function renderChargePoints(points) {
  const list = $('charge-points');
  list.replaceChildren(...points.map((cp) => {
    const state = cp.status ?? cp.state ?? 'unknown';
    const power = cp.powerW ?? cp.power;
    const energy = cp.energyWh ?? cp.energy;
    const details = [power != null ? `${(power / 1000).toFixed(1)} kW` : null, energy != null ? `${(energy / 1000).toFixed(2)} kWh` : null]
      .filter(Boolean).join(' · ');
    const act = (what) => async () => {
      try {
        const r = await call('POST', `/charge-points/${encodeURIComponent(cp.stationId)}/${cp.evseId}/${what}`);
        say('cp-message', `${what}: ${(r && (r.status ?? r.result)) ?? 'sent'}`);
      } catch (e) { say('cp-message', `${what} failed: ${e.message}`, true); }
      refreshChargePoints();
    };
    return el('li', { dataset: { station: cp.stationId, evse: cp.evseId } },
      el('div', {}, el('strong', { textContent: `${cp.stationId} / ${cp.evseId}` }), ' ', el('span', { className: 'state', textContent: state })),
      el('div', { className: 'muted', textContent: details }),
      el('button', { type: 'button', textContent: 'Start', onclick: act('start') }),
      el('button', { type: 'button', className: 'secondary', textContent: 'Stop', onclick: act('stop') }));
  }));
  if (points.length === 0) list.append(el('li', { textContent: 'No charge points are assigned to you.' }));
}

async function refreshChargePoints() {
  try {
    renderChargePoints(await call('GET', '/charge-points'));
  } catch (e) { say('cp-message', `Charge points unavailable: ${e.message}`, true); }
}

// --- presets: one fieldset for all tags, one per tag; "none" leaves that one out

const MODES = ['none', 'now', 'minpv', 'pv', 'off'];

function presetFields(label, tag, p) {
  const input = (name, type, value, attrs = {}) => el('input', { name, type, value: value ?? '', ...attrs });
  const select = el('select', { name: 'mode' }, ...MODES.map((m) => el('option', { value: m, textContent: m, selected: (p?.mode ?? 'none') === m })));
  const phases = el('select', { name: 'phases' }, ...['', '1', '3'].map((v) => el('option', { value: v, textContent: v || 'any', selected: String(p?.phases ?? '') === v })));
  return el('fieldset', { dataset: { tag: tag ?? '' } }, el('legend', { textContent: label }),
    el('label', {}, 'Mode', select),
    el('label', {}, 'Max current (A)', input('maxCurrentA', 'number', p?.maxCurrentA, { min: 6, max: 500, step: 1 })),
    el('label', {}, 'Phases', phases),
    el('label', {}, 'Target energy (kWh)', input('targetEnergyKWh', 'number', p?.targetEnergyKWh, { min: 0, step: 0.1 })),
    el('label', {}, 'Target SoC (%)', input('targetSocPercent', 'number', p?.targetSocPercent, { min: 1, max: 100, step: 1 })),
    el('label', {}, 'Departure', input('departureTime', 'time', p?.departureTime)));
}

function readPresets() {
  const presets = [];
  for (const fs of $('presets').querySelectorAll('fieldset')) {
    const v = (n) => fs.querySelector(`[name=${n}]`).value;
    if (v('mode') === 'none') continue;
    const num = (n) => (v(n) === '' ? undefined : Number(v(n)));
    presets.push({ idTag: fs.dataset.tag || undefined, mode: v('mode'), maxCurrentA: num('maxCurrentA'), phases: num('phases'),
      targetEnergyKWh: num('targetEnergyKWh'), targetSocPercent: num('targetSocPercent'), departureTime: v('departureTime') || undefined });
  }
  return presets;
}

async function loadPresets(tags) {
  const presets = await call('GET', '/presets');
  const byTag = new Map(presets.map((p) => [p.idTag ?? '', p]));
  const allTags = [...new Set([...tags, ...presets.filter((p) => p.idTag).map((p) => p.idTag)])];
  $('presets').replaceChildren(presetFields('All my tags', null, byTag.get('')),
    ...allTags.map((t) => presetFields(`Tag ${t}`, t, byTag.get(t))),
    el('button', { type: 'submit', textContent: 'Save presets' }));
}

// --- sessions and the log download

function renderSessions(page) {
  const sessions = Array.isArray(page) ? page : (page?.items ?? page?.content ?? []);
  $('sessions').replaceChildren(...sessions.map((s) => el('li', {},
    `${new Date(s.pluggedInAt).toLocaleString()} · ${s.stationId}/${s.evseId} · `
    + `${s.energyWh != null ? (s.energyWh / 1000).toFixed(2) + ' kWh' : '–'}${s.open ? ' · running' : ''}`)));
}

function updateLogLinks() {
  const form = $('log');
  const q = new URLSearchParams();
  for (const n of ['from', 'to']) if (form.elements[n].value) q.set(n, form.elements[n].value);
  const suffix = q.toString() ? `?${q}` : '';
  $('csv').href = `${API}/sessions.csv${suffix}`;
  $('pdf').href = `${API}/sessions.pdf${suffix}`;
}

async function start() {
  let tags = [];
  try {
    const me = await call('GET', '/me');
    $('who').textContent = me.username;
    tags = me.idTags ?? [];
  } catch { /* shown by the sections that fail */ }
  $('presets').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await call('PUT', '/presets', readPresets());
      // the form is rebuilt from what was stored before it says so: edits made after the message stay
      await loadPresets(tags);
      say('preset-message', 'Presets saved.');
    } catch (e) { say('preset-message', e.message, true); }
  });
  $('log').addEventListener('input', updateLogLinks);
  loadPresets(tags).catch((e) => say('preset-message', `Presets unavailable: ${e.message}`, true));
  call('GET', '/sessions?limit=20').then(renderSessions).catch(() => renderSessions([]));
  refreshChargePoints();
  setInterval(() => { if (!document.hidden) refreshChargePoints(); }, 5000);
}

start();
