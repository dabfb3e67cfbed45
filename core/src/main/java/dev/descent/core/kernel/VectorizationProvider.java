package dev.descent.core.kernel;

import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Chooses between the scalar kernels and their Vector API twins, the way Apache Lucene's vectorization provider does.
 *
 * <p>The SIMD implementations live in packages that alone import {@code jdk.incubator.vector}; nothing else names a
 * Vector API type, so Descent runs on any JDK 17+ without the module. They are loaded by class name, and only when
 * the module is readable — that is, when the JVM was started with {@code --add-modules jdk.incubator.vector}.
 * Otherwise the scalar kernels are used and one {@link System.Logger} warning says which flag to add.
 *
 * <p>{@code -Ddescent.simd=false} forces the scalar kernels (for tests and for comparing the two).
 */
public final class VectorizationProvider {
    /** The system property that, set to {@code false}, forces the scalar kernels. */
    public static final String SIMD_PROPERTY = "descent.simd";
    static final String VECTOR_MODULE = "jdk.incubator.vector";

    private static final System.Logger LOG = System.getLogger(VectorizationProvider.class.getName());
    private static final AtomicBoolean HINT_LOGGED = new AtomicBoolean();
    private static final Kernels KERNELS =
            load(Kernels.class, "dev.descent.core.kernel.simd.SimdKernels", ScalarKernels::new);

    private VectorizationProvider() {
    }

    /** The kernels this JVM runs: SIMD when available and not disabled, scalar otherwise. */
    public static Kernels kernels() {
        return KERNELS;
    }

    /** Whether {@code -Ddescent.simd=false} was given. */
    public static boolean simdDisabled() {
        return "false".equalsIgnoreCase(System.getProperty(SIMD_PROPERTY, "true").trim());
    }

    /** Whether the Vector API module is present in the boot layer and readable by Descent. */
    public static boolean vectorModuleReadable() {
        Optional<Module> vector = ModuleLayer.boot().findModule(VECTOR_MODULE);
        return vector.isPresent() && VectorizationProvider.class.getModule().canRead(vector.get());
    }

    /**
     * Loads the SIMD implementation of a kernel interface when it can run, else returns the scalar one. Other modules
     * (for example the optimizers' fused update kernels) use this for their own kernel interfaces.
     *
     * @param type          the kernel interface
     * @param simdClassName the fully qualified name of the Vector API implementation, with a public no-arg
     *                      constructor that throws {@link UnsupportedOperationException} if the hardware's vectors are
     *                      too narrow to help
     * @param scalar        makes the scalar implementation
     */
    public static <T> T load(Class<T> type, String simdClassName, Supplier<? extends T> scalar) {
        if (simdDisabled()) {
            return scalar.get();
        }
        if (!vectorModuleReadable()) {
            if (HINT_LOGGED.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "Descent runs its scalar kernels because the Vector API module is not "
                        + "readable; start Java with --add-modules " + VECTOR_MODULE + " for SIMD kernels "
                        + "(or set -D" + SIMD_PROPERTY + "=false to silence this).");
            }
            return scalar.get();
        }
        try {
            Object simd = Class.forName(simdClassName).getConstructor().newInstance();
            return type.cast(simd);
        } catch (ReflectiveOperationException | LinkageError | UnsupportedOperationException | ClassCastException e) {
            LOG.log(Level.WARNING, "Descent runs its scalar " + type.getSimpleName() + " because " + simdClassName
                    + " could not be used: " + e);
            return scalar.get();
        }
    }
}
