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
    void layoutOperations() {
        Tensor x = Tensor.zeros(2, 3, 4);
        illegal("permute: [2, 3, 4] with dims [0, 0, 1]: dim 0 repeated", () -> x.permute(0, 0, 1));
        illegal("permute: [2, 3, 4] with dims [2, -1, 0]: dim 2 repeated", () -> x.permute(2, -1, 0));
        illegal("permute: [2, 3, 4] with dims [1, 0]: expected 3 dims, one per axis", () -> x.permute(1, 0));
        illegal("permute: axis 3 is out of range for shape [2, 3, 4] (rank 3)", () -> x.permute(0, 3, 1));
        illegal("transpose: axis -4 is out of range for shape [2, 3, 4] (rank 3)", () -> x.transpose(0, -4));
        illegal("movedim: axis 3 is out of range for shape [2, 3, 4] (rank 3)", () -> x.movedim(3, 0));
        illegal("flip: [2, 3, 4] with dims [1, -2]: dim 1 repeated", () -> x.flip(1, -2));
        illegal("flip: axis 1 is out of range for shape [] (rank 0)", () -> Tensor.scalar(1f).flip(1));
        illegal("unsqueeze: axis 4 is out of range for shape [2, 3, 4] (the result has rank 4)", () -> x.unsqueeze(4));
        illegal("unsqueeze: axis -5 is out of range for shape [2, 3, 4] (the result has rank 4)",
                () -> x.unsqueeze(-5));
        illegal("squeeze: axis 3 is out of range for shape [2, 3, 4] (rank 3)", () -> x.squeeze(3));
        illegal("stack: no tensors given", () -> Tensor.stack(0));
        illegal("stack: tensor 2 has shape [2, 4] but tensor 0 has [2, 3]", () -> Tensor.stack(0, A, A,
                Tensor.zeros(2, 4)));
        illegal("stack: axis 3 is out of range for shape [2, 3] (the result has rank 3)", () -> Tensor.stack(3, A));
        illegal("narrow: length -1 is negative", () -> A.narrow(1, 0, -1));
        outOfRange("narrow: start 4 is out of range for axis 1 of shape [2, 3]", () -> A.narrow(1, 4, 0));
        outOfRange("narrow: start -2 + length 3 exceeds axis 1 of shape [2, 3] (size 3)", () -> A.narrow(-1, -2, 3));
        illegal("split: split size 0 must be positive (0 only for an empty axis), but axis 1 of shape [2, 3] has "
                + "size 3", () -> A.split(0, 1));
        illegal("split: sizes [1, 1] sum to 2, but axis 1 of shape [2, 3] has size 3", () -> A.split(new int[] {1, 1},
                1));
        illegal("split: sizes [4, -1] include a negative size", () -> A.split(new int[] {4, -1}, 1));
        illegal("chunk: the number of chunks must be positive, got 0", () -> A.chunk(0, 1));
        illegal("tril: expected a tensor of rank ≥ 2, got shape [3]", () -> Tensor.zeros(3).tril(0));
        illegal("triu: expected a tensor of rank ≥ 2, got shape []", () -> Tensor.scalar(0f).triu(0));
    }

    @Test
    void indexingAndSorting() {
        illegal("gather: index of shape [2] and input of shape [2, 3] differ in rank",
                () -> A.gather(1, Indices.of(new int[] {0, 1})));
        illegal("gather: index of shape [3, 1] is larger than input of shape [2, 3] at axis 0 (only axis 1, the "
                + "indexed one, may be larger)", () -> A.gather(1, Indices.of(new int[3], 3, 1)));
        outOfRange("gather: index 3 at [1, 0] is out of range for axis 1 of shape [2, 3]",
                () -> A.gather(-1, Indices.of(new int[] {0, 3}, 2, 1)));
        outOfRange("gather: index -1 at [0, 1] is out of range for axis 0 of shape [2, 3]",
                () -> A.gather(0, Indices.of(new int[] {0, -1}, 1, 2)));
        illegal("scatterAdd: index of shape [2, 2] is larger than src of shape [2, 1] at axis 1",
                () -> A.scatterAdd(1, Indices.of(new int[4], 2, 2), Tensor.zeros(2, 1)));
        outOfRange("scatterAdd: index 2 at [0, 0] is out of range for axis 0 of shape [2, 3]",
                () -> A.scatterAdd(0, Indices.of(new int[] {2}, 1, 1), A));
        outOfRange("oneHot: class 3 at position 1 of indices [2] is out of range for 3 classes",
                () -> Tensor.oneHot(new int[] {0, 3}, 3));
        outOfRange("oneHot: class -1 at position 0 of indices [1] is out of range for 2 classes",
                () -> Tensor.oneHot(new int[] {-1}, 2));
        illegal("oneHot: cannot infer the number of classes from empty indices [0]",
                () -> Tensor.oneHot(new int[0], -1));
        illegal("oneHot: the number of classes must be ≥ 0 (or −1 to infer it), got -2",
                () -> Tensor.oneHot(new int[] {0}, -2));
        illegal("Indices.of: 3 values do not fill shape [2, 2] (4 elements)", () -> Indices.of(new int[3], 2, 2));
        illegal("where: shapes [2, 3] and [2] cannot be broadcast (dimension 3 vs 2 at axis -1)",
                () -> Tensor.where(A, A, Tensor.zeros(2)));
        illegal("topk: k = 4 is out of range for axis 1 of shape [2, 3] (size 3)", () -> A.topk(4));
        illegal("topk: k = -1 is out of range for axis 0 of shape [2, 3] (size 2)", () -> A.topk(-1, 0, true, true));
        illegal("sort: axis 2 is out of range for shape [2, 3] (rank 2)", () -> A.sort(2, false));
        illegal("argsort: axis -3 is out of range for shape [2, 3] (rank 2)", () -> A.argsort(-3, false));
        illegal("cumsum: axis 2 is out of range for shape [2, 3] (rank 2)", () -> A.cumsum(2));
        illegal("cumprod: axis 1 is out of range for shape [] (rank 0)", () -> Tensor.scalar(1f).cumprod(1));
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
