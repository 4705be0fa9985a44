// The energy manager's allocation as a card: per EVSE its mode (changed in place), currents, what it
// draws, the limit it was given and why. Decisions change once per control interval, so the card
// asks the API every few seconds instead of listening to the event stream.
import { api, seg } from './api.js';
import { h, notice, replace, row, select, table } from './dom.js';
import { kW, time } from './format.js';

const MODES = [['off', 'off'], ['now', 'now'], ['minpv', 'min + PV'], ['pv', 'PV only']];
const COLUMNS = ['EVSE', 'Mode', 'Min–max', 'Priority', 'Power', 'Limit', 'Why'];
const REFRESH_MS = 5000;

function limit(e) {
  if (e.limitA === null || e.limitA === undefined) return '—';
  const pending = e.sentLimitA !== e.limitA ? ' (sending)' : '';
  return `${e.limitA.toFixed(1)} A × ${e.phases}${pending}`;
}

/** stationId: only that station's EVSEs (station page); null: all (site page). Returns { element, close }. */
export function energyCard(stationId) {
  const body = h('div', {}, h('p', { class: 'loading' }, 'Loading…'));
  const status = h('p', { class: 'sub' });
  const message = h('div', { 'aria-live': 'polite' });

  const modeControl = e => {
    const control = select('mode', MODES, e.mode, { 'aria-label': `Mode of ${e.stationId} EVSE ${e.evseId}`, 'data-mode': `${e.stationId}/${e.evseId}` });
    control.addEventListener('change', async () => {
      try {
        await api.put(`/api/v1/stations/${seg(e.stationId)}/evses/${e.evseId}/mode`, { mode: control.value });
        replace(message, notice('ok', `${e.stationId} EVSE ${e.evseId}: mode ${control.value}, applied at the next control round.`));
      } catch (err) {
        replace(message, notice('error', `Mode not changed: ${err.message}`));
      }
    });
    return control;
  };

  const load = async () => {
    const a = await api.get('/api/v1/energy/allocation');
    const evses = a.evses.filter(e => !stationId || e.stationId === stationId);
    replace(status, [
      a.enabled ? 'The energy manager is on' : 'The energy manager is off (ladewerk.energy.enabled); modes are stored and used once it is on',
      a.siteLimitA > 0 ? ` · site limit ${a.siteLimitA} A per phase` : ' · no site limit',
      a.surplusW !== null ? ` · surplus ${kW(a.surplusW)}` : '',
    ].join(''));
    if (!evses.length) return replace(body, h('p', { class: 'empty' }, 'No EVSE has reported yet.'));
    replace(body, table('Energy allocation', COLUMNS, evses.map(e => row(COLUMNS, [
      stationId ? `EVSE ${e.evseId}` : h('a', { href: `#/stations/${seg(e.stationId)}` }, `${e.stationId} / ${e.evseId}`),
      modeControl(e),
      `${e.minCurrentA}–${e.maxCurrentA} A${e.phaseSwitching ? ', 1/3 phases' : ''}`,
      String(e.priority),
      e.online ? kW(e.drawnW) : 'offline',
      limit(e),
      e.reason ? h('span', { title: e.decidedAt ? `decided ${time(e.decidedAt)}` : undefined },
        h('span', { class: `chip reason-${e.reason}` }, e.reason), ' ', e.detail ?? '') : '—',
    ], { dataset: { evse: `${e.stationId}/${e.evseId}` } }))));
  };

  const element = h('section', { class: 'card wide', 'aria-labelledby': 'energy-allocation' },
    h('h2', { id: 'energy-allocation' }, 'Energy manager'), status, message, body);
  const refresh = () => load().catch(err => replace(body, notice('error', `Could not load the allocation: ${err.message}`)));
  refresh();
  // a select being changed is not redrawn under the user's hand
  const timer = setInterval(() => { if (!element.contains(document.activeElement) || document.activeElement.tagName !== 'SELECT') refresh(); }, REFRESH_MS);
  return { element, close: () => clearInterval(timer) };
}
