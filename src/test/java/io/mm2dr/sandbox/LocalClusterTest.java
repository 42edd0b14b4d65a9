package io.mm2dr.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.common.metadata.RemoveUserScramCredentialRecord;
import org.apache.kafka.common.metadata.UserScramCredentialRecord;
import org.apache.kafka.image.MetadataDelta;
import org.apache.kafka.image.MetadataImage;
import org.apache.kafka.image.MetadataProvenance;
import org.junit.jupiter.api.Test;

/**
 * The sandbox broker's configuration, and the Kafka behaviour behind its metadata snapshot
 * setting: a broker restarted with no metadata snapshot rebuilds its SCRAM credentials from the
 * start of the log, and Kafka 4.3.1 then loses all of them when a deleted user comes first.
 */
class LocalClusterTest {
    private static final String ADMIN = "admin";
    private static final String KEPT = "mm2-backup-target";
    private static final String DELETED = "mm2-restore-source";

    @Test
    void theBrokerWritesAMetadataSnapshotSoonAfterItsFirstStart() {
        Properties c = LocalCluster.serverProperties(Map.of("client", 1, "controller", 2), Path.of("data"), "secret", Path.of("tls"));
        String interval = c.getProperty("metadata.log.max.snapshot.interval.ms");
        assertNotNull(interval, "without a snapshot, a restart after a SCRAM user was deleted loses every SCRAM user");
        long ms = Long.parseLong(interval);
        assertTrue(ms > 0 && ms <= 10_000, "snapshot interval " + ms + " ms (0 turns time-based snapshots off)");
    }

    /**
     * What a restart without a snapshot does: the whole log replayed onto an empty image. Kafka
     * 4.3.1 loses every user, the administrator included. When this fails, Kafka has fixed
     * ScramDelta.apply() and the snapshot setting is no longer needed for this.
     */
    @Test
    void kafkaLosesEveryScramUserReplayingADeletionOntoAnEmptyImage() {
        MetadataDelta delta = new MetadataDelta.Builder().setImage(MetadataImage.EMPTY).build();
        delta.replay(credential(ADMIN));
        delta.replay(credential(KEPT));
        delta.replay(credential(DELETED));
        delta.replay(new RemoveUserScramCredentialRecord().setName(DELETED).setMechanism(ScramMechanism.SCRAM_SHA_512.type()));
        MetadataImage image = delta.apply(MetadataProvenance.EMPTY);
        assertEquals(Map.of(), image.scram().mechanisms(), "Kafka's ScramDelta.apply() was fixed: see LocalCluster.serverProperties");
    }

    /** What a restart with a snapshot does: the deletion replayed onto the snapshot's image, which has the administrator. */
    @Test
    void onASnapshotThatHoldsTheAdministratorADeletionKeepsTheOthers() {
        MetadataDelta first = new MetadataDelta.Builder().setImage(MetadataImage.EMPTY).build();
        first.replay(credential(ADMIN));
        MetadataImage snapshot = first.apply(MetadataProvenance.EMPTY);

        MetadataDelta tail = new MetadataDelta.Builder().setImage(snapshot).build();
        tail.replay(credential(KEPT));
        tail.replay(credential(DELETED));
        tail.replay(new RemoveUserScramCredentialRecord().setName(DELETED).setMechanism(ScramMechanism.SCRAM_SHA_512.type()));
        MetadataImage image = tail.apply(MetadataProvenance.EMPTY);
        assertEquals(Set.of(ADMIN, KEPT), image.scram().mechanisms().get(ScramMechanism.SCRAM_SHA_512).keySet());
    }

    @Test
    void aBrokerThatRefusesItsAdministratorSaysWhyAndWhatToDo() {
        String m = LocalCluster.refusedLoginMessage("europe", "eu-eventstreams", 12_000, Path.of("broker.log"));
        assertTrue(m.contains("eu-eventstreams") && m.contains("12 s") && m.contains("SCRAM") && m.contains("'sandbox down'"), m);
    }

    private static UserScramCredentialRecord credential(String user) {
        return new UserScramCredentialRecord().setName(user).setMechanism(ScramMechanism.SCRAM_SHA_512.type())
                .setSalt(new byte[] {1, 2, 3}).setStoredKey(new byte[64]).setServerKey(new byte[64]).setIterations(4096);
    }
}
