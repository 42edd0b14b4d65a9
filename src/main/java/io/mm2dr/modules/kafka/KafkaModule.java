package io.mm2dr.modules.kafka;

import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.Module;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import io.mm2dr.kafka.KafkaConnection;
import io.mm2dr.kafka.KafkaException;
import io.mm2dr.domain.PlatformException;
import io.mm2dr.modules.Platforms;
import io.mm2dr.domain.Flavor;
import io.mm2dr.platform.KafkaEndpoint;
import io.mm2dr.platform.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the Kafka modules share: connection settings given as a mapping ({@code bootstrap},
 * {@code user}, {@code password} or {@code password_secret}, {@code ca_cert}, {@code ca_cert_file}
 * or {@code ca_secret}; secrets are read through the task's platform), and a
 * {@link KafkaException} or {@link PlatformException} turned into a failed result.
 */
abstract class KafkaModule implements Module {
    static final List<String> CONNECTION_KEYS = List.of("alias", "cluster", "bootstrap", "user", "password", "password_secret", "ca_cert",
            "ca_cert_file", "ca_secret");
    /** The keys of {@code cluster}: the cluster by reference, its address read from what its platform reports. */
    static final List<String> CLUSTER_KEYS = List.of("name", "namespace", "listener", "flavor");

    @Override
    public String namespace() {
        return "mm2dr.kafka";
    }

    @Override
    public boolean supportsCheckMode() {
        return true;
    }

    @Override
    public final ModuleResult run(Map<String, Object> args, ModuleContext ctx) throws Exception {
        try {
            return run(args, ctx, new Connections(ctx));
        } catch (KafkaException | PlatformException | io.mm2dr.kafka.DrillRecord.RecordException e) {
            return ModuleResult.failed(e.getMessage()).build();
        }
    }

    /** Runs the module; {@code connections} reads its connection arguments through the task's platform. */
    abstract ModuleResult run(Map<String, Object> args, ModuleContext ctx, Connections connections) throws Exception;

    /**
     * The connections of one task: each from its mapping, the task's platform (the run's, see
     * {@link Platforms}) looked up once, at the first connection, for the clients' address and
     * the secrets named.
     */
    static final class Connections {
        private final ModuleContext ctx;
        private Platform platform;

        Connections(ModuleContext ctx) {
            this.ctx = ctx;
        }

        private Platform platform() {
            if (platform == null) {
                platform = Platforms.forTask(ctx);
            }
            return platform;
        }

        /** A connection from its mapping; {@code arg} names it in errors ("source", "cluster"). */
        KafkaConnection of(Object value, String arg) {
            if (!(value instanceof Map<?, ?> m)) {
                throw new ArgumentError(arg + " must be a mapping with 'cluster' ({name, namespace}) or 'bootstrap'");
            }
            for (Object k : m.keySet()) {
                if (!CONNECTION_KEYS.contains(String.valueOf(k))) {
                    throw new ArgumentError(arg + ": unknown key '" + k + "' (known: " + String.join(", ", CONNECTION_KEYS) + ")");
                }
            }
            String bootstrap = str(m.get("bootstrap"));
            KafkaEndpoint endpoint = null;
            if (m.get("cluster") != null) {
                if (bootstrap != null) {
                    throw new ArgumentError(arg + ": give 'cluster' (its address read from its status) or 'bootstrap', not both");
                }
                endpoint = endpoint(m.get("cluster"), arg + ".cluster");
                bootstrap = endpoint.bootstrap();
            } else if (bootstrap == null) {
                throw new ArgumentError(arg + " needs 'cluster' ({name, namespace}) or 'bootstrap' (host:port[,host:port])");
            } else {
                bootstrap = platform().clientBootstrap(bootstrap);
            }
            String user = str(m.get("user"));
            String password = str(m.get("password"));
            if (password == null && m.get("password_secret") != null) {
                password = secretValue(m.get("password_secret"), arg + ".password_secret", "password");
            }
            if (user != null && password == null) {
                throw new ArgumentError(arg + " has a user but no 'password' or 'password_secret'");
            }
            if (password != null) {
                ctx.secret(password);
            }
            String ca = str(m.get("ca_cert"));
            if (ca == null && m.get("ca_cert_file") != null) {
                try {
                    ca = Files.readString(Path.of(str(m.get("ca_cert_file"))), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new ArgumentError(arg + ".ca_cert_file: cannot read " + m.get("ca_cert_file") + ": " + e.getMessage());
                }
            }
            if (ca == null && endpoint != null) {
                ca = endpoint.tls() ? endpoint.caCertPem() : null;
            }
            if (ca == null && endpoint == null && m.get("ca_secret") != null && platform().clientTls()) {
                ca = secretValue(m.get("ca_secret"), arg + ".ca_secret", "ca.crt");
            }
            String alias = str(m.get("alias"));
            return new KafkaConnection(alias != null ? alias : arg, bootstrap, user, password, ca);
        }

        /** Where the cluster named by {@code {name, namespace, listener, flavor}} is reached, as its platform reports it. */
        private KafkaEndpoint endpoint(Object ref, String arg) {
            if (!(ref instanceof Map<?, ?> c) || c.get("name") == null || c.get("namespace") == null) {
                throw new ArgumentError(arg + " must be {name, namespace} (and optionally listener, flavor)");
            }
            for (Object k : c.keySet()) {
                if (!CLUSTER_KEYS.contains(String.valueOf(k))) {
                    throw new ArgumentError(arg + ": unknown key '" + k + "' (known: " + String.join(", ", CLUSTER_KEYS) + ")");
                }
            }
            Object f = c.get("flavor") != null ? c.get("flavor") : ctx.vars().get("flavor") == null ? null : ctx.template(ctx.vars().get("flavor"));
            Flavor flavor;
            try {
                flavor = f == null ? Flavor.EVENTSTREAMS : Flavor.of(String.valueOf(f));
            } catch (IllegalArgumentException e) {
                throw new ArgumentError(arg + ".flavor: " + e.getMessage());
            }
            return platform().kafkaEndpoint(String.valueOf(c.get("namespace")), String.valueOf(c.get("name")), flavor,
                    c.get("listener") == null ? null : String.valueOf(c.get("listener")));
        }

        /**
         * A value of a secret of the task's platform (a Kubernetes Secret, a sandbox secret file),
         * decoded; the secret given as {namespace, name, key}.
         */
        private String secretValue(Object ref, String arg, String defaultKey) {
            if (!(ref instanceof Map<?, ?> m) || m.get("name") == null || m.get("namespace") == null) {
                throw new ArgumentError(arg + " must be {namespace, name, key}");
            }
            String key = m.get("key") == null ? defaultKey : String.valueOf(m.get("key"));
            String value = platform().secretValue(String.valueOf(m.get("namespace")), String.valueOf(m.get("name")), key);
            if (value == null) {
                throw new KafkaException(arg + ": the secret " + m.get("namespace") + "/" + m.get("name") + " has no key '" + key
                        + "' (or does not exist)");
            }
            return value;
        }
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }
}
