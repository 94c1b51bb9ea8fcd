// Bounded waits: every wait in this suite ends in at most WAIT_MS, with a message saying what
// did not happen.

export const WAIT_MS = 10_000;

/** Rejects with "timed out ... waiting for WHAT" unless the promise settles within ms. */
export function within(promise, what, ms = WAIT_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The next emission of eventName on a pusher-js emitter (a channel, pusher.user or
 * pusher.connection), as [data, metadata].
 */
export function nextEvent(emitter, eventName, what = eventName, ms = WAIT_MS) {
  let listener;
  const emitted = new Promise((resolve) => {
    listener = (data, metadata) => resolve([data, metadata]);
    emitter.bind(eventName, listener);
  });
  return within(emitted, what, ms).finally(() => emitter.unbind(eventName, listener));
}

/** Options for every test: a test that waits for several things still ends in bounded time. */
export const BOUNDED = Object.freeze({ timeout: 60_000 });
