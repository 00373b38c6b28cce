package io.nspsconnector.wtl;

import java.util.Locale;

/** Provisioning operations of the WTL {@code /prov} call. */
public enum WtlAction {
    INSERT,
    UPDATE,
    DELETE,
    SET,
    UNSET,
    MODIFY;

    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The value sent in the {@code action} field. */
    public String wire() {
        return wire;
    }

    /**
     * Parses a configured action name.
     *
     * @param value name as written in the mappings, case-insensitive
     * @return the action
     * @throws IllegalArgumentException naming the allowed values
     */
    public static WtlAction parse(String value) {
        for (WtlAction action : values()) {
            if (action.wire.equalsIgnoreCase(value.trim())) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown WTL action '" + value
                                                   + "' (allowed: insert, update, delete, set, unset, modify)");
    }
}
