package io.mm2dr.domain;

/** A key of a secret: where a password or a certificate is kept. */
public record SecretKey(String name, String key) {
}
