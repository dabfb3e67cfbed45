package dev.descent.train;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;
import dev.descent.nn.Dropout;
import dev.descent.nn.Module;
import dev.descent.nn.io.DType;
import dev.descent.nn.io.SafeTensors;
import dev.descent.nn.loss.CrossEntropyLoss;
import dev.descent.optim.Adam;
import dev.descent.optim.AdamW;
import dev.descent.optim.Optimizer;
import dev.descent.optim.RmsProp;
import dev.descent.optim.Sgd;
import dev.descent.optim.StateDict;
import dev.descent.train.callbacks.EarlyStopping;
import dev.descent.train.callbacks.ModelCheckpoint;
import dev.descent.train.data.Dataset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damaged checkpoints — truncated, with flipped bits, with an entry removed, a number or a tensor forged (another
 * shape, NaN, ±Infinity, a negative second moment), or from another optimizer — resumed into a run: each is either
 * refused with an exception naming the file, the model, the optimizer and the Dropout generators left bit for bit as
 * they were, or resumed completely with finite state. Never another exception, never NaN in the resumed state.
 */
class CorruptCheckpointTest {
    private static final Function<Module, Optimizer<?>> ADAM = m -> Fixtures.adam(m, 1e-2);
    private static Path dir;
    private static byte[] valid;
    private static SafeTensors.Contents contents;
    static final Dataset TRAIN = Fixtures.argmaxTask(96, 64, 10, 1), VALIDATION = Fixtures.argmaxTask(32, 64, 10, 2);

    @BeforeContainer
    static void writeValidCheckpoint() throws IOException {
        dir = Files.createTempDirectory("descent-corrupt-ckpt");
        Path f = dir.resolve("valid.ckpt");
        Fixtures.trainer(Fixtures.mlp(1)).callbacks(new EarlyStopping("val_loss").patience(3), new ModelCheckpoint(f))
                .fit(TRAIN, VALIDATION, 1);
        valid = Files.readAllBytes(f);
        contents = SafeTensors.load(f);
    }

    @AfterContainer
    static void deleteFiles() throws IOException {
        Fixtures.deleteTree(dir);
    }

    @Property(tries = 40)
    void truncatedCheckpointsAreRefused(@ForAll @IntRange(max = 1 << 20) int cut) throws IOException {
        assertRefused(resume(Arrays.copyOf(valid, cut % valid.length), ADAM));
    }

    @Property(tries = 60)
    void flippedBitsFailCleanly(@ForAll @IntRange(max = 1 << 24) int bit) throws IOException {
        byte[] b = valid.clone();
        b[(bit >>> 3) % b.length] ^= (byte) (1 << (bit & 7));
        resume(b, ADAM);
    }

    /** Values a forged metadata entry may take. */
    static final String[] FORGED = {"", "-1", "0", "1", "1.5", "NaN", "Infinity", "-Infinity", "1e400", "abc",
            "2147483648", "9223372036854775808", "1,2", "1,2,3,", "epoch\n1,x", "Adam", "Sgd",
            "dev.descent.train.callbacks.CsvLogger"};

    @Property(tries = 80)
    void forgedMetadataFailsCleanly(@ForAll @IntRange(max = 10_000) int entry,
                                    @ForAll @IntRange(max = FORGED_COUNT - 1) int value) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>(contents.metadata());
        String key = List.copyOf(meta.keySet()).get(entry % meta.size());
        meta.put(key, FORGED[value]);
        resume(rewrite(contents.tensors(), meta), ADAM);
    }

    static final int FORGED_COUNT = 18;

    @Property(tries = 40)
    void aMissingEntryFailsCleanly(@ForAll @IntRange(max = 10_000) int entry) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>(contents.tensors());
        Map<String, String> meta = new LinkedHashMap<>(contents.metadata());
        List<String> keys = new ArrayList<>(tensors.keySet());
        keys.addAll(meta.keySet());
        String key = keys.get(entry % keys.size());
        if (tensors.remove(key) == null) {
            meta.remove(key);
        }
        Outcome o = resume(rewrite(tensors, meta), ADAM);
        if (key.startsWith("model.") || key.startsWith("rng.") || key.equals("optimizer")
                || key.startsWith("optimizer.group") || key.equals("epochs_completed") || key.equals("history")
                || key.equals("format") || key.matches("optimizer\\.state\\.\\d+\\.(step|exp_avg|exp_avg_sq)")) {
            assertRefused(o);
        }
    }

    static final float[] BAD_VALUES = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -1};

    @Property(tries = 60)
    void forgedTensorValuesAreRefused(@ForAll @IntRange(max = 10_000) int entry,
                                      @ForAll @IntRange(max = 1 << 16) int at, @ForAll @IntRange(max = 3) int bad)
            throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>(contents.tensors());
        String key = List.copyOf(tensors.keySet()).get(entry % tensors.size());
        Tensor t = tensors.get(key).copy();
        float v = BAD_VALUES[bad];
        t.setFlat(at % t.size(), v);
        tensors.put(key, t);
        Outcome o = resume(rewrite(tensors, contents.metadata()), ADAM);
        if (!Float.isFinite(v) || key.endsWith("exp_avg_sq") || key.endsWith("running_var")
                || key.endsWith("num_batches_tracked")) {
            assertRefused(o);
        }
    }

    @Property(tries = 30)
    void tensorsOfAnotherShapeAreRefused(@ForAll @IntRange(max = 10_000) int entry,
                                         @ForAll @IntRange(min = 1, max = 5) int extra) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>(contents.tensors());
        String key = List.copyOf(tensors.keySet()).get(entry % tensors.size());
        tensors.put(key, Tensor.zeros(tensors.get(key).size() + extra));
        assertRefused(resume(rewrite(tensors, contents.metadata()), ADAM));
    }

    @Property(tries = 6)
    void anotherOptimizerIsRefused(@ForAll @IntRange(max = 2) int kind) throws IOException {
        List<Function<Module, Optimizer<?>>> others = List.of(
                m -> new Sgd(m.parameters(), Sgd.defaults().withLr(0.1).withMomentum(0.9)),
                m -> new AdamW(m.parameters(), AdamW.defaults()),
                m -> new RmsProp(m.parameters(), RmsProp.defaults()));
        Outcome o = resume(valid, others.get(kind));
        assertRefused(o);
        assertTrue(o.error.getMessage().contains(": state dict was saved by Adam; this optimizer is "),
                o.error.getMessage());
    }

    // ---------------------------------------------------------------- resuming

    /** How a resume ended: {@code error} is null if it went through. */
    record Outcome(RuntimeException error) {
    }

    private static void assertRefused(Outcome o) {
        assertTrue(o.error != null, "a damaged checkpoint was resumed");
    }

    private static byte[] rewrite(Map<String, Tensor> tensors, Map<String, String> meta) throws IOException {
        Map<String, DType> dtypes = new LinkedHashMap<>();
        contents.dtypes().forEach((k, d) -> {
            if (tensors.containsKey(k) && d == DType.I64) {
                dtypes.put(k, d);
            }
        });
        Path f = dir.resolve("rewritten.ckpt");
        Map<String, Tensor> integral = new LinkedHashMap<>(tensors);
        // I64 cannot hold a forged NaN; such an entry is written as F32.
        dtypes.keySet().removeIf(k -> !Float.isFinite(integral.get(k).sum()));
        SafeTensors.save(integral, dtypes, meta, f);
        return Files.readAllBytes(f);
    }

    /**
     * Resumes a stepped model and optimizer from {@code bytes}; checks that a refusal names the file and changes
     * nothing, and that a resume leaves only finite state.
     */
    private static Outcome resume(byte[] bytes, Function<Module, Optimizer<?>> optimizerOf) throws IOException {
        Path f = Files.write(dir.resolve("damaged.ckpt"), bytes);
        Module model = Fixtures.mlp(2);
        Optimizer<?> optimizer = optimizerOf.apply(model);
        for (Variable p : model.parameters()) {
            p.setGrad(Tensor.full(0.5f, p.shape().dims()));
        }
        optimizer.step();
        Map<String, Tensor> weights = copy(model.stateDict());
        StateDict moments = optimizer.stateDict();
        List<long[]> rngs = rngs(model);
        Trainer t = new Trainer(model, new CrossEntropyLoss(), optimizer).batchSize(64).seed(3)
                .verbosity(Trainer.Verbosity.SILENT)
                .callbacks(new EarlyStopping("val_loss").patience(3)).resumeFrom(f);
        try {
            t.fit(TRAIN, VALIDATION, 1);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            String m = e.getMessage();
            assertTrue(m.startsWith(f + ": ") || m.startsWith("cannot resume from " + f + ": " + f + ": "), m);
            model.stateDict().forEach((k, v) -> assertTrue(v.sameBits(weights.get(k)), "refused, but changed " + k));
            StateDict after = optimizer.stateDict();
            assertEquals(moments.scalars(), after.scalars(), "refused, but changed the optimizer's numbers");
            moments.tensors().forEach((k, v) -> assertTrue(v.sameBits(after.tensors().get(k)), "changed " + k));
            List<long[]> rngsAfter = rngs(model);
            for (int i = 0; i < rngs.size(); i++) {
                assertArrayEquals(rngs.get(i), rngsAfter.get(i), "refused, but changed a Dropout generator");
            }
            return new Outcome(e);
        } catch (RuntimeException e) {
            throw new AssertionError("a damaged checkpoint gave " + e, e);
        }
        model.stateDict().forEach((k, v) -> assertTrue(Float.isFinite(v.sum()), k + " is not finite"));
        optimizer.stateDict().tensors().forEach((k, v) -> assertTrue(Float.isFinite(v.sum()), k));
        return new Outcome(null);
    }

    private static Map<String, Tensor> copy(Map<String, Tensor> state) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, v.copy()));
        return out;
    }

    private static List<long[]> rngs(Module model) {
        List<long[]> out = new ArrayList<>();
        model.namedModules().values().forEach(m -> {
            if (m instanceof Dropout d) {
                out.add(d.rng().state());
            }
        });
        return out;
    }
}
