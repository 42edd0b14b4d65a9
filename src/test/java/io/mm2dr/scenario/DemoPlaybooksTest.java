package io.mm2dr.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.kubernetes.testing.DemoObjects;
import io.mm2dr.kubernetes.testing.DemoServer;
import io.mm2dr.kubernetes.testing.MockCluster;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The public demo this project was made from (github: dalelane/eventstreams-mirrormaker2-demos,
 * vendored unchanged in src/test/resources/demo): its backup/restore stages, run by the runner as
 * the demo's own scripts run them with ansible-playbook, against the Kubernetes test server with
 * the demo's platform faked ({@link MockCluster#startDemo}), each stage twice, the region lost in
 * between as its script does it. After every run, the exit code and every object on the server
 * must be what real Ansible gave on the same server (expected-objects.yaml, recorded by
 * src/test/conformance/record_demo.sh), and so must the recap's changed count (0 on the second runs
 * of the stages that are idempotent).
 */
class DemoPlaybooksTest {
    private static final Pattern RECAP = Pattern.compile("^localhost\\s+: .*changed=(\\d+)", Pattern.MULTILINE);

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void theDemoStagesLeaveWhatAnsibleLeaves() throws Exception {
        Path demo = resource("demo/SOURCE.md").getParent();
        Path platform = resource("demo-platform/bin/oc").getParent().getParent();
        // resources are copied without their mode bits
        platform.resolve("bin/oc").toFile().setExecutable(true);
        platform.resolve("venv/python3").toFile().setExecutable(true);
        Map<String, Object> expected = new Yaml().load(Files.readString(demo.resolve("expected-objects.yaml")));
        List<Map<String, Object>> runs = (List<Map<String, Object>>) expected.get("runs");
        assertTrue(runs.size() >= 9, "the recording has every run");

        List<String> failures = new ArrayList<>();
        List<Map<String, Object>> actualRuns = new ArrayList<>();
        try (MockCluster cluster = MockCluster.startDemo(dir)) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("PATH", platform.resolve("bin") + ":" + System.getenv("PATH"));
            env.put("KUBECONFIG", cluster.kubeconfig().toString());
            env.put("K8S_AUTH_KUBECONFIG", cluster.kubeconfig().toString());
            env.put("DEMO_TEST_CLASSPATH", classpath());
            for (Map<String, Object> run : runs) {
                String stage = (String) run.get("stage");
                String label = stage + " (run " + run.get("run") + ")";
                List<String> command = stage.equals("region-loss")
                        ? List.of("sh", "06-backup-restore/02-region-loss/setup.sh")
                        : List.of(javaBin(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classpath(), "io.mm2dr.cli.Main",
                                "-e", "ansible_python_interpreter=" + platform.resolve("venv/python3"),
                                "-e", "ibm_entitlement_key=YOUR_IBM_ENTITLEMENT_KEY",
                                "-e", "storage_class=STORAGE_CLASS_TO_USE_FOR_EVENT_STREAMS",
                                "06-backup-restore/" + stage + ".yaml");
                Result result = run(command, demo, env);
                cluster.settle();
                List<Map<String, Object>> objects = DemoObjects.dump(cluster.client());
                Map<String, Object> actual = new LinkedHashMap<>(run);
                actual.put("exit_code", result.exitCode);
                actual.put("changed", result.changed);
                actual.put("objects", objects);
                actualRuns.add(actual);

                List<String> here = new ArrayList<>();
                if (((Number) run.get("exit_code")).intValue() != result.exitCode) {
                    here.add("exit code " + result.exitCode + ", Ansible's " + run.get("exit_code"));
                }
                if (!stage.equals("region-loss") && ((Number) run.get("changed")).intValue() != result.changed) {
                    here.add("changed=" + result.changed + " in the recap, Ansible's changed=" + run.get("changed"));
                }
                here.addAll(differences((List<Map<String, Object>>) run.get("objects"), objects));
                if (!here.isEmpty()) {
                    failures.add(label + ":\n  " + String.join("\n  ", here) + "\n  output:\n" + tail(result.output, 40));
                }
            }
        } finally {
            Path actualFile = Path.of("target", "demo-actual-objects.yaml");
            Files.createDirectories(actualFile.getParent());
            Files.writeString(actualFile, DemoServer.toYaml(Map.of("runs", actualRuns)));
        }
        assertEquals(List.of(), failures, () -> String.join("\n\n", failures)
                + "\n(the runner's objects are in target/demo-actual-objects.yaml)");
    }

    /** Objects missing, unexpected, or different, by key, with the first differing field. */
    static List<String> differences(List<Map<String, Object>> expected, List<Map<String, Object>> actual) {
        Map<String, Map<String, Object>> e = DemoObjects.byKey(expected);
        Map<String, Map<String, Object>> a = DemoObjects.byKey(actual);
        List<String> out = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(e.keySet());
        keys.addAll(a.keySet());
        for (String k : keys) {
            if (!a.containsKey(k)) {
                out.add("missing: " + k);
            } else if (!e.containsKey(k)) {
                out.add("unexpected: " + k);
            } else if (!normalized(e.get(k)).equals(normalized(a.get(k)))) {
                out.add("differs: " + k + "\n    expected: " + normalized(e.get(k)) + "\n    actual:   " + normalized(a.get(k)));
            }
        }
        return out;
    }

    /** Numbers compared by value (YAML reads 3 as Integer, the cluster may give Long). */
    private static Object normalized(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.TreeMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), normalized(v)));
            return out;
        }
        if (o instanceof List<?> l) {
            return l.stream().map(DemoPlaybooksTest::normalized).toList();
        }
        if (o instanceof Number n && !(o instanceof Double) && !(o instanceof Float)) {
            return n.longValue();
        }
        return o;
    }

    private record Result(int exitCode, int changed, String output) {
    }

    private static Result run(List<String> command, Path cwd, Map<String, String> env) throws IOException, InterruptedException {
        Path log = Files.createTempFile("demo-run", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish in 15 minutes");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Matcher m = RECAP.matcher(output);
            int changed = -1;
            while (m.find()) {
                changed = Integer.parseInt(m.group(1));
            }
            return new Result(p.exitValue(), changed, output);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String tail(String text, int lines) {
        String[] all = text.split("\n");
        StringBuilder out = new StringBuilder();
        for (int i = Math.max(0, all.length - lines); i < all.length; i++) {
            out.append("    | ").append(all[i]).append('\n');
        }
        return out.toString();
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(DemoPlaybooksTest.class.getClassLoader().getResource(name).toURI());
    }

    private static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
