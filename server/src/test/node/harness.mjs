// Shared plumbing of the strict end-to-end scripts: arguments, progress and failure reporting, the
// overall watchdog, REST calls to the central system, and JSON comparison that treats equal
// instants as equal.

import { createRequire } from 'node:module';

export const OCPP_RPC_VERSION = createRequire(import.meta.url)('ocpp-rpc/package.json').version;

/** What a script and the harness share: its arguments, the client to close on failure, the current step. */
export const run = { script: '', stationId: '', wsBase: '', httpBase: '', startedAt: Date.now(), client: null,
    closingOnPurpose: false, currentStep: 'start-up', watchdog: null };

/** Reads the arguments and arms the watchdog; call first. */
export function init(script) {
    const [wsArg, httpArg, stationId] = process.argv.slice(2);
    if (!wsArg || !httpArg || !stationId) {
        console.error(`usage: node ${script}.mjs <wsBaseUrl e.g. ws://127.0.0.1:9220/ocpp> `
            + '<httpBaseUrl e.g. http://127.0.0.1:9220> <stationId>');
        process.exit(2);
    }
    Object.assign(run, { script, stationId, wsBase: wsArg.replace(/\/+$/, ''), httpBase: httpArg.replace(/\/+$/, '') });
    run.watchdog = setTimeout(() => fail(`overall timeout of ${watchdogMs} ms exceeded`), watchdogMs);
    run.watchdog.unref();
    process.on('unhandledRejection', (e) => fail(`unhandled rejection: ${describe(e)}`));
    process.on('uncaughtException', (e) => fail(`uncaught exception: ${describe(e)}`));
    return run;
}

const apiUser = process.env.LADEWERK_API_USER ?? 'admin';
const apiPassword = process.env.LADEWERK_API_PASSWORD ?? 'admin';
const authHeader = 'Basic ' + Buffer.from(`${apiUser}:${apiPassword}`, 'utf8').toString('base64');
const watchdogMs = Number(process.env.LADEWERK_E2E_TIMEOUT_MS ?? 120_000);
const restTimeoutMs = 30_000;

export class E2EFailure extends Error {}

export function log(message) {
    process.stderr.write(`[${run.script} +${Date.now() - run.startedAt}ms] ${message}\n`);
}

/** Ends the run at once: reason on stderr, failure summary on stdout, exit code 1. */
export function fail(message) {
    process.stderr.write(`\nFAILED in step "${run.currentStep}": ${message}\n`);
    process.stdout.write(JSON.stringify({ ok: false, step: run.currentStep, error: message, stationId: run.stationId }) + '\n');
    try { run.client?.close({ force: true }); } catch { /* exiting anyway */ }
    process.exit(1);
}

export function check(condition, message) {
    if (!condition) throw new E2EFailure(message);
}

export async function step(name, body) {
    run.currentStep = name;
    log(`-> ${name}`);
    await body();
    log(`ok ${name}`);
}

export function describe(e) {
    if (e instanceof Error) {
        const code = e.rpcErrorCode ? ` [${e.rpcErrorCode}]` : '';
        const details = e.details && Object.keys(e.details).length ? ` details=${JSON.stringify(e.details)}` : '';
        return `${e.name}${code}: ${e.message}${details}`;
    }
    return String(e);
}

export const show = (v) => JSON.stringify(v);

/** Timestamps without milliseconds, so a server that re-renders them has nothing to round. */
export function iso(offsetMs = 0) {
    return new Date(Date.now() + offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
export const isDateTime = (v) => typeof v === 'string' && ISO_DATE_TIME.test(v) && Number.isFinite(Date.parse(v));

/**
 * First difference between expected and actual JSON values, or null when equal. Two date-time
 * strings are equal when they denote the same instant (a server may re-render them); anything
 * else must match exactly, including the set of object keys.
 */
export function difference(expected, actual, path = '$') {
    if (typeof expected === 'string' && typeof actual === 'string'
        && ISO_DATE_TIME.test(expected) && ISO_DATE_TIME.test(actual)) {
        return Date.parse(expected) === Date.parse(actual) ? null
            : `${path}: expected instant ${expected}, got ${actual}`;
    }
    if (Array.isArray(expected)) {
        if (!Array.isArray(actual)) return `${path}: expected an array, got ${show(actual)}`;
        if (expected.length !== actual.length) return `${path}: expected ${expected.length} items, got ${actual.length}: ${show(actual)}`;
        for (let i = 0; i < expected.length; i++) {
            const d = difference(expected[i], actual[i], `${path}[${i}]`);
            if (d) return d;
        }
        return null;
    }
    if (expected !== null && typeof expected === 'object') {
        if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${path}: expected an object, got ${show(actual)}`;
        const ek = Object.keys(expected).filter((k) => expected[k] !== undefined).sort();
        const ak = Object.keys(actual).sort();
        const missing = ek.filter((k) => !ak.includes(k));
        const extra = ak.filter((k) => !ek.includes(k));
        if (missing.length || extra.length) {
            return `${path}: keys differ (missing ${show(missing)}, unexpected ${show(extra.map((k) => `${k}=${show(actual[k])}`))})`;
        }
        for (const k of ek) {
            const d = difference(expected[k], actual[k], `${path}.${k}`);
            if (d) return d;
        }
        return null;
    }
    return Object.is(expected, actual) || expected === actual ? null
        : `${path}: expected ${show(expected)}, got ${show(actual)}`;
}

// ---------------------------------------------------------------- REST

export async function rest(method, path, body) {
    const url = run.httpBase + path;
    const init = {
        method,
        headers: { Authorization: authHeader, Accept: 'application/json' },
        signal: AbortSignal.timeout(restTimeoutMs),
    };
    if (body !== undefined) {
        init.headers['Content-Type'] = 'application/json';
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    let response;
    try {
        response = await fetch(url, init);
    } catch (e) {
        throw new E2EFailure(`${method} ${url} failed: ${describe(e)}${e?.cause ? ` (cause: ${describe(e.cause)})` : ''}`);
    }
    const text = await response.text();
    let json;
    try {
        json = text.length ? JSON.parse(text) : undefined;
    } catch {
        json = undefined;
    }
    return { status: response.status, text, json, label: `${method} ${path}` };
}

export function expectStatus(res, ...allowed) {
    check(allowed.includes(res.status),
        `${res.label}: expected HTTP ${allowed.join(' or ')}, got ${res.status}; body: ${res.text.slice(0, 2000)}`);
}

export function expectJson(res) {
    check(res.json !== undefined, `${res.label}: expected a JSON body, got: ${res.text.slice(0, 2000)}`);
    return res.json;
}

