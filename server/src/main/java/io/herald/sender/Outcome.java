package io.herald.sender;

import java.io.InterruptedIOException;
import java.io.IOException;

/**
 * The result of one delivery attempt: its class, the HTTP status (0 when no response came) and,
 * for failures, an error message fit for the dead-letter list (at most about 1 KB of the body).
 */
public record Outcome(OutcomeClass outcomeClass, int status, String error) {

    public static Outcome ofResponse(int status, String bodyPrefix, String location) {
        OutcomeClass outcomeClass = OutcomeClass.ofStatus(status);
        if (outcomeClass == OutcomeClass.SUCCESS) {
            return new Outcome(outcomeClass, status, null);
        }
        StringBuilder error = new StringBuilder("HTTP ").append(status);
        if (outcomeClass == OutcomeClass.REDIRECT) {
            error.append(" (redirects are not followed");
            if (location != null) {
                error.append("; Location: ").append(location);
            }
            error.append(')');
        }
        if (bodyPrefix != null && !bodyPrefix.isBlank()) {
            error.append(": ").append(bodyPrefix.strip());
        }
        return new Outcome(outcomeClass, status, error.toString());
    }

    /** A request that got no response: blocked by the address guard, timed out, or not connected. */
    public static Outcome ofException(IOException failure, long timeoutMillis) {
        if (BlockedAddressException.causedBy(failure)) {
            return blocked();
        }
        if (failure instanceof InterruptedIOException) {
            return new Outcome(OutcomeClass.TIMEOUT, 0, "timeout: no answer within " + timeoutMillis + " ms");
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return new Outcome(OutcomeClass.CONNECTION_ERROR, 0, "connection error: " + message);
    }

    public static Outcome blocked() {
        return new Outcome(OutcomeClass.BLOCKED, 0, BlockedAddressException.REASON);
    }

    public boolean success() {
        return outcomeClass == OutcomeClass.SUCCESS;
    }

    /** A failure that says something about the endpoint's health (the address guard does not). */
    public boolean countsAgainstEndpoint() {
        return !success() && outcomeClass != OutcomeClass.BLOCKED;
    }
}
