// One app: credentials (the secret hidden until revealed, and never fetched for a read-only
// token), client snippets with this server's address, its limits (editable by admin tokens),
// secret rotation, usage over the last hour and the live channels with presence members.
import { h, mount } from './dom.js';
import { api, session, ApiError } from './api.js';
import { field, list } from './apps.js';
import uPlot from './uPlot.esm.js';

const EVENT_TYPES = ['channel_occupied', 'channel_vacated', 'member_added', 'member_removed', 'client_event',
  'cache_miss', 'subscription_count'];

export function appPage({ main, onExpired }, id) {
  const path = `/apps/${encodeURIComponent(id)}`;
  const message = h('p', { class: 'message', id: 'app-message', role: 'status' });
  const credentials = h('section', { id: 'credentials' });
  const snippets = h('section', { id: 'snippets' });
  const limits = h('section', { id: 'limits' });
  const channels = h('tbody', {});
  const usageCards = h('div', { class: 'cards', id: 'usage' });
  const usageChart = h('div', { class: 'chart', id: 'usage-chart' });
  const failed = (e) => {
    if (e instanceof ApiError && e.status === 401) { stop(); onExpired(); return; }
    message.className = 'message error';
    message.textContent = e.message;
  };
  const told = (text) => { message.className = 'message'; message.textContent = text; };

  mount(main, h('h2', {}, 'App ', h('span', { id: 'app-id' }, id), ' ',
    h('a', { href: `#${path}/debug`, class: 'button', id: 'open-debug' }, 'Debug console')),
  message, credentials, snippets,
  h('section', {}, h('h3', {}, 'Usage, last 60 minutes (all nodes)'), usageCards, usageChart),
  limits,
  h('section', {}, h('h3', {}, 'Live channels'), h('table', { id: 'channels' },
    h('thead', {}, h('tr', {}, ['Channel', 'Subscriptions', 'Users', 'Members'].map((t) => h('th', {}, t)))), channels)));

  let secret = null;
  async function load() {
    try {
      const [app, overview] = await Promise.all([api('GET', path), api('GET', '/overview')]);
      renderCredentials(app);
      renderSnippets(app, overview.nodes.find((node) => node.this_node).gateway);
      renderLimits(app);
    } catch (e) {
      failed(e);
    }
  }

  function renderCredentials(app) {
    const secretCell = h('code', { id: 'secret' }, secret ?? '••••••••••••••••');
    const reveal = session.mayChange && secret === null && h('button', { id: 'reveal', onclick: async () => {
      try {
        secret = (await api('GET', `${path}/secret`)).secret;
        load();
      } catch (e) {
        failed(e);
      }
    } }, 'Reveal');
    const grace = h('input', { type: 'number', id: 'grace', min: 0, value: '3600' });
    mount(credentials, h('h3', {}, 'Credentials'),
      h('dl', {},
        h('dt', {}, 'app_id'), h('dd', {}, h('code', {}, app.id)),
        h('dt', {}, 'key'), h('dd', {}, h('code', { id: 'key' }, app.key)),
        h('dt', {}, 'secret'), h('dd', {}, secretCell, ' ', reveal,
          !session.mayChange && h('span', { class: 'hint' }, 'not shown to read-only tokens')),
        app.previous_secret_expires_at && h('dt', {}, 'previous secret'),
        app.previous_secret_expires_at && h('dd', {}, `accepted until ${app.previous_secret_expires_at}`),
        h('dt', {}, 'state'), h('dd', { id: 'state' }, app.enabled ? 'enabled' : 'disabled')),
      session.mayChange && h('p', {}, 'Rotate the secret, keeping the current one valid for ', grace, ' seconds ',
        h('button', { id: 'rotate', onclick: async () => {
          try {
            const rotated = await api('POST', `${path}/rotate-secret?grace=${Number(grace.value || 0)}`);
            secret = rotated.secret;
            told(`New secret; the previous one is accepted until ${rotated.previous_secret_expires_at}`);
            load();
          } catch (e) {
            failed(e);
          }
        } }, 'Rotate secret')));
  }

  function renderSnippets(app, gateway) {
    const host = location.hostname;
    const port = gateway.port;
    const tls = gateway.tls;
    const shownSecret = secret ?? 'YOUR_APP_SECRET';
    const pusherJs = `const pusher = new Pusher('${app.key}', {
  wsHost: '${host}', wsPort: ${port}, wssPort: ${port}, forceTLS: ${tls},
  enabledTransports: ['ws', 'wss'], cluster: 'herald',
});
pusher.subscribe('my-channel').bind('my-event', (data) => console.log(data));`;
    const echo = `import Echo from 'laravel-echo';
import Pusher from 'pusher-js';
window.Pusher = Pusher;
window.Echo = new Echo({
  broadcaster: 'pusher', key: '${app.key}', cluster: 'herald',
  wsHost: '${host}', wsPort: ${port}, wssPort: ${port}, forceTLS: ${tls}, enabledTransports: ['ws', 'wss'],
});`;
    const laravelEnv = `PUSHER_APP_ID=${app.id}
PUSHER_APP_KEY=${app.key}
PUSHER_APP_SECRET=${shownSecret}
PUSHER_HOST=${host}
PUSHER_PORT=${port}
PUSHER_SCHEME=${tls ? 'https' : 'http'}`;
    const node = `const Pusher = require('pusher');
const pusher = new Pusher({ appId: '${app.id}', key: '${app.key}', secret: '${shownSecret}',
  host: '${host}', port: '${port}', useTLS: ${tls} });
pusher.trigger('my-channel', 'my-event', { message: 'hello' });`;
    const php = `$pusher = new Pusher\\Pusher('${app.key}', '${shownSecret}', '${app.id}', [
  'host' => '${host}', 'port' => ${port}, 'scheme' => '${tls ? 'https' : 'http'}', 'useTLS' => ${tls},
]);
$pusher->trigger('my-channel', 'my-event', ['message' => 'hello']);`;
    const snippet = (title, text) => h('details', { class: 'snippet' }, h('summary', {}, title), h('pre', {}, h('code', {}, text)));
    mount(snippets, h('h3', {}, 'Connect'),
      snippet('pusher-js', pusherJs), snippet('Laravel Echo', echo), snippet('Laravel .env (server side)', laravelEnv),
      snippet('Node.js (pusher)', node), snippet('PHP (pusher/pusher-php-server)', php));
  }

  function renderLimits(app) {
    const number = (name, value) => h('input', { type: 'number', min: 0, name, id: `edit-${name}`, value: String(value),
      disabled: !session.mayChange });
    const maxConnections = number('max_connections', app.max_connections);
    const clientEvents = h('input', { type: 'checkbox', id: 'edit-client_events', checked: app.client_events,
      disabled: !session.mayChange });
    const perConnection = number('client_events_per_second', app.client_events_per_second);
    const backend = number('max_backend_events_per_second', app.max_backend_events_per_second);
    const reads = number('max_read_requests_per_second', app.max_read_requests_per_second);
    const origins = h('input', { id: 'edit-allowed_origins', value: app.allowed_origins.join(', '), disabled: !session.mayChange });
    const endpoints = h('div', { id: 'webhook-endpoints' });
    const addEndpoint = (endpoint) => endpoints.appendChild(endpointFields(endpoint, endpoints.children.length));
    (app.webhook_endpoints.length ? app.webhook_endpoints : [null]).forEach(addEndpoint);
    mount(limits, h('h3', {}, 'Settings'), h('form', { id: 'edit-app', class: 'panel', onsubmit: async (event) => {
      event.preventDefault();
      told('Saving…');
      // App keys as the configuration writes them (PATCH /admin/apps/{id}).
      const changes = {
        'max-connections': Number(maxConnections.value), 'client-events': clientEvents.checked,
        'client-events-per-second': Number(perConnection.value),
        'max-backend-events-per-second': Number(backend.value), 'max-read-requests-per-second': Number(reads.value),
        'allowed-origins': list(origins.value),
        webhooks: [...endpoints.querySelectorAll('fieldset.endpoint')].map(readEndpoint).filter((e) => e.url),
      };
      try {
        // Shown as the store now has it: the node's own copy follows within moments.
        renderLimits(await api('PATCH', path, changes));
        told('Settings saved');
      } catch (e) {
        failed(e);
      }
    } },
    field('Max connections (0: no limit)', maxConnections), field('Client events', clientEvents),
    field('Client events per second per connection', perConnection),
    field('Backend events per second (0: no limit)', backend), field('Read requests per second (0: no limit)', reads),
    field('Allowed origins', origins), endpoints,
    session.mayChange && h('button', { type: 'button', id: 'add-endpoint', onclick: () => addEndpoint(null) }, 'Add a webhook endpoint'),
    session.mayChange && h('button', { type: 'submit', id: 'save' }, 'Save')));
  }

  /** One webhook endpoint's fields; the first endpoint's URL field is #edit-webhook. */
  function endpointFields(endpoint, index) {
    const off = !session.mayChange;
    const url = h('input', { type: 'url', class: 'endpoint-url', id: index === 0 ? 'edit-webhook' : undefined,
      value: endpoint ? endpoint.url : '', disabled: off, placeholder: 'https://example.com/pusher/webhooks' });
    const prefix = h('input', { class: 'endpoint-prefix', value: endpoint ? endpoint.channel_prefix : '', disabled: off });
    const suffix = h('input', { class: 'endpoint-suffix', value: endpoint ? endpoint.channel_suffix : '', disabled: off });
    const types = EVENT_TYPES.map((type) => h('label', { class: 'check' }, h('input', { type: 'checkbox', value: type,
      class: 'event-type', checked: !endpoint || endpoint.event_types.includes(type), disabled: off }), type));
    const fieldset = h('fieldset', { class: 'endpoint' }, h('legend', {}, `Webhook endpoint ${index + 1}`),
      field('URL', url), field('Only channels starting with', prefix), field('and ending with', suffix),
      h('div', { class: 'types' }, types),
      !off && h('button', { type: 'button', class: 'remove-endpoint', onclick: () => fieldset.remove() }, 'Remove'));
    return fieldset;
  }

  function readEndpoint(fieldset) {
    return {
      url: fieldset.querySelector('.endpoint-url').value.trim(),
      'channel-prefix': fieldset.querySelector('.endpoint-prefix').value.trim(),
      'channel-suffix': fieldset.querySelector('.endpoint-suffix').value.trim(),
      'event-types': [...fieldset.querySelectorAll('.event-type')].filter((i) => i.checked).map((i) => i.value),
    };
  }

  async function loadChannels() {
    try {
      const answer = await api('GET', `${path}/channels`);
      mount(channels, answer.channels.map((channel) => h('tr', {},
        h('td', { class: 'channel-name' }, channel.name), h('td', { class: 'num' }, channel.subscription_count),
        h('td', { class: 'num' }, channel.user_count ?? ''), h('td', {}, (channel.users || []).join(', ')))));
    } catch (e) {
      failed(e);
    }
  }

  let chart = null;
  async function loadUsage() {
    try {
      const usage = await api('GET', `${path}/usage`);
      const card = (label, value, key) => h('div', { class: 'card', id: `usage-${key}` },
        h('div', { class: 'value' }, Math.round(value).toLocaleString('en')), h('div', {}, label));
      const t = usage.totals;
      mount(usageCards, card('connection-seconds', t.connection_seconds, 'connection-seconds'),
        card('messages delivered', t.messages_sent, 'messages-sent'),
        card('messages published (API)', t.events_published, 'events-published'),
        card('bytes sent', t.bytes_sent, 'bytes-sent'));
      const s = usage.series;
      const minutes = s.messages_sent.map((_, i) => (usage.minute - s.messages_sent.length + 1 + i) * 60);
      const data = [minutes, s.messages_sent, s.events_published, s.connection_seconds];
      if (!chart) {
        chart = new uPlot({
          width: Math.min(900, main.clientWidth || 900), height: 200,
          series: [{}, { label: 'delivered', stroke: '#16a34a', scale: 'm' },
            { label: 'published', stroke: '#9333ea', scale: 'm' },
            { label: 'connection-seconds', stroke: '#2563eb', scale: 'c' }],
          axes: [{}, { scale: 'm', label: 'messages/min' },
            { scale: 'c', side: 1, label: 'connection-s/min', grid: { show: false } }],
        }, data, usageChart);
      } else {
        chart.setData(data);
      }
    } catch (e) {
      failed(e);
    }
  }

  load();
  loadChannels();
  loadUsage();
  const timer = setInterval(loadChannels, 2000);
  const usageTimer = setInterval(loadUsage, 5000);
  const stop = () => { clearInterval(timer); clearInterval(usageTimer); chart?.destroy(); };
  return stop;
}
