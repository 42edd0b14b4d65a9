package io.mm2dr.engine.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Arguments of a filter or function call: positional ones and keyword ones ({@code recursive=True}). */
final class FilterArgs {
    private final String owner;
    private final List<Object> positional = new ArrayList<>();
    private final Map<String, Object> named = new LinkedHashMap<>();
    private final JinjavaInterpreter interpreter;

    FilterArgs(String owner, Object[] args, Map<String, Object> kwargs, JinjavaInterpreter interpreter) {
        this.owner = owner;
        this.interpreter = interpreter;
        PythonMethods.splitArgs(args, positional, named);
        if (kwargs != null) {
            named.putAll(kwargs);
        }
    }

    JinjavaInterpreter interpreter() {
        return interpreter;
    }

    int size() {
        return positional.size();
    }

    List<Object> positional() {
        return positional;
    }

    Map<String, Object> named() {
        return named;
    }

    boolean has(int index, String name) {
        return index < positional.size() || (name != null && named.containsKey(name));
    }

    /** Positional argument {@code index}, else keyword {@code name}, else {@code fallback}. */
    Object get(int index, String name, Object fallback) {
        if (index >= 0 && index < positional.size()) {
            return positional.get(index);
        }
        if (name != null && named.containsKey(name)) {
            return named.get(name);
        }
        return fallback;
    }

    Object required(int index, String name) {
        if (!has(index, name)) {
            throw new TemplateError(owner + "() missing required argument" + (name == null ? "" : " '" + name + "'"));
        }
        return get(index, name, null);
    }

    String string(int index, String name, String fallback) {
        Object v = get(index, name, null);
        return v == null ? fallback : PythonMethods.str(v);
    }

    boolean bool(int index, String name, boolean fallback) {
        Object v = get(index, name, null);
        return v == null ? fallback : CoreFilters.toBool(v);
    }

    int integer(int index, String name, int fallback) {
        Object v = get(index, name, null);
        return v == null ? fallback : PythonMethods.intArg(PlainData.unwrap(v), fallback);
    }
}
