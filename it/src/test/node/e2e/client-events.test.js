import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clientsFor, unique } from '../support/clients.js';
import { BOUNDED, nextEvent } from '../support/waiting.js';

describe('client events', () => {
  test('relays a client event on a private channel to the other subscriber only', BOUNDED, async (t) => {
    const open = clientsFor(t);
    const [sender, receiver] = await Promise.all([open(), open()]);
    const name = unique('private-');
    const sending = await sender.subscribe(name);
    const receiving = await receiver.subscribe(name);

    const received = nextEvent(receiving, 'client-typing');
    assert.equal(sending.trigger('client-typing', { text: 'hi', at: 1 }), true);
    const [data, metadata] = await received;

    assert.deepEqual(data, { text: 'hi', at: 1 });
    assert.equal(metadata.user_id, undefined);
    assert.equal(receiver.framesOn(name, 'client-typing')[0].user_id, undefined);
    await sender.roundTrip();
    assert.deepEqual(sender.framesOn(name, 'client-typing'), [], 'the sender got its own client event back');
  });

  test('adds the sender user_id on presence channels', BOUNDED, async (t) => {
    const open = clientsFor(t);
    const [sender, receiver] = await Promise.all([
      open({ user: { id: 'sender-1', info: {} } }),
      open({ user: { id: 'receiver-2', info: {} } }),
    ]);
    const name = unique('presence-');
    const sending = await sender.subscribe(name);
    const receiving = await receiver.subscribe(name);

    const received = nextEvent(receiving, 'client-wave');
    sending.trigger('client-wave', { hand: 'left' });
    const [data, metadata] = await received;

    assert.deepEqual(data, { hand: 'left' });
    assert.equal(metadata.user_id, 'sender-1');
    await sender.roundTrip();
    assert.deepEqual(sender.framesOn(name, 'client-wave'), [], 'the sender got its own client event back');
  });
});
