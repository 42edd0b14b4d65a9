package io.mm2dr.engine.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Ansible's file modules report about a path ({@code state}, {@code mode}, {@code uid},
 * {@code gid}, {@code owner}, {@code group}, {@code size}), how they name a backup, and the
 * owner and group they set.
 */
public final class FileFacts {
    private static final DateTimeFormatter BACKUP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss");

    private FileFacts() {
    }

    /** Ansible's state of a path: absent, directory, link, hard (a file with more than one link) or file. */
    public static String state(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return "absent";
        }
        if (Files.isSymbolicLink(path)) {
            return "link";
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return "directory";
        }
        Object links = Files.getAttribute(path, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        return links instanceof Integer n && n > 1 ? "hard" : "file";
    }

    /** The fields Ansible adds to a result about an existing path (none for an absent one). */
    public static Map<String, Object> of(Path path) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            m.put("state", "absent");
            return m;
        }
        // of the path itself, a link too (as Ansible's lstat)
        PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        m.put("gid", ((Number) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS)).longValue());
        m.put("group", a.group().getName());
        m.put("mode", FileModes.format(FileModes.of(path, false)));
        m.put("owner", a.owner().getName());
        m.put("size", a.size());
        m.put("state", state(path));
        m.put("uid", ((Number) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue());
        return m;
    }

    /** The name Ansible gives a backup of {@code file}: {@code file.PID.YYYY-MM-DD@HH:MM:SS~}. */
    public static Path backupName(Path file) {
        return file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + "." + BACKUP_TIME.format(LocalDateTime.now()) + "~");
    }

    /** The owner a path should have, or null when it has it already (or none is asked). */
    public static UserPrincipal ownerToSet(Path path, String owner) throws IOException {
        if (owner == null || owner.isEmpty()) {
            return null;
        }
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal wanted;
        try {
            wanted = owner.matches("\\d+") ? byUid(path, Long.parseLong(owner)) : lookup.lookupPrincipalByName(owner);
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalArgumentException("chown failed: failed to look up user " + owner);
        }
        // by number: a principal looked up by uid may be named by its number, the file's by its account
        long nowUid = ((Number) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        if (owner.matches("\\d+")) {
            return nowUid == Long.parseLong(owner) ? null : wanted;
        }
        UserPrincipal now = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS);
        return now.getName().equals(wanted.getName()) ? null : wanted;
    }

    /** The group a path should have, or null when it has it already (or none is asked). */
    public static GroupPrincipal groupToSet(Path path, String group) throws IOException {
        if (group == null || group.isEmpty()) {
            return null;
        }
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        GroupPrincipal wanted;
        try {
            wanted = lookup.lookupPrincipalByGroupName(group);
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalArgumentException("chgrp failed: failed to look up group " + group);
        }
        if (group.matches("\\d+")) {
            long nowGid = ((Number) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS)).longValue();
            return nowGid == Long.parseLong(group) ? null : wanted;
        }
        GroupPrincipal now = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).group();
        return now.getName().equals(wanted.getName()) ? null : wanted;
    }

    /** Sets the owner and group found by {@link #ownerToSet} and {@link #groupToSet}. */
    public static void setOwnership(Path path, UserPrincipal owner, GroupPrincipal group) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        try {
            if (owner != null) {
                view.setOwner(owner);
            }
            if (group != null) {
                view.setGroup(group);
            }
        } catch (java.nio.file.FileSystemException e) {
            throw new IllegalArgumentException((owner != null ? "chown" : "chgrp") + " failed: " + e.getReason());
        }
    }

    private static UserPrincipal byUid(Path path, long uid) throws IOException {
        // a number: the account of that uid, looked up by the name the system gives it
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal self = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS);
        long own = ((Number) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        return own == uid ? self : lookup.lookupPrincipalByName(Long.toString(uid));
    }

    /** SHA-1 of bytes, hex, as Ansible's {@code checksum}. */
    public static String sha1(byte[] bytes) {
        return digest("SHA-1", bytes);
    }

    /** MD5 of bytes, hex, as Ansible's {@code md5sum}. */
    public static String md5(byte[] bytes) {
        return digest("MD5", bytes);
    }

    private static String digest(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
