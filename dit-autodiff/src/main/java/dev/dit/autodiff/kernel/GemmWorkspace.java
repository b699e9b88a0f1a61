package dev.dit.autodiff.kernel;

/** Per-thread packing buffers, allocated once per thread at their maximum size. */
final class GemmWorkspace {
    private static final ThreadLocal<GemmWorkspace> LOCAL = ThreadLocal.withInitial(GemmWorkspace::new);

    final double[] packedA = new double[VectorGemm.MC * VectorGemm.KC];
    final double[] packedB = new double[VectorGemm.KC * VectorGemm.NC];
    final double[] tile = new double[MicroKernels.MAX_ROWS * MicroKernels.NR];
    /** Offsets of the A rows a micro-kernel reads in place. */
    final int[] rows = new int[MicroKernels.MAX_ROWS];
    /** The 16 accumulators of a {@link DotGemm} block, lane by lane. */
    final double[] lanes = new double[16 * jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length()];

    private GemmWorkspace() {
    }

    static GemmWorkspace get() {
        return LOCAL.get();
    }
}
