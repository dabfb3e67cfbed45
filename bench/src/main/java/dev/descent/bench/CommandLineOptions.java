package dev.descent.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The command lines of the benchmark programs: {@code --name value} pairs, and bare {@code --flag}s. */
final class CommandLineOptions {
    private CommandLineOptions() {
    }

    /**
     * Options by name (without the dashes); a flag named in {@code flags} maps to {@code "true"}.
     *
     * @throws IllegalArgumentException for an argument that is neither a flag nor a name followed by a value
     */
    static Map<String, String> parse(String[] args, String... flags) {
        Set<String> flagNames = Set.of(flags);
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name != null && flagNames.contains(name)) {
                options.put(name, "true");
            } else if (name != null && i + 1 < args.length) {
                options.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i]
                        + ": expected --name value (see the class Javadoc)");
            }
        }
        return options;
    }
}
