package io.mm2dr.engine.template;

import com.hubspot.jinjava.lib.filter.Filter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** Encodings and digests: {@code b64encode}, {@code b64decode}, {@code hash}, {@code checksum}, {@code md5}, {@code sha1}. */
final class EncodingFilters {
    private EncodingFilters() {
    }

    static List<Filter> all() {
        return List.of(
                new AnsibleFilter("b64encode", (in, a) -> Base64.getEncoder().encodeToString(bytes(StringFilters.text(in), charset(a)))),
                new AnsibleFilter("b64decode", (in, a) -> b64decode(StringFilters.text(in), charset(a))),
                new AnsibleFilter("hash", (in, a) -> digest(StringFilters.text(in), a.string(0, "hashtype", "sha1"))),
                new AnsibleFilter("checksum", (in, a) -> digest(StringFilters.text(in), "sha1")),
                new AnsibleFilter("sha1", (in, a) -> digest(StringFilters.text(in), "sha1")),
                new AnsibleFilter("md5", (in, a) -> digest(StringFilters.text(in), "md5")));
    }

    private static Charset charset(FilterArgs args) {
        String name = args.string(0, "encoding", "utf-8");
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            // Python's codec names: utf-16-le, utf_16_be, latin_1
            String java = name.replace('_', '-').replaceAll("(?i)-(le|be)$", "$1");
            try {
                return Charset.forName(java);
            } catch (IllegalArgumentException e2) {
                throw new TemplateError("unknown encoding: " + name);
            }
        }
    }

    /** As Ansible's to_bytes(errors='surrogate_or_strict'): a byte a command wrote that was not UTF-8 is itself again. */
    private static byte[] bytes(String text, Charset charset) {
        return charset.equals(java.nio.charset.StandardCharsets.UTF_8) ? io.mm2dr.engine.files.SurrogateEscape.encode(text) : text.getBytes(charset);
    }

    private static String b64decode(String text, Charset charset) {
        String compact = text.replaceAll("\\s", "");
        try {
            return new String(Base64.getDecoder().decode(compact), charset);
        } catch (IllegalArgumentException e) {
            try {
                return new String(Base64.getUrlDecoder().decode(compact), charset);
            } catch (IllegalArgumentException e2) {
                throw new TemplateError("b64decode: invalid base64 input: " + e.getMessage());
            }
        }
    }

    static String digest(String text, String algorithm) {
        String jca = switch (algorithm.toLowerCase(Locale.ROOT)) {
            case "sha1" -> "SHA-1";
            case "sha224" -> "SHA-224";
            case "sha256" -> "SHA-256";
            case "sha384" -> "SHA-384";
            case "sha512" -> "SHA-512";
            case "md5" -> "MD5";
            default -> throw new TemplateError("hash: unsupported hash type '" + algorithm + "'");
        };
        try {
            MessageDigest md = MessageDigest.getInstance(jca);
            return HexFormat.of().formatHex(md.digest(io.mm2dr.engine.files.SurrogateEscape.encode(text)));
        } catch (NoSuchAlgorithmException e) {
            throw new TemplateError("hash: unsupported hash type '" + algorithm + "'");
        }
    }
}
