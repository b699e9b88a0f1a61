/**
 * Run directories: a trained run on disk, self-contained and verifiable
 * ({@link dev.dit.influence.rundir.RunDirectory}), its description
 * ({@link dev.dit.influence.rundir.RunInfo}), lazy disk-backed checkpoints
 * ({@link dev.dit.influence.rundir.TrajectoryFile}), training a run in memory
 * ({@link dev.dit.influence.rundir.RunTraining}) and the NumPy export
 * ({@link dev.dit.influence.rundir.NumpyExport}). Layout and formats: {@code docs/run-directory.md}.
 */
package dev.dit.influence.rundir;
