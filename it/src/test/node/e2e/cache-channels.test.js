import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clientsFor, serverSdk, unique } from '../support/clients.js';
import { BOUNDED } from '../support/waiting.js';

describe('cache channels', () => {
  const sdk = serverSdk();

  test('sends cache_miss to the first subscriber, then the last published event to later ones', BOUNDED, async (t) => {
    const open = clientsFor(t);
    const name = unique('cache-');
    const early = await open();
    await early.subscribe(name);
    await early.waitForFrame((f) => f.channel === name && f.event === 'pusher:cache_miss', 'pusher:cache_miss');
    assert.deepEqual(
      early.framesOn(name).map((f) => f.event),
      ['pusher_internal:subscription_succeeded', 'pusher:cache_miss'],
    );

    await sdk.trigger(name, 'price', { seq: 1 });
    await sdk.trigger(name, 'price', { seq: 2 });
    await early.waitForFrame((f) => f.channel === name && f.event === 'price' && f.data.seq === 2, 'the second price');

    const late = await open();
    await late.subscribe(name);
    await late.waitForFrame((f) => f.channel === name && f.event === 'price', 'the cached price');
    await late.roundTrip();
    assert.deepEqual(
      late.framesOn(name).map((f) => [f.event, f.data]),
      [['pusher_internal:subscription_succeeded', {}], ['price', { seq: 2 }]],
    );
  });
});
