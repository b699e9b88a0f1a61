/**
 * Storage of recorded SGD trajectories: the run's {@link dev.dit.models.trajectory.TrajectoryHeader},
 * every step's batch and learning rate, and parameter checkpoints, in a checksummed, seekable
 * binary file ({@link dev.dit.models.trajectory.TrajectoryWriter},
 * {@link dev.dit.models.trajectory.TrajectoryReader}). The format is described in
 * {@code docs/trajectory-format.md}. Replaying SGD between checkpoints is not done here.
 */
package dev.dit.models.trajectory;
