package io.nspsconnector.wtl;

import io.nspsconnector.event.Deadline;

/** Applies provisioning requests to the HLR. {@link WtlClient} is the HTTP implementation. */
@FunctionalInterface
public interface WtlGateway {

    /**
     * Applies one request.
     *
     * @param request  what to apply
     * @param deadline when the event must be answered
     * @return the result when applied
     * @throws io.nspsconnector.errors.ConnectorError for every other outcome
     */
    WtlResult apply(WtlRequest request, Deadline deadline);
}
