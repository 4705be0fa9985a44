// Consented Linky meters with their import state, and the way to add one: the consent at Enedis.
import { api } from '../api.js';
import { card, h, replace, row, table } from '../dom.js';
import { ago, time } from '../format.js';

const COLUMNS = ['Usage point', 'Owner', 'State', 'Last import', 'Next import', 'Last error'];

export const STATUS = { ACTIVE: 'Importing', CONSENT_REVOKED: 'Consent withdrawn', CONSENT_EXPIRED: 'Consent expired' };

export async function render(page) {
  const meters = await api.get('/api/v1/meters');
  replace(page,
    h('header', { class: 'view-head' }, h('h1', {}, 'Meters'),
      // a navigation, not a fetch: the server answers with a redirect to Enedis' consent page
      h('a', { class: 'button primary', href: '/api/v1/meters/linky/consent' }, 'Connect a Linky meter')),
    card('Linky meters', meters.length
      ? table('Linky meters', COLUMNS, meters.map(m => row(COLUMNS, [
        h('a', { href: `#/meters/${encodeURIComponent(m.usagePointId)}` }, m.usagePointId),
        m.owner,
        h('span', { class: `badge ${m.status === 'ACTIVE' ? 'online' : 'offline'}` }, STATUS[m.status] ?? m.status),
        h('span', { title: time(m.lastImportAt) }, ago(m.lastImportAt)),
        time(m.nextImportAt),
        m.lastError ?? '',
      ], { 'data-usage-point': m.usagePointId })))
      : h('p', { class: 'empty' }, 'No meter yet. Connect one: Enedis asks its holder for consent, then its data is imported here.')));
}
