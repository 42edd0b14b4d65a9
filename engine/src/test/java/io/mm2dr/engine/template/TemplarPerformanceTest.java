package io.mm2dr.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Prints how long a render takes with a reused Templar (no assertion on time). */
class TemplarPerformanceTest extends TemplarTestSupport {

    @Test
    void repeatedRendersAreCheap() {
        Map<String, Object> vars = map("a", "x", "b", "y");
        for (int i = 0; i < 5_000; i++) {
            templar.template("{{ a }}-{{ b | upper }}", vars, TemplateContext.NONE);
        }
        int n = 10_000;
        long start = System.nanoTime();
        Object last = null;
        for (int i = 0; i < n; i++) {
            last = templar.template("{{ a }}-{{ b | upper }}", vars, TemplateContext.NONE);
        }
        double msEach = (System.nanoTime() - start) / 1e6 / n;
        System.out.printf("Templar: %d renders of \"{{ a }}-{{ b | upper }}\": %.4f ms each%n", n, msEach);
        assertEquals("x-Y", last);
    }
}
