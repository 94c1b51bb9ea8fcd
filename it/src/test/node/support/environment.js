// Where the node under test listens and which app it serves, as NodeClientsIT passes them.
import { randomBytes } from 'node:crypto';

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set. These tests expect a running Herald node: run them with ` +
        '`./mvnw -B -pl it -am verify -Dit.test=NodeClientsIT`, or set HERALD_HOST, HERALD_PORT, ' +
        'HERALD_APP_ID, HERALD_APP_KEY and HERALD_APP_SECRET yourself.',
    );
  }
  return value;
}

export const environment = Object.freeze({
  host: required('HERALD_HOST'),
  port: Number(required('HERALD_PORT')),
  appId: required('HERALD_APP_ID'),
  key: required('HERALD_APP_KEY'),
  secret: required('HERALD_APP_SECRET'),
  // The server never sees this key (encrypted channels are end-to-end), so any 32 bytes will do.
  encryptionMasterKey: process.env.HERALD_ENCRYPTION_MASTER_KEY || randomBytes(32).toString('base64'),
});
