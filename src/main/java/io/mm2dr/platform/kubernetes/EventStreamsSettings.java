package io.mm2dr.platform.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What the inventory says about IBM Event Streams instances, beyond the estate itself: the licence
 * and where the administration API and UI are exposed.
 *
 * <ul>
 * <li>{@code eventstreams_license_use}: {@code spec.license.use} (default
 *     {@code CloudPakForIntegrationNonProduction});</li>
 * <li>{@code eventstreams_license}: {@code spec.license.license}, the licence identifier the
 *     operator requires (e.g. {@code L-XXXX-XXXXXX}, from Event Streams' licensing page for the
 *     release); rendered only when set, and the cluster task warns when it is not;</li>
 * <li>{@code eventstreams_endpoint_type}: {@code route}, {@code ingress} or {@code internal}, the
 *     endpoint type of {@code adminApi} and {@code adminUI} (Event Streams' REST endpoints support
 *     these three). Unset: {@code route} when the API server serves {@code route.openshift.io}
 *     (OpenShift), else {@code internal}. {@code route} keeps the operator's own default endpoint (a
 *     route); {@code internal} and {@code ingress} are rendered as one endpoint of that type;</li>
 * <li>{@code eventstreams_ingress_domain} (required with {@code ingress}): the hosts are
 *     {@code <cluster>-admin-api.<domain>} and {@code <cluster>-ui.<domain>};
 *     {@code eventstreams_ingress_class} (optional): the ingress controller's class.</li>
 * </ul>
 */
public record EventStreamsSettings(String licenseUse, String license, String endpointType, String ingressDomain, String ingressClass) {
    public static final String LICENSE_USE_VARIABLE = "eventstreams_license_use";
    public static final String LICENSE_VARIABLE = "eventstreams_license";
    public static final String ENDPOINT_TYPE_VARIABLE = "eventstreams_endpoint_type";
    public static final String INGRESS_DOMAIN_VARIABLE = "eventstreams_ingress_domain";
    public static final String INGRESS_CLASS_VARIABLE = "eventstreams_ingress_class";
    /** The licence use this tool accepts on the user's behalf unless the inventory says otherwise. */
    public static final String DEFAULT_LICENSE_USE = "CloudPakForIntegrationNonProduction";
    /** The API group whose presence means OpenShift routes are available. */
    public static final String ROUTE_GROUP = "route.openshift.io";
    public static final List<String> ENDPOINT_TYPES = List.of("route", "ingress", "internal");

    public EventStreamsSettings {
        licenseUse = blankToNull(licenseUse);
        license = blankToNull(license);
        endpointType = blankToNull(endpointType);
        ingressDomain = blankToNull(ingressDomain);
        ingressClass = blankToNull(ingressClass);
        if (endpointType != null) {
            endpointType = endpointType.toLowerCase(Locale.ROOT);
            if (!ENDPOINT_TYPES.contains(endpointType)) {
                throw new IllegalArgumentException(ENDPOINT_TYPE_VARIABLE + " is '" + endpointType + "': expected one of "
                        + String.join(", ", ENDPOINT_TYPES) + " (Event Streams' REST endpoints support these types; "
                        + "leave it unset for a route on OpenShift, internal elsewhere)");
            }
            if (endpointType.equals("ingress") && ingressDomain == null) {
                throw new IllegalArgumentException(ENDPOINT_TYPE_VARIABLE + " is ingress: set " + INGRESS_DOMAIN_VARIABLE
                        + " too (the hosts are <cluster>-admin-api.<domain> and <cluster>-ui.<domain>)");
            }
        }
    }

    /** Nothing set: the defaults. */
    public static EventStreamsSettings defaults() {
        return new EventStreamsSettings(null, null, null, null, null);
    }

    /** Only the licence use set (what the platform took before the other settings existed). */
    public static EventStreamsSettings licenseUse(String licenseUse) {
        return new EventStreamsSettings(licenseUse, null, null, null, null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** {@code spec.license.use}. */
    public String effectiveLicenseUse() {
        return licenseUse == null ? DEFAULT_LICENSE_USE : licenseUse;
    }

    /**
     * The endpoint type to render: the one set, else {@code route} where the API server serves
     * OpenShift's routes, else {@code internal}. {@code openShift} is asked only when needed.
     */
    public EventStreamsSettings resolved(BooleanSupplier openShift) {
        if (endpointType != null) {
            return this;
        }
        return new EventStreamsSettings(licenseUse, license, openShift.getAsBoolean() ? "route" : "internal", ingressDomain, ingressClass);
    }

    /** {@code spec.license}: accepted, its use, and the licence identifier when set. */
    Map<String, Object> licenseSpec() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accept", true);
        if (license != null) {
            m.put("license", license);
        }
        m.put("use", effectiveLicenseUse());
        return m;
    }

    /**
     * {@code spec.adminApi} or {@code spec.adminUI} of cluster {@code cluster}: empty (the
     * operator's default endpoint, a route) for {@code route} or an unresolved type; one endpoint of
     * the type otherwise ({@code host} and {@code class} for ingress).
     *
     * @param component {@code admin-api} or {@code ui}, the host name's part
     */
    Map<String, Object> component(String cluster, String component) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (endpointType == null || endpointType.equals("route")) {
            return out;
        }
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("name", endpointType);
        endpoint.put("type", endpointType);
        if (endpointType.equals("ingress")) {
            endpoint.put("host", cluster + "-" + component + "." + ingressDomain);
            if (ingressClass != null) {
                endpoint.put("class", ingressClass);
            }
        }
        List<Object> endpoints = new ArrayList<>();
        endpoints.add(endpoint);
        out.put("endpoints", endpoints);
        return out;
    }

    /** The warning of a cluster rendered without a licence identifier, naming what to set. */
    public static String missingLicenseWarning(String namespace, String name) {
        return "EventStreams " + namespace + "/" + name + " has no spec.license.license: the Event Streams operator requires the "
                + "licence identifier of your entitlement and will not deploy the instance without it. Set " + LICENSE_VARIABLE
                + " in the inventory (the identifier, e.g. L-XXXX-XXXXXX, is listed on Event Streams' licensing page for your release), "
                + "and " + LICENSE_USE_VARIABLE + " if the use is not " + DEFAULT_LICENSE_USE;
    }
}
