package io.nspsconnector.nac;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.errors.FieldProblem;
import io.nspsconnector.json.StrictJson;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Turns a notification body into a {@link Notification}, for every generation of the contract (the generations
 * docs/spec/network-as-code-notifications.md lists): strict on the CloudEvents envelope ({@code id}, {@code source},
 * {@code type}, {@code specversion} "1.0", {@code time}), and on the fields each known type needs; liberal
 * elsewhere (unknown members ignored, unknown types accepted, device oddities normalised, {@code countryName}
 * as a string is a one-element list). A pre-CloudEvents (G0) body is recognised by {@code event.eventType}
 * without {@code type}. Anything malformed is a {@link ConnectorError.InvalidNotification} naming each field.
 */
public final class NotificationParser {

    private static final String CAMARA = "org.camaraproject.";
    private static final Pattern VERSION = Pattern.compile("v[0-9]+");
    private static final Pattern SUBSCRIPTION_IN_SOURCE = Pattern.compile("/subscriptions/([^/?#]+)/?$");
    private static final String LEGACY = "legacy";
    /**
     * Longest identifier accepted (CloudEvents {@code id}, {@code source}, {@code type}, subscription ids, device
     * identifiers, and every other string read): ids are remembered and logged, so their size must not be the
     * sender's choice. Real ones are UUIDs, short URIs and E.164 numbers.
     */
    public static final int MAX_ID_LENGTH = 256;
    /** Longest {@code terminationDescription} accepted (free text kept with the device's subscriptions). */
    public static final int MAX_DESCRIPTION_LENGTH = 1024;
    private static final List<String> DEVICE_STRINGS = List.of("phoneNumber", "networkAccessIdentifier",
                                                               "ipv6Address", "ipv4Address");

    /** The event kinds this receiver acts on. */
    private enum Kind { DATA, SMS, DISCONNECTED, ROAMING_STATUS, ROAMING_ON, ROAMING_OFF, CHANGE_COUNTRY, ENDS }

    /** Event family of a CAMARA type: which events it has and whether data must name its subscription. */
    private enum Family {
        DEVICE_STATUS(false), REACHABILITY(true), ROAMING(true);

        private final boolean subscriptionRequired;

        Family(boolean subscriptionRequired) {
            this.subscriptionRequired = subscriptionRequired;
        }

        static Family of(String apiName) {
            return switch (apiName) {
                case "device-status" -> DEVICE_STATUS;
                case "device-reachability-status-subscriptions" -> REACHABILITY;
                case "device-roaming-status-subscriptions", "roaming-status-subscriptions" -> ROAMING;
                default -> null;
            };
        }

        Kind kind(String event) {
            if (event.equals("subscription-ends") || event.equals("subscription-ended")) {
                return Kind.ENDS;
            }
            return switch (this) {
                case DEVICE_STATUS -> switch (event) {
                    case "connectivity-data" -> Kind.DATA;
                    case "connectivity-sms" -> Kind.SMS;
                    case "connectivity-disconnected" -> Kind.DISCONNECTED;
                    default -> roaming(event);
                };
                case REACHABILITY -> switch (event) {
                    case "reachability-data" -> Kind.DATA;
                    case "reachability-sms" -> Kind.SMS;
                    case "reachability-disconnected" -> Kind.DISCONNECTED;
                    default -> null;
                };
                case ROAMING -> roaming(event);
            };
        }

        private static Kind roaming(String event) {
            return switch (event) {
                case "roaming-status" -> Kind.ROAMING_STATUS;
                case "roaming-on" -> Kind.ROAMING_ON;
                case "roaming-off" -> Kind.ROAMING_OFF;
                case "roaming-change-country" -> Kind.CHANGE_COUNTRY;
                default -> null;
            };
        }
    }

    /**
     * Parses one body.
     *
     * @param body request body
     * @return the notification
     * @throws ConnectorError.InvalidNotification if it is malformed
     */
    public Notification parse(byte[] body) {
        JsonObject json;
        try {
            json = StrictJson.parseObject(body);
        } catch (StrictJson.NotAnObject e) {
            throw new ConnectorError.InvalidNotification(new FieldProblem("body", e.getMessage()));
        }
        Problems problems = new Problems();
        Notification notification = !json.containsKey("type") && json.get("event") instanceof JsonObject event
                && event.containsKey("eventType")
                ? legacy(json, event, body, problems)
                : cloudEvent(json, problems);
        problems.throwIfAny();
        return notification;
    }

    private Notification cloudEvent(JsonObject json, Problems problems) {
        String id = problems.requiredString(json, "id", "id");
        String source = problems.requiredString(json, "source", "source");
        String type = problems.requiredString(json, "type", "type");
        String specversion = problems.requiredString(json, "specversion", "specversion");
        if (specversion != null && !specversion.equals("1.0")) {
            problems.add("specversion", "must be \"1.0\"");
        }
        Instant time = problems.time(json, "time", "time");
        JsonValue data = json.get("data");
        if (data != null && data.getValueType() != JsonValue.ValueType.OBJECT
                && data.getValueType() != JsonValue.ValueType.NULL) {
            problems.add("data", "must be an object");
        }
        if (problems.any() || type == null) {
            return null;
        }

        String[] parts = type.split("\\.", -1);
        Family family = type.startsWith(CAMARA) && parts.length == 5 && VERSION.matcher(parts[3]).matches()
                ? Family.of(parts[2]) : null;
        Kind kind = family == null ? null : family.kind(parts[4]);
        if (kind == null) {
            String subscription = data instanceof JsonObject d && d.get("subscriptionId") instanceof JsonString s
                    ? problems.bounded(s.getString(), "data.subscriptionId", MAX_ID_LENGTH) : fromSource(source);
            if (problems.any()) {
                return null;
            }
            return new Notification(source, id, type, "unknown", time, subscription, Device.NONE,
                                    new Notification.Unknown());
        }
        if (!(data instanceof JsonObject d)) {
            problems.add("data", "missing (required for " + parts[4] + ")");
            return null;
        }
        String subscription = problems.optionalString(d, "subscriptionId", "data.subscriptionId");
        if (subscription == null && (family.subscriptionRequired || kind == Kind.ENDS)) {
            problems.add("data.subscriptionId", "missing");
        } else if (subscription == null) {
            subscription = fromSource(source);
        }
        Notification.Change change = change(kind, d, "data", problems);
        deviceBounds(d.get("device"), "data.device", problems);
        Device device = Device.parse(d.get("device"));
        if (device.isEmpty() && subscription == null && !problems.any()) {
            problems.add("data.device", "missing or without a usable identifier, and no subscriptionId to find "
                    + "the device by");
        }
        return problems.any() ? null
                : new Notification(source, id, type, parts[2] + "." + parts[4], time, subscription, device, change);
    }

    private Notification legacy(JsonObject json, JsonObject event, byte[] body, Problems problems) {
        String eventType = problems.requiredString(event, "eventType", "event.eventType");
        Instant time = problems.time(event, "eventTime", "event.eventTime");
        JsonObject detail = event.get("eventDetail") instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
        String subscription = problems.optionalString(json, "eventSubscriptionId", "eventSubscriptionId");
        if (subscription == null) {
            subscription = problems.optionalString(json, "subscriptionId", "subscriptionId");
        }
        if (subscription == null) {
            subscription = problems.optionalString(detail, "subscriptionId", "event.eventDetail.subscriptionId");
        }
        if (problems.any()) {
            return null;
        }
        Kind kind = switch (eventType) {
            case "CONNECTIVITY" -> {
                String status = problems.requiredString(detail, "deviceStatus", "event.eventDetail.deviceStatus");
                if (status == null) {
                    yield null;
                }
                yield switch (status) {
                    case "REACHABLE", "CONNECTED_DATA" -> Kind.DATA;
                    case "CONNECTED_SMS" -> Kind.SMS;
                    case "UNREACHABLE", "NOT_CONNECTED" -> Kind.DISCONNECTED;
                    default -> {
                        problems.add("event.eventDetail.deviceStatus", "must be REACHABLE or UNREACHABLE");
                        yield null;
                    }
                };
            }
            case "ROAMING_STATUS" -> Kind.ROAMING_STATUS;
            case "ROAMING_ON" -> Kind.ROAMING_ON;
            case "ROAMING_OFF" -> Kind.ROAMING_OFF;
            case "ROAMING_CHANGE_COUNTRY" -> Kind.CHANGE_COUNTRY;
            default -> null;
        };
        if (problems.any()) {
            return null;
        }
        // no id in a G0 body: a re-delivery is recognised by its exact bytes
        String id = sha256(body);
        if (kind == null) {
            return new Notification(LEGACY, id, eventType, LEGACY, time, subscription, Device.NONE,
                                    new Notification.Unknown());
        }
        Notification.Change change = change(kind, detail, "event.eventDetail", problems);
        deviceBounds(detail.get("device"), "event.eventDetail.device", problems);
        Device device = Device.parse(detail.get("device"));
        if (device.isEmpty() && subscription == null && !problems.any()) {
            problems.add("event.eventDetail.device", "missing, and no eventSubscriptionId to find the device by");
        }
        return problems.any() ? null
                : new Notification(LEGACY, id, eventType, LEGACY, time, subscription, device, change);
    }

    private static Notification.Change change(Kind kind, JsonObject data, String at, Problems problems) {
        return switch (kind) {
            case DATA -> new Notification.Connectivity(ConnectivityStatus.CONNECTED_DATA);
            case SMS -> new Notification.Connectivity(ConnectivityStatus.CONNECTED_SMS);
            case DISCONNECTED -> new Notification.Connectivity(ConnectivityStatus.NOT_CONNECTED);
            case ROAMING_ON -> new Notification.Roaming(true, false, null, List.of());
            case ROAMING_OFF -> new Notification.Roaming(false, true, null, List.of());
            case ROAMING_STATUS -> {
                JsonValue roaming = data.get("roaming");
                if (roaming == null) {
                    problems.add(at + ".roaming", "missing");
                } else if (roaming != JsonValue.TRUE && roaming != JsonValue.FALSE) {
                    problems.add(at + ".roaming", "must be a boolean");
                }
                Integer code = countryCode(data, at, problems);
                List<String> names = countryName(data, at, problems);
                boolean on = roaming == JsonValue.TRUE;
                // not roaming: no visited country, whatever else was sent
                yield on ? new Notification.Roaming(true, true, code, names)
                        : new Notification.Roaming(false, true, null, List.of());
            }
            case CHANGE_COUNTRY -> new Notification.Roaming(true, true, countryCode(data, at, problems),
                                                            countryName(data, at, problems));
            case ENDS -> new Notification.SubscriptionEnds(
                    problems.requiredString(data, "terminationReason", at + ".terminationReason"),
                    problems.optionalString(data, "terminationDescription", at + ".terminationDescription",
                                            MAX_DESCRIPTION_LENGTH));
        };
    }

    private static Integer countryCode(JsonObject data, String at, Problems problems) {
        JsonValue value = data.get("countryCode");
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        try {
            if (value instanceof JsonNumber n && n.isIntegral()) {
                return n.intValueExact();
            }
            if (value instanceof JsonString s) {
                return Integer.parseInt(s.getString().strip());
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // reported below
        }
        problems.add(at + ".countryCode", "must be an integer (MCC)");
        return null;
    }

    private static List<String> countryName(JsonObject data, String at, Problems problems) {
        JsonValue value = data.get("countryName");
        if (value == null || value == JsonValue.NULL) {
            return List.of();
        }
        if (value instanceof JsonString s) {
            return s.getString().isBlank() ? List.of() : List.of(s.getString().strip());
        }
        if (value.getValueType() == JsonValue.ValueType.ARRAY) {
            List<String> names = new ArrayList<>();
            for (JsonValue element : value.asJsonArray()) {
                if (!(element instanceof JsonString s)) {
                    problems.add(at + ".countryName", "must be a list of strings");
                    return List.of();
                }
                names.add(s.getString());
            }
            return names;
        }
        problems.add(at + ".countryName", "must be a list of strings");
        return List.of();
    }

    /** Device identifiers longer than {@link #MAX_ID_LENGTH} are refused rather than stored or dropped silently. */
    private static void deviceBounds(JsonValue value, String at, Problems problems) {
        if (!(value instanceof JsonObject device)) {
            return;
        }
        for (String name : DEVICE_STRINGS) {
            JsonValue member = device.get(name);
            if (member instanceof JsonString s) {
                problems.bounded(s.getString(), at + "." + name, MAX_ID_LENGTH);
            } else if (member instanceof JsonObject address) {
                address.forEach((k, v) -> {
                    if (v instanceof JsonString s) {
                        problems.bounded(s.getString(), at + "." + name + "." + k, MAX_ID_LENGTH);
                    }
                });
            }
        }
    }

    private static String fromSource(String source) {
        if (source == null) {
            return null;
        }
        Matcher m = SUBSCRIPTION_IN_SOURCE.matcher(source);
        return m.find() ? m.group(1) : null;
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Problems found so far, thrown together. */
    private static final class Problems {
        private final List<FieldProblem> list = new ArrayList<>();

        void add(String field, String problem) {
            list.add(new FieldProblem(field, problem));
        }

        boolean any() {
            return !list.isEmpty();
        }

        String requiredString(JsonObject object, String name, String field) {
            JsonValue value = object.get(name);
            if (value == null || value == JsonValue.NULL) {
                add(field, "missing");
                return null;
            }
            if (!(value instanceof JsonString s)) {
                add(field, "must be a string");
                return null;
            }
            if (s.getString().isBlank()) {
                add(field, "must not be empty");
                return null;
            }
            return bounded(s.getString(), field, MAX_ID_LENGTH);
        }

        String optionalString(JsonObject object, String name, String field) {
            return optionalString(object, name, field, MAX_ID_LENGTH);
        }

        String optionalString(JsonObject object, String name, String field, int max) {
            JsonValue value = object.get(name);
            if (value == null || value == JsonValue.NULL) {
                return null;
            }
            if (!(value instanceof JsonString s)) {
                add(field, "must be a string");
                return null;
            }
            return s.getString().isBlank() ? null : bounded(s.getString(), field, max);
        }

        /** The text, or null with a problem when it is longer than {@code max} characters. */
        String bounded(String text, String field, int max) {
            if (text.length() > max) {
                add(field, "must be at most " + max + " characters, has " + text.length());
                return null;
            }
            return text;
        }

        Instant time(JsonObject object, String name, String field) {
            String text = requiredString(object, name, field);
            if (text == null) {
                return null;
            }
            try {
                return OffsetDateTime.parse(text.strip()).toInstant();
            } catch (DateTimeParseException e) {
                add(field, "must be an RFC 3339 date-time with a zone, e.g. 2024-05-23T08:15:02.114Z");
                return null;
            }
        }

        void throwIfAny() {
            if (!list.isEmpty()) {
                FieldProblem first = list.getFirst();
                throw new ConnectorError.InvalidNotification(first.field() + " " + first.problem(), list);
            }
        }
    }
}
