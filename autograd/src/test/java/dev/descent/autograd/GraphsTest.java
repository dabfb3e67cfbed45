package dev.descent.autograd;

import dev.descent.core.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GraphsTest {

    private static Variable example() {
        Variable x = Variable.constant(Tensor.ones(2, 3)).named("x");
        Variable w = Variable.parameter(Tensor.ones(3)).named("w");
        Variable h = x.mul(w).tanh().named("h");
        return h.add(h.mul(Variable.parameter(Tensor.scalar(2f)))).sum(); // h is used twice
    }

    @Test
    void drawsOperationsLeavesShapesAndEdgesInAFixedOrder() {
        String expected = """
                digraph descent {
                  rankdir=BT;
                  node [fontname="Helvetica"];
                  v0 [label="x\\n[2, 3]", shape=ellipse];
                  v1 [label="w\\n[3]", shape=ellipse, style=filled, fillcolor=lightblue];
                  v2 [label="mul\\n[2, 3]", shape=box];
                  v3 [label="h = tanh\\n[2, 3]", shape=box];
                  v4 [label="parameter\\n[]", shape=ellipse, style=filled, fillcolor=lightblue];
                  v5 [label="mul\\n[2, 3]", shape=box];
                  v6 [label="add\\n[2, 3]", shape=box];
                  v7 [label="sum\\n[]", shape=box, peripheries=2];
                  v0 -> v2 [label="0"];
                  v1 -> v2 [label="1"];
                  v2 -> v3;
                  v3 -> v5 [label="0"];
                  v4 -> v5 [label="1"];
                  v3 -> v6 [label="0"];
                  v5 -> v6 [label="1"];
                  v6 -> v7;
                }
                """;
        assertEquals(expected, Graphs.toDot(example()));
    }

    @Test
    void escapesQuotesInNamesAndDrawsALoneLeaf() {
        Variable leaf = Variable.parameter(Tensor.zeros(4)).named("say \"hi\"");
        assertEquals("""
                digraph descent {
                  rankdir=BT;
                  node [fontname="Helvetica"];
                  v0 [label="say \\"hi\\"\\n[4]", shape=ellipse, style=filled, fillcolor=lightblue, peripheries=2];
                }
                """, Graphs.toDot(leaf));
    }
}
