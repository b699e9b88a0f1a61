package dev.dit.autodiff.kernel;

import java.util.logging.Logger;

/**
 * Chooses the kernel implementation once per JVM. (Placeholder: the vectorised implementation
 * and its detection land with the kernels work.)
 */
public final class KernelsProvider {
    private static final Logger LOG = Logger.getLogger(KernelsProvider.class.getName());
    private static final Kernels INSTANCE = choose();

    private KernelsProvider() {
    }

    /** The kernels chosen for this JVM. */
    public static Kernels get() {
        return INSTANCE;
    }

    private static Kernels choose() {
        Kernels k = new PlainKernels();
        LOG.fine(() -> "dit kernels: " + k.name());
        return k;
    }
}
