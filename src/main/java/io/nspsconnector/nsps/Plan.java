package io.nspsconnector.nsps;

import java.util.List;

import io.nspsconnector.wtl.WtlRequest;

/** What the rules decided for one event: WTL requests to send in order, or a deliberate ignore. */
public sealed interface Plan {

    /**
     * The event is acknowledged without touching WTL.
     *
     * @param reason    text for NSPS, appended to {@code Event ignored: }
     * @param logReason the same reason with subscriber identifiers masked as configured
     */
    record Ignore(String reason, String logReason) implements Plan {
    }

    /**
     * The event is applied by sending these requests, in order; it succeeds only if all succeed.
     *
     * @param requests one or more WTL requests
     */
    record Apply(List<WtlRequest> requests) implements Plan {
        /** Copies the list. */
        public Apply {
            requests = List.copyOf(requests);
        }
    }
}
