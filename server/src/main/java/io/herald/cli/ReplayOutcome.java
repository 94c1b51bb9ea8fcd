package io.herald.cli;

import io.herald.webhook.JobLocation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What became of replayed jobs, read from the queue: a job the queue no longer holds was delivered;
 * one back among the dead letters, or queued with a failed request since the replay, failed again;
 * one queued with no request yet is still queued (waiting for a sender, or deferred by an open
 * breaker). A replay resets attempts to zero, so any attempt counted is a request since then.
 */
record ReplayOutcome(List<String> delivered, List<JobLocation> deadAgain, List<JobLocation> retrying, List<String> stillQueued) {

    static ReplayOutcome of(Collection<String> ids, Map<String, JobLocation> located) {
        List<String> delivered = new ArrayList<>();
        List<JobLocation> dead = new ArrayList<>();
        List<JobLocation> retrying = new ArrayList<>();
        List<String> queued = new ArrayList<>();
        for (String id : ids) {
            JobLocation where = located.get(id);
            if (where == null) {
                delivered.add(id);
            } else if (where.state() == JobLocation.State.DEAD) {
                dead.add(where);
            } else if (where.attempts() > 0) {
                retrying.add(where);
            } else {
                queued.add(id);
            }
        }
        return new ReplayOutcome(delivered, dead, retrying, queued);
    }

    /** Every job delivered or dead again: nothing more will change without another replay. */
    boolean settled() {
        return retrying.isEmpty() && stillQueued.isEmpty();
    }

    int failedAgain() {
        return deadAgain.size() + retrying.size();
    }

    /** The last error of one job that failed again, dead ones first, or null. */
    String aLastError() {
        List<JobLocation> failed = new ArrayList<>(deadAgain);
        failed.addAll(retrying);
        return failed.stream().map(JobLocation::lastError).filter(e -> e != null).findFirst().orElse(null);
    }
}
