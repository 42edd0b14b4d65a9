package io.mm2dr.modules.domain;

import io.mm2dr.domain.SecretSpec;
import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.platform.Outcome;
import io.mm2dr.platform.Platform;
import java.util.List;
import java.util.Map;

/**
 * {@code secret}: a secret with given values, or a copy of another one (in any namespace, under a
 * new name), with labels and annotations on top: how credentials and CAs are backed up and
 * restored. Values never appear in any output, diff, report or log; the result names the keys only.
 */
final class SecretModule extends DomainModule {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("name", ArgType.STR).required().description("the secret's name").add()
            .arg("namespace", ArgType.STR).required().description("its namespace").add()
            .arg("data", ArgType.DICT).secret().description("values to store, as text").add()
            .arg("copy_from", ArgType.DICT).description("{namespace, name} of the secret to copy").add()
            .arg("type", ArgType.STR).description("the secret's type (default: the copied one's, else Opaque)").add()
            .arg("labels", ArgType.DICT).description("labels to set").add()
            .arg("annotations", ArgType.DICT).description("annotations to set").add()
            .arg("state", ArgType.STR).choices("present", "absent").defaultValue("present").description("present, or absent").add()
            .build();

    @Override
    public String name() {
        return "secret";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    Outcome apply(Map<String, Object> args, ModuleContext ctx, Platform platform) {
        SecretSpec.SecretRef from = null;
        if (args.get("copy_from") instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                if (!List.of("namespace", "name").contains(String.valueOf(k))) {
                    throw new ArgumentError("copy_from: unknown key '" + k + "' (known: namespace, name)");
                }
            }
            if (m.get("name") == null) {
                throw new ArgumentError("copy_from needs a 'name'");
            }
            from = new SecretSpec.SecretRef(m.get("namespace") == null ? (String) args.get("namespace") : String.valueOf(m.get("namespace")),
                    String.valueOf(m.get("name")));
        }
        Map<String, String> data = strings(args.get("data"), "data");
        data.values().forEach(ctx::secret);
        SecretSpec spec = new SecretSpec((String) args.get("name"), (String) args.get("namespace"), data, from,
                args.get("type") != null ? (String) args.get("type") : from == null ? "Opaque" : null,
                strings(args.get("labels"), "labels"), strings(args.get("annotations"), "annotations"));
        return platform.secret(spec, present(args));
    }
}
