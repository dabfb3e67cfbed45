package dev.descent.nn;

import dev.descent.core.Shape;
import dev.descent.core.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares a state (names and shapes, from a map or a weight file's header) with a module's entries before anything
 * is loaded, so that every problem can be reported at once and a failed load changes nothing.
 */
public final class StateCheck {
    private StateCheck() {
    }

    /**
     * The problems with loading {@code given} into {@code expected}: a shape that differs, and with {@code strict}
     * also a name missing from {@code given} or one that {@code expected} does not have.
     */
    public static List<String> problems(Map<String, StateEntry> expected, Map<String, Shape> given, boolean strict) {
        List<String> problems = new ArrayList<>();
        expected.forEach((name, e) -> {
            Shape s = given.get(name);
            if (s == null) {
                if (strict) {
                    problems.add("missing " + name + " (" + kindLabel(e.kind()) + " of shape " + e.value().shape()
                            + ")");
                }
            } else if (!s.equals(e.value().shape())) {
                problems.add("shape of " + name + " is " + s + " but the module's is " + e.value().shape());
            }
        });
        if (strict) {
            given.forEach((name, s) -> {
                if (!expected.containsKey(name)) {
                    problems.add("unexpected " + name + " (shape " + s + "), which the module does not have");
                }
            });
        }
        return problems;
    }

    /** Adds a problem if {@code t}, given for the entry {@code name}, holds a NaN or an infinity (the first one). */
    public static void nonFinite(String name, Tensor t, List<String> problems) {
        firstBad(name, t, v -> !Float.isFinite(v), "", problems);
    }

    /**
     * Adds a problem naming the first value of {@code t} (given for {@code name}) that is {@code bad}, with
     * {@code why} appended.
     */
    public static void firstBad(String name, Tensor t, FloatPredicate bad, String why, List<String> problems) {
        float[] a = t.array();
        for (int i = 0, o = t.offset(); i < t.size(); i++) {
            if (bad.test(a[o + i])) {
                problems.add("value of " + name + " is " + a[o + i] + " at flat index " + i + why);
                return;
            }
        }
    }

    /** A test of one float, unboxed. */
    @FunctionalInterface
    public interface FloatPredicate {
        boolean test(float v);
    }

    /** One message listing every problem, for the module named {@code what}. */
    public static String describe(String what, List<String> problems) {
        StringBuilder sb = new StringBuilder("state does not fit ").append(what).append(": ").append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems");
        for (String p : problems) {
            sb.append("\n  - ").append(p);
        }
        return sb.toString();
    }

    private static String kindLabel(StateEntry.Kind kind) {
        return kind == StateEntry.Kind.PARAMETER ? "parameter" : "buffer";
    }
}
