package io.mm2dr.kubernetes.testing;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;

/**
 * fabric8's mock API server in CRUD mode on loopback, with a kubeconfig that points at it, a
 * record of every request the runner sent, and the server's whole stored state for comparing
 * before and after a run. Only requests carrying the kubeconfig's token are recorded: the fake
 * controllers talk through their own client, without it.
 */
public final class MockCluster implements ClusterTarget, AutoCloseable {
    /** The mock logs every request at INFO through java.util.logging; kept here so the setting sticks. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    public static final String TOKEN = "mock-token-7f3c9a1e5b";

    private final Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    private final RecordingDispatcher dispatcher = new RecordingDispatcher(expectations);
    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;
    private final Path kubeconfig;
    private FakeControllers controllers;

    private MockCluster(boolean https, Path dir) throws IOException {
        this(https, dir, false);
    }

    private MockCluster(boolean https, Path dir, boolean demo) throws IOException {
        this(https, dir, demo, null);
    }

    private MockCluster(boolean https, Path dir, boolean demo, OperatorRelease release) throws IOException {
        dispatcher.demo = demo ? new DemoApi(dispatcher) : null;
        dispatcher.operator = release == null ? null : new InstalledOperator(release, dispatcher.crud);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations, dispatcher, https);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient(b -> b.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig());
        kubeconfig = dir.resolve("kubeconfig-" + server.getPort() + ".yaml");
        Files.writeString(kubeconfig, kubeconfigText((https ? "https" : "http") + "://127.0.0.1:" + server.getPort()));
    }

    /** A mock server over plain HTTP, with the fake controllers running. */
    public static MockCluster start(Path dir) throws IOException {
        MockCluster c = new MockCluster(false, dir);
        c.controllers = new FakeControllers(c.client);
        c.controllers.start();
        c.dispatcher.onWrite = c.controllers::nudge;
        return c;
    }

    /**
     * A mock server over plain HTTP, with the fake controllers running, that behaves as an API
     * server with {@code release}'s CRDs installed (see {@link InstalledOperator}): discovery documents,
     * 404 for an operator group or version it does not serve, a Warning header on a deprecated
     * version, and every custom resource written checked against the release's real schemas:
     * refused with 422 when the real server would refuse it or prune any of its fields
     * ({@link #refusals()}, {@link #pruned()}).
     */
    public static MockCluster start(Path dir, OperatorRelease release) throws IOException {
        MockCluster c = new MockCluster(false, dir, false, release);
        c.controllers = new FakeControllers(c.client, release);
        c.controllers.start();
        c.dispatcher.onWrite = c.controllers::nudge;
        return c;
    }

    /** The operator release installed, or null for the permissive mock ({@link #start(Path)}). */
    public OperatorRelease release() {
        return dispatcher.operator == null ? null : dispatcher.operator.release;
    }

    /** The Status message of every write refused with 422 so far (empty without a release). */
    public List<String> refusals() {
        return dispatcher.operator == null ? List.of() : List.copyOf(dispatcher.operator.refusals);
    }

    /** Every field a real server would have pruned from a write, as {@code Kind namespace/name: path} (refused here). */
    public List<String> pruned() {
        return dispatcher.operator == null ? List.of() : List.copyOf(dispatcher.operator.pruned);
    }

    /**
     * Every custom resource of the release's group checked before it was stored (create, replace,
     * patch; also the fake controllers' writes), as {@code Kind apiVersion namespace/name}.
     */
    public List<String> checked() {
        return dispatcher.operator == null ? List.of() : List.copyOf(dispatcher.operator.checked);
    }

    /**
     * Every deprecation warning sent to the runner (the requests carrying the kubeconfig's token;
     * the fake controllers' are left out), as {@code METHOD path: text}.
     */
    public List<String> warnings() {
        return dispatcher.operator == null ? List.of() : List.copyOf(dispatcher.operator.warnings);
    }

    /**
     * A mock server over plain HTTP that a real Kubernetes client library can use as well: it
     * serves the discovery documents, RFC 7386 merge patches (strategic merge on core kinds, 415
     * on custom resources, as a real API server), and its fake controllers act before a client's
     * write is answered, deterministically, with the platform fakes the public demo needs (see
     * {@link DemoOperator}).
     */
    public static MockCluster startDemo(Path dir) throws IOException {
        MockCluster c = new MockCluster(false, dir, true);
        c.controllers = new FakeControllers(c.client);
        c.controllers.namespacesOnly();
        c.dispatcher.demo.operator.seedPlatform();
        c.controllers.start();
        c.dispatcher.onWrite = c.controllers::nudge;
        return c;
    }

    /** A mock server over plain HTTP without controllers (for benchmarks: nothing else talks to it). */
    public static MockCluster startBare(Path dir) throws IOException {
        return new MockCluster(false, dir);
    }

    /** A mock server over HTTPS with a self-signed certificate, no controllers. */
    public static MockCluster startHttps(Path dir) throws IOException {
        return new MockCluster(true, dir);
    }

    public static String kubeconfigText(String server) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: %s
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: tester
                    namespace: default
                current-context: mock
                users:
                - name: tester
                  user:
                    token: %s
                """.formatted(server, TOKEN);
    }

    @Override
    public Path kubeconfig() {
        return kubeconfig;
    }

    public NamespacedKubernetesClient client() {
        return client;
    }

    public KubernetesMockServer server() {
        return server;
    }

    public FakeControllers controllers() {
        return controllers;
    }

    /** Every stored object, by key, as the server holds it. */
    @Override
    public Map<String, String> state() {
        synchronized (dispatcher) {
            Map<String, String> out = new TreeMap<>();
            dispatcher.crud.getMap().forEach((k, v) -> out.put(k.toString(), v));
            return out;
        }
    }

    /** Waits until the fake controllers have caught up with every change (no-op without them). */
    @Override
    public void settle() {
        if (controllers != null) {
            try {
                controllers.awaitIdle();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The objects whose stored form differs between two states, for a short assertion message. */
    public static java.util.List<String> differences(Map<String, String> before, Map<String, String> after) {
        java.util.Set<String> keys = new java.util.TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String k : keys) {
            if (!java.util.Objects.equals(before.get(k), after.get(k))) {
                out.add("before: " + before.get(k) + "\n after: " + after.get(k));
            }
        }
        return out;
    }

    /** Forgets the requests recorded so far. */
    @Override
    public void clearRequests() {
        dispatcher.requests.clear();
    }

    /** "METHOD path" of every request the runner sent since {@link #clearRequests}. */
    public List<String> requests() {
        return new ArrayList<>(dispatcher.requests);
    }

    /** The requests that would change something (anything but GET). */
    @Override
    public List<String> writes() {
        // (a dry run, ?dryRun=All, writes nothing)
        return requests().stream().filter(r -> !r.startsWith("GET ") && !r.matches(".*[?&]dryRun=All(&.*)?$")).toList();
    }

    @Override
    public void close() {
        if (controllers != null) {
            controllers.close();
        }
        client.close();
        server.destroy();
    }

    /**
     * Answers from the expectations first (fault injection), then from the CRUD store, as the
     * mock's own mixed dispatcher does; records the runner's requests on the way.
     */
    private static final class RecordingDispatcher extends Dispatcher implements DemoApi.MockClusterAccess {
        final List<String> requests = new CopyOnWriteArrayList<>();
        final Map<ServerRequest, Queue<ServerResponse>> expectations;
        final MockDispatcher expected;
        final ValidatingCrudDispatcher crud = new ValidatingCrudDispatcher();
        DemoApi demo;
        InstalledOperator operator;
        /** Told after each write of the runner's has been stored (the fake controllers' nudge). */
        volatile Runnable onWrite;

        @Override
        public KubernetesCrudDispatcher crud() {
            return crud;
        }

        RecordingDispatcher(Map<ServerRequest, Queue<ServerResponse>> expectations) {
            this.expectations = expectations;
            this.expected = new MockDispatcher(expectations);
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String auth = request.getHeader("Authorization");
            boolean client = auth != null && auth.contains(TOKEN);
            MockResponse response = route(request, client);
            Runnable wake = onWrite;
            if (client && wake != null && !request.getMethod().equals("GET")) {
                wake.run();
            }
            return response;
        }

        private MockResponse route(RecordedRequest request, boolean client) {
            if (client) {
                requests.add(request.getMethod() + " " + request.getPath());
            }
            if (demo != null) {
                return demo.dispatch(request, client);
            }
            Queue<ServerResponse> queue = expectations.get(new SimpleRequest(HttpMethod.valueOf(request.getMethod()), request.getPath()));
            if (queue != null && !queue.isEmpty()) {
                return expected.dispatch(request);
            }
            if (operator == null && request.getMethod().equals("GET")) {
                MockResponse permissive = permissiveDiscovery(request.getPath());
                if (permissive != null) {
                    return permissive;
                }
            }
            synchronized (this) {
                return operator != null ? operator.dispatch(request, client, crud::dispatch) : crud.dispatch(request);
            }
        }
    
        /**
         * The permissive mock ({@link #start(Path)}) plays a server with both operators' groups
         * installed at {@code v1beta2} only (Strimzi 0.45-0.48, Event Streams 11-12), the generation
         * its tests were written for; it checks no schema.
         */
        private static MockResponse permissiveDiscovery(String path) {
            String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            for (String group : List.of("eventstreams.ibm.com", "kafka.strimzi.io")) {
                if (bare.equals("/apis/" + group)) {
                    String gv = group + "/v1beta2";
                    String body = "{\"kind\":\"APIGroup\",\"apiVersion\":\"v1\",\"name\":\"" + group + "\",\"versions\":[{\"groupVersion\":\""
                            + gv + "\",\"version\":\"v1beta2\"}],\"preferredVersion\":{\"groupVersion\":\"" + gv + "\",\"version\":\"v1beta2\"}}";
                    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(body);
                }
            }
            return null;
        }
    }
}
