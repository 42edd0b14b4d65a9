package io.mm2dr.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * mirror_compare's progress line says how far the comparison is: records compared of those the
 * source holds, and partitions proven, instead of "0/0".
 */
class RestoreProgressTest {
    @Test
    void recordsComparedOfTheKnownTotalAndPartitionsProven() {
        assertEquals("compared 1,200 of 5,000 records (24%), 2 of 6 partitions the same on both sides", RestoreCheck.progressLine(1200, 5000, 2, 6));
        assertEquals("compared 0 of 0 records, 0 of 1 partitions the same on both sides", RestoreCheck.progressLine(0, 0, 0, 1),
                "no percentage of nothing");
        assertEquals("compared 5,000 of 5,000 records (100%), 6 of 6 partitions the same on both sides", RestoreCheck.progressLine(5000, 5000, 6, 6));
    }
}
