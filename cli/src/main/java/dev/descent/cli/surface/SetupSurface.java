package dev.descent.cli.surface;

/** A {@link Surface} whose settings come from a {@link Setup}; subclasses give the formula and its gradient. */
abstract class SetupSurface implements Surface {

    private final Setup setup;

    SetupSurface(Setup setup) {
        this.setup = setup;
    }

    @Override
    public String name() {
        return setup.name();
    }

    @Override
    public String description() {
        return setup.description();
    }

    @Override
    public double[] start() {
        return setup.start().clone();
    }

    @Override
    public double[] window() {
        return setup.window().clone();
    }

    @Override
    public double[] minimum() {
        return setup.minimum() == null ? null : setup.minimum().clone();
    }

    @Override
    public double sgdLearningRate() {
        return setup.sgdLr();
    }

    @Override
    public double adaptiveLearningRate() {
        return setup.adaptiveLr();
    }

    @Override
    public int steps() {
        return setup.steps();
    }
}
