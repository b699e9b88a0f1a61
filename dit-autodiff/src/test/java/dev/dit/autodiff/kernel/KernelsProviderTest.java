package dev.dit.autodiff.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class KernelsProviderTest {

    @Test
    void defaultIsVectorWhenTheModuleIsPresent() {
        // Surefire runs with --add-modules jdk.incubator.vector and no dit.kernels override.
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        assertEquals("vector", KernelsProvider.get().name());
        assertSame(KernelsProvider.get(), KernelsProvider.vector());
        assertTrue(KernelsProvider.describe().startsWith("kernels=vector ("), KernelsProvider.describe());
        assertTrue(KernelsProvider.describe().contains("doubles/vector"), KernelsProvider.describe());
    }

    @Test
    void plainIsAlwaysThere() {
        assertEquals("plain", KernelsProvider.plain().name());
    }

    @Test
    void missingImplementationIsReportedNotThrown() {
        Availability missing = Availability.load("dev.dit.autodiff.kernel.NoSuchKernels", () -> null);
        assertFalse(missing.kernels().isPresent());
        assertTrue(missing.reason().contains("ClassNotFoundException"), missing.reason());

        Availability vetoed = Availability.load("dev.dit.autodiff.kernel.VectorKernels", () -> "no module");
        assertFalse(vetoed.kernels().isPresent());
        assertEquals("no module", vetoed.reason());
    }

    @Test
    void selfCheckRejectsWrongKernels() {
        assertTrue(SelfCheck.passes(new PlainKernels()));
        Kernels broken = new Kernels() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                             double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc) {
                // forgets to compute anything
            }

            @Override
            public double dot(int n, double[] x, int xOff, double[] y, int yOff) {
                return 0;
            }

            @Override
            public void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
            }

            @Override
            public void adamAdjoint(int n, AdamStep step, double[] m0, int m0Off, double[] m1, int m1Off,
                                    double[] v1, int v1Off, double[] lTheta, double[] u, double[] w, double[] gamma) {
            }
        };
        assertFalse(SelfCheck.passes(broken));
    }

    @Test
    void jblasDetectionNeverThrows() {
        Optional<Kernels> jblas = KernelsProvider.jblasIfAvailable();
        assertSame(jblas.isPresent(), KernelsProvider.jblasIfAvailable().isPresent());
        jblas.ifPresent(k -> assertEquals("jblas", k.name()));
    }
}
