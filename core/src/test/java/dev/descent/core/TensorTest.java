package dev.descent.core;

import dev.descent.core.kernel.UnaryOp;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Factories, element access, views that share storage, layout operations and the element-wise API. */
@Tag("kernels")
class TensorTest {

    @Test
    void factories() {
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0}, Tensor.zeros(2, 3).toArray());
        assertArrayEquals(new float[] {1, 1}, Tensor.ones(2).toArray());
        assertArrayEquals(new float[] {1, 1}, Tensor.ones(Shape.of(1, 2)).toArray());
        assertArrayEquals(new float[] {7, 7, 7}, Tensor.full(7f, 3).toArray());
        assertArrayEquals(new int[] {2, 3}, Tensor.zerosLike(Tensor.ones(2, 3)).dims());
        assertEquals(4f, Tensor.scalar(4f).item());
        assertEquals(0, Tensor.scalar(4f).rank());
        assertArrayEquals(new float[] {1, 2, 3, 4}, Tensor.of(new float[][] {{1, 2}, {3, 4}}).toArray());
        assertArrayEquals(new int[] {0, 0}, Tensor.of(new float[0][]).dims());
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, Tensor.eye(3).toArray());
        assertArrayEquals(new float[] {0, 1, 2, 3}, Tensor.arange(4).toArray());
        assertArrayEquals(new float[] {1f, 1.5f, 2f, 2.5f}, Tensor.arange(1f, 3f, 0.5f).toArray());
        assertArrayEquals(new float[] {3, 2, 1}, Tensor.arange(3f, 0f, -1f).toArray());
        assertEquals(0, Tensor.arange(-3).size());
        assertEquals(0, Tensor.arange(2f, 1f, 1f).size());
    }

    @Test
    void copiesAndWraps() {
        float[] values = {1, 2, 3, 4};
        Tensor copied = Tensor.of(values, 2, 2);
        Tensor wrapped = Tensor.wrap(values, 1, Shape.of(3));
        values[1] = 9;
        assertEquals(2f, copied.get(0, 1)); // of copies
        assertEquals(9f, wrapped.get(0)); // wrap does not
        assertEquals(1, wrapped.offset());
        assertSame(values, wrapped.array());
    }

    @Test
    void uniformStaysBelowItsUpperBound() {
        Tensor t = Tensor.uniform(new Rng(1), 1f, Math.nextUp(1f), 1000);
        assertTrue(t.max() < Math.nextUp(1f));
        assertEquals(1f, t.min());
        assertTrue(Tensor.uniform(new Rng(1), 2f, 2f, 3).sameBits(Tensor.full(2f, 3)));
    }

    @Test
    void elementAccess() {
        Tensor t = Tensor.arange(24).reshape(2, 3, 4);
        assertEquals(23f, t.get(1, 2, 3));
        assertEquals(6f, t.get(0, 1, 2));
        t.set(-1f, 1, 0, 0);
        assertEquals(-1f, t.getFlat(12));
        t.setFlat(0, 5f);
        assertEquals(5f, t.get(0, 0, 0));
        assertEquals(3f, Tensor.scalar(3f).get());
        assertArrayEquals(new int[] {2, 3, 4}, t.dims());
        assertEquals(4, t.dim(-1));
        assertEquals(3, t.rank());
        assertEquals(24, t.size());
    }

    @Test
    void viewsShareStorage() {
        Tensor x = Tensor.arange(12).reshape(3, 4);
        Tensor flat = x.flatten(), reshaped = x.reshape(2, -1), rows = x.rows(1, 3), row = x.row(2);
        assertArrayEquals(new int[] {2, 6}, reshaped.dims());
        assertArrayEquals(new int[] {2, 4}, rows.dims());
        assertArrayEquals(new float[] {8, 9, 10, 11}, row.toArray());
        x.set(100f, 2, 1);
        assertEquals(100f, flat.getFlat(9));
        assertEquals(100f, reshaped.get(1, 3));
        assertEquals(100f, rows.get(1, 1));
        assertEquals(100f, row.get(1));
        row.fill(-1f); // and writes through a view reach the original
        assertArrayEquals(new float[] {-1, -1, -1, -1}, x.row(2).toArray());
        rows.muli(2f);
        assertEquals(8f, x.get(1, 0));
        assertSame(x.array(), rows.array());

        Tensor copy = x.copy();
        assertNotSame(x.array(), copy.array());
        copy.setFlat(0, 42f);
        assertEquals(0f, x.getFlat(0));
    }

    @Test
    void viewsAtAnOffsetComputeOnTheirOwnElements() {
        Tensor x = Tensor.arange(12).reshape(4, 3);
        Tensor mid = x.rows(1, 3); // [[3, 4, 5], [6, 7, 8]], starting at element 3 of x's storage
        assertEquals(3, mid.offset());
        assertArrayEquals(new float[] {6, 8, 10, 9, 11, 13}, mid.add(mid.row(0)).toArray());
        assertArrayEquals(new float[] {9, 11, 13}, mid.sum(0, false).toArray());
        assertArrayEquals(new float[] {9, 11, 13}, mid.sumTo(Shape.of(3)).toArray());
        assertArrayEquals(new float[] {12, 21}, mid.sum(1, false).toArray());
        assertEquals(8f, mid.max());
        assertEquals(5, mid.argmax());
        assertEquals(33f, mid.sum());
        assertTrue(mid.row(1).softmax(0).allClose(Tensor.vector(3, 4, 5).softmax(0), 0f, 0f));
        mid.addi(100f); // in place on a view touches only its own elements
        assertArrayEquals(new float[] {0, 1, 2, 103, 104, 105, 106, 107, 108, 9, 10, 11}, x.toArray());
    }

    @Test
    void layout() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, x.transpose().toArray());
        assertArrayEquals(new int[] {3, 2}, x.transpose().dims());
        Tensor big = Tensor.uniform(new Rng(4), -1f, 1f, 70, 45);
        Tensor tt = big.transpose();
        assertEquals(big.get(69, 44), tt.get(44, 69));
        assertEquals(big.get(33, 2), tt.get(2, 33));
        assertTrue(big.sameBits(tt.transpose()));

        Tensor g = x.gatherRows(1, 0, 1);
        assertArrayEquals(new float[] {3, 4, 5, 0, 1, 2, 3, 4, 5}, g.toArray());
        assertArrayEquals(new int[] {0, 3}, x.gatherRows().dims());

        Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2), b = Tensor.of(new float[] {5, 6}, 1, 2);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, Tensor.concat(0, a, b).toArray());
        Tensor c = Tensor.of(new float[] {7, 8}, 2, 1);
        assertArrayEquals(new float[] {1, 2, 7, 3, 4, 8}, Tensor.concat(-1, a, c).toArray());
        assertArrayEquals(new int[] {2, 3}, Tensor.concat(1, a, c).dims());
        assertArrayEquals(new float[] {3, 4, 1, 2}, Tensor.concat(0, a.rows(1, 2), a.rows(0, 1)).toArray());
    }

    @Test
    void aLargeGatherIsTheSameOnOneAndTwoThreads() {
        int before = Parallel.threads();
        try {
            // 300 rows of 784 floats at random from a view of 1000 rows: several pieces, so both threads copy.
            Tensor data = Tensor.uniform(new Rng(5), -1f, 1f, 1001, 784).rows(1, 1001);
            Rng rng = new Rng(6);
            int[] picked = new int[300];
            for (int r = 0; r < picked.length; r++) {
                picked[r] = rng.nextInt(1000);
            }
            Parallel.setThreads(1);
            Tensor one = data.gatherRows(picked);
            Parallel.setThreads(2);
            Tensor two = data.gatherRows(picked);
            assertTrue(one.sameBits(two));
            for (int r : new int[] {0, 17, 299}) {
                assertTrue(two.rows(r, r + 1).sameBits(data.rows(picked[r], picked[r] + 1)), "row " + r);
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void elementWiseFunctions() {
        Tensor x = Tensor.vector(-2f, -0.5f, 0f, 1f, 4f);
        assertArrayEquals(new float[] {2f, 0.5f, -0f, -1f, -4f}, x.neg().toArray());
        assertArrayEquals(new float[] {2f, 0.5f, 0f, 1f, 4f}, x.abs().toArray());
        assertArrayEquals(new float[] {-1f, -1f, 0f, 1f, 1f}, x.sign().toArray());
        assertArrayEquals(new float[] {0f, 0f, 0f, 1f, 4f}, x.relu().toArray());
        assertArrayEquals(new float[] {4f, 0.25f, 0f, 1f, 16f}, x.square().toArray());
        assertArrayEquals(new float[] {4f, 0.25f, 0f, 1f, 16f}, x.pow(2f).toArray());
        assertArrayEquals(new float[] {-0.5f, -2f, Float.POSITIVE_INFINITY, 1f, 0.25f}, x.reciprocal().toArray());
        assertArrayEquals(new float[] {-1f, -0.5f, 0f, 1f, 2f}, x.clamp(-1f, 2f).toArray());
        assertArrayEquals(new float[] {3f, 1.5f, 1f, 0f, -3f}, x.rsub(1f).toArray());
        assertArrayEquals(new float[] {-2f, -8f, Float.POSITIVE_INFINITY, 4f, 1f}, x.rdiv(4f).toArray());
        assertArrayEquals(new float[] {0f, 0f, 0f, 1f, 1f}, x.gt(0.5f).toArray());
        assertArrayEquals(new float[] {0f, 1f, 0f, 0f, 0f}, x.eq(-0.5f).toArray());
        Tensor y = Tensor.vector(1f, 4f, 9f);
        assertArrayEquals(new float[] {1f, 2f, 3f}, y.sqrt().toArray());
        assertArrayEquals(new float[] {1f, 2f, 3f}, y.pow(0.5f).toArray());
        assertArrayEquals(new float[] {0f, (float) Math.log(4), (float) Math.log(9)}, y.log().toArray(), 1e-6f);
        assertArrayEquals(new float[] {(float) Math.E, (float) Math.exp(4), (float) Math.exp(9)}, y.exp().toArray(),
                1e-3f);
        assertArrayEquals(new float[] {0.7615942f, 0.9993293f, 1f}, y.tanh().toArray(), 1e-6f);
        assertArrayEquals(new float[] {0.7310586f, 0.98201376f, 0.9998766f}, y.sigmoid().toArray(), 1e-6f);
        assertEquals(0.5f, Tensor.vector(0f).sigmoid().item());
    }

    @Test
    void inPlaceForms() {
        Tensor x = Tensor.vector(1, 2, 3);
        assertSame(x, x.addi(1f).muli(2f).subi(1f).divi(3f));
        assertArrayEquals(new float[] {1f, 5f / 3, 7f / 3}, x.toArray(), 1e-6f);
        Tensor y = Tensor.vector(1, 1, 1);
        y.axpy(2f, Tensor.vector(1, 2, 3));
        assertArrayEquals(new float[] {3, 5, 7}, y.toArray());
        y.axpby(1f, Tensor.vector(1, 1, 1), 0.5f);
        assertArrayEquals(new float[] {2.5f, 3.5f, 4.5f}, y.toArray());
        y.clampi(3f, 4f);
        assertArrayEquals(new float[] {3f, 3.5f, 4f}, y.toArray());
        y.mapi(UnaryOp.NEG);
        assertArrayEquals(new float[] {-3f, -3.5f, -4f}, y.toArray());
        y.copyFrom(Tensor.vector(9, 8, 7));
        assertArrayEquals(new float[] {9, 8, 7}, y.toArray());
        Tensor out = Tensor.zeros(3);
        assertSame(out, y.map(UnaryOp.SQUARE, out));
        assertArrayEquals(new float[] {81, 64, 49}, out.toArray());
        assertEquals(9 * 81 + 8 * 64 + 7 * 49, y.dot(out));
    }

    @Test
    void broadcastToAndSumToKeepSignedZeros() {
        Tensor x = Tensor.vector(-0f, 1f);
        Tensor b = x.broadcastTo(Shape.of(2, 2));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(b.get(1, 0)));
    }

    @Test
    void matmulWithEmptyDimensions() {
        // as torch.matmul: an empty inner dimension gives zeros (a sum of nothing), an empty outer one an empty result
        assertTrue(Tensor.zeros(2, 0).matmul(Tensor.zeros(0, 3)).sameBits(Tensor.zeros(2, 3)));
        assertTrue(Tensor.matmul(Tensor.zeros(0, 2), true, Tensor.zeros(3, 0), true).sameBits(Tensor.zeros(2, 3)));
        assertArrayEquals(new int[] {0, 4}, Tensor.zeros(0, 3).matmul(Tensor.ones(3, 4)).dims());
        assertArrayEquals(new int[] {3, 0}, Tensor.ones(3, 4).matmul(Tensor.zeros(4, 0)).dims());
        Tensor c = Tensor.ones(2, 3);
        Tensor.gemm(1f, Tensor.zeros(2, 0), false, Tensor.zeros(0, 3), false, 2f, c);
        assertTrue(c.sameBits(Tensor.full(2f, 2, 3)), "C = β·C when the product is empty");
    }

    @Test
    void allCloseAndSameBits() {
        Tensor a = Tensor.vector(1f, Float.NaN), b = Tensor.vector(1.0000001f, Float.NaN);
        assertTrue(!a.allClose(b, 0f, 0f));
        assertTrue(!a.allClose(b, 1e-5f, 0f)); // NaN equals nothing
        assertTrue(Tensor.vector(1f, 2f).allClose(Tensor.vector(1.0000001f, 2f), 1e-5f, 0f));
        // as torch.allclose: an infinity is close only to itself, even though rtol·∞ = ∞
        float inf = Float.POSITIVE_INFINITY;
        assertTrue(Tensor.vector(inf, -inf).allClose(Tensor.vector(inf, -inf), 1e-5f, 1e-8f));
        assertTrue(!Tensor.vector(1f).allClose(Tensor.vector(inf), 1e-5f, 1e-8f));
        assertTrue(!Tensor.vector(-inf).allClose(Tensor.vector(inf), 1e-5f, 1e-8f));
        assertTrue(!Tensor.vector(-3e38f).allClose(Tensor.vector(-inf), 1e-5f, 1e-8f));
        assertTrue(a.sameBits(Tensor.vector(1f, Float.NaN)));
        assertTrue(!Tensor.vector(0f).sameBits(Tensor.vector(-0f)));
        assertTrue(!Tensor.vector(1f).sameBits(Tensor.ones(1, 1)));
    }
}
