package dev.dit.cli;

import dev.dit.autodiff.check.SelfCheck;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dit selfcheck}: the engine's exact derivatives against finite differences. */
@Command(name = "selfcheck", mixinStandardHelpOptions = true,
        description = "Check gradients, Hessian-vector products and per-sample directional derivatives "
                + "on random small models against central finite differences. Exits 1 if an error exceeds the tolerance.")
public final class SelfCheckCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the random models (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--tolerance", defaultValue = "1e-6", description = "Largest accepted relative error (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Override
    public Integer call() {
        SelfCheck.Result r = SelfCheck.run(seed);
        boolean ok = r.passes(tolerance);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("gradient_max_rel_err", r.gradientMaxRelErr());
            m.put("hvp_max_rel_err", r.hvpMaxRelErr());
            m.put("directional_max_rel_err", r.directionalMaxRelErr());
            m.put("backend", r.backend());
            m.put("tolerance", tolerance);
            m.put("passed", ok);
            m.put("models", r.rows());
            System.out.println(Json.text(m));
        } else {
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
        return ok ? 0 : 1;
    }
}
