package io.nspsconnector.nac;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

/** Every remembered notification id has a bounded size, so the count of remembered ids bounds their bytes. */
class NotificationBoundsTest {

    @Test
    void theDedupeKeyOfALongIdIsBoundedAndStillTellsIdsApart() {
        Notification a = notification("https://nac.example/" + "s".repeat(200), "a".repeat(256));
        Notification b = notification("https://nac.example/" + "s".repeat(200), "a".repeat(255) + "b");

        assertThat(a.dedupeKey().length(), lessThanOrEqualTo(64));
        assertThat(a.dedupeKey(), not(b.dedupeKey()));
        assertThat(a.dedupeKey(), is(notification(a.source(), a.id()).dedupeKey()));
        assertThat(notification("/s", "id-1").dedupeKey(), is("/s\u0000id-1"));
    }

    private static Notification notification(String source, String id) {
        return new Notification(source, id, "t", "unknown", Instant.EPOCH, null, Device.NONE,
                                new Notification.Unknown());
    }
}
