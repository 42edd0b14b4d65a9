package io.mm2dr.engine.template;

import java.util.List;
import java.util.Map;

/**
 * A lookup plugin contributed from outside the engine (found with {@link java.util.ServiceLoader}
 * through {@code META-INF/services/io.mm2dr.engine.template.LookupPlugin}), called by its
 * qualified name or an alias: {@code lookup('kubernetes.core.k8s', kind='Secret')}.
 */
public interface LookupPlugin {
    /** Qualified names this plugin answers to, e.g. {@code kubernetes.core.k8s}, {@code k8s}. */
    List<String> names();

    /**
     * The plugin's values for {@code terms} and its keyword options. Throw {@link TemplateError}
     * with one sentence for the user when it cannot answer.
     */
    List<Object> run(List<Object> terms, Map<String, Object> options);
}
