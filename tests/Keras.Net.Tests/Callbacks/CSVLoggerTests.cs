using KerasNet.Callbacks;
using KerasNet.Models;
using static KerasNet.Tests.Callbacks.CallbackTestSupport;

namespace KerasNet.Tests.Callbacks;

/// <summary>CSVLogger's exact file content: header, rows, values as Python prints them, append and quoting.</summary>
public class CSVLoggerTests
{
    [Fact]
    public void WritesAHeaderOfSortedKeysAndOneRowPerEpoch()
    {
        using var folder = new TempFolder();
        var path = folder.File("log.csv");
        var logger = new CSVLogger(path);
        logger.OnTrainBegin(Logs());
        logger.OnEpochEnd(0, Logs(("loss", 0.5), ("accuracy", 0.25), ("val_loss", 0.6931471805599453)));
        // Each row is in the file as soon as its epoch ends.
        Assert.Equal("epoch,accuracy,loss,val_loss\r\n0,0.25,0.5,0.6931471805599453\r\n", File.ReadAllText(path));
        logger.OnEpochEnd(1, Logs(("loss", 0.1), ("accuracy", 1e-05), ("val_loss", 100.0)));
        logger.OnTrainEnd(Logs());
        Assert.Equal("epoch,accuracy,loss,val_loss\r\n0,0.25,0.5,0.6931471805599453\r\n1,1e-05,0.1,100.0\r\n", File.ReadAllText(path));
    }

    [Fact]
    public void MissingValuesAreNAAndLaterKeysWidenTheHeader()
    {
        using var folder = new TempFolder();
        var path = folder.File("log.csv");
        var logger = new CSVLogger(path, separator: ";");
        logger.OnTrainBegin(Logs());
        logger.OnEpochEnd(0, Logs(("loss", 0.5)));
        logger.OnEpochEnd(1, Logs(("loss", double.NaN), ("val_loss", double.PositiveInfinity)));
        logger.OnEpochEnd(2, Logs(("val_loss", 0.75)));
        Assert.Equal("epoch;loss;val_loss\r\n0;0.5;NA\r\n1;nan;inf\r\n2;NA;0.75\r\n", File.ReadAllText(path));
    }

    [Fact]
    public void AppendAddsRowsWithoutASecondHeader()
    {
        using var folder = new TempFolder();
        var path = folder.File("log.csv");
        var first = new CSVLogger(path);
        first.OnTrainBegin(Logs());
        first.OnEpochEnd(0, Logs(("loss", 0.5)));
        first.OnTrainEnd(Logs());
        var resumed = new CSVLogger(path, append: true);
        resumed.OnTrainBegin(Logs());
        resumed.OnEpochEnd(1, Logs(("loss", 0.25)));
        Assert.Equal("epoch,loss\r\n0,0.5\r\n1,0.25\r\n", File.ReadAllText(path));

        var replaced = new CSVLogger(path);
        replaced.OnTrainBegin(Logs());
        replaced.OnEpochEnd(0, Logs(("loss", 2.0)));
        Assert.Equal("epoch,loss\r\n0,2.0\r\n", File.ReadAllText(path));
    }

    [Fact]
    public void AppendToAMissingFileWritesTheHeader()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "sub", "log.csv");
        var logger = new CSVLogger(path, append: true);
        logger.OnTrainBegin(Logs());
        logger.OnEpochEnd(0, Logs(("loss", 1.5)));
        Assert.Equal("epoch,loss\r\n0,1.5\r\n", File.ReadAllText(path));
    }

    [Fact]
    public void FieldsHoldingTheSeparatorAreQuoted()
    {
        using var folder = new TempFolder();
        var path = folder.File("log.csv");
        var logger = new CSVLogger(path);
        logger.OnTrainBegin(Logs());
        logger.OnEpochEnd(0, Logs(("a,b", 1.0), ("q\"x", 2.0)));
        Assert.Equal("epoch,\"a,b\",\"q\"\"x\"\r\n0,1.0,2.0\r\n", File.ReadAllText(path));
    }

    [Fact]
    public void FitLogsEveryEpochWithValidation()
    {
        using var folder = new TempFolder();
        var path = folder.File("fit.csv");
        using var model = CompiledModel();
        var (x, y) = RandomData();
        var history = model.Fit(x, y, batchSize: 16, epochs: 3, verbose: Verbosity.Silent, validationSplit: 0.25, callbacks: [new CSVLogger(path)]);
        var lines = File.ReadAllText(path).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("epoch,loss,val_loss", lines[0]);
        Assert.Equal(4, lines.Length);
        for (var epoch = 0; epoch < 3; epoch++)
        {
            var fields = lines[epoch + 1].Split(',');
            Assert.Equal(epoch.ToString(System.Globalization.CultureInfo.InvariantCulture), fields[0]);
            Assert.Equal(history["loss"][epoch], double.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(history["val_loss"][epoch], double.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
