package io.nspsconnector.nac;

import java.util.Optional;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.errors.FieldProblem;
import io.nspsconnector.http.AllowedMethods;
import io.nspsconnector.http.AuthFilter;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;

/**
 * Read-only view of the device status store, behind the connector's API token: {@code GET /devices} (paged,
 * ordered by key) and {@code GET /devices/{key}/status} (key URL-encoded, e.g. {@code %2B3670123456}).
 */
public final class DeviceStatusService implements HttpService {

    /** Devices per page when no limit is given. */
    static final int DEFAULT_LIMIT = 100;
    /** Largest page. */
    static final int MAX_LIMIT = 1000;

    private final DeviceStatusStore store;
    private final AuthFilter auth;

    /**
     * @param store the store
     * @param auth  Bearer check against the API token(s)
     */
    public DeviceStatusService(DeviceStatusStore store, AuthFilter auth) {
        this.store = store;
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        AllowedMethods.get(rules, "/devices", auth, this::listDevicesHandler);
        AllowedMethods.get(rules, "/devices/{key}/status", auth, this::deviceStatusHandler);
    }

    private void listDevicesHandler(ServerRequest req, ServerResponse res) {
        int offset = intParam(req, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = intParam(req, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        DeviceStatusStore.Page page = store.page(offset, limit);
        JsonArrayBuilder devices = Json.createArrayBuilder();
        page.devices().forEach(d -> devices.add(d.toJson()));
        res.send(Json.createObjectBuilder()
                         .add("total", page.total())
                         .add("offset", offset)
                         .add("limit", limit)
                         .add("devices", devices)
                         .build());
    }

    private void deviceStatusHandler(ServerRequest req, ServerResponse res) {
        String key = req.path().pathParameters().get("key");
        Optional<DeviceStatus> status = store.get(key);
        if (status.isEmpty()) {
            // a phone number given without '+' (or with the '+' decoded to a space by a form decoder)
            String number = Device.phoneNumber(Optional.of(key.strip()));
            status = number == null ? status : store.get(number);
        }
        res.send(status.orElseThrow(() -> new ConnectorError.NotFound("Unknown device")).toJson());
    }

    private static int intParam(ServerRequest req, String name, int fallback, int min, int max) {
        Optional<String> raw = req.query().first(name).asOptional();
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.get().strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConnectorError.InvalidQuery(new FieldProblem(name, "must be an integer from " + min + " to "
                + max));
    }
}
