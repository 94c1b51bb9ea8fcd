import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clientsFor, unique } from '../support/clients.js';
import { BOUNDED, nextEvent } from '../support/waiting.js';

const ada = { id: 'ada', info: { name: 'Ada Lovelace' } };
const grace = { id: 'grace', info: { name: 'Grace Hopper' } };

describe('presence channels', () => {
  test('reports me and the member count on subscription', BOUNDED, async (t) => {
    const open = clientsFor(t);
    const client = await open({ user: ada });
    const name = unique('presence-');

    const channel = await client.subscribe(name);

    assert.equal(channel.members.count, 1);
    assert.deepEqual(channel.members.me, { id: 'ada', info: { name: 'Ada Lovelace' } });
  });

  test('announces a member joining and leaving to the other client', BOUNDED, async (t) => {
    const open = clientsFor(t);
    const [first, second] = await Promise.all([open({ user: ada }), open({ user: grace })]);
    const name = unique('presence-');
    const firstChannel = await first.subscribe(name);

    const added = nextEvent(firstChannel, 'pusher:member_added');
    const secondChannel = await second.subscribe(name);
    const [member] = await added;

    assert.deepEqual(member, { id: 'grace', info: { name: 'Grace Hopper' } });
    assert.equal(firstChannel.members.count, 2);
    assert.equal(secondChannel.members.count, 2);
    assert.deepEqual(secondChannel.members.get('ada'), { id: 'ada', info: { name: 'Ada Lovelace' } });

    const removed = nextEvent(firstChannel, 'pusher:member_removed');
    second.disconnect();
    const [gone] = await removed;

    assert.equal(gone.id, 'grace');
    assert.equal(firstChannel.members.count, 1);
  });

  test('counts a user with two connections once', BOUNDED, async (t) => {
    const open = clientsFor(t);
    const [watcher, graceOnLaptop, graceOnPhone] = await Promise.all([
      open({ user: ada }),
      open({ user: grace }),
      open({ user: grace }),
    ]);
    const name = unique('presence-');
    const side = unique('private-');
    await watcher.subscribe(name);
    await watcher.subscribe(side);
    await graceOnLaptop.subscribe(name);
    await graceOnLaptop.subscribe(side);
    await watcher.waitForFrame((f) => f.channel === name && f.event === 'pusher_internal:member_added', 'member_added');

    const phoneChannel = await graceOnPhone.subscribe(name);
    assert.equal(phoneChannel.members.count, 2);
    // The node handles the phone's frames in order, so a member_added for its subscription would
    // reach the watcher before this client event does.
    phoneChannel.trigger('client-joined-again', { from: 'phone' });
    await watcher.waitForFrame((f) => f.channel === name && f.event === 'client-joined-again', 'the phone client event');
    assert.equal(watcher.framesOn(name, 'pusher_internal:member_added').length, 1, 'member_added sent again for a known user');

    // The laptop leaves the channel but grace is still present on the phone.
    graceOnLaptop.pusher.unsubscribe(name);
    graceOnLaptop.pusher.channel(side).trigger('client-left', { from: 'laptop' });
    await watcher.waitForFrame((f) => f.channel === side && f.event === 'client-left', 'the laptop client event');
    assert.equal(watcher.framesOn(name, 'pusher_internal:member_removed').length, 0, 'member_removed while grace is still connected');

    graceOnPhone.disconnect();
    const removed = await watcher.waitForFrame(
      (f) => f.channel === name && f.event === 'pusher_internal:member_removed',
      'member_removed after the last connection left',
    );
    assert.deepEqual(removed.data, { user_id: 'grace' });
  });
});
