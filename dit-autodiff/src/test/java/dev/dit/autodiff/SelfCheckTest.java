package dev.dit.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.autodiff.check.SelfCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SelfCheckTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void everyModelMatchesFiniteDifferences(long seed) {
        SelfCheck.Result r = SelfCheck.run(seed);
        for (SelfCheck.Row row : r.rows()) {
            String msg = row.toString();
            assertTrue(row.gradientRelErr() < 1e-7, msg);
            assertTrue(row.hvpRelErr() < 1e-6, msg);
            assertTrue(row.directionalRelErr() < 1e-10, msg);
            assertTrue(row.symmetryRelErr() < 1e-10, msg);
            System.out.println(msg);
        }
        assertTrue(r.passes(1e-6));
    }
}
