package io.nspsconnector.nac;

import java.time.Duration;

/** The device status store contract for the memory store. */
class MemoryDeviceStatusStoreContractTest extends DeviceStatusStoreContract {

    @Override
    protected DeviceStatusStore emptyStore(Duration dedupeWindow) {
        return new MemoryDeviceStatusStore(1000, 1000, dedupeWindow);
    }
}
