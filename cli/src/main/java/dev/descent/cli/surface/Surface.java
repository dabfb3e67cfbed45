package dev.descent.cli.surface;

/**
 * A function of two variables with its analytic gradient: the landscape an optimizer walks on in
 * {@code descent trajectories}.
 *
 * <p>Each surface shows one difficulty of training: a narrow curved valley, a flat region, a saddle point, a cliff,
 * a local minimum. It carries a start point where that difficulty shows, and the window to draw.
 */
public interface Surface {

    /** Short name used on the command line, e.g. {@code rosenbrock}. */
    String name();

    /** The formula and what it shows, in one line. */
    String description();

    /** f(x, y). */
    double value(double x, double y);

    /** ∇f(x, y) = (∂f/∂x, ∂f/∂y). */
    double[] gradient(double x, double y);

    /** Where every optimizer starts. */
    double[] start();

    /** The plot window {xMin, xMax, yMin, yMax}. */
    double[] window();

    /** The global minimum (x, y), or null if f is unbounded below. */
    double[] minimum();

    /** A learning rate at which plain SGD makes visible progress without diverging. */
    double sgdLearningRate();

    /** A learning rate for the adaptive methods (AdaGrad, RMSprop, Adam…), whose steps are about this long. */
    double adaptiveLearningRate();

    /** Steps every optimizer takes by default. */
    int steps();
}
