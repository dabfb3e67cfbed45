package dev.descent.optim;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * State dicts with one value damaged — a NaN, an infinity or a negative number in a moment, any number in place of a
 * step count, a group size or a hyper-parameter — for every optimizer: either refused with an
 * {@link IllegalArgumentException} naming the entry, the optimizer bit-identical to before, or loaded completely.
 * A NaN or an infinity never gets into optimizer state, nor a negative value into an accumulated square.
 */
class CorruptStateDictTest {
    /** Accumulated squares or magnitudes of every optimizer: never negative. */
    static final Set<String> NON_NEGATIVE = Set.of("exp_avg_sq", "max_exp_avg_sq", "square_avg", "acc_delta", "sum",
            "exp_inf");
    static final float[] BAD_FLOATS = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -1e-30f, -1};
    static final double[] ODD_SCALARS = {Double.NaN, Double.POSITIVE_INFINITY, -1, -0.0, 0.5, 0, 1, 2, 1e300,
            0x1p53 + 2};

    /** A stepped optimizer of configuration {@code c} (state for every parameter) and a differently stepped target. */
    private static Optimizer<?>[] pair(int c) {
        List<ResumeTest.Config> configs = ResumeTest.configs(1.0);
        ResumeTest.Config config = configs.get(c % configs.size());
        Optimizer<?> source = stepped(config, 7, 6);
        Optimizer<?> target = stepped(ResumeTest.configs(3.0).get(c % configs.size()), 99, 2);
        return new Optimizer<?>[] {source, target};
    }

    private static Optimizer<?> stepped(ResumeTest.Config config, long seed, int steps) {
        List<Variable> p = ResumeTest.flat(ResumeTest.params(seed));
        Optimizer<?> o = config.make().apply(List.of(p.subList(0, 2), p.subList(2, 3)));
        for (int k = 0; k < steps; k++) {
            ResumeTest.feed(p, k);
            o.step();
        }
        return o;
    }

    @Property(tries = 80)
    void damagedStateTensorsAreRefused(@ForAll @IntRange(max = 100) int config, @ForAll @IntRange(max = 100) int entry,
                                       @ForAll @IntRange(max = 1000) int at, @ForAll @IntRange(max = 4) int bad) {
        Optimizer<?>[] o = pair(config);
        StateDict good = o[0].stateDict();
        if (good.tensors().isEmpty()) {
            return; // plain SGD keeps no tensors
        }
        String key = List.copyOf(good.tensors().keySet()).get(entry % good.tensors().size());
        Tensor t = good.tensors().get(key).copy();
        int i = at % t.size();
        float v = BAD_FLOATS[bad];
        t.setFlat(i, v);
        Map<String, Tensor> tensors = new LinkedHashMap<>(good.tensors());
        tensors.put(key, t);
        boolean refuse = !Float.isFinite(v) || NON_NEGATIVE.contains(key.substring(key.lastIndexOf('.') + 1));
        String refusal = load(o[1], new StateDict(good.optimizer(), tensors, good.scalars()));
        if (refuse) {
            assertTrue(refusal != null && refusal.contains("state dict entry " + key + " holds " + v
                    + " at flat index " + i + " (shape " + t.shape() + ")"), key + " " + v + ": " + refusal);
        } else {
            assertEquals(null, refusal, key + " " + v);
            assertTrue(o[1].stateDict().tensors().get(key).sameBits(t), key);
        }
    }

    @Property(tries = 80)
    void damagedScalarsAreRefusedOrLoadedWhole(@ForAll @IntRange(max = 100) int config,
                                               @ForAll @IntRange(max = 1000) int entry,
                                               @ForAll @IntRange(max = 9) int odd) {
        Optimizer<?>[] o = pair(config);
        StateDict good = o[0].stateDict();
        String key = List.copyOf(good.scalars().keySet()).get(entry % good.scalars().size());
        Map<String, Double> scalars = new LinkedHashMap<>(good.scalars());
        scalars.put(key, ODD_SCALARS[odd]);
        String refusal = load(o[1], new StateDict(good.optimizer(), good.tensors(), scalars));
        if (refusal == null) {
            Map<String, Double> loaded = o[1].stateDict().scalars();
            scalars.forEach((k, v) -> assertTrue(v.doubleValue() == loaded.get(k), k + " after loading " + key + " = "
                    + v + ": " + loaded.get(k)));
            loaded.forEach((k, v) -> assertTrue(Double.isFinite(v), k + " = " + v));
        } else {
            // A hyper-parameter is reported with its group ("entries group.0.*: Adam lr must be a finite number ≥ 0", "state dict
            // group 0: SGD: Nesterov momentum requires…"), a count as what it counts ("group 0 has 3 parameters").
            String group = key.startsWith("group.") ? key.substring(0, key.indexOf('.', 6) + 1) : key;
            boolean named = refusal.contains(key) || refusal.contains(group + "*")
                    || key.equals("groups") && refusal.contains(" parameter groups; this ")
                    || key.startsWith("group.") && refusal.contains("state dict " + group.replace('.', ' ').strip());
            assertTrue(named, key + ": " + refusal);
        }
    }

    /** State every optimizer keeps for each parameter it updated, whatever its options. */
    static final Set<String> REQUIRED = Set.of("step", "exp_avg", "exp_avg_sq", "exp_inf", "sum", "square_avg",
            "acc_delta", "mu_product");

    @Property(tries = 60)
    void aMissingEntryIsRefusedOrNotNeeded(@ForAll @IntRange(max = 100) int config,
                                           @ForAll @IntRange(max = 1000) int entry) {
        Optimizer<?>[] o = pair(config);
        StateDict good = o[0].stateDict();
        Map<String, Tensor> tensors = new LinkedHashMap<>(good.tensors());
        Map<String, Double> scalars = new LinkedHashMap<>(good.scalars());
        List<String> keys = new java.util.ArrayList<>(tensors.keySet());
        keys.addAll(scalars.keySet());
        String key = keys.get(entry % keys.size());
        if (tensors.remove(key) == null) {
            scalars.remove(key);
        }
        String refusal = load(o[1], new StateDict(good.optimizer(), tensors, scalars));
        boolean needed = !key.startsWith("state.") || REQUIRED.contains(key.substring(key.lastIndexOf('.') + 1));
        if (needed) {
            assertTrue(refusal != null, "loaded without " + key);
            assertTrue(refusal.contains(key), key + ": " + refusal);
        }
    }

    @Property(tries = 20)
    void finiteMomentsOfEitherSignLoad(@ForAll @FloatRange(min = -1e30f, max = 1e30f) float v,
                                       @ForAll @DoubleRange(min = 0, max = 1) double where) {
        Optimizer<?>[] o = pair(4); // Adam AMSGrad: exp_avg may be negative, exp_avg_sq not
        StateDict good = o[0].stateDict();
        Tensor t = good.tensors().get("state.0.exp_avg").copy();
        t.setFlat((int) (where * (t.size() - 1)), v);
        Map<String, Tensor> tensors = new LinkedHashMap<>(good.tensors());
        tensors.put("state.0.exp_avg", t);
        assertEquals(null, load(o[1], new StateDict(good.optimizer(), tensors, good.scalars())));
    }

    /** Loads {@code sd}; null if it loaded, else the refusal's message, after checking nothing changed. */
    private static String load(Optimizer<?> target, StateDict sd) {
        StateDict before = target.stateDict();
        try {
            target.loadStateDict(sd);
            return null;
        } catch (IllegalArgumentException e) {
            StateDict after = target.stateDict();
            assertEquals(before.scalars(), after.scalars(), "a refused state dict changed the scalars");
            assertEquals(before.tensors().keySet(), after.tensors().keySet());
            before.tensors().forEach((k, t) -> assertTrue(t.sameBits(after.tensors().get(k)), k));
            return e.getMessage();
        } catch (RuntimeException e) {
            fail("not an IllegalArgumentException: " + e);
            return null;
        }
    }
}
