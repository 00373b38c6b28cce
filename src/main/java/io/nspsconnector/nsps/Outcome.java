package io.nspsconnector.nsps;

import java.util.List;

import io.nspsconnector.wtl.WtlResult;

/** How an event ended when it did not fail: applied to WTL, or deliberately ignored. */
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
}
