package dev.dit.models.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Loads a labelled image dataset from a pair of IDX files in the MNIST format: an images file
 * (magic {@code 0x00000803}, dimensions count × rows × columns, unsigned bytes) and a labels file
 * (magic {@code 0x00000801}, unsigned bytes). Either file may be gzipped; this is detected from
 * its first two bytes, not its name. Pixels are scaled from 0..255 to [0, 1]; samples have
 * shape {@code {1, rows, cols}}.
 */
public final class IdxLoader {

    private IdxLoader() {
    }

    /**
     * Loads all images with their labels. The number of classes is the largest label plus one
     * (at least 2) and the classes are named by their numbers.
     *
     * @param imagesFile IDX images file, raw or gzipped
     * @param labelsFile IDX labels file, raw or gzipped
     * @return the dataset, named {@code idx:IMAGES,LABELS}
     * @throws DataFormatException on a missing file, wrong magic number, truncated or oversized
     *                             data, images and labels of different counts, or a labels file
     *                             whose labels are all the same (a one-class problem is no
     *                             classification task)
     */
    public static Dataset load(Path imagesFile, Path labelsFile) {
        IdxPair pair = IdxPair.read(imagesFile, labelsFile);
        int distinct = pair.distinctLabels();
        if (distinct < 2) {
            throw new DataFormatException(labelsFile + ": " + (distinct == 0 ? "holds no labels"
                    : "every label is " + pair.label(0)) + "; a classification task needs at least 2 classes");
        }
        int numClasses = Math.max(2, pair.maxLabel() + 1);
        int[] identity = new int[numClasses];
        for (int c = 0; c < numClasses; c++) {
            identity[c] = c;
        }
        return IdxPair.toDataset("idx:" + imagesFile + "," + labelsFile, List.of(pair), identity,
                Dataset.numberedClassNames(numClasses));
    }
}
