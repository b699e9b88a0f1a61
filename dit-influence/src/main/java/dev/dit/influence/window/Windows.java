package dev.dit.influence.window;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses window specs against a run's epoch boundaries (steps). A spec is a comma-separated list
 * of items:
 * <ul>
 *   <li>{@code full} — all T steps;</li>
 *   <li>{@code epochs} — one window per epoch ({@code epoch1} … {@code epochE});</li>
 *   <li>{@code first}, {@code middle}, {@code last} — the first, the middle ({@code ⌈E/2⌉}-th) and
 *       the last epoch;</li>
 *   <li>{@code last:E} — the last E epochs;</li>
 *   <li>{@code epochs:A-B} — epochs A to B inclusive (1-based), one window;</li>
 *   <li>{@code T1:T2} — raw steps {@code [T1, T2)}.</li>
 * </ul>
 */
public final class Windows {
    private Windows() {
    }

    /**
     * The windows of {@code spec} for a run with the given epoch boundaries.
     *
     * @param spec comma-separated: {@code full}, {@code epochs}, {@code first}, {@code middle}, {@code last},
     *     {@code last:E}, {@code epochs:A-B} or raw steps {@code T1:T2}
     * @param epochBoundaries the run's epoch boundaries in steps (epochs + 1 values)
     * @return the windows, in the order given
     * @throws IllegalArgumentException naming the part of {@code spec} that is wrong
     */
    public static List<Window> parse(String spec, int[] epochBoundaries) {
        int epochs = epochBoundaries.length - 1;
        int steps = epochBoundaries[epochs];
        List<Window> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String raw : spec.split(",")) {
            String item = raw.trim();
            if (item.isEmpty()) {
                throw bad(spec, "empty item");
            }
            for (Window w : item(spec, item, epochBoundaries, epochs, steps)) {
                if (seen.add(w.toString())) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    private static List<Window> item(String spec, String item, int[] b, int epochs, int steps) {
        switch (item) {
            case "full":
                return List.of(new Window("full", 0, steps));
            case "epochs": {
                List<Window> ws = new ArrayList<>();
                for (int e = 0; e < epochs; e++) {
                    ws.add(new Window("epoch" + (e + 1), b[e], b[e + 1]));
                }
                return ws;
            }
            case "first":
                return List.of(new Window("first", b[0], b[1]));
            case "middle": {
                int e = (epochs - 1) / 2;
                return List.of(new Window("middle", b[e], b[e + 1]));
            }
            case "last":
                return List.of(new Window("last", b[epochs - 1], b[epochs]));
            default:
                break;
        }
        if (item.startsWith("last:")) {
            int k = integer(spec, item.substring(5));
            if (k < 1 || k > epochs) {
                throw bad(spec, "last:" + k + " needs 1 <= E <= " + epochs + " epochs");
            }
            return List.of(new Window("last" + k, b[epochs - k], b[epochs]));
        }
        if (item.startsWith("epochs:")) {
            String[] ab = item.substring(7).split("-", -1);
            if (ab.length != 2) {
                throw bad(spec, "expected epochs:A-B");
            }
            int a = integer(spec, ab[0]);
            int c = integer(spec, ab[1]);
            if (a < 1 || c > epochs || a > c) {
                throw bad(spec, "epochs " + a + "-" + c + " outside 1-" + epochs + " or empty");
            }
            return List.of(new Window("epochs" + a + "-" + c, b[a - 1], b[c]));
        }
        if (item.contains(":")) {
            String[] tt = item.split(":", -1);
            if (tt.length != 2) {
                throw bad(spec, "unknown item '" + item + "'");
            }
            int t1 = integer(spec, tt[0]);
            int t2 = integer(spec, tt[1]);
            if (t1 < 0 || t2 > steps || t1 >= t2) {
                throw bad(spec, "steps " + t1 + ":" + t2 + " must satisfy 0 <= T1 < T2 <= " + steps);
            }
            return List.of(new Window("steps" + t1 + "-" + t2, t1, t2));
        }
        throw bad(spec, "unknown item '" + item + "'");
    }

    private static int integer(String spec, String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw bad(spec, "'" + s + "' is not an integer");
        }
    }

    private static IllegalArgumentException bad(String spec, String why) {
        return new IllegalArgumentException("windows '" + spec + "': " + why
                + " (accepted, comma-separated: full, epochs, first, middle, last, last:E, epochs:A-B, T1:T2)");
    }
}
