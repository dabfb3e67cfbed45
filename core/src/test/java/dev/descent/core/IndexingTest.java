package dev.descent.core;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * gather, scatterAdd, oneHot, where and cumsum/cumprod against their definitions, element by element; scatterAdd as
 * gather's adjoint; and {@link Indices} itself.
 */
class IndexingTest {

    /** An index for gathering along {@code axis} of {@code dims}: no larger elsewhere, any length along the axis. */
    private static Indices randomIndex(Rng rng, int[] dims, int axis) {
        int[] shape = new int[dims.length];
        for (int k = 0; k < dims.length; k++) {
            shape[k] = k == axis ? rng.nextInt(6) : rng.nextInt(dims[k] + 1);
        }
        int[] values = new int[Shape.of(shape).size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = rng.nextInt(dims[axis]);
        }
        return Indices.of(values, shape);
    }

    @Property(tries = 200)
    void gatherAndScatterAddFollowTheirDefinitions(@ForAll long seed) {
        Rng rng = new Rng(seed);
        int[] dims = Shapes.random(rng, 4, 4);
        if (dims.length == 0) {
            return;
        }
        int axis = rng.nextInt(dims.length);
        Tensor x = Tensor.normal(rng, 0f, 1f, dims);
        Indices index = randomIndex(rng, dims, axis);
        int[] at = index.shape().dims();
        Tensor expected = Reference.build(at, c -> {
            int[] in = c.clone();
            in[axis] = index.get(c);
            return x.getFlat(Reference.flatten(in, dims));
        });
        Tensor gathered = (rng.nextInt(2) == 0 ? x : TorchOps.offsetView(x)).gather(axis - dims.length, index);
        assertTrue(expected.sameBits(gathered), "gather along " + axis + " of " + x.shape() + " by " + index);

        // scatterAdd from a src at least as large as the index, into x: the sums in double, in row-major order
        int[] srcDims = at.clone();
        for (int k = 0; k < srcDims.length; k++) {
            srcDims[k] += rng.nextInt(2);
        }
        Tensor src = Tensor.normal(rng, 0f, 1f, srcDims);
        float[] sums = x.toArray();
        for (int p = 0; p < index.size(); p++) {
            int[] c = Reference.unflatten(p, at);
            float value = src.getFlat(Reference.flatten(c, srcDims));
            c[axis] = index.getFlat(p);
            sums[Reference.flatten(c, dims)] += value;
        }
        assertArrayEquals(sums, TorchOps.offsetView(x).scatterAdd(axis, index, TorchOps.offsetView(src)).toArray());

        // the adjoint: <gather(x), y> = <x, scatterAdd(0, index, y)>
        Tensor y = Tensor.normal(rng, 0f, 1f, at);
        double left = 0, right = 0;
        Tensor scattered = Tensor.zeros(dims).scatterAdd(axis, index, y);
        for (int i = 0; i < y.size(); i++) {
            left += (double) gathered.getFlat(i) * y.getFlat(i);
        }
        for (int i = 0; i < x.size(); i++) {
            right += (double) x.getFlat(i) * scattered.getFlat(i);
        }
        assertEquals(left, right, 1e-5 * (1 + Math.abs(left)));
    }

    @Property(tries = 150)
    void whereSelectsWithBroadcasting(@ForAll long seed) {
        Rng rng = new Rng(seed);
        int[] out = Shapes.random(rng, 4, 4);
        Tensor c = Tensor.uniform(rng, 0f, 1f, Shapes.broadcastableTo(rng, out)).gt(0.5f);
        Tensor a = Tensor.normal(rng, 0f, 1f, Shapes.broadcastableTo(rng, out));
        Tensor b = TorchOps.offsetView(Tensor.normal(rng, 0f, 1f, Shapes.broadcastableTo(rng, out)));
        int[] dims = Reference.broadcast(Reference.broadcast(c.dims(), a.dims()), b.dims());
        Tensor expected = Reference.build(dims, i -> c.getFlat(Reference.sourcePosition(i, c.dims())) != 0
                ? a.getFlat(Reference.sourcePosition(i, a.dims())) : b.getFlat(Reference.sourcePosition(i, b.dims())));
        assertTrue(expected.sameBits(Tensor.where(c, a, b)));
    }

    @Test
    void whereNeverReadsTheOperandNotChosen() {
        Tensor c = Tensor.vector(1f, 0f, Float.NaN, -0f);
        Tensor y = Tensor.where(c, Tensor.vector(1f, Float.NaN, 3f, Float.POSITIVE_INFINITY), Tensor.scalar(-1f));
        assertArrayEquals(new float[] {1f, -1f, 3f, -1f}, y.toArray(), "NaN counts as true, −0 as false");
    }

    @Property(tries = 150)
    void cumsumAndCumprodRoundARunningDouble(@ForAll long seed) {
        Rng rng = new Rng(seed);
        int[] dims = Shapes.random(rng, 3, 5);
        if (dims.length == 0) {
            return;
        }
        dims[rng.nextInt(dims.length)] = rng.nextInt(300);
        Tensor x = Tensor.normal(rng, 1f, 0.5f, dims);
        int axis = rng.nextInt(dims.length);
        for (boolean product : new boolean[] {false, true}) {
            Tensor expected = Reference.build(dims, at -> {
                double running = product ? 1 : 0;
                int[] in = at.clone();
                for (int j = 0; j <= at[axis]; j++) {
                    in[axis] = j;
                    float v = x.getFlat(Reference.flatten(in, dims));
                    running = product ? running * v : running + v;
                }
                return running;
            });
            Tensor view = TorchOps.offsetView(x);
            Tensor actual = product ? view.cumprod(axis) : view.cumsum(axis - dims.length);
            assertTrue(expected.sameBits(actual), (product ? "cumprod" : "cumsum") + " along " + axis + " of "
                    + x.shape());
        }
    }

    @Test
    void oneHot() {
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1, 0, 1, 0}, Tensor.oneHot(new int[] {0, 2, 1}, -1).toArray());
        assertArrayEquals(new int[] {3, 4}, Tensor.oneHot(new int[] {0, 2, 1}, 4).dims());
        Tensor t = Tensor.oneHot(Indices.of(new int[] {1, 0, 2, 2}, 2, 2), 3);
        assertArrayEquals(new int[] {2, 2, 3}, t.dims());
        assertEquals(1f, t.get(1, 0, 2));
        assertArrayEquals(new int[] {0, 5}, Tensor.oneHot(new int[0], 5).dims());
    }

    @Test
    void indices() {
        Indices i = Indices.of(new int[] {2, 0, 1, 1}, 2, 2);
        assertEquals(1, i.get(1, 0));
        assertEquals(0, i.getFlat(1));
        assertEquals(Shape.of(2, 2), i.shape());
        assertEquals("Indices[2, 2]([2, 0, 1, 1])", i.toString());
        int[] raw = {5, 6};
        Indices j = Indices.of(raw);
        raw[0] = 9;
        assertEquals(5, j.getFlat(0), "copied in");
        j.toArray()[1] = 9;
        assertEquals(6, j.getFlat(1), "copied out");
        assertEquals(i, Indices.of(Tensor.of(new float[] {2, 0, 1, 1}, 2, 2)));
        assertNotEquals(i, i.reshape(4));
        assertEquals(i.hashCode(), Indices.of(new int[] {2, 0, 1, 1}, 2, 2).hashCode());
        assertTrue(i.toTensor().sameBits(Tensor.of(new float[] {2, 0, 1, 1}, 2, 2)));
        assertEquals("Indices.of: element 1 of a tensor of shape [3] is 1.5, not an integer",
                assertThrows(IllegalArgumentException.class, () -> Indices.of(Tensor.vector(1f, 1.5f, 2f)))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> Indices.of(Tensor.vector(0x1p31f)));
        assertThrows(IllegalArgumentException.class, () -> Indices.of(Tensor.vector(Float.NaN)));
        assertEquals(Integer.MIN_VALUE, Indices.of(Tensor.vector(-0x1p31f)).getFlat(0));
    }
}
