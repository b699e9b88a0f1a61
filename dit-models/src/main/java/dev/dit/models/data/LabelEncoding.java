package dev.dit.models.data;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Maps label strings to classes 0..K-1: the distinct values sorted numerically if all are
 * integers, otherwise as strings; class {@code c} is named by its original value.
 */
final class LabelEncoding {

    private final List<String> classNames;
    private final Map<String, Integer> index;

    private LabelEncoding(List<String> classNames) {
        this.classNames = List.copyOf(classNames);
        this.index = new HashMap<>();
        for (int c = 0; c < classNames.size(); c++) {
            index.put(classNames.get(c), c);
        }
    }

    static LabelEncoding of(List<String> values) {
        boolean allIntegers = values.stream().allMatch(v -> v.matches("[+-]?\\d+"));
        Comparator<String> order = allIntegers
                ? Comparator.comparing((String v) -> new BigInteger(v)).thenComparing(Comparator.naturalOrder())
                : Comparator.naturalOrder();
        TreeSet<String> distinct = new TreeSet<>(order);
        distinct.addAll(values);
        return new LabelEncoding(new ArrayList<>(distinct));
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
