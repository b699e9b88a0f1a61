package dev.dit.cli.experiment;

import java.util.List;

/**
 * The rules that turn the reproduction's numbers into a verdict per claim of the DIT paper
 * (method.md §7). Each rule is written out in {@code RULE_*}, the text the report prints next to
 * the verdict, and implemented in the method below it; both take the mean over seeds and its 95 %
 * interval (an interval is used only where it makes a verdict stricter, never to let a noisy cell pass) ({@link SeedStats}) of one dataset × model cell. A claim's verdicts over cells are
 * combined by {@link #combine} (claims 1–3) or {@link #best} (claim 4, which says "up to").
 */
final class ClaimRules {
    /** A verdict. */
    enum Verdict {
        REPRODUCED("reproduced"), PARTLY("partly"), NOT_REPRODUCED("not reproduced");

        final String label;

        Verdict(String label) {
            this.label = label;
        }
    }

    /** The paper's pattern shares (%): stable, early, late, fluctuating (method.md §7, claim 1). */
    static final double[] PAPER_SHARES = {66.6, 10.3, 20.6, 2.5};
    /** How far (percentage points) a pattern's share may be from the paper's. */
    static final double SHARE_TOLERANCE = 5.0;
    /** |Kendall τ| below this is "weak" (claim 2). */
    static final double WEAK_TAU = 0.3;
    /** The correlation the paper reports at best (claim 4). */
    static final double PAPER_CORRELATION = 0.99;
    /** Claim 4 is reproduced only if the interval's lower end is at least this. */
    static final double CONFIDENT_CORRELATION = 0.95;
    /** A mean correlation at least this high makes claim 4 "partly". */
    static final double HIGH_CORRELATION = 0.9;

    static final String RULE_PATTERNS = "Reproduced if, for each of the four patterns, our mean share is within 5 percentage "
            + "points of the paper's; partly if not, but Stable Influencer is our largest mean share as in the paper; not "
            + "reproduced otherwise. (A wide interval never helps a claim: it is shown, not used.)";
    static final String RULE_STAGES = "Weak = the 95% interval of Kendall tau (early vs late third) lies inside (-0.3, 0.3). "
            + "Reproduced if weak under both definitions G and L; partly if weak under one, or if the mean |tau| is below 0.3 "
            + "under at least one; not reproduced otherwise.";
    static final String RULE_DETECTION = "d = precision@k of DIT-G on the convergence window (last K epochs) minus that of "
            + "DIT-G on the full run, per seed. Reproduced if the 95% interval of d lies above 0 at every flip rate; partly if "
            + "the mean d is above 0 at one rate or more; not reproduced otherwise.";
    static final String RULE_CORRELATION = "DIT vs exact leave-one-out, Pearson r, definition G, full window. Reproduced if the "
            + "95% interval reaches 0.99 and its lower end is at least 0.95; partly if the mean is at least 0.9; not reproduced "
            + "otherwise.";
    static final String RULE_COMBINE = "Over dataset x model cells: reproduced if every cell is, not reproduced if no cell is "
            + "reproduced or partly, partly otherwise.";
    static final String RULE_BEST = "Over dataset x model cells (the paper says 'up to'): the best cell's verdict.";

    private ClaimRules() {
    }

    /**
     * Claim 1.
     *
     * @param shares per pattern (stable, early, late, fluctuating), our share in % over seeds
     */
    static Verdict patterns(SeedStats[] shares) {
        boolean all = true;
        for (int p = 0; p < PAPER_SHARES.length; p++) {
            all &= Math.abs(shares[p].mean() - PAPER_SHARES[p]) <= SHARE_TOLERANCE;
        }
        if (all) {
            return Verdict.REPRODUCED;
        }
        for (int p = 1; p < shares.length; p++) {
            if (!(shares[0].mean() > shares[p].mean())) {
                return Verdict.NOT_REPRODUCED;
            }
        }
        return Verdict.PARTLY;
    }

    /**
     * Claim 2.
     *
     * @param global Kendall τ early vs late under G
     * @param local the same under L
     */
    static Verdict stages(SeedStats global, SeedStats local) {
        boolean g = weak(global);
        boolean l = weak(local);
        if (g && l) {
            return Verdict.REPRODUCED;
        }
        if (g || l || Math.abs(global.mean()) < WEAK_TAU || Math.abs(local.mean()) < WEAK_TAU) {
            return Verdict.PARTLY;
        }
        return Verdict.NOT_REPRODUCED;
    }

    private static boolean weak(SeedStats tau) {
        return tau.lo() > -WEAK_TAU && tau.hi() < WEAK_TAU;
    }

    /**
     * Claim 3.
     *
     * @param differences per flip rate, precision@k of the convergence window minus the full run's
     */
    static Verdict detection(List<SeedStats> differences) {
        boolean all = !differences.isEmpty();
        boolean any = false;
        for (SeedStats d : differences) {
            all &= d.lo() > 0;
            any |= d.mean() > 0;
        }
        return all ? Verdict.REPRODUCED : any ? Verdict.PARTLY : Verdict.NOT_REPRODUCED;
    }

    /**
     * Claim 4.
     *
     * @param pearson DIT-G vs leave-one-out on the full window
     */
    static Verdict correlation(SeedStats pearson) {
        if (pearson.hi() >= PAPER_CORRELATION && pearson.lo() >= CONFIDENT_CORRELATION) {
            return Verdict.REPRODUCED;
        }
        return pearson.mean() >= HIGH_CORRELATION ? Verdict.PARTLY : Verdict.NOT_REPRODUCED;
    }

    /** Claims 1–3 over cells: see {@link #RULE_COMBINE}. */
    static Verdict combine(List<Verdict> cells) {
        if (!cells.isEmpty() && cells.stream().allMatch(v -> v == Verdict.REPRODUCED)) {
            return Verdict.REPRODUCED;
        }
        return cells.stream().allMatch(v -> v == Verdict.NOT_REPRODUCED) ? Verdict.NOT_REPRODUCED : Verdict.PARTLY;
    }

    /** Claim 4 over cells: see {@link #RULE_BEST}. */
    static Verdict best(List<Verdict> cells) {
        return cells.stream().min(Enum::compareTo).orElse(Verdict.NOT_REPRODUCED);
    }
}
