package dev.descent.core;

import dev.descent.core.kernel.UnaryOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Each kind of bad input throws with a message that names the operation and the shapes or values involved. */
class ErrorMessagesTest {
    private static final Tensor A = Tensor.zeros(2, 3);

    private static void expect(Class<? extends RuntimeException> type, String message, Executable call) {
        assertEquals(message, assertThrows(type, call).getMessage());
    }

    private static void illegal(String message, Executable call) {
        expect(IllegalArgumentException.class, message, call);
    }

    private static void outOfRange(String message, Executable call) {
        expect(IndexOutOfBoundsException.class, message, call);
    }

    @Test
    void shapesThatDoNotBroadcast() {
        illegal("add: shapes [2, 3] and [4] cannot be broadcast (dimension 3 vs 4 at axis -1)",
                () -> A.add(Tensor.zeros(4)));
        illegal("gt: shapes [2, 3] and [3, 3] cannot be broadcast (dimension 2 vs 3 at axis -2)",
                () -> A.gt(Tensor.zeros(3, 3)));
        illegal("mul (in place): shape [1, 2, 3] cannot be broadcast to [2, 3]", () -> A.muli(Tensor.zeros(1, 2, 3)));
        illegal("add: output shape [3, 2] should be [2, 3] for [2, 3] and [3]",
                () -> A.zip(dev.descent.core.kernel.BinaryOp.ADD, Tensor.zeros(3), Tensor.zeros(3, 2)));
        illegal("exp: output shape [6] differs from input shape [2, 3]", () -> A.map(UnaryOp.EXP, Tensor.zeros(6)));
        illegal("broadcastTo: shape [2, 3] cannot be broadcast to [3]", () -> A.broadcastTo(Shape.of(3)));
        illegal("sumTo: shape [2] does not broadcast to [2, 3]", () -> A.sumTo(Shape.of(2)));
        illegal("axpy: shapes [2, 3] and [3] differ", () -> A.axpy(1f, Tensor.zeros(3)));
        illegal("dot: shapes [2, 3] and [3, 2] differ", () -> A.dot(Tensor.zeros(3, 2)));
        illegal("copyFrom: shapes [2, 3] and [6] differ", () -> A.copyFrom(Tensor.zeros(6)));
        illegal("concat: shapes [2, 3] and [2, 4] differ outside axis 0", () -> Tensor.concat(0, A, Tensor.zeros(2, 4)));
        illegal("transpose: expected a 2-D tensor, got shape [2, 3, 1]", () -> Tensor.zeros(2, 3, 1).transpose());
    }

    @Test
    void elementCountsThatDoNotFitAShape() {
        illegal("of: 5 values do not fill shape [2, 3] (6 elements)", () -> Tensor.of(new float[5], 2, 3));
        illegal("of: row 1 has 1 values but row 0 has 2", () -> Tensor.of(new float[][] {{1, 2}, {3}}));
        illegal("reshape: cannot reshape [2, 3] (6 elements) to [4, 2] (8 elements)", () -> A.reshape(4, 2));
        illegal("reshape: cannot reshape [2, 3] (6 elements) to [4, -1]", () -> A.reshape(4, -1));
        illegal("reshape: cannot reshape [2, 3] to [-1, -1]: only one dimension may be -1 and none may be otherwise "
                + "negative", () -> A.reshape(-1, -1));
        illegal("item: tensor of shape [2, 3] has 6 elements, not 1", A::item);
        illegal("wrap: 6 elements from offset 2 do not fit an array of 7 for shape [2, 3]",
                () -> Tensor.wrap(new float[7], 2, Shape.of(2, 3)));
        illegal("shape [2, -1] has a negative dimension", () -> Tensor.zeros(2, -1));
    }

    @Test
    void badAxes() {
        illegal("sum: axis 2 is out of range for shape [2, 3] (rank 2)", () -> A.sum(2, false));
        illegal("softmax: axis -3 is out of range for shape [2, 3] (rank 2)", () -> A.softmax(-3));
        illegal("variance: axis 5 is out of range for shape [2, 3] (rank 2)", () -> A.variance(5, false, true));
        illegal("concat: axis 0 is out of range for shape [] (rank 0)", () -> Tensor.concat(0, Tensor.scalar(1f)));
        illegal("max: axis 0 of shape [0, 3] is empty", () -> Tensor.zeros(0, 3).max(0, false));
        illegal("argmax: axis 1 of shape [2, 0] is empty", () -> Tensor.zeros(2, 0).argmax(1));
        illegal("max: tensor of shape [0] is empty", () -> Tensor.zeros(0).max());
        illegal("argmin: axis -3 is out of range for shape [2, 3] (rank 2)", () -> A.argmin(-3));
        illegal("argmin: axis 0 of shape [0, 3] is empty", () -> Tensor.zeros(0, 3).argmin(0));
        illegal("argmin: tensor of shape [0] is empty", () -> Tensor.zeros(0).argmin());
        illegal("std: axis 2 is out of range for shape [2, 3] (rank 2)", () -> A.std(2, false, true));
        illegal("prod: axis 2 is out of range for shape [2, 3] (rank 2)", () -> A.prod(2, true));
        illegal("norm: axis 2 is out of range for shape [2, 3] (rank 2)", () -> A.norm(2f, 2, false));
        illegal("norm: p must be 1, 2 or Infinity, got 3.0", () -> A.norm(3f, 1, false));
        illegal("norm: p must be 1, 2 or Infinity, got -Infinity", () -> A.norm(Float.NEGATIVE_INFINITY));
        illegal("norm: axis 1 of shape [2, 0] is empty", () -> Tensor.zeros(2, 0).norm(Float.POSITIVE_INFINITY, 1, false));
        illegal("any: axis 2 is out of range for shape [2, 3] (rank 2)", () -> A.any(2, false));
        illegal("all: axis -3 is out of range for shape [2, 3] (rank 2)", () -> A.all(-3, false));
    }

    @Test
    void indicesOutOfRange() {
        outOfRange("get: index [2, 0] is out of range for shape [2, 3]", () -> A.get(2, 0));
        illegal("set: index [1] has 1 coordinates but shape [2, 3] has rank 2", () -> A.set(1f, 1));
        outOfRange("getFlat: flat index 6 is out of range for shape [2, 3] (6 elements)", () -> A.getFlat(6));
        outOfRange("rows: range [1, 3) is out of range for shape [2, 3]", () -> A.rows(1, 3));
        outOfRange("row: index -1 is out of range for shape [2, 3]", () -> A.row(-1));
        outOfRange("gatherRows: index 2 at position 1 is out of range for shape [2, 3]", () -> A.gatherRows(0, 2));
    }

    @Test
    void badValues() {
        illegal("clamp: need lo ≤ hi, got lo=2.0 hi=1.0", () -> A.clamp(2f, 1f));
        illegal("clamp: need lo ≤ hi, got lo=NaN hi=1.0", () -> A.clampi(Float.NaN, 1f));
        illegal("uniform: need finite lo ≤ hi, got lo=1.0 hi=0.0", () -> Tensor.uniform(new Rng(1), 1f, 0f, 2));
        illegal("normal: need a finite mean and a finite std ≥ 0, got mean=0.0 std=-1.0",
                () -> Tensor.normal(new Rng(1), 0f, -1f, 2));
        illegal("arange: need finite start, end and a non-zero step, got start=0.0 end=1.0 step=0.0",
                () -> Tensor.arange(0f, 1f, 0f));
        illegal("nextInt: bound must be positive, got 0", () -> new Rng(1).nextInt(0));
    }
}
