package io.mm2dr.kubernetes;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an API server warns about in its {@code Warning} response headers (RFC 7234 code 299,
 * as Kubernetes sends them: the deprecation of a custom resource version, a field that was
 * ignored...), collected for one connection and shown once per run: each distinct text is
 * handed out by {@link #unseen()} only the first time.
 */
public final class ApiWarnings implements Interceptor {
    /** {@code 299 - "text"}, the text a quoted-string with backslash escapes. */
    private static final Pattern WARNING = Pattern.compile("^\\s*\\d{3}\\s+\\S+\\s+\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Set<String> received = new LinkedHashSet<>();
    private final Set<String> shown = new LinkedHashSet<>();

    @Override
    public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        List<String> values = response.headers("Warning");
        if (values != null) {
            values.forEach(this::record);
        }
    }

    /** Records one {@code Warning} header value; values that are not RFC 7234 warnings are kept as they are. */
    public synchronized void record(String headerValue) {
        if (headerValue == null || headerValue.isBlank()) {
            return;
        }
        Matcher m = WARNING.matcher(headerValue);
        received.add(m.find() ? m.group(1).replaceAll("\\\\(.)", "$1") : headerValue.trim());
    }

    /** The warnings received and not handed out before, in the order they first came. */
    public synchronized List<String> unseen() {
        List<String> out = new ArrayList<>();
        for (String w : received) {
            if (shown.add(w)) {
                out.add(w);
            }
        }
        return out;
    }
}
