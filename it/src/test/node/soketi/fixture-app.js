// soketi's own fixture app (app-id, app-key, app-secret), served from soketi's apps table as it is:
// run by SoketiTablePusherJsIT once per database, never by the e2e suite (the name is no test pattern).
// A publisher on the Java side (pusher-http-java) triggers 'from-java' on the public channel below
// until this file ends.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clientsFor, unique } from '../support/clients.js';
import { BOUNDED, nextEvent } from '../support/waiting.js';

describe("soketi's fixture app from its own table", () => {
  test('receives an event published with pusher-http-java', BOUNDED, async (t) => {
    const client = await clientsFor(t)();
    const channel = await client.subscribe('soketi-fixture');

    const [data] = await nextEvent(channel, 'from-java');

    assert.deepEqual(data, { published: 'by pusher-http-java' });
  });

  test('relays a client event, as enable_client_messages = 1 allows', BOUNDED, async (t) => {
    const open = clientsFor(t);
    const [sender, receiver] = await Promise.all([open(), open()]);
    const name = unique('private-');
    const sending = await sender.subscribe(name);
    const receiving = await receiver.subscribe(name);

    const received = nextEvent(receiving, 'client-typing');
    assert.equal(sending.trigger('client-typing', { text: 'hi' }), true);
    const [data] = await received;

    assert.deepEqual(data, { text: 'hi' });
  });
});
