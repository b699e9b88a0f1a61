package dev.dit.cli.report;

import dev.dit.models.io.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Renders a chart to PNG bytes and writes them atomically. */
final class Png {

    private Png() {
    }

    static void write(Chart<?, ?> chart, Path target) {
        byte[] bytes;
        try {
            bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + target + ": " + e.getMessage(), e);
        }
        AtomicFile.write(target, out -> out.write(bytes));
    }
}
