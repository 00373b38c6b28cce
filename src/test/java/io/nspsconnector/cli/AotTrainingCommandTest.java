package io.nspsconnector.cli;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** The AOT training run drives the real connector and gets every answer it expects, or the image build fails. */
class AotTrainingCommandTest {

    @Test
    void trainingRunGetsTheExpectedAnswerToEveryRequest() {
        assertThat(AotTrainingCommand.run(Path.of("config")), is(0));
    }
}
