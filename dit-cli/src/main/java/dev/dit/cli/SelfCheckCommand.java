package dev.dit.cli;

import dev.dit.autodiff.check.SelfCheck;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dit selfcheck}: the engine's exact derivatives against finite differences. */
@Command(name = "selfcheck", mixinStandardHelpOptions = true,
        description = "Check gradients, Hessian-vector products and per-sample directional derivatives "
                + "on random small models against central finite differences. Exits 1 if an error exceeds the tolerance.")
public final class SelfCheckCommand implements Callable<Integer> {
    @Option(names = "--json", arity = "0..1", fallbackValue = "-", paramLabel = "FILE|-",
            description = "Write the result as JSON to FILE, or to standard output instead of the table when FILE is '-' or left out.")
    Path json;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of the random models (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--tolerance", defaultValue = "1e-6", paramLabel = "TOL", converter = Converters.PositiveNumber.class,
            description = "Largest accepted relative error (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Mixin
    QuietOption output;

    @Override
    public Integer call() {
        SelfCheck.Result r = SelfCheck.run(seed);
        boolean ok = r.passes(tolerance);
        if (json != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("gradient_max_rel_err", r.gradientMaxRelErr());
            m.put("hvp_max_rel_err", r.hvpMaxRelErr());
            m.put("directional_max_rel_err", r.directionalMaxRelErr());
            m.put("backend", r.backend());
            m.put("tolerance", tolerance);
            m.put("passed", ok);
            m.put("models", r.rows());
            Json.writeOrPrint(json, m);
        }
        if (!Json.isStdout(json) && !output.quiet) {
            System.out.printf(Locale.ROOT, "%-20s %6s %14s %14s %14s %14s%n", "model", "params", "gradient", "hvp",
                    "directional", "symmetry");
            for (SelfCheck.Row row : r.rows()) {
                System.out.printf(Locale.ROOT, "%-20s %6d %14.2e %14.2e %14.2e %14.2e%n", row.model(), row.parameters(),
                        row.gradientRelErr(), row.hvpRelErr(), row.directionalRelErr(), row.symmetryRelErr());
            }
            System.out.printf(Locale.ROOT, "kernels: %s; max relative errors: gradient %.2e, hvp %.2e, directional %.2e -> %s%n",
                    r.backend(), r.gradientMaxRelErr(), r.hvpMaxRelErr(), r.directionalMaxRelErr(),
                    ok ? "PASS" : "FAIL (tolerance " + tolerance + ")");
        }
        if (!ok) {
            System.err.printf(Locale.ROOT, "dit: error: selfcheck failed: a relative error is above the tolerance %s"
                    + " (gradient %.2e, hvp %.2e, directional %.2e)%n", tolerance, r.gradientMaxRelErr(), r.hvpMaxRelErr(),
                    r.directionalMaxRelErr());
        }
        return ok ? 0 : DitCommand.EXIT_FAILED;
    }
}
