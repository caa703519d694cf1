package io.redjay.persistence;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SavePointsTest {
    @Test
    void redisDefaultPoints() {
        SavePoints p = SavePoints.parse("3600 1 300 100 60 10000");
        assertTrue(p.any());
        assertEquals(-1, p.due(0, 100_000, true, 100_000), "no change, no save");
        assertEquals(-1, p.due(1, 3600, true, 3600), "strictly more than the seconds");
        assertEquals(0, p.due(1, 3601, true, 3601));
        assertEquals(1, p.due(100, 301, true, 301));
        assertEquals(2, p.due(10_000, 61, true, 61));
        assertEquals(-1, p.due(9_999, 61, true, 61));
    }

    @Test
    void aFailedSaveIsRetriedAfterFiveSeconds() {
        SavePoints p = SavePoints.parse("1 1");
        assertEquals(-1, p.due(5, 100, false, 5));
        assertEquals(0, p.due(5, 100, false, 6));
    }

    @Test
    void emptyMeansNone() {
        assertFalse(SavePoints.parse("").any());
        assertEquals(-1, SavePoints.parse("").due(1_000_000, 1_000_000, true, 1_000_000));
    }
}
