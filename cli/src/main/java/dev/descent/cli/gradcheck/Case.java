package dev.descent.cli.gradcheck;

import dev.descent.autograd.Variable;
import dev.descent.core.Rng;

import java.util.function.Function;

/**
 * One differentiable operation to check: its name, the function of its inputs, and how to draw inputs away from
 * the points where it has no derivative (kinks, ties, the edges of a domain).
 *
 * @param group   what it belongs to: arithmetic, pointwise, reduction, layout, layer, loss
 * @param name    the operation as a reader looks it up, e.g. {@code Ops.mul (broadcast)}
 * @param f       the function checked
 * @param inputs  draws the inputs; those made with {@link Variable#constant} are held fixed (targets, masks)
 */
public record Case(String group, String name, Function<Variable[], Variable> f, Function<Rng, Variable[]> inputs) {
}
