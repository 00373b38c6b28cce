package io.nspsconnector.testing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

/**
 * A seeded stream of NSPS events for the fault matrices, and the WTL state they must lead to. The events are for
 * accounts that each hold a SIM: created first, then mostly updated (bill status and blocking change), sometimes
 * replaced by a new SIM, sometimes deleted (the account's next event creates a new SIM). Each event's profiles are
 * named {@code ev<seq>}/{@code eps<seq>}, which is how {@link FaultyWtl} tells its operations apart; its
 * {@code created_at} grows with its sequence number, so NSPS order is sequence order.
 */
public final class NspsEventStream {

    private static final Instant T0 = Instant.parse("2025-03-12T16:00:00Z");

    /**
     * One generated NSPS event and the WTL operations it must lead to.
     *
     * @param seq  its place in NSPS order
     * @param id   its event_id
     * @param body its JSON
     * @param ops  the operations, in the order the connector sends them
     */
    public record Event(int seq, String id, String body, List<Op> ops) {
    }

    /**
     * One expected WTL operation.
     *
     * @param imsi   subscriber
     * @param action insert, update or delete
     * @param state  the subscriber as the operation leaves it
     */
    public record Op(String imsi, String action, FaultyWtl.State state) {
    }

    private NspsEventStream() {
    }

    /**
     * @param seed        seed of the stream
     * @param subscribers accounts
     * @param count       events
     * @return the events in NSPS order
     */
    public static List<Event> generate(long seed, int subscribers, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] imsis = new int[1];
        String[] sim = new String[subscribers];
        List<Event> events = new ArrayList<>(count);
        for (int seq = 0; seq < count; seq++) {
            int account = random.nextInt(subscribers);
            String msisdn = "7900" + String.format("%07d", account);
            boolean open = random.nextInt(10) < 8;
            boolean blocked = random.nextInt(10) == 0;
            FaultyWtl.State own = new FaultyWtl.State(open && !blocked ? "serviceGranted" : "operatorDeterminedBarring",
                                                      open ? List.of(msisdn) : List.of(), "ev" + seq, "eps" + seq);
            String type;
            String prev = null;
            List<Op> ops = new ArrayList<>();
            int pick = random.nextInt(100);
            if (sim[account] == null) {
                sim[account] = imsi(++imsis[0]);
                type = "SIM/Created";
                ops.add(new Op(sim[account], "insert", own));
            } else if (pick < 80) {
                type = "SIM/Updated";
                ops.add(new Op(sim[account], "update", own));
            } else if (pick < 92) {
                type = "SIM/Replaced";
                prev = sim[account];
                sim[account] = imsi(++imsis[0]);
                ops.add(new Op(prev, "update", new FaultyWtl.State("operatorDeterminedBarring", List.of(),
                                                                   "ev" + seq, "eps" + seq)));
                ops.add(new Op(sim[account], "update", own));
            } else {
                type = "SIM/Deleted";
                ops.add(new Op(sim[account], "delete", own));
            }
            String current = sim[account];
            if (type.equals("SIM/Deleted")) {
                sim[account] = null;
            }
            String id = new UUID(random.nextLong(), random.nextLong()).toString();
            events.add(new Event(seq, id, body(seq, id, type, new Account(account, open, blocked), current, prev),
                                 List.copyOf(ops)));
        }
        return List.copyOf(events);
    }

    /**
     * WTL's state after applying every event's operations in NSPS ({@code created_at}) order.
     *
     * @param events the stream
     * @return subscriber by IMSI
     */
    public static Map<String, FaultyWtl.State> replay(List<Event> events) {
        Map<String, FaultyWtl.State> state = new HashMap<>();
        for (Event e : events) {
            for (Op op : e.ops()) {
                switch (op.action()) {
                case "insert" -> state.putIfAbsent(op.imsi(), op.state());
                case "delete" -> state.remove(op.imsi());
                default -> state.put(op.imsi(), op.state());
                }
            }
        }
        return state;
    }

    /** An account as one event describes it. */
    private record Account(int id, boolean open, boolean blocked) {
    }

    private static String body(int seq, String id, String type, Account account, String imsi, String prev) {
        String msisdn = "7900" + String.format("%07d", account.id());
        ZoneOffset offset = ZoneOffset.ofHours(account.id() % 3 - 1);
        JsonObjectBuilder pb = Json.createObjectBuilder()
                .add("account_info", Json.createObjectBuilder()
                        .add("bill_status", account.open() ? "open" : "suspended")
                        .add("blocked", account.blocked())
                        .add("id", msisdn + "@msisdn"))
                .add("sim_info", Json.createObjectBuilder().add("imsi", imsi))
                .add("access_policy_info", Json.createObjectBuilder().add("attributes", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("group_name", "lte.wtl").add("name", "cs_profile")
                                     .add("value", "ev" + seq))
                        .add(Json.createObjectBuilder().add("group_name", "lte.wtl").add("name", "eps_profile")
                                     .add("value", "eps" + seq))));
        if (prev != null) {
            pb.add("prev_sim_info", Json.createObjectBuilder().add("imsi", prev));
        }
        return Json.createObjectBuilder()
                .add("event_id", id)
                .add("created_at", OffsetDateTime.ofInstant(T0.plusMillis(seq), offset).toString())
                .add("data", Json.createObjectBuilder().add("event_type", type)
                        .add("variables", Json.createObjectBuilder().add("i_account", account.id())))
                .add("pb_data", pb)
                .build().toString();
    }

    private static String imsi(int n) {
        return "00101" + String.format("%010d", n);
    }
}
