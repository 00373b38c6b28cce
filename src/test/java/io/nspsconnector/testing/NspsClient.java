package io.nspsconnector.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.nspsconnector.testing.NspsEventStream.Event;
import io.nspsconnector.testing.NspsEventStream.Op;

/**
 * A client that behaves like NSPS, for the fault matrices: every event is posted once at its time (a few twice at
 * once), every non-2xx, timeout or refused connection is delivered again later with a jittered backoff while other
 * events go on (so an older event's retry often arrives after a newer event of its subscriber: a stale event), and
 * some events answered 2xx are delivered once more later (duplicates). Each delivery goes to the instance the
 * target function picks for it (one server, or a random one of several replicas). It keeps every 2xx answer per
 * event and the other answers by status, and draws up the books against a {@link FaultyWtl} afterwards.
 */
public final class NspsClient implements AutoCloseable {

    /**
     * How it behaves.
     *
     * @param seed               seed of the duplicates, the re-deliveries and the jitter
     * @param workers            deliveries in parallel
     * @param spacing            time between two events' first deliveries
     * @param duplicatePercent   events delivered twice at once, in percent
     * @param redeliver2xxPercent 2xx answers after which the event is delivered once more later, in percent
     * @param timeout            how long one delivery waits for its answer
     */
    public record Settings(long seed, int workers, Duration spacing, int duplicatePercent, int redeliver2xxPercent,
                           Duration timeout) {
    }

    /**
     * The books after a run.
     *
     * @param lost         events never answered 2xx
     * @param unbacked     2xx answers without the WTL apply behind them (or a newer one, for a stale answer)
     * @param duplicates   2xx answers "duplicate event"
     * @param stale        2xx answers "stale"
     * @param unexpected   2xx answers of another kind
     * @param reapplied    WTL state changes by an operation after its event was answered 2xx (processed or
     *                     duplicate): the connector had recorded the event and applied it again
     * @param mismatches   subscribers whose WTL state differs from the events applied in NSPS order
     * @param subscribers  subscribers in that expected state
     */
    public record Books(long lost, long unbacked, long duplicates, long stale, long unexpected, long reapplied,
                        long mismatches, int subscribers) {
    }

    /** One delivery of an event, due at a time. */
    private record Delivery(Event event, int attempt, long dueNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(dueNanos, ((Delivery) other).dueNanos);
        }
    }

    private final List<Event> events;
    private final Settings settings;
    private final Function<SplittableRandom, String> target;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;
    private final DelayQueue<Delivery> queue = new DelayQueue<>();
    private final Map<Integer, List<String>> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    /** When each event was first answered 2xx "processed" or "duplicate" (System.nanoTime()). */
    private final Map<Integer, Long> appliedAnswerNanos = new ConcurrentHashMap<>();
    private final CountDownLatch allDone;
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong non2xx = new AtomicLong();
    private final AtomicLong redelivered2xx = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private long startNanos;

    /**
     * @param events   the stream to deliver
     * @param settings how
     * @param target   the URL of {@code /process-event} on the instance one delivery goes to, given a random source
     */
    public NspsClient(List<Event> events, Settings settings, Function<SplittableRandom, String> target) {
        this.events = events;
        this.settings = settings;
        this.target = target;
        this.allDone = new CountDownLatch(events.size());
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).executor(executor).build();
    }

    /** Queues every event at its time and starts the workers. */
    public void start() {
        SplittableRandom dispatch = new SplittableRandom(settings.seed());
        startNanos = System.nanoTime();
        for (Event e : events) {
            long due = startNanos + settings.spacing().toNanos() * e.seq();
            queue.add(new Delivery(e, 0, due));
            if (dispatch.nextInt(100) < settings.duplicatePercent()) {
                queue.add(new Delivery(e, 0, due)); // NSPS delivering the same event twice at once
            }
        }
        for (int w = 0; w < settings.workers(); w++) {
            long workerSeed = settings.seed() + 7919L * (w + 1);
            threads.add(Thread.ofVirtual().start(() -> work(new SplittableRandom(workerSeed))));
        }
    }

    private void work(SplittableRandom random) {
        while (!Thread.currentThread().isInterrupted()) {
            Delivery d;
            try {
                d = queue.take();
            } catch (InterruptedException ex) {
                return;
            }
            deliveries.incrementAndGet();
            String answer = deliver(target.apply(random), d.event());
            if (answer != null) {
                if (answer.contains("Event processed successfully") || answer.contains("duplicate event")) {
                    appliedAnswerNanos.putIfAbsent(d.event().seq(), System.nanoTime());
                }
                List<String> list = answers.computeIfAbsent(d.event().seq(), k -> new CopyOnWriteArrayList<>());
                list.add(answer);
                if (list.size() == 1) {
                    allDone.countDown();
                    if (random.nextInt(100) < settings.redeliver2xxPercent()) {
                        // NSPS missed the 2xx (a lost answer on its side) and delivers the event again
                        redelivered2xx.incrementAndGet();
                        queue.add(new Delivery(d.event(), d.attempt() + 1,
                                               System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50 + random.nextInt(500))));
                    }
                }
            } else {
                non2xx.incrementAndGet();
                long backoff = Math.min(200, 5L << Math.min(d.attempt(), 6));
                long delay = backoff / 2 + random.nextLong(backoff);
                queue.add(new Delivery(d.event(), d.attempt() + 1,
                                       System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay)));
            }
        }
    }

    /** One delivery: the 2xx body, or null for anything else (delivered again later). */
    private String deliver(String url, Event e) {
        try {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(url))
                                                         .header("Authorization", "Bearer " + TestConnector.API_TOKEN)
                                                         .header("Content-Type", "application/json")
                                                         .timeout(settings.timeout())
                                                         .POST(HttpRequest.BodyPublishers.ofString(e.body()))
                                                         .build(),
                                                 HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() / 100 != 2) {
                String error = res.body().replaceAll(".*\"error\":\"([^\"]*)\".*", "$1");
                failures.computeIfAbsent(res.statusCode() + " " + error, k -> new AtomicLong()).incrementAndGet();
            }
            return res.statusCode() / 100 == 2 ? res.body() : null;
        } catch (IOException ex) {
            failures.computeIfAbsent(ex.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
            return null;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Waits until at most {@code remaining} events are still without a 2xx.
     *
     * @param remaining events still waiting
     * @param within    how long at most
     * @return whether it got there in time
     * @throws InterruptedException when interrupted
     */
    public boolean awaitRemaining(long remaining, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (allDone.getCount() > remaining) {
            if (System.nanoTime() > end) {
                return false;
            }
            allDone.await(20, TimeUnit.MILLISECONDS);
        }
        return true;
    }

    /** Events without a 2xx yet. */
    public long remaining() {
        return allDone.getCount();
    }

    /** Deliveries made (first ones, re-deliveries, duplicates). */
    public long deliveries() {
        return deliveries.get();
    }

    /** Deliveries answered other than 2xx, timed out or refused. */
    public long non2xx() {
        return non2xx.get();
    }

    /** 2xx answers counted, all events. */
    public long answered2xx() {
        return answers.values().stream().mapToLong(List::size).sum();
    }

    /** Events delivered once more after their 2xx. */
    public long redelivered2xx() {
        return redelivered2xx.get();
    }

    /** The answers other than 2xx, by status and error (or by exception). */
    public Map<String, Long> failures() {
        Map<String, Long> copy = new TreeMap<>();
        failures.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** Time since {@link #start()}. */
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /**
     * The books: every 2xx checked against what WTL acknowledged, and WTL's state against the events in order.
     *
     * @param wtl the fake WTL the connectors provisioned
     * @return the figures
     */
    public Books books(FaultyWtl wtl) {
        long unbacked = 0;
        long unexpected = 0;
        long duplicates = 0;
        long stale = 0;
        long reapplied = 0;
        for (Map.Entry<Integer, Long> entry : appliedAnswerNanos.entrySet()) {
            for (Op op : events.get(entry.getKey()).ops()) {
                reapplied += wtl.appliedAfter(entry.getKey(), op.imsi(), entry.getValue());
            }
        }
        for (Map.Entry<Integer, List<String>> entry : answers.entrySet()) {
            Event e = events.get(entry.getKey());
            for (String answer : entry.getValue()) {
                if (answer.contains("Event processed successfully") || answer.contains("duplicate event")) {
                    duplicates += answer.contains("duplicate event") ? 1 : 0;
                    for (Op op : e.ops()) {
                        if (!wtl.acked(e.seq(), op.imsi()) && !wtl.newerAcked(e.seq(), op.imsi())) {
                            unbacked++;
                        }
                    }
                } else if (answer.contains("Event ignored: stale")) {
                    stale++;
                    for (Op op : e.ops()) {
                        if (!wtl.newerAcked(e.seq(), op.imsi())) {
                            unbacked++;
                        }
                    }
                } else {
                    unexpected++;
                }
            }
        }
        Map<String, FaultyWtl.State> expected = NspsEventStream.replay(events);
        Map<String, FaultyWtl.State> actual = wtl.subscribers();
        long mismatches = expected.keySet().stream().filter(k -> !Objects.equals(expected.get(k), actual.get(k)))
                .count() + actual.keySet().stream().filter(k -> !expected.containsKey(k)).count();
        return new Books(events.size() - answers.size(), unbacked, duplicates, stale, unexpected, reapplied,
                         mismatches, expected.size());
    }

    /** Stops the workers; deliveries in flight end with the client. */
    @Override
    public void close() {
        threads.forEach(Thread::interrupt);
        executor.shutdownNow();
    }
}
