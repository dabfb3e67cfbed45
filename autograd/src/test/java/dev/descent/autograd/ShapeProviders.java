package dev.descent.autograd;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Provide;

/** The shape generators every gradient property draws from, named for {@code @ForAll("…")}. */
abstract class ShapeProviders {
    @Provide
    Arbitrary<int[]> dims() {
        return Gen.dims();
    }

    @Provide
    Arbitrary<int[]> dimsWithAxis() {
        return Gen.dimsWithAxis();
    }

    @Provide
    Arbitrary<int[][]> pair() {
        return Gen.broadcastPair();
    }
}
