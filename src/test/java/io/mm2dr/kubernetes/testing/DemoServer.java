package io.mm2dr.kubernetes.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The project's Kubernetes test server ({@link MockCluster#startDemo}) as a process of its own,
 * for real tools (ansible-playbook with kubernetes.core) to run against:
 * {@code java -cp TEST_CLASSPATH io.mm2dr.kubernetes.testing.DemoServer DIR} writes DIR/kubeconfig,
 * prints {@code url URL} and {@code kubeconfig PATH}, then reads commands on standard input, one a
 * line, answering {@code ok} (or {@code error ...}) to each:
 * <ul>
 * <li>{@code record STAGE RUN EXIT_CODE CHANGED}: settles, then keeps the objects on the server
 * (see {@link DemoObjects}) with the stage's name, run number, exit code and changed count;</li>
 * <li>{@code write FILE}: writes what was recorded as YAML (the format {@code DemoPlaybooksTest} reads);</li>
 * <li>{@code quit} (or end of input).</li>
 * </ul>
 * Used by src/test/conformance/record_demo.sh.
 */
public final class DemoServer {
    private DemoServer() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
        Files.createDirectories(dir);
        List<Map<String, Object>> recorded = new ArrayList<>();
        try (MockCluster cluster = MockCluster.startDemo(dir)) {
            Path kubeconfig = dir.resolve("kubeconfig");
            Files.copy(cluster.kubeconfig(), kubeconfig, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            System.out.println("url http://127.0.0.1:" + cluster.server().getPort());
            System.out.println("kubeconfig " + kubeconfig);
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String[] w = line.trim().split("\\s+");
                try {
                    switch (w[0]) {
                        case "record" -> {
                            cluster.settle();
                            Map<String, Object> entry = new LinkedHashMap<>();
                            entry.put("stage", w[1]);
                            entry.put("run", Integer.parseInt(w[2]));
                            entry.put("exit_code", Integer.parseInt(w[3]));
                            entry.put("changed", Integer.parseInt(w[4]));
                            entry.put("objects", DemoObjects.dump(cluster.client()));
                            recorded.add(entry);
                        }
                        case "write" -> Files.writeString(Path.of(w[1]), toYaml(Map.of("runs", recorded)));
                        case "settle" -> cluster.settle();
                        case "quit" -> {
                            System.out.println("ok");
                            return;
                        }
                        default -> throw new IllegalArgumentException("unknown command " + w[0]);
                    }
                    System.out.println("ok");
                } catch (RuntimeException e) {
                    System.out.println("error " + e);
                }
                System.out.flush();
            }
        }
    }

    public static String toYaml(Object data) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setWidth(200);
        return new Yaml(o).dump(data);
    }
}
