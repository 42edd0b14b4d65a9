package io.mm2dr.platform.kubernetes;

import io.mm2dr.domain.Flavor;
import io.mm2dr.domain.OperatorApi;
import io.mm2dr.domain.OperatorApi.Generation;
import io.mm2dr.kubernetes.KubeException;
import java.util.List;

/**
 * Which generation of an operator's API to render, from what the API server serves: {@code v1}
 * where it is served (Strimzi 0.49 and later, Event Streams 13), else {@code v1beta2} (Strimzi
 * 0.45-0.48, Event Streams 11 and 12), unless the inventory forces one with
 * {@value #VARIABLE}. A group or version the server does not serve is an error that says what is
 * served and which operator release is needed, in check mode as in a real run: without it a read
 * would answer 404 and the object would look "not created yet".
 */
public final class OperatorApis {
    /** The inventory variable that forces a generation: {@code v1} or {@code v1beta2}. */
    public static final String VARIABLE = "operator_api_version";

    private OperatorApis() {
    }

    /**
     * The generation to render for {@code flavor}.
     *
     * @param served the versions of the flavor's group the server serves (empty: none)
     * @param forced {@code v1}, {@code v1beta2}, or null/blank to choose by discovery
     * @param server the API server, for messages
     */
    public static OperatorApi choose(Flavor flavor, List<String> served, String forced, String server) {
        String group = flavor.group();
        if (forced != null && !forced.isBlank()) {
            Generation g = Generation.of(forced);
            if (g == null) {
                throw new NotServed(VARIABLE + " is '" + forced.trim() + "': expected one of " + String.join(", ", Generation.names())
                        + " (or leave it unset to use what the API server serves)");
            }
            if (!served.contains(g.version())) {
                throw new NotServed(VARIABLE + " asks for " + group + "/" + g.version() + ", but the API server " + server
                        + (served.isEmpty() ? " does not serve " + group + " at all" : " serves " + group + " at " + String.join(", ", served) + " only")
                        + ": " + needed(flavor));
            }
            return new OperatorApi(flavor, g);
        }
        if (served.isEmpty()) {
            throw new NotServed("the API server " + server + " does not serve " + group + ", the API of " + flavor.operator()
                    + ": is the operator installed, and is flavor (" + flavor.word() + ") the one installed? " + needed(flavor));
        }
        for (Generation g : Generation.values()) {
            if (served.contains(g.version())) {
                return new OperatorApi(flavor, g);
            }
        }
        throw new NotServed("the API server " + server + " serves " + group + " at " + String.join(", ", served)
                + " only, a generation this tool does not render (" + String.join(", ", Generation.names()) + "): " + needed(flavor));
    }

    /** The platform cannot serve the operator's API the stage needs: what is served and which releases are needed. */
    public static final class NotServed extends KubeException {
        NotServed(String message) {
            super(message);
        }
    }

    private static String needed(Flavor flavor) {
        return "this tool supports " + flavor.releases();
    }
}
