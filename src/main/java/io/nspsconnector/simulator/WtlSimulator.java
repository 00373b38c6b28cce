package io.nspsconnector.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.nspsconnector.json.JsonText;
import io.nspsconnector.json.StrictJson;
import io.nspsconnector.logging.Masking;
import io.nspsconnector.wtl.WtlRequest;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * An in-memory WTL HLR/HSS API: {@code POST /prov} with the WTL field rules and provisioning semantics, plus
 * read-only views of what it holds. Register it under the WTL base path (e.g. {@code /wtl/hlr/v1}).
 * <p>
 * Semantics: {@code insert} creates (409 "already exists" if present); {@code update} replaces the given fields
 * (an unknown IMSI is created, or 404 with {@code updateCreates=false}); {@code delete} removes (404 "not found" if
 * absent); {@code set}/{@code modify} merge the given fields and {@code unset} clears them, on an existing subscriber.
 */
public final class WtlSimulator implements HttpService {

    private static final Logger LOG = LoggerFactory.getLogger(WtlSimulator.class);
    private static final Set<String> FIELDS = Set.of("imsi", "subscriber_status", "msisdn", "cs_profile",
                                                     "eps_profile", "action");
    private static final Set<String> STATUSES = Set.of("serviceGranted", "operatorDeterminedBarring");
    private static final Set<String> ACTIONS = Set.of("insert", "update", "delete", "set", "unset", "modify");
    private static final int MAX_BODY = 64 * 1024;
    private static final int MAX_LISTED = 1000;

    private final SimulatorSettings settings;
    private final byte[] expectedAuthorization;
    private final Masking masking;
    private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();

    /**
     * @param settings token, semantics and limits
     */
    public WtlSimulator(SimulatorSettings settings) {
        this.settings = settings;
        this.expectedAuthorization = settings.token().getBytes(StandardCharsets.UTF_8);
        this.masking = Masking.of(!settings.logSubscriberIds());
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/prov", this::provision)
                .get("/subscribers", this::list)
                .get("/subscribers/{imsi}", this::show)
                .any("/prov", (req, res) -> answer(res, 405, failure("Method not allowed")))
                .any("/subscribers", (req, res) -> answer(res, 405, failure("Method not allowed")))
                .any("/subscribers/{imsi}", (req, res) -> answer(res, 405, failure("Method not allowed")));
    }

    /** The subscriber with this IMSI, if held. */
    public Optional<Subscriber> subscriber(String imsi) {
        return Optional.ofNullable(subscribers.get(imsi));
    }

    /** Number of subscribers held. */
    public int subscriberCount() {
        return subscribers.size();
    }

    /** Provisioning requests received, valid or not. */
    public long requestCount() {
        return requests.get();
    }

    /** Forgets every subscriber and the request count. */
    public void reset() {
        subscribers.clear();
        requests.set(0);
    }

    private void provision(ServerRequest req, ServerResponse res) throws IOException {
        requests.incrementAndGet();
        if (!authorized(req)) {
            answer(res, 401, failure("Invalid token"));
            return;
        }
        byte[] body;
        try (InputStream in = req.content().inputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            answer(res, 413, failure("body: larger than " + MAX_BODY + " bytes"));
            return;
        }
        Prov prov;
        try {
            prov = Prov.parse(body);
        } catch (Invalid e) {
            LOG.info("WTL simulator refused a request", kv("wtl_status", 400), kv("wtl_error", e.getMessage()));
            answer(res, 400, failure(e.getMessage()));
            return;
        }
        Result result = apply(prov);
        LOG.info("WTL simulator received " + prov.action,
                 kv("wtl_action", prov.action),
                 kv("imsi", masking.imsi(prov.imsi)),
                 kv("subscriber_status", prov.status),
                 kv("msisdn", prov.msisdn == null ? null : prov.msisdn.stream().map(masking::msisdn).toList()),
                 kv("cs_profile", prov.csProfile),
                 kv("eps_profile", prov.epsProfile),
                 kv("wtl_status", result.status));
        if (settings.latency().isPositive()) {
            // a slow HLR: the operation is applied, its answer comes late
            try {
                Thread.sleep(settings.latency());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        answer(res, result.status, result.body);
    }

    private Result apply(Prov prov) {
        String imsi = prov.imsi;
        AtomicReference<Result> result = new AtomicReference<>();
        Instant now = Instant.now();
        subscribers.compute(imsi, (key, current) -> {
            boolean present = current != null;
            switch (prov.action) {
            case "insert" -> {
                if (present) {
                    result.set(new Result(409, failure("Subscriber with IMSI " + imsi + " already exists")));
                    return current;
                }
                if (full()) {
                    result.set(new Result(507, failure("Subscriber store full")));
                    return null;
                }
                result.set(new Result(200, success("Subscriber " + imsi + " inserted")));
                return prov.merge(null, now);
            }
            case "update" -> {
                if (!present && (!settings.updateCreates() || full())) {
                    result.set(!settings.updateCreates() ? notFound(imsi)
                                       : new Result(507, failure("Subscriber store full")));
                    return null;
                }
                result.set(new Result(200, success("Subscriber " + imsi + " updated")));
                return prov.merge(current, now);
            }
            case "delete" -> {
                result.set(present ? new Result(200, success("Subscriber " + imsi + " deleted")) : notFound(imsi));
                return null;
            }
            case "unset" -> {
                if (!present) {
                    result.set(notFound(imsi));
                    return null;
                }
                result.set(new Result(200, success("Subscriber " + imsi + " updated")));
                return prov.clear(current, now);
            }
            default -> {
                // set, modify: merge into an existing subscriber
                if (!present) {
                    result.set(notFound(imsi));
                    return null;
                }
                result.set(new Result(200, success("Subscriber " + imsi + " updated")));
                return prov.merge(current, now);
            }
            }
        });
        return result.get();
    }

    private boolean full() {
        return subscribers.size() >= settings.maxSubscribers();
    }

    private void show(ServerRequest req, ServerResponse res) {
        if (!authorized(req)) {
            answer(res, 401, failure("Invalid token"));
            return;
        }
        String imsi = req.path().pathParameters().get("imsi");
        Subscriber subscriber = subscribers.get(imsi);
        if (subscriber == null) {
            Result missing = notFound(imsi);
            answer(res, missing.status, missing.body);
        } else {
            answer(res, 200, subscriber.toJson());
        }
    }

    private void list(ServerRequest req, ServerResponse res) {
        if (!authorized(req)) {
            answer(res, 401, failure("Invalid token"));
            return;
        }
        List<Subscriber> held = new ArrayList<>(subscribers.values());
        held.sort(Comparator.comparing(Subscriber::imsi));
        StringBuilder json = new StringBuilder(64 + Math.min(held.size(), MAX_LISTED) * 160)
                .append("{\"count\":").append(held.size()).append(",\"subscribers\":[");
        for (int i = 0; i < Math.min(held.size(), MAX_LISTED); i++) {
            json.append(i == 0 ? "" : ",").append(held.get(i).toJson());
        }
        answer(res, 200, json.append("]}").toString());
    }

    private boolean authorized(ServerRequest req) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("").strip();
        if (header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] token = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(token, expectedAuthorization);
    }

    private static Result notFound(String imsi) {
        return new Result(404, failure("Subscriber with IMSI " + imsi + " not found"));
    }

    private static String success(String message) {
        StringBuilder json = new StringBuilder(64).append("{\"result\":true,\"message\":");
        JsonText.appendString(json, message);
        return json.append('}').toString();
    }

    private static String failure(String error) {
        StringBuilder json = new StringBuilder(64).append("{\"result\":false,\"error\":");
        JsonText.appendString(json, error);
        return json.append('}').toString();
    }

    private static void answer(ServerResponse res, int status, String body) {
        res.status(Status.create(status))
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .send(body.getBytes(StandardCharsets.UTF_8));
    }

    private record Result(int status, String body) {
    }

    /** A request that breaks the WTL field rules; the message names the field. */
    private static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** One parsed and checked {@code /prov} body; null fields were not sent. */
    private static final class Prov {
        private String imsi;
        private String status;
        private List<String> msisdn;
        private String csProfile;
        private String epsProfile;
        private String action = "update";

        static Prov parse(byte[] body) throws Invalid {
            JsonObject json;
            try {
                json = StrictJson.parseObject(body);
            } catch (StrictJson.NotAnObject e) {
                throw new Invalid("body: " + e.getMessage());
            }
            for (String key : json.keySet()) {
                if (!FIELDS.contains(key)) {
                    throw new Invalid(key + ": unknown field");
                }
            }
            Prov prov = new Prov();
            prov.imsi = string(json, "imsi");
            if (prov.imsi == null) {
                throw new Invalid("imsi: required");
            }
            if (!WtlRequest.IMSI.matcher(prov.imsi).matches()) {
                throw new Invalid("imsi: must match ^[0-9]{15}$");
            }
            String action = string(json, "action");
            if (action != null) {
                if (!ACTIONS.contains(action)) {
                    throw new Invalid("action: must be one of insert, update, delete, set, unset, modify");
                }
                prov.action = action;
            }
            prov.status = string(json, "subscriber_status");
            if (prov.status != null && !STATUSES.contains(prov.status)) {
                throw new Invalid("subscriber_status: must be serviceGranted or operatorDeterminedBarring");
            }
            if ((prov.action.equals("insert") || prov.action.equals("update")) && prov.status == null) {
                throw new Invalid("subscriber_status: required for " + prov.action);
            }
            JsonValue msisdn = json.get("msisdn");
            if (msisdn != null && msisdn.getValueType() != JsonValue.ValueType.NULL) {
                if (!(msisdn instanceof JsonArray array)) {
                    throw new Invalid("msisdn: must be an array");
                }
                if (array.size() > 1) {
                    throw new Invalid("msisdn: at most 1 item");
                }
                List<String> numbers = new ArrayList<>(1);
                for (JsonValue item : array) {
                    if (!(item instanceof JsonString s)) {
                        throw new Invalid("msisdn: items must be strings");
                    }
                    numbers.add(s.getString());
                }
                prov.msisdn = numbers;
            }
            prov.csProfile = profile(json, "cs_profile");
            prov.epsProfile = profile(json, "eps_profile");
            return prov;
        }

        Subscriber merge(Subscriber current, Instant now) {
            return new Subscriber(imsi,
                                  status != null ? status : current == null ? null : current.subscriberStatus(),
                                  msisdn != null ? msisdn : current == null ? List.of() : current.msisdn(),
                                  csProfile != null ? csProfile : current == null ? null : current.csProfile(),
                                  epsProfile != null ? epsProfile : current == null ? null : current.epsProfile(),
                                  now);
        }

        Subscriber clear(Subscriber current, Instant now) {
            return new Subscriber(imsi,
                                  status != null ? null : current.subscriberStatus(),
                                  msisdn != null ? List.of() : current.msisdn(),
                                  csProfile != null ? null : current.csProfile(),
                                  epsProfile != null ? null : current.epsProfile(),
                                  now);
        }

        private static String profile(JsonObject json, String key) throws Invalid {
            String value = string(json, key);
            if (value != null && !WtlRequest.PROFILE.matcher(value).matches()) {
                throw new Invalid(key + ": must match ^[a-zA-Z][-_.a-zA-Z0-9]*$");
            }
            return value;
        }

        private static String string(JsonObject json, String key) throws Invalid {
            JsonValue value = json.get(key);
            if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
                return null;
            }
            if (!(value instanceof JsonString s)) {
                throw new Invalid(key + ": must be a string");
            }
            return s.getString();
        }
    }
}
