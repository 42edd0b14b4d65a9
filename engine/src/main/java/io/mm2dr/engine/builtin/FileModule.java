package io.mm2dr.engine.builtin;

import io.mm2dr.engine.files.AtomicFiles;
import io.mm2dr.engine.files.FileFacts;
import io.mm2dr.engine.files.FileModes;
import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code file}: makes a path absent, a folder, an empty file touched, a symbolic or hard link, or
 * sets the mode, owner and group of what is there; as Ansible's module, with its messages, its
 * results ({@code path}, or {@code dest} and {@code src} for links and touch) and its diffs of
 * the path's state and attributes. Check mode changes nothing.
 */
final class FileModule extends BuiltinModule {
    private static final ArgSpec SPEC = attributeArgs(ArgSpec.builder()
            .arg("path", ArgType.PATH).required().aliases("dest", "name").description("the path to manage").add()
            .arg("state", ArgType.STR).choices("absent", "directory", "file", "hard", "link", "touch")
            .description("what the path must be (default: what it is, or file)").add()
            .arg("src", ArgType.PATH).description("what a link points to").add()
            .arg("recurse", ArgType.BOOL).defaultValue(false).description("with state directory: set the attributes on everything below").add()
            .arg("force", ArgType.BOOL).defaultValue(false).description("replace a file or empty folder by a link; link to a source that does not exist").add()
            .arg("follow", ArgType.BOOL).defaultValue(true).description("set the attributes of what a link points to").add()
            .arg("access_time", ArgType.STR).description("now, preserve, or a time in access_time_format (default: now for touch)").add()
            .arg("access_time_format", ArgType.STR).defaultValue("%Y%m%d%H%M.%S").description("strftime format of access_time").add()
            .arg("modification_time", ArgType.STR).description("now, preserve, or a time in modification_time_format (default: now for touch)").add()
            .arg("modification_time_format", ArgType.STR).defaultValue("%Y%m%d%H%M.%S").description("strftime format of modification_time").add())
            .build();

    /** The arguments of Ansible's file-writing modules about the file's attributes. */
    static ArgSpec.Builder attributeArgs(ArgSpec.Builder b) {
        String noSelinux = "runner does not set SELinux contexts";
        return b.arg("mode", ArgType.RAW).description("octal ('0644'), symbolic ('u=rw,g=r,o=r') or, for copy, 'preserve'").add()
                .arg("owner", ArgType.STR).description("user that should own it (name or uid)").add()
                .arg("group", ArgType.STR).description("group that should own it").add()
                .arg("unsafe_writes", ArgType.BOOL).defaultValue(false).description("accepted: files are always replaced in one step").add()
                .notSupported("attributes", "runner does not set chattr attributes")
                .notSupported("seuser", noSelinux).notSupported("serole", noSelinux)
                .notSupported("setype", noSelinux).notSupported("selevel", noSelinux);
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public boolean supportsCheckMode() {
        return true;
    }

    @Override
    public ModuleResult run(Map<String, Object> args, ModuleContext ctx) throws IOException {
        if (args.get("mode") != null && !"preserve".equals(args.get("mode"))) {
            CopyModule.resolveMode(args.get("mode"), 0644, false);   // a mode that cannot be read fails before anything is made
        }
        Path path = Path.of((String) args.get("path"));
        String prev = FileFacts.state(path);
        String state = (String) args.get("state");
        if (state == null) {
            state = !prev.equals("absent") && !prev.equals("hard") ? prev : (Boolean) args.get("recurse") ? "directory" : "file";
        }
        if ((Boolean) args.get("recurse") && !state.equals("directory")) {
            throw new ArgumentError("recurse option requires state to be 'directory'");
        }
        if (args.get("src") != null && !state.equals("link") && !state.equals("hard")) {
            throw new ArgumentError("src option requires state to be 'link' or 'hard'");
        }
        try {
            return switch (state) {
                case "absent" -> absent(path, prev, ctx);
                case "directory" -> directory(path, prev, args, ctx);
                case "touch" -> touch(path, prev, args, ctx);
                case "link" -> link(path, prev, args, ctx);
                case "hard" -> hard(path, prev, args, ctx);
                default -> file(path, prev, args, ctx);
            };
        } catch (ArgumentError e) {
            throw e;
        } catch (IllegalArgumentException e) {
            return ModuleResult.failed(e.getMessage()).put("path", path.toString()).build();
        } catch (java.nio.file.FileSystemException e) {
            return ModuleResult.failed("There was an issue with " + path + " as requested: " + describe(e)).put("path", path.toString()).build();
        }
    }

    /** A file system failure in one sentence: what was refused, on which path ("Permission denied: /etc/x"). */
    static String describe(java.nio.file.FileSystemException e) {
        String reason = e instanceof java.nio.file.AccessDeniedException ? "Permission denied"
                : e instanceof java.nio.file.NoSuchFileException ? "No such file or directory"
                : e instanceof java.nio.file.DirectoryNotEmptyException ? "Directory not empty"
                : e instanceof java.nio.file.FileAlreadyExistsException ? "File exists"
                : e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
        return reason + ": " + e.getFile() + (e.getOtherFile() != null ? " -> " + e.getOtherFile() : "");
    }

    private ModuleResult absent(Path path, String prev, ModuleContext ctx) throws IOException {
        if (prev.equals("absent")) {
            return ModuleResult.ok().put("path", path.toString()).put("state", "absent").build();
        }
        if (!ctx.checkMode()) {
            if (prev.equals("directory")) {
                deleteTree(path);
            } else {
                Files.delete(path);
            }
        }
        return ModuleResult.changed(true).put("path", path.toString()).put("state", "absent")
                .diff(stateOnly(path, prev), stateOnly(path, "absent")).build();
    }

    private ModuleResult directory(Path path, String prev, Map<String, Object> args, ModuleContext ctx) throws IOException {
        Path target = path;
        if (prev.equals("link") && (Boolean) args.get("follow") && Files.isDirectory(path)) {
            target = path.toRealPath();
            prev = "directory";
        }
        Map<String, Object> before = stateOnly(path, prev);
        Map<String, Object> after = stateOnly(path, "directory");
        boolean changed = false;
        if (prev.equals("absent")) {
            changed = true;
            if (ctx.checkMode()) {
                return ModuleResult.changed(true).put("path", path.toString()).put("state", "directory").diff(before, after).build();
            }
            // each folder made gets the attributes asked, as Ansible does
            AtomicFiles.makeFolders(target, p -> setAttributes(p, args, true, false, new LinkedHashMap<>(), after));
        } else if (!prev.equals("directory")) {
            throw new IllegalArgumentException(path + " already exists as a " + prev);
        }
        changed |= setAttributes(target, args, true, ctx.checkMode(), before, after);
        if ((Boolean) args.get("recurse")) {
            changed |= recurse(target, args, ctx.checkMode(), before, after);
        }
        return result(ModuleResult.changed(changed).put("path", path.toString()), path, before, after);
    }

    private ModuleResult file(Path path, String prev, Map<String, Object> args, ModuleContext ctx) throws IOException {
        Path target = path;
        if (prev.equals("link") && (Boolean) args.get("follow")) {
            target = path.toRealPath();
            prev = FileFacts.state(target);
        }
        if (!prev.equals("file") && !prev.equals("hard")) {
            return ModuleResult.failed("file (" + path + ") is " + prev + ", cannot continue").put("path", path.toString()).put("state", prev).build();
        }
        Map<String, Object> before = stateOnly(path, prev);
        Map<String, Object> after = stateOnly(path, prev);
        boolean changed = setAttributes(target, args, false, ctx.checkMode(), before, after);
        changed |= setTimes(target, args, "preserve", ctx.checkMode());
        return result(ModuleResult.changed(changed).put("path", path.toString()), path, before, after);
    }

    private ModuleResult touch(Path path, String prev, Map<String, Object> args, ModuleContext ctx) throws IOException {
        Map<String, Object> before = stateOnly(path, prev);
        Map<String, Object> after = stateOnly(path, "touch");
        boolean changed = false;
        if (prev.equals("absent")) {
            changed = true;
            if (ctx.checkMode()) {
                return ModuleResult.changed(true).put("dest", path.toString()).diff(before, after).build();
            }
            Path parent = path.toAbsolutePath().getParent();
            if (!Files.isDirectory(parent)) {
                throw new IllegalArgumentException("Error, could not touch target: [Errno 2] No such file or directory: '" + path + "'");
            }
            Files.createFile(path);
        }
        Path target = prev.equals("link") && (Boolean) args.get("follow") ? path.toRealPath() : path;
        changed |= setAttributes(target, args, Files.isDirectory(target), ctx.checkMode(), before, after);
        changed |= setTimes(target, args, "now", ctx.checkMode());
        return result(ModuleResult.changed(changed).put("dest", path.toString()), path, before, after);
    }

    private ModuleResult link(Path path, String prev, Map<String, Object> args, ModuleContext ctx) throws IOException {
        String src = (String) args.get("src");
        if (src == null) {
            if (prev.equals("link")) {
                src = Files.readSymbolicLink(path).toString();
            } else {
                throw new IllegalArgumentException("src option is required for state link");
            }
        }
        Path absSrc = path.toAbsolutePath().getParent().resolve(src).normalize();
        boolean force = (Boolean) args.get("force");
        if (!force && !Files.exists(absSrc)) {
            return ModuleResult.failed("src file does not exist, use \"force=yes\" if you really want to create the link: " + absSrc)
                    .put("path", path.toString()).put("src", src).build();
        }
        Map<String, Object> before = stateOnly(path, prev);
        Map<String, Object> after = stateOnly(path, "link");
        boolean changed;
        switch (prev) {
            case "absent" -> changed = true;
            case "link" -> {
                String old = Files.readSymbolicLink(path).toString();
                changed = !old.equals(src);
                before.put("src", old);
            }
            case "directory" -> {
                if (!force) {
                    throw new IllegalArgumentException("refusing to convert from directory to symlink for " + path);
                }
                try (Stream<Path> s = Files.list(path)) {
                    if (s.findAny().isPresent()) {
                        throw new IllegalArgumentException("the directory " + path + " is not empty, refusing to convert it");
                    }
                }
                changed = true;
            }
            default -> {
                if (!force) {
                    throw new IllegalArgumentException("refusing to convert from " + prev + " to symlink for " + path);
                }
                changed = true;
            }
        }
        after.put("src", src);
        if (changed && !ctx.checkMode()) {
            Path tmp = path.resolveSibling("." + path.getFileName() + "." + ProcessHandle.current().pid() + ".link");
            Files.deleteIfExists(tmp);
            Files.createSymbolicLink(tmp, Path.of(src));
            if (prev.equals("directory")) {
                Files.delete(path);
            }
            Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        if ((Boolean) args.get("follow") && Files.exists(path)) {
            changed |= setAttributes(path.toRealPath(), args, Files.isDirectory(path), ctx.checkMode(), before, after);
        }
        ModuleResult.Builder r = ModuleResult.changed(changed).put("dest", path.toString()).put("src", src);
        return result(r, path, before, after);
    }

    private ModuleResult hard(Path path, String prev, Map<String, Object> args, ModuleContext ctx) throws IOException {
        String src = (String) args.get("src");
        if (src == null) {
            throw new IllegalArgumentException("src option is required for state hard");
        }
        Path absSrc = path.toAbsolutePath().getParent().resolve(src).normalize();
        if (!Files.exists(absSrc)) {
            return ModuleResult.failed("src does not exist").put("dest", path.toString()).put("src", src).build();
        }
        Map<String, Object> before = stateOnly(path, prev);
        Map<String, Object> after = stateOnly(path, "hard");
        boolean changed;
        switch (prev) {
            case "absent" -> changed = true;
            case "hard", "file" -> {
                changed = !Files.isSameFile(path, absSrc);
                if (changed && !(Boolean) args.get("force")) {
                    throw new IllegalArgumentException(prev.equals("hard") ? "Cannot link, different hard link exists at destination"
                            : "Cannot link, file exists at destination");
                }
            }
            case "link" -> changed = true;
            default -> throw new IllegalArgumentException("Cannot link: " + path + " is a " + prev);
        }
        after.put("src", src);
        if (changed && !ctx.checkMode()) {
            Path tmp = path.resolveSibling("." + path.getFileName() + "." + ProcessHandle.current().pid() + ".hard");
            Files.deleteIfExists(tmp);
            Files.createLink(tmp, absSrc);
            Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        if (Files.exists(path)) {
            changed |= setAttributes(path, args, false, ctx.checkMode(), before, after);
        }
        return result(ModuleResult.changed(changed).put("dest", path.toString()).put("src", src), path, before, after);
    }

    /** Mode, owner and group as asked; their old and new values go into the diff. Returns whether any differs. */
    private static boolean setAttributes(Path path, Map<String, Object> args, boolean directory, boolean checkMode,
            Map<String, Object> before, Map<String, Object> after) throws IOException {
        boolean changed = false;
        if (!Files.exists(path)) {
            return false;
        }
        Object mode = args.get("mode");
        if (mode != null) {
            int now = FileModes.of(path, true);
            int wanted = CopyModule.resolveMode(mode, now, directory);
            if (now != wanted) {
                changed = true;
                before.putIfAbsent("mode", FileModes.format(now));
                after.put("mode", FileModes.format(wanted));
                if (!checkMode) {
                    FileModes.set(path, wanted);
                }
            }
        }
        UserPrincipal owner = FileFacts.ownerToSet(path, (String) args.get("owner"));
        GroupPrincipal group = FileFacts.groupToSet(path, (String) args.get("group"));
        if (owner != null) {
            before.putIfAbsent("owner", ((Number) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue());
            after.put("owner", args.get("owner"));
        }
        if (group != null) {
            before.putIfAbsent("group", ((Number) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS)).longValue());
            after.put("group", args.get("group"));
        }
        if ((owner != null || group != null) && !checkMode) {
            FileFacts.setOwnership(path, owner, group);
        }
        return changed || owner != null || group != null;
    }

    private static boolean recurse(Path top, Map<String, Object> args, boolean checkMode, Map<String, Object> before,
            Map<String, Object> after) throws IOException {
        boolean[] changed = {false};
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(top)) {
                    changed[0] |= setAttributes(dir, args, true, checkMode, new LinkedHashMap<>(), new LinkedHashMap<>());
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isSymbolicLink()) {
                    changed[0] |= setAttributes(file, args, false, checkMode, new LinkedHashMap<>(), new LinkedHashMap<>());
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return changed[0];
    }

    /** Access and modification times as asked ({@code fallback} when not given); whether they were set. */
    private static boolean setTimes(Path path, Map<String, Object> args, String fallback, boolean checkMode) throws IOException {
        FileTime atime = time(args, "access_time", fallback);
        FileTime mtime = time(args, "modification_time", fallback);
        if (atime == null && mtime == null) {
            return false;
        }
        java.nio.file.attribute.BasicFileAttributeView view = Files.getFileAttributeView(path, java.nio.file.attribute.BasicFileAttributeView.class);
        BasicFileAttributes now = view.readAttributes();
        boolean differs = (mtime != null && !mtime.equals(now.lastModifiedTime())) || (atime != null && !atime.equals(now.lastAccessTime()));
        if (differs && !checkMode) {
            view.setTimes(mtime, atime, null);
        }
        return differs;
    }

    private static FileTime time(Map<String, Object> args, String name, String fallback) {
        String given = (String) args.get(name);
        String value = given == null ? fallback : given;
        if (value.equals("preserve")) {
            return null;
        }
        if (value.equals("now")) {
            return FileTime.fromMillis(System.currentTimeMillis());
        }
        String format = (String) args.get(name + "_format");
        try {
            LocalDateTime t = LocalDateTime.parse(value, DateTimeFormatter.ofPattern(javaPattern(format)));
            return FileTime.from(t.atZone(ZoneId.systemDefault()).toInstant());
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new ArgumentError(name + " '" + value + "' does not match " + name + "_format '" + format + "'");
        }
    }

    /** The strftime directives Ansible's default formats use, as a java.time pattern. */
    private static String javaPattern(String strftime) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < strftime.length(); i++) {
            char c = strftime.charAt(i);
            if (c != '%' || i + 1 >= strftime.length()) {
                b.append(Character.isLetter(c) ? "'" + c + "'" : String.valueOf(c));
                continue;
            }
            char d = strftime.charAt(++i);
            b.append(switch (d) {
                case 'Y' -> "yyyy";
                case 'm' -> "MM";
                case 'd' -> "dd";
                case 'H' -> "HH";
                case 'M' -> "mm";
                case 'S' -> "ss";
                case 'y' -> "yy";
                case '%' -> "%";
                default -> throw new ArgumentError("time format: %" + d + " is not supported (use %Y %m %d %H %M %S %y)");
            });
        }
        return b.toString();
    }

    private static Map<String, Object> stateOnly(Path path, String state) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path.toString());
        m.put("state", state);
        return m;
    }

    private static ModuleResult result(ModuleResult.Builder r, Path path, Map<String, Object> before, Map<String, Object> after) throws IOException {
        r.diff(before, after);
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            r.putAll(FileFacts.of(path));
        }
        return r.build();
    }

    private static void deleteTree(Path top) throws IOException {
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
