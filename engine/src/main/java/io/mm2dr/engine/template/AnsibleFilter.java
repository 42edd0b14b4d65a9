package io.mm2dr.engine.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.Map;

/** A jinjava filter written as a lambda over the input and Python-style positional/keyword arguments. */
final class AnsibleFilter implements Filter {
    interface Body {
        Object apply(Object input, FilterArgs args);
    }

    private final String name;
    private final Body body;

    AnsibleFilter(String name, Body body) {
        this.name = name;
        this.body = body;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
        return body.apply(var, new FilterArgs(name, args, kwargs, interpreter));
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        return body.apply(var, new FilterArgs(name, args, Map.of(), interpreter));
    }

    @Override
    public boolean preserveSafeString() {
        return false;
    }
}
