package dev.descent.core.kernel;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Same inputs, same bits, whatever the JIT has done: {@link JitStateProbe} runs in fresh JVMs (the same java binary
 * and class path as this test), once interpreted only ({@code -Xint}) and once from its first, interpreted calls
 * through 50 000 more, compiling synchronously ({@code -Xbatch}) so that C2's code runs well before the end. Every
 * call must give the cold call's bits; both JVMs must give the scalar kernels' bits, computed here; and the compile
 * log must show that C2 did compile the SIMD kernels under test. This is the check that caught
 * {@code lanewise(EXP)} changing from the Vector API's Java fallback to Intel's SVML when C2 compiled it.
 */
class JitStateTest {
    private static final Pattern BITS = Pattern.compile("^BITS (.+) (\\d+)$");
    /** A C2 (tier 4) compilation in {@code -XX:+PrintCompilation}'s log. */
    private static final Pattern C2_COMPILED =
            Pattern.compile("\\s4\\s+dev\\.descent\\.core\\.kernel\\.simd\\.SimdKernels::(\\w+) ");
    private static final Set<String> SIMD_KERNELS_UNDER_TEST =
            Set.of("exp", "log", "finishTanh", "sum", "dot", "sumSquaredDeviations");

    @Test
    void kernelsGiveTheSameBitsColdInterpretedAndC2Compiled() throws Exception {
        Map<String, Long> scalar = JitStateProbe.digests(JitStateProbe.results(new ScalarKernels()));

        List<String> warm = runProbe(50_000, "-Xbatch", "-XX:+PrintCompilation");
        List<String> mismatches = warm.stream().filter(l -> l.startsWith("MISMATCH")).toList();
        assertTrue(mismatches.isEmpty(), "bits changed between the cold call and later ones:\n"
                + String.join("\n", mismatches));
        Map<String, Long> warmBits = bits(warm);
        assertEquals(warmBits.get("softmax"), warmBits.get("Tensor.softmax"), "Tensor.softmax vs the kernels' steps");
        warmBits.remove("Tensor.softmax");
        assertEquals(scalar, warmBits, "the SIMD kernels (cold, then compiled) vs the scalar kernels");
        if (warm.contains("KERNELS " + VectorizationProvider.kernels().name())
                && VectorizationProvider.kernels().name().startsWith("simd")) {
            Set<String> compiled = new TreeSet<>();
            for (String line : warm) {
                Matcher m = C2_COMPILED.matcher(line);
                if (m.find()) {
                    compiled.add(m.group(1));
                }
            }
            assertTrue(compiled.containsAll(SIMD_KERNELS_UNDER_TEST),
                    "C2 compiled only " + compiled + " of " + SIMD_KERNELS_UNDER_TEST);
        }

        Map<String, Long> interpreted = bits(runProbe(0, "-Xint"));
        interpreted.remove("Tensor.softmax");
        assertEquals(scalar, interpreted, "the SIMD kernels, interpreted only, vs the scalar kernels");
    }

    /** Runs {@link JitStateProbe} in a new JVM and returns its output lines, failing if it fails. */
    private static List<String> runProbe(int warmUps, String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-modules");
        command.add("jdk.incubator.vector");
        command.addAll(List.of(jvmOptions));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(JitStateProbe.class.getName());
        command.add(Integer.toString(warmUps));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the probe did not finish: " + command);
        }
        assertEquals(0, p.exitValue(), "the probe failed:\n" + out);
        return out.lines().toList();
    }

    private static Map<String, Long> bits(List<String> lines) {
        Map<String, Long> bits = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher m = BITS.matcher(line);
            if (m.matches()) {
                bits.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        assertTrue(bits.containsKey("softmax"), "no results in the probe's output:\n" + String.join("\n", lines));
        return bits;
    }
}
