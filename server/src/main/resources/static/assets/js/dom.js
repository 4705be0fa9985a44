// Builds DOM nodes without HTML strings, so text from stations can never become markup.

/**
 * h('a', { href: '#/x', class: 'link', onclick: fn }, 'text', child, ...). Attributes named like
 * properties (value, checked, disabled, hidden, selected) are set as properties; on* as listeners.
 */
export function h(tag, attrs = {}, ...children) {
  const el = tag.includes(':')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.split(':')[1])
    : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (PROPERTIES.has(key)) el[key] = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

const PROPERTIES = new Set(['value', 'checked', 'disabled', 'hidden', 'selected', 'textContent']);

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let ids = 0;

/** A labelled form control: label above, control, optional hint tied by aria-describedby. */
export function field(label, control, hint) {
  control.id ||= `f${++ids}`;
  const parts = [h('label', { for: control.id }, label), control];
  if (hint) {
    const hintId = `${control.id}-hint`;
    control.setAttribute('aria-describedby', hintId);
    parts.push(h('small', { id: hintId, class: 'hint' }, hint));
  }
  return h('div', { class: 'field' }, parts);
}

export function select(name, options, value, attrs = {}) {
  return h('select', { name, ...attrs }, options.map(o => {
    const [v, text] = Array.isArray(o) ? o : [o, o];
    return h('option', { value: v, selected: String(v) === String(value ?? '') }, text);
  }));
}

/** A table whose cells carry their column name, so narrow screens can show rows as cards. */
export function table(caption, columns, rows, attrs = {}) {
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'list', ...attrs },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows)));
}

export function row(columns, cells, attrs = {}) {
  return h('tr', attrs, cells.map((cell, i) => h('td', { 'data-label': columns[i] }, cell)));
}

/** A message box: kind is 'error', 'ok' or 'info'. */
export function notice(kind, ...text) {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, ...text);
}

export function card(title, ...body) {
  const headingId = `c${++ids}`;
  return h('section', { class: 'card', 'aria-labelledby': headingId }, h('h2', { id: headingId }, title), ...body);
}

/** Form values by control name; empty strings left out. */
export function values(form) {
  const out = {};
  for (const [key, value] of new FormData(form)) if (value !== '') out[key] = value;
  return out;
}
