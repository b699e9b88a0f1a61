package dev.dit.influence.window;

/** A half-open window of steps {@code [start, end)} with a label such as {@code epoch3} or {@code last}. */
public record Window(String label, int start, int end) {
    public Window {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("window " + label + ": [" + start + ", " + end + ") is empty or negative");
        }
    }

    /** {@return the number of steps} */
    public int length() {
        return end - start;
    }

    /** {@code label[start,end)}, as written in file headers. */
    @Override
    public String toString() {
        return label + "[" + start + "," + end + ")";
    }
}
