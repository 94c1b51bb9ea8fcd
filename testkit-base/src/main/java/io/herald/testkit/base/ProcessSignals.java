package io.herald.testkit.base;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Sends a POSIX signal with the system's {@code kill}: Java can only terminate a process, not pause it. */
public final class ProcessSignals {

    private ProcessSignals() {}

    /** SIGSTOP: the process stops dead, its sockets left open and unread, as in a long pause. */
    public static void pause(long pid) {
        send(pid, "STOP");
    }

    /** SIGCONT after {@link #pause}. */
    public static void resume(long pid) {
        send(pid, "CONT");
    }

    private static void send(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " exited with " + kill.exitValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending SIG" + signal + " to " + pid, e);
        }
    }
}
