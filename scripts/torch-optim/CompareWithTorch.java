import dev.dit.models.train.Optimizer;
import dev.dit.models.train.OptimizerSpec;
import dev.dit.models.train.OptimizerState;

/** Prints θ after 20 steps of each optimizer on a quadratic problem, for torch_optim_compare.py. */
public class CompareWithTorch {
    static final double[][] A = {{2.0, 0.5, 0.1}, {0.5, 1.0, -0.3}, {0.1, -0.3, 1.5}};
    static final double[] C = {1.0, -3.0, 0.5};
    public static void main(String[] args) {
        for (String spec : new String[] {"sgd", "momentum:0.9", "nesterov:0.9", "adam", "adamw:0.9,0.999,1e-8,0.1"}) {
            OptimizerSpec s = OptimizerSpec.parse(spec);
            double[] th = {0.3, -0.7, 0.2};
            OptimizerState st = new OptimizerState(s, 3);
            for (int t = 0; t < 20; t++) {
                double[] g = new double[3];
                for (int i = 0; i < 3; i++) { for (int k = 0; k < 3; k++) g[i] += A[i][k] * th[k]; g[i] -= C[i]; }
                Optimizer.apply(s, th, st, g, 0.05, 0.02);
            }
            System.out.printf("%s %.17g %.17g %.17g%n", spec, th[0], th[1], th[2]);
        }
    }
}
