package dev.dit.autodiff.kernel;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The outcome of loading an optional kernel implementation by class name: either the instance or
 * the reason it is unavailable. Loading never throws; any {@link Throwable} (missing class,
 * {@link UnsatisfiedLinkError}, failed self-check) becomes the reason.
 */
final class Availability {
    private final Kernels kernels;
    private final String reason;

    private Availability(Kernels kernels, String reason) {
        this.kernels = kernels;
        this.reason = reason;
    }

    /**
     * Loads {@code className} (a {@link Kernels} with a no-argument constructor) unless
     * {@code precondition} returns a reason not to.
     */
    static Availability load(String className, Supplier<String> precondition) {
        try {
            String veto = precondition.get();
            if (veto != null) {
                return new Availability(null, veto);
            }
            Kernels k = (Kernels) Class.forName(className).getDeclaredConstructor().newInstance();
            if (!SelfCheck.passes(k)) {
                return new Availability(null, k.name() + " failed its self-check");
            }
            return new Availability(k, null);
        } catch (Throwable t) { // NoClassDefFoundError, UnsatisfiedLinkError, ...: never fatal
            Throwable cause = t.getCause() != null ? t.getCause() : t;
            return new Availability(null, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
    }

    Optional<Kernels> kernels() {
        return Optional.ofNullable(kernels);
    }

    String reason() {
        return reason;
    }
}
