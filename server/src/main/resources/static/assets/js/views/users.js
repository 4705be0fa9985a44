// Users (admins only): list, create, edit role, password, id tags and charge points, delete.
import { api, ApiError } from '../api.js';
import { card, field, h, notice, replace, row, select, table, values } from '../dom.js';
import { time } from '../format.js';

const ROLES = ['driver', 'operator', 'admin'];
const COLUMNS = ['User', 'Role', 'Id tags', 'Charge points', 'Created', ''];

const list = text => (text ?? '').split(',').map(s => s.trim()).filter(Boolean);
/** "CP-1/2" is EVSE 2 of CP-1; "CP-1" every EVSE of it. */
const chargePoint = text => {
  const slash = text.lastIndexOf('/');
  return slash < 0 ? { stationId: text, evseId: 0 } : { stationId: text.slice(0, slash), evseId: Number(text.slice(slash + 1)) };
};
const showChargePoint = c => (c.evseId === 0 ? c.stationId : `${c.stationId}/${c.evseId}`);

export async function render(page) {
  const message = h('div', { class: 'messages', 'aria-live': 'polite' });
  const listing = h('div');
  const editor = h('div');

  const act = async (what, call) => {
    try {
      await call();
      replace(message, notice('ok', what));
      showForm(null);
      await load();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      replace(message, notice('error', `Not saved: ${e.message}`));
    }
  };
  const showForm = user => replace(editor, userForm(user, (body, isNew) => isNew
    ? act(`Created ${body.username}.`, () => api.post('/api/v1/users', body))
    : act(`Saved ${user.username}.`, () => api.put(`/api/v1/users/${user.id}`, body)), () => showForm(null)));

  async function load() {
    const users = await api.get('/api/v1/users');
    replace(listing, users.length ? table('Users', COLUMNS, users.map(u => row(COLUMNS, [
      h('strong', {}, u.username), h('span', { class: 'chip' }, u.role), u.idTags.join(', ') || '—',
      u.chargePoints.map(showChargePoint).join(', ') || (u.role === 'driver' ? 'none' : 'all'), time(u.createdAt),
      h('div', { class: 'row-actions' },
        h('button', { type: 'button', class: 'small', onclick: () => showForm(u) }, 'Edit'),
        h('button', { type: 'button', class: 'small danger', onclick: () => confirm(`Delete user ${u.username}?`)
          && act(`Deleted ${u.username}.`, () => api.del(`/api/v1/users/${u.id}`)) }, 'Delete')),
    ], { dataset: { username: u.username } }))) : h('p', { class: 'empty' }, 'No users yet.'));
  }

  replace(page, h('header', { class: 'view-head' }, h('h1', {}, 'Users')), message, editor, listing);
  showForm(null);
  await load();
}

/** Create (user null) or edit form. */
function userForm(user, save, cancel) {
  const isNew = !user;
  const form = h('form', { class: 'edit' },
    field('Username', h('input', { name: 'username', required: true, maxlength: 64, value: user?.username ?? '', readonly: !isNew, autocomplete: 'off' })),
    field('Password', h('input', { type: 'password', name: 'password', required: isNew, minlength: 8, autocomplete: 'new-password' }),
      isNew ? 'At least 8 characters' : 'Empty: unchanged'),
    field('Role', select('role', ROLES, user?.role ?? 'driver'), 'Driver: own tags and charge points; operator: all but users; admin: all'),
    field('Id tags', h('input', { name: 'idTags', value: user?.idTags.join(', ') ?? '' }), 'Comma-separated; unknown tags are registered as Accepted'),
    field('Charge points', h('input', { name: 'chargePoints', value: user?.chargePoints.map(showChargePoint).join(', ') ?? '' }),
      'Comma-separated: CP-1/2 is EVSE 2 of CP-1, CP-1 all its EVSEs'),
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, isNew ? 'Create' : 'Save'),
      isNew ? null : h('button', { type: 'button', onclick: cancel }, 'Cancel')));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const v = values(form);
    save({
      username: v.username, password: v.password ?? null, role: v.role,
      idTags: list(v.idTags), chargePoints: list(v.chargePoints).map(chargePoint),
    }, isNew);
  });
  return card(isNew ? 'New user' : `Edit ${user.username}`, form);
}
