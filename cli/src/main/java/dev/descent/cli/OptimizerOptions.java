package dev.descent.cli;

import dev.descent.cli.experiment.PlateauSpec;
import dev.descent.cli.experiment.Regimen;
import dev.descent.cli.experiment.ScheduleSpec;
import dev.descent.cli.optimizer.Hyper;
import dev.descent.cli.optimizer.OptimizerKind;
import picocli.CommandLine.Option;

/** One optimizer with its hyper-parameters and schedule: {@code train} and {@code sweep}. */
public final class OptimizerOptions {

    @Option(names = {"-O", "--optimizer"}, paramLabel = "NAME", defaultValue = "momentum",
            description = "sgd, momentum, nesterov, adagrad, adadelta, rmsprop, adam, adamw, adamax, nadam, radam "
                    + "(default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: the optimizer's; "
            + "sgd 0.1, momentum/nesterov 0.05, adagrad 0.05, adadelta 1, rmsprop/adam/adamw 0.001).")
    Double lr;

    @Option(names = "--momentum", paramLabel = "M", description = "Momentum (sgd, momentum, nesterov, rmsprop).")
    Double momentum;

    @Option(names = "--beta1", paramLabel = "B1", description = "β1 of the Adam family.")
    Double beta1;

    @Option(names = "--beta2", paramLabel = "B2", description = "β2 of the Adam family.")
    Double beta2;

    @Option(names = "--eps", paramLabel = "EPS", description = "ε of the adaptive methods.")
    Double eps;

    @Option(names = "--weight-decay", paramLabel = "LAMBDA",
            description = "Weight decay (L2 in the gradient; decoupled for adamw).")
    Double weightDecay;

    @Option(names = "--decay", paramLabel = "D",
            description = "Time-based decay of the SGD family: lr / (1 + D·t), t counting steps.")
    Double decay;

    @Option(names = "--rho", paramLabel = "RHO", description = "AdaDelta's ρ.")
    Double rho;

    @Option(names = "--alpha", paramLabel = "ALPHA", description = "RMSprop's smoothing constant.")
    Double alpha;

    @Option(names = "--schedule", paramLabel = "SCHEDULE", defaultValue = "constant", description = ScheduleSpec.HELP)
    String schedule;

    @Option(names = "--plateau", paramLabel = "FACTOR[:PATIENCE[:COOLDOWN[:MIN_LR]]]", arity = "0..1",
            fallbackValue = PlateauSpec.DEFAULT,
            description = "Multiply the rate by FACTOR once val_loss has not fallen for PATIENCE epochs, then wait "
                    + "COOLDOWN epochs; never below MIN_LR (Keras's ReduceLROnPlateau; alone: its defaults "
                    + PlateauSpec.DEFAULT + "; not with --schedule).")
    String plateau;

    public OptimizerKind kind() {
        return OptimizerKind.byName(optimizer);
    }

    public double lr() {
        double v = lr != null ? lr : kind().trainingLr();
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new BadInputException("--lr must be a positive number, got " + v);
        }
        return v;
    }

    public Hyper hyper() {
        return new Hyper(momentum, beta1, beta2, eps, weightDecay, decay, rho, alpha);
    }

    public ScheduleSpec schedule() {
        return ScheduleSpec.parse(schedule);
    }

    /** The plateau cut, or null; a schedule would overwrite its cuts, so the two exclude each other. */
    public PlateauSpec plateau() {
        if (plateau == null) {
            return null;
        }
        PlateauSpec p = PlateauSpec.parse(plateau);
        if (!schedule().isConstant()) {
            throw new BadInputException("--plateau and --schedule " + schedule + " both set the learning rate "
                    + "(the schedule would overwrite the cuts); use one of them");
        }
        return p;
    }

    /** {@code regimen} with this optimizer's plateau cut. */
    public Regimen regimen(Regimen regimen) {
        return regimen.withPlateau(plateau());
    }
}
