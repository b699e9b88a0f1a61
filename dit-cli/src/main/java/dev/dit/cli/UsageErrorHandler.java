package dev.dit.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Answers a usage error (an unknown flag, a missing or malformed value, a bad spec) with one line
 * on stderr that names the flag and points to the command's help, and exit code 2; picocli's
 * default would print the whole usage text.
 */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("dit: error: " + message(ex) + "; see '" + cmd.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return DitCommand.EXIT_USAGE;
    }

    /** picocli's message with the flag first ({@code --epochs 'x' is not an int}) and suggestions for a typo. */
    static String message(ParameterException ex) {
        String m = ex.getMessage() == null ? "invalid arguments" : ex.getMessage();
        m = m.replaceFirst("^Invalid value for option '([^']+)': ", "$1 ");
        if (m.length() > 1 && Character.isUpperCase(m.charAt(0)) && Character.isLowerCase(m.charAt(1))) {
            m = Character.toLowerCase(m.charAt(0)) + m.substring(1); // "Unknown option" reads as the rest of "dit: error: "
        }
        if (ex instanceof UnmatchedArgumentException u) {
            List<String> unmatched = u.getUnmatched();
            if (!u.isUnknownOption() && !unmatched.isEmpty() && !u.getCommandLine().getSubcommands().isEmpty()) {
                m = "unknown command '" + unmatched.get(0) + "'";
            }
            List<String> close = u.getSuggestions();
            if (!close.isEmpty()) {
                m += " (did you mean " + String.join(" or ", close) + "?)";
            }
        }
        return m;
    }
}
