// Meter samples as readings over time: total active power (the phase-less value, else the sum of
// the phases) and the energy register, both normalised to W and Wh.

const ENERGY = 'Energy.Active.Import.Register';
const POWER = 'Power.Active.Import';
const PHASES = new Set(['L1', 'L2', 'L3', 'L1-N', 'L2-N', 'L3-N']);

function number(s, kiloUnit) {
  const v = Number(s.value);
  if (s.signed || s.value === '' || !Number.isFinite(v)) return null;
  return s.unit === kiloUnit ? v * 1000 : v;
}

/** [{ t (epoch ms), at (ISO), powerW, registerWh }] in time order; a missing value is null. */
export function readings(samples) {
  const byTime = new Map();
  for (const s of samples ?? []) {
    const r = byTime.get(s.timestamp) ?? { at: s.timestamp, t: Date.parse(s.timestamp), phasePower: 0, phases: 0, powerW: null, registerWh: null };
    byTime.set(s.timestamp, r);
    const measurand = s.measurand ?? ENERGY;
    if (measurand === ENERGY && !s.phase) r.registerWh = number(s, 'kWh') ?? r.registerWh;
    if (measurand === POWER) {
      const w = number(s, 'kW');
      if (w === null) continue;
      if (!s.phase) r.powerW = w;
      else if (PHASES.has(s.phase)) { r.phasePower += w; r.phases++; }
    }
  }
  return [...byTime.values()]
    .map(({ at, t, powerW, registerWh, phasePower, phases }) => ({ at, t, registerWh, powerW: powerW ?? (phases ? phasePower : null) }))
    .sort((a, b) => a.t - b.t);
}

/**
 * Chart series of a transaction: energy charged so far (Wh since the start reading) and power (W).
 * Stations that report no power get the average power between energy readings instead.
 */
export function transactionSeries(tx, list = readings(tx.samples)) {
  const withEnergy = list.filter(r => r.registerWh !== null);
  const base = tx.meterStartWh ?? withEnergy[0]?.registerWh ?? 0;
  const energy = withEnergy.map(r => ({ t: r.t, v: Math.max(0, r.registerWh - base) }));
  let power = list.filter(r => r.powerW !== null).map(r => ({ t: r.t, v: r.powerW }));
  const derived = !power.length && energy.length > 1;
  if (derived) {
    power = energy.slice(1).map((p, i) => ({ t: p.t, v: Math.max(0, (p.v - energy[i].v) / ((p.t - energy[i].t) / 3_600_000)) }))
      .filter(p => Number.isFinite(p.v));
  }
  return { energy, power, derived };
}

/** The latest power (W) and energy charged (Wh) of a transaction, for the connector table. */
export function latest(tx, list = readings(tx.samples)) {
  const { energy, power } = transactionSeries(tx, list);
  return { powerW: power.at(-1)?.v ?? null, energyWh: energy.at(-1)?.v ?? null };
}
