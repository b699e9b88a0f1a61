package dev.dit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dit.models.io.AtomicFile;
import java.nio.file.Path;

/** JSON output, pretty-printed, written atomically. */
public final class Json {
    /** The shared mapper (NaN is written as the JSON token NaN; readers of dit files accept it). */
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /**
     * The object as JSON text.
     *
     * @param value a record, map, list or value Jackson can serialise
     * @return the JSON text
     */
    public static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Writes the object to {@code file} atomically.
     *
     * @param file the file to create or replace
     * @param value a record, map, list or value Jackson can serialise
     */
    public static void write(Path file, Object value) {
        AtomicFile.writeString(file, text(value) + "\n");
    }

    /** Whether {@code file} is {@code -}, the command-line name of standard output. */
    static boolean isStdout(Path file) {
        return file != null && file.toString().equals("-");
    }

    /** Writes the object to {@code file} atomically, or to standard output when {@code file} is {@code -}. */
    static void writeOrPrint(Path file, Object value) {
        if (isStdout(file)) {
            System.out.println(text(value));
            System.out.flush();
        } else {
            write(file, value);
        }
    }
}
