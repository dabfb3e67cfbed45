package dev.descent.nn;

import dev.descent.core.Shape;

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
