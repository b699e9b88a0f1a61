package dev.dit.models.data;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Maps label strings to classes 0..K-1. If every label is a decimal number, labels are classes by
 * value ({@code 1}, {@code 1.0}, {@code +1} and {@code 1e0} are one class), sorted numerically and
 * named by their shortest plain form ({@code 1}, {@code 0.5}); otherwise the distinct strings,
 * sorted as strings, are the classes and their names.
 */
final class LabelEncoding {

    /** A decimal number with at most a 3-digit exponent, so that its plain form stays short. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,3})?");

    private final List<String> classNames;
    /** Each raw label string's class. */
    private final Map<String, Integer> index;

    private LabelEncoding(List<String> classNames, Map<String, Integer> index) {
        this.classNames = List.copyOf(classNames);
        this.index = index;
    }

    static LabelEncoding of(List<String> values) {
        boolean numeric = !values.isEmpty() && values.stream().allMatch(v -> NUMBER.matcher(v).matches());
        return numeric ? byValue(values) : byString(values);
    }

    private static LabelEncoding byString(List<String> values) {
        List<String> names = new ArrayList<>(new TreeSet<>(values));
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < names.size(); c++) {
            index.put(names.get(c), c);
        }
        return new LabelEncoding(names, index);
    }

    private static LabelEncoding byValue(List<String> values) {
        Map<String, BigDecimal> valueOf = new LinkedHashMap<>();
        TreeMap<BigDecimal, Integer> classes = new TreeMap<>(); // compareTo: 1 and 1.0 are one key
        for (String v : values) {
            BigDecimal x = valueOf.computeIfAbsent(v, s -> new BigDecimal(s).stripTrailingZeros());
            classes.put(x, 0);
        }
        List<String> names = new ArrayList<>();
        for (Map.Entry<BigDecimal, Integer> e : classes.entrySet()) {
            e.setValue(names.size());
            names.add(e.getKey().signum() == 0 ? "0" : e.getKey().toPlainString());
        }
        Map<String, Integer> index = new HashMap<>();
        valueOf.forEach((s, x) -> index.put(s, classes.get(x)));
        return new LabelEncoding(names, index);
    }

    List<String> classNames() {
        return classNames;
    }

    int[] encode(List<String> values) {
        int[] y = new int[values.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = index.get(values.get(i));
        }
        return y;
    }
}
