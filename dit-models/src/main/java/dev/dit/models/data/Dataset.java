package dev.dit.models.data;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * An immutable labelled classification dataset: {@code n} samples of {@code d} features each,
 * stored row-major, with integer labels in {@code [0, numClasses)}.
 *
 * <p>Every sample has the logical shape {@link #sampleShape()} (for instance {@code {d}} for
 * tabular data or {@code {1, 28, 28}} for greyscale images); the product of the shape is
 * {@code d}. The constructor validates everything: consistent lengths, labels in range, one
 * class name per class and finite features.
 */
public final class Dataset {

    private final String name;
    private final double[] features;
    private final int[] labels;
    private final int[] sampleShape;
    private final int numClasses;
    private final List<String> classNames;
    private final int featureCount;
    private volatile String fingerprint;

    /**
     * Creates a dataset, copying the arrays.
     *
     * @param name        a human-readable name, e.g. the spec it was loaded from
     * @param features    row-major {@code n × d} features, all finite
     * @param labels      {@code n} labels in {@code [0, numClasses)}
     * @param sampleShape the shape of one sample; its product is {@code d}
     * @param numClasses  number of classes, at least 2 (2 means a binary task)
     * @param classNames  one name per class
     * @throws IllegalArgumentException if any of the above does not hold; a non-finite feature
     *                                  is reported with its row and column
     */
    public Dataset(String name, double[] features, int[] labels, int[] sampleShape, int numClasses,
                   List<String> classNames) {
        this(name, features.clone(), labels.clone(), sampleShape.clone(), numClasses, classNames, true);
    }

    private Dataset(String name, double[] features, int[] labels, int[] sampleShape, int numClasses,
                    List<String> classNames, boolean checkFeatures) {
        if (name == null || features == null || labels == null || sampleShape == null || classNames == null) {
            throw new IllegalArgumentException("dataset arguments must not be null");
        }
        this.name = name;
        this.featureCount = checkShape(sampleShape);
        if (numClasses < 2) {
            throw new IllegalArgumentException("dataset '" + name + "': numClasses must be at least 2, was " + numClasses);
        }
        if (classNames.size() != numClasses) {
            throw new IllegalArgumentException("dataset '" + name + "': " + classNames.size()
                    + " class names given for " + numClasses + " classes");
        }
        if ((long) labels.length * featureCount != features.length) {
            throw new IllegalArgumentException("dataset '" + name + "': " + features.length
                    + " feature values do not make " + labels.length + " rows of " + featureCount);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("dataset '" + name + "': label of row " + i + " is "
                        + labels[i] + ", outside [0, " + numClasses + ")");
            }
        }
        if (checkFeatures) {
            for (int k = 0; k < features.length; k++) {
                if (!Double.isFinite(features[k])) {
                    throw new IllegalArgumentException("dataset '" + name + "': feature at row " + (k / featureCount)
                            + ", column " + (k % featureCount) + " is " + features[k] + " (must be finite)");
                }
            }
        }
        this.features = features;
        this.labels = labels;
        this.sampleShape = sampleShape;
        this.numClasses = numClasses;
        this.classNames = List.copyOf(classNames);
    }

    /**
     * Creates a dataset that takes over the arrays instead of copying them, with the same checks as
     * the constructor: for loaders that build the arrays themselves, where a copy would double the
     * memory of a large dataset (60 000 images are 376 MB of doubles). The caller hands the arrays
     * over and must not touch them again.
     *
     * @param name        a human-readable name
     * @param features    row-major {@code n × d} features, all finite
     * @param labels      {@code n} labels in {@code [0, numClasses)}
     * @param sampleShape the shape of one sample; its product is {@code d}
     * @param numClasses  number of classes, at least 2
     * @param classNames  one name per class
     * @return the dataset, backed by {@code features} and {@code labels}
     * @throws IllegalArgumentException as the constructor
     */
    public static Dataset wrap(String name, double[] features, int[] labels, int[] sampleShape, int numClasses,
                        List<String> classNames) {
        return new Dataset(name, features, labels, sampleShape, numClasses, classNames, true);
    }

    /** Class names "0", "1", ..., for data whose classes have no names. */
    static List<String> numberedClassNames(int numClasses) {
        List<String> names = new ArrayList<>(numClasses);
        for (int c = 0; c < numClasses; c++) {
            names.add(Integer.toString(c));
        }
        return names;
    }

    private static int checkShape(int[] shape) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("sampleShape must have at least one dimension");
        }
        long product = 1;
        for (int s : shape) {
            if (s <= 0) {
                throw new IllegalArgumentException("sampleShape dimensions must be positive: " + Arrays.toString(shape));
            }
            product *= s;
            if (product > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("sampleShape too large: " + Arrays.toString(shape));
            }
        }
        return (int) product;
    }

    /** @return the name given at construction */
    public String name() {
        return name;
    }

    /** @return the number of samples {@code n} */
    public int size() {
        return labels.length;
    }

    /** @return the number of features per sample {@code d} (the product of the sample shape) */
    public int featureCount() {
        return featureCount;
    }

    /** @return a copy of the shape of one sample */
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /** @return the number of classes */
    public int numClasses() {
        return numClasses;
    }

    /** @return whether this is a two-class task */
    public boolean isBinary() {
        return numClasses == 2;
    }

    /** @return the class names, index {@code c} naming label {@code c} (unmodifiable) */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * @param i sample index in {@code [0, size())}
     * @return the label of sample {@code i}
     */
    public int label(int i) {
        return labels[i];
    }

    /** @return a copy of all labels */
    public int[] labels() {
        return labels.clone();
    }

    /**
     * @param i sample index
     * @param j feature index in {@code [0, featureCount())}
     * @return feature {@code j} of sample {@code i}
     */
    public double feature(int i, int j) {
        if (j < 0 || j >= featureCount) {
            throw new IndexOutOfBoundsException("feature index " + j + " outside [0, " + featureCount + ")");
        }
        return features[i * featureCount + j];
    }

    /** @return a copy of all features, row-major {@code n × d} */
    public double[] features() {
        return features.clone();
    }

    /**
     * Copies the features of sample {@code i} into {@code dst[off .. off + d)}.
     *
     * @param i   sample index
     * @param dst destination array
     * @param off offset in {@code dst}
     */
    public void copyRow(int i, double[] dst, int off) {
        if (i < 0 || i >= labels.length) {
            throw new IndexOutOfBoundsException("row " + i + " outside [0, " + labels.length + ")");
        }
        System.arraycopy(features, i * featureCount, dst, off, featureCount);
    }

    /**
     * @param indices sample indices, each in {@code [0, size())}; repeats are allowed
     * @return a dataset of the selected samples in the given order, with the same name, shape
     *         and classes
     */
    public Dataset subset(int[] indices) {
        double[] f = new double[Math.multiplyExact(indices.length, featureCount)];
        int[] y = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= labels.length) {
                throw new IndexOutOfBoundsException("subset index " + i + " (position " + k + ") outside [0, "
                        + labels.length + ")");
            }
            System.arraycopy(features, i * featureCount, f, k * featureCount, featureCount);
            y[k] = labels[i];
        }
        return new Dataset(name, f, y, sampleShape, numClasses, classNames, false);
    }

    /**
     * @param newLabels {@code size()} labels in {@code [0, numClasses)}
     * @return a dataset with the same features and the given labels
     */
    public Dataset withLabels(int[] newLabels) {
        if (newLabels.length != labels.length) {
            throw new IllegalArgumentException("withLabels: " + newLabels.length + " labels for " + labels.length + " samples");
        }
        return new Dataset(name, features, newLabels.clone(), sampleShape, numClasses, classNames, false);
    }

    /**
     * @param newFeatures row-major {@code n × d} features
     * @return a dataset with the given features and the same labels, shape and classes
     */
    Dataset withFeatures(double[] newFeatures) {
        return new Dataset(name, newFeatures, labels, sampleShape, numClasses, classNames, true);
    }

    /**
     * A content hash, stable across runs and JVMs: the lowercase hex SHA-256 of, in order and
     * big-endian, the sample count, the number of shape dimensions, each dimension, the number of
     * classes, the IEEE-754 bits of every feature ({@link Double#doubleToLongBits}) and every
     * label. The name and class names are not included.
     *
     * @return 64 lowercase hex digits
     */
    public String fingerprint() {
        String fp = fingerprint;
        if (fp == null) {
            fp = computeFingerprint();
            fingerprint = fp;
        }
        return fp;
    }

    private String computeFingerprint() {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required on every Java platform", e);
        }
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        buf.putInt(labels.length).putInt(sampleShape.length);
        for (int s : sampleShape) {
            buf.putInt(s);
        }
        buf.putInt(numClasses);
        for (double v : features) {
            if (buf.remaining() < Long.BYTES) {
                flush(sha, buf);
            }
            buf.putLong(Double.doubleToLongBits(v));
        }
        for (int y : labels) {
            if (buf.remaining() < Integer.BYTES) {
                flush(sha, buf);
            }
            buf.putInt(y);
        }
        flush(sha, buf);
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void flush(MessageDigest sha, ByteBuffer buf) {
        buf.flip();
        sha.update(buf);
        buf.clear();
    }

    @Override
    public String toString() {
        return "Dataset[" + name + ", n=" + size() + ", shape=" + Arrays.toString(sampleShape)
                + ", classes=" + classNames + "]";
    }
}
