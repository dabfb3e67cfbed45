package dev.descent.train.metrics;

/** The names a table prints for a matrix's classes: the given ones, checked, or "0", "1", …. */
final class ClassNames {
    private ClassNames() {
    }

    static String[] of(ConfusionMatrix m, String[] given) {
        if (given == null) {
            String[] names = new String[m.classes()];
            for (int c = 0; c < names.length; c++) {
                names[c] = Integer.toString(c);
            }
            return names;
        }
        if (given.length != m.classes()) {
            throw new IllegalArgumentException(given.length + " class names for " + m.classes() + " classes");
        }
        for (int c = 0; c < given.length; c++) {
            if (given[c] == null) {
                throw new IllegalArgumentException("the name of class " + c + " is null");
            }
        }
        return given.clone();
    }
}
