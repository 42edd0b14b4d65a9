package io.mm2dr.sandbox;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The local sandbox's state folder: one folder per namespace (region), each holding its secrets,
 * Kafka clusters, applications and MirrorMaker 2 instances; the loopback ports given to each
 * cluster (kept when a region is lost and recreated, as a Kubernetes service name would be); and a
 * lock, held for the whole of a run that changes anything, so that two runs cannot corrupt it.
 *
 * <p>Layout: {@code <root>/.lock}, {@code <root>/ports.json}, {@code <root>/<namespace>/namespace.json},
 * {@code secrets/<name>.json}, {@code kafka/<cluster>/}, {@code apps/<name>/}, {@code mm2/<name>/}.
 * Files that may hold secrets are readable by the user only.
 */
public final class Sandbox implements AutoCloseable {
    /** The environment variable that moves the state folder. */
    public static final String ENV = "MM2DR_SANDBOX";
    /** The playbook variable (set by {@code --sandbox}) that moves it. */
    public static final String VARIABLE = "sandbox_dir";
    public static final String DEFAULT_DIR = ".sandbox";

    /** Jackson, set up at the first read or write of a state file (a run that never touches the sandbox does not load it). */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

        private Json() {
        }
    }

    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private Sandbox(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens the sandbox for a run that may change it: creates the folder and takes the lock.
     *
     * @throws SandboxException when another run holds the lock
     */
    public static Sandbox lock(Path root) {
        checkUsable(root, true);
        try {
            boolean created = !Files.isDirectory(root);
            Files.createDirectories(root);
            if (created) {
                ownerOnly(root);   // Kafka's data (MirrorMaker 2's config topic holds its passwords) stays the user's
            }
            Path lockFile = root.resolve(".lock");
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                String holder = readQuietly(lockFile).strip();
                throw new SandboxException("the sandbox " + root + " is in use by another run" + (holder.isEmpty() ? "" : " (" + holder + ")")
                        + ": wait for it to finish");
            }
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
            return new Sandbox(root, channel, lock);
        } catch (IOException e) {
            throw new SandboxException("cannot open the sandbox " + root + ": " + e.getMessage());
        }
    }

    /** How to choose another state folder, for the end of a message. */
    private static final String ELSEWHERE = "choose another folder with --sandbox DIR or the environment variable " + ENV;

    /**
     * Fails, in one sentence naming the path, why and what to do, when the state folder cannot be
     * used: something that is not a folder is there, a parent of it is a file, or it (or the
     * folder it would be created in) cannot be written ({@code write}) or read. A folder that does
     * not exist yet is fine.
     *
     * @throws UnusableSandboxException when it cannot
     */
    public static void checkUsable(Path root, boolean write) {
        if (!Files.exists(root) && Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new UnusableSandboxException("the sandbox path " + root + " is a broken symbolic link, so the sandbox cannot keep its state there: "
                    + "remove the link or " + ELSEWHERE);
        }
        if (Files.exists(root)) {
            if (!Files.isDirectory(root)) {
                throw new UnusableSandboxException("the sandbox path " + root + " is " + (Files.isRegularFile(root) ? "a file" : "not a folder")
                        + ", so the sandbox cannot keep its state there: " + ELSEWHERE + ", or move the file away");
            }
            if (!Files.isReadable(root) || !Files.isExecutable(root)) {
                throw new UnusableSandboxException("the sandbox folder " + root + " cannot be read by this user: " + ELSEWHERE
                        + ", or give yourself access to it");
            }
            if (write && !Files.isWritable(root)) {
                throw new UnusableSandboxException("the sandbox folder " + root + " is not writable by this user: "
                        + ELSEWHERE + ", or make it writable");
            }
            return;
        }
        Path parent = root.getParent();
        while (parent != null && !Files.exists(parent)) {
            parent = parent.getParent();
        }
        if (parent == null) {
            return;
        }
        if (!Files.isDirectory(parent)) {
            throw new UnusableSandboxException("the sandbox folder " + root + " cannot be created because " + parent + " is "
                    + (Files.isRegularFile(parent) ? "a file" : "not a folder") + ": " + ELSEWHERE);
        }
        if (write && !Files.isWritable(parent)) {
            throw new UnusableSandboxException("the sandbox folder " + root + " cannot be created because " + parent
                    + " is not writable by this user: " + ELSEWHERE);
        }
    }

    /** Opens the sandbox to read only (check mode, {@code sandbox status}): no folder created, no lock taken. */
    public static Sandbox readOnly(Path root) {
        return new Sandbox(root, null, null);
    }

    public Path root() {
        return root;
    }

    public boolean writable() {
        return lock != null;
    }

    public Path namespaceDir(String namespace) {
        return root.resolve(safeName(namespace, "namespace"));
    }

    public boolean namespaceExists(String namespace) {
        return Files.isRegularFile(namespaceDir(namespace).resolve("namespace.json"));
    }

    public List<String> namespaces() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> s = Files.list(root)) {
            s.filter(p -> Files.isRegularFile(p.resolve("namespace.json"))).map(p -> p.getFileName().toString()).sorted().forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The folders of one kind of object of a namespace ("kafka", "apps", "mm2"), by name. */
    public List<Path> objects(String namespace, String kind) {
        Path dir = namespaceDir(namespace).resolve(kind);
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isDirectory).sorted().forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public Path objectDir(String namespace, String kind, String name) {
        return namespaceDir(namespace).resolve(kind).resolve(safeName(name, kind + " name"));
    }

    // ---- ports -------------------------------------------------------------------------------

    /** The loopback ports of a cluster, recorded, or null. */
    public Map<String, Integer> ports(String namespace, String cluster) {
        Map<String, Map<String, Integer>> all = readJson(root.resolve("ports.json"), new TypeReference<>() { });
        return all == null ? null : all.get(namespace + "/" + cluster);
    }

    /** The cluster's recorded ports, or new free ones, recorded. */
    public Map<String, Integer> allocatePorts(String namespace, String cluster, List<String> names) {
        Path file = root.resolve("ports.json");
        Map<String, Map<String, Integer>> all = readJson(file, new TypeReference<>() { });
        if (all == null) {
            all = new LinkedHashMap<>();
        }
        Map<String, Integer> mine = all.get(namespace + "/" + cluster);
        if (mine != null && mine.keySet().containsAll(names)) {
            return mine;
        }
        mine = new LinkedHashMap<>();
        List<Integer> taken = all.values().stream().flatMap(m -> m.values().stream()).toList();
        for (String n : names) {
            int port;
            do {
                port = freePort();
            } while (taken.contains(port) || mine.containsValue(port));
            mine.put(n, port);
        }
        all.put(namespace + "/" + cluster, mine);
        writeJson(file, all);
        return mine;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new SandboxException("no free loopback port: " + e.getMessage());
        }
    }

    /** Whether something listens on a loopback port. */
    static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    // ---- files -------------------------------------------------------------------------------

    public static <T> T readJson(Path file, TypeReference<T> type) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new SandboxException("cannot read " + file + ": " + e.getMessage());
        }
    }

    public static Map<String, Object> readMap(Path file) {
        return readJson(file, new TypeReference<>() { });
    }

    /** Writes JSON atomically, readable by the user only. */
    public static void writeJson(Path file, Object value) {
        try {
            writePrivate(file, Json.MAPPER.writeValueAsString(value) + "\n");
        } catch (IOException e) {
            throw new SandboxException("cannot write " + file + ": " + e.getMessage());
        }
    }

    /** Writes a file atomically (temporary file, then move), readable by the user only. */
    public static void writePrivate(Path file, String content) {
        try {
            io.mm2dr.engine.files.AtomicFiles.write(file, content.getBytes(StandardCharsets.UTF_8), io.mm2dr.engine.files.AtomicFiles.OWNER_ONLY);
        } catch (IOException e) {
            throw new SandboxException("cannot write " + file + ": " + e.getMessage());
        }
    }

    /**
     * A properties file's text, as {@link java.util.Properties#load(java.io.InputStream)} reads it
     * (ISO-8859-1: anything else escaped as backslash-u and four hex digits), keys sorted, with a comment line first when given.
     */
    public static String properties(Map<?, ?> values, String comment) {
        StringBuilder b = new StringBuilder();
        if (comment != null) {
            b.append("# ").append(comment).append('\n');
        }
        values.keySet().stream().map(String::valueOf).sorted().forEach(k -> b.append(escape(k, true)).append('=')
                .append(escape(String.valueOf(values.get(k)), false)).append('\n'));
        return b.toString();
    }

    public static String properties(Map<?, ?> values) {
        return properties(values, null);
    }

    private static String escape(String s, boolean key) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '=', ':', '#', '!' -> b.append(key ? "\\" + ch : String.valueOf(ch));
                case ' ' -> b.append(key ? "\\ " : " ");
                default -> {
                    if (ch < 0x20 || ch > 0x7e) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.toString();
    }

    static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(Files.isDirectory(file) ? "rwx------" : "rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the platform's defaults apply
        }
    }

    public static String readQuietly(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Deletes a folder and everything in it. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new SandboxException("cannot delete " + dir + ": " + e.getMessage());
        }
    }

    /** Names become folder names: no separators, no dot-only names. */
    static String safeName(String name, String what) {
        if (name == null || name.isBlank() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")
                || name.startsWith(".")) {
            throw new SandboxException("invalid " + what + " '" + name + "' for the local sandbox");
        }
        return name;
    }

    /** Releases the lock (the state stays). */
    @Override
    public void close() {
        if (lock == null) {
            return;
        }
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException ignored) {
            // the lock goes with the channel
        }
    }
}
