package dev.descent.cli.saved;

import dev.descent.cli.BadInputException;
import dev.descent.cli.io.Fingerprint;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;
import dev.descent.nn.Module;
import dev.descent.nn.StateCheck;
import dev.descent.nn.io.SafeTensors;
import dev.descent.optim.Sgd;
import dev.descent.train.Trainer;
import dev.descent.train.data.Dataset;
import dev.descent.train.data.Standardizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run that {@code descent train} wrote, read back for use: its {@link RunRecord}, its network rebuilt with the
 * trained weights (strictly: every tensor present, none extra, every shape right) and put in evaluation mode
 * (dropout off, batch normalization on its running statistics), and the standardization it was trained with.
 *
 * <p>A run's directory holds {@value #MODEL_FILE} — exactly the network's {@code state_dict}, with the record as
 * metadata — and {@value StandardizerFile#FILE_NAME} beside it. Every problem (a missing or damaged file, a record
 * that does not parse, weights of another architecture, a preprocessing file of another run) is a one-line
 * {@link BadInputException} or {@link IOException} naming the file.
 */
public final class SavedRun {

    /** The model file's name in a run's directory. */
    public static final String MODEL_FILE = "model.safetensors";

    private final Path modelFile;
    private final Map<String, String> metadata;
    private final RunRecord record;
    private final Module model;
    private final Standardizer scaler;

    private SavedRun(Path modelFile, Map<String, String> metadata, RunRecord record, Module model,
                     Standardizer scaler) {
        this.modelFile = modelFile;
        this.metadata = metadata;
        this.record = record;
        this.model = model;
        this.scaler = scaler;
    }

    /**
     * Writes a run: {@code scaler}'s statistics to the preprocessing file beside {@code modelFile}, then
     * {@code model}'s state to {@code modelFile} with {@code metadata} and the {@code record} (naming that
     * preprocessing file and its SHA-256). Each file is written atomically.
     */
    public static void save(Path modelFile, Module model, RunRecord record, Standardizer scaler,
                            Map<String, String> metadata) throws IOException {
        Path preprocessing = modelFile.resolveSibling(StandardizerFile.FILE_NAME);
        StandardizerFile.write(scaler, preprocessing);
        RunRecord complete = record.with(new RunRecord.PreprocessingFile(StandardizerFile.FILE_NAME,
                Fingerprint.sha256(preprocessing)));
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put(RunRecord.METADATA_KEY, complete.toJson());
        SafeTensors.save(model, meta, modelFile);
    }

    /**
     * The run in the directory {@code run} (or the model file {@code run}), with the weights of {@code weights}
     * instead of the model file's when not null (e.g. a checkpoint, or the state_dict fine-tuned in PyTorch).
     */
    public static SavedRun load(Path run, Path weights) throws IOException {
        Path modelFile = modelFile(run);
        SafeTensors.Header header = SafeTensors.readHeader(modelFile);
        String json = header.metadata().get(RunRecord.METADATA_KEY);
        if (json == null) {
            throw new BadInputException(modelFile + " has no " + RunRecord.METADATA_KEY + " metadata, so its network "
                    + "cannot be rebuilt: it was not written by descent train (or by one older than descent "
                    + "evaluate; train it again)");
        }
        RunRecord record = RunRecord.parse(json, modelFile.toString());
        Standardizer scaler = preprocessing(modelFile, record);
        Module model = record.build();
        Path weightFile = weights == null ? modelFile : weights;
        SafeTensors.Header weightHeader = weights == null ? header : SafeTensors.readHeader(weights);
        Map<String, Shape> shapes = new LinkedHashMap<>();
        weightHeader.entries().forEach(e -> shapes.put(e.name(), e.shape()));
        List<String> problems = StateCheck.problems(model.stateEntries(), shapes, true);
        if (!problems.isEmpty()) {
            throw new BadInputException(weightFile + ": not the weights of the network " + modelFile.getFileName()
                    + " describes (" + record.describe() + "): " + String.join("; ", problems));
        }
        SafeTensors.load(model, weightFile);
        model.eval();
        return new SavedRun(modelFile, header.metadata(), record, model, scaler);
    }

    private static Path modelFile(Path run) {
        if (Files.isDirectory(run)) {
            Path file = run.resolve(MODEL_FILE);
            if (!Files.isRegularFile(file)) {
                throw new BadInputException(run + " has no " + MODEL_FILE + "; give the directory descent train "
                        + "wrote, or its model file");
            }
            return file;
        }
        if (!Files.isRegularFile(run)) {
            throw new BadInputException("no such run directory or model file: " + run);
        }
        return run;
    }

    private static Standardizer preprocessing(Path modelFile, RunRecord record) throws IOException {
        if (record.preprocessing() == null) {
            throw new BadInputException(modelFile + ": " + RunRecord.METADATA_KEY + " names no preprocessing file");
        }
        Path file = modelFile.resolveSibling(record.preprocessing().file());
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + " is missing: it holds the standardization " + modelFile.getFileName()
                    + " was trained with, without which its weights are meaningless on raw data");
        }
        if (!Fingerprint.sha256(file).equals(record.preprocessing().sha256())) {
            throw new BadInputException(file + " is not the preprocessing file " + modelFile.getFileName()
                    + " was written with (its SHA-256 differs): it belongs to another run, or was changed");
        }
        Standardizer scaler = StandardizerFile.read(file);
        if (scaler.featureCount() != record.inputs()) {
            throw new BadInputException(file + " standardizes " + scaler.featureCount() + " features but the model "
                    + "takes " + record.inputs());
        }
        return scaler;
    }

    /** The model file read. */
    public Path modelFile() {
        return modelFile;
    }

    /** The model file's metadata (the command that trained it, its test accuracy, …). */
    public Map<String, String> metadata() {
        return metadata;
    }

    public RunRecord record() {
        return record;
    }

    /** The network with the trained weights, in evaluation mode. */
    public Module model() {
        return model;
    }

    /** The standardization the network expects its inputs to have had. */
    public Standardizer scaler() {
        return scaler;
    }

    /**
     * {@code data} standardized as in training, after checking that it has the model's feature count.
     *
     * @param what names the data in the error message
     */
    public Dataset standardize(Dataset data, String what) {
        return data.withFeatures(standardize(data.features(), what));
    }

    /** {@code features} ({@code [N, D]}) standardized as in training, after checking D. */
    public Tensor standardize(Tensor features, String what) {
        int d = features.rank() < 2 ? -1 : features.shape().innerSize(0);
        if (d != record.inputs()) {
            throw new BadInputException(what + " has " + d + " features per example but the model takes "
                    + record.inputs());
        }
        return scaler.transform(features);
    }

    /**
     * A trainer that evaluates and predicts as {@code descent train}'s did on its test set: the run's loss, the
     * trainer's default evaluation batches (the same sums in the same order), evaluation mode, no graph. It never
     * trains; its optimizer is there because a trainer has one.
     */
    public Trainer evaluator() {
        return new Trainer(model, record.loss(model), new Sgd(model.parameters(), Sgd.defaults()))
                .verbosity(Trainer.Verbosity.SILENT);
    }
}
