package io.herald.sender;

import java.net.UnknownHostException;

/**
 * A webhook URL's host is or resolves only to addresses the private-network guard refuses. An
 * {@link UnknownHostException} so that HTTP clients pass it through their DNS step unchanged.
 */
public final class BlockedAddressException extends UnknownHostException {

    static final String REASON = "blocked private address";

    public BlockedAddressException(String host) {
        super(REASON + ": " + host);
    }

    /** True when this exception is the failure or anywhere among its causes and suppressed ones. */
    static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BlockedAddressException) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (causedBy(suppressed)) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
