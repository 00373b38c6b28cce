package io.nspsconnector.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/**
 * The NSPS-facing endpoint: auth first (before the body is read), then the event handler; any other method on
 * the event path is a 405.
 */
public final class EventService implements HttpService {

    private final String eventPath;
    private final AuthFilter auth;
    private final EventHandler events;

    /**
     * @param eventPath path NSPS posts to
     * @param auth      Bearer check
     * @param events    event handler
     */
    public EventService(String eventPath, AuthFilter auth, EventHandler events) {
        this.eventPath = eventPath;
        this.auth = auth;
        this.events = events;
    }

    @Override
    public void routing(HttpRules rules) {
        AllowedMethods.post(rules, eventPath, auth, events);
    }
}
