package io.herald.cluster;

import java.util.List;

/**
 * A re-assertion that failed part-way. Steps that completed before the failure have already
 * changed the shared state, so their transitions (a channel occupied again, a member added back)
 * must still be announced: otherwise the next re-assertion finds them in place and nobody ever
 * hears of them.
 */
public final class ReassertionStoppedException extends RuntimeException {

    private final transient List<Transition> applied;

    public ReassertionStoppedException(String message, Throwable cause, List<Transition> applied) {
        super(message, cause);
        this.applied = List.copyOf(applied);
    }

    /** The transitions of the steps that completed. */
    public List<Transition> applied() {
        return applied;
    }
}
