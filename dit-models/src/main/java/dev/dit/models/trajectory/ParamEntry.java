package dev.dit.models.trajectory;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * One named parameter tensor inside the flat parameter vector θ: it occupies
 * {@code θ[offset .. offset + size())} in row-major order.
 */
@JsonPropertyOrder({"name", "shape", "offset"})
public final class ParamEntry {
    private final String name;
    private final int[] shape;
    private final int offset;
    private final int size;

    /**
     * @param name   parameter name, e.g. {@code "dense1.weight"}
     * @param shape  tensor shape; every dimension must be positive
     * @param offset position of the first element in θ
     */
    @JsonCreator
    public ParamEntry(@JsonProperty("name") String name, @JsonProperty("shape") int[] shape,
                      @JsonProperty("offset") int offset) {
        this.name = Objects.requireNonNull(name, "name");
        this.shape = Objects.requireNonNull(shape, "shape").clone();
        if (offset < 0) {
            throw new IllegalArgumentException("parameter " + name + ": negative offset " + offset);
        }
        long n = 1;
        for (int d : this.shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("parameter " + name + ": bad shape " + Arrays.toString(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("parameter " + name + ": too large " + Arrays.toString(shape));
            }
        }
        this.offset = offset;
        this.size = (int) n;
    }

    /** {@return the parameter's name} */
    @JsonProperty("name")
    public String name() {
        return name;
    }

    /** {@return a copy of the tensor shape} */
    @JsonProperty("shape")
    public int[] shape() {
        return shape.clone();
    }

    /** {@return the position of the first element in θ} */
    @JsonProperty("offset")
    public int offset() {
        return offset;
    }

    /** {@return the number of elements (product of the shape)} */
    public int size() {
        return size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParamEntry e && e.name.equals(name) && Arrays.equals(e.shape, shape) && e.offset == offset;
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + Arrays.hashCode(shape)) * 31 + offset;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + "@" + offset;
    }
}
