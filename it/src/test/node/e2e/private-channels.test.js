import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clientsFor, serverSdk, unique } from '../support/clients.js';
import { BOUNDED, nextEvent } from '../support/waiting.js';

describe('private channels', () => {
  const sdk = serverSdk();

  test('subscribes with an authorization signed by the server SDK and receives events', BOUNDED, async (t) => {
    const open = clientsFor(t);
    const client = await open();
    const name = unique('private-');
    const channel = await client.subscribe(name);

    const received = nextEvent(channel, 'order-shipped');
    await sdk.trigger(name, 'order-shipped', { order: 42 });

    const [data] = await received;
    assert.deepEqual(data, { order: 42 });
  });

  test('reports an authorization signed with the wrong secret as pusher:subscription_error on the channel', BOUNDED, async (t) => {
    const open = clientsFor(t);
    const client = await open({ signer: serverSdk({ secret: 'not-the-app-secret' }) });
    const name = unique('private-');

    const error = await client.subscribeExpectingError(name);

    assert.equal(error.type, 'AuthError');
    assert.equal(error.status, 401);
    assert.equal(typeof error.error, 'string');
    await client.roundTrip();
    assert.equal(client.state, 'connected', 'a refused subscription must not close the connection');
  });
});
