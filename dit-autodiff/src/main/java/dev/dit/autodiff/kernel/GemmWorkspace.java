package dev.dit.autodiff.kernel;

/** Per-thread packing buffers, allocated once per thread at their maximum size. */
final class GemmWorkspace {
    private static final ThreadLocal<GemmWorkspace> LOCAL = ThreadLocal.withInitial(GemmWorkspace::new);

    final double[] packedA = new double[VectorGemm.MC * VectorGemm.KC];
    final double[] packedB = new double[VectorGemm.KC * VectorGemm.NC];
    final double[] tile = new double[MicroKernels.MR * MicroKernels.NR];

    private GemmWorkspace() {
    }

    static GemmWorkspace get() {
        return LOCAL.get();
    }
}
