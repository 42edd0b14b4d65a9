package io.mm2dr.engine.template;

/**
 * The scheme and network location of a URL as Python's {@code urllib.parse.urlsplit} finds them, for
 * Ansible's {@code uri}, {@code url} and {@code urn} tests.
 */
final class UrlParts {
    private UrlParts() {
    }

    /** [scheme, netloc], or null when urlsplit would raise (an unclosed IPv6 bracket). */
    static String[] split(String text) {
        String url = text;
        int start = 0;
        while (start < url.length() && url.charAt(start) <= ' ') {
            start++;
        }
        url = url.substring(start).replace("\t", "").replace("\r", "").replace("\n", "");
        String scheme = "";
        int colon = url.indexOf(':');
        if (colon > 0 && isAsciiLetter(url.charAt(0))) {
            boolean valid = true;
            for (int k = 0; k < colon; k++) {
                char c = url.charAt(k);
                if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
                    valid = false;
                    break;
                }
            }
            if (valid) {
                scheme = url.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
                url = url.substring(colon + 1);
            }
        }
        String netloc = "";
        if (url.startsWith("//")) {
            int end = url.length();
            for (int k = 2; k < url.length(); k++) {
                char c = url.charAt(k);
                if (c == '/' || c == '?' || c == '#') {
                    end = k;
                    break;
                }
            }
            netloc = url.substring(2, end);
            if (netloc.contains("[") != netloc.contains("]")) {
                return null;
            }
        }
        return new String[] {scheme, netloc};
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Ansible's is_uri: parses, and its scheme is one of {@code schemes} when they are given. */
    static boolean isUri(String value, Object schemes) {
        String[] parts = split(value);
        if (parts == null) {
            return false;
        }
        return !Templar.truthy(schemes) || PyOps.compare("in", parts[0], schemes);
    }

    /** Ansible's is_url: a URI with a network location, or a file: URI. */
    static boolean isUrl(String value, Object schemes) {
        if (!isUri(value, schemes)) {
            return false;
        }
        String[] parts = split(value);
        return !parts[1].isEmpty() || parts[0].equals("file");
    }
}
