package dev.dit.models.data;

/**
 * A data file (or bundled resource) could not be read as the expected format. The message
 * always names the file and the place of the problem: a byte offset for binary files, a line
 * and column for text files.
 */
public class DataFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the file and the place
     */
    public DataFormatException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, naming the file and the place
     * @param cause   the underlying I/O or parse error
     */
    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
