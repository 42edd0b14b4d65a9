package io.mm2dr.kafka;

import io.mm2dr.engine.module.PlatformUnreachableException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * One sentence for each way talking to Kafka fails, naming which: the broker cannot be reached
 * (the platform is unreachable, exit code 3), the password is wrong, the user lacks an ACL.
 */
public final class KafkaFailures {
    private KafkaFailures() {
    }

    /** Unwraps an ExecutionException (Admin futures) and translates what is inside. */
    public static RuntimeException translate(Throwable e, KafkaConnection c, String doing) {
        Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof KafkaException k) {
            return k;
        }
        if (t instanceof TimeoutException) {
            return new PlatformUnreachableException("cannot reach Kafka " + c.describe() + " while " + doing
                    + ": no answer in time (is the bootstrap address right, and the broker up?)", t);
        }
        if (t instanceof SaslAuthenticationException) {
            return new KafkaException("Kafka " + c.describe() + " refused the login of user '" + c.user()
                    + "' while " + doing + ": wrong password, or no such SCRAM-SHA-512 user", t);
        }
        if (t instanceof SslAuthenticationException) {
            return new KafkaException("TLS with Kafka " + c.describe() + " failed while " + doing
                    + ": the broker's certificate is not signed by the CA given (" + firstLine(t) + ")", t);
        }
        if (t instanceof TopicAuthorizationException a) {
            return new KafkaException("user '" + c.user() + "' may not access topic(s) " + a.unauthorizedTopics() + " on "
                    + c.describe() + " while " + doing + ": an ACL is missing", t);
        }
        if (t instanceof GroupAuthorizationException a) {
            return new KafkaException("user '" + c.user() + "' may not access consumer group '" + a.groupId() + "' on "
                    + c.describe() + " while " + doing + ": an ACL is missing", t);
        }
        if (t instanceof ClusterAuthorizationException || t instanceof AuthorizationException) {
            return new KafkaException("user '" + c.user() + "' is not authorised on " + c.describe() + " while " + doing
                    + " (" + firstLine(t) + "): an ACL is missing", t);
        }
        if (t instanceof UnknownTopicOrPartitionException) {
            return new KafkaException("no such topic on " + c.describe() + " while " + doing, t);
        }
        if (t instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new KafkaException("interrupted while " + doing, t);
        }
        return new KafkaException(doing + " on " + c.describe() + " failed: " + firstLine(t), t);
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
