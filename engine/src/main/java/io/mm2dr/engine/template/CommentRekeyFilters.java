package io.mm2dr.engine.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ansible.builtin's {@code comment} and {@code rekey_on_member} filters. */
final class CommentRekeyFilters {
    private CommentRekeyFilters() {
    }

    static List<AnsibleFilter> all() {
        return List.of(
                new AnsibleFilter("comment", CommentRekeyFilters::comment),
                new AnsibleFilter("rekey_on_member", CommentRekeyFilters::rekeyOnMember));
    }

    /** The predefined styles: beginning, decoration, end. */
    private static final Map<String, String[]> STYLES = Map.of(
            "plain", new String[] {"", "# ", ""},
            "erlang", new String[] {"", "% ", ""},
            "c", new String[] {"", "// ", ""},
            "cblock", new String[] {"/*", " * ", " */"},
            "xml", new String[] {"<!--", " - ", "-->"});

    /**
     * comment(style='plain', decoration=, beginning=, prefix=, prefix_count=1, postfix=, postfix_count=1,
     * end=, newline='\n'): the text as a comment block, each line decorated.
     */
    private static Object comment(Object input, FilterArgs args) {
        String text = StringFilters.text(input);
        String style = args.string(0, "style", "plain");
        String[] s = STYLES.get(style);
        if (s == null) {
            throw new TemplateError("KeyError: '" + style + "'");
        }
        Map<String, Object> kw = args.named();
        String prepostfix = kw.containsKey("decoration") ? str(kw.get("decoration")) : s[1];
        String newline = kw.containsKey("newline") ? str(kw.get("newline")) : "\n";
        String beginning = kw.containsKey("beginning") ? str(kw.get("beginning")) : s[0];
        String prefix = kw.containsKey("prefix") ? str(kw.get("prefix")) : prepostfix.stripTrailing();
        int prefixCount = kw.containsKey("prefix_count") ? count(kw.get("prefix_count")) : 1;
        // the style's own decoration wins over the one given, as in Ansible (p.update(style_params) comes after)
        String decoration = kw.containsKey("decoration") ? str(kw.get("decoration")) : s[1];
        String postfix = kw.containsKey("postfix") ? str(kw.get("postfix")) : prepostfix.stripTrailing();
        int postfixCount = kw.containsKey("postfix_count") ? count(kw.get("postfix_count")) : 1;
        String end = kw.containsKey("end") ? str(kw.get("end")) : s[2];

        StringBuilder out = new StringBuilder();
        if (!beginning.isEmpty()) {
            out.append(beginning).append(newline);
        }
        if (!prefix.isEmpty()) {
            String one = prefix.equals(newline) ? newline : prefix + newline;
            out.append(one.repeat(Math.max(0, prefixCount)));
        }
        String body = (decoration + text.replace(newline, newline + decoration))
                .replace(decoration + newline, decoration.stripTrailing() + newline);
        out.append(body);
        for (int i = 0; i < postfixCount; i++) {
            out.append(newline).append(postfix);
        }
        if (!end.isEmpty()) {
            out.append(newline).append(end);
        }
        return out.toString();
    }

    private static String str(Object v) {
        return PythonRepr.str(PlainData.unwrap(v));
    }

    private static int count(Object v) {
        return CoreFilters.toNumber(v, false).intValue();
    }

    /** rekey_on_member(key, duplicates='error'): a dict of the dicts (a list's, or a dict's values) by one member. */
    private static Object rekeyOnMember(Object input, FilterArgs args) {
        Object key = PlainData.unwrap(args.required(0, "key"));
        String duplicates = args.string(1, "duplicates", "error");
        if (!duplicates.equals("error") && !duplicates.equals("overwrite")) {
            throw new TemplateError("duplicates parameter to rekey_on_member has unknown value: " + duplicates);
        }
        Object data = PlainData.unwrap(input);
        Iterable<?> items;
        if (data instanceof Map<?, ?> map) {
            items = map.values();
        } else if (data != null && !(data instanceof CharSequence) && !(data instanceof Number) && !(data instanceof Boolean)) {
            items = PlainData.asIterable(data);
        } else {
            throw new TemplateError("Type is not a valid list, set, or dict");
        }
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Object item : items) {
            Object it = PlainData.unwrap(item);
            if (!(it instanceof Map<?, ?> m)) {
                throw new TemplateError("List item is not a valid dict");
            }
            if (!m.containsKey(key)) {
                throw new TemplateError("Key " + PythonRepr.str(key) + " was not found");
            }
            Object value = m.get(key);
            if (out.containsKey(value) && duplicates.equals("error")) {
                throw new TemplateError("Key " + PythonRepr.str(value) + " is not unique, cannot correctly turn into dict");
            }
            out.put(value, item);
        }
        return out;
    }
}
