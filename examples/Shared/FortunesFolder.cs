// Compiled into the text examples (LstmText, TransformerText, CharRnn): where the fortunes data set is.
internal static class FortunesFolder
{
    /// <summary>datasets/fortunes in the repository, found by walking up from the current folder and from the program's folder.</summary>
    public static string Find()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (Directory.Exists(Path.Combine(dir.FullName, "datasets", "fortunes")))
                    return Path.Combine(dir.FullName, "datasets", "fortunes");
        return Path.Combine("datasets", "fortunes");
    }

    /// <summary>The text examples' --data option: <see cref="Find"/> by default; an error, saying how to build the data set, when it holds no train folder.</summary>
    public static string Option(CommandLine line)
    {
        var data = line.Text("--data", Find(), "the fortunes data set: train/ and test/ folders of quotations by category", "DIR");
        line.Require(Directory.Exists(Path.Combine(data, "train")),
            $"--data: {data}/train does not exist. Build the fortunes data set first: datasets/fortunes-to-folders.py " +
            $"(needs Debian's 'fortunes' package; ./build.sh example {line.Example} does both).");
        return data;
    }
}
