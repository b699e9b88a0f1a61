package dev.dit.cli;

import dev.dit.influence.Run;
import dev.dit.influence.diagnose.SpotCheck;
import dev.dit.influence.diagnose.Trust;
import dev.dit.influence.diagnose.Verdict;
import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.io.InfluenceCsv;
import dev.dit.influence.query.Query;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The verdicts of {@code dit influence} as header lines, a printed summary and JSON. */
final class TrustOutput {
    /** The format tag of {@code dit influence --json}. */
    static final String FORMAT = "dit-influence-trust/1";

    private final Trust trust;
    private final int k;
    private final long seed;

    private final boolean diagnosed;

    private TrustOutput(Trust trust, int k, long seed, boolean diagnosed) {
        this.trust = trust;
        this.diagnosed = diagnosed;
        this.k = k;
        this.seed = seed;
    }

    /** Runs the spot check when {@code k > 0} and judges every window. */
    static TrustOutput of(Run run, Query query, InfluenceMatrix m, int k, long seed, int threads, java.nio.file.Path runDir,
                          boolean quiet) {
        // Curvature figures of dit diagnose, when it was run on this run (SGD only).
        dev.dit.influence.diagnose.Diagnosis diagnosis = DiagnosticsFile.read(runDir);
        SpotCheck.Options o = k > 0 ? new SpotCheck.Options(k, seed, threads, 1000) : null;
        Trust t;
        try (TerminalProgress bar = TerminalProgress.start("spot check", 1, "replays", quiet || k == 0)) {
            t = Trust.of(run, query, m, o, diagnosis, Verdict.Thresholds.defaults(), bar);
        }
        return new TrustOutput(t, k, seed, diagnosis != null);
    }

    Trust trust() {
        return trust;
    }

    /** The CSV header lines: the spot-check settings and the verdicts. */
    Map<String, String> header() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("validate", k > 0 ? "k=" + k + " seed=" + seed : "off");
        h.put("curvature", diagnosed ? DiagnoseCommand.DEFAULT_OUT : "none");
        h.putAll(InfluenceCsv.verdictHeader(trust.verdicts()));
        return h;
    }

    /** One line per window, then a count of each level. */
    String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("trust (docs/method.md section 10)").append(k > 0 ? ", spot check of " + k + " samples per window" : ", no spot check (--validate K)")
                .append(diagnosed ? ", curvature from " + DiagnoseCommand.DEFAULT_OUT : "")
                .append(":\n");
        int[] counts = new int[Verdict.Level.values().length];
        for (Verdict v : trust.verdicts()) {
            counts[v.level().ordinal()]++;
            sb.append(String.format(Locale.ROOT, "  %-12s %-10s %s%n", v.window().label(), v.level().id(), String.join("; ", v.reasons())));
        }
        sb.append("  summary:");
        for (Verdict.Level l : Verdict.Level.values()) {
            sb.append(' ').append(counts[l.ordinal()]).append(' ').append(l.id());
        }
        return sb.append('\n').toString();
    }

    /** The verdicts and spot checks as JSON fields. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        Verdict.Thresholds th = Verdict.Thresholds.defaults();
        m.put("validate", k);
        m.put("validate_seed", seed);
        m.put("curvature_from", diagnosed ? DiagnoseCommand.DEFAULT_OUT : null);
        m.put("thresholds", th);
        List<Map<String, Object>> ws = new ArrayList<>();
        for (int i = 0; i < trust.verdicts().size(); i++) {
            Verdict v = trust.verdicts().get(i);
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("window", v.window().label());
            w.put("start", v.window().start());
            w.put("end", v.window().end());
            w.put("verdict", v.level().id());
            w.put("reasons", v.reasons());
            if (!trust.spotChecks().isEmpty()) {
                w.put("spot_check", spotJson(trust.spotChecks().get(i)));
            }
            ws.add(w);
        }
        m.put("windows", ws);
        return m;
    }

    static Map<String, Object> spotJson(SpotCheck.Result s) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("n", s.n());
        r.put("pearson", finite(s.pearson()));
        r.put("pearson_ci_low", finite(s.interval().lo()));
        r.put("pearson_ci_high", finite(s.interval().hi()));
        r.put("secant_pearson", finite(s.secantPearson()));
        r.put("secant_gap", finite(s.secantGap()));
        r.put("scale_ratio", finite(s.scaleRatio()));
        r.put("samples", s.samples());
        r.put("estimate", s.estimate());
        r.put("loo", s.loo());
        r.put("secant", s.secant());
        return r;
    }

    /** JSON has no NaN: null instead. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
