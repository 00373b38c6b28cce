package io.nspsconnector.nac;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import io.nspsconnector.http.AllowedMethods;
import io.nspsconnector.http.AuthFilter;

/**
 * The Network as Code webhook: correlation header, then the notification token check (before the body is read),
 * then the handler; any other method on the path is a 405.
 */
public final class NotificationService implements HttpService {

    private final String path;
    private final AuthFilter auth;
    private final NotificationHandler notifications;

    /**
     * @param path          path Network as Code posts to
     * @param auth          Bearer check against the notification token(s)
     * @param notifications notification handler
     */
    public NotificationService(String path, AuthFilter auth, NotificationHandler notifications) {
        this.path = path;
        this.auth = auth;
        this.notifications = notifications;
    }

    @Override
    public void routing(HttpRules rules) {
        AllowedMethods.post(rules, path, NotificationHandler::correlate, auth, notifications);
    }
}
