package dev.descent.train;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;
import dev.descent.nn.Module;
import dev.descent.optim.Optimizer;
import dev.descent.train.data.Batch;
import dev.descent.train.data.DataLoader;
import dev.descent.train.data.Dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The learning-rate range test: train for a few hundred minibatches while the learning rate grows exponentially,
 * record the loss of every batch, and read a good rate off the curve of loss against log lr — where it falls
 * fastest, well before it blows up. Leslie N. Smith, "Cyclical Learning Rates for Training Neural Networks"
 * (WACV 2017, arXiv:1506.01186), section 3.3; as fastai's {@code Learner.lr_find} and the {@code torch-lr-finder}
 * package run it.
 *
 * <pre>{@code
 * Trainer trainer = new Trainer(model, new CrossEntropyLoss(), adam).batchSize(64).seed(1);
 * LrCurve curve = new LrFinder(trainer).startLr(1e-7).endLr(10).steps(100).find(data.train());
 * double lr = curve.steep().lr();          // or curve.minimum().lr()
 * Files.writeString(Path.of("lr-find.csv"), curve.toCsv());
 * trainer.optimizer().setLr(lr);           // the model is as it was: train it now
 * }</pre>
 *
 * <p><b>Step i</b> of n (i = 0 … n−1) sets every parameter group's rate to
 * <pre>
 * lrᵢ = start · (end / start)^(i / (n − 1))
 * </pre>
 * (lr₀ = start, lrₙ₋₁ = end, each rate the previous times (end/start)^(1/(n−1))), then trains one batch as the
 * {@link Trainer} does — {@code zeroGrad}, forward in training mode, loss, backward, the trainer's gradient clipping,
 * the optimizer's step — and records lrᵢ, the batch loss lossᵢ (before the step) and the smoothed loss
 * <pre>
 * avgᵢ = β·avgᵢ₋₁ + (1 − β)·lossᵢ,  avg₋₁ = 0,  β = 0.98
 * smoothedᵢ = avgᵢ / (1 − β^(i+1))
 * </pre>
 * ({@link SmoothedLoss}). Batches come from the trainer's loader (its batch size, seed, shuffling, sampler and
 * dropLast), epoch after epoch as often as n needs. Its schedules and callbacks take no part.
 *
 * <p><b>It stops early</b> (fastai's {@code stop_div}) once smoothedᵢ &gt; divergeFactor · min_{j≤i} smoothedⱼ
 * (default factor 4), or at a non-finite batch loss, which is recorded but never stepped on; the reason is in
 * {@link LrCurve#stopReason()}.
 *
 * <p><b>Nothing is changed.</b> However it ends — normally, early or by an exception — the model's parameters and
 * buffers (BatchNorm's running statistics), the optimizer's state (moments, momentum buffers, step counts) and every
 * group's hyper-parameters and rates, the Dropout generators, the parameters' gradients and the training mode are
 * put back bit for bit as they were: the test can run just before {@link Trainer#fit}, which then trains exactly as
 * without it.
 *
 * <p><b>Suggestions</b> ({@link LrSuggestion}, on the smoothed curve as fastai reads it, see {@link LrCurve}):
 * {@code steep}, the lr at the most negative (smoothedⱼ₊₁ − smoothedⱼ) / (ln lrⱼ₊₁ − ln lrⱼ); and
 * {@code minimum/10}, the lr at the lowest smoothed loss divided by 10. Neither is a law: look at the curve.
 */
public final class LrFinder {
    private final Trainer trainer;
    private double startLr = 1e-7;
    private double endLr = 10;
    private int steps = 100;
    private double divergeFactor = 4;

    /** A range test of {@code trainer}'s model, loss, optimizer and loader settings (fastai's defaults). */
    public LrFinder(Trainer trainer) {
        this.trainer = Objects.requireNonNull(trainer, "trainer");
    }

    /** The first rate (default 1e-7, fastai's): finite and &gt; 0. */
    public LrFinder startLr(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("start learning rate must be finite and > 0, got " + lr);
        }
        this.startLr = lr;
        return this;
    }

    /** The last rate (default 10, fastai's): finite and above the start (checked when the test runs). */
    public LrFinder endLr(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("end learning rate must be finite and > 0, got " + lr);
        }
        this.endLr = lr;
        return this;
    }

    /** The number of steps n, the points of the curve if it does not stop early (default 100, fastai's): ≥ 2. */
    public LrFinder steps(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("a range test needs at least 2 steps, got " + n);
        }
        this.steps = n;
        return this;
    }

    /**
     * Stop once the smoothed loss exceeds {@code factor} times its lowest value so far (default 4, fastai's);
     * {@code Double.POSITIVE_INFINITY} runs every step unless a loss becomes non-finite. Must be &gt; 1.
     */
    public LrFinder divergeFactor(double factor) {
        if (!(factor > 1)) {
            throw new IllegalArgumentException("divergence factor must be > 1, got " + factor);
        }
        this.divergeFactor = factor;
        return this;
    }

    /** The rate of step {@code i}: start · (end/start)^(i/(n−1)). */
    public double lr(int i) {
        if (i < 0 || i >= steps) {
            throw new IllegalArgumentException("step " + i + " outside 0 … " + (steps - 1));
        }
        return startLr * Math.pow(endLr / startLr, (double) i / (steps - 1));
    }

    /**
     * Runs the test on {@code train} and puts everything back.
     *
     * @throws IllegalArgumentException if the end rate is not above the start, or the data does not fit the model
     *                                  or the loss (before any step)
     */
    public LrCurve find(Dataset train) {
        Objects.requireNonNull(train, "train");
        if (!(endLr > startLr)) {
            throw new IllegalArgumentException("the end learning rate " + endLr + " must be above the start "
                    + startLr);
        }
        trainer.checkData(train, null);
        DataLoader loader = trainer.loader(train);
        if (loader.batchCount() == 0) {
            throw new IllegalArgumentException("the training data gives no batch (" + train.size()
                    + " examples in batches of " + loader.batchSize() + ", dropping the last)");
        }
        Module model = trainer.model();
        boolean wasTraining = model.isTraining();
        List<Variable> params = model.parameters();
        List<Tensor> grads = new ArrayList<>();
        params.forEach(p -> grads.add(p.grad())); // each step starts from null, so these tensors stay untouched
        TrainingSnapshot before = new TrainingSnapshot(model, trainer.optimizer());
        try {
            return run(loader);
        } finally {
            before.putBack();
            for (int i = 0; i < params.size(); i++) {
                params.get(i).setGrad(grads.get(i));
            }
            model.train(wasTraining);
        }
    }

    private LrCurve run(DataLoader loader) {
        Module model = trainer.model();
        Optimizer<?> optimizer = trainer.optimizer();
        double[] lrs = new double[steps], losses = new double[steps], smoothed = new double[steps];
        SmoothedLoss average = new SmoothedLoss(SmoothedLoss.FASTAI_BETA);
        double lowest = Double.POSITIVE_INFINITY;
        String stop = null;
        int i = 0;
        model.train();
        for (int epoch = 0; i < steps && stop == null; epoch++) {
            for (Batch batch : loader.epoch(epoch)) {
                lrs[i] = lr(i);
                optimizer.setLr(lrs[i]);
                optimizer.zeroGrad();
                Variable loss = trainer.loss().forward(model.forward(batch.features()), batch.targets());
                losses[i] = loss.item();
                smoothed[i] = average.add(losses[i]);
                if (!Double.isFinite(losses[i])) {
                    stop = "the loss became " + losses[i] + at(i);
                } else {
                    lowest = Math.min(lowest, smoothed[i]);
                    if (smoothed[i] > divergeFactor * lowest) {
                        stop = String.format(Locale.ROOT, "the smoothed loss %.4g exceeded %s × its lowest, %.4g,",
                                smoothed[i], divergeFactor, lowest) + at(i);
                    } else {
                        trainer.backwardAndStep(loss);
                    }
                }
                i++;
                if (i == steps || stop != null) {
                    break;
                }
            }
        }
        int n = i;
        return new LrCurve(Arrays.copyOf(lrs, n), Arrays.copyOf(losses, n),
                Arrays.copyOf(smoothed, n), steps, stop);
    }

    private String at(int i) {
        return String.format(Locale.ROOT, " at step %d of %d (learning rate %.4g)", i + 1, steps, lr(i));
    }
}
