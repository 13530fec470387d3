
namespace KerasNet.Datasets;

/// <summary>The ((x, y) train, (x, y) test) tensors every <c>LoadData</c> returns.</summary>
internal static class TrainTestTensors
{
    /// <summary>Creates the four tensors in order; when one fails, those already made are disposed.</summary>
    internal static ((Tensor x, Tensor y) train, (Tensor x, Tensor y) test) Create(
        Func<Tensor> xTrain, Func<Tensor> yTrain, Func<Tensor> xTest, Func<Tensor> yTest)
    {
        var made = new List<Tensor>(4);
        try
        {
            foreach (var make in new[] { xTrain, yTrain, xTest, yTest }) made.Add(make());
            return ((made[0], made[1]), (made[2], made[3]));
        }
        catch
        {
            foreach (var tensor in made) tensor.Dispose();
            throw;
        }
    }
}
