package io.nspsconnector.nac;

import java.time.Duration;
import java.util.List;

/**
 * Network as Code (CAMARA) device-status notification receiver settings, read from {@code connector.nac}.
 *
 * @param enabled      whether {@code path} and the device status endpoints are served
 * @param path         path Network as Code posts notifications to
 * @param tokens       Bearer tokens given to Network as Code when subscribing (several during a rotation)
 * @param maxBodyBytes largest accepted notification body
 * @param maxDevices   devices whose latest status is kept; the least recently updated is dropped beyond it
 * @param dedupeMaxIds notification ids remembered to recognise re-deliveries
 * @param dedupeWindow how long a notification id is remembered
 */
public record NacSettings(boolean enabled, String path, List<String> tokens, long maxBodyBytes, int maxDevices,
                  int dedupeMaxIds, Duration dedupeWindow) {
    /** Copies lists. */
    public NacSettings {
        tokens = List.copyOf(tokens);
    }

    @Override
    public String toString() {
        return "NacSettings[enabled=" + enabled + ", path=" + path + ", tokens=<" + tokens.size() + " redacted>"
                + ", maxBodyBytes=" + maxBodyBytes + ", maxDevices=" + maxDevices + ", dedupeMaxIds="
                + dedupeMaxIds + ", dedupeWindow=" + dedupeWindow + "]";
    }
}
