package dev.dit.influence.metrics;

/**
 * Which end of a score scale is the top of a ranking.
 *
 * <p>The project convention is {@link #LOWEST_FIRST}: influence scores are signed so that the most
 * negative score is the most harmful sample, which is ranked first (and, in retrieval metrics, is
 * the most likely to be a "positive", for example a corrupted label).
 */
public enum Direction {
    /** The lowest (most negative) score is ranked first. */
    LOWEST_FIRST,
    /** The highest score is ranked first. */
    HIGHEST_FIRST;

    /**
     * Maps a score to a key such that ascending key order is this ranking order.
     *
     * @param score a score
     * @return {@code score} for {@link #LOWEST_FIRST}, {@code -score} for {@link #HIGHEST_FIRST}
     */
    public double key(double score) {
        return this == LOWEST_FIRST ? score : -score;
    }
}
