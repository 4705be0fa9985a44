// A charge point that another system runs (openWB, seen over MQTT): read-only live values from the
// site model and, where that system allows it, its charge mode. No OCPP: no commands, configuration
// or message log.
import { api, seg } from '../api.js';
import { card, field, h, notice, replace, select } from '../dom.js';
import { kW, kWh, time } from '../format.js';
import { subscribe } from '../live.js';
import { stateLabel } from '../stations-model.js';

const yesNo = v => (v === null || v === undefined ? '—' : v ? 'yes' : 'no');

export function renderExternal(page, station) {
  const facts = h('dl', { class: 'facts' });
  const mode = h('div');
  const draw = s => {
    const x = s.external ?? {};
    replace(facts, [
      ['Source', 'openWB over MQTT (read-only)'], ['State', stateLabel(s)], ['Status', s.connectors?.[0]?.status],
      ['Power', kW(x.powerW)], ['Energy', kWh(x.energyWh)], ['Plugged', yesNo(x.plugged)], ['Charging', yesNo(x.charging)],
      ['Charge mode', x.chargeMode], ['Last value', time(s.lastSeenAt)],
    ].map(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')]));
  };
  const x = station.external ?? {};
  if (x.chargeModeSetPath) {
    const status = h('p', { role: 'status' });
    const form = h('form', { class: 'inline' }, field('Mode', select('mode', x.chargeModes, x.chargeMode ?? x.chargeModes[0])),
      h('button', { type: 'submit' }, 'Set charge mode'), status);
    form.addEventListener('submit', async e => {
      e.preventDefault();
      try {
        await api.put(x.chargeModeSetPath, { mode: form.elements.mode.value });
        replace(status, notice('ok', 'Sent to openWB; shown here once openWB confirms it.'));
      } catch (err) {
        replace(status, notice('error', err.message));
      }
    });
    replace(mode, form);
  } else {
    replace(mode, h('p', { class: 'empty' }, 'Its charge mode cannot be set from here.'));
  }
  replace(page, h('header', { class: 'view-head' }, h('h1', {}, station.id, ' ',
    h('span', { class: `badge ${station.online ? 'online' : 'offline'}` }, stateLabel(station))),
  h('p', { class: 'sub' }, 'openWB charge point: read-only in Ladewerk, commands go to openWB')),
  h('div', { class: 'grid' }, card('Live values', facts), card('Charge mode', mode)));
  draw(station);
  const refresh = async () => draw(await api.get(`/api/v1/stations/${seg(station.id)}`));
  return subscribe({ types: ['site.updated'] }, refresh, refresh);
}
