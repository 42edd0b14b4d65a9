package io.mm2dr.modules.builtin;

import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import io.mm2dr.engine.template.Templar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * {@code template}: renders a Jinja template (searched in the role's templates/, then beside the
 * task and the playbook) to a file; changes it only when the content or mode differs.
 */
final class TemplateModule extends BuiltinModule {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("src", ArgType.PATH).required().description("the template").add()
            .arg("dest", ArgType.PATH).required().description("the file to write").add()
            .arg("mode", ArgType.RAW).description("file mode, e.g. '0644'").add()
            .arg("force", ArgType.BOOL).defaultValue(true).description("replace a file whose content differs").add()
            .arg("backup", ArgType.BOOL).defaultValue(false).description("keep the old file as dest.TIMESTAMP~").add()
            .build();

    @Override
    public String name() {
        return "template";
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
        Path src = ctx.findFile("templates", (String) args.get("src"));
        Path dest = Path.of((String) args.get("dest"));
        if (Files.isDirectory(dest)) {
            dest = dest.resolve(src.getFileName().toString().replaceAll("\\.j2$", ""));
        }
        String source = Files.readString(src, StandardCharsets.UTF_8);
        Object rendered = ctx.template(source, io.mm2dr.engine.template.TemplateVars.of(src, dest));
        String content = rendered instanceof String s ? s : Templar.render(rendered);
        Set<PosixFilePermission> mode = mode(args.get("mode"));
        boolean exists = Files.exists(dest);
        String before = exists ? Files.readString(dest, StandardCharsets.UTF_8) : "";
        boolean contentDiffers = !exists || !before.equals(content);
        if (exists && contentDiffers && !(Boolean) args.get("force")) {
            return ModuleResult.ok().msg("file already exists").put("dest", dest.toString()).build();
        }
        boolean modeDiffers = mode != null && (!exists || !Files.getPosixFilePermissions(dest).equals(mode));
        boolean changed = contentDiffers || modeDiffers;
        ModuleResult.Builder r = ModuleResult.changed(changed).put("dest", dest.toString()).put("src", src.toString())
                .put("checksum", sha1(content)).put("size", (long) content.getBytes(StandardCharsets.UTF_8).length);
        if (mode != null) {
            r.put("mode", "0" + Integer.toOctalString(octal(mode)));
        }
        if (contentDiffers) {
            r.diff(new ModuleResult.Diff(before, content, exists ? dest.toString() : "/dev/null", "dynamically generated (" + src.getFileName() + ")"));
        }
        if (!changed || ctx.checkMode()) {
            return r.build();
        }
        if (dest.getParent() != null && !Files.isDirectory(dest.getParent())) {
            return ModuleResult.failed("Destination directory " + dest.getParent() + " does not exist").put("dest", dest.toString()).build();
        }
        if (contentDiffers) {
            if (exists && (Boolean) args.get("backup")) {
                Path backup = dest.resolveSibling(dest.getFileName() + "." + System.currentTimeMillis() + "~");
                Files.copy(dest, backup);
                r.put("backup_file", backup.toString());
            }
            Path tmp = Files.createTempFile(dest.toAbsolutePath().getParent(), ".runner-", ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            if (mode != null) {
                Files.setPosixFilePermissions(tmp, mode);
            } else if (exists) {
                Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(dest));
            }
            Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } else {
            Files.setPosixFilePermissions(dest, mode);
        }
        return r.build();
    }

    private static Set<PosixFilePermission> mode(Object m) {
        if (m == null) {
            return null;
        }
        String s = String.valueOf(m).trim();
        if (m instanceof Long l) {
            // YAML 0644 unquoted is read as octal by YAML 1.1, i.e. already the right number
            s = Long.toOctalString(l);
        }
        if (s.matches("[rwx-]{9}")) {
            return PosixFilePermissions.fromString(s);
        }
        if (!s.matches("0?[0-7]{3,4}")) {
            throw new ArgumentError("mode must be octal like '0644', got: " + m);
        }
        int v = Integer.parseInt(s, 8);
        StringBuilder b = new StringBuilder();
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            b.append((v & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
        }
        return PosixFilePermissions.fromString(b.toString());
    }

    private static int octal(Set<PosixFilePermission> perms) {
        String s = PosixFilePermissions.toString(perms);
        int v = 0;
        for (int i = 0; i < 9; i++) {
            v = (v << 1) | (s.charAt(i) != '-' ? 1 : 0);
        }
        return v;
    }

    private static String sha1(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
