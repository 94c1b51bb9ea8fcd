import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clientsFor } from '../support/clients.js';
import { BOUNDED } from '../support/waiting.js';

describe('connection', () => {
  test('connects with a socket_id of the form digits.digits', BOUNDED, async (t) => {
    const open = clientsFor(t);
    const client = await open();

    assert.equal(client.state, 'connected');
    assert.match(client.socketId, /^\d+\.\d+$/);
  });

  test('gives every connection its own socket_id', BOUNDED, async (t) => {
    const open = clientsFor(t);
    const [first, second] = await Promise.all([open(), open()]);

    assert.notEqual(first.socketId, second.socketId);
  });

  test('answers pusher:ping with pusher:pong', BOUNDED, async (t) => {
    const open = clientsFor(t);
    const client = await open();

    await client.roundTrip();

    const pong = client.frames.find((f) => f.event === 'pusher:pong');
    assert.deepEqual(pong.data, {});
  });
});
