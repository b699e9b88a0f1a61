/**
 * Analyses of influence matrices, as pure functions: temporal patterns ({@link
 * dev.dit.influence.analysis.Patterns}), correlation between training stages ({@link
 * dev.dit.influence.analysis.Stages}), detection of corrupted labels ({@link
 * dev.dit.influence.analysis.Detection}) and the "remove and retrain" check ({@link
 * dev.dit.influence.analysis.Retraining}). Scores follow the project's sign convention: influence
 * = F(without j) − F(with j), negative = harmful for a loss query, ranked first.
 */
package dev.dit.influence.analysis;
