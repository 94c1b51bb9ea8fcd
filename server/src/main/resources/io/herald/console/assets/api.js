// The console's calls: JSON over fetch with the session cookie, and the session's CSRF token on
// every call that changes something.

export const session = { name: null, mayChange: false, csrf: null };

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function call(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && session.csrf) headers['X-Herald-Csrf'] = session.csrf;
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let json = {};
  try {
    json = await response.json();
  } catch (e) {
    json = { error: `${response.status} ${response.statusText}` };
  }
  if (!response.ok) throw new ApiError(response.status, json.error || `${response.status}`);
  return json;
}

export const api = (method, path, body) => call(method, `/console/api${path}`, body);

function remember(answer) {
  session.name = answer.name;
  session.mayChange = answer.may_change;
  session.csrf = answer.csrf;
  return answer;
}

export async function login(token) {
  return remember(await call('POST', '/console/login', { token }));
}

export async function resume() {
  return remember(await call('GET', '/console/session'));
}

export async function logout() {
  await call('POST', '/console/logout');
  session.name = null;
  session.csrf = null;
  session.mayChange = false;
}
