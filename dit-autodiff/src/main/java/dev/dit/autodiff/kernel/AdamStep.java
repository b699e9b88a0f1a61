package dev.dit.autodiff.kernel;

/**
 * The scalars of one Adam step that its transposed step needs (see
 * {@link Kernels#adamAdjoint}): with k the step count after the step,
 * {@code stepSize = η/(1 − β1^k)} and {@code invC2 = 1/√(1 − β2^k)}.
 *
 * @param stepSize η/(1 − β1^k)
 * @param invC2 1/√(1 − β2^k)
 * @param eps ε (added outside the square root)
 * @param beta1 β1
 * @param beta2 β2
 */
public record AdamStep(double stepSize, double invC2, double eps, double beta1, double beta2) {
}
