package io.nspsconnector.nac;

/** CAMARA device-status v0 {@code ConnectivityStatus}: what the device can use right now. */
public enum ConnectivityStatus {
    /** Attached and able to use data (SMS too, possibly). */
    CONNECTED_DATA,
    /** Attached for SMS only. */
    CONNECTED_SMS,
    /** Not attached. */
    NOT_CONNECTED
}
