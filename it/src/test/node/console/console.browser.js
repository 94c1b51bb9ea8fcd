// The web console in Chromium against a two-node cluster (ConsoleBrowserIT starts it): login,
// tokens and their scopes, apps, the debug console with events from both nodes, webhooks, text
// that is never markup, limits and disabling. Some steps leave a screenshot in HERALD_SCREENSHOTS.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Pusher from 'pusher-js';
import PusherServer from 'pusher';
import { launch } from './browser.js';
import { RecordingClient } from '../support/clients.js';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this through ConsoleBrowserIT`);
  return value;
};
const CONSOLE = `${env('HERALD_CONSOLE_A')}/console/`;
const HOST = env('HERALD_HOST');
const PORT_A = Number(env('HERALD_PORT'));
const PORT_B = Number(env('HERALD_PORT_B'));
const ADMIN_TOKEN = env('HERALD_ADMIN_TOKEN');
const READ_TOKEN = env('HERALD_READ_TOKEN');
const NODE_B = env('HERALD_NODE_B');
const SHOTS = env('HERALD_SCREENSHOTS');
const APP = env('HERALD_APP_ID');
const KEY = env('HERALD_APP_KEY');
const WAIT = { timeout: 15_000 };

let browser;
let page;
let secret;
let client;
let hooks;
const hookCalls = [];

async function shot(target, name) {
  await target.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function logIn(target, token) {
  await target.goto(CONSOLE);
  await target.fill('#token', token);
  await target.click('#login button[type=submit]');
  await target.waitForSelector('#logout', WAIT);
}

async function eventually(check, what, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The debug console's row of `type` whose cells contain each of `texts`. */
function debugRow(target, type, ...texts) {
  let row = target.locator(`#debug-events tr[data-type="${type}"]`);
  for (const text of texts) row = row.filter({ hasText: text });
  return row.first();
}

/**
 * Saves one field of the settings form, and waits until the node serves the app with it (`served`
 * reads it from the app as the admin API describes it): the node reads a change back from the
 * store moments after answering.
 */
async function save(target, field, value, served) {
  await target.fill(field, value);
  await target.click('#save');
  await target.locator('#app-message', { hasText: 'Settings saved' }).waitFor(WAIT);
  assert.equal(await target.inputValue(field), value, 'the form shows what was saved');
  await eventually(async () => served(await target.evaluate(async (id) =>
    (await fetch(`/console/api/apps/${id}`)).json(), APP)) === value, `${field} served as ${value}`);
}

function sdk(port) {
  return new PusherServer({ appId: APP, key: KEY, secret, host: HOST, port, useTLS: false });
}

describe('the web console', { concurrency: false }, () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launch();
    page = await browser.page();
    hooks = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => { body += chunk; });
      request.on('end', () => {
        hookCalls.push({ path: request.url, body });
        response.writeHead(request.url === '/ok' ? 200 : 500).end();
      });
    });
    await new Promise((resolve) => hooks.listen(0, HOST, resolve));
  });

  after(async () => {
    client?.disconnect();
    await browser?.close();
    await new Promise((resolve) => hooks?.close(resolve) ?? resolve());
  });

  it('refuses a wrong token and answers no data without a session', async () => {
    await page.goto(CONSOLE);
    await shot(page, 'login');
    await page.fill('#token', 'not-a-token-of-this-server');
    await page.click('#login button[type=submit]');
    await page.locator('#login-error', { hasText: 'Unknown token' }).waitFor(WAIT);
    const answer = await fetch(`${env('HERALD_CONSOLE_A')}/console/api/apps`);
    assert.equal(answer.status, 401);
  });

  it('logs in with an admin token and out again, ending the session', async () => {
    await logIn(page, ADMIN_TOKEN);
    assert.match(await page.textContent('#who'), /ops\s+admin/);
    const [cookie] = (await browser.context.cookies()).filter((c) => c.name === 'herald_console');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    await page.click('#logout');
    await page.waitForSelector('#login', WAIT);
    const stale = await fetch(`${env('HERALD_CONSOLE_A')}/console/api/apps`, {
      headers: { Cookie: `herald_console=${cookie.value}` },
    });
    assert.equal(stale.status, 401, 'the session ends on the server, not only in the browser');
  });

  it('refuses a change without the CSRF token', async () => {
    await logIn(page, ADMIN_TOKEN);
    const status = await page.evaluate(async () =>
      (await fetch('/console/api/apps/app-id/disable', { method: 'POST' })).status);
    assert.equal(status, 403);
  });

  it('shows both nodes of the cluster in the overview', async () => {
    await page.goto(`${CONSOLE}#/overview`);
    await page.locator('#nodes tr[data-node="node-a"] .state', { hasText: 'ready' }).waitFor(WAIT);
    await page.locator('#nodes tr[data-node="node-b"] .state', { hasText: 'ready' }).waitFor(WAIT);
    await page.locator('#total-nodes', { hasText: '2' }).waitFor(WAIT);
    await page.waitForTimeout(4_500); // a few points on the chart for the screenshot
    await shot(page, 'overview');
  });

  it('creates an app and reveals its secret', async () => {
    await page.goto(`${CONSOLE}#/apps`);
    await page.fill('#new-id', APP);
    await page.fill('#new-key', KEY);
    await page.click('#create');
    await page.locator('#app-id', { hasText: APP }).waitFor(WAIT);
    await page.click('#reveal');
    await page.locator('#secret', { hasText: /^[0-9a-f]{16,}$/ }).waitFor(WAIT);
    secret = (await page.textContent('#secret')).trim();
    await page.locator('.snippet').first().click();
    await shot(page, 'app');
    await page.goto(`${CONSOLE}#/apps`);
    await page.locator(`#apps tr[data-app="${APP}"]`).waitFor(WAIT);
    await shot(page, 'apps');
  });

  it('shows a pusher-js client connecting and subscribing in the debug console', async () => {
    await page.goto(`${CONSOLE}#/apps/${APP}/debug`);
    await page.locator('#debug-status', { hasText: 'Watching' }).waitFor(WAIT);
    client = new RecordingClient({ signer: sdk(PORT_A) });
    await client.connected();
    await client.subscribe('orders');
    await debugRow(page, 'connection', client.socketId).waitFor(WAIT);
    await debugRow(page, 'subscribed', 'orders', client.socketId).waitFor(WAIT);
    await debugRow(page, 'channel_occupied', 'orders').waitFor(WAIT);
  });

  it('publishes a test event from the event creator, which the client receives', async () => {
    await page.fill('#creator-channel', 'orders');
    await page.fill('#creator-event', 'order-placed');
    await page.fill('#creator-data', '{"id": 42}');
    await page.click('#publish');
    await page.locator('#creator-message', { hasText: 'Published order-placed' }).waitFor(WAIT);
    const frame = await client.waitForFrame((f) => f.event === 'order-placed', 'order-placed');
    assert.deepEqual(frame.data, { id: 42 });
    await debugRow(page, 'api_message', 'order-placed', 'orders').waitFor(WAIT);
  });

  it('shows an event published through the HTTP API of the other node', async () => {
    await sdk(PORT_B).trigger('orders', 'from-node-b', { via: 'b' });
    const row = debugRow(page, 'api_message', 'from-node-b');
    await row.waitFor(WAIT);
    assert.equal((await row.locator('td.node').textContent()).trim(), NODE_B);
    await client.waitForFrame((f) => f.event === 'from-node-b', 'from-node-b on node A');
  });

  it('shows the app\'s usage of the last hour, summed over the nodes', async () => {
    const usage = await browser.page();
    await usage.goto(`${CONSOLE}#/apps/${APP}`);
    const figure = async (id) => Number((await usage.textContent(`#usage-${id} .value`)).replace(/,/g, ''));
    // Both test events (one published on each node) and their deliveries to the client.
    await eventually(async () => (await usage.locator('#usage-events-published').count()) > 0
      && await figure('events-published') >= 2 && await figure('messages-sent') >= 2,
      'usage with the published and delivered messages');
    assert.ok(await figure('bytes-sent') > 0, 'bytes sent');
    await usage.locator('#usage-chart canvas').first().waitFor(WAIT);
    await usage.close();
  });

  it('shows a client event', async () => {
    const channel = await client.subscribe('private-chat');
    channel.trigger('client-typing', { who: 'ann' });
    await debugRow(page, 'client_event', 'client-typing', 'private-chat').waitFor(WAIT);
  });

  it('shows a webhook sent and a webhook that failed', async () => {
    const settings = await browser.page();
    const { port } = hooks.address();
    await settings.goto(`${CONSOLE}#/apps/${APP}`);
    const webhookUrl = (app) => app.webhook_endpoints[0]?.url;
    await save(settings, '#edit-webhook', `http://${HOST}:${port}/ok`, webhookUrl);
    await client.subscribe('hooked-ok');
    await debugRow(page, 'webhook_sent', 'status: 200').waitFor(WAIT);
    await eventually(() => hookCalls.some((c) => c.path === '/ok' && c.body.includes('hooked-ok')), 'the webhook');

    await save(settings, '#edit-webhook', `http://${HOST}:${port}/fail`, webhookUrl);
    await client.subscribe('hooked-fail');
    await debugRow(page, 'webhook_failed', 'status: 500').waitFor(WAIT);
    await settings.close();
  });

  it('renders markup in event names, data and channel names as text', async () => {
    const name = '<img src=x onerror="window.__xss=1">';
    const data = '<script>window.__xss=2</script><b>bold</b>';
    await page.fill('#creator-channel', 'orders');
    await page.fill('#creator-event', name);
    await page.fill('#creator-data', data);
    await page.click('#publish');
    const row = debugRow(page, 'api_message', 'onerror');
    await row.waitFor(WAIT);
    assert.equal(await row.locator('td.event-name').textContent(), name);
    assert.ok((await row.locator('td.details').textContent()).includes(data));
    await client.subscribeExpectingError('<b>bold</b>');
    const refused = debugRow(page, 'subscription_error', '<b>bold</b>');
    await refused.waitFor(WAIT);
    assert.equal(await refused.locator('td.channel').textContent(), '<b>bold</b>');
    assert.equal(await page.locator('#debug-events img, #debug-events b, #debug-events script').count(), 0);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    await shot(page, 'debug');
  });

  it('filters and pauses the debug console', async () => {
    await page.selectOption('#filter-type', 'client');
    assert.equal(await page.locator('#debug-events tr[data-type="api_message"]').count(), 0);
    assert.ok(await page.locator('#debug-events tr[data-type="client_event"]').count() > 0);
    await page.selectOption('#filter-type', '');
    await page.click('#pause');
    await sdk(PORT_A).trigger('orders', 'while-paused', {});
    await client.waitForFrame((f) => f.event === 'while-paused', 'while-paused at the client');
    // Held, not shown (webhook retries of the failing endpoint may be held too).
    await page.locator('#pause', { hasText: /Resume \(\d+ new\)/ }).waitFor(WAIT);
    assert.equal(await debugRow(page, 'api_message', 'while-paused').count(), 0);
    await page.click('#pause');
    await debugRow(page, 'api_message', 'while-paused').waitFor(WAIT);
  });

  it('enforces a connection limit edited in the console', async () => {
    const settings = await browser.page();
    await settings.goto(`${CONSOLE}#/apps/${APP}`);
    await save(settings, '#edit-max_connections', '1', (served) => String(served.max_connections));
    const app = await settings.evaluate(async (id) => (await fetch(`/console/api/apps/${id}`)).json(), APP);
    assert.equal(app.max_connections, 1);
    assert.equal(app.connections, 1, 'the client of the earlier steps is connected');
    const refused = new Pusher(KEY, { cluster: '', wsHost: HOST, wsPort: PORT_A, forceTLS: false,
      enabledTransports: ['ws'], enableStats: false });
    const errors = [];
    refused.connection.bind('error', (error) => errors.push(error));
    try {
      // pusher-js wraps a refusal during the handshake: {type: 'WebSocketError', error: {type: 'PusherError', data}}.
      await eventually(() => errors.some((e) => (e?.data?.code ?? e?.error?.data?.code) === 4004),
        'error 4004 over the connection limit').catch((error) => {
        throw new Error(`${error.message}; errors: ${JSON.stringify(errors)}, state: ${refused.connection.state}`);
      });
    } finally {
      refused.disconnect();
    }
    await settings.close();
  });

  it('keeps a read-only token from secrets and changes', async () => {
    // A browser of its own: a login replaces the session cookie of the browser it happens in.
    const readers = await launch();
    const reader = await readers.page();
    await logIn(reader, READ_TOKEN);
    assert.match(await reader.textContent('#who'), /read-only/);
    await reader.goto(`${CONSOLE}#/apps`);
    await reader.locator(`#apps tr[data-app="${APP}"]`).waitFor(WAIT);
    assert.equal(await reader.locator('#create-app, button.delete, button.toggle').count(), 0);
    await reader.goto(`${CONSOLE}#/apps/${APP}`);
    await reader.locator('#key', { hasText: KEY }).waitFor(WAIT);
    assert.equal(await reader.locator('#reveal, #rotate, #save').count(), 0);
    assert.ok(!(await reader.content()).includes(secret), 'the secret is nowhere in the page');
    const answers = await reader.evaluate(async (app) => {
      const { csrf } = await (await fetch('/console/session')).json();
      const headers = { 'X-Herald-Csrf': csrf, 'Content-Type': 'application/json' };
      return [
        (await fetch(`/console/api/apps/${app}/secret`)).status,
        (await fetch(`/console/api/apps/${app}/disable`, { method: 'POST', headers })).status,
        (await fetch(`/console/api/apps/${app}/events`, { method: 'POST', headers,
          body: JSON.stringify({ channel: 'orders', event: 'x', data: '{}' }) })).status,
        (await fetch(`/console/api/apps/${app}`, { method: 'PATCH', headers, body: '{"max_connections": 5}' })).status,
      ];
    }, APP);
    assert.deepEqual(answers, [403, 403, 403, 403]);
    await shot(reader, 'read-only');
    await readers.close();
    assert.deepEqual(readers.errors, []);
  });

  it('closes the client when the app is disabled', async () => {
    if ((await page.textContent('#pause')).startsWith('Resume')) await page.click('#pause');
    const apps = await browser.page();
    await apps.goto(`${CONSOLE}#/apps`);
    await apps.locator(`#apps tr[data-app="${APP}"] button.toggle`, { hasText: 'Disable' }).click();
    await eventually(() => client.errors.some((e) => e?.data?.code === 4003), 'close code 4003 at the client');
    await debugRow(page, 'disconnection', 'code: 4003').waitFor(WAIT);
    await apps.close();
  });

  it('deletes an app only once its id is typed', async () => {
    await page.goto(`${CONSOLE}#/apps`);
    const row = page.locator(`#apps tr[data-app="${APP}"]`);
    await row.locator('button.delete').click();
    const confirm = row.locator('button.confirm-delete');
    assert.equal(await confirm.isDisabled(), true);
    await row.locator('input.confirm-id').fill(APP);
    await confirm.click();
    await page.locator('#apps-message', { hasText: `App ${APP} deleted` }).waitFor(WAIT);
    await eventually(async () => (await page.locator(`#apps tr[data-app="${APP}"]`).count()) === 0, 'the row to go');
  });

  it('raised no script errors and opened no dialogs', () => {
    assert.deepEqual(browser.errors, []);
  });
});
