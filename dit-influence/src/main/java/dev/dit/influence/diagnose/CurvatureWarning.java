package dev.dit.influence.diagnose;

import java.util.List;
import java.util.Locale;

/** The one-line warning of the curvature monitor when η·λ_max exceeded the stability limit. */
public final class CurvatureWarning {
    private CurvatureWarning() {
    }

    /**
     * The warning, or null when every monitored step was within its limit.
     *
     * @param points the monitored points
     * @return e.g. "eta*lambda_max exceeded the stability limit 2 at 26 of 40 monitored steps (first at
     *         step 30, largest 4.7 at step 120): the linearised influence may not be trusted there
     *         (dit diagnose; method.md §9)"
     */
    public static String of(List<Curvature.Point> points) {
        Curvature.Point first = null;
        Curvature.Point worst = null;
        int count = 0;
        for (Curvature.Point p : points) {
            if (!p.unstable()) {
                continue;
            }
            count++;
            first = first == null ? p : first;
            worst = worst == null || p.etaLambdaMax() / p.limit() > worst.etaLambdaMax() / worst.limit() ? p : worst;
        }
        if (count == 0) {
            return null;
        }
        return String.format(Locale.ROOT, "eta*lambda_max exceeded the optimizer's stability limit %s at %d of %d"
                + " monitored steps (first at step %d; largest %.3g at step %d): the linearised influence may not be"
                + " trusted there (see curvature.csv, dit diagnose, docs/method.md §9)",
                new java.math.BigDecimal(String.format(Locale.ROOT, "%.4g", worst.limit())).stripTrailingZeros()
                        .toPlainString(), count,
                points.size(), first.step(), worst.etaLambdaMax(), worst.step());
    }
}
