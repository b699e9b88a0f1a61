package dev.dit.autodiff;

/** A tensor shape does not fit an operation; the message names the operation and the shapes. */
public final class ShapeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    ShapeException(String op, String detail) {
        super(op + ": " + detail);
    }

    static ShapeException of(String op, String what, int[] a, int[] b) {
        return new ShapeException(op, what + " " + Shapes.str(a) + " and " + Shapes.str(b));
    }
}
