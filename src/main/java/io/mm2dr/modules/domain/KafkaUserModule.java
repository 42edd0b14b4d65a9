package io.mm2dr.modules.domain;

import io.mm2dr.domain.KafkaUserSpec;
import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.platform.Outcome;
import io.mm2dr.platform.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code kafka_user}: a SCRAM-SHA-512 user with ACLs. With {@code password_secret} the password is
 * taken from that secret (a restore keeps the old password); otherwise the operator generates one.
 * Returns {@code secret}, the secret that holds the password.
 */
final class KafkaUserModule extends DomainModule {
    private static final Set<String> RESOURCE_TYPES = Set.of("topic", "group", "cluster", "transactionalId");
    private static final Set<String> OPERATIONS = Set.of("All", "Read", "Write", "Create", "Delete", "Alter", "Describe",
            "ClusterAction", "AlterConfigs", "DescribeConfigs", "IdempotentWrite");
    private static final ArgSpec SPEC = waitArgs(flavorArg(ArgSpec.builder()
            .arg("name", ArgType.STR).required().description("the user's name").add()
            .arg("cluster", ArgType.STR).required().description("the Kafka cluster's name").add()
            .arg("namespace", ArgType.STR).required().description("the cluster's region").add()
            .arg("acls", ArgType.LIST).defaultValue(List.of())
            .description("[{resource: {type: topic|group|cluster|transactionalId, name, patternType: literal|prefix}, operations: [Read, ...]}]").add()
            .arg("password_secret", ArgType.RAW).description("take the password from this secret: a name, or {name, key} (key: password)").add()
            .arg("state", ArgType.STR).choices("present", "absent").defaultValue("present").description("present, or absent").add()), 300)
            .build();

    @Override
    public String name() {
        return "kafka_user";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    Outcome apply(Map<String, Object> args, ModuleContext ctx, Platform platform) throws InterruptedException {
        KafkaUserSpec spec = new KafkaUserSpec((String) args.get("name"), (String) args.get("cluster"), (String) args.get("namespace"),
                flavor(args, ctx), acls((List<?>) args.get("acls")), secretKey(args.get("password_secret"), "password_secret", "password"));
        return platform.kafkaUser(spec, present(args), timeout(args));
    }

    static List<KafkaUserSpec.Acl> acls(List<?> given) {
        List<KafkaUserSpec.Acl> out = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String at = "acls[" + i + "]";
            if (!(given.get(i) instanceof Map<?, ?> m)) {
                throw new ArgumentError(at + " must be a mapping with resource and operations");
            }
            for (Object k : m.keySet()) {
                if (!List.of("resource", "operations", "operation", "host").contains(String.valueOf(k))) {
                    throw new ArgumentError(at + ": unknown key '" + k + "' (known: resource, operations, host)");
                }
            }
            if (!(m.get("resource") instanceof Map<?, ?> r)) {
                throw new ArgumentError(at + ".resource must be {type, name, patternType}");
            }
            String type = String.valueOf(r.get("type"));
            if (!RESOURCE_TYPES.contains(type)) {
                throw new ArgumentError(at + ".resource.type '" + type + "' is not one of " + RESOURCE_TYPES);
            }
            String name = r.get("name") == null ? null : String.valueOf(r.get("name"));
            if (name == null && !type.equals("cluster")) {
                throw new ArgumentError(at + ".resource needs a 'name'");
            }
            String pattern = r.get("patternType") != null ? String.valueOf(r.get("patternType")) : "literal";
            if (!pattern.equals("literal") && !pattern.equals("prefix")) {
                throw new ArgumentError(at + ".resource.patternType must be literal or prefix, got '" + pattern + "'");
            }
            Object ops = m.get("operations") != null ? m.get("operations") : m.get("operation");
            List<String> operations = ops instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                    : ops == null ? List.of() : List.of(String.valueOf(ops));
            if (operations.isEmpty()) {
                throw new ArgumentError(at + " has no operations");
            }
            for (String op : operations) {
                if (!OPERATIONS.contains(op)) {
                    throw new ArgumentError(at + ": unknown operation '" + op + "' (known: " + new java.util.TreeSet<>(OPERATIONS) + ")");
                }
            }
            out.add(new KafkaUserSpec.Acl(type, name, pattern, operations, m.get("host") == null ? "*" : String.valueOf(m.get("host"))));
        }
        return out;
    }
}
