package dev.dit.models.data;

import java.nio.file.Path;
import java.util.Set;

/**
 * Loads a dataset pool from a one-line spec {@code KIND[:ARGS]}. The pool is everything the
 * source offers; a {@link Splitter} then draws train, validation and test sets from it.
 *
 * <table>
 * <caption>Spec syntax</caption>
 * <tr><th>spec</th><th>pool</th></tr>
 * <tr><td>{@code fashion-mnist}</td><td>all 70,000 Fashion-MNIST images, 10 classes: the official
 *     training file (60,000) followed by the test file (10,000), read from {@code dataDir} or
 *     {@link FashionMnist#DEFAULT_DIR}</td></tr>
 * <tr><td>{@code fashion-mnist:pullover,coat}</td><td>the listed classes only (at least two),
 *     relabelled in the order listed; training images first, then test images (14,000 for a
 *     pair). Names as in {@link FashionMnist#classIndex(String)}</td></tr>
 * <tr><td>{@code fashion-mnist-mini} or {@code fashion-mnist-mini:pullover,coat}</td><td>the
 *     900-image pullover-versus-coat subset bundled in the jar ({@link BundledFashionMnist});
 *     {@code fashion-mnist-mini:coat,pullover} swaps the labels</td></tr>
 * <tr><td>{@code idx:IMAGES,LABELS}</td><td>an IDX image/label file pair ({@link IdxLoader})</td></tr>
 * <tr><td>{@code csv:PATH} or {@code csv:PATH:label=COL}</td><td>a CSV file with header; COL
 *     is the label column's name or 0-based index, default {@code label} ({@link CsvLoader})</td></tr>
 * <tr><td>{@code blobs[:n=600,d=10,k=2,sep=2.0,seed=0]}</td><td>Gaussian blobs
 *     ({@link Synthetic#blobs}); any option may be left out, the defaults are shown</td></tr>
 * <tr><td>{@code moons[:n=600,noise=0.2,seed=0]}</td><td>two moons ({@link Synthetic#moons});
 *     defaults shown</td></tr>
 * </table>
 *
 * <p>Paths in {@code idx} and {@code csv} specs are resolved against the working directory;
 * {@code dataDir} only applies to {@code fashion-mnist}.
 */
public final class DataSpec {

    private DataSpec() {
    }

    /**
     * @param spec            a spec as in the class documentation
     * @param dataDirOrNull   Fashion-MNIST directory, or {@code null} for the default
     * @return the dataset pool
     * @throws IllegalArgumentException if the spec is malformed (unknown kind, option or class)
     * @throws DataFormatException      if a file is missing or malformed
     */
    public static Dataset load(String spec, Path dataDirOrNull) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty data spec; " + kinds());
        }
        String s = spec.trim();
        int colon = s.indexOf(':');
        String kind = colon < 0 ? s : s.substring(0, colon);
        String args = colon < 0 ? null : s.substring(colon + 1);
        switch (kind) {
            case "fashion-mnist":
                return FashionMnist.load(args, dataDirOrNull, FashionMnist.Part.ALL);
            case "fashion-mnist-mini":
                return BundledFashionMnist.load(args);
            case "idx":
                return idx(spec, args);
            case "csv":
                return csv(spec, args);
            case "blobs": {
                SpecOptions o = SpecOptions.parse(spec, args, Set.of("n", "d", "k", "sep", "seed"));
                return Synthetic.blobs(o.getInt("n", 600), o.getInt("d", 10), o.getInt("k", 2),
                        o.getDouble("sep", 2.0), o.getLong("seed", 0));
            }
            case "moons": {
                SpecOptions o = SpecOptions.parse(spec, args, Set.of("n", "noise", "seed"));
                return Synthetic.moons(o.getInt("n", 600), o.getDouble("noise", 0.2), o.getLong("seed", 0));
            }
            default:
                throw new IllegalArgumentException("unknown data spec kind '" + kind + "' in '" + spec + "'; " + kinds());
        }
    }

    private static Dataset idx(String spec, String args) {
        String[] files = args == null ? new String[0] : args.split(",", -1);
        if (files.length != 2 || files[0].isBlank() || files[1].isBlank()) {
            throw new IllegalArgumentException("spec '" + spec + "': expected idx:IMAGES_PATH,LABELS_PATH");
        }
        return IdxLoader.load(Path.of(files[0].trim()), Path.of(files[1].trim()));
    }

    private static Dataset csv(String spec, String args) {
        if (args == null || args.isBlank()) {
            throw new IllegalArgumentException("spec '" + spec + "': expected csv:PATH or csv:PATH:label=COLUMN");
        }
        int at = args.lastIndexOf(":label=");
        String path = at < 0 ? args : args.substring(0, at);
        String label = at < 0 ? null : args.substring(at + ":label=".length()).trim();
        if (path.isBlank() || (label != null && label.isEmpty())) {
            throw new IllegalArgumentException("spec '" + spec + "': expected csv:PATH or csv:PATH:label=COLUMN");
        }
        return CsvLoader.load(Path.of(path), label);
    }

    private static String kinds() {
        return "expected one of: fashion-mnist[:CLASS,CLASS,...], fashion-mnist-mini[:pullover,coat],"
                + " idx:IMAGES,LABELS, csv:PATH[:label=COLUMN], blobs[:n=N,d=D,k=K,sep=S,seed=SEED],"
                + " moons[:n=N,noise=SIGMA,seed=SEED]";
    }
}
