/**
 * The web console on the metrics port (docs/console.md): a login with an admin API token that
 * opens a server-side session, the static pages built into the jar, the console's JSON calls
 * (which are the admin API's, answered by {@link io.herald.admin.AdminApi}) and the debug stream
 * of one app as Server-Sent Events. Start with {@link io.herald.console.ConsoleRouter}. It
 * depends on the admin API and the debug tap, never the other way.
 */
package io.herald.console;
