package io.mm2dr.engine.builtin;

import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import io.mm2dr.engine.template.JinjaOptions;
import io.mm2dr.engine.template.TemplateError;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.mm2dr.engine.files.AtomicFiles;
import io.mm2dr.engine.files.FileFacts;
import io.mm2dr.engine.files.FileModes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
            .arg("trim_blocks", ArgType.BOOL).defaultValue(true).description("remove the first newline after a block tag").add()
            .arg("lstrip_blocks", ArgType.BOOL).defaultValue(false).description("strip spaces and tabs before a block tag on its line").add()
            .arg("newline_sequence", ArgType.STR).defaultValue("\n").description("the newline of the output: \\n, \\r or \\r\\n").add()
            .arg("block_start_string", ArgType.STR).defaultValue("{%").description("the string that starts a block").add()
            .arg("block_end_string", ArgType.STR).defaultValue("%}").description("the string that ends a block").add()
            .arg("variable_start_string", ArgType.STR).defaultValue("{{").description("the string that starts a print statement").add()
            .arg("variable_end_string", ArgType.STR).defaultValue("}}").description("the string that ends a print statement").add()
            .arg("comment_start_string", ArgType.STR).defaultValue("{#").description("the string that starts a comment").add()
            .arg("comment_end_string", ArgType.STR).defaultValue("#}").description("the string that ends a comment").add()
            .arg("output_encoding", ArgType.STR).defaultValue("utf-8").description("the encoding of the written file").add()
            .build();

    /** The arguments that are Jinja environment options (see {@link JinjaOptions#with(String, Object)}). */
    private static final List<String> JINJA_OPTIONS = List.of("trim_blocks", "lstrip_blocks", "newline_sequence",
            "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
            "comment_start_string", "comment_end_string");

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
        JinjaOptions options = JinjaOptions.DEFAULT;
        try {
            for (String name : JINJA_OPTIONS) {
                options = options.with(name, args.get(name));
            }
        } catch (TemplateError e) {
            throw new ArgumentError(e.getMessage());
        }
        Charset encoding = charset(args.get("output_encoding"));
        // includes and imports are searched beside the template first, then where templates are
        List<Path> searchPaths = new ArrayList<>();
        searchPaths.add(src.toAbsolutePath().getParent());
        searchPaths.addAll(ctx.searchPaths("templates"));
        String content = ctx.renderTemplate(source, options, searchPaths,
                io.mm2dr.engine.template.TemplateVars.of(src, dest));
        boolean exists = Files.exists(dest);
        int current = exists ? FileModes.of(dest, true) : -1;
        int mode = args.get("mode") == null ? -1 : CopyModule.resolveMode(args.get("mode"), exists ? current : FileModes.newFileMode(), false);
        String before = exists ? readOrEmpty(dest, encoding) : "";
        boolean contentDiffers = !exists || !before.equals(content);
        if (exists && contentDiffers && !(Boolean) args.get("force")) {
            return ModuleResult.ok().msg("file already exists").put("dest", dest.toString()).build();
        }
        boolean modeDiffers = mode >= 0 && (!exists || current != mode);
        boolean changed = contentDiffers || modeDiffers;
        byte[] bytes = content.getBytes(encoding);
        ModuleResult.Builder r = ModuleResult.changed(changed).put("dest", dest.toString()).put("src", src.toString())
                .put("checksum", FileFacts.sha1(bytes)).put("size", (long) bytes.length);
        if (mode >= 0) {
            r.put("mode", FileModes.format(mode));
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
                Path backup = FileFacts.backupName(dest);
                Files.copy(dest, backup, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                r.put("backup_file", backup.toString());
            }
            if (mode >= 0) {
                AtomicFiles.write(dest, bytes, mode);
            } else {
                AtomicFiles.write(dest, bytes, null);
            }
        } else {
            FileModes.set(dest, mode);
        }
        return r.build();
    }

    private static Charset charset(Object name) {
        String n = name == null ? "utf-8" : name.toString();
        try {
            return Charset.forName(n);
        } catch (IllegalArgumentException e) {
            throw new ArgumentError("output_encoding: unknown encoding '" + n + "'");
        }
    }

    private static String readOrEmpty(Path file, Charset encoding) throws IOException {
        return new String(Files.readAllBytes(file), encoding);
    }

}
