package dev.dit.influence.rundir;

import dev.dit.models.data.Dataset;
import dev.dit.models.io.AtomicFile;
import dev.dit.models.train.Trainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The two CSV files of a run directory: {@code corrupted.csv} and {@code training-log.csv}. */
final class CsvFiles {
    static final String CORRUPTED_HEADER = "index,original_label,new_label";
    static final String LOG_HEADER = "epoch,step,train_loss,train_acc,val_loss,val_acc";

    private CsvFiles() {
    }

    static void writeCorrupted(Path file, int[] indices, int[] originalLabels, Dataset train) {
        StringBuilder b = new StringBuilder(CORRUPTED_HEADER).append('\n');
        for (int k = 0; k < indices.length; k++) {
            b.append(indices[k]).append(',').append(originalLabels[k]).append(',').append(train.label(indices[k]))
                    .append('\n');
        }
        AtomicFile.writeString(file, b.toString());
    }

    static void writeLog(Path file, List<Trainer.EpochLog> log) {
        StringBuilder b = new StringBuilder(LOG_HEADER).append('\n');
        for (Trainer.EpochLog e : log) {
            b.append(e.epoch()).append(',').append(e.step()).append(',').append(e.trainLoss()).append(',')
                    .append(e.trainAccuracy()).append(',').append(e.valLoss()).append(',').append(e.valAccuracy())
                    .append('\n');
        }
        AtomicFile.writeString(file, b.toString());
    }

    /**
     * Reads {@code corrupted.csv}: returns {indices, original labels}. Checks that indices increase
     * and lie in the training set, labels are in range and differ, and the new label is the one
     * the training set holds.
     */
    static int[][] readCorrupted(Path dir, String rel, Dataset train) throws RunDirectoryException {
        List<String> lines;
        try {
            lines = Files.readAllLines(dir.resolve(rel), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RunDirectoryException(dir, rel, "cannot read: " + e, e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(CORRUPTED_HEADER)) {
            throw new RunDirectoryException(dir, rel, "first line must be '" + CORRUPTED_HEADER + "'");
        }
        int m = lines.size() - 1;
        int[] indices = new int[m];
        int[] original = new int[m];
        for (int k = 0; k < m; k++) {
            String where = "line " + (k + 2);
            String[] cells = lines.get(k + 1).split(",", -1);
            if (cells.length != 3) {
                throw new RunDirectoryException(dir, rel, where + ": expected 3 comma-separated integers");
            }
            int i;
            int was;
            int now;
            try {
                i = Integer.parseInt(cells[0]);
                was = Integer.parseInt(cells[1]);
                now = Integer.parseInt(cells[2]);
            } catch (NumberFormatException e) {
                throw new RunDirectoryException(dir, rel, where + ": expected 3 comma-separated integers", e);
            }
            if (i < 0 || i >= train.size() || (k > 0 && i <= indices[k - 1])) {
                throw new RunDirectoryException(dir, rel, where + ": index " + i
                        + " is out of range or not increasing");
            }
            if (was < 0 || was >= train.numClasses() || was == now || train.label(i) != now) {
                throw new RunDirectoryException(dir, rel, where + ": labels " + was + " -> " + now
                        + " do not match the training set (label " + train.label(i) + ")");
            }
            indices[k] = i;
            original[k] = was;
        }
        return new int[][] {indices, original};
    }
}
