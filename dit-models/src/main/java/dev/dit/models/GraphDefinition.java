package dev.dit.models;

import dev.dit.autodiff.Node;

/**
 * A model as any graph of dit's ops ({@link dev.dit.autodiff.Graph}): given a
 * {@link GraphContext} with the batch's inputs, it adds parameters through
 * {@link GraphContext#parameter} and ops through {@link GraphContext#graph()}, and returns the
 * logits and the per-sample losses. It is called once per batch size (and once with batch 1 to
 * lay out θ), so it must build the same parameters, in the same order, every time. Wrap it with
 * {@link ModelSpec#custom} to train it and compute influence like any other model:
 * <pre>{@code
 * ModelSpec spec = ModelSpec.custom("tiny-mlp", ctx -> {
 *     Graph g = ctx.graph();
 *     Node h = g.gelu(ctx.dense("hidden", g.flatten(ctx.input()), 16));
 *     return ctx.classifier(ctx.dense("head", h, ctx.outputs()));
 * });
 * }</pre>
 */
@FunctionalInterface
public interface GraphDefinition {

    /**
     * What a definition returns: the logits and the per-sample losses of the batch.
     *
     * @param logits {@code [B, outputs]}: one logit for a binary task, else one per class
     * @param losses {@code [B]}: sample i's loss (without any regulariser)
     */
    record Outputs(Node logits, Node losses) {
    }

    /**
     * Builds the graph for one batch.
     *
     * @param ctx the graph, its inputs and the task
     * @return the logits and the per-sample losses
     */
    Outputs build(GraphContext ctx);
}
