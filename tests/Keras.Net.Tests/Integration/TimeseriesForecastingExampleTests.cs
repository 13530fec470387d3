using System.Globalization;
using System.Text.RegularExpressions;

namespace KerasNet.Tests.Integration;

/// <summary>
/// examples/TimeseriesForecasting, run briefly on its synthetic Jena-format file: the LSTM must learn (the training loss
/// falls) and forecast better than predicting the training mean (MSE 1 on normalized temperatures) and than persistence.
/// Measured with these arguments: training loss 1.0865 then 0.8160, validation MSE 0.6361 against persistence 1.6540.
/// </summary>
[Collection("Training")]
public class TimeseriesForecastingExampleTests
{
    [Fact]
    public async Task TheLstmLearnsToForecastTheSyntheticTemperature()
    {
        var output = await ExampleProcess.RunAsync("TimeseriesForecasting",
            "--synthetic-days 40 --past 144 --future 36 --epochs 2 --batch-size 128 --seed 7");
        Assert.Contains("Using datasets/jena_climate/jena_climate_synthetic_40d_7.csv: 40 days of synthetic records", output);
        Assert.Contains("5760 rows from 01.01.2009 00:10:00 to 10.02.2009 00:00:00", output);
        var losses = Regex.Matches(output, @"^Epoch (\d): training loss (\d+\.\d+), validation loss (\d+\.\d+)$", RegexOptions.Multiline)
            .Select(m => (Train: Parse(m.Groups[2].Value), Validation: Parse(m.Groups[3].Value))).ToArray();
        Assert.Equal(2, losses.Length);
        Assert.True(losses[1].Train < losses[0].Train, $"the training loss did not fall:\n{output}");
        var lstm = ExampleProcess.Number(output, "Validation MSE of the LSTM: ");
        var persistence = ExampleProcess.Number(output, "Validation MSE of persistence (the window's last temperature): ");
        Assert.True(Math.Abs(lstm - losses[1].Validation) <= 1e-3, $"Evaluate ({lstm}) differs from the last epoch's validation loss ({losses[1].Validation})");
        Assert.True(lstm < 0.8, $"the LSTM's validation MSE {lstm} is not below 0.8 (the training mean scores about 1):\n{output}");
        Assert.True(lstm < persistence, $"the LSTM's validation MSE {lstm} does not beat persistence ({persistence}):\n{output}");
    }

    [Fact]
    public async Task AMissingDataFileSaysWhereToGetTheJenaFileAndExitsWithTwo()
    {
        var (code, _, error) = await ExampleProcess.RunUncheckedAsync("TimeseriesForecasting", "--data no/such/jena.csv --past 100");
        Assert.Equal(2, code);
        Assert.Contains("timeseries-forecasting: --data: no file at 'no/such/jena.csv'.", error);
        Assert.Contains("https://storage.googleapis.com/tensorflow/tf-keras-datasets/jena_climate_2009_2016.csv.zip", error);
        Assert.Contains("--past must be a multiple of 6 (one sample per hour); received 100.", error);
    }

    [Fact]
    public async Task AFileNotInTheJenaFormatIsRefusedWithItsLine()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kerasnet-jena-{Guid.NewGuid():N}.csv");
        var header = "\"Date Time\",\"p (mbar)\",\"T (degC)\",\"Tpot (K)\",\"Tdew (degC)\",\"rh (%)\",\"VPmax (mbar)\",\"VPact (mbar)\"," +
                     "\"VPdef (mbar)\",\"sh (g/kg)\",\"H2OC (mmol/mol)\",\"rho (g/m**3)\",\"wv (m/s)\",\"max. wv (m/s)\",\"wd (deg)\"";
        File.WriteAllText(path, header + "\n01.01.2009 00:10:00,996.52,-8.02,265.40,-8.90,93.30,3.33,3.11,0.22,1.94,3.12,1307.75,1.03,1.75,152.30\n" +
                                "2009-01-01 00:20,996.57,-8.41,265.01,-9.28,93.40,3.23,3.02,0.21,1.89,3.03,1309.80,0.72,1.50,136.10\n");
        try
        {
            var (code, _, error) = await ExampleProcess.RunUncheckedAsync("TimeseriesForecasting", $"--data \"{path}\"");
            Assert.Equal(2, code);
            Assert.Contains($"timeseries-forecasting: {path}, line 3: expected a date (dd.MM.yyyy HH:mm:ss) and 14 numbers; received '2009-01-01 00:20,", error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task HelpListsTheOptions()
    {
        var output = await ExampleProcess.RunAsync("TimeseriesForecasting", "--help");
        Assert.Contains("Usage: ./build.sh example timeseries-forecasting [options]", output);
        Assert.Contains("--data PATH", output);
    }

    private static double Parse(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
