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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code copy}: a file or a folder (searched in the role's files/, then beside the task and the
 * playbook; on this machine's file system with {@code remote_src}), or {@code content}, to
 * {@code dest}. A file is replaced in one step, only when its bytes differ; mode, owner and group
 * are set when they differ. Check mode reports what would change and writes nothing.
 */
final class CopyModule extends BuiltinModule {
    /** Ansible's default {@code max_diff_size}: larger files get no diff. */
    static final int MAX_DIFF_SIZE = 104448;

    private static final ArgSpec SPEC = FileModule.attributeArgs(ArgSpec.builder()
            .arg("src", ArgType.PATH).description("the file or folder to copy; a folder ending with / copies what is in it").add()
            .arg("content", ArgType.RAW).description("the text to write instead of a file (a mapping or list is written as JSON)").add()
            .arg("dest", ArgType.PATH).required().description("where to copy to; a folder (or a path ending with /) gets the source's name").add()
            .arg("remote_src", ArgType.BOOL).defaultValue(false).description("src is a path on this machine, not searched in files/").add()
            .arg("force", ArgType.BOOL).defaultValue(true).aliases("thirsty").description("replace a file whose content differs; false copies only when dest is absent").add()
            .arg("backup", ArgType.BOOL).defaultValue(false).description("keep the replaced file as dest.PID.TIMESTAMP~").add()
            .arg("directory_mode", ArgType.RAW).description("mode of the folders a recursive copy creates").add()
            .arg("validate", ArgType.STR).description("command that checks the new file before it replaces dest; %s is its path").add()
            .arg("checksum", ArgType.STR).description("the SHA-1 the source must have").add()
            .arg("follow", ArgType.BOOL).defaultValue(false).description("when dest is a link, write to the file it points to").add()
            .arg("local_follow", ArgType.BOOL).defaultValue(true).description("follow links in the source").add()
            .arg("decrypt", ArgType.BOOL).defaultValue(true).description("accepted: runner has no vault-encrypted files to decrypt").add()
            .mutuallyExclusive("src", "content")
            .requiredOneOf("src", "content"))
            .build();

    @Override
    public String name() {
        return "copy";
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
    public ModuleResult run(Map<String, Object> args, ModuleContext ctx) throws IOException, InterruptedException {
        try {
            return copy(args, ctx);
        } catch (java.nio.file.FileSystemException e) {
            return ModuleResult.failed(FileModule.describe(e)).put("dest", String.valueOf(args.get("dest"))).build();
        }
    }

    private ModuleResult copy(Map<String, Object> args, ModuleContext ctx) throws IOException, InterruptedException {
        if (args.get("mode") != null && !"preserve".equals(args.get("mode"))) {
            CopyModule.resolveMode(args.get("mode"), 0644, false);   // a mode that cannot be read fails before anything is made
        }
        String destText = (String) args.get("dest");
        Path dest = Path.of(destText);
        boolean destIsFolder = destText.endsWith("/") || Files.isDirectory(dest);
        if (args.get("content") != null) {
            if (destIsFolder) {
                return ModuleResult.failed("can not use content with a dir as dest").build();
            }
            byte[] bytes = contentBytes(args.get("content"));
            return copyFile(new Source(bytes, null, null), dest, args, ctx, false);
        }
        String srcText = (String) args.get("src");
        Path src = (Boolean) args.get("remote_src") ? Path.of(srcText) : ctx.findFile("files", srcText);
        if (!Files.exists(src)) {
            return ModuleResult.failed("Source " + srcText + " not found").build();
        }
        if (Files.isDirectory(src)) {
            // "dir/" copies what is in it; "dir" copies the folder itself
            Path target = srcText.endsWith("/") ? dest : dest.resolve(src.getFileName());
            ModuleResult copied = copyFolder(src, target, args, ctx);
            // as Ansible: the dest given, not the folder made in it (with a / when nothing changed: its module's way)
            String shownDest = copied.changed() || destText.endsWith("/") ? destText : destText + "/";
            return copied.failed() ? copied : ModuleResult.changed(copied.changed()).put("dest", shownDest).put("src", srcText).build();
        }
        if (!Files.isReadable(src)) {
            return ModuleResult.failed("Source " + src + " not readable").build();
        }
        byte[] bytes = Files.readAllBytes(src);
        String expected = (String) args.get("checksum");
        if (expected != null && !expected.equalsIgnoreCase(FileFacts.sha1(bytes))) {
            return ModuleResult.failed("Copied file does not match the expected checksum. Transfer failed.")
                    .put("checksum", FileFacts.sha1(bytes)).put("expected_checksum", expected).build();
        }
        Path target = destIsFolder ? dest.resolve(src.getFileName()) : dest;
        boolean createParent = destText.endsWith("/");
        return copyFile(new Source(bytes, src, srcText), target, args, ctx, createParent);
    }

    /** What is copied: the bytes, and the file they came from (null for content). */
    private record Source(byte[] bytes, Path file, String given) {
    }

    private ModuleResult copyFile(Source source, Path dest, Map<String, Object> args, ModuleContext ctx, boolean createParent) throws IOException,
            InterruptedException {
        if ((Boolean) args.get("follow") && Files.isSymbolicLink(dest) && Files.exists(dest)) {
            dest = dest.toRealPath();
        }
        Path parent = dest.toAbsolutePath().getParent();
        boolean remoteCopy = source.file != null && (Boolean) args.get("remote_src");
        if (!createParent && !Files.isDirectory(parent)) {
            if (ctx.checkMode() && !remoteCopy) {
                // as Ansible's action plugin: in check mode a file to send is reported, its folder may come from an earlier task
                return ModuleResult.changed(true).put("dest", dest.toString()).put("checksum", FileFacts.sha1(source.bytes)).build();
            }
            return ModuleResult.failed("Destination directory " + parent + " does not exist").put("dest", dest.toString()).build();
        }
        boolean exists = Files.exists(dest);
        byte[] before = exists && Files.isRegularFile(dest) ? Files.readAllBytes(dest) : null;
        if (exists && Files.isDirectory(dest)) {
            return ModuleResult.failed("Destination " + dest + " is a folder").put("dest", dest.toString()).build();
        }
        boolean contentDiffers = before == null || !Arrays.equals(before, source.bytes);
        String checksum = FileFacts.sha1(source.bytes);
        ModuleResult.Builder r = ModuleResult.ok().put("dest", dest.toString());
        if (source.file != null) {
            r.put("src", source.file.toString());
        }
        r.put("checksum", checksum);
        if (exists && !(Boolean) args.get("force")) {
            // as Ansible: force false leaves a file that is there alone, its attributes too
            return r.msg("file already exists").build();
        }
        int mode = wantedMode(args.get("mode"), source, exists ? FileModes.of(dest, true) : FileModes.newFileMode());
        boolean modeDiffers = mode >= 0 && (!exists || FileModes.of(dest, true) != mode);
        UserPrincipal owner = exists ? FileFacts.ownerToSet(dest, (String) args.get("owner")) : null;
        GroupPrincipal group = exists ? FileFacts.groupToSet(dest, (String) args.get("group")) : null;
        boolean changed = contentDiffers || modeDiffers || owner != null || group != null
                || (!exists && (args.get("owner") != null || args.get("group") != null));
        r.changed(changed).put("md5sum", FileFacts.md5(source.bytes)).put("size", (long) source.bytes.length);
        // as Ansible: the content's diff, but none for a file copied on this machine (remote_src); else the mode's
        if (contentDiffers && ctx.diffMode() && !remoteCopy) {
            diff(r, before, source, dest, exists);
        } else if (!contentDiffers && modeDiffers) {
            Map<String, Object> was = new java.util.LinkedHashMap<>();
            was.put("path", dest.toString());
            was.put("mode", FileModes.format(FileModes.of(dest, true)));
            Map<String, Object> will = new java.util.LinkedHashMap<>();
            will.put("path", dest.toString());
            will.put("mode", FileModes.format(mode));
            r.diff(was, will);
        }
        if (changed && !ctx.checkMode()) {
            if (!Files.isDirectory(parent)) {
                makeFolders(parent, args.get("directory_mode"));
            }
            if (contentDiffers) {
                String validate = (String) args.get("validate");
                if (validate != null) {
                    ModuleResult failure = validate(validate, source.bytes, parent, ctx);
                    if (failure != null) {
                        return failure;
                    }
                }
                if (exists && (Boolean) args.get("backup")) {
                    Path backup = FileFacts.backupName(dest);
                    Files.copy(dest, backup, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    r.put("backup_file", backup.toString());
                }
                if (mode >= 0) {
                    AtomicFiles.write(dest, source.bytes, mode);
                } else {
                    AtomicFiles.write(dest, source.bytes, null);
                }
            } else if (modeDiffers) {
                FileModes.set(dest, mode);
            }
            FileFacts.setOwnership(dest, FileFacts.ownerToSet(dest, (String) args.get("owner")),
                    FileFacts.groupToSet(dest, (String) args.get("group")));
        }
        if (Files.exists(dest)) {
            Map<String, Object> facts = FileFacts.of(dest);
            facts.remove("size");
            r.putAll(facts);
        }
        if (mode >= 0) {
            r.put("mode", FileModes.format(mode));
        }
        return r.put("size", (long) source.bytes.length).put("state", "file").build();
    }

    private ModuleResult copyFolder(Path src, Path target, Map<String, Object> args, ModuleContext ctx) throws IOException, InterruptedException {
        List<Path> files = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        boolean followLinks = (Boolean) args.get("local_follow");
        try (Stream<Path> walk = followLinks ? Files.walk(src, java.nio.file.FileVisitOption.FOLLOW_LINKS) : Files.walk(src)) {
            walk.sorted().forEach(p -> (Files.isDirectory(p) ? folders : files).add(p));
        }
        boolean changed = false;
        Object directoryMode = args.get("directory_mode");
        for (Path folder : folders) {
            Path to = target.resolve(src.relativize(folder).toString());
            if (Files.isDirectory(to)) {
                continue;
            }
            if (Files.exists(to)) {
                return ModuleResult.failed("Destination " + to + " exists and is not a folder").put("dest", target.toString()).build();
            }
            changed = true;
            if (!ctx.checkMode()) {
                makeFolders(to, directoryMode);
            }
        }
        for (Path file : files) {
            Path to = target.resolve(src.relativize(file).toString());
            Map<String, Object> fileArgs = args;
            if ((Boolean) args.get("remote_src") && args.get("mode") == null) {
                // as Ansible (copytree): a folder of this machine copied keeps its files' modes (scripts stay executable)
                fileArgs = new java.util.HashMap<>(args);
                fileArgs.put("mode", "preserve");
            }
            ModuleResult one = copyFile(new Source(Files.readAllBytes(file), file, file.toString()), to, fileArgs, ctx, true);
            if (one.failed()) {
                return one;
            }
            changed |= one.changed();
        }
        return ModuleResult.changed(changed).put("dest", target.toString()).put("src", src.toString()).build();
    }

    /** Makes {@code folder} and the parents missing, each with {@code directoryMode} when given (as Ansible does). */
    private static void makeFolders(Path folder, Object directoryMode) throws IOException {
        AtomicFiles.makeFolders(folder, p -> {
            if (directoryMode != null) {
                FileModes.set(p, resolveMode(directoryMode, FileModes.of(p, true), true));
            }
        });
    }

    /** The mode dest must have, or -1 to leave it (a new file gets the umask's default). */
    private static int wantedMode(Object given, Source source, int current) throws IOException {
        if (given == null) {
            return -1;
        }
        if ("preserve".equals(given)) {
            return source.file == null ? -1 : FileModes.of(source.file, true);
        }
        return resolveMode(given, current, false);
    }

    static int resolveMode(Object given, int current, boolean directory) {
        try {
            return FileModes.resolve(given, current, directory);
        } catch (FileModes.BadMode e) {
            throw new ArgumentError(e.getMessage());
        }
    }

    private static byte[] contentBytes(Object content) {
        if (content instanceof Map || content instanceof List) {
            // as Ansible: a mapping or a list is written as json.dumps writes it (keys in order, non-ASCII escaped)
            return io.mm2dr.engine.template.PythonJson.dumps(content).getBytes(StandardCharsets.UTF_8);
        }
        if (content instanceof Boolean b) {
            return (b ? "True" : "False").getBytes(StandardCharsets.UTF_8);
        }
        return io.mm2dr.engine.files.SurrogateEscape.encode(String.valueOf(content));
    }

    private static void diff(ModuleResult.Builder r, byte[] before, Source source, Path dest, boolean exists) {
        byte[] after = source.bytes;
        if ((before != null && before.length > MAX_DIFF_SIZE) || after.length > MAX_DIFF_SIZE || isBinary(before) || isBinary(after)) {
            return;
        }
        String afterHeader = source.file == null ? "dynamically generated" : source.file.toString();
        r.diff(new ModuleResult.Diff(before == null ? "" : new String(before, StandardCharsets.UTF_8), new String(after, StandardCharsets.UTF_8),
                exists ? dest.toString() : "/dev/null", afterHeader));
    }

    private static boolean isBinary(byte[] bytes) {
        if (bytes == null) {
            return false;
        }
        for (byte b : bytes) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    /** Runs the validate command on the new content in a temporary file beside dest; the failed result, or null. */
    static ModuleResult validate(String command, byte[] bytes, Path folder, ModuleContext ctx) throws IOException, InterruptedException {
        if (!command.contains("%s")) {
            throw new ArgumentError("validate must contain %s: " + command);
        }
        Path tmp = Files.createTempFile(folder, ".validate", ".tmp");
        try {
            Files.write(tmp, bytes);
            List<String> argv = ShellWords.split(command.replace("%s", tmp.toString()));
            Path err = Files.createTempFile(folder, ".validate", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(argv).redirectError(err.toFile());
                pb.environment().putAll(ctx.environment());
                Process p;
                try {
                    p = pb.start();
                } catch (IOException e) {
                    return ModuleResult.failed("failed to validate").put("exit_status", 2L).put("stdout", "")
                            .put("stderr", "[Errno 2] No such file or directory: '" + argv.get(0) + "'").build();
                }
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int rc = p.waitFor();
                // as Ansible: "failed to validate", the command's exit status and output beside it
                return rc == 0 ? null : ModuleResult.failed("failed to validate").put("exit_status", (long) rc).put("stdout", out)
                        .put("stderr", Files.readString(err)).build();
            } finally {
                Files.deleteIfExists(err);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
