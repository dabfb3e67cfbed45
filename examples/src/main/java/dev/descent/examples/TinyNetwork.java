package dev.descent.examples;

import dev.descent.autograd.Variable;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;

import java.util.List;

/**
 * Example 1 — a tiny network trained from raw autograd operations (the micrograd idea).
 *
 * <p>No layers, no optimizer, no training loop from a library: four weight tensors, a forward pass written with
 * {@code matmul}, {@code tanh} and {@code sigmoid}, a loss, {@code backward()}, and the update
 * {@code w ← w − lr·∂loss/∂w} by hand. Everything else in Descent (Linear, Sgd, Trainer) is this, made reusable.
 *
 * <p>The task: is a point inside the unit circle? 256 random points in [−1.5, 1.5]², a 2-16-1 network.
 *
 * <pre>
 *   h    = tanh(x·W₁ + b₁)          [n,2]·[2,16] + [16]  → [n,16]
 *   p    = sigmoid(h·W₂ + b₂)       [n,16]·[16,1] + [1]  → [n,1]   probability of "inside"
 *   loss = mean((p − y)²)
 * </pre>
 */
public final class TinyNetwork {

    public static void main(String[] args) {
        Rng rng = new Rng(42);
        int n = 256;

        // The data: points and their labels (1 inside the circle, 0 outside).
        Tensor x = Tensor.uniform(rng, -1.5f, 1.5f, n, 2);
        Tensor y = Tensor.zeros(n, 1);
        for (int i = 0; i < n; i++) {
            float a = x.getFlat(2 * i), b = x.getFlat(2 * i + 1);
            y.setFlat(i, a * a + b * b < 1 ? 1f : 0f);
        }
        Variable input = Variable.constant(x), target = Variable.constant(y);

        // The parameters: small random weights (scaled by 1/√fan-in), zero biases.
        Variable w1 = Variable.parameter(Tensor.normal(rng, 0f, (float) (1 / Math.sqrt(2)), 2, 16)).named("W1");
        Variable b1 = Variable.parameter(Tensor.zeros(16)).named("b1");
        Variable w2 = Variable.parameter(Tensor.normal(rng, 0f, 0.25f, 16, 1)).named("W2");
        Variable b2 = Variable.parameter(Tensor.zeros(1)).named("b2");
        List<Variable> params = List.of(w1, b1, w2, b2);

        float lr = 0.5f;
        for (int step = 0; step <= 2000; step++) {
            // Forward: every operation records how to send gradients back to its inputs.
            Variable h = input.matmul(w1).add(b1).tanh();
            Variable p = h.matmul(w2).add(b2).sigmoid();
            Variable loss = p.sub(target).square().mean();

            // Backward: fills w.grad() with ∂loss/∂w for every parameter.
            for (Variable w : params) {
                w.zeroGrad();
            }
            loss.backward();

            // Update: gradient descent, by hand.
            for (Variable w : params) {
                w.value().axpy(-lr, w.grad());
            }

            if (step % 250 == 0) {
                System.out.printf("step %4d  loss %.4f  accuracy %.1f%%%n", step, loss.value().item(),
                        100 * accuracy(p.value(), y));
            }
        }
    }

    /** The share of points where the prediction (p > 0.5) matches the label. */
    static double accuracy(Tensor p, Tensor y) {
        int right = 0;
        for (int i = 0; i < y.size(); i++) {
            right += (p.getFlat(i) > 0.5f) == (y.getFlat(i) > 0.5f) ? 1 : 0;
        }
        return (double) right / y.size();
    }

    private TinyNetwork() {
    }
}
