package dev.descent.autograd;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws a recorded graph, for teaching and debugging: {@link #toDot} writes it in Graphviz's DOT language
 * ({@code dot -Tsvg graph.dot -o graph.svg}). Each operation is a box labelled with its name and output shape; each
 * leaf an ellipse with its name (or "parameter" / "constant") and shape, shaded if it requires a gradient; arrows run
 * from inputs to the operation that consumed them, numbered when an operation has several; the root has a double
 * border.
 */
public final class Graphs {
    private Graphs() {
    }

    /**
     * The graph that produced {@code root}, in DOT. The numbering (v0, v1, …) follows a depth-first walk from the
     * root that visits inputs in order, so the same graph always gives the same text.
     *
     * @throws IllegalStateException if backward has already freed the graph
     */
    public static String toDot(Variable root) {
        List<Variable> order = postOrder(root);
        Map<Variable, Integer> ids = new IdentityHashMap<>();
        for (Variable v : order) {
            ids.put(v, ids.size());
        }
        StringBuilder dot = new StringBuilder("digraph descent {\n  rankdir=BT;\n  node [fontname=\"Helvetica\"];\n");
        for (Variable v : order) {
            dot.append("  v").append(ids.get(v)).append(" [label=\"").append(escape(label(v))).append("\"");
            if (v.isLeaf()) {
                dot.append(", shape=ellipse").append(v.requiresGrad() ? ", style=filled, fillcolor=lightblue" : "");
            } else {
                dot.append(", shape=box");
            }
            dot.append(v == root ? ", peripheries=2];\n" : "];\n");
        }
        for (Variable v : order) {
            if (v.isLeaf()) {
                continue;
            }
            Variable[] inputs = v.inputs();
            for (int i = 0; i < inputs.length; i++) {
                dot.append("  v").append(ids.get(inputs[i])).append(" -> v").append(ids.get(v));
                dot.append(inputs.length > 1 ? " [label=\"" + i + "\"];\n" : ";\n");
            }
        }
        return dot.append("}\n").toString();
    }

    /** Every variable reachable from the root, each after all of its inputs (an iterative depth-first walk). */
    private static List<Variable> postOrder(Variable root) {
        List<Variable> order = new ArrayList<>();
        Map<Variable, Boolean> seen = new IdentityHashMap<>();
        List<Variable> stack = new ArrayList<>();
        List<Integer> next = new ArrayList<>();
        stack.add(root);
        next.add(0);
        seen.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            int top = stack.size() - 1;
            Variable v = stack.get(top);
            Variable[] inputs = v.isLeaf() ? new Variable[0] : inputsOf(v);
            int i = next.get(top);
            if (i < inputs.length) {
                next.set(top, i + 1);
                if (seen.put(inputs[i], Boolean.TRUE) == null) {
                    stack.add(inputs[i]);
                    next.add(0);
                }
            } else {
                order.add(v);
                stack.remove(top);
                next.remove(top);
            }
        }
        return order;
    }

    private static Variable[] inputsOf(Variable v) {
        if (v.freed()) {
            throw new IllegalStateException("toDot: the graph through '" + v.op() + "' " + v.shape()
                    + " was freed by backward(); draw it before backward, or call backward(seed, true) to keep it");
        }
        return v.inputs();
    }

    private static String label(Variable v) {
        String what = v.isLeaf() ? (v.requiresGrad() ? "parameter" : "constant") : v.op();
        String head = v.name() == null ? what : v.isLeaf() ? v.name() : v.name() + " = " + what;
        return head + "\n" + v.shape();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
