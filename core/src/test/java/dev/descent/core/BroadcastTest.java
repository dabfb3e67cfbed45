package dev.descent.core;

import dev.descent.core.kernel.BinaryOp;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.descent.core.kernel.FloatAsserts.EPS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Broadcasting against the naive multi-index {@link Reference}, on random broadcast-compatible shapes with size-1
 * dimensions and rank differences, and {@code sumTo} as its adjoint.
 */
@Tag("kernels")
@net.jqwik.api.Tag("kernels")
class BroadcastTest {

    @Property(tries = 200)
    void everyBinaryOpBroadcastsAsTheReference(@ForAll long seed) {
        Rng rng = new Rng(seed);
        int[] out = Shapes.random(rng, 4, 5);
        Tensor a = Tensor.uniform(rng, -3f, 3f, Shapes.broadcastableTo(rng, out));
        Tensor b = Tensor.uniform(rng, -3f, 3f, Shapes.broadcastableTo(rng, out));
        if (rng.nextInt(2) == 0) { // and a longer contiguous run, as a bias row has
            a = Tensor.uniform(rng, -3f, 3f, 3, 70);
            b = Tensor.uniform(rng, -3f, 3f, rng.nextInt(2) == 0 ? new int[] {70} : new int[] {3, 1});
        }
        for (BinaryOp op : BinaryOp.values()) {
            Tensor expected = Reference.zip(op, a, b);
            assertTrue(expected.sameBits(a.zip(op, b)), op + " " + a.shape() + " " + b.shape());
            assertTrue(Reference.zip(op, b, a).sameBits(b.zip(op, a)), op + " " + b.shape() + " " + a.shape());
        }
    }

    @Property(tries = 200)
    void inPlaceAndOutputFormsEqualTheAllocatingForm(@ForAll long seed) {
        Rng rng = new Rng(seed);
        int[] out = Shapes.random(rng, 4, 5);
        Tensor a = Tensor.uniform(rng, -3f, 3f, out);
        Tensor b = Tensor.uniform(rng, -3f, 3f, Shapes.broadcastableTo(rng, out));
        for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.MAX}) {
            Tensor expected = a.zip(op, b);
            assertTrue(expected.sameBits(a.copy().zipi(op, b)), op + " in place");
            assertTrue(expected.sameBits(a.zip(op, b, Tensor.zeros(out))), op + " into an output");
            Tensor self = a.copy();
            assertTrue(expected.sameBits(self.zip(op, b, self)), op + " into its own first operand");
        }
    }

    @Property(tries = 200)
    void broadcastToCopiesAsTheReference(@ForAll long seed) {
        Rng rng = new Rng(seed);
        int[] out = Shapes.random(rng, 4, 5);
        Tensor x = Tensor.normal(rng, 0f, 1f, Shapes.broadcastableTo(rng, out));
        assertTrue(Reference.broadcastTo(x, out).sameBits(x.broadcastTo(Shape.of(out))));
    }

    @Property(tries = 300)
    void sumToIsTheAdjointOfBroadcastTo(@ForAll long seed) {
        Rng rng = new Rng(seed);
        int[] big = Shapes.random(rng, 4, 6);
        int[] small = Shapes.broadcastableTo(rng, big);
        Tensor x = Tensor.normal(rng, 0f, 1f, small);
        Tensor y = Tensor.normal(rng, 0f, 1f, big);
        Tensor summed = y.sumTo(Shape.of(small));
        assertArrayEquals(small, summed.dims());

        // ⟨broadcast(x), y⟩ = ⟨x, sumTo(y)⟩
        Tensor bx = x.broadcastTo(Shape.of(big));
        double left = 0, right = 0, scale = 0;
        for (int i = 0; i < y.size(); i++) {
            left += (double) bx.getFlat(i) * y.getFlat(i);
            scale += Math.abs((double) bx.getFlat(i) * y.getFlat(i));
        }
        for (int i = 0; i < x.size(); i++) {
            right += (double) x.getFlat(i) * summed.getFlat(i);
        }
        assertEquals(left, right, (y.size() + 4) * EPS * scale + 1e-30, "adjoint identity");

        // and each element is its slice's sum
        double[] expected = Reference.sumTo(y, small);
        double[] abs = Reference.sumTo(y.abs(), small);
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], summed.getFlat(j), (y.size() + 2) * EPS * abs[j] + 1e-30, "element " + j);
        }
    }

    @Test
    void biasBroadcastAddsTheRowToEveryRow() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor bias = Tensor.vector(10, 20, 30);
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, x.add(bias).toArray());
        assertArrayEquals(new float[] {5, 7, 9}, x.sumTo(Shape.of(3)).toArray());
        assertArrayEquals(new float[] {6, 15}, x.sumTo(Shape.of(2, 1)).toArray());
        assertArrayEquals(new float[] {21}, x.sumTo(Shape.scalar()).toArray());
    }

    @Test
    void emptyShapesBroadcast() {
        Tensor empty = Tensor.zeros(0, 3);
        assertArrayEquals(new int[] {0, 3}, empty.add(Tensor.ones(3)).dims());
        assertArrayEquals(new int[] {0, 3}, empty.add(Tensor.ones(1, 1)).dims());
        assertArrayEquals(new float[] {0, 0, 0}, empty.sumTo(Shape.of(3)).toArray());
        assertEquals(0, Tensor.ones(3).broadcastTo(Shape.of(0, 3)).size());
    }

    @Test
    void overlappingViewsAreReadBeforeTheyAreWritten() {
        Tensor x = Tensor.arange(12).reshape(4, 3);
        Tensor expected = x.add(x.row(0).copy());
        x.addi(x.row(0)); // row 0 is read for every row and written by the first
        assertTrue(expected.sameBits(x), x.toString());

        Tensor z = Tensor.arange(8);
        Tensor front = z.rows(0, 6), back = z.rows(2, 8); // share z[2..5]
        Tensor sum = front.add(back);
        front.axpy(1f, back);
        assertTrue(sum.sameBits(front), Arrays.toString(front.toArray()));
    }
}
