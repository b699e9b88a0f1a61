package dev.dit.autodiff;

import java.util.Arrays;

/** Small helpers for int[] shapes. */
public final class Shapes {
    private Shapes() {
    }

    /**
     * Number of elements of a shape (1 for a scalar {@code []}).
     *
     * @param shape the dimensions
     * @return their product
     */
    public static int size(int... shape) {
        long s = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + str(shape));
            }
            s *= d;
        }
        if (s > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape too large: " + str(shape));
        }
        return (int) s;
    }

    /**
     * {@code [2, 3]} style text.
     *
     * @param shape the dimensions
     * @return the text
     */
    public static String str(int... shape) {
        return Arrays.toString(shape);
    }

    static boolean same(int[] a, int[] b) {
        return Arrays.equals(a, b);
    }
}
