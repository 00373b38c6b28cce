-- Network as Code on PostgreSQL (connector.state.store=postgres): every replica finds a device by the aliases its
-- notifications name (sub:<subscription id>, tel:, nai:, ip4:, ip6:), as the memory store's index does. An alias
-- belongs to one row at a time; the connector moves it under a transaction-scoped advisory lock.
ALTER TABLE nac_device_status ADD COLUMN aliases text[] NOT NULL DEFAULT '{}';
CREATE INDEX nac_device_status_aliases ON nac_device_status USING gin (aliases);

-- The status is the JSON document GET /devices serves, kept as written: json, not jsonb, since jsonb cannot hold
-- the escape \u0000 that a sender's free text (a termination description, say) may carry. Nothing queries inside it.
ALTER TABLE nac_device_status ALTER COLUMN status TYPE json USING status::json;
