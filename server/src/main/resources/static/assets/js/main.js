// The dashboard shell: hash routes (#/stations/CP-1) to views. A view renders into its page and may
// return a cleanup function (closing its live stream) that runs when the route changes.
import { csrfToken } from './api.js';
import { h, notice, replace } from './dom.js';
import { timeZone } from './format.js';
import * as stations from './views/stations.js';
import * as station from './views/station.js';
import * as transactions from './views/transactions.js';
import * as transaction from './views/transaction.js';
import * as chargingSessions from './views/charging-sessions.js';
import * as idTags from './views/id-tags.js';
import * as reservations from './views/reservations.js';
import * as profiles from './views/charging-profiles.js';
import * as meters from './views/meters.js';
import * as meter from './views/meter.js';
import * as site from './views/site.js';
import * as users from './views/users.js';

const routes = [
  [/^\/stations$/, stations],
  [/^\/stations\/([^/]+)$/, station],
  [/^\/transactions$/, transactions],
  [/^\/transactions\/(\d+)$/, transaction],
  [/^\/charging-sessions$/, chargingSessions],
  [/^\/id-tags$/, idTags],
  [/^\/reservations$/, reservations],
  [/^\/charging-profiles$/, profiles],
  [/^\/meters$/, meters],
  [/^\/meters\/([^/]+)$/, meter],
  [/^\/site$/, site],
  [/^\/users$/, users],
];

const view = document.getElementById('view');
let cleanup = null;
let generation = 0;

async function route() {
  const [path, search = ''] = location.hash.replace(/^#/, '').split('?');
  if (!path) return location.replace('#/stations');
  cleanup?.();
  cleanup = null;
  const mine = ++generation;
  for (const link of document.querySelectorAll('header nav a')) {
    const current = path.startsWith(link.getAttribute('href').slice(1));
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const match = routes.map(([pattern, module]) => [pattern.exec(path), module]).find(([m]) => m);
  if (!match) return replace(view, notice('error', 'There is no such page. '), h('a', { href: '#/stations' }, 'Go to the stations.'));
  const [m, module] = match;
  const params = new URLSearchParams(search);
  // each route renders into its own container, so a slow view that finishes late stays detached
  const page = h('div', { class: 'page' }, h('p', { class: 'loading' }, 'Loading…'));
  replace(view, page);
  try {
    const done = await module.render(page, decodeURIComponent(m[1] ?? ''), params);
    // the route may have changed while this view loaded
    if (mine === generation) cleanup = done ?? null;
    else done?.();
  } catch (e) {
    replace(page, notice('error', `Could not load this page: ${e.message}`));
  }
  if (mine > 1) view.focus({ preventScroll: true });
}

document.getElementById('zone').textContent = timeZone;
document.getElementById('logout').addEventListener('submit', e => {
  e.target.elements._csrf.value = csrfToken();
});
// pages for admins only (users) are shown to admins only; the API refuses them to others anyway
fetch('/api/app/v1/me', { headers: { Accept: 'application/json', 'X-Requested-With': 'fetch' } })
  .then(r => (r.ok ? r.json() : null))
  .then(me => { for (const link of document.querySelectorAll('[data-role="admin"]')) link.hidden = me?.role !== 'admin'; });
window.addEventListener('hashchange', route);
route();
