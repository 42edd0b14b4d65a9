package io.mm2dr.cli;

import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.Module;
import io.mm2dr.engine.module.ModuleDoc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A module's documentation as {@code runner doc} shows it: as text laid out like
 * {@code ansible-doc}'s (name, description, OPTIONS with their type, default, choices and whether
 * they are mandatory, nested options indented, the spec's rules, check mode, EXAMPLES, RETURN
 * VALUES), or as a JSON-ready map for tools. The arguments' facts come from the module's
 * {@link ArgSpec}; the rest from its {@link ModuleDoc}.
 */
final class ModuleDocText {
    private static final int WIDTH = 100;

    private ModuleDocText() {
    }

    /** The module's documentation as text. */
    static String text(Module m, ModuleDoc doc) {
        StringBuilder b = new StringBuilder();
        b.append("> ").append(m.fullName().toUpperCase(Locale.ROOT)).append("    (runner)\n\n");
        wrap(b, doc.shortDescription() + ".", 2);
        if (!doc.description().isEmpty()) {
            b.append('\n');
            for (String paragraph : doc.description().split("\n\\s*\n")) {
                wrap(b, paragraph, 2);
            }
        }
        List<String> names = otherNames(m);
        if (!names.isEmpty()) {
            b.append("\n  Also called: ").append(String.join(", ", names)).append('\n');
        }
        ArgSpec spec = m.spec();
        b.append("\nOPTIONS (= is mandatory):\n");
        if (spec.freeForm()) {
            b.append("\n- free_form\n");
            wrap(b, "The command line as free-form text (or cmd).", 8);
        }
        options(b, spec, 0);
        if (spec.openEnded()) {
            b.append("\n- ANY NAME\n");
            wrap(b, "Every other argument is a variable to set.", 8);
        }
        rules(b, spec);
        b.append("\nCHECK MODE: ").append(doc.checkMode().word()).append('\n');
        if (!doc.checkModeNote().isEmpty()) {
            wrap(b, doc.checkModeNote(), 8);
        }
        b.append("\nEXAMPLES:\n\n").append(doc.examples().stripTrailing()).append("\n\n");
        b.append("RETURN VALUES:\n");
        for (ModuleDoc.ReturnValue r : doc.returns()) {
            b.append("\n- ").append(r.key()).append('\n');
            wrap(b, r.description(), 8);
            b.append("        returned: ").append(r.returned()).append('\n');
            b.append("        type: ").append(r.type()).append('\n');
        }
        return b.toString();
    }

    private static void options(StringBuilder b, ArgSpec spec, int depth) {
        String pad = "        ".repeat(depth);
        for (ArgSpec.Arg a : spec.args()) {
            b.append('\n').append(pad).append(a.required() ? "= " : "- ").append(a.name()).append('\n');
            String more = pad + "        ";
            wrap(b, a.description().isEmpty() ? a.name() : a.description(), more.length());
            if (!a.aliases().isEmpty()) {
                b.append(more).append("aliases: [").append(String.join(", ", a.aliases())).append("]\n");
            }
            if (a.choices() != null) {
                b.append(more).append("choices: [").append(String.join(", ", a.choices().stream().map(String::valueOf).toList())).append("]\n");
            }
            if (a.defaultValue() != null) {
                b.append(more).append("default: ").append(shown(a.defaultValue())).append('\n');
            }
            if (a.elements() != null) {
                b.append(more).append("elements: ").append(word(a.elements())).append('\n');
            }
            if (a.secret()) {
                b.append(more).append("no_log: true (never shown)\n");
            }
            if (a.notEmpty()) {
                b.append(more).append("must not be empty\n");
            }
            b.append(more).append("type: ").append(word(a.type())).append('\n');
            if (a.options() != null) {
                b.append(more).append("suboptions:\n");
                options(b, a.options(), depth + 1);
                rules(b, a.options());
            }
        }
    }

    /** The spec's rules between its arguments, in words. */
    private static void rules(StringBuilder b, ArgSpec spec) {
        List<String> rules = ruleLines(spec);
        if (!rules.isEmpty()) {
            b.append('\n');
            rules.forEach(r -> b.append("  ").append(r).append('\n'));
        }
        if (!spec.notSupported().isEmpty()) {
            b.append("\nNOT SUPPORTED YET: arguments of the module this one follows, refused by name\n\n");
            spec.notSupported().forEach((name, why) -> b.append("- ").append(name).append(": ").append(why).append('\n'));
        }
    }

    private static List<String> ruleLines(ArgSpec spec) {
        List<String> out = new ArrayList<>();
        spec.mutuallyExclusive().forEach(g -> out.add("mutually exclusive: " + String.join(", ", g)));
        spec.requiredOneOf().forEach(g -> out.add("required one of: " + String.join(", ", g)));
        spec.requiredIf().forEach(r -> out.add("required if " + r.name() + " is " + r.value() + ": " + String.join(", ", r.required())));
        spec.requiredBy().forEach((k, v) -> out.add("required by " + k + ": " + String.join(", ", v)));
        return out;
    }

    /** The names besides the full one that the module answers to. */
    static List<String> otherNames(Module m) {
        List<String> names = new ArrayList<>();
        names.add(m.name());
        names.addAll(m.aliases());
        return names;
    }

    /** The documentation as a JSON-ready map. */
    static Map<String, Object> json(Module m, ModuleDoc doc) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", m.name());
        out.put("full_name", m.fullName());
        out.put("aliases", m.aliases());
        out.put("short_description", doc.shortDescription());
        out.put("description", doc.description());
        out.put("check_mode", doc.checkMode().word());
        out.put("check_mode_note", doc.checkModeNote());
        out.put("free_form", m.spec().freeForm());
        out.put("open_ended", m.spec().openEnded());
        out.put("options", optionsJson(m.spec()));
        out.put("rules", ruleLines(m.spec()));
        out.put("examples", doc.examples());
        List<Map<String, Object>> returns = new ArrayList<>();
        for (ModuleDoc.ReturnValue r : doc.returns()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("key", r.key());
            one.put("type", r.type());
            one.put("returned", r.returned());
            one.put("description", r.description());
            returns.add(one);
        }
        out.put("returns", returns);
        return out;
    }

    private static Map<String, Object> optionsJson(ArgSpec spec) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ArgSpec.Arg a : spec.args()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("description", a.description());
            o.put("type", word(a.type()));
            o.put("required", a.required());
            o.put("default", a.defaultValue());
            o.put("choices", a.choices());
            o.put("aliases", a.aliases());
            o.put("elements", a.elements() == null ? null : word(a.elements()));
            o.put("no_log", a.secret());
            if (a.options() != null) {
                o.put("suboptions", optionsJson(a.options()));
                o.put("rules", ruleLines(a.options()));
            }
            out.put(a.name(), o);
        }
        return out;
    }

    static String word(ArgType t) {
        return t.name().toLowerCase(Locale.ROOT);
    }

    private static String shown(Object v) {
        if (v instanceof String s) {
            return s.isEmpty() || !s.strip().equals(s) || s.contains("\n") ? "'" + s.replace("\n", "\\n") + "'" : s;
        }
        return String.valueOf(v);
    }

    /** Appends text wrapped at {@link #WIDTH} columns, each line indented. */
    static void wrap(StringBuilder b, String text, int indent) {
        String pad = " ".repeat(indent);
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split("\\s+")) {
            if (line.length() > 0 && indent + line.length() + 1 + word.length() > WIDTH) {
                b.append(pad).append(line).append('\n');
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            b.append(pad).append(line).append('\n');
        }
    }
}
