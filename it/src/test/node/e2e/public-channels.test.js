import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clientsFor, serverSdk, unique } from '../support/clients.js';
import { BOUNDED, nextEvent } from '../support/waiting.js';

describe('public channels', () => {
  const sdk = serverSdk();

  test('delivers an event triggered through the HTTP API to a subscriber', BOUNDED, async (t) => {
    const open = clientsFor(t);
    const client = await open();
    const name = unique('public-');
    const channel = await client.subscribe(name);

    const received = nextEvent(channel, 'greeting');
    await sdk.trigger(name, 'greeting', { text: 'hello', count: 3, nested: { ok: true } });

    const [data] = await received;
    assert.deepEqual(data, { text: 'hello', count: 3, nested: { ok: true } });
  });

  test('leaves out the connection named by socket_id', BOUNDED, async (t) => {
    const open = clientsFor(t);
    const [excluded, other] = await Promise.all([open(), open()]);
    const name = unique('public-');
    await Promise.all([excluded.subscribe(name), other.subscribe(name)]);

    await sdk.trigger(name, 'not-for-the-sender', { n: 1 }, { socket_id: excluded.socketId });
    await other.waitForFrame((f) => f.channel === name && f.event === 'not-for-the-sender', 'the event on the other client');
    // Frames of one channel reach a connection in publish order: once the next event arrived,
    // an excluded event that leaked would already be there.
    await sdk.trigger(name, 'for-everyone', { n: 2 });
    await excluded.waitForFrame((f) => f.channel === name && f.event === 'for-everyone', 'the unexcluded event');

    assert.deepEqual(
      excluded.framesOn(name).map((f) => f.event),
      ['pusher_internal:subscription_succeeded', 'for-everyone'],
    );
  });
});
