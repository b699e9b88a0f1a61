package dev.dit.influence.diagnose;

/** A symmetric linear map {@code v ↦ A v} of ℝ^dim, known only through its products. */
@FunctionalInterface
public interface SymmetricOperator {
    /**
     * Computes {@code out = A v}.
     *
     * @param v the vector (not modified)
     * @param out receives {@code A v} (overwritten; never the same array as {@code v})
     */
    void apply(double[] v, double[] out);
}
