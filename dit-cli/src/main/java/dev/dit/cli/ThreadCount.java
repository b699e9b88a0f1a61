package dev.dit.cli;

import picocli.CommandLine;

/**
 * Thread counts: an option value below 1 is a usage error naming the option (picocli reports a
 * {@link CommandLine.TypeConversionException} with the option's name, exit 2), and so is a
 * {@code -Ddit.threads} system property below 1, which the kernels would otherwise quietly raise to 1.
 */
final class ThreadCount implements CommandLine.ITypeConverter<Integer> {
    /** The system property that sets the kernel threads (read by {@code dev.dit.autodiff.kernel}). */
    static final String PROPERTY = "dit.threads";

    @Override
    public Integer convert(String value) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number");
        }
        if (n < 1) {
            throw new CommandLine.TypeConversionException("must be at least 1, got " + n);
        }
        return n;
    }

    /**
     * Refuses a {@code -Ddit.threads} that is not a whole number of at least 1.
     *
     * @throws CommandLine.ParameterException a usage error naming the property
     */
    static void checkProperty(CommandLine cl) {
        String s = System.getProperty(PROPERTY);
        if (s == null) {
            return;
        }
        try {
            new ThreadCount().convert(s);
        } catch (CommandLine.TypeConversionException e) {
            throw new CommandLine.ParameterException(cl, "Invalid value for -D" + PROPERTY + "=" + s + ": "
                    + e.getMessage());
        }
    }
}
