package dev.dit.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * η_t of every schedule against hand-computed values and against PyTorch's closed forms
 * ({@code torch.optim.lr_scheduler}, written out here in the order PyTorch evaluates them), parsing
 * round trips and the specs that are refused.
 */
class LearningRateTest {
    private static final double ETA = 0.1;
    /** 3 epochs of 4 steps: T = 12. */
    private static final int[] EVEN = {0, 4, 8, 12};
    /** Uneven epochs (a short last batch does not change this; an epoch is its steps): T = 7. */
    private static final int[] UNEVEN = {0, 3, 5, 7};

    private static void near(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-15 * Math.max(1, Math.abs(expected)), what);
    }

    @Test
    void constantAndSqrtAreTheFormulasOfTheFirstRunsBitForBit() {
        double[] c = LearningRate.CONSTANT.rates(ETA, EVEN);
        double[] s = LearningRate.SQRT.rates(ETA, EVEN);
        for (int t = 0; t < 12; t++) {
            assertEquals(ETA, c[t], 0.0);
            assertEquals(ETA / Math.sqrt(t + 1.0), s[t], 0.0); // exactly the old expression
        }
        assertEquals(0.05, s[3], 0.0);
        for (int t = 0; t < 12; t++) {
            near(ETA * (1 / Math.sqrt(t + 1.0)), s[t], "LambdaLR(lambda t: 1 / sqrt(t + 1)), t=" + t);
        }
        near(0.1 / 3, s[8], "sqrt t=8");
    }

    @Test
    void stepMultipliesByGammaEveryEEpochs() {
        double[] r = LearningRate.parse("step:1,0.5").rates(ETA, EVEN);
        double[] hand = {0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.025};
        for (int t = 0; t < 12; t++) {
            near(hand[t], r[t], "step:1,0.5 t=" + t);
        }
        double[] two = LearningRate.parse("step:2,0.1").rates(ETA, UNEVEN);
        double[] hand2 = {0.1, 0.1, 0.1, 0.1, 0.1, 0.01, 0.01}; // epochs 0,0,0,1,1,2,2
        for (int t = 0; t < 7; t++) {
            near(hand2[t], two[t], "step:2,0.1 t=" + t);
        }
    }

    @Test
    void stepMatchesStepLrClosedFormSteppedPerEpoch() {
        // StepLR._get_closed_form_lr: base_lr * gamma ** (last_epoch // step_size), last_epoch = epoch
        for (String spec : new String[] {"step:1,0.9", "step:2,0.3", "step:3,0.77"}) {
            LearningRate.Step s = (LearningRate.Step) LearningRate.parse(spec);
            int[] bounds = {0, 5, 10, 15, 20, 25, 30, 35};
            double[] r = s.rates(0.37, bounds);
            for (int t = 0; t < 35; t++) {
                int epoch = t / 5;
                near(0.37 * Math.pow(s.gamma(), Math.floorDiv(epoch, s.epochs())), r[t], spec + " t=" + t);
            }
        }
    }

    @Test
    void cosineAnnealsOverTheWholeRunPerStep() {
        double[] r = LearningRate.parse("cosine").rates(ETA, EVEN);
        near(0.1, r[0], "t=0");
        near(0.1 * (1 + Math.sqrt(3) / 2) / 2, r[2], "t=2: cos(π/6) = √3/2");
        near(0.1 * (1 + Math.sqrt(0.5)) / 2, r[3], "t=3: cos(π/4) = √2/2");
        near(0.075, r[4], "t=4: cos(π/3) = 1/2");
        near(0.05, r[6], "t=6: cos(π/2) = 0");
        near(0.025, r[8], "t=8: cos(2π/3) = -1/2");
        near(0.1 * (1 - (Math.sqrt(6) + Math.sqrt(2)) / 4) / 2, r[11], "t=11: cos(11π/12) = -(√6+√2)/4");
        assertTrue(r[11] > 0, "the last step still moves");
        for (int t = 1; t < 12; t++) {
            assertTrue(r[t] < r[t - 1], "decreasing at " + t);
        }
    }

    @Test
    void cosineMatchesCosineAnnealingLrClosedForm() {
        // CosineAnnealingLR._get_closed_form_lr, eta_min = 0, T_max = T, last_epoch = t:
        // eta_min + (base_lr - eta_min) * (1 + math.cos(math.pi * last_epoch / T_max)) / 2
        int[] bounds = {0, 17, 34, 51, 68, 85, 100};
        double[] r = LearningRate.parse("cosine").rates(0.37, bounds);
        double etaMin = 0;
        for (int t = 0; t < 100; t++) {
            near(etaMin + (0.37 - etaMin) * (1 + Math.cos(Math.PI * t / 100)) / 2, r[t], "t=" + t);
        }
    }

    @Test
    void warmupRampsLinearlyOverTheFirstKStepsThenFollowsTheSchedule() {
        double[] c = LearningRate.parse("warmup:4").rates(ETA, EVEN);
        double[] hand = {0.025, 0.05, 0.075, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
        for (int t = 0; t < 12; t++) {
            near(hand[t], c[t], "warmup:4 t=" + t);
        }
        double[] cos = LearningRate.parse("warmup:4,cosine").rates(ETA, EVEN);
        double[] plain = LearningRate.parse("cosine").rates(ETA, EVEN);
        near(0.25 * 0.1, cos[0], "t=0");
        near(0.5 * 0.1 * (1 + (Math.sqrt(6) + Math.sqrt(2)) / 4) / 2, cos[1], "t=1: ½ × cos rate, cos(π/12)");
        near(0.75 * 0.1 * (1 + Math.sqrt(3) / 2) / 2, cos[2], "t=2");
        for (int t = 3; t < 12; t++) {
            assertEquals(plain[t], cos[t], 0.0, "after the warm-up the schedule itself, t=" + t);
        }
        double[] step = LearningRate.parse("warmup:4,step:1,0.5").rates(ETA, new int[] {0, 2, 4, 6});
        double[] hand3 = {0.025, 0.05, 0.0375, 0.05, 0.025, 0.025};
        for (int t = 0; t < 6; t++) {
            near(hand3[t], step[t], "warmup:4,step:1,0.5 t=" + t);
        }
        double[] sq = LearningRate.parse("warmup:3,sqrt").rates(ETA, EVEN);
        near(0.1 / 3, sq[0], "t=0");
        near(2.0 / 3 * 0.1 / Math.sqrt(2), sq[1], "t=1");
        near(0.1 / Math.sqrt(3), sq[2], "t=2");
    }

    @Test
    void warmupMatchesLinearLrChainedWithTheSchedule() {
        // LinearLR._get_closed_form_lr with start_factor = 1/K, end_factor = 1, total_iters = K-1:
        // base_lr * (start + (end - start) * min(total_iters, last_epoch) / total_iters), chained
        // (multiplied) with CosineAnnealingLR(T_max = T) stepped on the same clock.
        int k = 10;
        int[] bounds = {0, 25, 50, 75};
        double[] r = LearningRate.parse("warmup:" + k + ",cosine").rates(0.37, bounds);
        double start = 1.0 / k;
        for (int t = 0; t < 75; t++) {
            double linear = start + (1 - start) * Math.min(k - 1, t) / (k - 1);
            double cosine = (1 + Math.cos(Math.PI * t / 75)) / 2;
            near(0.37 * linear * cosine, r[t], "t=" + t);
        }
    }

    @Test
    void aWarmupLongerThanTheRunDoesNotFit() {
        LearningRate w = LearningRate.parse("warmup:13,cosine");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.rates(ETA, EVEN));
        assertEquals("the warm-up of 13 steps is longer than the run (12 steps); K counts optimizer steps, not epochs",
                e.getMessage());
        LearningRate.parse("warmup:12,cosine").checkFits(12);
        LearningRate.CONSTANT.checkFits(1);
    }

    @ParameterizedTest
    @CsvSource({
        "constant, constant",
        "none, constant",
        "' SQRT ', sqrt",
        "sqrt, sqrt",
        "cosine, cosine",
        "'step:10,0.5', 'step:10,0.5'",
        "'Step:3, 1', 'step:3,1.0'",
        "'step:2,1e-1', 'step:2,0.1'",
        "warmup:100, 'warmup:100,constant'",
        "'warmup:100,cosine', 'warmup:100,cosine'",
        "'WARMUP:5, step:2,0.25', 'warmup:5,step:2,0.25'",
        "'warmup:1,sqrt', 'warmup:1,sqrt'"
    })
    void specsParseToTheirCanonicalIdAndBack(String spec, String id) {
        LearningRate r = LearningRate.parse(spec);
        assertEquals(id, r.id());
        assertEquals(id, r.toString(), "help texts show the spec");
        assertEquals(r, LearningRate.parse(r.id()));
        assertEquals(r, LearningRate.fromId(r.id()));
    }

    @Test
    void theOldNamesAreTheOldConstantsAndReadStrictly() {
        assertSame(LearningRate.CONSTANT, LearningRate.parse("constant"));
        assertSame(LearningRate.SQRT, LearningRate.fromId("sqrt"));
        assertEquals(new LearningRate.Warmup(7, new LearningRate.Cosine()), LearningRate.parse("warmup:7,cosine"));
        assertThrows(IllegalArgumentException.class, () -> LearningRate.fromId("none"));
        assertThrows(IllegalArgumentException.class, () -> LearningRate.fromId("warmup:100"));
        assertThrows(IllegalArgumentException.class, () -> LearningRate.fromId("step:2,1"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|empty learning-rate schedule",
        "linear|unknown learning-rate schedule 'linear'",
        "step|step:E,GAMMA needs an epoch count E and a factor GAMMA",
        "step:2|step:E,GAMMA needs an epoch count E and a factor GAMMA",
        "step:2,0.5,3|step:E,GAMMA needs an epoch count E and a factor GAMMA",
        "step:0,0.5|step:E,GAMMA needs E >= 1 epochs (an integer), got '0'",
        "step:1.5,0.5|step:E,GAMMA needs E >= 1 epochs (an integer), got '1.5'",
        "step:2,0|step:E,GAMMA needs a factor GAMMA in (0, 1], got 0",
        "step:2,1.5|step:E,GAMMA needs a factor GAMMA in (0, 1], got 1.5",
        "step:2,nan|step:E,GAMMA needs a number GAMMA, got 'nan'",
        "step:2,x|step:E,GAMMA needs a number GAMMA, got 'x'",
        "cosine:5|cosine takes no parameters (it anneals over the whole run)",
        "sqrt:2|sqrt takes no parameters",
        "warmup|warmup:K needs a step count K, e.g. warmup:100,cosine",
        "warmup:|warmup:K needs K >= 1 steps (an integer), got ''",
        "warmup:0,cosine|warmup:K needs K >= 1 steps (an integer), got '0'",
        "warmup:x,cosine|warmup:K needs K >= 1 steps (an integer), got 'x'",
        "'warmup:3,'|warmup:K, needs a schedule after the comma, e.g. warmup:3,cosine",
        "'warmup:3,warmup:2,cosine'|only one warmup:K is allowed, at the start",
        "'warmup:3,foo'|unknown learning-rate schedule 'foo'"
    })
    void badSpecsAreRefusedSayingWhy(String spec, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LearningRate.parse(spec));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"constant", "sqrt", "step:1,0.5", "cosine", "warmup:5,cosine", "warmup:3,step:2,0.25"})
    void aTrainedRunRecordsTheScheduleRatesStepByStep(String spec) {
        dev.dit.models.data.Dataset data = dev.dit.models.data.DataSpec.load("blobs:n=40,d=3", null);
        dev.dit.models.Model model = new dev.dit.models.Model(dev.dit.models.ModelSpec.parse("logreg"),
                data.sampleShape(), data.numClasses());
        LearningRate r = LearningRate.parse(spec);
        TrainConfig cfg = TrainConfig.builder().epochs(3).batchSize(8).learningRate(0.2).schedule(r).l2(0).build();
        Trajectory t = Trainer.train(model, data, null, cfg, null).trajectory();
        int[] bounds = t.schedule().epochBoundaries();
        assertArrayEquals(new int[] {0, 5, 10, 15}, bounds);
        assertArrayEquals(r.rates(0.2, bounds), t.learningRates(), 0.0);
        double[] hand = new double[15];
        for (int s = 0; s < 15; s++) {
            hand[s] = expected(spec, s, s / 5);
        }
        assertArrayEquals(hand, t.learningRates(), 1e-15);
    }

    /** Written out independently of {@link LearningRate}, for a run of T = 15 steps in epochs of 5. */
    private static double expected(String spec, int t, int epoch) {
        double cos = 0.2 * (1 + Math.cos(Math.PI * t / 15)) / 2;
        switch (spec) {
            case "constant": return 0.2;
            case "sqrt": return 0.2 / Math.sqrt(t + 1);
            case "step:1,0.5": return 0.2 * Math.pow(0.5, epoch);
            case "cosine": return cos;
            case "warmup:5,cosine": return Math.min(1, (t + 1) / 5.0) * cos;
            case "warmup:3,step:2,0.25": return Math.min(1, (t + 1) / 3.0) * 0.2 * Math.pow(0.25, epoch / 2);
            default: throw new AssertionError(spec);
        }
    }
}
