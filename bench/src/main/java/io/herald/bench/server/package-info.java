/**
 * Measuring the server process from outside: CPU ticks and RSS from /proc, heap after a full
 * collection through jcmd ({@link io.herald.bench.server.ServerProbe}), and the parsers for those
 * texts ({@link io.herald.bench.server.ProcFiles}). Linux only.
 */
package io.herald.bench.server;
