import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clientsFor, serverSdk, unique } from '../support/clients.js';
import { BOUNDED, nextEvent } from '../support/waiting.js';

describe('encrypted channels', () => {
  const sdk = serverSdk();

  test('relays ciphertext that pusher-js decrypts to the object the server SDK sent', BOUNDED, async (t) => {
    const open = clientsFor(t);
    const client = await open();
    const name = unique('private-encrypted-');
    const channel = await client.subscribe(name);
    const secret = { message: 'for your eyes only', amount: 12.5, tags: ['a', 'b'] };

    const received = nextEvent(channel, 'statement');
    await sdk.trigger(name, 'statement', secret);
    const [data] = await received;

    assert.deepEqual(data, secret);
    const frame = client.framesOn(name, 'statement')[0];
    assert.deepEqual(Object.keys(frame.data).sort(), ['ciphertext', 'nonce']);
    assert.ok(!JSON.stringify(frame.data).includes('for your eyes only'), 'plaintext on the wire');
  });
});
