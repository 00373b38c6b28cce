package io.nspsconnector.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A ConfigMap or Secret volume as the kubelet lays it out and updates it (its "atomic writer"):
 * <pre>
 * DIR/..2026_11_23_10_00_00.000000001/mappings.yaml   the data, in a timestamped directory
 * DIR/..data -> ..2026_11_23_10_00_00.000000001       the current version
 * DIR/mappings.yaml -> ..data/mappings.yaml           what the container opens
 * </pre>
 * An update writes a new timestamped directory, points a temporary symlink {@code ..data_tmp} at it, renames that
 * over {@code ..data} (one atomic {@code rename(2)}), then adds or removes the per-key symlinks and deletes the old
 * directory. A reader therefore sees all old files or all new ones.
 */
public final class KubeletVolume {

    private static final AtomicInteger VERSION = new AtomicInteger();

    private final Path dir;
    private final Map<String, String> files = new LinkedHashMap<>();

    private KubeletVolume(Path dir) {
        this.dir = dir;
    }

    /**
     * Creates the volume with its first content.
     *
     * @param dir   empty directory (a test's temp dir)
     * @param files key (file name) to content
     * @return the volume
     */
    public static KubeletVolume create(Path dir, Map<String, String> files) {
        KubeletVolume volume = new KubeletVolume(dir);
        volume.update(files);
        return volume;
    }

    /** The mount point, what {@code CONFIG_DIR} names. */
    public Path dir() {
        return dir;
    }

    /**
     * The path a container uses for a key.
     *
     * @param key file name
     * @return {@code DIR/key}
     */
    public Path file(String key) {
        return dir.resolve(key);
    }

    /**
     * Changes one key, keeping the others, the way an edited ConfigMap reaches the pod.
     *
     * @param key     file name
     * @param content new content
     */
    public void put(String key, String content) {
        Map<String, String> next = new LinkedHashMap<>(files);
        next.put(key, content);
        update(next);
    }

    /**
     * Replaces the whole content.
     *
     * @param next key (file name) to content
     */
    public synchronized void update(Map<String, String> next) {
        try {
            Path oldData = Files.isSymbolicLink(dir.resolve("..data"))
                    ? dir.resolve(Files.readSymbolicLink(dir.resolve("..data")))
                    : null;
            String version = String.format("..2026_11_23_10_00_00.%09d", VERSION.incrementAndGet());
            Path data = Files.createDirectory(dir.resolve(version));
            for (Map.Entry<String, String> e : next.entrySet()) {
                Files.writeString(data.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            }
            Path tmp = dir.resolve("..data_tmp");
            Files.deleteIfExists(tmp);
            Files.createSymbolicLink(tmp, Path.of(version));
            Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
            for (String key : next.keySet()) {
                Path link = dir.resolve(key);
                if (!Files.isSymbolicLink(link)) {
                    Files.createSymbolicLink(link, Path.of("..data", key));
                }
            }
            for (String key : files.keySet()) {
                if (!next.containsKey(key)) {
                    Files.delete(dir.resolve(key));
                }
            }
            if (oldData != null) {
                deleteTree(oldData);
            }
            files.clear();
            files.putAll(next);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
