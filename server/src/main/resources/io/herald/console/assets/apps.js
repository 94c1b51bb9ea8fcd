// The apps: a searchable list with live connection counts (polled), and for admin tokens a
// form to create one, enable/disable and delete (typing the app's id to confirm).
import { h, mount } from './dom.js';
import { api, session, ApiError } from './api.js';

export function appsPage({ main, onExpired }) {
  const search = h('input', { type: 'search', id: 'search', placeholder: 'Search by id or key' });
  const rows = h('tbody', {});
  const message = h('p', { class: 'message', id: 'apps-message', role: 'status' });
  let apps = [];
  // While a delete waits for its typed confirmation, the list is not drawn again under it.
  let confirming = false;

  const failed = (e) => {
    if (e instanceof ApiError && e.status === 401) { stop(); onExpired(); return; }
    message.className = 'message error';
    message.textContent = e.message;
  };
  const told = (text) => { message.className = 'message'; message.textContent = text; };

  function render() {
    const term = search.value.trim().toLowerCase();
    const shown = apps.filter((app) => !term || app.id.toLowerCase().includes(term) || app.key.toLowerCase().includes(term));
    mount(rows, shown.map((app) => h('tr', { 'data-app': app.id },
      h('td', {}, h('a', { href: `#/apps/${encodeURIComponent(app.id)}` }, app.id)),
      h('td', {}, app.key),
      h('td', {}, h('span', { class: app.enabled ? 'state ready' : 'state disabled' }, app.enabled ? 'enabled' : 'disabled')),
      h('td', { class: 'num connections' }, app.connections),
      h('td', { class: 'num' }, app.max_connections || '∞'),
      h('td', {}, app.client_events ? 'on' : 'off'),
      h('td', { class: 'actions' },
        h('a', { href: `#/apps/${encodeURIComponent(app.id)}/debug`, class: 'button' }, 'Debug'),
        session.mayChange && h('button', { class: 'toggle', onclick: () => toggle(app) }, app.enabled ? 'Disable' : 'Enable'),
        session.mayChange && h('button', { class: 'danger delete', onclick: (event) => confirmDelete(app, event.target) }, 'Delete')))));
  }

  async function load() {
    try {
      apps = (await api('GET', '/apps')).apps;
      if (!confirming) render();
    } catch (e) {
      failed(e);
    }
  }

  async function toggle(app) {
    try {
      await api('POST', `/apps/${encodeURIComponent(app.id)}/${app.enabled ? 'disable' : 'enable'}`);
      told(`App ${app.id} ${app.enabled ? 'disabled' : 'enabled'}`);
      load();
    } catch (e) {
      failed(e);
    }
  }

  function confirmDelete(app, button) {
    const typed = h('input', { type: 'text', class: 'confirm-id', placeholder: app.id, 'aria-label': `Type ${app.id} to delete it` });
    const go = h('button', { class: 'danger confirm-delete', disabled: true, onclick: async () => {
      try {
        await api('DELETE', `/apps/${encodeURIComponent(app.id)}`);
        told(`App ${app.id} deleted`);
      } catch (e) {
        failed(e);
      }
      confirming = false;
      load();
    } }, 'Delete for good');
    const cancel = h('button', { class: 'cancel', onclick: () => { confirming = false; render(); } }, 'Cancel');
    confirming = true;
    typed.addEventListener('input', () => { go.disabled = typed.value !== app.id; });
    button.replaceWith(h('span', { class: 'confirm' }, 'Type the id: ', typed, go, cancel));
    typed.focus();
  }

  const form = session.mayChange && createForm(async (body) => {
    try {
      const created = await api('POST', '/apps', body);
      told(`App ${created.id} created`);
      load();
      location.hash = `#/apps/${encodeURIComponent(created.id)}`;
    } catch (e) {
      failed(e);
    }
  });

  search.addEventListener('input', render);
  mount(main, h('h2', {}, 'Apps'), message, search,
    h('table', { id: 'apps' }, h('thead', {}, h('tr', {},
      ['Id', 'Key', 'State', 'Connections', 'Max connections', 'Client events', ''].map((t) => h('th', {}, t)))), rows),
    form);
  load();
  const timer = setInterval(load, 3000);
  const stop = () => clearInterval(timer);
  return stop;
}

function createForm(create) {
  const id = h('input', { name: 'id', id: 'new-id', required: true, pattern: '[A-Za-z0-9_.\\-]{1,100}' });
  const key = h('input', { name: 'key', id: 'new-key', required: true, pattern: '[A-Za-z0-9_.\\-]{1,100}' });
  const maxConnections = h('input', { name: 'max-connections', id: 'new-max-connections', type: 'number', min: 0, value: '0' });
  const clientEvents = h('input', { name: 'client-events', id: 'new-client-events', type: 'checkbox', checked: true });
  const origins = h('input', { name: 'allowed-origins', id: 'new-origins', placeholder: 'https://shop.example, …' });
  const webhook = h('input', { name: 'webhook', id: 'new-webhook', type: 'url', placeholder: 'https://example.com/pusher/webhooks' });
  return h('form', { id: 'create-app', class: 'panel', onsubmit: (event) => {
    event.preventDefault();
    const body = { id: id.value.trim(), key: key.value.trim(), 'max-connections': Number(maxConnections.value || 0),
      'client-events': clientEvents.checked, 'allowed-origins': list(origins.value) };
    if (webhook.value.trim()) body.webhooks = [{ url: webhook.value.trim() }];
    create(body);
  } },
  h('h3', {}, 'New app'),
  field('Id', id), field('Key', key), field('Max connections (0: no limit)', maxConnections),
  field('Client events', clientEvents), field('Allowed origins', origins), field('Webhook endpoint', webhook),
  h('button', { type: 'submit', id: 'create' }, 'Create'));
}

export function field(label, input) {
  return h('label', { class: 'field' }, h('span', {}, label), input);
}

export function list(text) {
  return text.split(',').map((s) => s.trim()).filter((s) => s);
}
