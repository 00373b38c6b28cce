package io.nspsconnector.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** One live file: when it parses again, what it keeps, and what it reports once rather than at every poll. */
class LiveFileTest {

    @TempDir
    Path tmp;

    private final AtomicInteger parses = new AtomicInteger();

    @Test
    void unchangedBytesAreNotParsedAgain() throws IOException {
        LiveFile<List<String>> file = load("a");
        assertThat(file.check(), is(LiveFile.Change.NONE));
        assertThat(file.check(), is(LiveFile.Change.NONE));
        assertThat(parses.get(), is(1));
    }

    @Test
    void changedValidContentIsApplied() throws IOException {
        LiveFile<List<String>> file = load("a");
        write("b\nc");
        assertThat(file.check(), is(LiveFile.Change.APPLIED));
        assertThat(file.get(), contains("b", "c"));
        assertThat(file.problems(), is(empty()));
    }

    @Test
    void invalidContentIsReportedOnceAndTheLastGoodValueStays() throws IOException {
        LiveFile<List<String>> file = load("a");
        write("   \n");
        assertThat(file.check(), is(LiveFile.Change.REJECTED));
        assertThat(file.check(), is(LiveFile.Change.NONE));
        assertThat(file.get(), contains("a"));
        assertThat(file.problems().getFirst(), containsString("holds no token"));

        write("a");   // back to the content in force: applied again, problems cleared
        assertThat(file.check(), is(LiveFile.Change.APPLIED));
        assertThat(file.problems(), is(empty()));
    }

    @Test
    void aVanishedFileIsReportedOnceAndItsReturnIsApplied() throws IOException {
        LiveFile<List<String>> file = load("a");
        Files.delete(tmp.resolve("tokens"));
        assertThat(file.check(), is(LiveFile.Change.REJECTED));
        assertThat(file.check(), is(LiveFile.Change.NONE));
        assertThat(file.problems().getFirst(), containsString("file not found"));
        assertThat(file.get(), contains("a"));

        write("a");
        assertThat(file.check(), is(LiveFile.Change.APPLIED));
        assertThat(file.problems(), is(empty()));
    }

    @Test
    void anInvalidFileAtStartIsAnError() throws IOException {
        write("");
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                                                () -> LiveFile.load("tokens", tmp.resolve("tokens"), this::parse));
        assertThat(e.problems().getFirst(), containsString("holds no token"));
    }

    private LiveFile<List<String>> load(String content) throws IOException {
        write(content);
        return LiveFile.load("tokens", tmp.resolve("tokens"), this::parse);
    }

    private List<String> parse(byte[] content, String source) {
        parses.incrementAndGet();
        return Secrets.parse(content, source);
    }

    private void write(String content) throws IOException {
        Files.writeString(tmp.resolve("tokens"), content, StandardCharsets.UTF_8);
    }
}
