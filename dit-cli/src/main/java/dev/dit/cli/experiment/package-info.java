/**
 * The experiments of {@code dit experiment} and {@code dit demo}: each trains its runs in memory,
 * computes DIT (and the baselines of {@link dev.dit.cli.experiment.Baselines}), compares or
 * analyses them, and writes a report directory: {@code config.json} with every setting, tables
 * as CSV and JSON, influence matrices as influence CSVs, PNG figures and a self-contained
 * {@code report.html} that shows them. Every file is written atomically.
 */
package dev.dit.cli.experiment;
