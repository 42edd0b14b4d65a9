package io.mm2dr.engine.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The variables Ansible's template module and template lookup add while rendering a file:
 * {@code ansible_managed}, {@code template_path}, {@code template_fullpath}, {@code template_destpath},
 * {@code template_host}, {@code template_uid}, {@code template_run_date}.
 */
public final class TemplateVars {
    /** Ansible 2.14's default {@code ansible_managed} text (DEFAULT_MANAGED_STR). */
    public static final String ANSIBLE_MANAGED = "Ansible managed";

    private TemplateVars() {
    }

    /** For the template {@code source}, written to {@code dest} (null for the lookup). */
    public static Map<String, Object> of(Path source, Path dest) {
        Map<String, Object> vars = new LinkedHashMap<>();
        Path abs = source.toAbsolutePath().normalize();
        vars.put("ansible_managed", ANSIBLE_MANAGED);
        vars.put("template_path", abs.toString());
        vars.put("template_fullpath", abs.toString());
        vars.put("template_destpath", dest == null ? null : dest.toAbsolutePath().normalize().toString());
        vars.put("template_host", hostname());
        try {
            vars.put("template_uid", Files.getOwner(abs).getName());
        } catch (IOException | UnsupportedOperationException e) {
            vars.put("template_uid", "");
        }
        vars.put("template_run_date", new PyDateTime(java.time.LocalDateTime.now(), null));
        return vars;
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
