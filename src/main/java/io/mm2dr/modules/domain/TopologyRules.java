package io.mm2dr.modules.domain;

import io.mm2dr.domain.KafkaTopicSpec;
import io.mm2dr.engine.module.ArgumentError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a topology (playbooks/vars/topology.yaml, and vars/shared-aggregate.yaml where it is used)
 * must be before a stage touches anything: names the operators, Kubernetes and Kafka accept;
 * nothing defined twice that must be unique; every reference (a cluster's region, an application's
 * or MirrorMaker 2's user, a secret's namespace) to something defined; numbers that can be
 * (replicas within brokers, min.insync.replicas within replicas, partitions at least one). Every
 * rule runs; each problem names the field and where it was written. The means the rules use (a
 * field with its place, the generic and naming checks) are in {@link TopologyFields}.
 */
final class TopologyRules extends TopologyFields {
    static final List<String> REGION_ROLES = List.of("primary", "applications", "backup");
    static final List<String> TOPIC_KEYS = List.of("name", "partitions", "allow_partition_increase");
    static final List<String> USER_KEYS = List.of("name", "acls");
    static final List<String> AGGREGATE_KEYS = List.of("region", "cluster", "short");
    static final List<String> MM2_INTERVALS = List.of("checkpoint_interval_seconds", "sync_group_offsets_interval_seconds",
            "refresh_groups_interval_seconds", "refresh_topics_interval_seconds", "heartbeat_interval_seconds");

    private TopologyRules(TopologySource src) {
        super(src);
    }

    /** Every problem of the topology, in no particular order. */
    static List<Problem> check(TopologySource src) {
        TopologyRules r = new TopologyRules(src);
        r.regions();
        r.clusters();
        r.topics();
        r.users();
        r.apps();
        r.mirrorMakers();
        if (src.defined("mm2_tasks_max")) {
            r.wholeAtLeast(r.top("mm2_tasks_max"), 1);
        }
        r.secretBackup();
        r.restoreCheck();
        if (src.defined("aggregate_regions")) {
            r.aggregate();
        }
        List<Problem> all = new ArrayList<>(src.sourceProblems());
        all.addAll(r.problems());
        return all;
    }

    /** The regions the topology defines, by value. */
    private Set<String> regionNames() {
        Set<String> out = new LinkedHashSet<>();
        top("regions").map().values().forEach(v -> {
            if (v instanceof String s) {
                out.add(s);
            }
        });
        return out;
    }

    /** {@code f} must be the region {@code regions.<role>}; says why not. */
    private void inRegion(F f, String role, String why) {
        if (!requiredText(f)) {
            return;
        }
        F expected = top("regions").child(role);
        if (!(expected.value instanceof String e)) {
            return;
        }
        if (!f.text().equals(e)) {
            Set<String> regions = regionNames();
            problem(f, quoted(f.text()) + (regions.contains(f.text())
                    ? " must be regions." + role + " (" + quoted(e) + "): " + why
                    : " is not a region of the topology (regions: " + String.join(", ", regions) + "): it must be regions." + role
                            + " (" + quoted(e) + ")"));
        }
    }

    /** The primary's user names, each with its field, for references. */
    private Map<String, F> primaryUsers() {
        Map<String, F> out = new LinkedHashMap<>();
        F users = top("primary_users");
        for (int i = 0; i < users.list().size(); i++) {
            F n = users.item(i).child("name");
            if (n.value instanceof String s) {
                out.putIfAbsent(s, n);
            }
        }
        return out;
    }

    private void isPrimaryUser(F f, String why) {
        if (!(f.value instanceof String s) || !top("primary_users").usable()) {
            return;
        }
        Map<String, F> users = primaryUsers();
        if (!users.containsKey(s)) {
            problem(f, quoted(s) + " is not one of primary_users (" + String.join(", ", users.keySet()) + "): " + why);
        }
    }

    private void notPrimaryUser(F f, String why) {
        if (f.value instanceof String s && primaryUsers().containsKey(s)) {
            F other = primaryUsers().get(s);
            problem(f, quoted(s) + " is also " + other.name() + " (" + at(other, f) + "): " + why);
        }
    }

    private void differs(F f, F other, String why) {
        if (f.value instanceof String a && a.equals(other.value)) {
            problem(f, quoted(a) + " is also " + other.name() + ": " + why);
        }
    }

    // ------------------------------------------------------------------ the drill's topology

    private void regions() {
        F regions = top("regions");
        if (!requiredMap(regions, "primary, applications, backup")) {
            return;
        }
        for (String role : REGION_ROLES) {
            regionName(regions.child(role));
        }
        differs(regions.child("backup"), regions.child("primary"), "the backup must survive the loss of the primary region");
        differs(regions.child("applications"), regions.child("primary"),
                "the applications and the copies of the primary's secrets would be lost with the primary region");
    }

    private void clusters() {
        F clusters = top("clusters");
        if (!requiredMap(clusters, "primary, backup")) {
            return;
        }
        for (String role : List.of("primary", "backup")) {
            F c = clusters.child(role);
            if (!requiredMap(c, "name, namespace, brokers, storage")) {
                continue;
            }
            clusterName(c.child("name"));
            inRegion(c.child("namespace"), role, "the " + role + " cluster lives in the " + role + " region");
            if (required(c.child("brokers"))) {
                wholeAtLeast(c.child("brokers"), 1);
            }
            storage(c.child("storage"));
            F controllers = c.child("controller_storage");
            if (controllers.value != null && (controllers.text() == null || "ephemeral".equals(controllers.text())
                    || !STORAGE.matcher(controllers.text()).matches())) {
                problem(controllers, quoted(controllers.value) + " must be a volume size, such as 10Gi: the KRaft controllers' volumes"
                        + " (Event Streams with ephemeral storage) are persistent");
            }
        }
        differs(clusters.child("backup").child("name"), clusters.child("primary").child("name"),
                "MirrorMaker 2 needs both clusters' CA certificates (<name>-cluster-ca-cert) side by side in one region");
    }

    /** A cluster's brokers when they are a valid count (an invalid one is reported on its own). */
    private Long brokers(String role) {
        Long b = top("clusters").child(role).child("brokers").whole();
        return b == null || b < 1 ? null : b;
    }

    private void topics() {
        F topics = top("topics");
        Pattern pattern = regex(top("topic_pattern"));
        F prefix = top("topic_prefix");
        requiredText(prefix);
        if (top("allow_partition_increase").value != null) {
            bool(top("allow_partition_increase"));
        }
        if (requiredList(topics, "{name, partitions}")) {
            Map<String, F> byName = new LinkedHashMap<>();
            Map<String, F> byMetricName = new LinkedHashMap<>();
            Map<String, F> byResource = new LinkedHashMap<>();
            for (int i = 0; i < topics.list().size(); i++) {
                F t = topics.item(i);
                if (!requiredMap(t, "name, partitions")) {
                    continue;
                }
                unknownKeys(t, TOPIC_KEYS, "a topic setting");
                F name = t.child("name");
                if (topicName(name)) {
                    String n = name.text();
                    String metric = n.replace('.', '_');
                    String resource = new KafkaTopicSpec(n, "", "", null, 1, 1, Map.of()).resourceName();
                    if (byName.containsKey(n)) {
                        problem(name, quoted(n) + " is defined twice (first at " + at(byName.get(n), name) + ")");
                    } else if (byMetricName.containsKey(metric)) {
                        F other = byMetricName.get(metric);
                        problem(name, quoted(n) + " collides with " + other.name() + " " + quoted(other.text()) + " (" + at(other, name)
                                + "): Kafka refuses topic names that differ only by '.' and '_'");
                    } else if (byResource.containsKey(resource)) {
                        F other = byResource.get(resource);
                        problem(name, quoted(n) + " would be the same KafkaTopic resource " + quoted(resource) + " as " + other.name()
                                + " " + quoted(other.text()) + " (" + at(other, name) + ")");
                    } else {
                        if (prefix.value instanceof String p && !n.startsWith(p)) {
                            problem(name, quoted(n) + " does not start with topic_prefix " + quoted(p)
                                    + ": the applications' ACLs would not let them use it");
                        } else if (pattern != null && !pattern.matcher(n).matches()) {
                            problem(name, quoted(n) + " does not match topic_pattern " + quoted(pattern.pattern())
                                    + ": MirrorMaker 2 would not back it up, nor the consumer read it");
                        }
                    }
                    byName.putIfAbsent(n, name);
                    byMetricName.putIfAbsent(metric, name);
                    byResource.putIfAbsent(resource, name);
                }
                if (required(t.child("partitions"))) {
                    wholeAtLeast(t.child("partitions"), 1);
                }
                bool(t.child("allow_partition_increase"));
            }
        }
        F replicas = top("topic_replicas");
        Long r = required(replicas) ? wholeAtLeast(replicas, 1) : null;
        if (r != null) {
            String fewest = null;
            for (String role : List.of("primary", "backup")) {
                Long b = brokers(role);
                if (b != null && r > b && (fewest == null || b < brokers(fewest))) {
                    fewest = role;
                }
            }
            if (fewest != null) {
                problem(replicas, r + " is more than clusters." + fewest + ".brokers (" + brokers(fewest)
                        + "): each replica needs a broker of its own");
            }
        }
        topicConfig(top("topic_config"), r);
    }

    private void users() {
        F users = top("primary_users");
        if (!requiredList(users, "{name, acls}")) {
            return;
        }
        Map<String, F> seen = new LinkedHashMap<>();
        for (int i = 0; i < users.list().size(); i++) {
            F u = users.item(i);
            if (!requiredMap(u, "name, acls")) {
                continue;
            }
            unknownKeys(u, USER_KEYS, "a user setting");
            F name = u.child("name");
            if (userName(name)) {
                F first = seen.putIfAbsent(name.text(), name);
                if (first != null) {
                    problem(name, quoted(name.text()) + " is defined twice (first at " + at(first, name) + ")");
                }
            }
            F acls = u.child("acls");
            if (acls.usable()) {
                if (!(acls.value instanceof List<?> l)) {
                    problem(acls, "must be a list of {resource, operations}");
                } else {
                    try {
                        KafkaUserModule.acls(l);
                    } catch (ArgumentError e) {
                        Matcher m = Pattern.compile("^acls\\[(\\d+)]").matcher(e.getMessage());
                        F at = m.find() ? acls.item(Integer.parseInt(m.group(1))) : acls;
                        String detail = e.getMessage().replaceFirst("^acls\\[\\d+]", "");
                        problems().add(new Problem(at.pos(), at.name() + (detail.startsWith(".") || detail.startsWith(":") ? "" : " ")
                                + detail));
                    }
                }
            }
        }
    }

    private void apps() {
        F apps = top("apps");
        if (!requiredMap(apps, "producer, consumer")) {
            return;
        }
        F producer = apps.child("producer");
        if (requiredMap(producer, "name, user, events_per_second")) {
            resourceName(producer.child("name"), "application", APP_NAME_MAX);
            if (userName(producer.child("user"))) {
                isPrimaryUser(producer.child("user"), "the producer logs in to the primary as this user");
            }
            F rate = producer.child("events_per_second");
            if (required(rate) && !(rate.value instanceof Number n && n.doubleValue() > 0
                    || rate.text() != null && rate.text().matches("[0-9]*\\.?[0-9]+") && Double.parseDouble(rate.text()) > 0)) {
                problem(rate, quoted(rate.value) + " must be a number above 0");
            }
        }
        F consumer = apps.child("consumer");
        if (requiredMap(consumer, "name, user, group")) {
            resourceName(consumer.child("name"), "application", APP_NAME_MAX);
            if (userName(consumer.child("user"))) {
                isPrimaryUser(consumer.child("user"), "the consumer logs in to the primary as this user");
            }
            F group = consumer.child("group");
            if (requiredText(group)) {
                F groups = top("mirror_maker").child("backup").child("groups_pattern");
                Pattern p = compiles(groups);
                if (p != null && !p.matcher(group.text()).matches()) {
                    problem(group, quoted(group.text()) + " does not match mirror_maker.backup.groups_pattern " + quoted(p.pattern())
                            + ": its position would not be backed up");
                }
            }
        }
        differs(consumer.child("name"), producer.child("name"), "both run in the applications region");
    }

    private static Pattern compiles(F f) {
        if (!(f.value instanceof String s)) {
            return null;
        }
        try {
            return Pattern.compile(s);
        } catch (PatternSyntaxException e) {
            return null;
        }
    }

    private void mirrorMakers() {
        F mm = top("mirror_maker");
        if (!requiredMap(mm, "backup, restore")) {
            return;
        }
        for (String role : List.of("backup", "restore")) {
            F m = mm.child(role);
            if (!requiredMap(m, "name, namespace, source_user, target_user, groups_pattern")) {
                continue;
            }
            resourceName(m.child("name"), "MirrorMaker 2", MIRROR_MAKER_NAME_MAX);
            if (role.equals("backup")) {
                inRegion(m.child("namespace"), "backup", "MirrorMaker 2 runs beside the cluster it writes to");
            } else {
                inRegion(m.child("namespace"), "primary", "MirrorMaker 2 runs beside the cluster it writes to");
            }
            userName(m.child("source_user"));
            userName(m.child("target_user"));
            regex(m.child("groups_pattern"));
            F prefix = m.child("groups_acl_prefix");
            F group = top("apps").child("consumer").child("group");
            Pattern groups = compiles(m.child("groups_pattern"));
            // a group the pattern misses is reported once, by the pattern's rule
            if (prefix.text() != null && group.text() != null && !group.text().startsWith(prefix.text())
                    && (groups == null || groups.matcher(group.text()).matches())) {
                problem(prefix, quoted(prefix.text()) + " does not start apps.consumer.group " + quoted(group.text())
                        + ": " + m.name() + "'s users would have no right to sync that group's position");
            }
            for (String interval : MM2_INTERVALS) {
                if (m.child(interval).value != null) {
                    wholeAtLeast(m.child(interval), 1);
                }
            }
            if (m.child("replicas").value != null) {
                wholeAtLeast(m.child("replicas"), 1);
            }
            differs(m.child("target_user"), m.child("source_user"),
                    "the copy of the source user's password would replace the target user's in the region of " + m.name());
        }
        F backup = mm.child("backup");
        F restore = mm.child("restore");
        String restoreName = restore.child("name").value instanceof String n ? n : "mirror_maker.restore";
        isPrimaryUser(backup.child("source_user"), "MirrorMaker 2 reads the primary as this user");
        notPrimaryUser(restore.child("target_user"), "removing " + restoreName + "'s users after the restore would delete it");
        notPrimaryUser(restore.child("source_user"), "the copy of its password in the primary region would replace that user's,"
                + " and be deleted after the restore");
        differs(restore.child("source_user"), backup.child("target_user"),
                "removing " + restoreName + "'s users after the restore would delete it");
        differs(restore.child("source_user"), backup.child("source_user"),
                "creating it on the backup cluster would replace the copy of that user's password");
    }

    private void secretBackup() {
        F sb = top("secret_backup");
        if (!requiredMap(sb, "namespace, prefix")) {
            return;
        }
        F ns = sb.child("namespace");
        if (requiredText(ns)) {
            F primary = top("regions").child("primary");
            Set<String> regions = regionNames();
            if (ns.text().equals(primary.value) && !ns.text().equals(top("regions").child("applications").value)) {
                // (the applications region in the primary one is reported with regions.applications)
                problem(ns, quoted(ns.text()) + " is regions.primary: the copies of the primary's secrets would be lost with it");
            } else if (!regions.isEmpty() && !regions.contains(ns.text())) {
                problem(ns, quoted(ns.text()) + " is not a region of the topology (regions: " + String.join(", ", regions) + ")");
            }
        }
        F prefix = sb.child("prefix");
        if (requiredText(prefix) && (prefix.text().length() > 200 || !SECRET_PREFIX.matcher(prefix.text()).matches())) {
            problem(prefix, quoted(prefix.text()) + " must start secret names: lowercase letters, digits, '-' and '.', starting with a"
                    + " letter or digit");
        }
    }

    private void restoreCheck() {
        if (top("restore_check_timeout").value != null) {
            wholeAtLeast(top("restore_check_timeout"), 1);
        }
        F rc = top("restore_check_clusters");
        if (rc.value == null || !rc.templated()) {
            return;
        }
        if (!requiredMap(rc, "primary, backup")) {
            return;
        }
        for (String role : List.of("primary", "backup")) {
            F c = rc.child(role);
            if (!requiredMap(c, "alias, bootstrap, user, password_secret, ca_secret")) {
                continue;
            }
            F user = c.child("user");
            if (userName(user)) {
                if (role.equals("primary")) {
                    isPrimaryUser(user, "the checks log in to the primary as this user");
                } else {
                    F target = top("mirror_maker").child("backup").child("target_user");
                    if (target.value instanceof String t && !t.equals(user.text())) {
                        problem(user, quoted(user.text()) + " is not mirror_maker.backup.target_user (" + quoted(t)
                                + "), the user of the backup cluster that outlives a restore");
                    }
                }
            }
            F region = top("regions").child(role);
            for (String secret : List.of("password_secret", "ca_secret")) {
                F ns = c.child(secret).child("namespace");
                if (ns.value instanceof String s && region.value instanceof String expected && !s.equals(expected)) {
                    problem(ns, quoted(s) + " is not regions." + role + " (" + quoted(expected) + "), where the " + role
                            + " cluster and that secret are");
                }
            }
        }
    }

    // ------------------------------------------------------------------ shared aggregate

    private void aggregate() {
        F regions = top("aggregate_regions");
        List<String> shorts = new ArrayList<>();
        if (requiredList(regions, "{region, cluster, short}")) {
            if (regions.list().size() != 3) {
                problem(regions, "has " + regions.list().size() + " entries: the shared-aggregate playbook needs exactly 3"
                        + " (each region's MirrorMaker 2 copies the other two)");
            }
            Map<String, Map<String, F>> seen = new LinkedHashMap<>();
            for (int i = 0; i < regions.list().size(); i++) {
                F r = regions.item(i);
                if (!requiredMap(r, "region, cluster, short")) {
                    continue;
                }
                unknownKeys(r, AGGREGATE_KEYS, "a region setting");
                boolean ok = regionName(r.child("region"));
                ok &= clusterName(r.child("cluster"));
                ok &= resourceName(r.child("short"), "short region", MIRROR_MAKER_NAME_MAX - "mm2-".length());
                for (String k : AGGREGATE_KEYS) {
                    F f = r.child(k);
                    if (f.value instanceof String s) {
                        F first = seen.computeIfAbsent(k, x -> new LinkedHashMap<>()).putIfAbsent(s, f);
                        if (first != null) {
                            problem(f, quoted(s) + " is defined twice (first at " + at(first, f) + ")");
                        }
                    }
                }
                if (ok) {
                    shorts.add(r.child("short").text());
                }
            }
        }
        F brokers = top("aggregate_brokers");
        Long b = required(brokers) ? wholeAtLeast(brokers, 1) : null;
        Long replicas = top("topic_replicas").whole();
        if (b != null && replicas != null && replicas >= 1 && replicas > b) {
            problem(top("topic_replicas"), replicas + " is more than aggregate_brokers (" + b + "): each replica needs a broker of its own");
        }
        storage(top("aggregate_storage"));
        regex(top("aggregate_consumer_pattern"));
        F source = top("aggregate_source_user");
        F target = top("aggregate_target_user");
        userName(source);
        userName(target);
        differs(target, source, "each region's cluster needs both");
        F producerUser = top("apps").child("producer").child("user");
        for (F u : List.of(source, target)) {
            differs(u, producerUser, "the producer of every region has its own user");
            if (u.value instanceof String s && shorts.stream().anyMatch(sh -> Objects.equals("consumer-" + sh, s))) {
                problem(u, quoted(s) + " is also the user of a region's consumer (consumer-<short>)");
            }
        }
    }
}
