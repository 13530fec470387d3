// keras.io's "Timeseries forecasting for weather prediction", in C#: ./build.sh example timeseries-forecasting [--help].
// An LSTM reads five days of hourly weather (7 of the Jena climate station's 14 features) and predicts the
// temperature 12 hours later. Without the Jena file (--data, or datasets/jena_climate/), the example writes and uses a
// synthetic file in the same CSV format (JenaClimate.cs says how it is made).
using KerasNet;
using KerasNet.Callbacks;
using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

var options = Options.Parse(args);
torch.manual_seed(options.Seed);

// The climate recordings: one row every 10 minutes.
var df = JenaClimate.ReadCsvOrExit(JenaClimate.Locate(options.Data, options.SyntheticDays, options.Seed));
Console.WriteLine($"{df.Rows} rows from {df.DateTime[0]} to {df.DateTime[^1]}; columns: {string.Join(", ", df.Columns)}");

var splitFraction = 0.715;
var trainSplit = (int)(splitFraction * df.Rows);
var step = 6;              // one observation per hour
var past = options.Past;   // 720 steps: 5 days of history
var future = options.Future; // 72 steps: predict 12 hours ahead
var learningRate = 0.001;
var batchSize = options.BatchSize;
var epochs = options.Epochs;

// Pressure, Temperature, Saturation vapor pressure, Vapor pressure deficit, Specific humidity, Airtight, Wind speed.
string[] selected = ["p (mbar)", "T (degC)", "VPmax (mbar)", "VPdef (mbar)", "sh (g/kg)", "rho (g/m**3)", "wv (m/s)"];
Console.WriteLine($"The selected parameters are: {string.Join(", ", selected)}");
var features = df.Select(selected);

// Normalize each feature with the mean and (population) standard deviation of the training split only.
var (mean, std) = (features[..trainSplit].mean([0]), features[..trainSplit].std([0], unbiased: false));
features = (features - mean) / std;
var trainData = features[..trainSplit];
var valData = features[trainSplit..];

// Training: a window of `past` steps sampled every `step`, labelled with the temperature `future` steps after it.
var start = past + future;
var end = start + trainSplit;
var xTrain = trainData;
var yTrain = features[start..(int)Math.Min(end, df.Rows), 1..2];
var sequenceLength = past / step;
var datasetTrain = Utils.TimeseriesDatasetFromArray(xTrain, yTrain, sequenceLength: sequenceLength, samplingRate: step,
    batchSize: batchSize);

// Validation: the same windows over the last 28.5% of the rows.
var xEnd = valData.size(0) - past - future;
var labelStart = trainSplit + past + future;
var xVal = valData[..(int)xEnd];
var yVal = features[labelStart.., 1..2];
var datasetVal = Utils.TimeseriesDatasetFromArray(xVal, yVal, sequenceLength: sequenceLength, samplingRate: step, batchSize: batchSize);

var inputs = Keras.Input(sequenceLength, selected.Length);
var lstmOut = new LSTM(32).Apply(inputs);
var outputs = new Dense(1).Apply(lstmOut);
var model = new Model(inputs, outputs);
model.Compile(optimizer: new Adam(learningRate: learningRate), loss: "mse");
model.PrintSummary();

var esCallback = new EarlyStopping(monitor: "val_loss", minDelta: 0, patience: 5);
var history = model.Fit(datasetTrain, epochs: epochs, validationData: datasetVal, callbacks: [esCallback]);

var loss = history["loss"];
var valLoss = history["val_loss"];
for (var epoch = 0; epoch < loss.Count; epoch++)
    Console.WriteLine($"Epoch {epoch + 1}: training loss {loss[epoch]:F4}, validation loss {valLoss[epoch]:F4}");

// Keras's example then plots a few predictions; here they are printed in degrees Celsius, beside two baselines: the
// last temperature of the window (persistence), whose validation MSE the LSTM should beat, and the training mean (MSE ~1).
var (temperatureMean, temperatureStd) = (mean[1].ToDouble(), std[1].ToDouble());
var (persistence, shown) = (0.0, 0);
long windows = 0;
foreach (var batch in datasetVal.GetBatches(0))
{
    using var scope = torch.NewDisposeScope();
    var (x, y) = (batch.X[0], batch.Y[0]);
    persistence += (x[.., -1, 1..2] - y).square().sum().ToDouble();
    windows += x.size(0);
    for (var i = 0; shown < 5 && i < x.size(0); i += 97, shown++)
    {
        var prediction = model.Predict(x[i..(i + 1)], verbose: Verbosity.Silent)[0, 0].ToDouble();
        Console.WriteLine($"History ends at {x[i, -1, 1].ToDouble() * temperatureStd + temperatureMean,6:F2} degC; " +
                          $"true future {y[i, 0].ToDouble() * temperatureStd + temperatureMean,6:F2} degC; model prediction {prediction * temperatureStd + temperatureMean,6:F2} degC");
    }
}
Console.WriteLine($"Validation MSE of persistence (the window's last temperature): {persistence / windows:F4}");
Console.WriteLine($"Validation MSE of the LSTM: {model.Evaluate(datasetVal, verbose: Verbosity.Silent):F4}");

internal sealed record Options(string? Data, int SyntheticDays, int Epochs, int BatchSize, int Past, int Future, long Seed)
{
    public static Options Parse(string[] args) => CommandLine.Parse("timeseries-forecasting",
        "Forecasts the temperature 12 hours ahead from 5 days of Jena climate records with an LSTM.", args, line =>
        {
            var options = new Options(
                Data: line.OptionalText("--data", "the Jena climate CSV (jena_climate_2009_2016.csv)",
                    $"{JenaClimate.DefaultPath} if present, else a synthetic file in the same format", "PATH"),
                SyntheticDays: line.Int("--synthetic-days", 180, "days of records in the synthetic file (used without the Jena file)", min: 30),
                Epochs: line.Int("--epochs", 10, "passes over the training windows"),
                BatchSize: line.Int("--batch-size", 256, "windows per training step"),
                Past: line.Int("--past", 720, "steps of history per window (10 minutes each; a multiple of 6)", min: 6),
                Future: line.Int("--future", 72, "steps between the end of the history and the predicted temperature", min: 1),
                Seed: line.Long("--seed", 1337, "seed of the initial weights and of the synthetic file"));
            line.Require(options.Past % 6 == 0, $"--past must be a multiple of 6 (one sample per hour); received {options.Past}.");
            line.Require(options.Data is null || File.Exists(options.Data),
                $"--data: no file at '{options.Data}'. {JenaClimate.WhereToGetIt}");
            return options;
        });
}
