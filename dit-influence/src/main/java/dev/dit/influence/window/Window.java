package dev.dit.influence.window;

/**
 * A half-open window of steps {@code [start, end)} with a label such as {@code epoch3} or {@code last}.
 *
 * @param label the name used in file headers and tables
 * @param start the first step, at least 0
 * @param end one past the last step, greater than {@code start}
 */
public record Window(String label, int start, int end) {
    /**
     * Checks that the window is not empty.
     *
     * @param label the name used in file headers and tables
     * @param start the first step, at least 0
     * @param end one past the last step, greater than {@code start}
     */
    public Window {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("window " + label + ": [" + start + ", " + end + ") is empty or negative");
        }
    }

    /** {@return the number of steps} */
    public int length() {
        return end - start;
    }

    /** {@return {@code label[start,end)}, as written in file headers} */
    @Override
    public String toString() {
        return label + "[" + start + "," + end + ")";
    }
}
