package io.nspsconnector.nac;

import java.util.function.Supplier;

import io.helidon.webserver.http.HttpRouting;

import io.nspsconnector.errors.ErrorKind;
import io.nspsconnector.http.ApiTokens;
import io.nspsconnector.http.AuthFilter;
import io.nspsconnector.logging.Masking;
import io.nspsconnector.metrics.ConnectorMetrics;

/**
 * The Network as Code device-status receiver assembled: store, webhook and read endpoints. Built by the
 * connector when {@code connector.nac.enabled} is true, on the memory store or on the one the connector gives.
 */
public final class NacReceiver {

    private final NacSettings config;
    private final DeviceStatusStore store;
    private final ConnectorMetrics metrics;
    private final Masking masking;

    private NacReceiver(NacSettings config, DeviceStatusStore store, ConnectorMetrics metrics,
                        Masking masking) {
        this.config = config;
        this.store = store;
        this.metrics = metrics;
        this.masking = masking;
    }

    /**
     * @param config  receiver settings (enabled, with at least one token)
     * @param metrics meters
     * @param masking how identifiers appear in logs
     * @return the receiver
     */
    public static NacReceiver create(NacSettings config, ConnectorMetrics metrics, Masking masking) {
        return create(config, new MemoryDeviceStatusStore(config.maxDevices(), config.dedupeMaxIds(),
                                                          config.dedupeWindow()), metrics, masking);
    }

    /**
     * @param config  receiver settings (enabled, with at least one token)
     * @param store   where the device status and the notification ids seen are kept
     * @param metrics meters
     * @param masking how identifiers appear in logs
     * @return the receiver
     */
    public static NacReceiver create(NacSettings config, DeviceStatusStore store, ConnectorMetrics metrics,
                                     Masking masking) {
        metrics.nacDevicesTracked(store::size);
        return new NacReceiver(config, store, metrics, masking);
    }

    /**
     * Registers {@code POST <path>} (notification token) and the {@code /devices} views (API token).
     *
     * @param routing            routing to add to
     * @param apiTokens          the connector's API tokens (for the views)
     * @param notificationTokens the tokens Network as Code sends, read per request (they may be rotated)
     */
    public void register(HttpRouting.Builder routing, Supplier<ApiTokens> apiTokens,
                         Supplier<ApiTokens> notificationTokens) {
        AuthFilter notificationAuth = new AuthFilter(notificationTokens,
                                                     () -> metrics.nacNotification("none", ErrorKind.UNAUTHORIZED.outcome(), 0));
        NotificationHandler handler = new NotificationHandler(new NotificationParser(), store, metrics, masking,
                                                              config.maxBodyBytes());
        routing.register(new NotificationService(config.path(), notificationAuth, handler))
                .register(new DeviceStatusService(store, new AuthFilter(apiTokens, () -> { })));
    }

}
