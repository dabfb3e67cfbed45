package dev.descent.nn;

import dev.descent.autograd.Grads;
import dev.descent.autograd.Variable;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The inputs of a fused normalization node (BatchNorm1d, LayerNorm): x, then γ and β where the layer has them, and
 * where in that list γ and β went, so that the backward pass can send their gradients.
 *
 * @param all    x, then γ and β if not null
 * @param weight γ's index in {@code all}, or −1
 * @param bias   β's index in {@code all}, or −1
 */
record AffineInputs(Variable[] all, int weight, int bias) {

    static AffineInputs of(Variable input, Variable weight, Variable bias) {
        List<Variable> inputs = new ArrayList<>(List.of(input));
        int w = -1, b = -1;
        if (weight != null) {
            w = inputs.size();
            inputs.add(weight);
        }
        if (bias != null) {
            b = inputs.size();
            inputs.add(bias);
        }
        return new AffineInputs(inputs.toArray(new Variable[0]), w, b);
    }

    /** Whether γ or β needs a gradient. */
    boolean needGrads(Grads grads) {
        return weight >= 0 && grads.needs(weight) || bias >= 0 && grads.needs(bias);
    }

    /** Sends ∂L/∂γ and ∂L/∂β (fresh arrays of γ's and β's shape) to those that need them. */
    void addGrads(Grads grads, Shape shape, float[] dGamma, float[] dBeta) {
        if (weight >= 0 && grads.needs(weight)) {
            grads.addFresh(weight, Tensor.wrap(dGamma, 0, shape));
        }
        if (bias >= 0 && grads.needs(bias)) {
            grads.addFresh(bias, Tensor.wrap(dBeta, 0, shape));
        }
    }
}
