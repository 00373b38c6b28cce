package io.nspsconnector.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.errors.FieldProblem;
import io.nspsconnector.json.JsonText;
import io.nspsconnector.nsps.EventRules;
import io.nspsconnector.nsps.NspsEvent;
import io.nspsconnector.nsps.Plan;
import io.nspsconnector.wtl.WtlRequest;

/**
 * What {@code POST /process-event} would do with an event under the rules in force, without doing it: the answer
 * of {@code POST /explain} and the output of the {@code explain} command.
 * <p>
 * The decision comes from {@link EventRules#validate} then {@link EventRules#plan}, the path processing takes up to
 * the WTL call. The JSON form:
 * <pre>
 * {"outcome": "processed" | "ignored" | "invalid",
 *  "event_id": …, "event_type": …,                  (when the body was a valid event)
 *  "wtl_requests": [{"method":"POST","path":"/prov","body":{…}}, …],   (in order; empty unless processed)
 *  "reason": …,                                      (ignored)
 *  "error": …, "details": [{"field","problem"}, …], (invalid)
 *  "answer": {"status": 202 | 422, "body": {…}}}   (what NSPS gets; for processed, once WTL accepted every request)
 * </pre>
 *
 * @param outcome  {@code processed}, {@code ignored} or {@code invalid} (the metrics outcome labels)
 * @param event    the event, absent when the body was not a valid event
 * @param requests WTL requests in order (processed only)
 * @param ignore   the rule's reason (ignored only)
 * @param invalid  the validation failure (invalid only)
 */
public record Explanation(String outcome, Optional<NspsEvent> event, List<WtlRequest> requests,
                          Optional<Plan.Ignore> ignore, Optional<ConnectorError.InvalidEvent> invalid) {

    /** Path of every WTL request, relative to the WTL base URL. */
    public static final String WTL_PATH = "/prov";

    /** Copies the list. */
    public Explanation {
        requests = List.copyOf(requests);
    }

    /**
     * Decides an event body and explains the decision.
     *
     * @param rules the rules, the same instance processing uses
     * @param body  UTF-8 JSON body
     * @return the explanation; never throws for an invalid event
     */
    public static Explanation of(EventRules rules, byte[] body) {
        NspsEvent event = null;
        try {
            event = rules.validate(body);
            return of(new EventRules.Decision(event, rules.plan(event)));
        } catch (ConnectorError.InvalidEvent e) {
            return new Explanation("invalid", Optional.ofNullable(event), List.of(), Optional.empty(), Optional.of(e));
        }
    }

    /**
     * Explains a decision.
     *
     * @param decision event and plan
     * @return the explanation
     */
    public static Explanation of(EventRules.Decision decision) {
        return switch (decision.plan()) {
            case Plan.Apply apply -> new Explanation("processed", Optional.of(decision.event()), apply.requests(),
                                                     Optional.empty(), Optional.empty());
            case Plan.Ignore ignore -> new Explanation("ignored", Optional.of(decision.event()), List.of(),
                                                       Optional.of(ignore), Optional.empty());
        };
    }

    /** Whether {@code /process-event} would refuse the event (422). */
    public boolean isInvalid() {
        return invalid.isPresent();
    }

    /** The HTTP status {@code /process-event} answers when WTL accepts every request. */
    public int answerStatus() {
        return invalid.map(e -> ErrorMapper.body(e).status().code()).orElse(202);
    }

    /** The body {@code /process-event} answers when WTL accepts every request, as JSON bytes. */
    public byte[] answerBody() {
        if (invalid.isPresent()) {
            return ErrorMapper.body(invalid.get()).toJson();
        }
        return ignore.map(i -> EventHandler.ignoredBody(i.reason())).orElseGet(EventHandler::processedBody);
    }

    /** The explanation as one line of JSON. */
    public String toJson() {
        StringBuilder json = new StringBuilder(512).append("{\"outcome\":\"").append(outcome).append('"');
        event.ifPresent(e -> {
            json.append(",\"event_id\":");
            JsonText.appendString(json, e.eventId());
            json.append(",\"event_type\":");
            JsonText.appendString(json, e.eventType());
        });
        json.append(",\"wtl_requests\":[");
        for (int i = 0; i < requests.size(); i++) {
            json.append(i == 0 ? "" : ",").append("{\"method\":\"POST\",\"path\":\"").append(WTL_PATH)
                    .append("\",\"body\":").append(requests.get(i).toJson()).append('}');
        }
        json.append(']');
        ignore.ifPresent(i -> {
            json.append(",\"reason\":");
            JsonText.appendString(json, i.reason());
        });
        invalid.ifPresent(e -> {
            json.append(",\"error\":");
            JsonText.appendString(json, e.error());
            json.append(",\"details\":[");
            List<FieldProblem> problems = e.problems();
            for (int i = 0; i < problems.size(); i++) {
                json.append(i == 0 ? "{\"field\":" : ",{\"field\":");
                JsonText.appendString(json, problems.get(i).field());
                json.append(",\"problem\":");
                JsonText.appendString(json, problems.get(i).problem());
                json.append('}');
            }
            json.append(']');
        });
        json.append(",\"answer\":{\"status\":").append(answerStatus())
                .append(",\"body\":").append(new String(answerBody(), StandardCharsets.UTF_8)).append("}}");
        return json.toString();
    }
}
