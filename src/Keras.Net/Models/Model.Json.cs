using System.Text.Json;
using KerasNet.Saving;

namespace KerasNet.Models;

// Keras's to_json: the architecture alone, as the model archive's config.json holds it without compile settings.
public partial class Model
{
    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    /// <summary>
    /// The model's architecture as JSON (<c>class_name</c>, <c>config</c>, and for a model built from data its input
    /// shapes): Keras's <c>to_json()</c>. No weights and no compile settings; <see cref="Keras.ModelFromJson"/> reads it.
    /// </summary>
    public string ToJson(bool indented = false) =>
        JsonSerializer.Serialize(ModelArchive.Architecture(this), indented ? IndentedJson : JsonSerializerOptions.Default);
}
