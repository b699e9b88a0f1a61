/**
 * Figures (PNG, drawn headless with XChart) and a self-contained HTML report.
 *
 * <p>{@link dev.dit.cli.report.Plots} turns plain arrays into PNG files; it knows nothing of
 * estimators. {@link dev.dit.cli.report.HtmlReport} assembles a {@link dev.dit.cli.report.Summary},
 * text, tables and those PNGs into one {@code report.html} with the images embedded: summary first,
 * then the figures, then the tables collapsed; a cell without a number is a
 * {@link dev.dit.cli.report.NoValue}, shown as a dash with a footnote. Every file is written atomically
 * (temporary file in the target directory, then rename), so a reader never sees half a figure.
 */
package dev.dit.cli.report;
