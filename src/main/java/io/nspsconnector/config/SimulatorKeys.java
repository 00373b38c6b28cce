package io.nspsconnector.config;

import java.time.Duration;
import java.util.Map;

import io.nspsconnector.simulator.SimulatorSettings;

/** Reads {@code connector.simulator} and {@code WTL_SIMULATOR_ENABLED}. */
final class SimulatorKeys {

    private SimulatorKeys() {
    }

    /**
     * @param r         the reader
     * @param requested {@code --simulator} given on the command line
     * @return the settings; enabled only when asked for and no WTL URL is configured
     */
    static SimulatorSettings.Embedded read(Overlay r, boolean requested) {
        SettingsReader s = r.settings();
        Map<String, String> env = r.env();
        boolean urlGiven = env.containsKey("WTL_API_URL") || s.exists("connector.wtl.url");
        boolean set = r.envBool("WTL_SIMULATOR_ENABLED", "connector.simulator.enabled", false);
        return new SimulatorSettings.Embedded((requested || set) && !urlGiven,
                                              s.string("connector.simulator.host", "127.0.0.1"),
                                              s.integer("connector.simulator.port", 3001, 0, 65535),
                                              s.bool("connector.simulator.update-creates", true),
                                              s.exists("connector.simulator.latency")
                                                      ? s.duration("connector.simulator.latency", Duration.ZERO)
                                                      : Duration.ZERO);
    }
}
