package io.nspsconnector.nsps;

import java.util.List;

import io.nspsconnector.wtl.WtlResult;

/** How an event ended when it did not fail: applied to WTL, deliberately ignored, a duplicate or stale. */
public sealed interface Outcome {

    /** Label for metrics and logs. */
    String label();

    /**
     * WTL accepted every operation.
     *
     * @param results one per operation, in order
     */
    record Processed(List<WtlResult> results) implements Outcome {
        @Override
        public String label() {
            return "processed";
        }
    }

    /**
     * The rules chose not to touch WTL.
     *
     * @param ignore the rule's decision
     */
    record Ignored(Plan.Ignore ignore) implements Outcome {
        @Override
        public String label() {
            return "ignored";
        }
    }

    /**
     * The event was applied before (a re-delivery): WTL was not called again.
     *
     * @param eventId the event's id
     */
    record Duplicate(String eventId) implements Outcome {
        @Override
        public String label() {
            return "duplicate";
        }
    }

    /**
     * Every operation of the event was older than what its subscriber already has: WTL was not called.
     *
     * @param ignore the reason, for NSPS and for the log
     */
    record Stale(Plan.Ignore ignore) implements Outcome {
        @Override
        public String label() {
            return "stale";
        }
    }
}
