package dev.dit.cli;

import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Turns a bad flag value found after parsing (a spec that only the run or the data can check) into
 * a usage error, exit 2, whose message names the user's flag and value: {@code --query 'logit:99':
 * test point 99 outside [0, 20) ...}.
 */
final class Usage {
    private Usage() {
    }

    /**
     * Runs {@code parse}; an {@link IllegalArgumentException} from it (the libraries' answer to a
     * malformed spec) becomes a usage error naming {@code flag} and {@code value}. Other exceptions
     * (a missing or damaged file) pass unchanged: they are failed runs, not usage errors.
     */
    static <T> T check(CommandSpec spec, String flag, Object value, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw error(spec, flag, value, e.getMessage());
        }
    }

    /**
     * What the user typed for {@code flag} (its last occurrence), to quote it in a message; the parsed
     * value's text if the flag was not given (a default, or an alias that set the same field).
     */
    static String typed(CommandSpec spec, String flag, Object parsed) {
        CommandLine.Model.OptionSpec o = spec.findOption(flag);
        java.util.List<String> given = o == null ? java.util.List.of() : o.originalStringValues();
        return given.isEmpty() ? String.valueOf(parsed) : given.get(given.size() - 1);
    }

    /** A usage error {@code FLAG 'VALUE': WHY}. */
    static ParameterException error(CommandSpec spec, String flag, Object value, String why) {
        String v = String.valueOf(value);
        return new ParameterException(spec.commandLine(), flag + " '" + v + "': " + reason(v, why));
    }

    /**
     * The libraries repeat the spec at the start of their messages ({@code model spec 'mlp:x':
     * ...}); the flag already shows it, so that echo is dropped.
     */
    static String reason(String value, String message) {
        if (message == null || message.isBlank()) {
            return "invalid value";
        }
        String echo = "'" + value + "': ";
        int at = message.indexOf(echo);
        // Only a short lead-in such as "model spec " or "windows " is dropped, never real content.
        if (at >= 0 && at <= 24 && message.substring(0, at).chars().noneMatch(c -> c == '\'' || c == ':')) {
            return message.substring(at + echo.length());
        }
        return message;
    }

    /** The conversion error of a typed option: picocli adds the flag, {@link UsageErrorHandler} the layout. */
    static CommandLine.TypeConversionException conversion(String value, String why) {
        return new CommandLine.TypeConversionException("'" + value + "': " + reason(value, why));
    }
}
