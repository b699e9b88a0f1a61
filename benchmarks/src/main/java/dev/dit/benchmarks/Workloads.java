package dev.dit.benchmarks;

import dev.dit.models.Model;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.DataSpec;
import dev.dit.models.data.Dataset;

/**
 * The shapes every benchmark shares: 28×28 inputs (784 features), batch 64, f64, and the three
 * model families of the issue plus two layer lists. {@code logreg} is binary (one logit, BCE);
 * the others have 10 classes (softmax cross-entropy). Data are Gaussian blobs with a fixed seed.
 * A benchmark parameter names a layer list by a short name without commas (JMH's {@code -p}
 * splits values at commas): {@code resnet}, {@code resnet8}, {@code gelu-ln-mlp:64} and {@code cnn},
 * {@code cnn:8-16} or {@code cnn-8-16} (all three for {@code cnn:8,16}).
 */
final class Workloads {
    /** Batch size of every benchmark. */
    static final int BATCH = 64;
    /** Features per sample (28 × 28). */
    static final int FEATURES = 784;

    private Workloads() {
    }

    /** The small ResNet-style CNN of the layer-language issue. */
    static final String RESNET = "conv(4,3,pad=1),residual(conv(4,3,pad=1),relu,conv(4,3,pad=1)),relu,globalavgpool,dense";
    /** The same with 8 channels: the direct convolution with as many input as output channels. */
    static final String RESNET8 = "conv(8,3,pad=1),residual(conv(8,3,pad=1),relu,conv(8,3,pad=1)),relu,globalavgpool,dense";
    /** {@code mlp:64} with layer normalisation and GELU in place of ReLU. */
    static final String GELU_LN_MLP = "flatten,dense(64),layernorm,gelu,dense";

    /** The spec a benchmark parameter stands for. */
    static ModelSpec spec(String name) {
        switch (name) {
            case "resnet": return ModelSpec.parse(RESNET);
            case "resnet8": return ModelSpec.parse(RESNET8);
            case "gelu-ln-mlp:64": return ModelSpec.parse(GELU_LN_MLP);
            // JMH's -p splits values at commas, so cnn:8,16 goes by three comma-free names
            case "cnn": case "cnn:8-16": case "cnn-8-16": return ModelSpec.parse("cnn:8,16");
            default: return ModelSpec.parse(name);
        }
    }

    /** Number of classes used with {@code spec}: 2 for logistic regression, else 10. */
    static int classes(String spec) {
        return spec(spec).kind() == ModelSpec.Kind.LOGREG ? 2 : 10;
    }

    /** Sample shape used with {@code spec}: {@code [1,28,28]} for models with convolutions, else {@code [784]}. */
    static int[] sampleShape(String spec) {
        boolean image = spec(spec).layers().stream().anyMatch(l -> l.type().equals("conv"));
        return image ? new int[] {1, 28, 28} : new int[] {FEATURES};
    }

    /** The model for {@code spec} on 784-feature samples. */
    static Model model(String spec) {
        return new Model(spec(spec), sampleShape(spec), classes(spec));
    }

    /** {@code n} blob samples shaped for {@code spec}, drawn with {@code seed}. */
    static Dataset data(String spec, int n, long seed) {
        int k = classes(spec);
        Dataset flat = DataSpec.load("blobs:n=" + n + ",d=" + FEATURES + ",k=" + k + ",seed=" + seed, null);
        return new Dataset(flat.name(), flat.features(), flat.labels(), sampleShape(spec), k, flat.classNames());
    }

    /** {@code 0, 1, ..., n-1}. */
    static int[] range(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return idx;
    }

    /** A vector of {@code n} entries uniform in ±scale, from {@code seed}. */
    static double[] randomVector(int n, double scale, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * (2 * r.nextDouble() - 1);
        }
        return v;
    }
}
