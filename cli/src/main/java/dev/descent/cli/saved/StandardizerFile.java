package dev.descent.cli.saved;

import dev.descent.cli.BadInputException;
import dev.descent.core.Tensor;
import dev.descent.nn.io.SafeTensors;
import dev.descent.train.data.Standardizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The standardization a run applies to every example before its model, in a safetensors file of its own
 * ({@value #FILE_NAME}): two float32 vectors of one value per feature,
 * <pre>
 *   mean  F32 [D]    μ of each feature over the training set
 *   std   F32 [D]    σ of each feature (population, divisor N; 1 for a feature constant in training)
 * </pre>
 * and {@code x' = (x − mean) / std}, with the metadata {@code descent.preprocessing = "standardize"}. In PyTorch:
 * {@code p = load_file("preprocessing.safetensors"); model((x - p["mean"]) / p["std"])}.
 *
 * <p>The statistics live beside the model file, not in it, because {@code model.safetensors} holds exactly the
 * network's {@code state_dict}, which {@code load_state_dict} (strict) takes as it is; two extra tensors there would
 * be "unexpected keys" to PyTorch — and they are not part of the network, just as a scikit-learn scaler is not part
 * of the estimator after it.
 */
public final class StandardizerFile {

    /** The file's name in a run's directory. */
    public static final String FILE_NAME = "preprocessing.safetensors";
    static final String METADATA_KEY = "descent.preprocessing";
    static final String STANDARDIZE = "standardize";

    private StandardizerFile() {
    }

    /**
     * Writes {@code scaler}'s statistics to {@code file}, atomically.
     *
     * @throws IllegalArgumentException if a statistic is not a float32 value: the file would then not hold what the
     *                                  run applied
     */
    public static void write(Standardizer scaler, Path file) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("mean", float32("mean", scaler.mean()));
        tensors.put("std", float32("std", scaler.std()));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(METADATA_KEY, STANDARDIZE);
        meta.put("descent.formula", "x' = (x - mean) / std, per feature, before the model's first layer");
        SafeTensors.save(tensors, meta, file);
    }

    private static Tensor float32(String name, double[] values) {
        float[] f = new float[values.length];
        for (int j = 0; j < f.length; j++) {
            f[j] = (float) values[j];
            if (f[j] != values[j]) {
                throw new IllegalArgumentException("the " + name + " of feature " + j + " is " + values[j]
                        + ", not a float32 value; round the statistics before applying them");
            }
        }
        return Tensor.vector(f);
    }

    /**
     * The standardizer saved in {@code file}.
     *
     * @throws IOException       if the file cannot be read or is not a valid safetensors file
     * @throws BadInputException if it does not hold exactly a {@code mean} and a {@code std} vector of one length,
     *                           or a σ is not positive
     */
    public static Standardizer read(Path file) throws IOException {
        SafeTensors.Contents c = SafeTensors.load(file);
        String kind = c.metadata().get(METADATA_KEY);
        if (!STANDARDIZE.equals(kind)) {
            throw new BadInputException(file + ": " + (kind == null ? "no " + METADATA_KEY + " metadata"
                    : METADATA_KEY + " is '" + kind + "'") + "; this descent applies only '" + STANDARDIZE + "'");
        }
        Tensor mean = c.tensors().get("mean"), std = c.tensors().get("std");
        if (c.tensors().size() != 2 || mean == null || std == null || mean.rank() != 1
                || !mean.shape().equals(std.shape())) {
            StringBuilder found = new StringBuilder();
            c.tensors().forEach((k, v) -> found.append(found.length() == 0 ? "" : ", ").append(k).append(' ')
                    .append(v.shape()));
            throw new BadInputException(file + ": expected the vectors mean and std of one length, found "
                    + (found.length() == 0 ? "no tensors" : found));
        }
        try {
            return Standardizer.of(doubles(mean), doubles(std));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file + ": " + e.getMessage(), e);
        }
    }

    private static double[] doubles(Tensor t) {
        double[] d = new double[t.size()];
        for (int j = 0; j < d.length; j++) {
            d[j] = t.getFlat(j);
        }
        return d;
    }
}
