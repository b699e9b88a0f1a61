/**
 * Agreement metrics between two influence rankings (for example a DIT estimate and leave-one-out
 * ground truth): Pearson, Spearman and Kendall correlations, top-k overlap, retrieval metrics
 * (precision@k, recall@k, ROC-AUC, precision/recall curves) and seeded bootstrap percentile
 * intervals for any of them.
 *
 * <p>Conventions shared by the package:
 * <ul>
 *   <li>Inputs are plain aligned arrays: element {@code i} of every array refers to training sample
 *       {@code i}. Arrays are never modified.</li>
 *   <li>Ranking direction is explicit ({@link dev.dit.influence.metrics.Direction}); the project
 *       convention is {@link dev.dit.influence.metrics.Direction#LOWEST_FIRST}: the most negative
 *       score is the most harmful sample and is ranked first.</li>
 *   <li>Ties in a ranking are broken by sample index (lower index first), so results are
 *       deterministic.</li>
 *   <li>Statistics that are undefined for the data (too few samples, a constant vector, a
 *       non-finite value, no positives) are {@link java.lang.Double#NaN}, never an exception.
 *       Exceptions are reserved for programming errors such as arrays of different lengths or
 *       {@code k} outside {@code [1, n]}.</li>
 * </ul>
 */
package dev.dit.influence.metrics;
