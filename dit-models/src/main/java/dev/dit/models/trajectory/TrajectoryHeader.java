package dev.dit.models.trajectory;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.dit.models.train.OptimizerSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything about a recorded SGD run except the per-step data: model, parameter layout, data set,
 * hyper-parameters, checkpoint spacing, step count and epoch boundaries. Immutable and validated on
 * construction (also when read from JSON). Contains no timestamps, so the same run gives the same
 * bytes. Build one with {@link #builder()}.
 *
 * <p>Checkpoints are stored for every step {@code t < numSteps} with {@code t % checkpointEvery == 0},
 * and for {@code numSteps} itself (the final parameters); see {@link #checkpointSteps()}.
 */
@JsonPropertyOrder({"formatVersion", "modelSpec", "parameters", "numParams", "datasetFingerprint", "numExamples",
        "hyperparameters", "checkpointEvery", "numSteps", "epochBoundaries", "ditVersion", "optimizer"})
public final class TrajectoryHeader {
    /**
     * The newest format version, written for runs of an optimizer other than plain SGD. Version 2
     * added the {@code optimizer} field and the optimizer state in every checkpoint. A plain-SGD run
     * is still written as version 1 (no such field, no state), so that its file is byte for byte
     * what earlier versions wrote; both versions are read.
     */
    public static final int FORMAT_VERSION = 2;
    /** The oldest format version this code reads: version 1 files are plain-SGD runs. */
    public static final int OLDEST_READABLE_VERSION = 1;

    private final String modelSpec;
    private final List<ParamEntry> parameters;
    private final int numParams;
    private final String datasetFingerprint;
    private final int numExamples;
    private final Hyperparameters hyperparameters;
    private final int checkpointEvery;
    private final int numSteps;
    private final int[] epochBoundaries;
    private final String ditVersion;
    private final OptimizerSpec optimizer;
    private final int sourceVersion;

    @JsonCreator
    TrajectoryHeader(@JsonProperty("formatVersion") int formatVersion,
                     @JsonProperty("modelSpec") String modelSpec,
                     @JsonProperty("parameters") List<ParamEntry> parameters,
                     @JsonProperty("numParams") int numParams,
                     @JsonProperty("datasetFingerprint") String datasetFingerprint,
                     @JsonProperty("numExamples") int numExamples,
                     @JsonProperty("hyperparameters") Hyperparameters hyperparameters,
                     @JsonProperty("checkpointEvery") int checkpointEvery,
                     @JsonProperty("numSteps") int numSteps,
                     @JsonProperty("epochBoundaries") int[] epochBoundaries,
                     @JsonProperty("ditVersion") String ditVersion,
                     @JsonProperty("optimizer") String optimizer) {
        require(formatVersion >= OLDEST_READABLE_VERSION && formatVersion <= FORMAT_VERSION,
                "unsupported formatVersion " + formatVersion);
        if (formatVersion == 1) {
            require(optimizer == null, "formatVersion 1 has no optimizer field");
            this.optimizer = OptimizerSpec.SGD;
        } else {
            require(optimizer != null, "optimizer is missing");
            this.optimizer = OptimizerSpec.parse(optimizer);
        }
        this.sourceVersion = formatVersion;
        this.modelSpec = Objects.requireNonNull(modelSpec, "modelSpec");
        this.parameters = List.copyOf(Objects.requireNonNull(parameters, "parameters"));
        this.numParams = numParams;
        this.datasetFingerprint = Objects.requireNonNull(datasetFingerprint, "datasetFingerprint");
        this.numExamples = numExamples;
        this.hyperparameters = Objects.requireNonNull(hyperparameters, "hyperparameters");
        this.checkpointEvery = checkpointEvery;
        this.numSteps = numSteps;
        this.epochBoundaries = Objects.requireNonNull(epochBoundaries, "epochBoundaries").clone();
        this.ditVersion = Objects.requireNonNull(ditVersion, "ditVersion");
        validateLayout();
        require(numExamples >= 1, "numExamples must be >= 1, got " + numExamples);
        require(checkpointEvery >= 1, "checkpointEvery must be >= 1, got " + checkpointEvery);
        require(numSteps >= 1, "numSteps must be >= 1, got " + numSteps);
        validateEpochs();
    }

    /** {@return a builder with no fields set} */
    public static Builder builder() {
        return new Builder();
    }

    private void validateLayout() {
        require(!parameters.isEmpty(), "parameter layout is empty");
        Set<String> names = new HashSet<>();
        long next = 0;
        for (ParamEntry e : parameters) {
            require(names.add(e.name()), "duplicate parameter name " + e.name());
            require(e.offset() == next, "parameter " + e.name() + " at offset " + e.offset()
                    + ", expected " + next + " (layout must be contiguous, in order)");
            next += e.size();
        }
        require(next == numParams, "numParams is " + numParams + " but the layout holds " + next);
    }

    private void validateEpochs() {
        int[] b = epochBoundaries;
        int epochs = hyperparameters.epochs();
        require(b.length == epochs + 1, "epochBoundaries needs epochs+1 = " + (epochs + 1) + " entries, got " + b.length);
        require(b[0] == 0, "epochBoundaries must start at 0");
        require(b[epochs] == numSteps, "epochBoundaries must end at numSteps " + numSteps + ", got " + b[epochs]);
        for (int i = 1; i < b.length; i++) {
            require(b[i] > b[i - 1], "epochBoundaries must be strictly increasing: " + Arrays.toString(b));
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** {@return the format version written: 1 for a plain-SGD run, {@link #FORMAT_VERSION} otherwise} */
    @JsonProperty("formatVersion")
    public int formatVersion() {
        return versionFor(optimizer);
    }

    /** The version a run of {@code optimizer} is written as: SGD keeps version 1's bytes. */
    static int versionFor(OptimizerSpec optimizer) {
        return optimizer.equals(OptimizerSpec.SGD) ? OLDEST_READABLE_VERSION : FORMAT_VERSION;
    }

    /** {@return the free-form model description, e.g. {@code "mlp:784-64-10:relu"}} */
    @JsonProperty("modelSpec")
    public String modelSpec() {
        return modelSpec;
    }

    /** {@return the parameter layout: contiguous entries, in order, covering {@code θ[0 .. numParams)}} */
    @JsonProperty("parameters")
    public List<ParamEntry> parameters() {
        return parameters;
    }

    /** {@return the total number of parameters p (length of θ)} */
    @JsonProperty("numParams")
    public int numParams() {
        return numParams;
    }

    /**
     * {@return what identifies the training set (e.g. a content hash), so a trajectory is not used with other data}
     */
    @JsonProperty("datasetFingerprint")
    public String datasetFingerprint() {
        return datasetFingerprint;
    }

    /** {@return the training-set size n; every batch index lies in {@code [0, n)}} */
    @JsonProperty("numExamples")
    public int numExamples() {
        return numExamples;
    }

    /** {@return the training hyper-parameters} */
    @JsonProperty("hyperparameters")
    public Hyperparameters hyperparameters() {
        return hyperparameters;
    }

    /** {@return the checkpoint spacing K (1 = every θ_t is stored)} */
    @JsonProperty("checkpointEvery")
    public int checkpointEvery() {
        return checkpointEvery;
    }

    /** {@return the number of training steps T} */
    @JsonProperty("numSteps")
    public int numSteps() {
        return numSteps;
    }

    /**
     * {@return a copy of the epoch boundaries in steps: epoch e covers steps {@code [b[e], b[e+1])}; length epochs+1}
     */
    @JsonProperty("epochBoundaries")
    public int[] epochBoundaries() {
        return epochBoundaries.clone();
    }

    /** {@return the version string of the dit build that wrote the file} */
    @JsonProperty("ditVersion")
    public String ditVersion() {
        return ditVersion;
    }

    /** {@return the optimizer's canonical spec (see {@link OptimizerSpec#parse}), or null (not written) for SGD} */
    @JsonProperty("optimizer")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    String optimizerText() {
        return versionFor(optimizer) == OLDEST_READABLE_VERSION ? null : optimizer.toString();
    }

    /** {@return the optimizer of the run ({@link OptimizerSpec#SGD} for version-1 files)} */
    public OptimizerSpec optimizer() {
        return optimizer;
    }

    /** {@return the format version the header was read with (FORMAT_VERSION when built)} */
    int sourceVersion() {
        return sourceVersion;
    }

    /**
     * Whether θ_t is stored as a checkpoint.
     *
     * @param t the step
     * @return whether it is in {@link #checkpointSteps()}
     */
    public boolean isCheckpoint(int t) {
        return t == numSteps || (t >= 0 && t < numSteps && t % checkpointEvery == 0);
    }

    /** {@return the stored checkpoint steps in increasing order: 0, K, 2K, … below T, then T} */
    public int[] checkpointSteps() {
        int below = (numSteps + checkpointEvery - 1) / checkpointEvery;
        int[] steps = new int[below + 1];
        for (int i = 0; i < below; i++) {
            steps[i] = i * checkpointEvery;
        }
        steps[below] = numSteps;
        return steps;
    }

    /**
     * The largest checkpoint step {@code <= t}, where replay towards θ_t starts.
     *
     * @param t the step, in {@code [0, T]}
     * @return the checkpoint step
     */
    public int checkpointAtOrBefore(int t) {
        if (t < 0 || t > numSteps) {
            throw new IllegalArgumentException("step " + t + " outside [0, " + numSteps + "]");
        }
        return t == numSteps ? t : t - t % checkpointEvery;
    }

    /** {@return the header as indented JSON (the file stores the same fields, compactly)} */
    public String toJson() {
        return HeaderJson.pretty(this);
    }

    /**
     * Parses and validates a header from JSON as produced by {@link #toJson()}; unknown or missing
     * fields are errors.
     *
     * @param json the JSON text
     * @return the header
     * @throws java.io.IOException if the text is not valid JSON for a header
     */
    public static TrajectoryHeader fromJson(String json) throws java.io.IOException {
        return HeaderJson.decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrajectoryHeader h && h.modelSpec.equals(modelSpec) && h.parameters.equals(parameters)
                && h.numParams == numParams && h.datasetFingerprint.equals(datasetFingerprint)
                && h.numExamples == numExamples && h.hyperparameters.equals(hyperparameters)
                && h.checkpointEvery == checkpointEvery && h.numSteps == numSteps
                && Arrays.equals(h.epochBoundaries, epochBoundaries) && h.ditVersion.equals(ditVersion)
                && h.optimizer.equals(optimizer);
    }

    @Override
    public int hashCode() {
        return Objects.hash(modelSpec, parameters, numParams, datasetFingerprint, numExamples, hyperparameters,
                checkpointEvery, numSteps, Arrays.hashCode(epochBoundaries), ditVersion, optimizer);
    }

    @Override
    public String toString() {
        return "TrajectoryHeader[model=" + modelSpec + ", p=" + numParams + ", n=" + numExamples + ", T=" + numSteps
                + ", K=" + checkpointEvery + ", " + hyperparameters + ", optimizer=" + optimizer + "]";
    }

    /** Collects the fields of a {@link TrajectoryHeader}; parameter offsets are assigned in call order. */
    public static final class Builder {
        private String modelSpec;
        private final List<ParamEntry> parameters = new ArrayList<>();
        private int nextOffset;
        private String datasetFingerprint;
        private int numExamples;
        private Hyperparameters hyperparameters;
        private int checkpointEvery = 1;
        private int numSteps;
        private int[] epochBoundaries;
        private String ditVersion;
        private OptimizerSpec optimizer = OptimizerSpec.SGD;

        private Builder() {
        }

        /**
         * Sets the model description.
         *
         * @param spec the description
         * @return this builder
         */
        public Builder modelSpec(String spec) {
            this.modelSpec = spec;
            return this;
        }

        /**
         * Appends a parameter tensor right after the previous one.
         *
         * @param name the tensor's name
         * @param shape its dimensions
         * @return this builder
         */
        public Builder parameter(String name, int... shape) {
            ParamEntry e = new ParamEntry(name, shape, nextOffset);
            parameters.add(e);
            nextOffset = Math.addExact(nextOffset, e.size());
            return this;
        }

        /**
         * Sets the training-set fingerprint and size n.
         *
         * @param fingerprint identifies the training set
         * @param numExamples n
         * @return this builder
         */
        public Builder dataset(String fingerprint, int numExamples) {
            this.datasetFingerprint = fingerprint;
            this.numExamples = numExamples;
            return this;
        }

        /**
         * Sets the hyper-parameters.
         *
         * @param h the hyper-parameters
         * @return this builder
         */
        public Builder hyperparameters(Hyperparameters h) {
            this.hyperparameters = h;
            return this;
        }

        /**
         * Sets the checkpoint spacing K (default 1: every step).
         *
         * @param k at least 1
         * @return this builder
         */
        public Builder checkpointEvery(int k) {
            this.checkpointEvery = k;
            return this;
        }

        /**
         * Sets the epoch boundaries in steps (0 first, T last); T is taken from the last entry.
         *
         * @param boundaries epochs + 1 increasing steps
         * @return this builder
         */
        public Builder epochBoundaries(int... boundaries) {
            this.epochBoundaries = boundaries.clone();
            this.numSteps = boundaries.length == 0 ? 0 : boundaries[boundaries.length - 1];
            return this;
        }

        /**
         * Sets the version string of the writing dit build (required; no default, for reproducibility).
         *
         * @param version the version
         * @return this builder
         */
        public Builder ditVersion(String version) {
            this.ditVersion = version;
            return this;
        }

        /**
         * Sets the optimizer (default {@link OptimizerSpec#SGD}).
         *
         * @param spec the optimizer
         * @return this builder
         */
        public Builder optimizer(OptimizerSpec spec) {
            this.optimizer = java.util.Objects.requireNonNull(spec, "optimizer");
            return this;
        }

        /**
         * Validates and builds; throws {@link IllegalArgumentException} or NPE for missing or bad fields.
         *
         * @return the header
         */
        public TrajectoryHeader build() {
            return new TrajectoryHeader(versionFor(optimizer), modelSpec, parameters, nextOffset, datasetFingerprint,
                    numExamples, hyperparameters, checkpointEvery, numSteps,
                    epochBoundaries == null ? new int[0] : epochBoundaries, ditVersion,
                    versionFor(optimizer) == OLDEST_READABLE_VERSION ? null : optimizer.toString());
        }
    }
}
