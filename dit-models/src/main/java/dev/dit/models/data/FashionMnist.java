package dev.dit.models.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fashion-MNIST (Zalando Research, MIT licence): 28×28 greyscale images of 10 clothing classes,
 * 60,000 training and 10,000 test images, read from the four IDX files installed by the Debian
 * package {@code dataset-fashion-mnist} into {@value #DEFAULT_DIR_NAME}
 * ({@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz},
 * {@code t10k-images-idx3-ubyte.gz}, {@code t10k-labels-idx1-ubyte.gz}; uncompressed files
 * without {@code .gz} are accepted too).
 *
 * <p>A class selection such as {@code "pullover,coat"} keeps only those classes and renumbers
 * them in the order listed, so the first listed class becomes label 0. Class names are matched
 * case-insensitively; see {@link #CLASS_NAMES} and {@link #classIndex(String)} for aliases.
 */
public final class FashionMnist {

    /** Where the Debian package {@code dataset-fashion-mnist} installs the files. */
    public static final String DEFAULT_DIR_NAME = "/usr/share/datasets/fashion-mnist";

    /** {@link #DEFAULT_DIR_NAME} as a path. */
    public static final Path DEFAULT_DIR = Path.of(DEFAULT_DIR_NAME);

    /** Canonical class names; index = original Fashion-MNIST label. */
    public static final List<String> CLASS_NAMES = List.of("t-shirt/top", "trouser", "pullover", "dress", "coat",
            "sandal", "shirt", "sneaker", "bag", "ankle-boot");

    /** Number of images per class in the official training file. */
    public static final int TRAIN_PER_CLASS = 6000;

    /** Number of images per class in the official test file. */
    public static final int TEST_PER_CLASS = 1000;

    private static final Map<String, Integer> ALIASES = Map.of(
            "tshirt", 0, "t-shirt", 0, "top", 0, "t-shirt/top", 0, "tshirt/top", 0,
            "ankle_boot", 9, "boot", 9, "ankleboot", 9, "ankle boot", 9);

    /** Which official file(s) to read. */
    public enum Part {
        /** The 60,000-image training file. */
        TRAIN,
        /** The 10,000-image test file. */
        TEST,
        /** The training file followed by the test file. */
        ALL
    }

    private FashionMnist() {
    }

    /**
     * Loads Fashion-MNIST.
     *
     * @param classes comma-separated class names (at least two, no repeats), or {@code null} or
     *                blank for all 10 classes with their original labels
     * @param dataDir directory holding the IDX files, or {@code null} for {@link #DEFAULT_DIR}
     * @param part    which official file(s) to read; {@link Part#ALL} puts the training images
     *                first, then the test images
     * @return the dataset, named {@code fashion-mnist} or {@code fashion-mnist:CLASS,CLASS,...}
     *         with canonical class names, samples of shape {@code {1, 28, 28}}
     * @throws IllegalArgumentException if a class name is unknown (the message lists the valid ones)
     * @throws DataFormatException      if the directory or a file is missing or malformed
     */
    public static Dataset load(String classes, Path dataDir, Part part) {
        int[] selected = parseClasses(classes);
        Path dir = dataDir == null ? DEFAULT_DIR : dataDir;
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException("Fashion-MNIST directory " + dir + " does not exist: install the Debian package"
                    + " (apt-get install dataset-fashion-mnist) or pass --data-dir DIR pointing to a directory with"
                    + " train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and"
                    + " t10k-labels-idx1-ubyte.gz");
        }
        List<IdxPair> parts = new ArrayList<>(2);
        if (part != Part.TEST) {
            parts.add(IdxPair.read(find(dir, "train-images-idx3-ubyte"), find(dir, "train-labels-idx1-ubyte")));
        }
        if (part != Part.TRAIN) {
            parts.add(IdxPair.read(find(dir, "t10k-images-idx3-ubyte"), find(dir, "t10k-labels-idx1-ubyte")));
        }
        return select(name("fashion-mnist", classes == null || classes.isBlank() ? null : selected), parts, selected);
    }

    /**
     * Resolves a class name to its original Fashion-MNIST label.
     *
     * @param name a canonical name from {@link #CLASS_NAMES} or an alias ({@code tshirt},
     *             {@code t-shirt}, {@code top}, {@code ankle_boot}, {@code boot}), any case
     * @return the label in 0..9
     * @throws IllegalArgumentException if the name is unknown; the message lists the valid names
     */
    public static int classIndex(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        int i = CLASS_NAMES.indexOf(key);
        if (i >= 0) {
            return i;
        }
        Integer alias = ALIASES.get(key);
        if (alias != null) {
            return alias;
        }
        throw new IllegalArgumentException("unknown Fashion-MNIST class '" + name + "'; valid names: "
                + String.join(", ", CLASS_NAMES) + " (aliases: tshirt, t-shirt, top, ankle_boot, boot)");
    }

    /**
     * Parses a comma-separated class list to original labels in the listed order.
     *
     * @param classes class names, or {@code null}/blank for all ten in order
     * @return the original labels; position = new label
     */
    static int[] parseClasses(String classes) {
        if (classes == null || classes.isBlank()) {
            int[] all = new int[CLASS_NAMES.size()];
            for (int c = 0; c < all.length; c++) {
                all[c] = c;
            }
            return all;
        }
        String[] names = classes.split(",", -1);
        int[] selected = new int[names.length];
        for (int k = 0; k < names.length; k++) {
            selected[k] = classIndex(names[k]);
            for (int j = 0; j < k; j++) {
                if (selected[j] == selected[k]) {
                    throw new IllegalArgumentException("Fashion-MNIST class '" + CLASS_NAMES.get(selected[k])
                            + "' listed twice in '" + classes + "'");
                }
            }
        }
        if (selected.length < 2) {
            throw new IllegalArgumentException("a Fashion-MNIST task needs at least two classes, got '" + classes + "'");
        }
        return selected;
    }

    /** Keeps the samples of the selected original labels, relabelled by their position. */
    static Dataset select(String name, List<IdxPair> parts, int[] selected) {
        int[] classMap = new int[256];
        Arrays.fill(classMap, -1);
        List<String> names = new ArrayList<>(selected.length);
        for (int k = 0; k < selected.length; k++) {
            classMap[selected[k]] = k;
            names.add(CLASS_NAMES.get(selected[k]));
        }
        return IdxPair.toDataset(name, parts, classMap, names);
    }

    /** {@code prefix} or {@code prefix:name,name,...} with canonical names. */
    static String name(String prefix, int[] selectedOrNull) {
        if (selectedOrNull == null) {
            return prefix;
        }
        List<String> names = new ArrayList<>();
        for (int c : selectedOrNull) {
            names.add(CLASS_NAMES.get(c));
        }
        return prefix + ":" + String.join(",", names);
    }

    private static Path find(Path dir, String base) {
        Path gz = dir.resolve(base + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path raw = dir.resolve(base);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        throw new DataFormatException(gz + ": file not found (nor " + raw + "); reinstall the Debian package"
                + " dataset-fashion-mnist or pass --data-dir DIR");
    }
}
