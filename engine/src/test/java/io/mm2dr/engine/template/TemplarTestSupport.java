package io.mm2dr.engine.template;

import java.util.LinkedHashMap;
import java.util.Map;

/** Shared fixtures: one Templar per test class instance, and a small variable set. */
abstract class TemplarTestSupport {
    protected final Templar templar = new Templar();

    protected Object t(String template) {
        return templar.template(template, vars(), TemplateContext.NONE);
    }

    protected Object t(String template, Map<String, Object> vars) {
        return templar.template(template, vars, TemplateContext.NONE);
    }

    protected static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    protected Map<String, Object> vars() {
        return map(
                "name", "kafka",
                "count", 3,
                "flag", true,
                "off", "false",
                "nothing", null,
                "items", java.util.List.of("a", "b"),
                "cfg", map("port", 9092, "host", "localhost"));
    }
}
