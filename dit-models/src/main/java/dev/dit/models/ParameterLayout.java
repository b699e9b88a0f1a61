package dev.dit.models;

import java.util.List;

/**
 * Where each parameter tensor lives in the flat vector θ: tensors in creation order, each
 * row-major, contiguous, at its offset. Dense weights are {@code [in, out]} (the layer computes
 * {@code x · W + b}); convolution weights are {@code [out channels, in channels, kh, kw]}.
 */
public record ParameterLayout(List<Entry> entries, int size) {

    /** One parameter tensor. {@code fanIn} is used for initialisation. */
    public record Entry(String name, int[] shape, int offset, int fanIn) {
        /** {@return the number of elements} */
        public int length() {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /**
     * Copies {@code entries}.
     *
     * @param entries the tensors, in θ order
     * @param size the total number of parameters
     */
    public ParameterLayout {
        entries = List.copyOf(entries);
    }

    /**
     * The entry with this name.
     *
     * @param name the tensor's name
     * @return its entry
     * @throws IllegalArgumentException if there is none
     */
    public Entry entry(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no parameter named " + name));
    }
}
