// The two official clients, configured for the node under test: pusher-js (the browser/Node
// client) and pusher (the Node server SDK, used for the HTTP API and to sign authorizations).
import { randomUUID } from 'node:crypto';
import Pusher from 'pusher-js';
import PusherServer from 'pusher';
import { environment } from './environment.js';
import { WAIT_MS, within } from './waiting.js';

if (process.env.HERALD_E2E_DEBUG) {
  Pusher.logToConsole = true;
}

const API_CALLS = ['trigger', 'triggerBatch', 'get', 'post', 'sendToUser', 'terminateUserConnections'];

/** The server SDK for the fixture app; it signs authorizations and calls the HTTP API. */
export function serverSdk({ secret = environment.secret } = {}) {
  const sdk = new PusherServer({
    appId: environment.appId,
    key: environment.key,
    secret,
    host: environment.host,
    port: environment.port,
    useTLS: false,
    encryptionMasterKeyBase64: environment.encryptionMasterKey,
    timeout: WAIT_MS,
  });
  for (const name of API_CALLS) {
    const call = sdk[name].bind(sdk);
    sdk[name] = (...args) => call(...args).catch((error) => {
      throw explained(error);
    });
  }
  return sdk;
}

/** The SDK's RequestError says only "Unexpected status code N"; name the path and the body too. */
function explained(error) {
  if (error?.name !== 'PusherRequestError') {
    return error;
  }
  const path = error.url ? new URL(error.url).pathname : '(unknown path)';
  return error.status
    ? new Error(`HTTP API ${path} answered ${error.status}: ${error.body}`)
    : new Error(`HTTP API ${path} failed: ${error.error?.message ?? error.message}`);
}

/** A channel (or user) name no other test uses: prefix + a random UUID. */
export function unique(prefix) {
  return `${prefix}${randomUUID()}`;
}

/**
 * Opens pusher-js clients for one test and disconnects them when it ends.
 * Usage: const open = clientsFor(t); const alice = await open({ user: { id: '1' } });
 */
export function clientsFor(t) {
  return async (options = {}) => {
    const client = new RecordingClient(options);
    t.after(() => client.disconnect());
    await client.connected();
    return client;
  };
}

/**
 * A pusher-js client that records every frame the node sends it, so tests can wait for a frame
 * and check what else arrived (and in which order).
 *
 * user: {id, info} is this client's identity for presence channel_data and for signin.
 * signer: the server SDK that signs its authorizations (one with a wrong secret forges them).
 */
export class RecordingClient {
  constructor({ user = null, signer = serverSdk() } = {}) {
    this.user = user;
    this.frames = [];
    this.states = [];
    this.errors = [];
    this.waiters = new Set();
    this.pusher = new Pusher(environment.key, {
      cluster: '',
      wsHost: environment.host,
      wsPort: environment.port,
      forceTLS: false,
      enabledTransports: ['ws'],
      enableStats: false, // what disableStats: true did; that option is deprecated in 8.x and warns
      channelAuthorization: { customHandler: (params, callback) => this.#authorize(signer, params, callback) },
      userAuthentication: { customHandler: (params, callback) => this.#authenticate(signer, params, callback) },
    });
    this.pusher.connection.bind('message', (frame) => this.#record(frame));
    this.pusher.connection.bind('state_change', ({ current }) => this.#recordState(current));
    this.pusher.connection.bind('error', (error) => this.errors.push(error));
    this.pusher.connection.bind('connected', () => {
      this.webSocket = this.pusher.connection.connection?.transport?.socket;
    });
  }

  get socketId() {
    return this.pusher.connection.socket_id;
  }

  get state() {
    return this.pusher.connection.state;
  }

  connected() {
    return this.waitForState('connected');
  }

  waitForState(state) {
    if (this.state === state) {
      return Promise.resolve();
    }
    return this.#waitFor(() => this.state === state, `connection state '${state}'`);
  }

  /** Subscribes and resolves with the channel once subscription_succeeded arrived. */
  async subscribe(name) {
    const { channel, error } = await this.#subscription(name);
    if (error) {
      throw new Error(`subscription to ${name} failed: ${JSON.stringify(error)}`);
    }
    return channel;
  }

  /** Subscribes and resolves with the data of the pusher:subscription_error it expects. */
  async subscribeExpectingError(name) {
    const { error } = await this.#subscription(name);
    if (!error) {
      throw new Error(`subscription to ${name} succeeded, expected pusher:subscription_error`);
    }
    return error;
  }

  /** Signs in and resolves once the node confirmed it and the #server-to-user- channel is subscribed. */
  async signIn() {
    this.pusher.signin();
    await this.waitForFrame((f) => f.event === 'pusher:signin_success', 'pusher:signin_success');
    const userChannel = `#server-to-user-${this.user.id}`;
    await this.waitForFrame(
      (f) => f.event === 'pusher_internal:subscription_succeeded' && f.channel === userChannel,
      `subscription_succeeded on ${userChannel}`,
    );
  }

  /** The first recorded frame that matches, waiting for it if it has not arrived yet. */
  waitForFrame(matches, what) {
    return this.#waitFor(() => this.frames.find(matches), what);
  }

  /** Frames recorded on one channel, optionally of one event. */
  framesOn(channel, event) {
    return this.frames.filter((f) => f.channel === channel && (event === undefined || f.event === event));
  }

  /**
   * Sends pusher:ping and waits for the pong. The node handles one connection's frames in order,
   * so every frame it produced for this client before the ping has arrived by then.
   */
  async roundTrip() {
    const pongsBefore = this.frames.filter((f) => f.event === 'pusher:pong').length;
    this.pusher.send_event('pusher:ping', {});
    await this.#waitFor(
      () => this.frames.filter((f) => f.event === 'pusher:pong').length > pongsBefore,
      'pusher:pong',
    );
  }

  disconnect() {
    this.pusher.disconnect();
    this.#releaseClosedWebSocket();
  }

  #subscription(name) {
    const channel = this.pusher.subscribe(name);
    let settle;
    const outcome = new Promise((resolve) => {
      settle = (result) => {
        channel.unbind('pusher:subscription_succeeded', succeeded);
        channel.unbind('pusher:subscription_error', failed);
        resolve(result);
      };
    });
    const succeeded = () => settle({ channel });
    const failed = (error) => settle({ channel, error });
    channel.bind('pusher:subscription_succeeded', succeeded);
    channel.bind('pusher:subscription_error', failed);
    return within(outcome, `the outcome of subscribing to ${name}`).catch((error) => {
      throw new Error(`${error.message}; ${this.#describe()}`);
    });
  }

  /**
   * When the node closes a connection (terminate_connections), pusher-js 8.6 still calls close() on
   * its bundled WebSocket client, which arms a 30 s close timer on a socket that is already closed;
   * that timer alone would keep this test file's process alive for 30 s. Best effort on internals:
   * if they change, the process only exits later.
   */
  #releaseClosedWebSocket() {
    const socket = this.webSocket;
    const CLOSED = 3;
    if (socket?.readyState === CLOSED && socket._closeTimer) {
      clearTimeout(socket._closeTimer);
    }
  }

  #authorize(signer, { socketId, channelName }, callback) {
    try {
      const presenceData = channelName.startsWith('presence-')
        ? { user_id: this.user.id, user_info: this.user.info }
        : undefined;
      callback(null, signer.authorizeChannel(socketId, channelName, presenceData));
    } catch (error) {
      callback(error, null);
    }
  }

  #authenticate(signer, { socketId }, callback) {
    try {
      callback(null, signer.authenticateUser(socketId, { id: this.user.id, user_info: this.user.info }));
    } catch (error) {
      callback(error, null);
    }
  }

  #record(frame) {
    this.frames.push(frame);
    this.#wake();
  }

  #recordState(state) {
    this.states.push(state);
    this.#wake();
  }

  #wake() {
    for (const waiter of this.waiters) {
      waiter();
    }
  }

  /** Resolves with the first truthy value of probe(), re-checked whenever a frame or state arrives. */
  #waitFor(probe, what, ms = WAIT_MS) {
    const now = probe();
    if (now) {
      return Promise.resolve(now);
    }
    let waiter;
    const found = new Promise((resolve) => {
      waiter = () => {
        const value = probe();
        if (value) {
          resolve(value);
        }
      };
      this.waiters.add(waiter);
    });
    return within(found, what, ms)
      .catch((error) => {
        throw new Error(`${error.message}; ${this.#describe()}`);
      })
      .finally(() => this.waiters.delete(waiter));
  }

  #describe() {
    const frames = this.frames.map((f) => JSON.stringify(f)).join('\n  ');
    return `states: ${this.states.join(' -> ') || '(none)'}; errors: ${JSON.stringify(this.errors)}; frames received:\n  ${frames}`;
  }
}
