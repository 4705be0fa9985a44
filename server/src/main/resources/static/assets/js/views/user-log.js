// A user's charging log (the sessions of the user's tags) as PDF or CSV, for any user: the admin's
// copy of what a driver downloads on its own page.
import { query } from '../api.js';
import { card, field, h, values } from '../dom.js';

export function userLogCard() {
  const pdf = h('a', { class: 'button', id: 'user-log-pdf', href: '#', 'aria-disabled': 'true' }, 'PDF');
  const csv = h('a', { class: 'button', id: 'user-log-csv', href: '#', 'aria-disabled': 'true' }, 'CSV');
  const form = h('form', { class: 'filters', id: 'user-log' },
    field('User', h('input', { name: 'username', autocomplete: 'off', required: true })),
    field('Plugged in from (day)', h('input', { type: 'date', name: 'from' })),
    field('to (day, included)', h('input', { type: 'date', name: 'to' })),
    h('div', { class: 'buttons' }, pdf, csv));
  form.addEventListener('input', () => {
    const { username, ...period } = values(form);
    for (const [link, ext] of [[pdf, 'pdf'], [csv, 'csv']]) {
      link.href = username ? `/api/v1/users/${encodeURIComponent(username)}/sessions.${ext}${query(period)}` : '#';
      link.setAttribute('aria-disabled', String(!username));
      if (username) link.setAttribute('download', `charging-log-${username}.${ext}`);
    }
  });
  return card("A user's charging log", form);
}
