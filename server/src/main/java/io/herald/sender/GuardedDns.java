package io.herald.sender;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Dns;

/**
 * Resolves webhook hosts and drops every private address from the answer, so the client
 * connects only to public addresses it was given here: a name that resolves differently on a
 * second lookup (DNS rebinding) cannot slip through. A name with no public address fails with
 * {@link BlockedAddressException}. IP literals never reach a {@link Dns}; the sender checks those
 * itself with {@link PrivateAddresses#literal}.
 */
final class GuardedDns implements Dns {

    private final Dns delegate;

    GuardedDns(Dns delegate) {
        this.delegate = delegate;
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        List<InetAddress> allowed = delegate.lookup(hostname).stream()
                .filter(address -> !PrivateAddresses.isPrivate(address))
                .toList();
        if (allowed.isEmpty()) {
            throw new BlockedAddressException(hostname);
        }
        return allowed;
    }
}
