package dev.dit.models.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A small Fashion-MNIST subset shipped inside the jar, so that examples and tests run without
 * the Debian package: pullover versus coat, 900 images of shape {@code {1, 28, 28}} in all.
 * The first {@value #TRAIN_POOL_SIZE} come from the official training file (300 of each class,
 * the first ones in file order), the last {@value #HELD_OUT_SIZE} from the official test file
 * (150 of each). Labels: pullover = 0, coat = 1 unless the classes are listed the other way
 * round. Resources: {@code fashion-mnist-mini-{train,test}-{images-idx3,labels-idx1}-ubyte.gz}
 * in this package, with {@code LICENSE-fashion-mnist.txt} (MIT, Copyright (c) 2017 Zalando SE);
 * they are made by {@code scripts/make-bundled-fashion-mnist.sh}.
 */
public final class BundledFashionMnist {

    /** Number of images taken from the official training file (the first ones in the pool). */
    public static final int TRAIN_POOL_SIZE = 600;

    /** Number of images taken from the official test file (the last ones in the pool). */
    public static final int HELD_OUT_SIZE = 300;

    /** The classes in the bundle, as original Fashion-MNIST labels (pullover, coat). */
    private static final int[] BUNDLED = {2, 4};

    private BundledFashionMnist() {
    }

    /**
     * Loads the bundle with pullover = 0 and coat = 1.
     *
     * @return the 900-image pool named {@code fashion-mnist-mini:pullover,coat}
     */
    public static Dataset load() {
        return load(null);
    }

    /**
     * Loads the bundle with the classes in the given order.
     *
     * @param classes {@code "pullover,coat"}, {@code "coat,pullover"}, or {@code null}/blank for
     *                the former
     * @return the 900-image pool, the first listed class labelled 0
     * @throws IllegalArgumentException if the classes are not exactly pullover and coat
     */
    public static Dataset load(String classes) {
        int[] selected = classes == null || classes.isBlank() ? BUNDLED : FashionMnist.parseClasses(classes);
        if (selected.length != 2 || !(contains(selected, BUNDLED[0]) && contains(selected, BUNDLED[1]))) {
            throw new IllegalArgumentException("the bundled Fashion-MNIST subset holds only pullover and coat, not '"
                    + classes + "'; use the spec fashion-mnist:" + classes + " with the Debian package dataset-fashion-mnist");
        }
        List<IdxPair> parts = new ArrayList<>(2);
        parts.add(readPair("fashion-mnist-mini-train"));
        parts.add(readPair("fashion-mnist-mini-test"));
        return FashionMnist.select(FashionMnist.name("fashion-mnist-mini", selected), parts, selected);
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    private static IdxPair readPair(String prefix) {
        String images = prefix + "-images-idx3-ubyte.gz";
        String labels = prefix + "-labels-idx1-ubyte.gz";
        try (InputStream in = open(images); InputStream lin = open(labels)) {
            return IdxPair.read(in, "resource " + images, lin, "resource " + labels);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = BundledFashionMnist.class.getResourceAsStream(resource);
        if (in == null) {
            throw new DataFormatException("resource " + resource + " not found next to "
                    + BundledFashionMnist.class.getName() + "; the jar is incomplete");
        }
        return in;
    }
}
