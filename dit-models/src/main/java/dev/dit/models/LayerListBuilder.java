package dev.dit.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds a layer list in Java, the same lists as the layer language of {@link ModelSpec}:
 * <pre>{@code
 * ModelSpec resnet = ModelSpec.builder()
 *         .conv(4, 3, 1, 1)
 *         .residual(b -> b.conv(4, 3, 1, 1).relu().conv(4, 3, 1, 1))
 *         .relu().globalAvgPool().head()
 *         .build();   // conv(4,3,pad=1),residual(conv(4,3,pad=1),relu,conv(4,3,pad=1)),relu,globalavgpool,dense
 * }</pre>
 * Each method appends one layer; {@link #build()} checks that the list ends with the head.
 */
public final class LayerListBuilder {
    private final List<Layer> layers = new ArrayList<>();

    LayerListBuilder() {
    }

    private LayerListBuilder add(String type, Object... keyValues) {
        Map<String, Number> p = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put((String) keyValues[i], (Number) keyValues[i + 1]);
        }
        // through the text form, so that values are checked exactly as when parsed
        layers.add(LayerSyntax.parse(LayerSyntax.format(new Layer(type, p, List.of())), type).get(0));
        return this;
    }

    /**
     * A fully connected layer, {@code dense(units)}, on a flat input.
     *
     * @param units its width
     * @return this builder
     */
    public LayerListBuilder dense(int units) {
        return add("dense", "units", units);
    }

    /** {@return this builder, with the head appended: {@code dense} with one logit per class (one for two)} */
    public LayerListBuilder head() {
        layers.add(new Layer("dense", Map.of(), List.of()));
        return this;
    }

    /**
     * A convolution, {@code conv(channels,kernel)}, stride 1, no padding.
     *
     * @param channels output channels
     * @param kernel the side of the square kernel
     * @return this builder
     */
    public LayerListBuilder conv(int channels, int kernel) {
        return conv(channels, kernel, 1, 0);
    }

    /**
     * A convolution, {@code conv(channels,kernel,stride=s,pad=p)}.
     *
     * @param channels output channels
     * @param kernel the side of the square kernel
     * @param stride the step between receptive fields
     * @param pad zeros added on each border
     * @return this builder
     */
    public LayerListBuilder conv(int channels, int kernel, int stride, int pad) {
        return add("conv", "channels", channels, "kernel", kernel, "stride", stride, "pad", pad);
    }

    /**
     * Max-pooling with a k×k window and stride k.
     *
     * @param kernel the window's side
     * @return this builder
     */
    public LayerListBuilder maxPool(int kernel) {
        return maxPool(kernel, kernel);
    }

    /**
     * Max-pooling, {@code maxpool(kernel,stride)}.
     *
     * @param kernel the window's side
     * @param stride the step between windows
     * @return this builder
     */
    public LayerListBuilder maxPool(int kernel, int stride) {
        return add("maxpool", "kernel", kernel, "stride", stride);
    }

    /**
     * Average-pooling with a k×k window and stride k.
     *
     * @param kernel the window's side
     * @return this builder
     */
    public LayerListBuilder avgPool(int kernel) {
        return avgPool(kernel, kernel);
    }

    /**
     * Average-pooling, {@code avgpool(kernel,stride)}.
     *
     * @param kernel the window's side
     * @param stride the step between windows
     * @return this builder
     */
    public LayerListBuilder avgPool(int kernel, int stride) {
        return add("avgpool", "kernel", kernel, "stride", stride);
    }

    /** {@return this builder, with {@code globalavgpool} appended: the mean of each channel} */
    public LayerListBuilder globalAvgPool() {
        return add("globalavgpool");
    }

    /** {@return this builder, with {@code flatten} appended} */
    public LayerListBuilder flatten() {
        return add("flatten");
    }

    /** {@return this builder, with {@code layernorm} appended (per sample, ε = 1e-5, learned scale and shift)} */
    public LayerListBuilder layerNorm() {
        return add("layernorm");
    }

    /** {@return this builder, with {@code relu} appended} */
    public LayerListBuilder relu() {
        return add("relu");
    }

    /**
     * Leaky ReLU, {@code leaky_relu(slope)}.
     *
     * @param slope the slope for negative inputs
     * @return this builder
     */
    public LayerListBuilder leakyRelu(double slope) {
        return add("leaky_relu", "slope", slope);
    }

    /** {@return this builder, with {@code tanh} appended} */
    public LayerListBuilder tanh() {
        return add("tanh");
    }

    /** {@return this builder, with {@code sigmoid} appended} */
    public LayerListBuilder sigmoid() {
        return add("sigmoid");
    }

    /** {@return this builder, with {@code softplus} appended} */
    public LayerListBuilder softplus() {
        return add("softplus");
    }

    /** {@return this builder, with {@code gelu} (exact erf form) appended} */
    public LayerListBuilder gelu() {
        return add("gelu");
    }

    /**
     * ELU, {@code elu(alpha)}.
     *
     * @param alpha α (1 in PyTorch's default)
     * @return this builder
     */
    public LayerListBuilder elu(double alpha) {
        return add("elu", "alpha", alpha);
    }

    /**
     * A residual block {@code x + body(x)}; the body must keep the shape.
     *
     * @param body appends the body's layers to the builder it is given
     * @return this builder
     */
    public LayerListBuilder residual(Consumer<LayerListBuilder> body) {
        LayerListBuilder b = new LayerListBuilder();
        body.accept(b);
        if (b.layers.isEmpty()) {
            throw new IllegalArgumentException("residual: the body is empty");
        }
        layers.add(new Layer("residual", Map.of(), b.layers));
        return this;
    }

    /**
     * The spec.
     *
     * @return the layer list as a spec
     * @throws IllegalArgumentException if the list does not end with {@link #head()}
     */
    public ModelSpec build() {
        return ModelSpec.of(layers);
    }
}
