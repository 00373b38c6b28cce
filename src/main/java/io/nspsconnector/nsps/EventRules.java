package io.nspsconnector.nsps;

import java.util.function.Supplier;

import io.nspsconnector.errors.ConnectorError.InvalidEvent;

/**
 * The one decision path from a request body to a {@link Plan}: validation, then the rules of the mappings in
 * force. {@code POST /process-event} takes it before applying the plan through WTL; {@code POST /explain} and the
 * {@code explain} command take it and only render the plan, so the preview cannot drift from processing.
 * <p>
 * Nothing here performs I/O or keeps state: it never reaches WTL.
 */
public final class EventRules {

    private final Supplier<Mappings> mappings;
    private final EventValidator validator;
    private final EventPlanner planner;

    /**
     * @param mappings  the rules in force, read once per decision (they may be reloaded between events)
     * @param validator body to typed event
     * @param planner   rule evaluation
     */
    public EventRules(Supplier<Mappings> mappings, EventValidator validator, EventPlanner planner) {
        this.mappings = mappings;
        this.validator = validator;
        this.planner = planner;
    }

    /**
     * A decided event: the event and what the rules want done with it.
     *
     * @param event the validated event
     * @param plan  WTL requests in order, or the reason to ignore it
     */
    public record Decision(NspsEvent event, Plan plan) {
    }

    /**
     * Validates a body.
     *
     * @param body UTF-8 JSON request body
     * @return the typed event
     * @throws InvalidEvent listing every problem
     */
    public NspsEvent validate(byte[] body) {
        return validator.validate(body);
    }

    /**
     * Applies the rules in force to a validated event.
     *
     * @param event validated event
     * @return the plan
     * @throws InvalidEvent if the event's data cannot form valid WTL requests
     */
    public Plan plan(NspsEvent event) {
        return planner.plan(event, mappings.get());
    }

    /**
     * The metrics label of an event's type: the type itself when the mappings name it, else {@code unmapped}
     * (keeps the label set bounded).
     *
     * @param event validated event
     * @return label
     */
    public String typeLabel(NspsEvent event) {
        return mappings.get().events().containsKey(event.eventType()) ? event.eventType() : "unmapped";
    }
}
