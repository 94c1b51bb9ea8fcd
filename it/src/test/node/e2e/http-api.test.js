import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clientsFor, serverSdk, unique } from '../support/clients.js';
import { BOUNDED } from '../support/waiting.js';

async function json(responsePromise) {
  const response = await responsePromise;
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  return response.json();
}

describe('HTTP API', () => {
  const sdk = serverSdk();

  test('trigger answers 200 with the body {}', BOUNDED, async () => {
    assert.deepEqual(await json(sdk.trigger(unique('nobody-listens-'), 'ping', { n: 1 })), {});
  });

  test('triggerBatch delivers each event to its channel and answers {}', BOUNDED, async (t) => {
    const open = clientsFor(t);
    const client = await open();
    const first = unique('batch-');
    const second = unique('batch-');
    await Promise.all([client.subscribe(first), client.subscribe(second)]);

    const body = await json(sdk.triggerBatch([
      { channel: first, name: 'one', data: { n: 1 } },
      { channel: second, name: 'two', data: 'plain text' },
    ]));

    assert.deepEqual(body, {});
    const one = await client.waitForFrame((f) => f.channel === first && f.event === 'one', 'the first batch event');
    const two = await client.waitForFrame((f) => f.channel === second && f.event === 'two', 'the second batch event');
    assert.deepEqual(one.data, { n: 1 });
    assert.equal(two.data, 'plain text');
  });

  test('lists occupied presence channels by prefix with user_count', BOUNDED, async (t) => {
    const open = clientsFor(t);
    const prefix = unique('presence-listed-') + '-';
    const busy = `${prefix}busy`;
    const quiet = `${prefix}quiet`;
    const [a, b, c] = await Promise.all([
      open({ user: { id: '1', info: {} } }),
      open({ user: { id: '2', info: {} } }),
      open({ user: { id: '3', info: {} } }),
    ]);
    await Promise.all([a.subscribe(busy), b.subscribe(busy), c.subscribe(quiet)]);

    const body = await json(sdk.get({ path: '/channels', params: { filter_by_prefix: prefix, info: 'user_count' } }));

    assert.deepEqual(body, { channels: { [busy]: { user_count: 2 }, [quiet]: { user_count: 1 } } });
  });

  test('lists no channels as an empty object', BOUNDED, async () => {
    const body = await json(sdk.get({ path: '/channels', params: { filter_by_prefix: unique('empty-') } }));

    assert.deepEqual(body, { channels: {} });
  });

  test('lists occupied public channels by prefix without attributes', BOUNDED, async (t) => {
    const open = clientsFor(t);
    const prefix = unique('listed-') + '-';
    const client = await open();
    await client.subscribe(`${prefix}one`);

    const body = await json(sdk.get({ path: '/channels', params: { filter_by_prefix: prefix } }));

    assert.deepEqual(body, { channels: { [`${prefix}one`]: {} } });
  });

  test('describes one channel with occupied and subscription_count', BOUNDED, async (t) => {
    const open = clientsFor(t);
    const name = unique('counted-');
    const [a, b] = await Promise.all([open(), open()]);
    await Promise.all([a.subscribe(name), b.subscribe(name)]);

    const occupied = await json(sdk.get({ path: `/channels/${name}`, params: { info: 'subscription_count' } }));
    const vacant = await json(sdk.get({ path: `/channels/${unique('vacant-')}` }));

    assert.deepEqual(occupied, { occupied: true, subscription_count: 2 });
    assert.deepEqual(vacant, { occupied: false });
  });

  test('lists the users of a presence channel with string ids', BOUNDED, async (t) => {
    const open = clientsFor(t);
    const name = unique('presence-users-');
    // pusher-js sends whatever channel_data the app signs: a numeric user_id must come back as a string.
    const [a, b, again] = await Promise.all([
      open({ user: { id: 7, info: { role: 'numeric id' } } }),
      open({ user: { id: '8', info: {} } }),
      open({ user: { id: '8', info: {} } }),
    ]);
    await Promise.all([a.subscribe(name), b.subscribe(name), again.subscribe(name)]);

    const body = await json(sdk.get({ path: `/channels/${name}/users` }));

    const ids = body.users.map((u) => u.id).sort();
    assert.deepEqual(ids, ['7', '8']);
    assert.deepEqual(body, { users: body.users.map((u) => ({ id: u.id })) }, 'users carry only their id');
  });
});
