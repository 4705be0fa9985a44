// One station: identity, connectors with live power and energy, commands, configuration and its
// live OCPP message log.
import { api, seg } from '../api.js';
import { card, h, replace, row, table } from '../dom.js';
import { isV2, kW, kWh, ocppVersion, time } from '../format.js';
import { subscribe } from '../live.js';
import { latest } from '../meter.js';
import { applyEvent, connectorName, stateLabel } from '../stations-model.js';
import { commandForm } from '../command-form.js';
import { configurationCard } from '../configuration-card.js';
import { messageLogCard } from '../message-log.js';
import { energyCard } from '../energy-card.js';
import { renderExternal } from './external-station.js';

export async function render(page, id) {
  const station = await api.get(`/api/v1/stations/${seg(id)}`);
  if (station.source === 'openwb') return renderExternal(page, station);
  const v2 = isV2(station.ocppVersion);
  const open = new Map(); // evseId -> open transaction with its samples

  const loadOpen = async () => {
    const list = await api.get(`/api/v1/transactions?stationId=${seg(id)}&open=true`);
    const detailed = await Promise.all(list.map(t => api.get(`/api/v1/transactions/${t.id}`)));
    open.clear();
    for (const t of detailed) open.set(t.evseId, t);
  };
  await loadOpen();

  const head = h('header', { class: 'view-head' });
  const identity = h('dl', { class: 'facts' });
  const connectors = h('div');
  const drawHead = () => replace(head,
    h('h1', {}, station.id, ' ', h('span', { class: `badge ${station.online ? 'online' : 'offline'}`, id: 'station-state', title: station.missing ?? undefined }, stateLabel(station))),
    h('p', { class: 'sub' }, `${ocppVersion(station.ocppVersion)}${station.transport ? ` over ${station.transport === 'soap' ? 'SOAP' : 'WebSocket'}` : ''}`));
  const drawIdentity = () => replace(identity, [
    ['Vendor', station.vendor], ['Model', station.model], ['Serial number', station.serialNumber ?? station.chargeBoxSerial],
    ['Firmware', station.firmwareVersion], ['Registration', station.registrationStatus], ['Account', station.account],
    ['Last boot', time(station.lastBootAt)], ['Last seen', time(station.lastSeenAt)],
    [station.connected ? 'Connected since' : 'Disconnected at', time(station.connected ? station.connectedAt : station.disconnectedAt)],
    ...(station.missing ? [['Missing', station.missing]] : []),
  ].map(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')]));
  const drawConnectors = () => {
    const columns = ['Connector', 'Status', 'Power', 'Energy', 'Transaction'];
    const rows = (station.connectors ?? []).filter(c => c.evseId > 0).map(c => {
      const tx = open.get(c.evseId);
      const now = tx ? latest(tx) : {};
      return row(columns, [
        connectorName(c, v2),
        h('span', { class: `chip status-${c.status}` }, c.status, c.errorCode && c.errorCode !== 'NoError' ? ` (${c.errorCode})` : ''),
        kW(now.powerW), kWh(now.energyWh),
        tx ? h('a', { href: `#/transactions/${tx.id}` }, `#${tx.id} · ${tx.idTag ?? ''}`) : '—',
      ], { dataset: { connector: connectorName(c, v2) } });
    });
    const whole = (station.connectors ?? []).find(c => c.evseId === 0);
    replace(connectors,
      whole ? h('p', {}, 'Station status: ', h('span', { class: `chip status-${whole.status}` }, whole.status)) : null,
      rows.length ? table('Connectors', columns, rows) : h('p', { class: 'empty' }, 'No connector has reported its status yet.'));
  };
  const draw = () => { drawHead(); drawIdentity(); drawConnectors(); };

  const config = configurationCard(station, v2);
  const log = messageLogCard(station);
  const openTransaction = () => {
    const tx = [...open.values()][0];
    return tx && (v2 ? tx.stationTransactionId : String(tx.id));
  };
  const commands = card('Send a command', commandForm(station, v2, openTransaction, action => {
    if (/Configuration|Variables|Report/.test(action)) config.reload();
  }));

  const energy = energyCard(id);
  replace(page, head, h('div', { class: 'grid' },
    card('Identity', identity), card('Connectors', connectors), energy.element, commands, log.element, config.element));
  draw();

  let reportReload;
  const onEvent = async event => {
    if (event.type === 'ocpp.frame') {
      log.add(event);
      // a 2.x configuration report arrives in NotifyReport messages after the request is answered
      if (event.inbound && event.text.includes('"NotifyReport"')) {
        clearTimeout(reportReload);
        reportReload = setTimeout(config.reload, 500);
      }
      return;
    }
    applyEvent(station, event);
    if (event.type === 'transaction.started' || event.type === 'transaction.stopped') await loadOpen();
    if (event.type === 'meter.sampled' && event.transactionId) {
      const tx = [...open.values()].find(t => t.id === event.transactionId);
      if (tx) tx.samples.push(...event.samples);
      else await loadOpen();
    }
    draw();
  };
  const resync = async () => {
    Object.assign(station, await api.get(`/api/v1/stations/${seg(id)}`));
    await loadOpen();
    draw();
  };
  const close = subscribe({ stationId: id, frames: true }, onEvent, resync);
  await Promise.all([config.reload(), log.load()]);
  return () => { close(); clearTimeout(reportReload); energy.close(); };
}
