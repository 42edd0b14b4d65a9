package io.mm2dr.engine.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * The one way this tool replaces a file: the new content goes to a temporary file in the same
 * folder, gets its permissions there, and is moved over the target in one step, so a reader (or a
 * run killed half-way) sees the old file or the new one, never a part. Where the file system
 * cannot move atomically, the move still replaces the target; the temporary file never stays. A
 * replaced file keeps its owner and group where the runner may give them ({@link #keepOwner}).
 */
public final class AtomicFiles {
    /** Readable and writable by the user only: for anything that may hold a secret. */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AtomicFiles() {
    }

    /**
     * Replaces {@code target} with {@code content}, creating its folder if needed.
     *
     * @param permissions the file's permissions (on POSIX file systems), or null to keep those of
     *     the file replaced, or for a new file the defaults of the umask (as {@code touch} would)
     */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Integer keep = posix && permissions == null && Files.isRegularFile(target) ? FileModes.of(target, true) : null;
        // created with the final permissions (owner-only from the start when asked), then written
        Path tmp = posix && permissions != null
                ? Files.createTempFile(dir, "." + target.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(permissions))
                : keep != null ? Files.createTempFile(dir, "." + target.getFileName(), ".tmp")
                : Files.createFile(dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + ".tmp"));
        try {
            Files.write(tmp, content);
            keepOwner(target, tmp);
            if (posix && permissions != null) {
                Files.setPosixFilePermissions(tmp, permissions);   // the umask may have narrowed them at creation
            } else if (keep != null) {
                Files.setAttribute(tmp, "unix:mode", keep);
            }
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Replaces {@code target} with {@code content}, with exactly {@code mode} (special bits included). */
    public static void write(Path target, byte[] content, int mode) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, content);
            keepOwner(target, tmp);
            Files.setAttribute(tmp, "unix:mode", mode);
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }


    /** What to do with each folder {@link #makeFolders} makes. */
    @FunctionalInterface
    public interface FolderMade {
        void made(Path folder) throws IOException;
    }

    /**
     * Makes {@code folder} and its missing parents, outermost first, handing each to {@code made}
     * (to give it the mode or owner asked, as Ansible's file and copy modules do for every folder
     * they make); a folder another process made meanwhile is handed over too.
     */
    public static void makeFolders(Path folder, FolderMade made) throws IOException {
        java.util.List<Path> missing = new java.util.ArrayList<>();
        for (Path p = folder.toAbsolutePath().normalize(); p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made meanwhile
            }
            made.made(p);
        }
    }

    /** Copies {@code source} to {@code target} the same way (the target appears whole or not at all). */
    public static void copy(Path source, Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
            keepOwner(target, tmp);
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Gives the new content the owner and group of the file it replaces, as Ansible's atomic move
     * does ({@code os.chown} with the replaced file's uid and gid, a refusal ignored): a run as root
     * that rewrites a file of another user leaves it theirs. Without the right to (a run as another
     * user), the file is the runner's, as Ansible's is. Before any mode is set: a change of owner
     * clears the set-user-ID and set-group-ID bits.
     */
    private static void keepOwner(Path target, Path tmp) throws IOException {
        if (!Files.isRegularFile(target) || !FileSystems.getDefault().supportedFileAttributeViews().contains("unix")) {
            return;
        }
        Map<String, Object> was = Files.readAttributes(target, "unix:uid,gid");
        Map<String, Object> now = Files.readAttributes(tmp, "unix:uid,gid");
        try {
            // (one chown in Ansible: when the owner cannot be given, neither is the group)
            if (!was.get("uid").equals(now.get("uid"))) {
                Files.setAttribute(tmp, "unix:uid", was.get("uid"));
            }
            if (!was.get("gid").equals(now.get("gid"))) {
                Files.setAttribute(tmp, "unix:gid", was.get("gid"));
            }
        } catch (FileSystemException refused) {
            // not allowed to: the runner's user's, as with Ansible
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
