package io.nspsconnector.security;

import io.nspsconnector.testing.TestConnector;
import io.nspsconnector.testing.TokenLeakAppender;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/**
 * Runs after every other test class and checks the whole suite's log output (every line from INFO up, rendered as
 * in production, seen by {@link TokenLeakAppender}): no configured token appears in any line.
 */
@Order(Integer.MAX_VALUE)
class LogLeakCheckTest {

    @Test
    void noConfiguredTokenAppearsInTheWholeSuitesLogOutput() {
        LoggerFactory.getLogger(LogLeakCheckTest.class).info("Token check of the suite's log output");

        System.out.printf("LOG TOKEN CHECK: %d log lines from %d loggers checked for %d configured tokens: %d "
                                  + "leaks%n", TokenLeakAppender.lines(), TokenLeakAppender.loggers().size(),
                          TokenLeakAppender.SECRETS.size(), TokenLeakAppender.leaks().size());
        assertThat(TokenLeakAppender.leaks(), is(empty()));
        assertThat("the check sees the log output", TokenLeakAppender.lines(), greaterThan(0L));
    }

    @Test
    void theCheckFindsATokenInALine() {
        String line = "{\"message\":\"Authorization: Bearer " + TestConnector.WTL_TOKEN + "\"}";

        assertThat(TokenLeakAppender.leak(line), is(TestConnector.WTL_TOKEN));
        assertThat(TokenLeakAppender.leak("{\"message\":\"Bearer <redacted>\"}") == null, is(true));
    }
}
