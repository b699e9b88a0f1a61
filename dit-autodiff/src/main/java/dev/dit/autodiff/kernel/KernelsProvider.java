package dev.dit.autodiff.kernel;

import java.util.Locale;
import java.util.Optional;

/**
 * Chooses the kernel implementation once per JVM and logs one line saying which, e.g.
 * {@code kernels=vector (AVX-512, 8 doubles/vector, 2 threads)}, through {@link System.Logger}
 * {@code dev.dit.autodiff.kernel.KernelsProvider} (level INFO; WARNING when a requested
 * implementation is unknown or unavailable), so that an embedding application decides where it goes.
 *
 * <p>The system property {@code dit.kernels=vector|plain|jblas} overrides the choice; by default
 * the vectorised kernels are used when the {@code jdk.incubator.vector} module is in the boot
 * layer (run with {@code --add-modules jdk.incubator.vector}) and pass a self-check, otherwise
 * the plain ones. The system property {@code dit.threads} sets the number of threads the kernels
 * may use (default: the available processors, at most 4); see {@link #setThreads(int)}.
 */
public final class KernelsProvider {
    /** System property selecting the implementation. */
    public static final String PROPERTY = "dit.kernels";

    private static final System.Logger LOG = System.getLogger(KernelsProvider.class.getName());
    private static final Kernels PLAIN = new PlainKernels();
    private static final Availability VECTOR = Availability.load("dev.dit.autodiff.kernel.VectorKernels",
            () -> ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                    ? null : "module jdk.incubator.vector is not in the boot layer (add --add-modules jdk.incubator.vector)");
    private static final Kernels INSTANCE = choose();

    private KernelsProvider() {
    }

    /** Loaded on first use only: loading jblas unpacks and links a native library. */
    private static final class Jblas {
        static final Availability JBLAS = Availability.load("dev.dit.autodiff.kernel.JblasKernels", () -> null);
    }

    /** {@return the kernels chosen for this JVM} */
    public static Kernels get() {
        return INSTANCE;
    }

    /** {@return the plain-Java kernels (always available)} */
    public static Kernels plain() {
        return PLAIN;
    }

    /**
     * The vectorised kernels.
     *
     * @return the Vector API kernels
     * @throws UnsupportedOperationException if the Vector API is missing or failed its self-check
     */
    public static Kernels vector() {
        return VECTOR.kernels().orElseThrow(() -> new UnsupportedOperationException(
                "vector kernels unavailable: " + VECTOR.reason()));
    }

    /** {@return the jblas kernels if jblas is on the class path and its native library loads; never throws} */
    public static Optional<Kernels> jblasIfAvailable() {
        return Jblas.JBLAS.kernels();
    }

    /**
     * {@return one line describing the chosen kernels, e.g. {@code kernels=vector (AVX-512, 8 doubles/vector, 2 threads)}}
     */
    public static String describe() {
        return "kernels=" + describe(INSTANCE);
    }

    /** {@return the configured kernel threads ({@code -Ddit.threads} or {@link #setThreads})} */
    public static int threads() {
        return KernelThreads.configuredThreads();
    }

    /**
     * Sets the threads the vector GEMM may use (results do not depend on it, only speed).
     *
     * @param n at least 1
     */
    public static void setThreads(int n) {
        KernelThreads.setThreads(n);
    }

    private static String describe(Kernels k) {
        if (k instanceof VectorKernels) {
            return k.name() + " (" + ((VectorKernels) k).describeHardware() + ")";
        }
        return k.name();
    }

    private static Kernels choose() {
        String wanted = System.getProperty(PROPERTY, "").trim().toLowerCase(Locale.ROOT);
        Kernels chosen;
        String note = "";
        switch (wanted) {
            case "plain":
                chosen = PLAIN;
                break;
            case "jblas":
                chosen = Jblas.JBLAS.kernels().orElse(null);
                break;
            case "":
            case "vector":
                chosen = VECTOR.kernels().orElse(null);
                break;
            default:
                chosen = null;
                note = " (unknown -D" + PROPERTY + "=" + wanted + ")";
        }
        if (chosen == null) {
            Availability missing = wanted.equals("jblas") ? Jblas.JBLAS : VECTOR;
            if (note.isEmpty() && !wanted.isEmpty()) {
                note = " (" + wanted + " unavailable: " + missing.reason() + ")";
            }
            chosen = VECTOR.kernels().orElse(PLAIN);
        }
        LOG.log(note.isEmpty() ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
                "kernels=" + describe(chosen) + note);
        return chosen;
    }
}
