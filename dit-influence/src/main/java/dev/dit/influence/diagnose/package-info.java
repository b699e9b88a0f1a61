/**
 * Diagnostics that say when DIT's first-order estimates can be trusted (issue 12): the top
 * eigenvalues of the batch Hessian along a recorded run ({@link dev.dit.influence.diagnose.Curvature},
 * by {@link dev.dit.influence.diagnose.Lanczos} on exact Hessian-vector products), the stability
 * figure η_t·λ_max(t), and the gain of each window's linear map
 * {@code Π_t (I − η_t (H_t + αI))} ({@link dev.dit.influence.diagnose.WindowGain}).
 * {@link dev.dit.influence.diagnose.Diagnosis} puts them together for a run.
 */
package dev.dit.influence.diagnose;
