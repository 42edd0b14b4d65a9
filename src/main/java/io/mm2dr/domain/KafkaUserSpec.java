package io.mm2dr.domain;

import java.util.List;

/**
 * A SCRAM-SHA-512 user with ACLs.
 *
 * @param passwordSecret where the password comes from (restore): a secret and key in the user's namespace; null to let the operator generate one
 */
public record KafkaUserSpec(String name, String cluster, String namespace, Flavor flavor, List<Acl> acls, SecretKey passwordSecret) {

    /** One ACL rule: an operation on a resource (topic, group, cluster, transactionalId), literal or prefixed. */
    public record Acl(String resourceType, String resourceName, String patternType, List<String> operations, String host) {
    }

    /** The secret that holds the user's password once the operator has created the user: named after the user. */
    public String credentialsSecret() {
        return name;
    }
}
