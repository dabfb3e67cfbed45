package dev.descent.core;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layout operations against {@link Reference}'s multi-index definitions — permute, transpose, movedim, flip,
 * narrow, tril/triu — on random shapes (sometimes large enough for the blocked copy and its partial blocks, sometimes
 * on an offset view), and the identities that tie them together: a permutation undone by its inverse, stack and split
 * as inverses, chunk's piece sizes as PyTorch's.
 */
class LayoutTest {
    /** Random dimensions, now and then a 2- or 3-D shape with sides up to 70 (the blocked copy's partial blocks). */
    private static int[] randomDims(Rng rng) {
        if (rng.nextInt(4) == 0) {
            int[] d = new int[2 + rng.nextInt(2)];
            for (int k = 0; k < d.length; k++) {
                d[k] = 1 + rng.nextInt(k == 0 && d.length == 3 ? 3 : 70);
            }
            return d;
        }
        int[] d = Shapes.random(rng, 4, 5);
        if (d.length > 0 && rng.nextInt(8) == 0) {
            d[rng.nextInt(d.length)] = 0;
        }
        return d;
    }

    /** Values that identify their position, sometimes in a view that starts inside a larger array. */
    private static Tensor randomTensor(Rng rng, int[] dims) {
        Tensor x = Tensor.normal(rng, 0f, 1f, dims);
        return rng.nextInt(2) == 0 ? x : TorchOps.offsetView(x);
    }

    private static int[] permutation(Rng rng, int rank) {
        int[] perm = rng.permutation(rank);
        for (int k = 0; k < rank; k++) {
            perm[k] -= rng.nextInt(2) * rank; // negative axes count from the end
        }
        return perm;
    }

    private static int wrap(int dim, int rank) {
        return dim < 0 ? dim + rank : dim;
    }

    @Property(tries = 200)
    void permuteMovesEveryElementAsItsDefinition(@ForAll long seed) {
        Rng rng = new Rng(seed);
        int[] dims = randomDims(rng);
        Tensor x = randomTensor(rng, dims);
        int[] perm = permutation(rng, dims.length);
        int[] outDims = new int[dims.length];
        for (int k = 0; k < dims.length; k++) {
            outDims[k] = dims[wrap(perm[k], dims.length)];
        }
        Tensor expected = Reference.build(outDims, out -> {
            int[] in = new int[dims.length];
            for (int k = 0; k < dims.length; k++) {
                in[wrap(perm[k], dims.length)] = out[k];
            }
            return x.getFlat(Reference.flatten(in, dims));
        });
        Tensor y = x.permute(perm);
        assertTrue(expected.sameBits(y), Arrays.toString(dims) + " permuted by " + Arrays.toString(perm));
        int[] inverse = new int[dims.length];
        for (int k = 0; k < dims.length; k++) {
            inverse[wrap(perm[k], dims.length)] = k;
        }
        assertTrue(x.sameBits(y.permute(inverse)), "the inverse permutation restores the tensor");
    }

    @Property(tries = 100)
    void transposeAndMovedimArePermutations(@ForAll long seed) {
        Rng rng = new Rng(seed);
        int[] dims = randomDims(rng);
        if (dims.length == 0) {
            return;
        }
        Tensor x = randomTensor(rng, dims);
        int r = dims.length, a = rng.nextInt(r), b = rng.nextInt(r);
        int[] swap = new int[r];
        for (int k = 0; k < r; k++) {
            swap[k] = k == a ? b : k == b ? a : k;
        }
        assertTrue(x.permute(swap).sameBits(x.transpose(a - r, b)), "transpose(" + a + ", " + b + ")");
        assertTrue(x.sameBits(x.transpose(a, b).transpose(b, a)));
        int[] moved = new int[r];
        for (int k = 0, rest = 0; k < r; k++) {
            if (k == b) {
                moved[k] = a;
            } else {
                rest += rest == a ? 1 : 0;
                moved[k] = rest++;
            }
        }
        assertTrue(x.permute(moved).sameBits(x.movedim(a, b - r)), "movedim(" + a + ", " + b + ")");
        if (r == 2) {
            assertTrue(x.transpose().sameBits(x.transpose(0, 1)));
        }
    }

    @Property(tries = 150)
    void flipReversesTheNamedAxes(@ForAll long seed) {
        Rng rng = new Rng(seed);
        int[] dims = randomDims(rng);
        Tensor x = randomTensor(rng, dims);
        int[] axes = Arrays.copyOf(rng.permutation(dims.length), rng.nextInt(dims.length + 1));
        boolean[] flipped = new boolean[dims.length];
        for (int axis : axes) {
            flipped[axis] = true;
        }
        Tensor expected = Reference.build(dims, out -> {
            int[] in = out.clone();
            for (int k = 0; k < dims.length; k++) {
                in[k] = flipped[k] ? dims[k] - 1 - out[k] : out[k];
            }
            return x.getFlat(Reference.flatten(in, dims));
        });
        assertTrue(expected.sameBits(x.flip(axes)), Arrays.toString(dims) + " flipped along " + Arrays.toString(axes));
        assertTrue(x.sameBits(x.flip(axes).flip(axes)));
    }

    @Property(tries = 150)
    void narrowSplitChunkAndStack(@ForAll long seed) {
        Rng rng = new Rng(seed);
        int[] dims = randomDims(rng);
        if (dims.length == 0) {
            return;
        }
        Tensor x = randomTensor(rng, dims);
        int axis = rng.nextInt(dims.length), n = dims[axis];
        int start = rng.nextInt(n + 1), length = rng.nextInt(n - start + 1);
        int[] partDims = dims.clone();
        partDims[axis] = length;
        Tensor expected = Reference.build(partDims, out -> {
            int[] in = out.clone();
            in[axis] += start;
            return x.getFlat(Reference.flatten(in, dims));
        });
        assertTrue(expected.sameBits(x.narrow(axis, start, length)), "narrow " + axis + " " + start + " " + length);
        if (start > 0) {
            assertTrue(expected.sameBits(x.narrow(axis - dims.length, start - n, length)), "negative start");
        }

        int size = 1 + rng.nextInt(Math.max(1, n));
        Tensor[] pieces = x.split(size, axis);
        assertEquals(Math.max(1, (n + size - 1) / size), pieces.length);
        assertTrue(x.sameBits(Tensor.concat(axis, pieces)), "split by " + size + " then concat");
        int chunks = 1 + rng.nextInt(6);
        Tensor[] chunked = x.chunk(chunks, axis);
        int each = (n + chunks - 1) / chunks;
        assertEquals(n == 0 ? chunks : (n + each - 1) / each, chunked.length, "chunks of an axis of " + n);
        assertTrue(x.sameBits(Tensor.concat(axis, chunked)), "chunk then concat");

        Tensor[] slices = x.split(1, axis);
        if (n > 0) {
            for (int k = 0; k < n; k++) {
                slices[k] = slices[k].squeeze(axis);
            }
            assertTrue(x.sameBits(Tensor.stack(axis, slices)), "stack undoes split(1)");
            assertTrue(x.movedim(axis, 0).sameBits(Tensor.stack(0, slices)), "stacked along 0");
        }
    }

    @Property(tries = 100)
    void trilAndTriuKeepOneSideOfADiagonal(@ForAll long seed) {
        Rng rng = new Rng(seed);
        int[] dims = randomDims(rng);
        if (dims.length < 2) {
            return;
        }
        Tensor x = randomTensor(rng, dims);
        int k = rng.nextInt(11) - 5;
        int r = dims.length;
        Tensor lower = Reference.build(dims, at -> at[r - 1] - at[r - 2] <= k ? x.getFlat(Reference.flatten(at, dims))
                : 0);
        Tensor upper = Reference.build(dims, at -> at[r - 1] - at[r - 2] >= k ? x.getFlat(Reference.flatten(at, dims))
                : 0);
        assertTrue(lower.sameBits(x.tril(k)), "tril(" + k + ")");
        assertTrue(upper.sameBits(x.triu(k)), "triu(" + k + ")");
        assertTrue(x.sameBits(x.tril(k).add(x.triu(k + 1))) || hasNegativeZero(x), "tril(k) + triu(k + 1) = x");
    }

    private static boolean hasNegativeZero(Tensor x) {
        for (int i = 0; i < x.size(); i++) {
            if (Float.floatToRawIntBits(x.getFlat(i)) == Integer.MIN_VALUE) {
                return true;
            }
        }
        return false;
    }

    @Test
    void trianglesFarOffTheMatrix() {
        Tensor x = Tensor.ones(2, 3);
        assertTrue(x.tril(Integer.MAX_VALUE).sameBits(x));
        assertTrue(x.tril(Integer.MIN_VALUE).sameBits(Tensor.zeros(2, 3)));
        assertTrue(x.triu(Integer.MIN_VALUE).sameBits(x));
        assertTrue(x.triu(Integer.MAX_VALUE).sameBits(Tensor.zeros(2, 3)));
        Tensor nan = Tensor.full(Float.NaN, 2, 2);
        assertArrayEquals(new float[] {Float.NaN, 0, Float.NaN, Float.NaN}, nan.tril(0).toArray(), "zeros, not NaN·0");
    }

    @Test
    void unsqueezeAndSqueezeAreViews() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        assertArrayEquals(new int[] {1, 2, 3}, x.unsqueeze(0).dims());
        assertArrayEquals(new int[] {2, 1, 3}, x.unsqueeze(1).dims());
        assertArrayEquals(new int[] {2, 3, 1}, x.unsqueeze(2).dims());
        assertArrayEquals(new int[] {2, 3, 1}, x.unsqueeze(-1).dims());
        assertArrayEquals(new int[] {1, 2, 3}, x.unsqueeze(-3).dims());
        assertArrayEquals(new int[] {1}, Tensor.scalar(1f).unsqueeze(0).dims());
        Tensor y = Tensor.zeros(1, 2, 1, 3, 1);
        assertArrayEquals(new int[] {2, 3}, y.squeeze().dims());
        assertArrayEquals(new int[] {1, 2, 3, 1}, y.squeeze(2).dims());
        assertArrayEquals(new int[] {1, 2, 1, 3}, y.squeeze(-1).dims());
        assertArrayEquals(new int[] {1, 2, 1, 3, 1}, y.squeeze(1).dims(), "an axis of size 2 stays");
        assertArrayEquals(new int[] {}, Tensor.zeros(1, 1).squeeze().dims());
        assertArrayEquals(new int[] {}, Tensor.scalar(2f).squeeze(-1).dims());
        Tensor view = x.unsqueeze(1).squeeze();
        assertSame(x.array(), view.array());
        view.set(9f, 1, 2);
        assertEquals(9f, x.get(1, 2));
    }

    @Test
    void scalarsActAsOneElementVectorsAlongAxis0() {
        Tensor s = Tensor.scalar(-2f);
        assertTrue(s.flip(0).sameBits(s));
        assertTrue(s.transpose(0, -1).sameBits(s));
        assertTrue(s.movedim(0, 0).sameBits(s));
        assertTrue(s.permute().sameBits(s));
        assertTrue(s.cumsum(0).sameBits(s));
        assertTrue(s.cumprod(-1).sameBits(s));
        assertTrue(s.sort(0, true).values().sameBits(s));
        assertEquals(Indices.of(new int[] {0}, Shape.scalar()), s.topk(1).indices());
        assertTrue(Tensor.stack(0, s, s).sameBits(Tensor.vector(-2f, -2f)));
    }

    @Test
    void piecesAreCopiesInPyTorchsSizes() {
        Tensor x = Tensor.arange(10).reshape(2, 5);
        Tensor[] p = x.split(2, 1);
        assertEquals(3, p.length);
        assertArrayEquals(new float[] {4, 9}, p[2].toArray());
        p[0].fill(-1f);
        assertEquals(0f, x.get(0, 0), "a piece is a copy");
        Tensor[] q = x.split(new int[] {1, 0, 4}, -1);
        assertArrayEquals(new int[] {2, 0}, q[1].dims());
        assertArrayEquals(new float[] {1, 2, 3, 4, 6, 7, 8, 9}, q[2].toArray());
        assertEquals(3, Tensor.zeros(6).chunk(4, 0).length, "6 in 4 chunks: 3 pieces of 2, as torch.chunk");
        assertEquals(3, Tensor.zeros(0, 2).chunk(3, 0).length, "an empty axis: as many empty pieces as asked");
        assertEquals(1, Tensor.zeros(0).split(0, 0).length);
        assertEquals(1, Tensor.zeros(0).split(2, 0).length);
    }
}
