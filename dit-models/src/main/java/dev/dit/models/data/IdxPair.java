package dev.dit.models.data;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * An IDX images file and its IDX labels file, checked to hold the same number of items, and
 * the conversion of one or more such pairs into a {@link Dataset}.
 */
final class IdxPair {

    final IdxFile images;
    final IdxFile labels;

    private IdxPair(IdxFile images, IdxFile labels) {
        if (images.dims[1] == 0 || images.dims[2] == 0) {
            throw new DataFormatException(images.source + ": byte offset 8: images have zero size "
                    + images.dims[1] + "x" + images.dims[2]);
        }
        if (images.count() != labels.count()) {
            throw new DataFormatException("count mismatch: images file " + images.source + " holds "
                    + images.count() + " images (byte offset 4) but labels file " + labels.source + " holds "
                    + labels.count() + " labels (byte offset 4)");
        }
        this.images = images;
        this.labels = labels;
    }

    static IdxPair read(Path imagesFile, Path labelsFile) {
        return new IdxPair(IdxFile.read(imagesFile, IdxFile.IMAGES_MAGIC), IdxFile.read(labelsFile, IdxFile.LABELS_MAGIC));
    }

    static IdxPair read(InputStream imagesIn, String imagesSource, InputStream labelsIn, String labelsSource) {
        return new IdxPair(IdxFile.read(imagesIn, imagesSource, IdxFile.IMAGES_MAGIC),
                IdxFile.read(labelsIn, labelsSource, IdxFile.LABELS_MAGIC));
    }

    int size() {
        return labels.count();
    }

    int label(int i) {
        return labels.unsigned(i);
    }

    int[] sampleShape() {
        return new int[] {1, images.dims[1], images.dims[2]};
    }

    /** The number of distinct labels in the file. */
    int distinctLabels() {
        boolean[] seen = new boolean[256];
        int count = 0;
        for (int i = 0; i < size(); i++) {
            if (!seen[label(i)]) {
                seen[label(i)] = true;
                count++;
            }
        }
        return count;
    }

    /** The largest label in the file, or -1 if it is empty. */
    int maxLabel() {
        int max = -1;
        for (int i = 0; i < size(); i++) {
            max = Math.max(max, label(i));
        }
        return max;
    }

    /**
     * Builds a dataset from the pairs in order, pixels scaled from 0..255 to [0, 1].
     *
     * @param classMap for each original label (0..255), its new label, or -1 to drop the sample;
     *                 original labels beyond the map's length are dropped
     */
    static Dataset toDataset(String name, List<IdxPair> parts, int[] classMap, List<String> classNames) {
        int[] shape = parts.get(0).sampleShape();
        for (IdxPair p : parts) {
            if (!Arrays.equals(shape, p.sampleShape())) {
                throw new DataFormatException(p.images.source + ": byte offset 8: image size " + p.sampleShape()[1] + "x"
                        + p.sampleShape()[2] + " differs from " + shape[1] + "x" + shape[2] + " in " + parts.get(0).images.source);
            }
        }
        int n = 0;
        for (IdxPair p : parts) {
            for (int i = 0; i < p.size(); i++) {
                n += newLabel(classMap, p.label(i)) >= 0 ? 1 : 0;
            }
        }
        int d = shape[1] * shape[2];
        double[] features = new double[Math.multiplyExact(n, d)];
        int[] y = new int[n];
        int row = 0;
        for (IdxPair p : parts) {
            for (int i = 0; i < p.size(); i++) {
                int c = newLabel(classMap, p.label(i));
                if (c < 0) {
                    continue;
                }
                y[row] = c;
                int src = i * d;
                int dst = row * d;
                for (int j = 0; j < d; j++) {
                    features[dst + j] = p.images.unsigned(src + j) / 255.0;
                }
                row++;
            }
        }
        return Dataset.wrap(name, features, y, shape, classNames.size(), classNames);
    }

    private static int newLabel(int[] classMap, int original) {
        return original < classMap.length ? classMap[original] : -1;
    }
}
