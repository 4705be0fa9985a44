// One transaction: its facts, an energy and power chart from the meter values (live while open),
// and the samples themselves.
import { api } from '../api.js';
import { card, h, replace, row, table } from '../dom.js';
import { duration, isV2, kWh, time } from '../format.js';
import { subscribe } from '../live.js';
import { transactionChart } from '../chart.js';
import { transactionSeries } from '../meter.js';
import { connectorName } from '../stations-model.js';

const SAMPLE_COLUMNS = ['Time', 'Measurand', 'Phase', 'Value', 'Unit', 'Context'];

export async function render(page, id) {
  let tx = await api.get(`/api/v1/transactions/${id}`);
  const station = await api.get(`/api/v1/stations/${encodeURIComponent(tx.stationId)}`).catch(() => null);
  const facts = h('dl', { class: 'facts' });
  const chart = h('div');
  const samples = h('div');
  const badge = h('span', { class: 'badge' });

  const draw = () => {
    badge.className = `badge ${tx.open ? 'online' : 'offline'}`;
    badge.textContent = tx.open ? 'Open' : 'Closed';
    replace(facts, [
      ['Station', h('a', { href: `#/stations/${encodeURIComponent(tx.stationId)}` }, tx.stationId)],
      ['Connector', connectorName(tx, isV2(station?.ocppVersion))],
      ['Id tag', tx.idTag], ['Authorization', tx.authorizationStatus],
      ['Station’s transaction id', tx.stationTransactionId],
      ['Started', time(tx.startAt)], ['Stopped', time(tx.stopAt)], ['Duration', duration(tx.startAt, tx.stopAt)],
      ['Meter start', kWh(tx.meterStartWh)], [tx.open ? 'Meter now' : 'Meter stop', kWh(tx.meterStopWh)],
      // implausible readings give no energy rather than a negative one
      ['Energy', kWh(tx.energyWh ?? (tx.anomalies?.length ? null : transactionSeries(tx).energy.at(-1)?.v))],
      ['Stop reason', tx.staleCause ? `${tx.stopReason} (${tx.staleCause})` : tx.stopReason],
      ...(tx.anomalies?.length ? [['Anomalies', tx.anomalies.join(', ')]] : []),
    ].map(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')]));
    replace(chart, transactionChart(transactionSeries(tx)));
    replace(samples, h('details', {}, h('summary', {}, `${tx.samples.length} meter samples`),
      table('Meter samples', SAMPLE_COLUMNS, tx.samples.map(s =>
        row(SAMPLE_COLUMNS, [time(s.timestamp), s.measurand, s.phase ?? '', s.value, s.unit ?? '', s.context ?? ''])))));
  };

  replace(page,
    h('header', { class: 'view-head' }, h('h1', {}, `Transaction #${tx.id} `, badge)),
    h('div', { class: 'grid' }, card('Details', facts), card('Energy and power', chart), card('Meter values', samples)));
  draw();
  if (!tx.open) return undefined;

  const onEvent = async event => {
    if (event.type === 'meter.sampled' && event.transactionId === tx.id) {
      tx.samples.push(...event.samples);
      draw();
    } else if (event.type === 'transaction.stopped' && event.transactionId === tx.id) {
      tx = await api.get(`/api/v1/transactions/${id}`);
      draw();
    }
  };
  return subscribe({ stationId: tx.stationId }, onEvent, async () => { tx = await api.get(`/api/v1/transactions/${id}`); draw(); });
}
