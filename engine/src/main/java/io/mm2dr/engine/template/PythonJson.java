package io.mm2dr.engine.template;

/** JSON as Python's {@code json.dumps} writes it by default: keys in their order, ", " and ": ", non-ASCII escaped. */
public final class PythonJson {
    private PythonJson() {
    }

    public static String dumps(Object value) {
        return DataFilters.toJson(PlainData.plain(value), false, -1, true);
    }
}
