package dev.descent.autograd;

import dev.descent.core.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every failure names what went wrong, with the operation and the shapes or values involved. */
class ErrorsTest {

    @AfterEach
    void anomalyOff() {
        Anomaly.setEnabled(false);
    }

    private static void assertMessage(Class<? extends Throwable> type, Executable call, String... parts) {
        Throwable e = assertThrows(type, call);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "message \"" + e.getMessage() + "\" lacks \"" + part + "\"");
        }
    }

    private static Variable param(int... dims) {
        return Variable.parameter(Tensor.ones(dims));
    }

    @Test
    void backwardFromANonScalarNeedsASeed() {
        Variable y = param(2, 3).tanh();
        assertMessage(IllegalStateException.class, y::backward, "not a scalar", "[2, 3]", "backward(seed)", "'tanh'");
    }

    @Test
    void theSeedMustHaveTheValuesShape() {
        Variable y = param(2, 3).tanh();
        assertMessage(IllegalArgumentException.class, () -> y.backward(Tensor.ones(3, 2)), "seed shape [3, 2]",
                "[2, 3]");
    }

    @Test
    void backwardFromAValueThatNeedsNoGradient() {
        Variable y = Variable.constant(Tensor.ones(1)).exp();
        assertMessage(IllegalStateException.class, y::backward, "does not require a gradient");
    }

    @Test
    void aSecondBackwardThroughAFreedGraph() {
        Variable x = param(2);
        Variable loss = x.mul(x).sum();
        loss.backward();
        assertMessage(IllegalStateException.class, loss::backward, "freed", "'sum'", "backward(seed, true)");
        // a new graph that reaches into the freed one fails the same way, naming the freed operation
        Variable hidden = x.exp();
        hidden.sum().backward();
        assertMessage(IllegalStateException.class, () -> hidden.mul(x).sum().backward(), "freed", "'exp'");
    }

    @Test
    void operandsOfMismatchedShapes() {
        assertMessage(IllegalArgumentException.class, () -> param(2, 3).add(param(4)), "add", "[2, 3]", "[4]");
        assertMessage(IllegalArgumentException.class, () -> param(2, 3).mul(param(3, 3)), "mul", "[2, 3]", "[3, 3]");
        assertMessage(IllegalArgumentException.class, () -> param(3, 4).matmul(param(5, 2)), "matmul", "[3, 4]",
                "[5, 2]", "inner dimensions");
        assertMessage(IllegalArgumentException.class, () -> Variable.concat(0, param(2, 3), param(2, 4)), "concat",
                "[2, 3]", "[2, 4]");
        assertMessage(IllegalArgumentException.class, () -> param(2, 3).maskMul(Tensor.ones(2)), "maskMul",
                "mask shape [2]", "[2, 3]");
        assertMessage(IllegalArgumentException.class, () -> param(2, 3).reshape(4, 2), "reshape", "[2, 3]");
        assertMessage(IllegalArgumentException.class, () -> param(2, 3).where(Tensor.ones(2), param(3)), "where",
                "[2]", "[2, 3]");
        assertMessage(IllegalArgumentException.class, () -> param(2, 3).variance(2, false, true), "variance",
                "axis 2", "[2, 3]");
        assertMessage(IllegalArgumentException.class, () -> param(2, 3).min(-3, false), "min", "[2, 3]");
        assertMessage(IllegalArgumentException.class, () -> param(2, 3).sum(2, false), "sum", "axis 2", "[2, 3]");
        assertMessage(IllegalArgumentException.class, () -> param(2, 3).softmax(-3), "softmax", "axis -3");
        assertMessage(IllegalArgumentException.class, () -> param(2, 3).std(2, false, true), "std", "axis 2", "[2, 3]");
        assertMessage(IllegalArgumentException.class, () -> param(2, 3).amax(-3, true), "amax", "axis -3", "[2, 3]");
        assertMessage(IllegalArgumentException.class, () -> param(2, 0).amin(1, false), "amin", "axis 1", "[2, 0]",
                "empty");
        assertMessage(IllegalArgumentException.class, () -> param(0).amax(), "amax", "[0]", "empty");
        assertMessage(IllegalArgumentException.class, () -> param(2, 3).prod(2, false), "prod", "axis 2", "[2, 3]");
        assertMessage(IllegalArgumentException.class, () -> param(2, 3).norm(2f, 2, false), "norm", "axis 2");
        assertMessage(IllegalArgumentException.class, () -> param(2, 3).norm(0.5f), "norm", "1, 2 or Infinity",
                "0.5");
        assertMessage(IndexOutOfBoundsException.class, () -> param(2, 3).gatherRows(new int[] {0, 2}), "gatherRows",
                "index 2", "[2, 3]");
        assertMessage(IllegalArgumentException.class, () -> param(2).clamp(1f, 0f), "clamp", "lo=1.0", "hi=0.0");
    }

    @Test
    void setGradChecksTheShape() {
        Variable w = param(2, 3).named("fc.weight");
        assertMessage(IllegalArgumentException.class, () -> w.setGrad(Tensor.ones(3, 2)), "setGrad", "[3, 2]", "[2, 3]",
                "fc.weight");
        w.setGrad(Tensor.full(0.5f, 2, 3));
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f}, w.grad().toArray());
    }

    @Test
    void aBackwardThatReturnsAWronglyShapedGradientIsNamed() {
        Variable x = param(3);
        Variable y = Variable.fromOp("broken", x.value().copy(), (g, grads) -> grads.add(0, Tensor.zeros(4)), x);
        assertMessage(IllegalStateException.class, () -> y.backward(Tensor.ones(3)), "backward of 'broken'",
                "shape [4]", "[3]");
    }

    @Test
    void anomalyModeNamesTheOperationThatMadeANaNInForward() {
        Anomaly.setEnabled(true);
        Variable x = Variable.parameter(Tensor.vector(1f, -1f));
        assertMessage(ArithmeticException.class, x::log, "forward of 'log'", "NaN", "flat index 1");
        // a NaN inherited from the inputs is not this operation's fault
        Variable nan = Variable.parameter(Tensor.vector(Float.NaN));
        assertDoesNotThrow(nan::exp);
    }

    @Test
    void anomalyModeNamesTheOperationThatMadeAnInfinityInBackward() {
        Anomaly.setEnabled(true);
        Variable x = Variable.parameter(Tensor.vector(4f, 0f));
        Variable loss = x.sqrt().sum(); // √0 = 0 is finite; its derivative 1/(2√0) is not
        assertMessage(ArithmeticException.class, loss::backward, "backward of 'sqrt'", "Infinity", "flat index 1");
        assertNull(x.grad(), "nothing may reach the leaf after the anomaly");
    }

    @Test
    void withoutAnomalyModeTheInfinityTravels() {
        Variable x = Variable.parameter(Tensor.vector(4f, 0f));
        x.sqrt().sum().backward();
        assertArrayEquals(new float[] {0.25f, Float.POSITIVE_INFINITY}, x.grad().toArray());
    }

    @Test
    void drawingAFreedGraph() {
        Variable loss = param(2).exp().sum();
        loss.backward();
        assertMessage(IllegalStateException.class, () -> Graphs.toDot(loss), "toDot", "freed", "'sum'");
    }

    @Test
    void layoutAndIndexOperationsFailBeforeRecordingAnything() {
        Variable x = param(2, 3);
        assertMessage(IllegalArgumentException.class, () -> x.permute(1, 1), "permute", "[2, 3]", "dim 1 repeated");
        assertMessage(IllegalArgumentException.class, () -> Variable.stack(0, x, param(3, 2)), "stack", "tensor 1",
                "[3, 2]");
        assertMessage(IllegalArgumentException.class, () -> Variable.stack(0), "stack: no tensors given");
        assertMessage(IllegalArgumentException.class, () -> x.split(new int[] {1, 1}, 1), "split", "sum to 2",
                "[2, 3]");
        assertMessage(IndexOutOfBoundsException.class, () -> x.narrow(0, 1, 2), "narrow", "exceeds axis 0");
        assertMessage(IndexOutOfBoundsException.class,
                () -> x.gather(1, dev.descent.core.Indices.of(new int[] {3, 0}, 2, 1)), "gather", "index 3", "[2, 3]");
        assertMessage(IllegalArgumentException.class, () -> x.topk(4, 1, true, true), "topk", "k = 4", "size 3");
        assertMessage(IllegalArgumentException.class, () -> x.cumprod(2), "cumprod", "axis 2", "[2, 3]");
        assertMessage(IllegalArgumentException.class, () -> x.tril(0).sum().tril(0), "tril", "rank ≥ 2", "[]");
    }
}
