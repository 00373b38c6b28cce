package io.nspsconnector.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.nspsconnector.metrics.ConnectorMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Polls the mounted configuration files and applies the ones that can change while the service runs (mappings,
 * token files). It polls rather than watching for file-system events, which miss the kubelet's {@code ..data}
 * symlink swap (docs/rationale.md, "Live changes by polling, restarts for the rest").
 * <p>
 * A changed {@code application.yaml} is only reported: its settings (ports, timeouts, pools) are applied at the next
 * start, which the Helm chart triggers on {@code helm upgrade}.
 */
public final class ConfigWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

    private final ConnectorMetrics metrics;
    private final List<Watched<?>> files = new ArrayList<>();
    private final AtomicBoolean restartPending = new AtomicBoolean();
    private ScheduledExecutorService executor;

    /**
     * @param metrics where reloads and rejections are counted
     */
    public ConfigWatcher(ConnectorMetrics metrics) {
        this.metrics = metrics;
        metrics.configRestartPending(() -> restartPending.get() ? 1 : 0);
    }

    /**
     * Watches a live file: each change that parses is applied, each one that does not is logged and counted.
     *
     * @param file      the file, already loaded
     * @param onApplied called with each newly applied value (after the swap), may do nothing
     * @param <T>       parsed content
     * @return the same file, for chaining
     */
    public synchronized <T> LiveFile<T> watch(LiveFile<T> file, Consumer<T> onApplied) {
        files.add(new Watched<>(file, onApplied, false));
        metrics.configRejected(file.name(), () -> file.problems().isEmpty() ? 0 : 1);
        return file;
    }

    /**
     * Watches a file whose changes need a restart, to say so in the log and the {@code config.restart.pending}
     * gauge. A missing file is not watched.
     *
     * @param name short name, e.g. {@code application}
     * @param path the file
     */
    public synchronized void watchRestartOnly(String name, Path path) {
        if (Files.isRegularFile(path)) {
            files.add(new Watched<>(LiveFile.load(name, path, (content, source) -> Boolean.TRUE), v -> { }, true));
        }
    }

    /** Checks every file once, now. Called by the schedule; tests call it to avoid waiting. */
    public synchronized void checkNow() {
        for (Watched<?> watched : files) {
            watched.check();
        }
    }

    /**
     * Starts checking in the background.
     *
     * @param interval time between checks
     */
    public synchronized void start(Duration interval) {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("config-watcher")
                                                                      .factory());
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(this::checkSafely, millis, millis, TimeUnit.MILLISECONDS);
        LOG.info("Watching configuration files for changes",
                 kv("files", files.stream().map(w -> w.file.path().toString()).toList()),
                 kv("interval_ms", millis));
    }

    /** The live files, for health details. */
    public synchronized List<LiveFile<?>> liveFiles() {
        return files.stream().filter(w -> !w.restartOnly).<LiveFile<?>>map(w -> w.file).toList();
    }

    /** Whether a file changed that needs a restart to take effect. */
    public boolean restartPending() {
        return restartPending.get();
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    private void checkSafely() {
        try {
            checkNow();
        } catch (RuntimeException e) {
            // never let one bad check end the schedule
            LOG.error("Configuration check failed", e);
        }
    }

    private final class Watched<T> {
        private final LiveFile<T> file;
        private final Consumer<T> onApplied;
        private final boolean restartOnly;

        Watched(LiveFile<T> file, Consumer<T> onApplied, boolean restartOnly) {
            this.file = file;
            this.onApplied = onApplied;
            this.restartOnly = restartOnly;
        }

        void check() {
            switch (file.check()) {
                case NONE -> { }
                case APPLIED -> applied();
                case REJECTED -> rejected();
            }
        }

        private void applied() {
            if (restartOnly) {
                restartPending.set(true);
                LOG.warn("Configuration file changed: its settings take effect at the next restart "
                                 + "(mappings and tokens are reloaded live)",
                         kv("file", file.name()), kv("path", file.path().toString()));
                return;
            }
            onApplied.accept(file.get());
            metrics.configReload(file.name(), "applied");
            LOG.info("Configuration file reloaded and in force",
                     kv("file", file.name()), kv("path", file.path().toString()));
        }

        private void rejected() {
            if (restartOnly) {
                return;
            }
            metrics.configReload(file.name(), "rejected");
            LOG.error("Configuration file rejected: the last good version stays in force",
                      kv("file", file.name()), kv("path", file.path().toString()), kv("problems", file.problems()));
        }
    }
}
