package io.mm2dr.modules.domain;

import io.mm2dr.domain.KafkaAppSpec;
import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.platform.Outcome;
import io.mm2dr.platform.Platform;
import java.util.List;
import java.util.Map;

/**
 * {@code kafka_app}: the demo applications. {@code role: producer} generates the retailer's six
 * event types (orders, cancellations, door badge-ins, stock movements, new customers, sensor
 * readings) to the six topics; {@code role: consumer} reads the topics matching a pattern as its
 * group. A paused application stays paused when this runs again.
 */
final class KafkaAppModule extends DomainModule {
    private static final ArgSpec SPEC = waitArgs(flavorArg(ArgSpec.builder()
            .arg("role", ArgType.STR).required().choices("producer", "consumer").description("the data generator (producer) or a reader of the topics (consumer)").add()
            .arg("name", ArgType.STR).required().description("the application's name").add()
            .arg("namespace", ArgType.STR).required().description("its namespace").add()
            .arg("bootstrap", ArgType.STR).required().description("the Kafka cluster's bootstrap address (host:port)").add()
            .arg("user", ArgType.STR).required().description("the SCRAM user").add()
            .arg("password_secret", ArgType.RAW).required().description("the secret with the user's password: a name or {name, key}").add()
            .arg("ca_secret", ArgType.RAW).required().description("the secret with the cluster's CA certificate: a name or {name, key}").add()
            .arg("topics", ArgType.LIST).description("producer: the six topics, in the order of the event types").add()
            .arg("topic_pattern", ArgType.STR).description("consumer: the topics to read (regex)").add()
            .arg("group", ArgType.STR).description("consumer: its consumer group (default: its name)").add()
            .arg("events_per_second", ArgType.INT).defaultValue(10).description("producer: events generated per second").add()
            .arg("replicas", ArgType.INT).defaultValue(1).description("instances to run").add()
            .arg("image", ArgType.STR).description("container image (Kafka Connect with the generator, or Kafka for the consumer)").add()
            .arg("replication_factor", ArgType.INT).defaultValue(3).description("producer: of its Connect cluster's internal topics").add()
            .arg("state", ArgType.STR).choices("present", "absent").defaultValue("present").description("present, or absent").add()), 600)
            .build();
    /** The consumer's default image follows the Kafka version of the pom. */
    static final String CONSUMER_IMAGE = io.mm2dr.domain.BuildVersions.consumerImage();

    @Override
    public String name() {
        return "kafka_app";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    Outcome apply(Map<String, Object> args, ModuleContext ctx, Platform platform) throws InterruptedException {
        String role = (String) args.get("role");
        List<String> topics = args.get("topics") == null ? List.of() : ((List<?>) args.get("topics")).stream().map(String::valueOf).toList();
        String pattern = (String) args.get("topic_pattern");
        if (role.equals("producer") && topics.size() != 6) {
            throw new ArgumentError("a producer needs 'topics': six names, for orders, cancellations, door badge-ins, "
                    + "stock movements, new customers and sensor readings (got " + topics.size() + ")");
        }
        if (role.equals("consumer") && pattern == null) {
            throw new ArgumentError("a consumer needs 'topic_pattern'");
        }
        String name = (String) args.get("name");
        String image = (String) args.get("image");
        if (role.equals("producer") && image == null && !platform.name().equals("local")) {
            throw new ArgumentError("a producer needs 'image': a Kafka Connect image with the Loosehanger Jeans data generator "
                    + "(set producer_image in the inventory)");
        }
        KafkaAppSpec spec = new KafkaAppSpec(role, name, (String) args.get("namespace"), flavor(args, ctx), (String) args.get("bootstrap"),
                (String) args.get("user"), secretKey(args.get("password_secret"), "password_secret", "password"),
                secretKey(args.get("ca_secret"), "ca_secret", "ca.crt"), topics, pattern,
                args.get("group") != null ? (String) args.get("group") : name, intArg(args, "events_per_second"), intArg(args, "replicas"),
                image != null ? image : CONSUMER_IMAGE, intArg(args, "replication_factor"));
        return platform.kafkaApp(spec, present(args), timeout(args));
    }
}
