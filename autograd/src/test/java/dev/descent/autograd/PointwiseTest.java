package dev.descent.autograd;

import dev.descent.core.Tensor;
import dev.descent.core.kernel.BinaryOp;
import dev.descent.core.kernel.UnaryOp;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one-element fast path of the forward gives the same bits as core's tensor operations it stands in for. */
class PointwiseTest {

    @Provide
    Arbitrary<Float> floats() {
        return Arbitraries.oneOf(Arbitraries.floats().between(-30f, 30f),
                Arbitraries.of(0f, -0f, 1f, -1f, 1e-30f, Float.NaN, Float.POSITIVE_INFINITY,
                        Float.NEGATIVE_INFINITY));
    }

    @Provide
    Arbitrary<int[]> oneElementDims() {
        return Arbitraries.of(new int[0], new int[] {1}, new int[] {1, 1});
    }

    @Property(tries = 300)
    void binaryFastPathEqualsCore(@ForAll("floats") float a, @ForAll("floats") float b,
                                  @ForAll("oneElementDims") int[] dims, @ForAll BinaryOp op) {
        Tensor ta = Tensor.full(a, dims), tb = Tensor.full(b, dims);
        assertSame(ta.zip(op, tb), Pointwise.zip(op, ta, tb), op + "(" + a + ", " + b + ")");
        assertSame(ta.zip(op, b), Pointwise.zip(op, ta, b), op + "(" + a + ", scalar " + b + ")");
    }

    @Property(tries = 300)
    void unaryFastPathEqualsCore(@ForAll("floats") float x, @ForAll("oneElementDims") int[] dims,
                                 @ForAll UnaryOp op) {
        Tensor t = Tensor.full(x, dims);
        assertSame(t.map(op), Pointwise.map(op, t), op + "(" + x + ")");
    }

    @Property(tries = 50)
    void largerOperandsTakeCoresPath(@ForAll("floats") float a, @ForAll BinaryOp op) {
        Tensor big = Tensor.full(a, 2, 3), row = Tensor.full(0.5f, 3);
        assertSame(big.zip(op, row), Pointwise.zip(op, big, row), op + " broadcasting");
    }

    private static void assertSame(Tensor expected, Tensor actual, String what) {
        assertTrue(expected.sameBits(actual), () -> what + ": core " + expected + ", fast path " + actual);
    }
}
