// Id tags: list with search, create, edit, block or unblock, delete.
import { api, ApiError, query, seg } from '../api.js';
import { card, field, h, notice, replace, row, select, table, values } from '../dom.js';
import { fromLocalInput, time, toLocalInput } from '../format.js';

const STATUSES = ['Accepted', 'Blocked', 'Expired', 'Invalid'];
const COLUMNS = ['Id tag', 'Status', 'Expires', 'Parent', 'Active / max', 'Note', ''];

export async function render(page, _, params) {
  const message = h('div', { class: 'messages', 'aria-live': 'polite' });
  const listing = h('div');
  const search = h('form', { class: 'filters', role: 'search' },
    field('Search', h('input', { type: 'search', name: 'q', value: params.get('q') ?? '' })),
    field('Status', select('status', [['', 'Any'], ...STATUSES], params.get('status'))),
    h('div', { class: 'buttons' }, h('button', { type: 'submit' }, 'Search')));
  search.addEventListener('submit', e => { e.preventDefault(); location.hash = `#/id-tags${query(values(search))}`; });

  const editor = h('div');
  const showForm = tag => replace(editor, tagForm(tag, async (change, isNew) => {
    try {
      if (isNew) await api.post('/api/v1/id-tags', change);
      else await api.put(`/api/v1/id-tags/${seg(change.idTag)}`, change);
      replace(message, notice('ok', `Saved ${change.idTag}.`));
      showForm(null);
      await load();
    } catch (e) {
      replace(message, notice('error', e.status === 409 ? `${change.idTag} exists already.` : `Not saved: ${e.message}`));
    }
  }, () => showForm(null)));

  const act = async (what, call) => {
    try {
      await call();
      replace(message, notice('ok', what));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      replace(message, notice('error', `${what} failed: ${e.message}`));
    }
    await load();
  };

  async function load() {
    const tags = await api.get(`/api/v1/id-tags${query({ q: params.get('q'), status: params.get('status') })}`);
    replace(listing, tags.length ? table('Id tags', COLUMNS, tags.map(t => row(COLUMNS, [
      h('strong', {}, t.idTag), h('span', { class: `chip tag-${t.status}` }, t.status), time(t.expiryDate), t.parentIdTag ?? '—',
      `${t.activeTransactions} / ${t.maxActiveTransactions}`, t.note ?? '',
      h('div', { class: 'row-actions' },
        h('button', { type: 'button', class: 'small', onclick: () => showForm(t) }, 'Edit'),
        t.status === 'Blocked'
          ? h('button', { type: 'button', class: 'small', onclick: () => act(`Unblocked ${t.idTag}.`, () => api.post(`/api/v1/id-tags/${seg(t.idTag)}/unblock`)) }, 'Unblock')
          : h('button', { type: 'button', class: 'small', onclick: () => act(`Blocked ${t.idTag}.`, () => api.post(`/api/v1/id-tags/${seg(t.idTag)}/block`)) }, 'Block'),
        h('button', { type: 'button', class: 'small danger', onclick: () => confirm(`Delete id tag ${t.idTag}?`) && act(`Deleted ${t.idTag}.`, () => api.del(`/api/v1/id-tags/${seg(t.idTag)}`)) }, 'Delete')),
    ], { dataset: { idTag: t.idTag } }))) : h('p', { class: 'empty' }, 'No id tag matches.'));
  }

  replace(page, h('header', { class: 'view-head' }, h('h1', {}, 'Id tags')), message, editor, search, listing);
  showForm(null);
  await load();
}

/** Create (tag null) or edit form. */
function tagForm(tag, save, cancel) {
  const isNew = !tag;
  const form = h('form', { class: 'edit' },
    field('Id tag', h('input', { name: 'idTag', required: true, maxlength: 20, value: tag?.idTag ?? '', readonly: !isNew, autocomplete: 'off' })),
    field('Status', select('status', STATUSES, tag?.status ?? 'Accepted')),
    field('Expires', h('input', { type: 'datetime-local', name: 'expiryDate', value: toLocalInput(tag?.expiryDate) }), 'Empty: never'),
    field('Parent id tag', h('input', { name: 'parentIdTag', maxlength: 20, value: tag?.parentIdTag ?? '' })),
    field('Most transactions at once', h('input', { type: 'number', name: 'maxActiveTransactions', min: 1, value: tag?.maxActiveTransactions ?? 1 })),
    field('Note', h('input', { name: 'note', value: tag?.note ?? '' })),
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, isNew ? 'Create' : 'Save'),
      isNew ? null : h('button', { type: 'button', onclick: cancel }, 'Cancel')));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const v = values(form);
    save({
      idTag: v.idTag, status: v.status, expiryDate: fromLocalInput(v.expiryDate), parentIdTag: v.parentIdTag ?? null,
      maxActiveTransactions: v.maxActiveTransactions ? Number(v.maxActiveTransactions) : null, note: v.note ?? null,
    }, isNew);
  });
  return card(isNew ? 'New id tag' : `Edit ${tag.idTag}`, form);
}
