// Numbers and times for people: times in the browser's own time zone (Intl), energy in kWh, power in kW.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const decimal = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

export const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

export function time(iso) {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

/** "3 minutes ago", for last-seen columns; the exact time goes in the title. */
export function ago(iso, now = Date.now()) {
  if (!iso) return 'never';
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return relative.format(seconds, 'second');
  if (abs < 2700) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 79200) return relative.format(Math.round(seconds / 3600), 'hour');
  return relative.format(Math.round(seconds / 86400), 'day');
}

export function kWh(wh) {
  return wh === null || wh === undefined ? '—' : `${decimal.format(wh / 1000)} kWh`;
}

export function kW(w) {
  return w === null || w === undefined ? '—' : `${decimal.format(w / 1000)} kW`;
}

export function duration(fromIso, toIso) {
  if (!fromIso) return '—';
  const minutes = Math.max(0, Math.round(((toIso ? new Date(toIso) : new Date()) - new Date(fromIso)) / 60000));
  return minutes < 60 ? `${integer.format(minutes)} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Value for an <input type="datetime-local"> (browser time) from an ISO instant. */
export function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = n => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** ISO instant (UTC) from an <input type="datetime-local"> value, which is browser time. */
export function fromLocalInput(value) {
  return value ? new Date(value).toISOString() : undefined;
}

export function ocppVersion(subprotocol) {
  return subprotocol ? subprotocol.replace(/^ocpp/, 'OCPP ') : 'not connected yet';
}

/** True for OCPP 2.0.1 and 2.1 stations, whose commands and device model differ from 1.x. */
export function isV2(subprotocol) {
  return typeof subprotocol === 'string' && subprotocol.startsWith('ocpp2');
}
