package dev.descent.cli.experiment;

import dev.descent.optim.Optimizer;
import dev.descent.train.Callback;
import dev.descent.train.Training;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * The learning rate (and momentum or β₁, when the optimizer has one) of every optimizer step of a fit, as a callback:
 * a per-minibatch schedule's curve, which the per-epoch history samples once an epoch.
 *
 * <p>The rate a step used is read before it: at the start of the epoch for its first step, and after each step for
 * the next (a per-minibatch schedule moves after the step; a per-epoch one and a plateau cut after the epoch).
 */
public final class StepRates implements Callback {

    private double[] lr = new double[256];
    private double[] momentum = new double[256];
    private int[] epoch = new int[256];
    private int size;
    private int perEpoch = 1;
    private double nextLr;
    private double nextMomentum;

    @Override
    public void onEpochBegin(Training training, int e) {
        perEpoch = training.batchesPerEpoch();
        read(training.optimizer());
    }

    @Override
    public void onBatchEnd(Training training, int batch, double loss) {
        if (size == lr.length) {
            lr = Arrays.copyOf(lr, 2 * size);
            momentum = Arrays.copyOf(momentum, 2 * size);
            epoch = Arrays.copyOf(epoch, 2 * size);
        }
        lr[size] = nextLr;
        momentum[size] = nextMomentum;
        epoch[size] = training.epoch();
        size++;
        read(training.optimizer());
    }

    private void read(Optimizer<?> optimizer) {
        nextLr = optimizer.lrInForce(0);
        OptionalDouble m = optimizer.groups().get(0).options().cycledMomentum();
        nextMomentum = m.isPresent() ? m.getAsDouble() : Double.NaN;
    }

    /** Steps recorded. */
    public int size() {
        return size;
    }

    /** The learning rate of each step. */
    public double[] lr() {
        return Arrays.copyOf(lr, size);
    }

    /** The momentum (or β₁) of each step; NaN for an optimizer without one. */
    public double[] momentum() {
        return Arrays.copyOf(momentum, size);
    }

    /** Where each step ends, in epochs: step i (from 0) of a run of n steps per epoch ends at {@code (i + 1)/n}. */
    public double[] position() {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = (i + 1.0) / perEpoch;
        }
        return x;
    }

    /** {@code step,epoch,learning_rate,momentum}, steps and epochs from 1, momentum empty when there is none. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("step,epoch,learning_rate,momentum\n");
        for (int i = 0; i < size; i++) {
            sb.append(i + 1).append(',').append(epoch[i] + 1).append(',').append(lr[i]).append(',')
                    .append(Double.isNaN(momentum[i]) ? "" : Double.toString(momentum[i])).append('\n');
        }
        return sb.toString();
    }
}
