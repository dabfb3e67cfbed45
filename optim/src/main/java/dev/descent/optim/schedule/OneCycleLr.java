package dev.descent.optim.schedule;

import dev.descent.optim.Check;

import java.util.OptionalDouble;

/**
 * The one-cycle policy (Smith and Topin, 2018): warm the rate up from {@code maxLr/divFactor} to {@code maxLr} over
 * the first {@code pctStart} of training, then anneal it to {@code maxLr/(divFactor·finalDivFactor)}; the momentum
 * (or Adam's β₁) moves the opposite way, from {@code maxMomentum} down to {@code baseMomentum} and back. Meant to be
 * stepped every iteration, for exactly {@code totalSteps} steps.
 * <pre>
 * phase 1, t ∈ [0, p·T − 1]:      lr  from lr_init to lr_max,   μ from μ_max to μ_base
 * phase 2, t ∈ [p·T − 1, T − 1]:  lr  from lr_max to lr_min,    μ from μ_base to μ_max
 * within a phase from step a to b, with x = (t − a)/(b − a):
 *   cos:    v = end + (start − end)·(1 + cos(π·x))/2
 *   linear: v = start + (end − start)·x
 * </pre>
 * With {@code threePhase} (fast.ai's original), phase 2 returns symmetrically to lr_init by step 2·p·T − 2 and a
 * third phase anneals to lr_min with μ held at μ_max. PyTorch's {@code OneCycleLR}, with its defaults; as there the
 * rate ignores the group's initial rate, and stepping past {@code totalSteps} is an error. At t = T — after the last
 * step, which no step uses — the rate stays at lr_min (and μ at its end value), where PyTorch extrapolates the last
 * phase: with a linear anneal, to a negative rate.
 *
 * @param maxLr          the peak learning rate
 * @param totalSteps     T, the number of steps in the cycle
 * @param pctStart       p in [0, 1], the fraction of the cycle spent warming up (default 0.3)
 * @param anneal         cosine (default) or linear interpolation
 * @param divFactor      lr_init = maxLr / divFactor (default 25)
 * @param finalDivFactor lr_min = lr_init / finalDivFactor (default 1e4)
 * @param threePhase     use the three-phase variant
 * @param cycleMomentum  cycle the momentum (default true; needs an optimizer with momentum or β₁)
 * @param baseMomentum   μ_base, the momentum at the peak rate (default 0.85)
 * @param maxMomentum    μ_max, the momentum at the ends (default 0.95)
 */
public record OneCycleLr(double maxLr, long totalSteps, double pctStart, Anneal anneal, double divFactor,
                         double finalDivFactor, boolean threePhase, boolean cycleMomentum, double baseMomentum,
                         double maxMomentum) implements MomentumSchedule {
    /** How a phase moves from its start value to its end value. */
    public enum Anneal { COS, LINEAR }

    public OneCycleLr {
        Check.nonNegative("OneCycleLr maxLr", maxLr);
        if (totalSteps < 1) {
            throw new IllegalArgumentException("OneCycleLr totalSteps must be ≥ 1, got " + totalSteps);
        }
        if (!(pctStart >= 0 && pctStart <= 1)) {
            throw new IllegalArgumentException("OneCycleLr pctStart must be in [0, 1], got " + pctStart);
        }
        if (anneal == null) {
            throw new IllegalArgumentException("OneCycleLr anneal must be COS or LINEAR, got null");
        }
        Check.positiveFinite("OneCycleLr divFactor", divFactor);
        Check.positiveFinite("OneCycleLr finalDivFactor", finalDivFactor);
        Check.unitInterval("OneCycleLr baseMomentum", baseMomentum);
        Check.unitInterval("OneCycleLr maxMomentum", maxMomentum);
    }

    /** PyTorch's defaults around a peak rate and a cycle length. */
    public static OneCycleLr of(double maxLr, long totalSteps) {
        return new OneCycleLr(maxLr, totalSteps, 0.3, Anneal.COS, 25, 1e4, false, true, 0.85, 0.95);
    }

    public OneCycleLr withPctStart(double pctStart) {
        return new OneCycleLr(maxLr, totalSteps, pctStart, anneal, divFactor, finalDivFactor, threePhase,
                cycleMomentum, baseMomentum, maxMomentum);
    }

    public OneCycleLr withAnneal(Anneal anneal) {
        return new OneCycleLr(maxLr, totalSteps, pctStart, anneal, divFactor, finalDivFactor, threePhase,
                cycleMomentum, baseMomentum, maxMomentum);
    }

    public OneCycleLr withDivFactors(double divFactor, double finalDivFactor) {
        return new OneCycleLr(maxLr, totalSteps, pctStart, anneal, divFactor, finalDivFactor, threePhase,
                cycleMomentum, baseMomentum, maxMomentum);
    }

    public OneCycleLr withThreePhase(boolean threePhase) {
        return new OneCycleLr(maxLr, totalSteps, pctStart, anneal, divFactor, finalDivFactor, threePhase,
                cycleMomentum, baseMomentum, maxMomentum);
    }

    /** Cycle the momentum between these two values. */
    public OneCycleLr withMomentum(double baseMomentum, double maxMomentum) {
        return new OneCycleLr(maxLr, totalSteps, pctStart, anneal, divFactor, finalDivFactor, threePhase, true,
                baseMomentum, maxMomentum);
    }

    /** Leave the optimizer's momentum alone. */
    public OneCycleLr withoutMomentumCycling() {
        return new OneCycleLr(maxLr, totalSteps, pctStart, anneal, divFactor, finalDivFactor, threePhase, false,
                baseMomentum, maxMomentum);
    }

    @Override
    public double lr(long t, double initialLr) {
        double lrInit = maxLr / divFactor;
        double lrMin = lrInit / finalDivFactor;
        return threePhase
                ? phases(t, lrInit, maxLr, maxLr, lrInit, lrInit, lrMin)
                : phases(t, lrInit, maxLr, maxLr, lrMin, 0, 0);
    }

    @Override
    public OptionalDouble momentum(long t) {
        if (!cycleMomentum) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(threePhase
                ? phases(t, maxMomentum, baseMomentum, baseMomentum, maxMomentum, maxMomentum, maxMomentum)
                : phases(t, maxMomentum, baseMomentum, baseMomentum, maxMomentum, 0, 0));
    }

    /** The value at step t of a curve through the phases' (start, end) pairs. */
    private double phases(long t, double start1, double end1, double start2, double end2, double start3,
                          double end3) {
        if (t < 0 || t > totalSteps) {
            throw new IllegalArgumentException("OneCycleLr: step " + t + " is outside the cycle of " + totalSteps
                    + " steps");
        }
        double phase1End = pctStart * totalSteps - 1;
        if (!threePhase) {
            return t <= phase1End
                    ? interpolate(start1, end1, t / phase1End)
                    : interpolate(start2, end2, lastPhase(t, phase1End));
        }
        double phase2End = 2 * pctStart * totalSteps - 2;
        if (t <= phase1End) {
            return interpolate(start1, end1, t / phase1End);
        }
        if (t <= phase2End) {
            return interpolate(start2, end2, (t - phase1End) / (phase2End - phase1End));
        }
        return interpolate(start3, end3, lastPhase(t, phase2End));
    }

    /**
     * x of the last phase, which ends at T − 1: at t = T, where the scheduler stands after the last step, it is held at
     * 1 rather than extrapolated as PyTorch does — a value no step uses, but a linear anneal extrapolated past lr_min
     * turns negative (and the momentum past μ_max), which no optimizer accepts.
     */
    private double lastPhase(long t, double phaseStart) {
        return Math.min(1, (t - phaseStart) / (totalSteps - 1 - phaseStart));
    }

    private double interpolate(double start, double end, double x) {
        return anneal == Anneal.COS
                ? end + (start - end) / 2.0 * (Math.cos(Math.PI * x) + 1)
                : (end - start) * x + start;
    }
}
