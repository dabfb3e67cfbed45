package dev.descent.nn;

import dev.descent.autograd.GradCheck;
import dev.descent.autograd.Variable;
import dev.descent.core.Parallel;
import dev.descent.core.Rng;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;
import dev.descent.nn.io.SafeTensors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Conv2d's fused im2col path against its nested-loop twin ({@link ConvolutionReference}) on random geometries, its
 * gradients against finite differences, the same bits on one thread and two, frozen parameters, initialization,
 * weight files, shapes and errors. (PyTorch's own values are checked in {@link NnExtraReferenceTest}.)
 */
class Conv2dTest {

    /** A random geometry: groups 1–3, up to 3 channels per group, kernel up to 4, stride up to 3, padding up to half
     * the kernel, dilation up to 2, batch up to 11 (so up to two blocks of images), and an input the kernel fits. */
    @Property(tries = 40)
    void fusedPathAgreesWithNestedLoops(@ForAll long seed) {
        Rng rng = new Rng(seed);
        int groups = 1 + rng.nextInt(3), cg = 1 + rng.nextInt(3), og = 1 + rng.nextInt(3);
        int kh = 1 + rng.nextInt(4), kw = 1 + rng.nextInt(4);
        Window2d win = Window2d.of(kh, kw).stride(1 + rng.nextInt(3), 1 + rng.nextInt(3))
                .padding(rng.nextInt(kh / 2 + 1), rng.nextInt(kw / 2 + 1))
                .dilation(1 + rng.nextInt(2), 1 + rng.nextInt(2));
        int h = Math.max(1, win.dh() * (kh - 1) + 1 - 2 * win.ph() + rng.nextInt(6));
        int w = Math.max(1, win.dw() * (kw - 1) + 1 - 2 * win.pw() + rng.nextInt(6));
        int n = 1 + rng.nextInt(11);
        boolean bias = rng.nextInt(4) > 0;
        Tensor x = Tensor.normal(rng, 0, 1, n, groups * cg, h, w);
        Tensor wt = Tensor.normal(rng, 0, 1, groups * og, cg, kh, kw);
        Tensor b = bias ? Tensor.normal(rng, 0, 1, groups * og) : null;
        Tensor g = Tensor.normal(rng, 0, 1, n, groups * og, win.outHeight(h), win.outWidth(w));

        Variable xv = Variable.parameter(x.copy()), wv = Variable.parameter(wt.copy());
        Variable bv = bias ? Variable.parameter(b.copy()) : null;
        Variable y = Conv2d.apply(xv, wv, bv, win, groups);
        y.backward(g);
        ConvolutionReference ref = new ConvolutionReference(x, wt, b, win, groups, g);
        String at = "x " + x.shape() + " w " + wt.shape() + " " + win + " groups " + groups;
        assertClose(at + ": output", y.value(), ref.y);
        assertClose(at + ": ∂x", xv.grad(), ref.dx);
        assertClose(at + ": ∂w", wv.grad(), ref.dw);
        if (bias) {
            assertClose(at + ": ∂b", bv.grad(), ref.db);
        }
    }

    /** Relative 1e-4 with an absolute floor of 1e-5 of the largest magnitude (for sums that cancel). */
    private static void assertClose(String what, Tensor actual, Tensor expected) {
        assertEquals(expected.shape(), actual.shape(), what);
        float scale = Math.max(1f, expected.abs().max());
        assertTrue(actual.allClose(expected, 1e-4f, 1e-5f * scale), () -> what + ":\nfused " + actual + "\ntwin  "
                + expected);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Rng rng = new Rng(7);
        for (Window2d win : new Window2d[] {Window2d.square(3), Window2d.of(2, 3).stride(2, 1).padding(1, 1),
                Window2d.square(2).dilation(2).padding(1), Window2d.square(1)}) {
            for (int groups : new int[] {1, 2}) {
                Tensor x = Tensor.normal(rng, 0, 1, 2, 4, 5, 4);
                Tensor w = Tensor.normal(rng, 0, 0.5f, 2, 4 / groups, win.kh(), win.kw());
                Tensor b = Tensor.normal(rng, 0, 1, 2);
                GradCheck.Report r = GradCheck.check(v -> Conv2d.apply(v[0], v[1], v[2], win, groups).tanh().sum(),
                        x, w, b);
                assertTrue(r.passed(), () -> win + " groups " + groups + "\n" + r);
            }
        }
    }

    @Test
    void sameBitsOnOneAndTwoThreads() {
        int before = Parallel.threads();
        try {
            Rng rng = new Rng(11);
            // 19 images: three blocks, so the parameter gradients really are summed per block
            Tensor x = Tensor.normal(rng, 0, 1, 19, 6, 12, 11);
            Tensor w = Tensor.normal(rng, 0, 1, 8, 3, 3, 3);
            Tensor b = Tensor.normal(rng, 0, 1, 8);
            Window2d win = Window2d.square(3).padding(1).stride(1, 2);
            Tensor g = Tensor.normal(rng, 0, 1, 19, 8, 12, 6);
            Parallel.setThreads(1);
            Tensor[] one = run(x, w, b, win, g);
            Parallel.setThreads(2);
            Tensor[] two = run(x, w, b, win, g);
            for (int i = 0; i < one.length; i++) {
                assertArrayEquals(one[i].toArray(), two[i].toArray(), "tensor " + i);
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    private static Tensor[] run(Tensor x, Tensor w, Tensor b, Window2d win, Tensor g) {
        Variable xv = Variable.parameter(x.copy()), wv = Variable.parameter(w.copy()), bv = Variable.parameter(b);
        Variable y = Conv2d.apply(xv, wv, bv, win, 2);
        y.backward(g);
        Variable m = new MaxPool2d(3, 2, 1).forward(xv.detach().requiresGrad(true));
        Variable a = new AvgPool2d(Window2d.square(3).stride(2).padding(1), false).forward(y.detach()
                .requiresGrad(true));
        return new Tensor[] {y.value(), xv.grad(), wv.grad(), bv.grad(), m.value(), a.value()};
    }

    @Test
    void frozenWeightGetsNoGradientAndTheRestIsUnchanged() {
        Rng rng = new Rng(3);
        Conv2d conv = new Conv2d(3, 4, Window2d.square(3).padding(1), 1, true, WeightInit.PYTORCH_DEFAULT, rng);
        Tensor x = Tensor.normal(rng, 0, 1, 10, 3, 5, 5);
        Tensor g = Tensor.normal(rng, 0, 1, 10, 4, 5, 5);
        Variable x1 = Variable.parameter(x.copy());
        conv.forward(x1).backward(g);
        Tensor dx = x1.grad(), db = conv.bias().grad();
        conv.zeroGrad();
        conv.weight().requiresGrad(false);
        Variable x2 = Variable.parameter(x.copy());
        conv.forward(x2).backward(g);
        assertNull(conv.weight().grad());
        assertArrayEquals(dx.toArray(), x2.grad().toArray());
        assertArrayEquals(db.toArray(), conv.bias().grad().toArray());
    }

    @Test
    void dataInputGetsNoGradientButTheParametersDo() {
        Conv2d conv = new Conv2d(2, 3, 3);
        Variable y = conv.forward(Tensor.ones(2, 2, 4, 4));
        y.sum().backward();
        assertEquals(Shape.of(3, 2, 3, 3), conv.weight().grad().shape());
        // every tap of every output sees a 1: ∂/∂W = N·OH·OW = 2·2·2 = 8, ∂/∂b = 8
        assertTrue(conv.weight().grad().allClose(Tensor.full(8f, 3, 2, 3, 3), 0f, 0f));
        assertTrue(conv.bias().grad().allClose(Tensor.full(8f, 3), 0f, 0f));
    }

    @Test
    void pytorchDefaultInitializationDrawsWithinTheFanInBound() {
        Conv2d conv = new Conv2d(6, 32, Window2d.of(3, 5), 2, true, WeightInit.PYTORCH_DEFAULT, new Rng(5));
        double bound = 1 / Math.sqrt(3 * 3 * 5); // fan_in = (6/2)·3·5
        for (Tensor t : new Tensor[] {conv.weight().value(), conv.bias().value()}) {
            assertTrue(t.abs().max() <= bound, () -> "max " + t.abs().max() + " > " + bound);
        }
        assertTrue(conv.weight().value().abs().max() > 0.95 * bound, "draws should reach near the bound");
        assertEquals(Shape.of(32, 3, 3, 5), conv.weight().shape());
    }

    @Test
    void unbatchedInputGivesUnbatchedOutput() {
        Conv2d conv = new Conv2d(2, 3, 3, 1, 1);
        Tensor x = Tensor.normal(new Rng(1), 0, 1, 2, 4, 5);
        Variable y = conv.forward(x);
        assertEquals(Shape.of(3, 4, 5), y.shape());
        assertArrayEquals(conv.forward(x.reshape(1, 2, 4, 5)).value().toArray(), y.value().toArray());
        Variable p = new MaxPool2d(2).forward(x);
        assertEquals(Shape.of(2, 2, 2), p.shape());
    }

    @Test
    void weightFileRoundTrip(@TempDir Path dir) throws IOException {
        DefaultGenerator.manualSeed(1);
        Sequential a = cnn();
        DefaultGenerator.manualSeed(2);
        Sequential b = cnn();
        Tensor x = Tensor.normal(new Rng(9), 0, 1, 3, 1, 8, 8);
        float[] before = b.forward(x).value().toArray();
        Path f = dir.resolve("cnn.safetensors");
        SafeTensors.save(a, Map.of(), f);
        SafeTensors.load(b, f);
        assertEquals(java.util.List.of("0.weight", "0.bias", "3.weight", "3.bias", "6.weight", "6.bias"),
                java.util.List.copyOf(b.stateDict().keySet()));
        assertArrayEquals(a.forward(x).value().toArray(), b.forward(x).value().toArray());
        assertTrue(!java.util.Arrays.equals(before, b.forward(x).value().toArray()), "the load changed b");
    }

    private static Sequential cnn() {
        return new Sequential(new Conv2d(1, 4, 3, 1, 1), new ReLU(), new MaxPool2d(2), new Conv2d(4, 8, 3),
                new ReLU(), new AvgPool2d(2), new Linear(1, 5));
    }

    @Test
    void summaryShowsShapesAndParameterCounts() {
        Sequential model = new Sequential(new Conv2d(1, 8, 3), new ReLU(), new MaxPool2d(2),
                new Conv2d(8, 16, 3, 1, 1), new AvgPool2d(2), new Flatten(), new Linear(16 * 6 * 6, 10));
        String s = model.summary(32, 1, 28, 28);
        assertTrue(s.contains("0 (Conv2d)"), s);
        assertTrue(s.contains("[32, 8, 26, 26]"), s);
        assertTrue(s.contains("[32, 8, 13, 13]"), s);
        assertTrue(s.contains("[32, 16, 13, 13]"), s);
        assertTrue(s.contains("[32, 16, 6, 6]"), s);
        assertTrue(s.contains("Total params: " + String.format("%,d", 80 + 1168 + 5770)), s);
        assertEquals("Conv2d(8, 16, kernel=3, padding=1)", model.namedChildren().get("3").toString());
        assertEquals("MaxPool2d(kernel=2)", new MaxPool2d(2).toString());
        assertEquals("AvgPool2d(kernel=(3, 2), stride=1, padding=(1, 0), count_include_pad=False)",
                new AvgPool2d(Window2d.of(3, 2).padding(1, 0), false).toString());
        assertEquals("Conv2d(4, 4, kernel=(1, 3), stride=2, dilation=(2, 1), groups=4, bias=False)",
                new Conv2d(4, 4, Window2d.of(1, 3).stride(2).dilation(2, 1), 4, false).toString());
    }

    @Test
    void errorsNameTheLayerAndTheShapes() {
        Conv2d conv = new Conv2d(1, 8, 3);
        assertMessage("Conv2d(1, 8, kernel=3): input [32, 3, 28, 28] has 3 channels, expected 1",
                () -> conv.forward(Tensor.zeros(32, 3, 28, 28)));
        assertMessage("Conv2d(1, 8, kernel=3): input 2×2 is smaller than the kernel 3×3",
                () -> conv.forward(Tensor.zeros(4, 1, 2, 2)));
        assertMessage("Conv2d(1, 8, kernel=3, dilation=2): input 4×5 is smaller than the dilated kernel 5×5",
                () -> new Conv2d(1, 8, Window2d.square(3).dilation(2)).outputShape(Shape.of(1, 1, 4, 5)));
        assertMessage("Conv2d(1, 8, kernel=5, padding=1): input 2×2 is smaller than the kernel 5×5 after padding 1 "
                + "(4×4)", () -> new Conv2d(1, 8, 5, 1, 1).forward(Tensor.zeros(1, 1, 2, 2)));
        assertMessage("Conv2d(1, 8, kernel=3): input [1, 28, 28, 1, 1] should be [N, C, H, W] or [C, H, W]",
                () -> conv.forward(Tensor.zeros(1, 28, 28, 1, 1)));
        assertMessage("Conv2d(6, 4, kernel=3, groups=4): need positive channel counts divisible by groups, got "
                + "in_channels=6 out_channels=4 groups=4", () -> new Conv2d(6, 4, Window2d.square(3), 4, true));
        assertMessage("conv2d: input [2, 3, 5, 5], weight [4, 2, 3, 3], bias none, kernel=3, groups=1: need input "
                + "[N, C, H, W] or [C, H, W], weight [O, C/groups, kh, kw] with O divisible by groups, bias [O]",
                () -> Conv2d.apply(Variable.constant(Tensor.zeros(2, 3, 5, 5)),
                        Variable.parameter(Tensor.zeros(4, 2, 3, 3)), null, Window2d.square(3), 1));
        assertMessage("window: need kernel, stride and dilation ≥ 1 and padding ≥ 0, got kernel=3 stride=0 padding=0 "
                + "dilation=1", () -> Window2d.square(3).stride(0));
        assertMessage("MaxPool2d(kernel=2, padding=2): padding should be at most half the kernel size, got padding=2 "
                + "for kernel 2", () -> new MaxPool2d(2, 2, 2));
        assertMessage("AvgPool2d(kernel=2, dilation=2): average pooling has no dilation",
                () -> new AvgPool2d(Window2d.square(2).stride(2).dilation(2), true));
        assertMessage("MaxPool2d(kernel=2): input 1×1 is smaller than the kernel 2×2",
                () -> new MaxPool2d(2).forward(Tensor.zeros(1, 1, 1, 1)));
        assertMessage("AvgPool2d(kernel=2): input [4, 4] should be [N, C, H, W] or [C, H, W]",
                () -> new AvgPool2d(2).forward(Tensor.zeros(4, 4)));
        assertMessage("BatchNorm2d(3): expected input of shape [N, 3, H, W], got [2, 3, 4]",
                () -> new BatchNorm2d(3).forward(Tensor.zeros(2, 3, 4)));
        assertMessage("BatchNorm2d(3): training needs more than 1 value per channel, got input of shape [1, 3, 1, 1] "
                + "(use eval() for single examples)", () -> new BatchNorm2d(3).forward(Tensor.zeros(1, 3, 1, 1)));
    }

    private static void assertMessage(String expected, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertEquals(expected, e.getMessage());
    }
}
