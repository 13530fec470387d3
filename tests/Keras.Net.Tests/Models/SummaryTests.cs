using KerasNet.Layers;
using KerasNet.Models;

namespace KerasNet.Tests.ModelsTests;

/// <summary>Model.Summary() in Keras 3's table format, compared as exact text.</summary>
public class SummaryTests
{
    [Fact]
    public void SequentialTable()
    {
        using var model = new Sequential(new Layer[] { Keras.Input(4), new Dense(8, name: "hidden"), new Dense(3, name: "out") }, name: "seq_summary");
        const string expected = """
            Model: "seq_summary"
            ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
            ┃ Layer (type)                  ┃ Output Shape           ┃       Param # ┃
            ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
            │ hidden (Dense)                │ (None, 8)              │            40 │
            ├───────────────────────────────┼────────────────────────┼───────────────┤
            │ out (Dense)                   │ (None, 3)              │            27 │
            └───────────────────────────────┴────────────────────────┴───────────────┘
             Total params: 67 (268.00 B)
             Trainable params: 67 (268.00 B)
             Non-trainable params: 0 (0.00 B)

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), model.Summary());
    }

    [Fact]
    public void GraphThatIsNotAChainShowsConnections()
    {
        var features = Keras.Input(new long[] { 4 }, name: "features");
        var sum = new Add(name: "sum").Apply(new Dense(8, name: "a").Apply(features), new Dense(8, name: "b").Apply(features));
        using var model = new Model(features, new Dense(2, name: "head").Apply(sum), name: "graph_summary");
        const string expected = """
            Model: "graph_summary"
            ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
            ┃ Layer (type)                  ┃ Output Shape           ┃       Param # ┃ Connected to              ┃
            ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━┩
            │ features (InputLayer)         │ (None, 4)              │             0 │ -                         │
            ├───────────────────────────────┼────────────────────────┼───────────────┼───────────────────────────┤
            │ a (Dense)                     │ (None, 8)              │            40 │ features[0][0]            │
            ├───────────────────────────────┼────────────────────────┼───────────────┼───────────────────────────┤
            │ b (Dense)                     │ (None, 8)              │            40 │ features[0][0]            │
            ├───────────────────────────────┼────────────────────────┼───────────────┼───────────────────────────┤
            │ sum (Add)                     │ (None, 8)              │             0 │ a[0][0], b[0][0]          │
            ├───────────────────────────────┼────────────────────────┼───────────────┼───────────────────────────┤
            │ head (Dense)                  │ (None, 2)              │            18 │ sum[0][0]                 │
            └───────────────────────────────┴────────────────────────┴───────────────┴───────────────────────────┘
             Total params: 98 (392.00 B)
             Trainable params: 98 (392.00 B)
             Non-trainable params: 0 (0.00 B)

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), model.Summary());
    }

    [Fact]
    public void ChainGraphHasNoConnectedToColumn()
    {
        var input = Keras.Input(new long[] { 4 }, name: "chain_in");
        using var model = new Model(input, new Dense(2, name: "chain_dense").Apply(input), name: "chain");
        var summary = model.Summary();
        Assert.DoesNotContain("Connected to", summary);
        Assert.Contains("│ chain_in (InputLayer)         │ (None, 4)              │             0 │", summary);
        Assert.Contains("│ chain_dense (Dense)           │ (None, 2)              │            10 │", summary);
    }

    [Fact]
    public void TotalsCountFrozenWeightsAndOptimizerState()
    {
        using var scope = torch.NewDisposeScope();
        // BatchNormalization on 3 features: gamma, beta trainable (6), moving mean and variance not (6).
        using var model = new Sequential(new Layer[] { Keras.Input(3), new BatchNormalization(name: "bn"), new Dense(2, name: "d") }, name: "totals");
        Assert.Contains(" Total params: 20 (80.00 B)\n Trainable params: 14 (56.00 B)\n Non-trainable params: 6 (24.00 B)\n", model.Summary());
        model.Compile("adam", "mse");
        model.TrainOnBatch(TestData.Randn(1, 4, 3), TestData.Randn(2, 4, 2));
        // Adam keeps two moments per trainable scalar.
        Assert.EndsWith(" Total params: 48 (192.00 B)\n Trainable params: 14 (56.00 B)\n Non-trainable params: 6 (24.00 B)\n Optimizer params: 28 (112.00 B)\n", model.Summary());
    }

    [Fact]
    public void LargeCountsUseThousandsSeparatorsAndKilobytes()
    {
        using var model = new Sequential(new Layer[] { Keras.Input(1, 28, 28), new Conv2D(32, 3, name: "c"), new Flatten(name: "f"), new Dense(10, name: "d") }, name: "big");
        var summary = model.Summary();
        Assert.Contains("│ c (Conv2D)                    │ (None, 32, 26, 26)     │           320 │", summary);
        Assert.Contains("│ f (Flatten)                   │ (None, 21632)          │             0 │", summary);
        Assert.Contains("│ d (Dense)                     │ (None, 10)             │       216,330 │", summary);
        Assert.Contains(" Total params: 216,650 (846.29 KB)", summary);
    }

    [Fact]
    public void UnbuiltSequentialSaysSo()
    {
        using var model = new Sequential(new Layer[] { new Dense(2, name: "lazy") }, name: "unbuilt");
        Assert.Contains("│ lazy (Dense)                  │ ?                      │   0 (unbuilt) │", model.Summary());
    }
}
