-- The connector's shared state (connector.state.store=postgres). Rows older than connector.state.postgres.retention
-- (by updated_at) count as absent.

-- Events applied to WTL, in part (applied_ops: the WTL requests already applied) or in full (complete): a re-delivery
-- of a complete event is a duplicate, and a partly applied event does not send its applied operations again.
CREATE TABLE delivery_event (
    event_id    text        PRIMARY KEY,
    applied_ops text[]      NOT NULL DEFAULT '{}',
    complete    boolean     NOT NULL DEFAULT false,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX delivery_event_updated_at ON delivery_event (updated_at);

-- Per IMSI, the NSPS created_at of the newest event applied to it, exact to the nanosecond (epoch second and
-- nanosecond of that second, as NSPS may send nine fraction digits): an older event's operation is stale.
CREATE TABLE delivery_subscriber (
    imsi                 text        PRIMARY KEY,
    created_epoch_second bigint      NOT NULL,
    created_nano         integer     NOT NULL CHECK (created_nano BETWEEN 0 AND 999999999),
    updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX delivery_subscriber_updated_at ON delivery_subscriber (updated_at);

-- Network as Code notifications seen (CloudEvents source + id), to recognise a re-delivery on any pod.
CREATE TABLE nac_notification (
    source      text        NOT NULL,
    id          text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, id)
);
CREATE INDEX nac_notification_received_at ON nac_notification (received_at);

-- The latest status of each device, as GET /devices shows it (one JSON document per device key).
CREATE TABLE nac_device_status (
    device_key text        PRIMARY KEY,
    status     jsonb       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX nac_device_status_updated_at ON nac_device_status (updated_at);
