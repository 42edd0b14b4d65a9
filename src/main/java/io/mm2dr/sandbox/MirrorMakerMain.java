package io.mm2dr.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.connect.mirror.MirrorMaker;

/**
 * The sandbox's MirrorMaker 2 process: Apache Kafka's MirrorMaker 2 in dedicated mode, with one
 * addition it lacks, the Connect group and internal topics of a flow ({@code S->T.group.id},
 * {@code S->T.config.storage.topic}, {@code S->T.offset.storage.topic},
 * {@code S->T.status.storage.topic}).
 *
 * <p>In dedicated mode every flow into a cluster T is a Connect herder configured from
 * {@code T.}-prefixed settings only, so all the flows into T share one group and one config topic,
 * where each writes a connector named {@code MirrorSourceConnector}: with two flows into T (the
 * shared-aggregate topology, where every region receives two regions' topics) only one flow ever
 * runs. On Kubernetes the operators avoid this by naming the connectors after their flow, in one
 * Connect cluster. Here, when the configuration names a flow's own group and topics, each flow into
 * T runs as its own MirrorMaker 2 instance in this process, with those settings as T's and the
 * other flows into T disabled; without them this is MirrorMaker 2's own {@code main}.
 *
 * <p>Arguments: the properties file, {@code --clusters}, the target cluster's alias.
 */
public final class MirrorMakerMain {
    /** The Connect settings a flow may have its own of. */
    public static final List<String> FLOW_WORKER_KEYS = List.of("group.id", "config.storage.topic", "offset.storage.topic", "status.storage.topic");

    private MirrorMakerMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !args[1].equals("--clusters")) {
            System.err.println("usage: MirrorMakerMain FILE --clusters TARGET");
            System.exit(1);
        }
        Properties file = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            file.load(in);
        }
        Map<String, String> props = new TreeMap<>();
        file.stringPropertyNames().forEach(k -> props.put(k, file.getProperty(k)));
        List<Map<String, String>> instances = perFlow(props, args[2]);
        if (instances.isEmpty()) {
            MirrorMaker.main(args);
            return;
        }
        List<MirrorMaker> running = new ArrayList<>();
        for (Map<String, String> config : instances) {
            MirrorMaker mm = new MirrorMaker(config, List.of(args[2]));
            mm.start();
            running.add(mm);
        }
        running.forEach(MirrorMaker::awaitStop);
    }

    /**
     * The configuration of each flow into {@code target} as its own MirrorMaker 2 instance, or an
     * empty list when no flow into it has Connect settings of its own. Each instance's
     * configuration is the whole one, with the flow's own settings as the target's, every flow's own
     * settings removed (MirrorMaker 2 would pass them to the connectors), and the other flows into
     * the target disabled, their heartbeats with them. Pure.
     */
    static List<Map<String, String>> perFlow(Map<String, String> props, String target) {
        List<String> flows = new ArrayList<>();
        boolean own = false;
        for (Map.Entry<String, String> e : props.entrySet()) {
            String k = e.getKey();
            String flow = k.substring(0, Math.max(0, k.lastIndexOf('.')));
            if (k.endsWith(".enabled") && flow.endsWith("->" + target) && flow.indexOf('.') < 0 && "true".equalsIgnoreCase(e.getValue().strip())) {
                flows.add(flow);
            }
        }
        for (String flow : flows) {
            for (String key : FLOW_WORKER_KEYS) {
                own |= props.containsKey(flow + "." + key);
            }
        }
        if (!own) {
            return List.of();
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (String flow : flows) {
            Map<String, String> c = new TreeMap<>(props);
            c.keySet().removeIf(k -> k.contains("->") && FLOW_WORKER_KEYS.stream().anyMatch(w -> k.endsWith("." + w)
                    && k.substring(0, k.length() - w.length() - 1).indexOf('.') < 0));
            for (String key : FLOW_WORKER_KEYS) {
                String v = props.get(flow + "." + key);
                if (v != null) {
                    c.put(target + "." + key, v);
                }
            }
            for (String other : flows) {
                if (!other.equals(flow)) {
                    c.put(other + ".enabled", "false");
                    c.put(other + ".emit.heartbeats.enabled", "false");
                }
            }
            out.add(c);
        }
        return out;
    }
}
