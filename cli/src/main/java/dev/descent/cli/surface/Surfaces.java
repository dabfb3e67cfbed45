package dev.descent.cli.surface;

import dev.descent.cli.BadInputException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The surfaces {@code descent trajectories} knows, by name, in the order the lecture shows them. */
public final class Surfaces {

    private static final Map<String, Surface> BY_NAME = new LinkedHashMap<>();

    static {
        for (Surface s : List.of(new Rosenbrock(), new Beale(), new Saddle(), new PlateauCliff(), new TwoMinima())) {
            BY_NAME.put(s.name(), s);
        }
    }

    private Surfaces() {
    }

    public static List<Surface> all() {
        return List.copyOf(BY_NAME.values());
    }

    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** The surface called {@code name}, or a {@link BadInputException} listing the known ones. */
    public static Surface byName(String name) {
        Surface s = BY_NAME.get(name.toLowerCase(java.util.Locale.ROOT));
        if (s == null) {
            throw new BadInputException("unknown surface '" + name + "'; known: " + String.join(", ", names()));
        }
        return s;
    }
}
