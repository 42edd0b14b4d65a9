package io.mm2dr.engine.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * File modes as Ansible's file-writing modules take them: an octal string ({@code '0644'},
 * {@code '2755'}), a number (YAML's {@code 0644} is already octal), {@code rwxr-xr-x}, or symbolic
 * clauses ({@code u=rw,g=r,o=}, {@code u+x}, {@code a-w}, {@code g+X}). Modes are read and set
 * with the setuid, setgid and sticky bits, which Java's POSIX permissions leave out.
 */
public final class FileModes {
    private static final int ALL = 07777;

    private FileModes() {
    }

    /** A mode that cannot be read, with the value given. */
    public static final class BadMode extends IllegalArgumentException {
        BadMode(String message) {
            super(message);
        }
    }

    /**
     * The mode {@code given} asks for a file whose mode is now {@code current} (needed by relative
     * symbolic clauses, -1 for a file not there yet) and that is a folder or not.
     */
    public static int resolve(Object given, int current, boolean directory) {
        if (given instanceof Number n) {
            long v = n.longValue();
            if (v < 0 || v > ALL) {
                throw new BadMode("mode must be between 0 and 07777, got: " + given);
            }
            // YAML 1.1 reads 0644 as octal: the number is the mode itself
            return (int) v;
        }
        String s = String.valueOf(given).trim();
        if (s.matches("0?[0-7]{1,4}") || s.matches("0o[0-7]{1,4}")) {
            return Integer.parseInt(s.startsWith("0o") ? s.substring(2) : s, 8);
        }
        if (s.matches("[r-][w-][xsS-][r-][w-][xsS-][r-][w-][xtT-]")) {
            return fromLetters(s);
        }
        return symbolic(s, Math.max(current, 0), directory, given);
    }

    private static volatile int umask = -1;

    /**
     * The process's umask, as the mode of a folder made here shows it (Java cannot ask for it):
     * what Ansible applies to a new file (0666 & ~umask) and to symbolic clauses without users.
     */
    public static int umask() {
        int u = umask;
        if (u < 0) {
            try {
                // a plain mkdir (a temporary folder would be made owner-only whatever the umask)
                Path probe = Files.createDirectory(Path.of(System.getProperty("java.io.tmpdir"),
                        ".umask-" + ProcessHandle.current().pid() + "-" + Long.toUnsignedString(System.nanoTime(), 36)));
                try {
                    u = ~of(probe, true) & 0777;
                } finally {
                    Files.delete(probe);
                }
            } catch (IOException e) {
                u = 022;
            }
            umask = u;
        }
        return u;
    }

    /** The mode a new file gets: 0666 without the umask's bits. */
    public static int newFileMode() {
        return 0666 & ~umask();
    }

    /** The mode Ansible shows: four octal digits or more, e.g. {@code 0644}, {@code 01777}. */
    public static String format(int mode) {
        return "0" + String.format("%03o", mode & ALL);   // as Ansible: '0%03o'
    }

    /** The file's mode with its special bits, without following a link when {@code follow} is false. */
    public static int of(Path path, boolean follow) throws IOException {
        Object mode = follow ? Files.getAttribute(path, "unix:mode") : Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return ((Integer) mode) & ALL;
    }

    /** Sets the mode (special bits included); returns whether it changed. */
    public static boolean set(Path path, int mode) throws IOException {
        if (of(path, true) == mode) {
            return false;
        }
        Files.setAttribute(path, "unix:mode", mode);
        return true;
    }

    private static int fromLetters(String s) {
        int v = 0;
        String plain = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            char c = s.charAt(i);
            if (c == plain.charAt(i) || c == 's' || c == 't') {
                v |= 1 << (8 - i);
            }
        }
        if (Character.toLowerCase(s.charAt(2)) == 's') {
            v |= 04000;
        }
        if (Character.toLowerCase(s.charAt(5)) == 's') {
            v |= 02000;
        }
        if (Character.toLowerCase(s.charAt(8)) == 't') {
            v |= 01000;
        }
        return v;
    }

    /** chmod's symbolic modes, as Ansible reads them: clauses of who, an operator and permissions. */
    private static int symbolic(String s, int current, boolean directory, Object given) {
        int mode = current;
        for (String clause : s.split(",")) {
            if (!clause.matches("[ugoa]*([-+=][rwxXst]*)+")) {
                throw new BadMode("mode must be in octal or symbolic form ('0644', 'u=rw,g=r,o=r', 'a+x'), got: " + given);
            }
            int i = 0;
            int who = 0;
            while (i < clause.length() && "ugoa".indexOf(clause.charAt(i)) >= 0) {
                switch (clause.charAt(i)) {
                    case 'u' -> who |= 04700;
                    case 'g' -> who |= 02070;
                    case 'o' -> who |= 01007;
                    default -> who |= 07777;
                }
                i++;
            }
            boolean useUmask = who == 0;
            if (useUmask) {
                who = 07777;   // no user given: as 'a', less the umask's bits (as chmod and Ansible do)
            }
            while (i < clause.length()) {
                char op = clause.charAt(i++);
                int perms = 0;
                while (i < clause.length() && "-+=".indexOf(clause.charAt(i)) < 0) {
                    switch (clause.charAt(i)) {
                        case 'r' -> perms |= 0444;
                        case 'w' -> perms |= 0222;
                        case 'x' -> perms |= 0111;
                        case 'X' -> perms |= directory || (mode & 0111) != 0 ? 0111 : 0;
                        case 's' -> perms |= 06000;
                        case 't' -> perms |= 01000;
                        default -> throw new BadMode("mode: unknown permission in " + given);
                    }
                    i++;
                }
                perms &= who;
                if (useUmask) {
                    perms &= ~umask();
                }
                switch (op) {
                    case '+' -> mode |= perms;
                    case '-' -> mode &= ~perms;
                    default -> mode = (mode & ~who) | perms;
                }
            }
        }
        return mode & ALL;
    }
}
