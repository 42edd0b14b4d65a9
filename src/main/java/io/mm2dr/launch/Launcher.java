package io.mm2dr.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;

/**
 * The main class of {@code runner.jar}. The jar holds the classes every run needs (the runner's, the
 * engine's and SnakeYAML's) and every other library as a jar of its own under {@link #LIB}, stored
 * whole: a JVM reads the directory of every jar it opens, and one jar of 40,800 entries cost every
 * run about 70 ms before its first line. The libraries are extracted once into a cache folder (each
 * named after its content, so a rebuild extracts only what changed) and put on the class path, where
 * the class loader opens each only when a class is first looked for beyond the ones before it.
 *
 * <p>This class uses the JDK only. Run from classes (tests, {@code exec:java}) there is no library
 * index and it calls the command line directly.
 */
public final class Launcher {
    /** Where the libraries are in the jar, in class path order as {@link #INDEX} lists them. */
    static final String LIB = "META-INF/runner/lib/";
    /** The libraries' file names in class path order, separated by ':' (the build writes it, {@code @/} before each). */
    static final String INDEX = "META-INF/runner/lib.index";
    /** The cache folder's setting; otherwise {@code $XDG_CACHE_HOME/runner} or {@code ~/.cache/runner}. */
    public static final String CACHE_ENV = "RUNNER_CACHE_DIR";
    /** The extracted libraries, in class path order (for the sandbox's processes, which run from them). */
    public static final String LIB_PATH_PROPERTY = "runner.lib.path";
    static final String MAIN = "io.mm2dr.cli.Main";
    /** Library sets not used for this many days are removed when a new one is extracted. */
    private static final long UNUSED_DAYS = 14;
    private static final long DAY_MILLIS = 24L * 3600 * 1000;

    private Launcher() {
    }

    public static void main(String[] args) throws Throwable {
        Path jar = ownJar();
        Path root = jar == null ? null : cacheRoot(System.getenv());
        Libraries libs;
        try {
            libs = jar == null ? null : libraries(jar, root);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("ERROR! runner cannot extract its libraries from " + jar + ": " + e.getMessage()
                    + " (set " + CACHE_ENV + " to a writable folder)");
            System.exit(1);
            return;
        }
        Class<?> main;
        if (libs == null) {
            main = Class.forName(MAIN);
        } else {
            StringBuilder path = new StringBuilder();
            for (Path lib : libs.jars()) {
                path.append(path.length() == 0 ? "" : java.io.File.pathSeparator).append(lib);
            }
            System.setProperty(LIB_PATH_PROPERTY, path.toString());
            // the runner logs nothing through SLF4J (the sandbox's processes name log4j2's provider
            // themselves): its no-operation provider, named, as both are among the libraries, and
            // without SLF4J's line saying so
            if (System.getProperty("slf4j.provider") == null) {
                System.setProperty("slf4j.provider", "org.slf4j.nop.NOPServiceProvider");
                if (System.getProperty("slf4j.internal.verbosity") == null) {
                    System.setProperty("slf4j.internal.verbosity", "WARN");
                }
            }
            // the JDK's logger finder is not looked up here: a short run asks for no System.Logger
            // (SnakeYAML logs through java.util.logging, and only from its constructor, which the
            // runner makes only for merge keys). The first run that asks (TLS handshakes do) looks for
            // it over the whole class path, opening every library once: about 0.1 s in a run that
            // takes seconds, against 10 ms in every run for a lookup made here
            if (appendToClassPath(libs.set())) {
                main = Class.forName(MAIN);
            } else {
                ClassLoader loader = new URLClassLoader("runner", urls(jar, libs.jars()), ClassLoader.getPlatformClassLoader());
                Thread.currentThread().setContextClassLoader(loader);
                main = Class.forName(MAIN, true, loader);
            }
        }
        Method method = main.getMethod("main", String[].class);
        try {
            method.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * Appends the libraries to the application class loader's class path, as an agent's
     * {@code Instrumentation.appendToSystemClassLoaderSearch} does, but without opening every jar
     * now: one jar is appended, the set's, whose manifest's {@code Class-Path} lists the libraries,
     * and the class loader opens a library when a class is first looked for beyond the ones before
     * it (appending 148 jars one by one cost every run about 5 ms: a canonical path each, and a
     * reflective call made a class of its own after the 15th). The runner then runs in the
     * application class loader, whose classes a class-data archive or an ahead-of-time cache can
     * keep. The jar's manifest opens the loader's package to this class ({@code Add-Opens}, honoured
     * for {@code java -jar}); false when it is not open (a run with {@code -cp}) or the JDK has no
     * such method: the runner then runs in a class loader of its own over the jar and the libraries.
     */
    private static boolean appendToClassPath(Path set) {
        ClassLoader application = ClassLoader.getSystemClassLoader();
        if (Launcher.class.getClassLoader() != application) {
            return false;
        }
        try {
            Method append = application.getClass().getDeclaredMethod("appendToClassPathForInstrumentation", String.class);
            append.setAccessible(true);
            append.invoke(application, set.toString());
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static URL[] urls(Path jar, List<Path> libs) throws IOException {
        URL[] urls = new URL[libs.size() + 1];
        urls[0] = jar.toUri().toURL();
        for (int i = 0; i < libs.size(); i++) {
            urls[i + 1] = libs.get(i).toUri().toURL();
        }
        return urls;
    }

    /** The jar this class was loaded from, or null when it runs from a folder of classes. */
    private static Path ownJar() {
        try {
            URL location = Launcher.class.getProtectionDomain().getCodeSource().getLocation();
            Path path = Path.of(location.toURI());
            return Files.isRegularFile(path) ? path : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The jar's libraries, extracted when they are not yet; null for a jar without an index. A jar
     * already seen (the same file, size and time) is found by its marker ({@link #jarMarker}), which
     * names its set and libraries: a run then reads one small file rather than the jar's index and
     * the 148 entries it names.
     */
    static Libraries libraries(Path jar, Path root) throws IOException {
        Path marker = jarMarker(jar, root);
        Libraries known = known(marker, root);
        if (known != null) {
            return known;
        }
        List<String> names = index(jar);
        if (names == null) {
            return null;
        }
        List<Path> libs = extracted(jar, names, root);
        Path set = setFile(root, libs);
        StringBuilder text = new StringBuilder(set.getFileName().toString());
        for (Path lib : libs) {
            text.append('\n').append(lib.getFileName());
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(marker.getParent(), ".writing-", ".txt");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            move(tmp, marker);
        } catch (IOException e) {
            // a read-only cache: the next run reads the index again
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
        return new Libraries(set, libs);
    }

    /** A set's jar (what the class path takes) and its libraries, in class path order. */
    record Libraries(Path set, List<Path> jars) {
    }

    /** {@code sets/jar-KEY}, KEY made of the jar's path, size and modification time. */
    static Path jarMarker(Path jar, Path root) {
        java.io.File file = jar.toFile();
        CRC32 key = new CRC32();
        key.update((file.getAbsolutePath() + "\n" + file.length() + "\n" + file.lastModified()).getBytes(StandardCharsets.UTF_8));
        return root.resolve("sets").resolve("jar-" + Long.toHexString(key.getValue()));
    }

    /** The libraries a jar's marker names, or null when there is none or its set is gone (pruned). */
    private static Libraries known(Path marker, Path root) throws IOException {
        if (!Files.isRegularFile(marker)) {
            return null;
        }
        String[] lines;
        try (InputStream in = new java.io.FileInputStream(marker.toFile())) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
        }
        Path set = root.resolve("sets").resolve(lines[0]);
        if (lines.length < 2 || !lines[0].endsWith(".jar") || !Files.isRegularFile(set)) {
            return null;
        }
        List<Path> libs = new ArrayList<>(lines.length - 1);
        Path jars = root.resolve("jars");
        for (int i = 1; i < lines.length; i++) {
            libs.add(jars.resolve(lines[i]));
        }
        markUsed(set);
        markUsed(marker);
        return new Libraries(set, libs);
    }

    /** The libraries' names in class path order, or null for a jar without an index. */
    static List<String> index(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            ZipEntry entry = file.getEntry(INDEX);
            if (entry == null) {
                return null;
            }
            String text;
            try (InputStream in = file.getInputStream(entry)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            List<String> names = new ArrayList<>();
            for (String item : text.split(":")) {
                // (the build writes each as "@/NAME": the prefix stands for the folder it left out)
                String name = item.trim().substring(item.trim().lastIndexOf('/') + 1);
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
            return names;
        }
    }

    /**
     * The cache folder: {@value #CACHE_ENV}, else {@code $XDG_CACHE_HOME/runner}, else
     * {@code ~/.cache/runner}.
     */
    static Path cacheRoot(Map<String, String> env) {
        String configured = env.get(CACHE_ENV);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "runner").toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".cache", "runner");
    }

    /**
     * The jar's libraries extracted under {@code root}, in the index's order. Each library is a file
     * named after its content ({@code jars/CRC-SIZE-NAME}), extracted when it is not there yet (a
     * rebuild extracts only what changed); a set's jar ({@link #setFile}, named after all of them)
     * says that every library of the set is there, so that a run checks one file, and lists them in
     * its manifest's {@code Class-Path}, so that the class path takes one jar.
     */
    static List<Path> extracted(Path jar, List<String> names, Path root) throws IOException {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            List<ZipEntry> entries = new ArrayList<>(names.size());
            List<Path> libs = new ArrayList<>(names.size());
            Path jars = root.resolve("jars");
            for (String name : names) {
                ZipEntry entry = file.getEntry(LIB + name);
                if (entry == null) {
                    throw new IOException("the jar has no " + LIB + name + " (a damaged build)");
                }
                entries.add(entry);
                libs.add(jars.resolve(Long.toHexString(entry.getCrc()) + "-" + entry.getSize() + "-" + name));
            }
            Path set = setFile(root, libs);
            if (Files.exists(set)) {
                markUsed(set);
            } else {
                extract(file, entries, libs, root, set);
            }
            return libs;
        }
    }

    /** The jar of a set of libraries: {@code sets/KEY.jar}, KEY made of their stored names. */
    static Path setFile(Path root, List<Path> libs) {
        CRC32 key = new CRC32();
        for (Path lib : libs) {
            key.update((lib.getFileName() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return root.resolve("sets").resolve(Long.toHexString(key.getValue()) + "-" + libs.size() + ".jar");
    }

    private static void extract(JarFile file, List<ZipEntry> entries, List<Path> libs, Path root, Path set) throws IOException {
        Files.createDirectories(root.resolve("jars"));
        Files.createDirectories(set.getParent());
        try (FileChannel channel = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            StringBuilder classPath = new StringBuilder();
            for (int i = 0; i < entries.size(); i++) {
                Path target = libs.get(i);
                classPath.append(classPath.length() == 0 ? "" : " ").append("../jars/").append(target.getFileName());
                if (!Files.exists(target)) {
                    extractOne(file, entries.get(i), target);
                }
            }
            writeSet(set, classPath.toString());
            prune(root);
        }
    }

    /**
     * A set's jar, written beside its place and renamed into it: a concurrent run that finds it
     * (without the lock) finds it whole.
     */
    private static void writeSet(Path set, String classPath) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        Path tmp = Files.createTempFile(set.getParent(), ".writing-", ".jar");
        try {
            try (OutputStream out = new JarOutputStream(Files.newOutputStream(tmp), manifest)) {
                out.flush();
            }
            move(tmp, set);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The libraries' file names a set lists (a set of an earlier runner is a text file, one per line). */
    static List<String> listed(Path set) throws IOException {
        if (!set.getFileName().toString().endsWith(".jar")) {
            return Files.readAllLines(set, StandardCharsets.UTF_8);
        }
        try (JarFile jar = new JarFile(set.toFile(), false)) {
            Manifest manifest = jar.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            List<String> names = new ArrayList<>();
            if (classPath != null) {
                for (String item : classPath.trim().split(" +")) {
                    names.add(item.substring(item.lastIndexOf('/') + 1));
                }
            }
            return names;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** One library, written beside its place and renamed into it once complete and checked. */
    private static void extractOne(JarFile file, ZipEntry entry, Path target) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), ".extracting-", ".jar");
        try {
            try (CheckedInputStream in = new CheckedInputStream(file.getInputStream(entry), new CRC32());
                    OutputStream out = Files.newOutputStream(tmp)) {
                in.transferTo(out);
                if (in.getChecksum().getValue() != entry.getCrc()) {
                    throw new IOException(entry.getName() + " does not match its checksum");
                }
            }
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Records that a set is used (at most once a day: one file's time). */
    private static void markUsed(Path set) {
        try {
            long now = System.currentTimeMillis();
            if (Files.getLastModifiedTime(set).toMillis() < now - DAY_MILLIS) {
                Files.setLastModifiedTime(set, FileTime.fromMillis(now));
            }
        } catch (IOException e) {
            // a read-only cache is still usable
        }
    }

    /**
     * Removes the sets not used for {@link #UNUSED_DAYS} days (rebuilds with other libraries made
     * them), then the libraries no set lists. Runs under the lock, after an extraction.
     */
    private static void prune(Path root) {
        long before = System.currentTimeMillis() - UNUSED_DAYS * DAY_MILLIS;
        try {
            java.util.Set<String> listed = new java.util.HashSet<>();
            try (DirectoryStream<Path> sets = Files.newDirectoryStream(root.resolve("sets"))) {
                for (Path set : sets) {
                    if (set.getFileName().toString().startsWith(".")) {
                        Files.deleteIfExists(set);   // a set's jar left half written (we hold the lock)
                    } else if (Files.getLastModifiedTime(set).toMillis() < before) {
                        Files.deleteIfExists(set);
                    } else {
                        listed.addAll(listed(set));
                    }
                }
            }
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(root.resolve("jars"))) {
                for (Path lib : jars) {
                    if (!listed.contains(lib.getFileName().toString())) {
                        Files.deleteIfExists(lib);
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // pruning is a courtesy
        }
    }

}
