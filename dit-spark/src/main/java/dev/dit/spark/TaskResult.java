package dev.dit.spark;

import java.io.Serializable;

/**
 * What one Spark task sends back to the driver: the rows of its samples, or the first sample
 * that failed and why. A failure is a value rather than a thrown exception so that the driver can
 * report it in one line naming the sample (Spark would wrap an exception in a stack-trace dump,
 * and retry a failure that would only happen again).
 *
 * @param samples the task's samples, ascending
 * @param rows one row per sample (null when the task failed)
 * @param failedSample the sample that failed, or -1
 * @param error why it failed, or null
 */
record TaskResult(int[] samples, double[][] rows, int failedSample, String error) implements Serializable {

    static TaskResult done(int[] samples, double[][] rows) {
        return new TaskResult(samples, rows, -1, null);
    }

    static TaskResult failed(int[] samples, int sample, String error) {
        return new TaskResult(samples, null, sample, error);
    }

    boolean ok() {
        return error == null;
    }
}
