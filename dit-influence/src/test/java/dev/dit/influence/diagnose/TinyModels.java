package dev.dit.influence.diagnose;

import dev.dit.models.Model;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/** Tiny seeded datasets and models, and explicit matrices built from operators, for the diagnostics tests. */
final class TinyModels {
    private TinyModels() {
    }

    /** n seeded samples of the given shape (features uniform in ±1.5) with seeded labels. */
    static Dataset data(int n, int[] shape, int classes, long seed) {
        int d = 1;
        for (int s : shape) {
            d *= s;
        }
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i * d + j] = 3 * r.nextDouble() - 1.5;
            }
            y[i] = r.nextInt(classes);
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("c" + c);
        }
        return new Dataset("tiny", x, y, shape, classes, names);
    }

    static Model model(String spec, int[] shape, int classes) {
        return new Model(ModelSpec.parse(spec), shape, classes);
    }

    static int[] range(int from, int to) {
        int[] b = new int[to - from];
        for (int i = from; i < to; i++) {
            b[i - from] = i;
        }
        return b;
    }

    /** The matrix of {@code op}, column by column from products with the unit vectors. */
    static DMatrixRMaj explicit(SymmetricOperator op, int dim) {
        DMatrixRMaj m = new DMatrixRMaj(dim, dim);
        double[] e = new double[dim];
        double[] col = new double[dim];
        for (int j = 0; j < dim; j++) {
            e[j] = 1;
            op.apply(e, col);
            e[j] = 0;
            for (int i = 0; i < dim; i++) {
                m.set(i, j, col[i]);
            }
        }
        return m;
    }

    /** Largest |a_ij − a_ji|. */
    static double asymmetry(DMatrixRMaj m) {
        double s = 0;
        for (int i = 0; i < m.numRows; i++) {
            for (int j = 0; j < i; j++) {
                s = Math.max(s, Math.abs(m.get(i, j) - m.get(j, i)));
            }
        }
        return s;
    }

    /** The eigenvalues of the symmetric part of {@code m}, descending (EJML). */
    static double[] eigenvaluesDescending(DMatrixRMaj m) {
        DMatrixRMaj s = new DMatrixRMaj(m.numRows, m.numCols);
        for (int i = 0; i < m.numRows; i++) {
            for (int j = 0; j < m.numCols; j++) {
                s.set(i, j, 0.5 * (m.get(i, j) + m.get(j, i)));
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(s.numRows, false, true);
        if (!eig.decompose(s)) {
            throw new AssertionError("EJML eigen-decomposition failed");
        }
        double[] v = new double[s.numRows];
        for (int i = 0; i < v.length; i++) {
            v[i] = eig.getEigenvalue(i).getReal();
        }
        java.util.Arrays.sort(v);
        double[] desc = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            desc[i] = v[v.length - 1 - i];
        }
        return desc;
    }
}
