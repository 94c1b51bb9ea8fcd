import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clientsFor, serverSdk, unique } from '../support/clients.js';
import { BOUNDED, nextEvent } from '../support/waiting.js';

describe('users', () => {
  const sdk = serverSdk();

  test('signs in and receives events sent with sendToUser', BOUNDED, async (t) => {
    const open = clientsFor(t);
    const user = { id: unique('user-'), info: { plan: 'pro' } };
    const client = await open({ user });

    await client.signIn();
    const received = nextEvent(client.pusher.user, 'invoice-ready');
    const response = await sdk.sendToUser(user.id, 'invoice-ready', { invoice: 'INV-7' });
    const [data] = await received;

    assert.equal(response.status, 200);
    assert.deepEqual(data, { invoice: 'INV-7' });
    const frame = client.frames.find((f) => f.event === 'invoice-ready');
    assert.equal(frame.channel, `#server-to-user-${user.id}`);
  });

  test('terminateUserConnections closes the user connection with a 40xx code so pusher-js does not reconnect', BOUNDED, async (t) => {
    const open = clientsFor(t);
    const user = { id: unique('user-'), info: {} };
    const bystanderUser = { id: unique('user-'), info: {} };
    const [client, bystander] = await Promise.all([open({ user }), open({ user: bystanderUser })]);
    await Promise.all([client.signIn(), bystander.signIn()]);

    const statesBefore = client.states.length;
    const response = await sdk.terminateUserConnections(user.id);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {});

    // pusher-js enters 'disconnected' only when it gives up (close codes 4001-4099 and 4300+);
    // a 41xx/42xx code would make it go back to 'connecting'.
    await client.waitForState('disconnected');
    assert.ok(
      client.errors.some((e) => e.type === 'PusherError' && e.data?.code === 4009),
      `expected a 4009 error, got ${JSON.stringify(client.errors)}`,
    );
    assert.deepEqual(client.states.slice(statesBefore), ['disconnected'], 'states after terminate_connections');
    await bystander.roundTrip();
    assert.equal(bystander.state, 'connected', 'another user was disconnected too');
  });
});
