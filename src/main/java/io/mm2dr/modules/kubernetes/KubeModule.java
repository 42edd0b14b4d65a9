package io.mm2dr.modules.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.Module;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import io.mm2dr.kubernetes.KubeConnection;
import io.mm2dr.kubernetes.KubeException;
import io.mm2dr.kubernetes.KubeGateway;
import io.mm2dr.kubernetes.Readiness;
import io.mm2dr.kubernetes.ResourceDiff;
import io.mm2dr.kubernetes.ResourceKinds;
import io.mm2dr.kubernetes.SecretValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the kubernetes.core modules share: the connection arguments (module argument, then the
 * task's {@code environment}, then the host's {@code k8s_*} variables, then the process
 * environment's {@code K8S_AUTH_*}, then the usual kubeconfig), one client per connection for the
 * whole run, the wait arguments, and turning a {@link KubeException} into a failed result.
 */
abstract class KubeModule implements Module {

    /** Connection settings: argument name, inventory variable, environment variable. */
    private record Setting(String arg, String var, String env) {
    }

    private static final List<Setting> SETTINGS = List.of(
            new Setting("kubeconfig", "k8s_kubeconfig", "K8S_AUTH_KUBECONFIG"),
            new Setting("context", "k8s_context", "K8S_AUTH_CONTEXT"),
            new Setting("host", "k8s_host", "K8S_AUTH_HOST"),
            new Setting("api_key", "k8s_api_key", "K8S_AUTH_API_KEY"),
            new Setting("validate_certs", "k8s_validate_certs", "K8S_AUTH_VERIFY_SSL"),
            new Setting("ca_cert", "k8s_ca_cert", "K8S_AUTH_SSL_CA_CERT"),
            new Setting("request_timeout", "k8s_request_timeout", "K8S_AUTH_REQUEST_TIMEOUT"));

    static ArgSpec.Builder connectionArgs(ArgSpec.Builder b) {
        return b.arg("kubeconfig", ArgType.PATH).description("kubeconfig file (default: KUBECONFIG, ~/.kube/config, in-cluster)").add()
                .arg("context", ArgType.STR).description("kubeconfig context (default: its current context)").add()
                .arg("host", ArgType.STR).description("API server URL, overriding the kubeconfig's").add()
                .arg("api_key", ArgType.STR).secret().description("bearer token, overriding the kubeconfig's credentials").add()
                .arg("validate_certs", ArgType.BOOL).aliases("verify_ssl").description("verify the server's certificate (default: as the kubeconfig says)").add()
                .arg("ca_cert", ArgType.PATH).aliases("ssl_ca_cert").description("CA bundle to verify the server with").add()
                .arg("request_timeout", ArgType.INT).description("seconds one API request may take (default 30)").add();
    }

    static ArgSpec.Builder waitArgs(ArgSpec.Builder b, boolean waitDefault, int timeoutDefault) {
        return b.arg("wait", ArgType.BOOL).defaultValue(waitDefault).description("wait until the object is ready (or gone)").add()
                .arg("wait_condition", ArgType.DICT).description("the status condition to wait for: type, status (default True), reason").add()
                .arg("wait_timeout", ArgType.INT).defaultValue(timeoutDefault).description("seconds to wait").add()
                .arg("wait_sleep", ArgType.INT).defaultValue(5).description("longest pause in seconds between two checks").add();
    }

    @Override
    public String namespace() {
        return "kubernetes.core";
    }

    @Override
    public List<String> aliases() {
        return List.of("community.kubernetes." + name());
    }

    @Override
    public boolean supportsCheckMode() {
        return true;
    }

    @Override
    public final ModuleResult run(Map<String, Object> args, ModuleContext ctx) throws Exception {
        try {
            return run(args, ctx, gateway(args, ctx));
        } catch (KubeException e) {
            return ModuleResult.failed(e.getMessage()).build();
        }
    }

    abstract ModuleResult run(Map<String, Object> args, ModuleContext ctx, KubeGateway gateway) throws Exception;

    // ------------------------------------------------------------------ connection

    static KubeGateway gateway(Map<String, Object> args, ModuleContext ctx) {
        KubeConnection connection = connection(args, ctx);
        Session session = ctx.shared(connection.key(), Session.class, () -> new Session(connection.open()));
        return new KubeGateway(session.client, session.kinds, ctx.checkMode(), ctx::secret);
    }

    static KubeConnection connection(Map<String, Object> args, ModuleContext ctx) {
        String kubeconfig = setting(args, ctx, SETTINGS.get(0));
        String context = setting(args, ctx, SETTINGS.get(1));
        String host = setting(args, ctx, SETTINGS.get(2));
        String apiKey = setting(args, ctx, SETTINGS.get(3));
        String validate = setting(args, ctx, SETTINGS.get(4));
        String caCert = setting(args, ctx, SETTINGS.get(5));
        String timeout = setting(args, ctx, SETTINGS.get(6));
        if (apiKey != null) {
            ctx.secret(apiKey);
        }
        return new KubeConnection(
                kubeconfig == null ? null : expandHome(kubeconfig),
                context, host, apiKey,
                validate == null ? null : bool(validate, "validate_certs"),
                caCert == null ? null : expandHome(caCert),
                timeout == null ? KubeConnection.DEFAULT_REQUEST_TIMEOUT : positiveInt(timeout, "request_timeout"),
                KubeConnection.DEFAULT_RETRIES);
    }

    private static String setting(Map<String, Object> args, ModuleContext ctx, Setting s) {
        Object v = args.get(s.arg);
        if (v == null) {
            v = ctx.environment().get(s.env);
        }
        if (v == null && ctx.vars().get(s.var) != null) {
            v = ctx.template(ctx.vars().get(s.var));
        }
        if (v == null) {
            v = System.getenv(s.env);
        }
        if (v == null || String.valueOf(v).isBlank()) {
            return null;
        }
        return String.valueOf(v);
    }

    private static Path expandHome(String p) {
        if (p.equals("~") || p.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + p.substring(1));
        }
        return Path.of(p).toAbsolutePath().normalize();
    }

    private static boolean bool(String v, String name) {
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ArgumentError("'" + name + "' must be a boolean, got '" + v + "'");
        };
    }

    private static int positiveInt(String v, String name) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new ArgumentError("'" + name + "' must be a positive number of seconds, got '" + v + "'");
    }

    /** One client per connection, shared by every task of the run and closed at its end. */
    static final class Session implements AutoCloseable {
        final KubernetesClient client;
        final ResourceKinds kinds;

        Session(KubernetesClient client) {
            this.client = client;
            this.kinds = new ResourceKinds(client);
        }

        @Override
        public void close() {
            client.close();
        }
    }

    // ------------------------------------------------------------------ waits and results

    /** The readiness asked by {@code wait_condition}, or the kind's default. */
    static Readiness readiness(Map<String, Object> args, String kind) {
        Object wc = args.get("wait_condition");
        if (wc instanceof Map<?, ?> m && !m.isEmpty()) {
            Object type = m.get("type");
            if (type == null) {
                throw new ArgumentError("wait_condition needs a 'type' (e.g. Ready)");
            }
            for (Object k : m.keySet()) {
                if (!List.of("type", "status", "reason").contains(String.valueOf(k))) {
                    throw new ArgumentError("wait_condition has an unknown key '" + k + "' (known: type, status, reason)");
                }
            }
            Object status = m.get("status");
            String s = status instanceof Boolean b ? (b ? "True" : "False") : status == null ? null : String.valueOf(status);
            return new Readiness.Condition(String.valueOf(type), s, m.get("reason") == null ? null : String.valueOf(m.get("reason")));
        }
        return Readiness.forKind(kind);
    }

    static Duration seconds(Map<String, Object> args, String name) {
        return Duration.ofSeconds(((Number) args.get(name)).longValue());
    }

    /** A before/after pair for --diff: without server-owned fields, Secret values masked. */
    static Map<String, Object> diffOf(Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> b = ResourceDiff.withoutServerFields(before);
        Map<String, Object> a = ResourceDiff.withoutServerFields(after);
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("before", b == null ? null : SecretValues.maskBefore(b));
        d.put("after", a == null ? null : SecretValues.maskAfter(b, a));
        return d;
    }

    /** The object as returned to the playbook: everything but the noise of managedFields. */
    static Map<String, Object> shown(Map<String, Object> object) {
        if (object == null) {
            return Map.of();
        }
        Map<String, Object> out = ResourceDiff.deepCopy(object);
        if (out.get("metadata") instanceof Map<?, ?> md) {
            md.remove("managedFields");
        }
        return out;
    }
}
