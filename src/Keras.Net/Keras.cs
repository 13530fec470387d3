using System.Text.Json;
using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Saving;
using KerasNet.Serialization;

namespace KerasNet;

/// <summary>Entry points of the functional API (Keras's <c>keras.Input</c>) and of <c>keras.models</c>' functions.</summary>
public static class Keras
{
    /// <summary>
    /// A symbolic input of <paramref name="shape"/> (without the batch axis), to build a functional model:
    /// <c>var x = Keras.Input(new long[] { 1, 28, 28 });</c>
    /// </summary>
    public static KerasTensor Input(long[] shape, ScalarType dtype = ScalarType.Float32, long? batchSize = null, string? name = null) =>
        new InputLayer(shape, dtype, batchSize, name).Output;

    /// <summary>A symbolic input of the given sizes.</summary>
    public static KerasTensor Input(params long[] shape) => Input(shape, ScalarType.Float32);

    /// <summary>Resets automatic layer names (as Keras's <c>clear_session</c>).</summary>
    public static void ClearSession() => LayerNames.Reset();

    /// <summary>
    /// A new model with <paramref name="model"/>'s architecture and new, freshly initialized weights (Keras's
    /// <c>clone_model</c>); copy the weights with <c>clone.SetWeights(model.GetWeights())</c>. Sequential and functional
    /// models clone as they are; a subclassed model needs its class registered (<see cref="KerasSerializableAttribute"/>).
    /// </summary>
    /// <exception cref="KerasSerializationException">The model's class is not registered, or its config does not recreate it.</exception>
    public static Model CloneModel(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return ModelArchive.FromArchitecture(ModelArchive.Architecture(model));
    }

    /// <summary>Recreates a model from <see cref="Model.ToJson"/>'s text (Keras's <c>model_from_json</c>), with new weights.</summary>
    /// <exception cref="KerasSerializationException">The text is not JSON, not an object, or not a model config.</exception>
    public static Model ModelFromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        Dictionary<string, object?> config;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new KerasSerializationException($"ModelFromJson expects a JSON object (as Model.ToJson writes); received a JSON {document.RootElement.ValueKind}.");
            config = KerasRegistry.AsDictionary(KerasRegistry.FromJson(document.RootElement));
        }
        catch (JsonException e)
        {
            throw new KerasSerializationException($"ModelFromJson received text that is not valid JSON: {e.Message}", e);
        }
        return ModelArchive.FromArchitecture(config);
    }
}
